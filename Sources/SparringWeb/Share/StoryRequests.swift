import Foundation
import SparringDomain
import SparringStorage
import SparringViews
import Vapor

/// A library search as typed in the address (page and API alike): the query, the filters and the page.
struct LibraryRequest: Sendable {
    var query: String
    var filter: SearchFilter
    var typed: CaseLibraryPage.Filter
    var page: Int

    static let pageSize = 20
    /// Relevance pages deeper than this are not served: nobody reads result 1 000 of a search, and an
    /// offset that deep makes the engine rank and skip everything before it.
    static let maximumPage = 50

    /// Reads `q`, `category`, `industry`, `outcome`, `team` and `page`; a malformed value is a 400
    /// naming its field.
    init(_ req: Request) throws {
        let q = (try? req.query.get(String.self, at: "q")) ?? ""
        guard q.count <= 200 else { throw AppError.badRequest(.errorQueryTooLong, field: "q") }
        query = q.trimmed
        func text(_ name: String) -> String { ((try? req.query.get(String.self, at: name)) ?? "").trimmed }
        typed = CaseLibraryPage.Filter(
            category: text("category"), industry: text("industry"), outcome: text("outcome"), team: text("team"))
        func id(_ value: String, _ field: String) throws -> UUID? {
            guard !value.isEmpty else { return nil }
            guard let id = UUID(uuidString: value) else { throw AppError.badRequest(.errorInvalidID, field: field) }
            return id
        }
        guard typed.outcome.isEmpty || StoryOutcome(rawValue: typed.outcome) != nil else {
            throw AppError.badRequest(.errorChoice, field: "outcome")
        }
        filter = SearchFilter(
            categoryID: try id(typed.category, "category"), industry: typed.industry.isEmpty ? nil : typed.industry,
            outcome: typed.outcome.isEmpty ? nil : typed.outcome, teamID: try id(typed.team, "team"))
        page = try Self.page(req)
    }

    /// The `page` asked for, 1 without one; anything but 1…`maximumPage` is a 400 naming the field.
    /// The library and the bulletin feed, page and API alike.
    static func page(_ req: Request) throws -> Int {
        let text = ((try? req.query.get(String.self, at: "page")) ?? "").trimmed
        guard text.isEmpty || (Int(text).map { (1...maximumPage).contains($0) } ?? false) else {
            throw AppError.badRequest(.errorBadPage, field: "page")
        }
        return Int(text) ?? 1
    }
}

/// A story's or bulletin's parts as a form or JSON sends them: trimmed, absent ones empty.
enum ShareInput {
    static func story(
        title: String?, situation: String?, obstacles: String?, options: String?, actions: String?, result: String?
    ) -> CaseStoryText {
        func clean(_ text: String?) -> String { (text ?? "").trimmed }
        return CaseStoryText(
            title: clean(title), situation: clean(situation), obstacles: clean(obstacles), options: clean(options),
            actions: clean(actions), result: clean(result))
    }

    /// The settings, or a field error for a visibility that is not one of the choices (none: the
    /// whole organisation).
    static func settings(
        categoryIDs: [UUID], visibility: String?, showCustomer: Bool, showAmount: Bool
    ) throws
        -> CaseStorySettings
    {
        guard let visibility = StoryVisibility(rawValue: visibility ?? StoryVisibility.organisation.rawValue) else {
            throw AppError.invalid("visibility", .errorChoice)
        }
        return CaseStorySettings(
            categoryIDs: categoryIDs, visibility: visibility, showCustomer: showCustomer, showAmount: showAmount)
    }

    static func bulletin(title: String?, text: String?, source: String?, why: String?) -> BulletinText {
        BulletinText(
            title: (title ?? "").trimmed, text: (text ?? "").trimmed, source: (source ?? "").trimmed,
            why: (why ?? "").trimmed)
    }
}

/// What a library search found, for the page and the API.
struct LibraryResult: Sendable {
    var featured: [CaseLibraryPage.Item]
    var stories: [CaseLibraryPage.Item]
    var deals: [CaseLibraryPage.DealItem]
    var hasNextPage: Bool
}

extension Request {
    /// The story, if the signed-in person may read it; otherwise "not found", as for another
    /// organisation's id.
    func readableStory(_ id: UUID) async throws -> CaseStory {
        let identity = try signedIn()
        let story = try await tenant().stories.story(id)
        guard
            Policy().allows(
                identity.actor, .readStory(teamID: story.teamID, visibility: story.visibility, authorID: story.authorID)
            )
        else { throw AppError.notFound }
        return story
    }

    /// Runs a library search for the signed-in person: the stories they may read (and, for a query,
    /// the deals whose case matches among those they may work on), with snippets and names.
    func library(_ request: LibraryRequest) async throws -> LibraryResult {
        let identity = try signedIn()
        let tenant = try tenant()
        let audience = StoryAudience(identity.actor)
        let offset = (request.page - 1) * LibraryRequest.pageSize
        let query = SearchQuery(request.query)
        var stories: [CaseStory]
        var featured: [CaseStory] = []
        var deals: [SearchIndex.DealMatch] = []
        if query.isEmpty {
            stories = try await tenant.stories.library(
                audience: audience, filter: request.filter, limit: LibraryRequest.pageSize + 1, offset: offset)
            if request.page == 1 && request.filter == SearchFilter() {
                featured = try await tenant.stories.featured(audience: audience, limit: 5)
            }
        } else {
            stories = try await tenant.stories.search(
                query, audience: audience, filter: request.filter, limit: LibraryRequest.pageSize + 1, offset: offset)
            if request.page == 1 {
                // A story's outcome in deal terms: an unstuck story's deal is still open.
                var dealFilter = request.filter
                dealFilter.outcome = request.filter.outcome.map { $0 == StoryOutcome.unstuck.rawValue ? "open" : $0 }
                deals = try await tenant.search.deals(
                    query, visibility: DealVisibility(identity.actor), filter: dealFilter, limit: 5, offset: 0)
            }
        }
        let hasNextPage = stories.count > LibraryRequest.pageSize
        stories = Array(stories.prefix(LibraryRequest.pageSize))
        let categories = try await categoryNames()
        let teams = Dictionary(uniqueKeysWithValues: try await tenant.teams.names().map { ($0.id, $0.name) })
        func item(_ story: CaseStory) -> CaseLibraryPage.Item {
            CaseLibraryPage.Item(
                story: story,
                snippet: Snippet.make(query.isEmpty ? story.text.situation : story.text.body, matching: query.stems),
                categoryNames: story.categoryIDs.compactMap { categories[$0] }, teamName: teams[story.teamID] ?? "")
        }
        return LibraryResult(
            featured: featured.map(item), stories: stories.map(item),
            deals: deals.map {
                CaseLibraryPage.DealItem(
                    dealID: $0.dealID, title: $0.title, snippet: Snippet.make($0.body, matching: query.stems))
            }, hasNextPage: hasNextPage)
    }

    /// Obstacle category names (retired ones too: old stories keep them) in the reader's language.
    func categoryNames() async throws -> [UUID: String] {
        let locale = context.locale
        return Dictionary(
            uniqueKeysWithValues: try await tenant().taxonomy.categories(includeRetired: true).map {
                ($0.id, $0.name(locale))
            })
    }

    /// The pre-filled draft of a story from the deal's case, in the reader's language.
    func storyDraft(_ deal: Deal) async throws -> (text: CaseStoryText, categoryIDs: [UUID]) {
        let tenant = try tenant()
        let work = tenant.dealCase(deal.id)
        let obstacles = try await work.obstacles()
        let outcome = StoryEligibility.outcome(status: deal.status, obstacles: obstacles) ?? .unstuck
        let source = CaseStoryDraft.Source(
            dealTitle: deal.title, customerName: try await tenant.deals.customer(deal.customerID).name,
            outcome: outcome, closeReason: deal.closeReason, obstacles: obstacles,
            categoryNames: try await categoryNames(), answers: try await work.answers(), plans: try await work.plans(),
            evidence: try await work.evidence())
        var seen = Set<UUID>()
        return (CaseStoryDraft.make(source, t), obstacles.map(\.categoryID).filter { seen.insert($0).inserted })
    }
}

extension Request {
    /// The tactics shown per obstacle category: the best evidence first, at most this many.
    static let tacticsPerObstacle = 3

    /// The similar stories of a deal the person may work on, and what beat its obstacles before.
    /// `obstacles`: the deal's, when the caller has read them already.
    func similarCases(_ deal: Deal, obstacles known: [Obstacle]? = nil) async throws -> SimilarCasesSection.Model {
        let identity = try signedIn()
        let tenant = try tenant()
        let obstacles: [Obstacle]
        if let known { obstacles = known } else { obstacles = try await tenant.dealCase(deal.id).obstacles() }
        var seen = Set<UUID>()
        let categories = obstacles.map(\.categoryID).filter { seen.insert($0).inserted }
        let similar = try await tenant.stories.similar(
            toDeal: deal, categories: Set(categories), audience: StoryAudience(identity.actor))
        var tactics: [SimilarCasesSection.ObstacleTactics] = []
        if !categories.isEmpty {
            let taxonomy = tenant.taxonomy
            let evidence = try await taxonomy.evidence(now: now).evidence
            let catalogue = Dictionary(uniqueKeysWithValues: try await taxonomy.tactics().map { ($0.id, $0) })
            for category in categories {
                // Tactics with evidence shown first, by how much better deals did with them; then the
                // rest by how often they were tried.
                let lines = evidence.filter { $0.categoryID == category }
                    .compactMap { line in catalogue[line.tacticID].map { (tactic: $0, evidence: line) } }
                    .sorted { a, b in
                        if a.evidence.isShown != b.evidence.isShown { return a.evidence.isShown }
                        let (x, y) = (a.evidence.difference ?? 0, b.evidence.difference ?? 0)
                        if x != y { return x > y }
                        return (a.evidence.applied.deals, b.tactic.name) > (b.evidence.applied.deals, a.tactic.name)
                    }
                tactics.append(
                    SimilarCasesSection.ObstacleTactics(
                        categoryID: category, tactics: Array(lines.prefix(Self.tacticsPerObstacle))))
            }
        }
        return SimilarCasesSection.Model(
            stories: similar.map { SimilarCasesSection.Item(story: $0.story, match: $0.match) }, tactics: tactics,
            categoryNames: try await categoryNames())
    }
}
