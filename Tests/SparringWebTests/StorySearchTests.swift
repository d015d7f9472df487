import Foundation
import SparringDomain
import SparringStorage
import SparringTestSupport
import Testing

/// The search over case stories, on the engine the tests run against (SQLite, and PostgreSQL in CI):
/// the repository's corpus must give the same matches and the same first result on both.
@Suite struct StorySearchTests {
    struct Corpus: Decodable {
        struct Story: Decodable {
            var key, title, situation, actions, result: String
        }
        struct Query: Decodable {
            var q: String
            var matches: [String]
            var top: String
        }
        var stories: [Story]
        var queries: [Query]

        static func load() throws -> Corpus {
            let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .appendingPathComponent("Fixtures/search/corpus.json")
            return try JSONDecoder().decode(Corpus.self, from: try Data(contentsOf: url))
        }
    }

    /// A won deal for each story, published organisation-wide; returns story id by key.
    func publish(_ corpus: Corpus, org: Fixtures.Org, tenant: Tenant, at time: Date) async throws -> [String: UUID] {
        var ids: [String: UUID] = [:]
        for story in corpus.stories {
            let deal = try await CaseFixtures.deal(
                org, in: tenant, title: story.key, status: .won, obstacles: [], tactics: [], chosen: false, at: time)
            let published = try await tenant.stories.publish(
                dealID: deal.id,
                text: CaseStoryText(
                    title: story.title, situation: story.situation, actions: story.actions, result: story.result),
                settings: CaseStorySettings(
                    categoryIDs: [], visibility: .organisation, showCustomer: false, showAmount: false),
                locale: .en, by: org.seller.id, at: time)
            ids[story.key] = published.id
        }
        return ids
    }

    @Test func theCorpusFindsInflectedFormsAndRanksTheSameTopResult() async throws {
        try await withSparring { ctx in
            let corpus = try Corpus.load()
            let org = try await Fixtures.organisation(ctx.app, tag: "search")
            let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
            let ids = try await publish(corpus, org: org, tenant: tenant, at: ctx.clock.now)
            let keys = Dictionary(uniqueKeysWithValues: ids.map { ($0.value, $0.key) })
            func check() async throws {
                for query in corpus.queries {
                    let found = try await tenant.stories.search(
                        SearchQuery(query.q), audience: StoryAudience(org.seller.actor), filter: SearchFilter(),
                        limit: 20, offset: 0)
                    let names = found.map { keys[$0.id] ?? "?" }
                    #expect(Set(names) == Set(query.matches), "\(query.q): \(names)")
                    #expect(names.first == query.top, "\(query.q): \(names)")
                }
            }
            try await check()
            // With another organisation's stories in the index (their words the same), nothing of
            // theirs is found and the answers stay the same.
            let other = try await Fixtures.organisation(ctx.app, tag: "other")
            let otherTenant = Tenant(db: ctx.app.db, organisationID: other.organisation.id)
            _ = try await publish(corpus, org: other, tenant: otherTenant, at: ctx.clock.now)
            try await check()
            // The index is derived: rebuilt from the stories, it answers the same.
            let rebuilt = try await tenant.search.rebuild(at: ctx.clock.now)
            // Each corpus deal has a plan on its case (`CaseFixtures`), so each is indexed too.
            #expect(rebuilt.stories == corpus.stories.count && rebuilt.deals == corpus.stories.count)
            try await check()
        }
    }
}
