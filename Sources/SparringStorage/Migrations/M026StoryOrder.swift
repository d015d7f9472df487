import FluentKit
import SQLKit

/// The library's newest-first list orders by publication and then id (so pages never overlap); with
/// only `(organisation_id, published_at)` SQLite sorted all 100,000 stories for every page (50 ms).
struct M026StoryOrder: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await createIndex(
            "case_stories_newest", on: "case_stories", ["organisation_id", "published_at", "id"], in: database)
        if let sql = database as? any SQLDatabase { try await sql.drop(index: "case_stories_published").run() }
    }

    func revert(on database: any Database) async throws {
        try await createIndex(
            "case_stories_published", on: "case_stories", ["organisation_id", "published_at"], in: database)
        if let sql = database as? any SQLDatabase { try await sql.drop(index: "case_stories_newest").run() }
    }
}
