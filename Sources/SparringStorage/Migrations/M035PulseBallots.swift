import FluentKit
import Foundation
import SQLKit
import SparringDomain

/// Who may answer a pulse round, fixed when it opens (`pulse_round_members`, with whether each was in
/// the team a month before: `PulseEligibility`), and the answers of open rounds, sealed until the round
/// closes (`pulse_ballots`, `PulseSeal.swift`). Rounds that already exist get their members: for a
/// closed round those who answered, counted as settled so its results stay as they were; for an open
/// one the team's members now, dated as `M033MembershipDates` dated them.
struct M035PulseBallots: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("pulse_round_members")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("round_id", .uuid, .required, .references("pulse_rounds", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id"))
            .field("settled", .bool, .required)
            .unique(on: "round_id", "user_id")
            .create()
        // No time and no order: a ballot says only which round it belongs to.
        try await database.schema("pulse_ballots")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("round_id", .uuid, .required, .references("pulse_rounds", "id", onDelete: .cascade))
            .field("sealed", .string, .required)
            .create()
        try await createIndex(
            "pulse_ballots_round", on: "pulse_ballots", ["round_id", "organisation_id"], in: database)

        let sql = database as! any SQLDatabase
        for round in try await sql.select().columns("id", "organisation_id", "team_id", "leader_id", "opened_at")
            .column(SQLColumn("closed_at")).from("pulse_rounds").all()
        {
            let id = try round.decode(column: "id", as: UUID.self)
            let organisation = try round.decode(column: "organisation_id", as: UUID.self)
            let opened = try round.decode(column: "opened_at", as: Date.self)
            var members: [UUID: Bool] = [:]
            if try round.decode(column: "closed_at", as: Date?.self) == nil {
                for row in try await sql.select().columns("m.user_id", "m.joined_at")
                    .from(SQLAlias(SQLIdentifier("team_memberships"), as: SQLIdentifier("m")))
                    .join(
                        SQLAlias(SQLIdentifier("users"), as: SQLIdentifier("u")), method: SQLJoinMethod.inner,
                        on: SQLColumn("id", table: "u"), .equal, SQLColumn("user_id", table: "m")
                    )
                    .where(
                        SQLColumn("team_id", table: "m"), .equal,
                        SQLBind(try round.decode(column: "team_id", as: UUID.self))
                    )
                    .where(SQLColumn("kind", table: "m"), .equal, SQLBind("member"))
                    .where(SQLColumn("is_active", table: "u"), .equal, SQLBind(true)).all()
                {
                    let user = try row.decode(column: "user_id", as: UUID.self)
                    guard user != (try round.decode(column: "leader_id", as: UUID.self)) else { continue }
                    members[user] = PulseEligibility.isSettled(
                        joinedAt: try row.decode(column: "joined_at", as: Date?.self), openedAt: opened)
                }
            }
            for row in try await sql.select().column("user_id").from("pulse_participants")
                .where("round_id", .equal, id).all()
            {
                members[try row.decode(column: "user_id", as: UUID.self)] = true
            }
            for (user, settled) in members {
                try await sql.insert(into: "pulse_round_members")
                    .columns("id", "organisation_id", "round_id", "user_id", "settled")
                    .values(SQLBind(UUID()), SQLBind(organisation), SQLBind(id), SQLBind(user), SQLBind(settled)).run()
            }
        }
    }

    func revert(on database: any Database) async throws {
        try await database.schema("pulse_ballots").delete()
        try await database.schema("pulse_round_members").delete()
    }
}
