import FluentKit

/// An administrator can reset a person's password to a temporary one; until they choose their own,
/// every page leads them to the password form. Existing people are not affected (default false).
struct M030MustChangePassword: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("users")
            .field("must_change_password", .bool, .required, .sql(.default(false)))
            .update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("users").deleteField("must_change_password").update()
    }
}
