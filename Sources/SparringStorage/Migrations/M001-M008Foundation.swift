import FluentKit
import SQLKit

/// Creates a plain (non-unique) index through SQLKit; Fluent's schema builder has no index support.
func createIndex(
    _ name: String, on table: String, _ columns: [String], unique: Bool = false,
    in database: any Database
) async throws {
    guard let sql = database as? any SQLDatabase else { return }
    var builder = sql.create(index: name).on(table)
    for column in columns { builder = builder.column(column) }
    if unique { builder = builder.unique() }
    try await builder.run()
}

struct M001CreateOrganisations: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("organisations")
            .id()
            .field("name", .string, .required)
            .field("default_locale", .string, .required)
            .field("base_currency", .string, .required)
            .field("time_zone", .string, .required)
            .field("created_at", .datetime)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("organisations").delete()
    }
}

struct M002CreateUsers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("users")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("name", .string, .required)
            .field("email", .string, .required)
            .field("password_hash", .string, .required)
            .field("role", .string, .required)
            .field("locale", .string)
            .field("is_active", .bool, .required)
            .field("deactivated_at", .datetime)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            // E-mail is the sign-in name, so it is unique across the installation, not per organisation.
            .unique(on: "email")
            .create()
        // The people list is read per organisation in name order (keyset pagination on name, id).
        try await createIndex("users_org_name", on: "users", ["organisation_id", "name", "id"], in: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema("users").delete()
    }
}

struct M003CreateTeams: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("teams")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("name", .string, .required)
            .field("name_key", .string, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            .unique(on: "organisation_id", "name_key")
            .create()
        try await createIndex("teams_org_name", on: "teams", ["organisation_id", "name", "id"], in: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema("teams").delete()
    }
}

struct M004CreateTeamMemberships: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("team_memberships")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("team_id", .uuid, .required, .references("teams", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("kind", .string, .required)
            .unique(on: "team_id", "user_id", "kind")
            .create()
        try await createIndex("team_memberships_user", on: "team_memberships", ["user_id"], in: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema("team_memberships").delete()
    }
}

struct M005CreateSessions: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("sessions")
            .field("id", .string, .identifier(auto: false))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("csrf_token", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_seen_at", .datetime, .required)
            .field("expires_at", .datetime, .required)
            .create()
        try await createIndex("sessions_user", on: "sessions", ["user_id"], in: database)
        try await createIndex("sessions_expires", on: "sessions", ["expires_at"], in: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema("sessions").delete()
    }
}

struct M006CreateAPITokens: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("api_tokens")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("user_id", .uuid, .required, .references("users", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("token_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_used_at", .datetime)
            .field("revoked_at", .datetime)
            .unique(on: "token_hash")
            .create()
        try await createIndex("api_tokens_user", on: "api_tokens", ["user_id"], in: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema("api_tokens").delete()
    }
}

struct M007CreateSignInFailures: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("sign_in_failures")
            .id()
            .field("email", .string, .required)
            .field("failed_at", .datetime, .required)
            .create()
        try await createIndex("sign_in_failures_email", on: "sign_in_failures", ["email", "failed_at"], in: database)
        // Old failures are purged by time (see `AccountStore.purge`).
        try await createIndex("sign_in_failures_time", on: "sign_in_failures", ["failed_at"], in: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema("sign_in_failures").delete()
    }
}

struct M008CreateInstallationFlags: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("installation_flags")
            .field("id", .string, .identifier(auto: false))
            .field("set_at", .datetime, .required)
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("installation_flags").delete()
    }
}
