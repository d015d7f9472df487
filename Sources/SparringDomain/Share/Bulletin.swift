import Foundation

/// What a bulletin says: news from above, forwarded with the leader's word on why it matters here.
public struct BulletinText: Sendable, Equatable {
    public var title: String
    public var text: String
    /// Where the news came from (a memo, a meeting, a link); optional.
    public var source: String
    /// Why this matters to us: the filtering is the point of a bulletin, so it is required.
    public var why: String

    public init(title: String, text: String, source: String = "", why: String) {
        self.title = title
        self.text = text
        self.source = source
        self.why = why
    }

    public static let maximumTitleLength = 200
    public static let maximumLength = 4000
    public static let maximumSourceLength = 500
    public static let maximumWhyLength = 1000

    public func problems() -> [FieldError] {
        var problems: [FieldError] = []
        for (field, value, required, max) in [
            ("title", title, true, Self.maximumTitleLength), ("text", text, true, Self.maximumLength),
            ("source", source, false, Self.maximumSourceLength), ("why", why, true, Self.maximumWhyLength),
        ] {
            if required, value.trimmed.isEmpty { problems.append(FieldError(field, .errorRequired)) }
            if value.count > max { problems.append(FieldError(field, .errorTooLong, ["max": String(max)])) }
        }
        return problems
    }
}

/// News forwarded by a leader to chosen teams, optionally linked to the open deals it affects.
public struct Bulletin: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var authorID: UUID
    public var text: BulletinText
    public var teamIDs: [UUID]
    public var dealIDs: [UUID]
    public var publishedAt: Date
    public var updatedAt: Date
    public var version: Int

    public init(
        id: UUID, authorID: UUID, text: BulletinText, teamIDs: [UUID], dealIDs: [UUID], publishedAt: Date,
        updatedAt: Date, version: Int
    ) {
        self.id = id
        self.authorID = authorID
        self.text = text
        self.teamIDs = teamIDs
        self.dealIDs = dealIDs
        self.publishedAt = publishedAt
        self.updatedAt = updatedAt
        self.version = version
    }
}

/// A reader's mark on a bulletin. One per reader; the leader sees only how many chose each.
public enum BulletinReaction: String, CaseIterable, Sendable, Codable {
    case useful, notRelevant

    public var label: L10nKey {
        switch self {
        case .useful: .bulletinUseful
        case .notRelevant: .bulletinNotRelevant
        }
    }
}

/// How many readers found a bulletin useful and how many not relevant — never who.
public struct BulletinTally: Sendable, Equatable {
    public var useful: Int
    public var notRelevant: Int

    public init(useful: Int = 0, notRelevant: Int = 0) {
        self.useful = useful
        self.notRelevant = notRelevant
    }
}

/// An open deal the bulletin may affect, and why Sparring suggests it.
public struct BulletinDealSuggestion: Sendable, Equatable {
    public var dealID: UUID
    public var title: String
    /// The customer's industry, when the bulletin names it.
    public var industry: String?
    /// Whether the deal's case text shares the bulletin's words.
    public var caseMatches: Bool

    public init(dealID: UUID, title: String, industry: String?, caseMatches: Bool) {
        self.dealID = dealID
        self.title = title
        self.industry = industry
        self.caseMatches = caseMatches
    }
}

/// Which bulletins a person reads: an admin all; everybody else those sent to a team they belong to
/// or lead, and their own.
public enum BulletinAudience: Sendable, Equatable {
    case all
    case some(teams: Set<UUID>, authorID: UUID)

    public init(_ actor: Actor) {
        self = actor.role == .admin ? .all : .some(teams: actor.memberOf.union(actor.leads), authorID: actor.userID)
    }

    public func includes(teamIDs: [UUID], authorID: UUID) -> Bool {
        switch self {
        case .all: true
        case .some(let teams, let author): author == authorID || !teams.isDisjoint(with: teamIDs)
        }
    }
}

extension BulletinText {
    /// Whether an industry is named in the bulletin: every word of the industry, in any inflected form,
    /// appears in it ("energi" in "Energiselskapene får ny nettleie" does not count, "energiselskap" does
    /// only if the industry is written so).
    public func names(industry: String) -> Bool {
        let mine = Set(SearchText.indexTerms([title, text, why].joined(separator: " ")))
        let words = SearchTerms.words(industry).filter { !SearchText.stopwords.contains($0) }
        return !words.isEmpty && words.allSatisfy { !Set(SearchText.stems(ofWord: $0)).isDisjoint(with: mine) }
    }
}
