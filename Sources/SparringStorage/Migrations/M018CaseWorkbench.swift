import FluentKit
import Foundation
import SQLKit
import SparringDomain

/// The case workbench on every deal (Investigate and Create): the obstacle taxonomy, obstacles, the
/// four questions' answers as revisions, buying influences, the evidence log, plans, tactics and the
/// case's audit trail. Every table carries `organisation_id`, and every row a deal owns carries
/// `deal_id`, so each query is scoped by the organisation and reaches a deal's case by one index. The
/// per-deal indexes lead with `deal_id, organisation_id`: a query naming both then matches two columns
/// of them, and SQLite (without ANALYZE statistics) no longer picks an organisation-wide index instead
/// (a case page at 100k demo deals: 128 ms before).
struct M018CreateCaseWorkbench: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("obstacle_categories")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("key", .string)
            .field("name_nb", .string, .required)
            .field("name_en", .string, .required)
            .field("position", .int, .required)
            .field("retired_at", .datetime)
            .field("version", .int, .required)
            .create()
        try await createIndex(
            "obstacle_categories_org", on: "obstacle_categories", ["organisation_id", "position"], in: database)

        try await database.schema("obstacles")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("deal_id", .uuid, .required, .references("deals", "id", onDelete: .cascade))
            .field("category_id", .uuid, .required, .references("obstacle_categories", "id"))
            .field("detail", .string, .required)
            .field("resolution", .string)
            .field("resolved_at", .datetime)
            .field("resolved_by", .uuid, .references("users", "id"))
            .field("created_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .field("version", .int, .required)
            .create()
        try await createIndex(
            "obstacles_deal", on: "obstacles", ["deal_id", "organisation_id", "created_at"], in: database)
        // Tactic evidence starts from the deals that had an obstacle of a category.
        try await createIndex(
            "obstacles_category", on: "obstacles", ["organisation_id", "category_id", "deal_id"], in: database)

        // Append-only: each save of an answer is a new revision, so the case shows how thinking moved.
        // The unique revision number is the optimistic lock: two saves on the same revision cannot both land.
        try await database.schema("case_answers")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("deal_id", .uuid, .required, .references("deals", "id", onDelete: .cascade))
            .field("question", .string, .required)
            .field("revision", .int, .required)
            .field("text", .string, .required)
            .field("answered_by", .uuid, .required, .references("users", "id"))
            .field("answered_at", .datetime, .required)
            .unique(on: "deal_id", "question", "revision")
            .create()

        try await database.schema("buying_influences")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("deal_id", .uuid, .required, .references("deals", "id", onDelete: .cascade))
            .field("name", .string, .required)
            .field("title", .string)
            .field("role", .string, .required)
            .field("stance", .string, .required)
            .field("note", .string)
            .field("created_at", .datetime, .required)
            .field("version", .int, .required)
            .create()
        try await createIndex(
            "buying_influences_deal", on: "buying_influences", ["deal_id", "organisation_id", "created_at"],
            in: database)

        try await database.schema("evidence_entries")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("deal_id", .uuid, .required, .references("deals", "id", onDelete: .cascade))
            .field("tried", .string, .required)
            .field("result", .string, .required)
            .field("note", .string)
            .field("tried_on", .string, .required)
            .field("recorded_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .field("version", .int, .required)
            .create()
        try await createIndex(
            "evidence_entries_deal", on: "evidence_entries", ["deal_id", "organisation_id", "tried_on"], in: database)

        try await database.schema("tactics")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("name", .string, .required)
            .field("summary", .string, .required)
            .field("retired_at", .datetime)
            .field("created_at", .datetime, .required)
            .field("version", .int, .required)
            .create()
        try await createIndex("tactics_org_name", on: "tactics", ["organisation_id", "name"], in: database)

        try await database.schema("tactic_categories")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("tactic_id", .uuid, .required, .references("tactics", "id", onDelete: .cascade))
            .field("category_id", .uuid, .required, .references("obstacle_categories", "id"))
            .unique(on: "tactic_id", "category_id")
            .create()

        try await database.schema("plans")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("deal_id", .uuid, .required, .references("deals", "id", onDelete: .cascade))
            .field("letter", .string, .required)
            .field("title", .string, .required)
            .field("approach", .string, .required)
            .field("steps", .string, .required)
            .field("consequences", .string, .required)
            .field("risks", .string, .required)
            .field("positioning", .string, .required)
            .field("resources", .string, .required)
            .field("expected_effect", .string, .required)
            .field("chosen_by", .uuid, .references("users", "id"))
            .field("chosen_at", .datetime)
            .field("next_step", .string)
            .field("owner_id", .uuid, .references("users", "id"))
            .field("due_on", .string)
            .field("outcome", .string)
            .field("outcome_note", .string)
            .field("outcome_at", .datetime)
            .field("created_by", .uuid, .required, .references("users", "id"))
            .field("created_at", .datetime, .required)
            .field("updated_at", .datetime)
            .field("version", .int, .required)
            .unique(on: "deal_id", "letter")
            .create()

        // `chosen` is copied from the plan so the evidence query counts chosen plans' tactics without
        // reading the plans table.
        try await database.schema("plan_tactics")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("plan_id", .uuid, .required, .references("plans", "id", onDelete: .cascade))
            .field("deal_id", .uuid, .required, .references("deals", "id", onDelete: .cascade))
            .field("tactic_id", .uuid, .required, .references("tactics", "id"))
            .field("chosen", .bool, .required)
            .unique(on: "plan_id", "tactic_id")
            .create()
        try await createIndex(
            "plan_tactics_deal", on: "plan_tactics", ["deal_id", "organisation_id", "chosen", "tactic_id"], in: database
        )
        try await createIndex(
            "plan_tactics_tactic", on: "plan_tactics", ["organisation_id", "tactic_id"], in: database)

        try await database.schema("case_events")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("deal_id", .uuid, .required, .references("deals", "id", onDelete: .cascade))
            .field("actor_id", .uuid, .required, .references("users", "id"))
            .field("at", .datetime, .required)
            .field("action", .string, .required)
            .field("subject", .string, .required)
            .create()
        try await createIndex(
            "case_events_deal", on: "case_events", ["deal_id", "organisation_id", "at"], in: database)

        // The tactic evidence of an organisation as last computed: one aggregate over its closed deals'
        // obstacles and chosen plans takes a quarter of a second at 100k cases, too much for every view.
        try await database.schema("tactic_evidence_snapshots")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("computed_at", .datetime, .required)
            .field("cells", .string, .required)
            .unique(on: "organisation_id")
            .create()

        // Organisations made before the workbench get the default taxonomy and tactics, as new ones do,
        // dated as the organisation (a migration has no clock of its own; the starters came with it).
        let sql = database as! any SQLDatabase
        for row in try await sql.select().columns("id", "default_locale", "created_at").from("organisations").all() {
            try await ObstacleTaxonomyStore.createDefault(
                organisationID: try row.decode(column: "id", as: UUID.self),
                locale: AppLocale(rawValue: try row.decode(column: "default_locale", as: String.self)) ?? .en,
                at: try row.decode(column: "created_at", as: Date?.self) ?? Date(timeIntervalSince1970: 0),
                on: database)
        }
    }

    func revert(on database: any Database) async throws {
        for table in [
            "tactic_evidence_snapshots", "case_events", "plan_tactics", "plans", "tactic_categories", "tactics",
            "evidence_entries",
            "buying_influences", "case_answers", "obstacles", "obstacle_categories",
        ] {
            try await database.schema(table).delete()
        }
    }
}
