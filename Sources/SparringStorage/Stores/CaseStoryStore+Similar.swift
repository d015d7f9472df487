import FluentKit
import Foundation
import SQLKit
import SparringDomain

/// A story similar to a deal, with why (`SimilarCases`).
public struct SimilarStory: Sendable {
    public var story: CaseStory
    public var match: SimilarCases.Match
}

extension CaseStoryStore {
    /// Newest stories per obstacle category that are considered, and best text matches: enough to find
    /// the five best without scoring a hundred thousand stories.
    static let candidatesPerCategory = 100
    static let textCandidates = 100
    /// The words of a deal's case a text search asks with: the longest distinct stems (long words say
    /// more about a case than short ones).
    static let textQueryTerms = 16

    /// The stories most similar to the deal that the audience may read (never the deal's own), best
    /// first. `categories`: the deal's obstacle categories, which the caller has read already.
    public func similar(
        toDeal deal: Deal, categories: Set<UUID>, audience: StoryAudience
    ) async throws
        -> [SimilarStory]
    {
        let dealID = deal.id
        let customer = try await DealStore(db: db, organisationID: organisationID).customer(deal.customerID)
        // The deal's title and case text as the index last saw them (no entry yet: the title alone).
        let text = deal.title + "\n" + (try await index.body(kind: .deal, refID: dealID) ?? "")
        // The customer's name and industry are not what a case is about: a story naming the same
        // customer or industry is not told in the same words (the industry has its own reason).
        let names = Set(SearchText.indexTerms(customer.name + " " + (customer.industry ?? "")))
        let profile = SimilarCases.Profile(
            categories: categories, terms: Set(SearchText.indexTerms(text)).subtracting(names),
            industry: customer.industry, sizeBand: SizeBand(amountMinor: deal.amountMinor, currency: deal.currency))

        // Candidates: the newest stories of each of the deal's categories (the index's story ids are
        // time-ordered, so its order is newest first), and the best text matches.
        var ids: [UUID] = []
        for category in categories.sorted(by: { $0.uuidString < $1.uuidString }) {
            ids += try await sql.select().column("story_id").from("case_story_categories")
                .where("organisation_id", .equal, organisationID).where("category_id", .equal, category)
                .orderBy(SQLOrderBy(expression: SQLColumn("story_id"), direction: SQLDirection.descending))
                .limit(Self.candidatesPerCategory).all().map { try $0.decode(column: "story_id", as: UUID.self) }
        }
        let queryTerms = profile.terms.sorted { ($0.count, $1) > ($1.count, $0) }.prefix(Self.textQueryTerms)
        if !queryTerms.isEmpty {
            var conditions: [any SQLExpression] = []
            if let condition = Self.audience(audience, table: "e", owner: "owner_id") { conditions.append(condition) }
            ids += try await index.matches(
                SearchQuery(groups: queryTerms.map { [$0] }, matchesAny: true), kind: .story, conditions: conditions,
                limit: Self.textCandidates, offset: 0
            ).map(\.refID)
        }
        let candidates = try await profiles(of: ids.uniqued, audience: audience, excludingDeal: dealID)
        let matches = SimilarCases.rank(
            deal: profile, words: SimilarCases.words(of: text), candidates: candidates)
        let stories = Dictionary(
            uniqueKeysWithValues: try await stories(ids: matches.map(\.storyID)).map { ($0.id, $0) })
        return matches.compactMap { match in stories[match.storyID].map { SimilarStory(story: $0, match: match) } }
    }

    /// What similarity compares, read light (no story text) for the candidates the audience may read.
    func profiles(
        of ids: [UUID], audience: StoryAudience, excludingDeal dealID: UUID
    ) async throws -> [(id: UUID, profile: SimilarCases.Profile)] {
        guard !ids.isEmpty else { return [] }
        var rows: [(id: UUID, industry: String?, size: SizeBand)] = []
        for chunk in ids.chunked(into: 500) {
            // By id only, with the organisation checked per row (see `DealStore.titles`).
            for row in try await sql.select()
                .columns(
                    "id", "organisation_id", "deal_id", "team_id", "author_id", "visibility", "industry", "size_band"
                )
                .from("case_stories").where("id", .in, chunk).all()
            {
                guard try row.decode(column: "organisation_id", as: UUID.self) == organisationID,
                    try row.decode(column: "deal_id", as: UUID.self) != dealID,
                    let visibility = StoryVisibility(rawValue: try row.decode(column: "visibility", as: String.self)),
                    audience.includes(
                        teamID: try row.decode(column: "team_id", as: UUID.self), visibility: visibility,
                        authorID: try row.decode(column: "author_id", as: UUID.self))
                else { continue }
                rows.append(
                    (
                        try row.decode(column: "id", as: UUID.self),
                        try row.decode(column: "industry", as: String?.self),
                        SizeBand(rawValue: try row.decode(column: "size_band", as: String.self)) ?? .small
                    ))
            }
        }
        let kept = rows.map(\.id)
        let categories = try await categories(of: kept).mapValues(Set.init)
        let terms = try await index.terms(kind: .story, of: kept)
        return rows.map {
            (
                $0.id,
                SimilarCases.Profile(
                    categories: categories[$0.id] ?? [], terms: terms[$0.id] ?? [], industry: $0.industry,
                    sizeBand: $0.size)
            )
        }
    }
}

extension SearchIndex {
    /// The text a deal's entry was made from (stories keep theirs in their own rows).
    func body(kind: SearchKind, refID: UUID) async throws -> String? {
        try await sql.select().column("body").from("search_entries")
            .where("kind", .equal, kind.rawValue).where("ref_id", .equal, refID)
            .where("organisation_id", .equal, organisationID).first()?.decode(column: "body", as: String?.self)
    }
}
