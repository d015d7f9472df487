import FluentKit
import SQLKit

/// When each person joined each team, so a pulse round can tell who was in the team well before it
/// opened (`PulseEligibility`). Places that existed before are dated the later of the person's and the
/// team's creation: the earliest they can have begun.
struct M033MembershipDates: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("team_memberships").field("joined_at", .datetime).update()
        let sql = database as! any SQLDatabase
        try await sql.raw(
            """
            UPDATE team_memberships SET joined_at =
            (SELECT u.created_at FROM users u WHERE u.id = team_memberships.user_id)
            """
        ).run()
        try await sql.raw(
            """
            UPDATE team_memberships SET joined_at =
            (SELECT t.created_at FROM teams t WHERE t.id = team_memberships.team_id)
            WHERE joined_at IS NULL
            OR joined_at < (SELECT t.created_at FROM teams t WHERE t.id = team_memberships.team_id)
            """
        ).run()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("team_memberships").deleteField("joined_at").update()
    }
}
