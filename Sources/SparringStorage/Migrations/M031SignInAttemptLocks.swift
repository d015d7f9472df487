import FluentKit

/// One row per throttled key (an e-mail address, or `api-token <client address>`), locked by every
/// attempt on that key while it counts the earlier ones and reserves its own: without it, thirty
/// simultaneous sign-ins all read "no failures yet" and all had their password checked.
struct M031SignInAttemptLocks: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("sign_in_attempt_locks")
            .field("key", .string, .identifier(auto: false))
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("sign_in_attempt_locks").delete()
    }
}
