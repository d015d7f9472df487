import Foundation

/// Who may read a case story: the deal's team (its members and leaders), or everybody in the
/// organisation. Admins and the author always can.
public enum StoryVisibility: String, CaseIterable, Sendable, Codable {
    case team, organisation

    public var label: L10nKey {
        switch self {
        case .team: .storyVisibilityTeam
        case .organisation: .storyVisibilityOrganisation
        }
    }
}

/// How the case ended when the story was written: a story is worth telling whether the deal was won,
/// lost with a lesson, or got moving again while still open.
public enum StoryOutcome: String, CaseIterable, Sendable, Codable {
    case won, lost, unstuck

    public var label: L10nKey {
        switch self {
        case .won: .storyOutcomeWon
        case .lost: .storyOutcomeLost
        case .unstuck: .storyOutcomeUnstuck
        }
    }
}

/// The size of a deal without its amount: a story that hides the exact figure still says whether it
/// was a small deal or a large one, and similar cases are matched on it.
public enum SizeBand: String, CaseIterable, Sendable, Codable, Comparable {
    case small, medium, large, enterprise

    public var label: L10nKey {
        switch self {
        case .small: .sizeBandSmall
        case .medium: .sizeBandMedium
        case .large: .sizeBandLarge
        case .enterprise: .sizeBandEnterprise
        }
    }

    /// The band's limits in whole units of `currency`: under the first limit is small, from the last on
    /// enterprise. Kroner and krona bands are ten times the euro and dollar ones, so a 500 000 kr deal
    /// and a 50 000 € deal land in the same band; other currencies use the euro limits.
    public static func limits(currency: String) -> [Int64] {
        ["NOK", "SEK", "DKK", "ISK"].contains(currency.uppercased())
            ? [100_000, 1_000_000, 10_000_000] : [10_000, 100_000, 1_000_000]
    }

    /// The band of an amount in minor units (øre, cents).
    public init(amountMinor: Int64, currency: String) {
        let whole = amountMinor / 100
        let limits = Self.limits(currency: currency)
        self = whole < limits[0] ? .small : whole < limits[1] ? .medium : whole < limits[2] ? .large : .enterprise
    }

    /// The band's range in whole units: lower bound (nil for small) and upper bound (nil for enterprise).
    public func range(currency: String) -> (from: Int64?, below: Int64?) {
        let limits = Self.limits(currency: currency)
        switch self {
        case .small: return (nil, limits[0])
        case .medium: return (limits[0], limits[1])
        case .large: return (limits[1], limits[2])
        case .enterprise: return (limits[2], nil)
        }
    }

    public static func < (lhs: SizeBand, rhs: SizeBand) -> Bool {
        allCases.firstIndex(of: lhs)! < allCases.firstIndex(of: rhs)!
    }
}

/// What a case story says: the parts a person writes.
public struct CaseStoryText: Sendable, Equatable {
    public var title: String
    /// The customer's situation and problem.
    public var situation: String
    /// What stood in the way.
    public var obstacles: String
    /// The options considered (plan A, plan B…).
    public var options: String
    /// What was done.
    public var actions: String
    /// How it ended and what it brought.
    public var result: String

    public init(
        title: String, situation: String, obstacles: String = "", options: String = "", actions: String,
        result: String
    ) {
        self.title = title
        self.situation = situation
        self.obstacles = obstacles
        self.options = options
        self.actions = actions
        self.result = result
    }

    public static let maximumTitleLength = 200
    /// A story is read in a minute or two; each part has room for a page.
    public static let maximumLength = 4000

    /// The parts by field name, in reading order.
    public var parts: [(field: String, text: String)] {
        [
            ("situation", situation), ("obstacles", obstacles), ("options", options), ("actions", actions),
            ("result", result),
        ]
    }

    /// Everything the story says, for the search index and for text similarity.
    public var body: String { parts.map(\.text).filter { !$0.isEmpty }.joined(separator: "\n\n") }

    /// The problems by field. A story needs a title, the situation, what was done and how it ended;
    /// obstacles and options may be empty (the categories still say what stood in the way).
    public func problems() -> [FieldError] {
        var problems: [FieldError] = []
        if title.trimmed.isEmpty { problems.append(FieldError("title", .errorRequired)) }
        if title.count > Self.maximumTitleLength {
            problems.append(FieldError("title", .errorTooLong, ["max": String(Self.maximumTitleLength)]))
        }
        for (field, text) in parts {
            if ["situation", "actions", "result"].contains(field), text.trimmed.isEmpty {
                problems.append(FieldError(field, .errorRequired))
            }
            if text.count > Self.maximumLength {
                problems.append(FieldError(field, .errorTooLong, ["max": String(Self.maximumLength)]))
            }
        }
        return problems
    }
}

/// A published write-up of a solved case. It keeps the customer's name and the amount only when the
/// author chose to show them: hidden, they are not stored in the story at all, so neither the library,
/// the search index nor the API can leak them.
public struct CaseStory: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var dealID: UUID
    public var teamID: UUID
    public var authorID: UUID
    public var text: CaseStoryText
    public var categoryIDs: [UUID]
    public var industry: String?
    public var sizeBand: SizeBand
    public var outcome: StoryOutcome
    public var visibility: StoryVisibility
    /// Nil when hidden.
    public var customerName: String?
    /// Nil when hidden.
    public var amount: Money?
    public var featuredAt: Date?
    public var publishedAt: Date
    public var updatedAt: Date
    public var version: Int

    public struct Money: Sendable, Equatable {
        public var minor: Int64
        public var currency: String

        public init(minor: Int64, currency: String) {
            self.minor = minor
            self.currency = currency
        }
    }

    public init(
        id: UUID, dealID: UUID, teamID: UUID, authorID: UUID, text: CaseStoryText, categoryIDs: [UUID],
        industry: String?, sizeBand: SizeBand, outcome: StoryOutcome, visibility: StoryVisibility,
        customerName: String?, amount: Money?, featuredAt: Date?, publishedAt: Date, updatedAt: Date, version: Int
    ) {
        self.id = id
        self.dealID = dealID
        self.teamID = teamID
        self.authorID = authorID
        self.text = text
        self.categoryIDs = categoryIDs
        self.industry = industry
        self.sizeBand = sizeBand
        self.outcome = outcome
        self.visibility = visibility
        self.customerName = customerName
        self.amount = amount
        self.featuredAt = featuredAt
        self.publishedAt = publishedAt
        self.updatedAt = updatedAt
        self.version = version
    }

    public var isFeatured: Bool { featuredAt != nil }
}

/// What the author decides beside the text when publishing or editing.
public struct CaseStorySettings: Sendable, Equatable {
    public var categoryIDs: [UUID]
    public var visibility: StoryVisibility
    public var showCustomer: Bool
    public var showAmount: Bool

    public init(categoryIDs: [UUID], visibility: StoryVisibility, showCustomer: Bool, showAmount: Bool) {
        self.categoryIDs = categoryIDs
        self.visibility = visibility
        self.showCustomer = showCustomer
        self.showAmount = showAmount
    }
}

/// One saved version of a story: the text as it stood, who saved it and when. Every edit adds one, so
/// a reader can see how the story changed and nothing written is lost.
public struct CaseStoryRevision: Sendable, Equatable {
    public var version: Int
    public var text: CaseStoryText
    public var savedBy: UUID
    public var savedAt: Date

    public init(version: Int, text: CaseStoryText, savedBy: UUID, savedAt: Date) {
        self.version = version
        self.text = text
        self.savedBy = savedBy
        self.savedAt = savedAt
    }
}

/// Whether a deal's case is ready to be told, and how it ended.
public enum StoryEligibility {
    /// A won or lost deal is told as it ended; an open deal only once one of its obstacles is resolved
    /// (it got unstuck). A deal on hold or an open deal with nothing resolved has no story yet.
    public static func outcome(status: DealStatus, obstacles: [Obstacle]) -> StoryOutcome? {
        switch status {
        case .won: .won
        case .lost: .lost
        case .open: obstacles.contains { !$0.isOpen } ? .unstuck : nil
        case .onHold: nil
        }
    }
}

/// The first draft of a story, written from the deal's case so the author edits rather than types:
/// the investigation's answers, the obstacles and how they were resolved, the plans, what was tried
/// and how the deal ended. In the author's language.
public enum CaseStoryDraft {
    public struct Source: Sendable {
        public var dealTitle: String
        public var customerName: String
        public var outcome: StoryOutcome
        public var closeReason: String?
        public var obstacles: [Obstacle]
        public var categoryNames: [UUID: String]
        public var answers: [CaseQuestion: CaseAnswer]
        public var plans: [Plan]
        public var evidence: [EvidenceEntry]

        public init(
            dealTitle: String, customerName: String, outcome: StoryOutcome, closeReason: String?,
            obstacles: [Obstacle], categoryNames: [UUID: String], answers: [CaseQuestion: CaseAnswer], plans: [Plan],
            evidence: [EvidenceEntry]
        ) {
            self.dealTitle = dealTitle
            self.customerName = customerName
            self.outcome = outcome
            self.closeReason = closeReason
            self.obstacles = obstacles
            self.categoryNames = categoryNames
            self.answers = answers
            self.plans = plans
            self.evidence = evidence
        }
    }

    public static func make(_ source: Source, _ t: Localizer) -> CaseStoryText {
        var situation = [CaseQuestion.customer, .reduceProblem].compactMap { source.answers[$0]?.text }
        // Without answers to the investigation, at least who and what the deal was.
        if situation.isEmpty {
            situation = [t(.storyDraftSituation, ["customer": source.customerName, "deal": source.dealTitle])]
        }
        let obstacles = source.obstacles.map { obstacle in
            var line = "• " + (source.categoryNames[obstacle.categoryID] ?? "")
            if !obstacle.detail.isEmpty { line += ": " + obstacle.detail }
            if let how = obstacle.resolution { line += " — " + t(.storyDraftResolved, ["how": how]) }
            return line
        }
        let options = source.plans.map { plan in
            var line = t(.storyDraftPlan, ["letter": plan.letter, "title": plan.text.title])
            if !plan.text.approach.isEmpty { line += ": " + plan.text.approach }
            if plan.isChosen { line += " " + t(.storyDraftChosen) }
            return line
        }
        var actions: [String] = []
        for plan in source.plans where plan.isChosen {
            actions.append([plan.text.approach, plan.text.steps].filter { !$0.isEmpty }.joined(separator: "\n"))
        }
        for entry in source.evidence where entry.result == .worked {
            actions.append("• " + entry.tried + (entry.note.map { " — " + $0 } ?? ""))
        }
        if let doDifferently = source.answers[.doDifferently]?.text, actions.isEmpty {
            actions.append(doDifferently)
        }
        var result = [t(source.outcome.draftSentence)]
        if let reason = source.closeReason, !reason.isEmpty { result.append(reason) }
        for plan in source.plans {
            guard let outcome = plan.outcome else { continue }
            result.append(
                t(.storyDraftPlanOutcome, ["letter": plan.letter, "outcome": t(outcome.result.label)])
                    + (outcome.note.map { " " + $0 } ?? ""))
        }
        func clip(_ text: String, _ max: Int) -> String { String(text.prefix(max)) }
        return CaseStoryText(
            title: clip(source.dealTitle, CaseStoryText.maximumTitleLength),
            situation: clip(situation.joined(separator: "\n\n"), CaseStoryText.maximumLength),
            obstacles: clip(obstacles.joined(separator: "\n"), CaseStoryText.maximumLength),
            options: clip(options.joined(separator: "\n"), CaseStoryText.maximumLength),
            actions: clip(actions.joined(separator: "\n"), CaseStoryText.maximumLength),
            result: clip(result.joined(separator: " "), CaseStoryText.maximumLength))
    }
}

extension StoryOutcome {
    var draftSentence: L10nKey {
        switch self {
        case .won: .storyDraftWon
        case .lost: .storyDraftLost
        case .unstuck: .storyDraftUnstuck
        }
    }
}

/// What a story that hides the customer says instead of its name and its people's, in the author's
/// language: "kunden", "kundens", "hos kunden" (not "i kunden"), "kundens økonomisjef" for Kari Nordmann,
/// the CFO on the case, "kontaktpersonen" for someone without a title.
public struct HiddenCustomer: Sendable, Equatable {
    public var customer: String
    /// Makes a possessive: "s" ("kundens"), "'s" ("the customer's").
    public var genitive: String
    /// The customer as a place ("hos kunden", "at the customer"), for `locating` words before its name.
    public var located: String
    /// Words that, before the name, make it a place: "i", "på"; "in", "at".
    public var locating: Set<String>
    /// A person without a title ("kontaktpersonen", "the contact").
    public var person: String
    /// A person with a title: `{title}` in it ("kundens {title}", "the customer's {title}").
    public var titledPerson: String

    public init(_ t: Localizer) {
        customer = t(.storyCustomerPlaceholder)
        genitive = t(.storyHiddenGenitive)
        located = t(.storyHiddenLocated)
        locating = Set(t(.storyHiddenLocating).split(separator: " ").map { $0.lowercased() })
        person = t(.storyHiddenPerson)
        titledPerson = t(.storyHiddenTitledPerson)
    }

    /// What stands for a person: their title, as the customer's, or "the contact".
    func stand(in person: (name: String, title: String?)) -> String {
        guard let title = person.title?.trimmed, !title.isEmpty else { return self.person }
        // "Økonomisjef" reads "kundens økonomisjef"; an acronym (CFO, IT-sjef) keeps its capitals.
        let second = title.dropFirst().first
        let lowered = second?.isUppercase == true ? title : title.prefix(1).lowercased() + title.dropFirst()
        return titledPerson.replacingOccurrences(of: "{title}", with: lowered)
    }
}

extension CaseStoryText {
    /// Company forms that end a customer's registered name (Norwegian, Nordic, German, English, Dutch).
    static let legalForms: Set<String> = [
        "as", "asa", "ans", "da", "sa", "ab", "oy", "oyj", "aps", "a/s", "gmbh", "ag", "ltd", "limited", "inc", "llc",
        "plc", "bv", "nv",
    ]

    /// The text with the customer and its people named nowhere, for a story that hides the customer.
    ///
    /// The customer's name is replaced wherever it appears, any case, inside other words too (so
    /// "Fjordkraftavtalen" does not keep it), with or without its legal form ("Bergen Kino" for
    /// "Bergen Kino AS"): a possessive becomes the placeholder's ("kundens"), and "i Bergen Kino"
    /// becomes "hos kunden". A person on the case (a buying influence) is replaced by full name and by
    /// surname, as whole words (a surname such as "Lie" is inside many words), by their title as the
    /// customer's ("kundens økonomisjef"); a first name alone is left, as `Redaction` leaves it: it may
    /// well be a colleague's.
    public func hiding(
        customer name: String, people: [(name: String, title: String?)], as hidden: HiddenCustomer
    ) -> CaseStoryText {
        var personNames: [(String, String)] = []
        for person in people {
            let full = person.name.split(whereSeparator: \.isWhitespace).joined(separator: " ")
            guard full.count >= 3 else { continue }
            let stand = hidden.stand(in: person)
            personNames.append((full, stand))
            let words = full.split(separator: " ")
            if words.count > 1, let surname = words.last, surname.count >= 3 {
                personNames.append((String(surname), stand))
            }
        }
        // Longest first, so "Kari Nordmann" goes before "Nordmann".
        personNames.sort { $0.0.count > $1.0.count }
        let customerNames = Self.names(of: name)
        func clean(_ text: String) -> String {
            var text = text
            for (person, stand) in personNames {
                text = Self.replace(person, in: text, wholeWords: true, with: stand, genitive: hidden.genitive)
            }
            for customer in customerNames {
                text = Self.replace(
                    customer, in: text, wholeWords: false, with: hidden.customer, genitive: hidden.genitive,
                    located: (hidden.located, after: hidden.locating))
            }
            return text
        }
        return CaseStoryText(
            title: clean(title), situation: clean(situation), obstacles: clean(obstacles), options: clean(options),
            actions: clean(actions), result: clean(result))
    }

    /// The customer's name, and without its legal form as people write it ("Bergen Kino" for "Bergen
    /// Kino AS"), the full name first.
    static func names(of name: String) -> [String] {
        let name = name.trimmed
        guard !name.isEmpty else { return [] }
        var names = [name]
        let words = name.split(separator: " ")
        if words.count > 1, let last = words.last,
            legalForms.contains(last.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: ".,")))
        {
            let short = words.dropLast().joined(separator: " ").trimmingCharacters(in: CharacterSet(charactersIn: ", "))
            if short.count >= 2 { names.append(short) }
        }
        return names
    }

    /// Replaces each occurrence of `name` (any case) with `standIn`, or with `located.text` when one of
    /// its words ("i", "in") comes right before, which it then replaces too. A legal form after the
    /// name goes with it; a possessive ending makes the stand-in possessive; at the start of a sentence
    /// the stand-in starts with a capital.
    static func replace(
        _ name: String, in text: String, wholeWords: Bool, with standIn: String, genitive: String,
        located: (text: String, after: Set<String>)? = nil
    ) -> String {
        func isWord(_ character: Character?) -> Bool { character.map { $0.isLetter || $0.isNumber } ?? false }
        var result = ""
        var rest = text[...]
        while let found = rest.range(of: name, options: [.caseInsensitive]) {
            let before = result + rest[..<found.lowerBound]
            var after = rest[found.upperBound...]
            if wholeWords, isWord(before.last) || (isWord(after.first) && !after.hasPrefix("s")) {
                result = before + rest[found]
                rest = after
                continue
            }
            // " AS" after "Bergen Kino" when the text wrote the legal form the name was given without.
            if let space = after.first, space == " " {
                let word = after.dropFirst().prefix { !$0.isWhitespace && !",.;:!?)".contains($0) }
                // Written as a form is ("AS", "GmbH"), not the word "as" in "Fjordkraft as planned".
                if word.first?.isUppercase == true, legalForms.contains(word.lowercased()) {
                    after = after.dropFirst(1 + word.count)
                }
            }
            var possessive = false
            for ending in ["'s", "’s", "s"]
            where after.hasPrefix(ending) && !isWord(after.dropFirst(ending.count).first) {
                possessive = true
                after = after.dropFirst(ending.count)
                break
            }
            if wholeWords, !possessive, isWord(after.first) {
                result = before + rest[found]
                rest = rest[found.upperBound...]
                continue
            }
            // "i Bergen Kino" → "hos kunden": the locating word goes, the stand-in says where.
            var head = before
            var replacement = standIn
            let spaced = before.reversed().prefix { $0 == " " }.count
            if let located, !possessive, spaced > 0 {
                let word = String(before.dropLast(spaced).reversed().prefix { $0.isLetter }.reversed())
                if !word.isEmpty, located.after.contains(word.lowercased()) {
                    head = String(before.dropLast(spaced + word.count))
                    replacement = located.text
                }
            }
            if possessive { replacement += genitive }
            let previous = head.trimmingCharacters(in: .whitespaces).last
            // `\r\n` is one Character, a newline like `\n`.
            if previous == nil || previous!.isNewline || ".!?:".contains(previous!) {
                replacement = replacement.prefix(1).uppercased() + replacement.dropFirst()
            }
            result = head + replacement
            rest = after
        }
        return result + rest
    }
}

/// Which case stories a person may read, decided from the actor alone like `DealVisibility`: an admin
/// reads all; everybody else the organisation-wide stories, the stories of the teams they belong to or
/// lead, and their own.
public enum StoryAudience: Sendable, Equatable {
    case all
    case some(teams: Set<UUID>, authorID: UUID)

    public init(_ actor: Actor) {
        self = actor.role == .admin ? .all : .some(teams: actor.memberOf.union(actor.leads), authorID: actor.userID)
    }

    public func includes(teamID: UUID, visibility: StoryVisibility, authorID: UUID) -> Bool {
        switch self {
        case .all: true
        case .some(let teams, let author):
            visibility == .organisation || teams.contains(teamID) || authorID == author
        }
    }
}
