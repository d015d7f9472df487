import FluentKit
import SQLKit

/// Guest contributors of a deal's case, and comments on cases (by anybody who may work on the deal,
/// and by its guests).
struct M024CreateGuestsAndComments: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("deal_guests")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("deal_id", .uuid, .required, .references("deals", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id"))
            .field("invited_by", .uuid, .required, .references("users", "id"))
            .field("invited_at", .datetime, .required)
            .unique(on: "deal_id", "user_id")
            .create()
        // Every request of a signed-in person reads the cases they are a guest of.
        try await createIndex("deal_guests_user", on: "deal_guests", ["user_id", "organisation_id"], in: database)

        try await database.schema("case_comments")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("deal_id", .uuid, .required, .references("deals", "id", onDelete: .cascade))
            .field("author_id", .uuid, .required, .references("users", "id"))
            .field("text", .string, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await createIndex(
            "case_comments_deal", on: "case_comments", ["deal_id", "organisation_id", "created_at"], in: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema("case_comments").delete()
        try await database.schema("deal_guests").delete()
    }
}
