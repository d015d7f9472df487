import FluentKit
import SQLKit

/// Bulletins: news a leader forwards to teams with why it matters, the deals it affects, and each
/// reader's one mark (useful or not relevant). The marks keep the reader only to allow one mark each;
/// no page or API shows who marked what, only the counts.
struct M023CreateBulletins: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("bulletins")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("author_id", .uuid, .required, .references("users", "id"))
            .field("title", .string, .required)
            .field("text", .string, .required)
            .field("source", .string, .required)
            .field("why", .string, .required)
            .field("published_at", .datetime, .required)
            .field("updated_at", .datetime, .required)
            .field("version", .int, .required)
            .create()
        try await createIndex(
            "bulletins_author", on: "bulletins", ["organisation_id", "author_id", "published_at"], in: database)

        try await database.schema("bulletin_teams")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("bulletin_id", .uuid, .required, .references("bulletins", "id", onDelete: .cascade))
            .field("team_id", .uuid, .required, .references("teams", "id"))
            .unique(on: "bulletin_id", "team_id")
            .create()
        // The feed: a team's bulletins, newest first (bulletin ids are time-ordered).
        try await createIndex(
            "bulletin_teams_team", on: "bulletin_teams", ["organisation_id", "team_id", "bulletin_id"], in: database)

        try await database.schema("bulletin_deals")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("bulletin_id", .uuid, .required, .references("bulletins", "id", onDelete: .cascade))
            .field("deal_id", .uuid, .required, .references("deals", "id", onDelete: .cascade))
            .field("linked_by", .uuid, .required, .references("users", "id"))
            .field("linked_at", .datetime, .required)
            .unique(on: "bulletin_id", "deal_id")
            .create()
        try await createIndex(
            "bulletin_deals_deal", on: "bulletin_deals", ["deal_id", "organisation_id"], in: database)

        try await database.schema("bulletin_reactions")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("bulletin_id", .uuid, .required, .references("bulletins", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id"))
            .field("reaction", .string, .required)
            .field("at", .datetime, .required)
            .unique(on: "bulletin_id", "user_id")
            .create()
        // Counts per bulletin and reaction.
        try await createIndex(
            "bulletin_reactions_count", on: "bulletin_reactions", ["bulletin_id", "reaction"], in: database)

        // Suggested deals: the industries customers have, read by a loose index scan.
        try await createIndex("customers_industry", on: "customers", ["organisation_id", "industry"], in: database)
    }

    func revert(on database: any Database) async throws {
        if let sql = database as? any SQLDatabase { try await sql.drop(index: "customers_industry").run() }
        for table in ["bulletin_reactions", "bulletin_deals", "bulletin_teams", "bulletins"] {
            try await database.schema(table).delete()
        }
    }
}
