import FluentKit
import SQLKit

/// Case stories (with their obstacle categories and every saved version) and the search index over
/// stories and deals' case text. Every table carries `organisation_id`.
///
/// The index is one table, `search_entries`, holding the Swift-made terms of each document
/// (`SearchText.indexTerms`), so both engines match the same stems. Each engine then indexes those
/// terms its own way: SQLite with an FTS5 table over the entries (external content, so the terms are
/// stored once), PostgreSQL with a `tsvector` column and a GIN index. `SearchIndex` hides the difference.
struct M022CreateShare: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("case_stories")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("deal_id", .uuid, .required, .references("deals", "id", onDelete: .cascade))
            .field("team_id", .uuid, .required, .references("teams", "id"))
            .field("author_id", .uuid, .required, .references("users", "id"))
            .field("title", .string, .required)
            .field("situation", .string, .required)
            .field("obstacles", .string, .required)
            .field("options", .string, .required)
            .field("actions", .string, .required)
            .field("result", .string, .required)
            .field("industry", .string)
            .field("size_band", .string, .required)
            .field("outcome", .string, .required)
            .field("visibility", .string, .required)
            .field("customer_name", .string)
            .field("amount_minor", .int64)
            .field("currency", .string)
            .field("featured_at", .datetime)
            .field("published_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("version", .int, .required)
            .create()
        // The library, newest first; featured stories first.
        try await createIndex(
            "case_stories_published", on: "case_stories", ["organisation_id", "published_at"], in: database)
        try await createIndex(
            "case_stories_featured", on: "case_stories", ["organisation_id", "featured_at"], in: database)
        // The industry filter's choices, read by a loose index scan.
        try await createIndex(
            "case_stories_industry", on: "case_stories", ["organisation_id", "industry"], in: database)
        // A deal's stories.
        try await createIndex("case_stories_deal", on: "case_stories", ["deal_id", "organisation_id"], in: database)

        try await database.schema("case_story_categories")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("story_id", .uuid, .required, .references("case_stories", "id", onDelete: .cascade))
            .field("category_id", .uuid, .required, .references("obstacle_categories", "id"))
            .unique(on: "story_id", "category_id")
            .create()
        // Similar cases and the category filter start from the stories of a category, newest first.
        try await createIndex(
            "case_story_categories_category", on: "case_story_categories",
            ["organisation_id", "category_id", "story_id"], in: database)

        // Append-only: each save of a story's text is a revision; the unique version is the lock.
        try await database.schema("case_story_revisions")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("story_id", .uuid, .required, .references("case_stories", "id", onDelete: .cascade))
            .field("version", .int, .required)
            .field("title", .string, .required)
            .field("situation", .string, .required)
            .field("obstacles", .string, .required)
            .field("options", .string, .required)
            .field("actions", .string, .required)
            .field("result", .string, .required)
            .field("saved_by", .uuid, .required, .references("users", "id"))
            .field("saved_at", .datetime, .required)
            .unique(on: "story_id", "version")
            .create()

        try await database.schema("search_entries")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            // "story" or "deal"; `ref_id` is the story's or the deal's id.
            .field("kind", .string, .required)
            .field("ref_id", .uuid, .required)
            .field("team_id", .uuid, .required)
            .field("owner_id", .uuid, .required)
            .field("visibility", .string, .required)
            .field("industry", .string)
            .field("outcome", .string, .required)
            .field("title_terms", .string, .required)
            .field("body_terms", .string, .required)
            // A deal's case text as written, for its snippet (a story's text is in its own row).
            .field("body", .string)
            // SQLite: the FTS5 rowid of the entry. Unused on PostgreSQL.
            .field("doc", .int64)
            .field("updated_at", .datetime, .required)
            .unique(on: "kind", "ref_id")
            .create()

        guard let sql = database as? any SQLDatabase else { return }
        if sql.dialect.name == "sqlite" {
            try await createIndex("search_entries_doc", on: "search_entries", ["doc"], unique: true, in: database)
            // unicode61 with diacritics kept: "ø" and "å" stay distinct letters. The terms are already
            // stems, so FTS5 needs no stemmer of its own.
            try await sql.raw(
                """
                CREATE VIRTUAL TABLE search_fts USING fts5(
                    title_terms, body_terms, content='search_entries', content_rowid='doc',
                    tokenize = 'unicode61 remove_diacritics 0')
                """
            ).run()
        } else {
            try await sql.raw(
                """
                ALTER TABLE search_entries ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
                    setweight(to_tsvector('simple', title_terms), 'A')
                    || setweight(to_tsvector('simple', body_terms), 'D')) STORED
                """
            ).run()
            try await sql.raw("CREATE INDEX search_entries_vector ON search_entries USING GIN (search_vector)").run()
        }
        // Without a query the library lists by organisation, newest first.
        try await createIndex(
            "search_entries_org", on: "search_entries", ["organisation_id", "kind", "updated_at"], in: database)
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase, sql.dialect.name == "sqlite" {
            try await sql.raw("DROP TABLE search_fts").run()
        }
        for table in ["search_entries", "case_story_revisions", "case_story_categories", "case_stories"] {
            try await database.schema(table).delete()
        }
    }
}
