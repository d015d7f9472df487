import FluentKit
import SQLKit

/// The leader's side (issue 7): resource pools, requests and confirmed plans; self-assessments; pulse
/// rounds, their answers and, apart from them, who has answered; and the indexes the outcome
/// dashboard reads a team's month through.
struct M029CreateLeadership: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("resource_pools")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("team_id", .uuid, .required, .references("teams", "id"))
            .field("name", .string, .required)
            .field("kind", .string, .required)
            .field("unit", .string, .required)
            .field("period", .string, .required)
            .field("capacity", .int, .required)
            .field("retired_at", .datetime)
            .field("created_at", .datetime, .required)
            .field("version", .int, .required)
            .create()
        try await createIndex(
            "resource_pools_team", on: "resource_pools", ["organisation_id", "team_id"], in: database)

        try await database.schema("allocation_plans")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("team_id", .uuid, .required, .references("teams", "id"))
            .field("planned_on", .string, .required)
            .field("confirmed_by", .uuid, .required, .references("users", "id"))
            .field("confirmed_at", .datetime, .required)
            .field("proposed_gain", .double, .required)
            .field("confirmed_gain", .double, .required)
            .field("bound", .double, .required)
            .field("currency", .string, .required)
            .create()
        try await createIndex(
            "allocation_plans_team", on: "allocation_plans", ["organisation_id", "team_id", "confirmed_at"],
            in: database)

        try await database.schema("resource_requests")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("team_id", .uuid, .required, .references("teams", "id"))
            .field("pool_id", .uuid, .required, .references("resource_pools", "id"))
            .field("deal_id", .uuid, .required, .references("deals", "id", onDelete: .cascade))
            .field("period_key", .string, .required)
            .field("amount", .int, .required)
            .field("uplift", .int, .required)
            .field("reason", .string, .required)
            .field("requested_by", .uuid, .required, .references("users", "id"))
            .field("requested_at", .datetime, .required)
            .field("status", .string, .required)
            .field("plan_id", .uuid, .references("allocation_plans", "id"))
            .field("version", .int, .required)
            .create()
        try await createIndex(
            "resource_requests_pool", on: "resource_requests", ["pool_id", "period_key", "organisation_id"],
            in: database)
        try await createIndex(
            "resource_requests_deal", on: "resource_requests", ["deal_id", "organisation_id"], in: database)
        try await createIndex(
            "resource_requests_team", on: "resource_requests", ["team_id", "status", "organisation_id"], in: database)
        try await createIndex(
            "resource_requests_plan", on: "resource_requests", ["plan_id", "organisation_id"], in: database)

        var assessments = database.schema("self_assessments")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("leader_id", .uuid, .required, .references("users", "id"))
            .field("quarter", .string, .required)
        // Written out, not taken from the enums: a statement added later gets its own migration.
        for column in [
            "s_knows_enough", "s_knows_the_process", "s_helps_when_stuck", "s_coaches_on_real_cases",
            "s_resources_where_they_matter", "s_investigates", "s_creates_options", "s_shares_what_works",
        ] {
            assessments = assessments.field(FieldKey(stringLiteral: column), .int, .required)
        }
        for column in ["r_good_leader", "r_help_succeed", "r_do_what_the_best_do", "r_bring_innovation"] {
            assessments = assessments.field(FieldKey(stringLiteral: column), .string, .required)
        }
        try await assessments.field("updated_at", .datetime, .required).field("version", .int, .required)
            .unique(on: "leader_id", "quarter").create()

        try await database.schema("pulse_rounds")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("team_id", .uuid, .required, .references("teams", "id"))
            .field("leader_id", .uuid, .required, .references("users", "id"))
            .field("opened_by", .uuid, .required, .references("users", "id"))
            .field("opened_at", .datetime, .required)
            .field("closed_at", .datetime)
            .field("seed", .int64, .required)
            .field("version", .int, .required)
            .create()
        try await createIndex(
            "pulse_rounds_team", on: "pulse_rounds", ["organisation_id", "team_id", "opened_at"], in: database)
        try await createIndex(
            "pulse_rounds_leader", on: "pulse_rounds", ["organisation_id", "leader_id", "opened_at"], in: database)

        // Who has answered, and nothing about what: no time, no link to an answer (design §1,
        // principle 2). The answers below carry no person, no time and a random id.
        try await database.schema("pulse_participants")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("round_id", .uuid, .required, .references("pulse_rounds", "id", onDelete: .cascade))
            .field("user_id", .uuid, .required, .references("users", "id"))
            .unique(on: "round_id", "user_id")
            .create()
        var answers = database.schema("pulse_answers")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("round_id", .uuid, .required, .references("pulse_rounds", "id", onDelete: .cascade))
        for column in [
            "s_knows_enough", "s_knows_the_process", "s_helps_when_stuck", "s_coaches_on_real_cases",
            "s_resources_where_they_matter", "s_brings_new_ways", "s_shares_what_works",
        ] {
            answers = answers.field(FieldKey(stringLiteral: column), .int, .required)
        }
        try await answers.field("comment", .string).create()
        try await createIndex(
            "pulse_answers_round", on: "pulse_answers", ["round_id", "organisation_id"], in: database)

        // The dashboard's month of a team: closed deals, obstacles named and resolved, plans made and chosen.
        // Covering: the comparisons read a team's closed deals of a quarter without touching the table.
        try await createIndex(
            "deals_team_closed", on: "deals", ["team_id", "closed_at", "status", "created_at", "id"], in: database)
        try await createIndex("obstacles_named", on: "obstacles", ["organisation_id", "created_at"], in: database)
        try await createIndex("obstacles_resolved", on: "obstacles", ["organisation_id", "resolved_at"], in: database)
        try await createIndex("plans_created", on: "plans", ["organisation_id", "created_at"], in: database)
        try await createIndex("plans_chosen", on: "plans", ["organisation_id", "chosen_at"], in: database)
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for index in ["deals_team_closed", "obstacles_named", "obstacles_resolved", "plans_created", "plans_chosen"] {
            try await sql.drop(index: index).run()
        }
        for table in [
            "pulse_answers", "pulse_participants", "pulse_rounds", "self_assessments", "resource_requests",
            "allocation_plans", "resource_pools",
        ] {
            try await database.schema(table).delete()
        }
    }
}
