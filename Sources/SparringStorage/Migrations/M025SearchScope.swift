import FluentKit
import Foundation
import SQLKit

/// Each search entry carries a scope token (the kind's letter and the organisation's id), and SQLite's
/// FTS5 table indexes it as a column of its own. A search then matches the organisation's stories
/// (or deals) before anything else, so ranking never scores another organisation's documents or the
/// other kind's: at 100,000 stories beside 140,000 deals' cases, a frequent word's search went from
/// ranking every entry with the word to ranking the organisation's stories only.
struct M025SearchScope: AsyncMigration {
    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        try await database.schema("search_entries").field("scope", .string).update()
        let pairs = try await sql.select().distinct().columns("organisation_id", "kind").from("search_entries").all()
        for pair in pairs {
            let organisationID = try pair.decode(column: "organisation_id", as: UUID.self)
            let kind = try pair.decode(column: "kind", as: String.self)
            guard let searchKind = SearchKind(rawValue: kind) else { continue }
            try await sql.update("search_entries")
                .set("scope", to: SearchIndex(db: database, organisationID: organisationID).scope(searchKind))
                .where("organisation_id", .equal, organisationID).where("kind", .equal, kind).run()
        }
        guard sql.dialect.name == "sqlite" else { return }
        try await sql.raw("DROP TABLE search_fts").run()
        try await sql.raw(
            """
            CREATE VIRTUAL TABLE search_fts USING fts5(
                scope, title_terms, body_terms, content='search_entries', content_rowid='doc',
                tokenize = 'unicode61 remove_diacritics 0')
            """
        ).run()
        try await sql.raw("INSERT INTO search_fts(search_fts) VALUES ('rebuild')").run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        if sql.dialect.name == "sqlite" {
            try await sql.raw("DROP TABLE search_fts").run()
            try await sql.raw(
                """
                CREATE VIRTUAL TABLE search_fts USING fts5(
                    title_terms, body_terms, content='search_entries', content_rowid='doc',
                    tokenize = 'unicode61 remove_diacritics 0')
                """
            ).run()
            try await sql.raw("INSERT INTO search_fts(search_fts) VALUES ('rebuild')").run()
        }
        try await database.schema("search_entries").deleteField("scope").update()
    }
}
