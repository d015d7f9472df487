import FluentKit
import SQLKit

/// Sparring sessions (a seller asks, the leader suggests, they discuss, agree and the seller gives a
/// verdict), follow-ups, in-app notifications, private calendar feeds and the per-month counts of
/// blocking phrases. Every table carries `organisation_id`; per-session rows lead their index with
/// `session_id, organisation_id`, as the case tables do with the deal.
struct M019CreateSparring: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("sparring_sessions")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("deal_id", .uuid, .required, .references("deals", "id", onDelete: .cascade))
            .field("team_id", .uuid, .required, .references("teams", "id"))
            .field("requester_id", .uuid, .required, .references("users", "id"))
            .field("coach_id", .uuid, .references("users", "id"))
            .field("question", .string, .required)
            .field("context", .string, .required)
            .field("state", .string, .required)
            .field("stage_id_at_request", .uuid, .required, .references("stages", "id"))
            .field("requested_at", .datetime, .required)
            .field("ready_at", .datetime)
            .field("agreed_at", .datetime)
            .field("closed_at", .datetime)
            .field("plan_id", .uuid, .references("plans", "id"))
            .field("agreed_owner_id", .uuid, .references("users", "id"))
            .field("agreed_next_step", .string)
            .field("follow_up_on", .string)
            .field("verdict", .string)
            .field("verdict_note", .string)
            .field("updated_at", .datetime)
            .field("version", .int, .required)
            .create()
        // The leader's queue: one team's sessions in a state.
        try await createIndex(
            "sparring_sessions_queue", on: "sparring_sessions",
            ["organisation_id", "team_id", "state", "requested_at"],
            in: database)
        // A seller's own sessions and coaching log.
        try await createIndex(
            "sparring_sessions_requester", on: "sparring_sessions",
            ["organisation_id", "requester_id", "requested_at"],
            in: database)
        try await createIndex(
            "sparring_sessions_deal", on: "sparring_sessions", ["deal_id", "organisation_id", "requested_at"],
            in: database)

        try await database.schema("sparring_suggestions")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("session_id", .uuid, .required, .references("sparring_sessions", "id", onDelete: .cascade))
            .field("author_id", .uuid, .required, .references("users", "id"))
            .field("title", .string, .required)
            .field("detail", .string, .required)
            .field("plan_id", .uuid, .references("plans", "id"))
            .field("created_at", .datetime, .required)
            .field("edited_at", .datetime)
            .field("version", .int, .required)
            .create()
        try await createIndex(
            "sparring_suggestions_session", on: "sparring_suggestions",
            ["session_id", "organisation_id", "created_at"],
            in: database)

        try await database.schema("sparring_messages")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("session_id", .uuid, .required, .references("sparring_sessions", "id", onDelete: .cascade))
            .field("author_id", .uuid, .required, .references("users", "id"))
            .field("reply_to_id", .uuid, .references("sparring_messages", "id"))
            .field("text", .string, .required)
            .field("created_at", .datetime, .required)
            .field("edited_at", .datetime)
            .field("version", .int, .required)
            .create()
        try await createIndex(
            "sparring_messages_session", on: "sparring_messages", ["session_id", "organisation_id", "created_at"],
            in: database)

        try await database.schema("follow_ups")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("deal_id", .uuid, .required, .references("deals", "id", onDelete: .cascade))
            .field("session_id", .uuid, .references("sparring_sessions", "id", onDelete: .cascade))
            .field("owner_id", .uuid, .required, .references("users", "id"))
            .field("coach_id", .uuid, .references("users", "id"))
            .field("what", .string, .required)
            .field("due_on", .string, .required)
            .field("done_at", .datetime)
            .field("done_by", .uuid, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime)
            .field("version", .int, .required)
            .create()
        // "My follow-ups" is the ones I own and the ones I follow up as the leader.
        try await createIndex(
            "follow_ups_owner", on: "follow_ups", ["organisation_id", "owner_id", "due_on"], in: database)
        try await createIndex(
            "follow_ups_coach", on: "follow_ups", ["organisation_id", "coach_id", "due_on"], in: database)

        try await database.schema("notifications")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("user_id", .uuid, .required, .references("users", "id"))
            .field("kind", .string, .required)
            .field("session_id", .uuid, .references("sparring_sessions", "id", onDelete: .cascade))
            .field("deal_id", .uuid, .references("deals", "id", onDelete: .cascade))
            .field("actor_id", .uuid, .references("users", "id"))
            .field("at", .datetime, .required)
            .field("read_at", .datetime)
            .create()
        try await createIndex(
            "notifications_user", on: "notifications", ["organisation_id", "user_id", "read_at", "at"], in: database)

        // One private feed per person; only the SHA-256 of its secret is kept.
        try await database.schema("calendar_feeds")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("user_id", .uuid, .required, .references("users", "id"))
            .field("token_hash", .string, .required)
            .field("created_at", .datetime, .required)
            .field("last_used_at", .datetime)
            .unique(on: "user_id")
            .unique(on: "token_hash")
            .create()

        // The blocking phrases of each message and suggestion, counted when it is saved (and counted again
        // when it is edited), so the team view per month is one indexed aggregate, not a scan of texts.
        try await database.schema("blocker_mentions")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("team_id", .uuid, .required, .references("teams", "id"))
            .field("source_id", .uuid, .required)
            .field("month", .string, .required)
            .field("bias", .string, .required)
            .field("count", .int, .required)
            .create()
        try await createIndex(
            "blocker_mentions_team", on: "blocker_mentions", ["organisation_id", "team_id", "month"], in: database)
        try await createIndex("blocker_mentions_source", on: "blocker_mentions", ["source_id"], in: database)
    }

    func revert(on database: any Database) async throws {
        for table in [
            "blocker_mentions", "calendar_feeds", "notifications", "follow_ups", "sparring_messages",
            "sparring_suggestions", "sparring_sessions",
        ] {
            try await database.schema(table).delete()
        }
    }
}

/// Indexes the benchmark asked for (100k deals, 50k sessions, SQLite): a leader's notifications newest
/// first sorted every one of their tens of thousands of notifications (180 ms a page), because the
/// unread index has `read_at` before `at`; and open follow-ups were found by reading each of a
/// leader's follow-ups to check `done_at`. `done_at` now sits in the follow-up indexes, before the day.
/// And the home page's "my stuck deals" (a deal list filtered by owner, longest in stage first) read
/// every open deal of the organisation along `deals_org_in_stage` to find one person's (18 ms at 100k
/// deals, for a leader who owns none): the owner index now carries the list's order, so SQLite seeks
/// to the person's open deals in order instead.
struct M020SparringIndexes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(index: "deals_owner").run()
        try await createIndex(
            "deals_owner_in_stage", on: "deals", ["owner_id", "status", "stage_entered_at", "id"], in: database)
        try await createIndex(
            "notifications_user_at", on: "notifications", ["organisation_id", "user_id", "at"], in: database)
        let sql = database as! any SQLDatabase
        for name in ["follow_ups_owner", "follow_ups_coach"] { try await sql.drop(index: name).run() }
        try await createIndex(
            "follow_ups_owner_open", on: "follow_ups", ["organisation_id", "owner_id", "done_at", "due_on"],
            in: database)
        try await createIndex(
            "follow_ups_coach_open", on: "follow_ups", ["organisation_id", "coach_id", "done_at", "due_on"],
            in: database)
        // The team's blocker view sums a year of counts: with the kind and count in the index it reads
        // no table rows (22 ms → see the README's figures).
        try await sql.drop(index: "blocker_mentions_team").run()
        try await createIndex(
            "blocker_mentions_team_month", on: "blocker_mentions",
            ["organisation_id", "team_id", "month", "bias", "count"], in: database)
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for name in [
            "notifications_user_at", "follow_ups_owner_open", "follow_ups_coach_open", "deals_owner_in_stage",
            "blocker_mentions_team_month",
        ] {
            try await sql.drop(index: name).run()
        }
        try await createIndex(
            "blocker_mentions_team", on: "blocker_mentions", ["organisation_id", "team_id", "month"], in: database)
        try await createIndex("deals_owner", on: "deals", ["owner_id", "status"], in: database)
        try await createIndex(
            "follow_ups_owner", on: "follow_ups", ["organisation_id", "owner_id", "due_on"], in: database)
        try await createIndex(
            "follow_ups_coach", on: "follow_ups", ["organisation_id", "coach_id", "due_on"], in: database)
    }
}

/// A person's open sessions (the home page) among their thousands of closed ones: found by state
/// (the 1M-deal, 100k-session benchmark: 25 ms walking every session of the person before).
struct M021OpenSessionsIndex: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await createIndex(
            "sparring_sessions_requester_state", on: "sparring_sessions",
            ["organisation_id", "requester_id", "state", "requested_at"], in: database)
    }

    func revert(on database: any Database) async throws {
        try await (database as! any SQLDatabase).drop(index: "sparring_sessions_requester_state").run()
    }
}
