import FluentKit
import SQLKit

/// SQLite: the search joins each FTS match to its entry by `doc` to check the organisation, the kind,
/// the reader's audience and the filters. Entries are wide (their terms, a deal's case text), so each
/// lookup read several pages; an index carrying exactly the columns the search reads answers it from
/// the index alone. A frequent word's search at 100,000 stories: 52 → see Benchmarks/README.md.
struct M027SearchCovering: AsyncMigration {
    static let columns = [
        "doc", "organisation_id", "kind", "visibility", "team_id", "owner_id", "industry", "outcome", "ref_id",
    ]

    func prepare(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase, sql.dialect.name == "sqlite" else { return }
        try await createIndex("search_entries_match", on: "search_entries", Self.columns, unique: true, in: database)
        try await sql.drop(index: "search_entries_doc").run()
    }

    func revert(on database: any Database) async throws {
        guard let sql = database as? any SQLDatabase, sql.dialect.name == "sqlite" else { return }
        try await createIndex("search_entries_doc", on: "search_entries", ["doc"], unique: true, in: database)
        try await sql.drop(index: "search_entries_match").run()
    }
}
