import FluentKit
import Foundation
import SQLKit

/// Rules of one of a kind, held by unique partial indexes instead of a check before the insert (two
/// requests at once both passed the check):
/// - one chosen plan per deal: choosing another marks the earlier one replaced (`plans.replaced_at`),
///   keeping when and by whom it was chosen and how it turned out;
/// - one open sparring session per deal;
/// - one open pulse round per leader and team.
/// A chosen plan's next step becomes a follow-up (`follow_ups.plan_id`), as an agreement's always was.
/// And the case page's plans query gets an index that leads with the deal and names the organisation
/// (`plans_deal`): with only `(deal_id, letter)`, SQLite without statistics walked the organisation's
/// `plans_chosen` index over every plan instead (110–135 ms at 100,000 deals, 9 ms seeking the deal).
///
/// Data that broke the rules before is mended first, so the indexes can be made: of several chosen
/// plans the latest stays chosen and the others are replaced when it was chosen; of several open
/// sessions on a deal the latest stays open and the others are withdrawn (their suggestions and
/// messages stay); chosen plans of open deals whose next step had no follow-up get one, due as chosen
/// (a closed deal's next step is past following up).
struct M036OneOfAKind: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("plans").field("replaced_at", .datetime).update()
        try await createIndex("plans_deal", on: "plans", ["deal_id", "organisation_id", "created_at"], in: database)
        try await database.schema("follow_ups").field("plan_id", .uuid, .references("plans", "id")).update()
        try await createIndex("follow_ups_plan", on: "follow_ups", ["plan_id"], in: database)
        try await Self.mendAndHold(database as! any SQLDatabase)
    }

    /// Mends data that breaks the rules, then makes the unique indexes that hold them from now on.
    static func mendAndHold(_ sql: any SQLDatabase) async throws {
        try await sql.raw(
            """
            UPDATE plans SET replaced_at = (
                SELECT MIN(later.chosen_at) FROM plans later
                WHERE later.deal_id = plans.deal_id AND later.id <> plans.id AND later.chosen_at IS NOT NULL
                  AND (later.chosen_at > plans.chosen_at OR (later.chosen_at = plans.chosen_at AND later.id > plans.id)))
            WHERE chosen_at IS NOT NULL AND EXISTS (
                SELECT 1 FROM plans later
                WHERE later.deal_id = plans.deal_id AND later.id <> plans.id AND later.chosen_at IS NOT NULL
                  AND (later.chosen_at > plans.chosen_at OR (later.chosen_at = plans.chosen_at AND later.id > plans.id)))
            """
        ).run()
        try await sql.raw(
            "CREATE UNIQUE INDEX plans_one_chosen ON plans (deal_id) WHERE chosen_at IS NOT NULL AND replaced_at IS NULL"
        ).run()

        let open = "('requested', 'ready', 'agreed')"
        try await sql.raw(
            """
            UPDATE sparring_sessions SET state = 'withdrawn', version = version + 1
            WHERE state IN \(unsafeRaw: open) AND EXISTS (
                SELECT 1 FROM sparring_sessions later
                WHERE later.deal_id = sparring_sessions.deal_id AND later.state IN \(unsafeRaw: open)
                  AND (later.requested_at > sparring_sessions.requested_at
                       OR (later.requested_at = sparring_sessions.requested_at AND later.id > sparring_sessions.id)))
            """
        ).run()
        try await sql.raw(
            "CREATE UNIQUE INDEX sparring_sessions_one_open ON sparring_sessions (deal_id) WHERE state IN \(unsafeRaw: open)"
        ).run()

        // Two open rounds about one leader cannot be mended here: closing one opens its sealed answers,
        // which needs the server's key. Say so rather than fail obscurely.
        let twice = try await sql.raw(
            """
            SELECT team_id FROM pulse_rounds WHERE closed_at IS NULL
            GROUP BY team_id, leader_id HAVING COUNT(*) > 1
            """
        ).all()
        guard twice.isEmpty else {
            throw MigrationProblem(
                "\(twice.count) team(s) have two open pulse rounds about one leader; close the older one with "
                    + "the previous version of Sparring, then start this one again")
        }
        try await sql.raw(
            "CREATE UNIQUE INDEX pulse_rounds_one_open ON pulse_rounds (team_id, leader_id) WHERE closed_at IS NULL"
        ).run()

        try await sql.raw(
            """
            UPDATE follow_ups SET plan_id = (SELECT s.plan_id FROM sparring_sessions s WHERE s.id = follow_ups.session_id)
            WHERE session_id IS NOT NULL
            """
        ).run()
        let lost = try await sql.raw(
            """
            SELECT id, organisation_id, deal_id, owner_id, chosen_by, next_step, due_on, chosen_at FROM plans
            WHERE chosen_at IS NOT NULL AND replaced_at IS NULL AND owner_id IS NOT NULL AND due_on IS NOT NULL
              AND NOT EXISTS (SELECT 1 FROM follow_ups f WHERE f.plan_id = plans.id)
              AND EXISTS (SELECT 1 FROM deals d WHERE d.id = plans.deal_id AND d.status IN ('open', 'onHold'))
            """
        ).all()
        for plan in lost {
            let owner = try plan.decode(column: "owner_id", as: UUID.self)
            let chooser = try plan.decode(column: "chosen_by", as: UUID?.self)
            let at = try plan.decode(column: "chosen_at", as: Date.self)
            try await sql.insert(into: "follow_ups")
                .columns(
                    "id", "organisation_id", "deal_id", "plan_id", "owner_id", "coach_id", "what", "due_on",
                    "created_at", "updated_at", "version"
                )
                .values(
                    SQLBind(UUID()), SQLBind(try plan.decode(column: "organisation_id", as: UUID.self)),
                    SQLBind(try plan.decode(column: "deal_id", as: UUID.self)),
                    SQLBind(try plan.decode(column: "id", as: UUID.self)), SQLBind(owner),
                    SQLBind(chooser == owner ? nil : chooser),
                    SQLBind(try plan.decode(column: "next_step", as: String?.self) ?? ""),
                    SQLBind(try plan.decode(column: "due_on", as: String.self)), SQLBind(at), SQLBind(at), SQLBind(1)
                ).run()
        }
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for index in [
            "follow_ups_plan", "pulse_rounds_one_open", "sparring_sessions_one_open", "plans_one_chosen", "plans_deal",
        ] {
            try await sql.drop(index: index).run()
        }
        try await database.schema("follow_ups").deleteField("plan_id").update()
        try await database.schema("plans").deleteField("replaced_at").update()
    }
}

/// A migration that cannot go on with the data it found, and what to do about it.
struct MigrationProblem: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
