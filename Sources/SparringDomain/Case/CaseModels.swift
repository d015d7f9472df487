import Foundation

/// An obstacle category as the organisation's taxonomy defines it, before it is stored.
public struct ObstacleCategoryDefinition: Sendable, Equatable {
    public var key: String
    public var nameNB: String
    public var nameEN: String

    public init(key: String, nameNB: String, nameEN: String) {
        self.key = key
        self.nameNB = nameNB
        self.nameEN = nameEN
    }
}

/// The taxonomy every organisation starts with; admins rename, add and retire categories.
public enum DefaultObstacleTaxonomy {
    public static let categories: [ObstacleCategoryDefinition] = [
        .init(key: "price", nameNB: "Pris / budsjett", nameEN: "Price / budget"),
        .init(key: "no-decision", nameNB: "Ingen beslutning / status quo", nameEN: "No decision / status quo"),
        .init(key: "competitor", nameNB: "Konkurrent", nameEN: "Competitor"),
        .init(key: "no-champion", nameNB: "Ingen pådriver hos kunden", nameEN: "No champion"),
        .init(
            key: "no-economic-buyer", nameNB: "Ingen tilgang til den som bestemmer",
            nameEN: "No access to the economic buyer"),
        .init(key: "timing", nameNB: "Tidspunkt", nameEN: "Timing"),
        .init(key: "technical-fit", nameNB: "Teknisk passform", nameEN: "Technical fit"),
        .init(key: "legal", nameNB: "Juridisk / innkjøp", nameEN: "Legal / procurement"),
        .init(key: "risk-aversion", nameNB: "Risikoaversjon", nameEN: "Risk aversion"),
        .init(key: "our-capacity", nameNB: "Vår egen kapasitet", nameEN: "Internal capacity on our side"),
    ]
}

/// A category of the organisation's taxonomy.
public struct ObstacleCategory: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var key: String
    public var nameNB: String
    public var nameEN: String
    public var isRetired: Bool
    public var version: Int

    public init(id: UUID, key: String, nameNB: String, nameEN: String, isRetired: Bool, version: Int) {
        self.id = id
        self.key = key
        self.nameNB = nameNB
        self.nameEN = nameEN
        self.isRetired = isRetired
        self.version = version
    }

    public func name(_ locale: AppLocale) -> String { locale == .nb ? nameNB : nameEN }
}

/// A deal's named blocker: a category plus the seller's own words; open until resolved, and then how.
public struct Obstacle: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var dealID: UUID
    public var categoryID: UUID
    public var detail: String
    public var resolution: String?
    public var resolvedAt: Date?
    public var createdAt: Date
    public var version: Int

    public init(
        id: UUID, dealID: UUID, categoryID: UUID, detail: String, resolution: String?, resolvedAt: Date?,
        createdAt: Date, version: Int
    ) {
        self.id = id
        self.dealID = dealID
        self.categoryID = categoryID
        self.detail = detail
        self.resolution = resolution
        self.resolvedAt = resolvedAt
        self.createdAt = createdAt
        self.version = version
    }

    public var isOpen: Bool { resolvedAt == nil }
}

/// The four questions of the investigation, answered and revised over time.
public enum CaseQuestion: String, CaseIterable, Sendable, Codable {
    case customer, reduceProblem, pushOn, doDifferently

    public var label: L10nKey {
        switch self {
        case .customer: .caseQuestionCustomer
        case .reduceProblem: .caseQuestionReduceProblem
        case .pushOn: .caseQuestionPushOn
        case .doDifferently: .caseQuestionDoDifferently
        }
    }
}

/// The current answer to one question; earlier answers are kept as revisions.
public struct CaseAnswer: Sendable, Equatable {
    public var question: CaseQuestion
    public var text: String
    public var version: Int
    public var answeredAt: Date
    public var answeredBy: String

    public init(question: CaseQuestion, text: String, version: Int, answeredAt: Date, answeredBy: String) {
        self.question = question
        self.text = text
        self.version = version
        self.answeredAt = answeredAt
        self.answeredBy = answeredBy
    }
}

/// A person's part in the customer's buying decision.
public enum InfluenceRole: String, CaseIterable, Sendable, Codable {
    case economicBuyer, user, technical, coach

    public var label: L10nKey {
        switch self {
        case .economicBuyer: .influenceEconomicBuyer
        case .user: .influenceUser
        case .technical: .influenceTechnical
        case .coach: .influenceCoach
        }
    }
}

/// Where a person stands on our offer.
public enum InfluenceStance: String, CaseIterable, Sendable, Codable {
    case champion, supportive, neutral, sceptical, opposed, unknown

    public var label: L10nKey {
        switch self {
        case .champion: .stanceChampion
        case .supportive: .stanceSupportive
        case .neutral: .stanceNeutral
        case .sceptical: .stanceSceptical
        case .opposed: .stanceOpposed
        case .unknown: .stanceUnknown
        }
    }
}

/// A person involved in the customer's decision. Personal data: kept to name, title and stance.
public struct BuyingInfluence: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var name: String
    public var title: String?
    public var role: InfluenceRole
    public var stance: InfluenceStance
    public var note: String?
    public var version: Int

    public init(
        id: UUID, name: String, title: String?, role: InfluenceRole, stance: InfluenceStance, note: String?,
        version: Int
    ) {
        self.id = id
        self.name = name
        self.title = title
        self.role = role
        self.stance = stance
        self.note = note
        self.version = version
    }
}

/// How something tried on the deal went.
public enum EvidenceResult: String, CaseIterable, Sendable, Codable {
    case worked, didNotWork, unclear

    public var label: L10nKey {
        switch self {
        case .worked: .evidenceWorked
        case .didNotWork: .evidenceDidNotWork
        case .unclear: .evidenceUnclear
        }
    }
}

/// One line of the evidence log: what was tried and how it went, written as it happens.
public struct EvidenceEntry: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var tried: String
    public var result: EvidenceResult
    public var note: String?
    public var triedOn: Day
    public var recordedBy: String
    public var version: Int

    public init(
        id: UUID, tried: String, result: EvidenceResult, note: String?, triedOn: Day, recordedBy: String,
        version: Int
    ) {
        self.id = id
        self.tried = tried
        self.result = result
        self.note = note
        self.triedOn = triedOn
        self.recordedBy = recordedBy
        self.version = version
    }
}

/// How a chosen plan turned out.
public enum PlanOutcome: String, CaseIterable, Sendable, Codable {
    case worked, partly, didNotWork

    public var label: L10nKey {
        switch self {
        case .worked: .planOutcomeWorked
        case .partly: .planOutcomePartly
        case .didNotWork: .planOutcomeDidNotWork
        }
    }
}

/// What a plan says; the parts a person writes.
public struct PlanText: Sendable, Equatable {
    public var title: String
    public var approach: String
    public var steps: String
    public var consequences: String
    public var risks: String
    public var positioning: String
    public var resources: String
    public var expectedEffect: String

    public init(
        title: String, approach: String, steps: String = "", consequences: String = "", risks: String = "",
        positioning: String = "", resources: String = "", expectedEffect: String = ""
    ) {
        self.title = title
        self.approach = approach
        self.steps = steps
        self.consequences = consequences
        self.risks = risks
        self.positioning = positioning
        self.resources = resources
        self.expectedEffect = expectedEffect
    }

    /// The longest text a field takes: room for a page of thought, not a pasted document.
    public static let maximumLength = 4000
    public static let maximumTitleLength = 200

    /// The problems by field. A plan needs a title and an approach; the rest may come later.
    public func problems() -> [FieldError] {
        var problems: [FieldError] = []
        if title.trimmed.isEmpty { problems.append(FieldError("title", .errorRequired)) }
        if title.count > Self.maximumTitleLength {
            problems.append(FieldError("title", .errorTooLong, ["max": String(Self.maximumTitleLength)]))
        }
        if approach.trimmed.isEmpty { problems.append(FieldError("approach", .errorRequired)) }
        for (field, text) in [
            ("approach", approach), ("steps", steps), ("consequences", consequences), ("risks", risks),
            ("positioning", positioning), ("resources", resources), ("expectedEffect", expectedEffect),
        ] where text.count > Self.maximumLength {
            problems.append(FieldError(field, .errorTooLong, ["max": String(Self.maximumLength)]))
        }
        return problems
    }
}

/// An option for the deal: plan A, B, C… Choosing one records who chose it and what happens next; the
/// others stay as considered alternatives. A chosen plan's outcome is recorded later.
public struct Plan: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var dealID: UUID
    /// A, B, C… in the order the plans were made; never reused on the deal.
    public var letter: String
    public var text: PlanText
    public var tacticIDs: [UUID]
    public var choice: Choice?
    public var outcome: Outcome?
    public var version: Int

    public struct Choice: Sendable, Equatable {
        public var chosenBy: UUID
        public var chosenAt: Date
        public var nextStep: String
        public var ownerID: UUID
        public var dueOn: Day
        /// When another plan was chosen instead. One plan of a deal is chosen at a time; an earlier
        /// choice stays on record with how it turned out.
        public var replacedAt: Date?

        public init(
            chosenBy: UUID, chosenAt: Date, nextStep: String, ownerID: UUID, dueOn: Day, replacedAt: Date? = nil
        ) {
            self.chosenBy = chosenBy
            self.chosenAt = chosenAt
            self.nextStep = nextStep
            self.ownerID = ownerID
            self.dueOn = dueOn
            self.replacedAt = replacedAt
        }
    }

    /// The deal's plan now: chosen and not replaced since.
    public var isChosen: Bool { choice != nil && choice?.replacedAt == nil }

    public struct Outcome: Sendable, Equatable {
        public var result: PlanOutcome
        public var note: String?
        public var recordedAt: Date

        public init(result: PlanOutcome, note: String?, recordedAt: Date) {
            self.result = result
            self.note = note
            self.recordedAt = recordedAt
        }
    }

    public init(
        id: UUID, dealID: UUID, letter: String, text: PlanText, tacticIDs: [UUID], choice: Choice?,
        outcome: Outcome?, version: Int
    ) {
        self.id = id
        self.dealID = dealID
        self.letter = letter
        self.text = text
        self.tacticIDs = tacticIDs
        self.choice = choice
        self.outcome = outcome
        self.version = version
    }

    /// The letter of the plan made after `count` others: A…Z, then AA, AB…
    public static func letter(forIndex index: Int) -> String {
        let letters = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
        return index < 26 ? String(letters[index]) : letter(forIndex: index / 26 - 1) + String(letters[index % 26])
    }
}

/// A reusable way to beat obstacles of some categories (a play).
public struct Tactic: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var name: String
    public var summary: String
    public var categoryIDs: [UUID]
    public var isRetired: Bool
    public var version: Int

    public init(id: UUID, name: String, summary: String, categoryIDs: [UUID], isRetired: Bool, version: Int) {
        self.id = id
        self.name = name
        self.summary = summary
        self.categoryIDs = categoryIDs
        self.isRetired = isRetired
        self.version = version
    }
}

/// A tactic as the starter catalogue defines it, in both languages; an organisation gets it in its
/// default language and then edits it.
public struct TacticDefinition: Sendable {
    public var nameNB: String
    public var nameEN: String
    public var summaryNB: String
    public var summaryEN: String
    /// Keys of the default obstacle categories it aims at.
    public var categoryKeys: [String]
}

/// The plays every organisation starts with: common B2B ways to beat each default obstacle category.
public enum DefaultTactics {
    public static let catalogue: [TacticDefinition] = [
        .init(
            nameNB: "ROI-regnestykke med kundens økonomisjef", nameEN: "ROI case built with the customer's CFO",
            summaryNB: "Regn ut gevinsten sammen med den som eier budsjettet, med kundens egne tall.",
            summaryEN: "Work out the return with the budget owner, in the customer's own numbers.",
            categoryKeys: ["price", "no-economic-buyer"]),
        .init(
            nameNB: "Kostnaden ved å la være", nameEN: "The cost of doing nothing",
            summaryNB: "Sett tall på hva det koster kunden å vente et halvår til.",
            summaryEN: "Put a figure on what another six months of waiting costs the customer.",
            categoryKeys: ["no-decision", "timing"]),
        .init(
            nameNB: "Felles handlingsplan med datoer", nameEN: "Mutual action plan with dates",
            summaryNB: "Bli enige med kunden om stegene fram til oppstart, hvem som gjør hva og når.",
            summaryEN: "Agree with the customer on the steps to go-live: who does what, by when.",
            categoryKeys: ["no-decision", "timing", "legal"]),
        .init(
            nameNB: "Referansekunde i samme bransje", nameEN: "A reference customer in the same industry",
            summaryNB: "La en fornøyd kunde fortelle hvordan de løste det samme.",
            summaryEN: "Let a satisfied customer tell how they solved the same problem.",
            categoryKeys: ["risk-aversion", "competitor", "technical-fit"]),
        .init(
            nameNB: "Betalt pilot med klare suksesskriterier", nameEN: "A paid pilot with clear success criteria",
            summaryNB: "Et lite, avgrenset forsøk som kunden betaler for, med målene avtalt på forhånd.",
            summaryEN: "A small, bounded trial the customer pays for, with the goals agreed up front.",
            categoryKeys: ["risk-aversion", "technical-fit", "price"]),
        .init(
            nameNB: "Gjør pådriveren sterk", nameEN: "Arm the champion",
            summaryNB: "Gi pådriveren hos kunden saken, tallene og svarene de trenger internt.",
            summaryEN: "Give the champion the case, the numbers and the answers they need inside.",
            categoryKeys: ["no-champion", "no-economic-buyer"]),
        .init(
            nameNB: "Ledermøte på samme nivå", nameEN: "Executive sponsor meeting",
            summaryNB: "Vår leder møter kundens beslutningstaker for å snakke om mål, ikke produkt.",
            summaryEN: "Our executive meets the customer's decision maker about goals, not product.",
            categoryKeys: ["no-economic-buyer", "no-decision"]),
        .init(
            nameNB: "Standardvilkår tidlig med innkjøp", nameEN: "Standard terms early with procurement",
            summaryNB: "Send avtaleutkastet til innkjøp og juridisk før forhandlingen, ikke etter.",
            summaryEN: "Send the draft contract to procurement and legal before the negotiation, not after.",
            categoryKeys: ["legal"]),
        .init(
            nameNB: "Trinnvis leveranse", nameEN: "Phased delivery",
            summaryNB: "Del leveransen i trinn som passer kundens budsjett og vår kapasitet.",
            summaryEN: "Split the delivery into phases that fit the customer's budget and our capacity.",
            categoryKeys: ["our-capacity", "price", "risk-aversion"]),
        .init(
            nameNB: "Vis det konkurrenten ikke kan", nameEN: "Show what the competitor cannot do",
            summaryNB: "Led samtalen til kundens behov der vi er klart best, og vis det i praksis.",
            summaryEN: "Steer to the customer's needs where we are clearly best, and show it in practice.",
            categoryKeys: ["competitor"]),
    ]
}

/// Questions that widen the options before one is chosen: opening questions, then the
/// substitute / combine / adapt / modify / put to another use / eliminate / rearrange / reverse prompts.
public enum IdeaPrompt: String, CaseIterable, Sendable {
    case customersCFO, moreTime, moreMoney, noRisk, competitorsView
    case substitute, combine, adapt, modify, otherUse, eliminate, rearrange, reverse

    public var text: L10nKey {
        switch self {
        case .customersCFO: .promptCustomersCFO
        case .moreTime: .promptMoreTime
        case .moreMoney: .promptMoreMoney
        case .noRisk: .promptNoRisk
        case .competitorsView: .promptCompetitorsView
        case .substitute: .promptSubstitute
        case .combine: .promptCombine
        case .adapt: .promptAdapt
        case .modify: .promptModify
        case .otherUse: .promptOtherUse
        case .eliminate: .promptEliminate
        case .rearrange: .promptRearrange
        case .reverse: .promptReverse
        }
    }

    public var isOpeningQuestion: Bool {
        [.customersCFO, .moreTime, .moreMoney, .noRisk, .competitorsView].contains(self)
    }
}

/// What changed on a case, for its audit trail.
public enum CaseAction: String, CaseIterable, Sendable, Codable {
    case obstacleAdded, obstacleEdited, obstacleResolved, obstacleReopened
    case answerSaved
    case influenceAdded, influenceEdited, influenceRemoved
    case evidenceAdded, evidenceEdited, evidenceRemoved
    case planCreated, planEdited, planChosen, planOutcome
    case commentAdded, guestInvited, guestRemoved

    public var label: L10nKey {
        switch self {
        case .obstacleAdded: .auditObstacleAdded
        case .obstacleEdited: .auditObstacleEdited
        case .obstacleResolved: .auditObstacleResolved
        case .obstacleReopened: .auditObstacleReopened
        case .answerSaved: .auditAnswerSaved
        case .influenceAdded: .auditInfluenceAdded
        case .influenceEdited: .auditInfluenceEdited
        case .influenceRemoved: .auditInfluenceRemoved
        case .evidenceAdded: .auditEvidenceAdded
        case .evidenceEdited: .auditEvidenceEdited
        case .evidenceRemoved: .auditEvidenceRemoved
        case .planCreated: .auditPlanCreated
        case .planEdited: .auditPlanEdited
        case .planChosen: .auditPlanChosen
        case .planOutcome: .auditPlanOutcome
        case .commentAdded: .auditCommentAdded
        case .guestInvited: .auditGuestInvited
        case .guestRemoved: .auditGuestRemoved
        }
    }
}

/// One line of a case's audit trail: who did what, when, to which part.
public struct CaseEvent: Sendable, Equatable {
    public var at: Date
    public var actorName: String
    public var action: CaseAction
    /// The part changed: an obstacle category's id and a question's raw value (shown in the reader's
    /// language), a plan's letter and title, a person's name, what was tried.
    public var subject: String

    public init(at: Date, actorName: String, action: CaseAction, subject: String) {
        self.at = at
        self.actorName = actorName
        self.action = action
        self.subject = subject
    }
}

/// A comment on a deal's case: a colleague's thought, a guest's input. Blocking phrases in it are
/// marked like everywhere else in Sparring.
public struct CaseComment: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var authorID: UUID
    public var text: String
    public var createdAt: Date

    public init(id: UUID, authorID: UUID, text: String, createdAt: Date) {
        self.id = id
        self.authorID = authorID
        self.text = text
        self.createdAt = createdAt
    }

    public static let maximumLength = 2000

    public static func problems(_ text: String) -> [FieldError] {
        if text.trimmed.isEmpty { return [FieldError("comment", .errorRequired)] }
        if text.count > maximumLength {
            return [FieldError("comment", .errorTooLong, ["max": String(maximumLength)])]
        }
        return []
    }
}

/// A guest contributor of a deal's case: who, invited by whom and when.
public struct CaseGuest: Sendable, Equatable {
    public var userID: UUID
    public var invitedBy: UUID
    public var invitedAt: Date

    public init(userID: UUID, invitedBy: UUID, invitedAt: Date) {
        self.userID = userID
        self.invitedBy = invitedBy
        self.invitedAt = invitedAt
    }
}
