import FluentKit
import SQLKit

struct M009CreatePipelines: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("pipelines")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("name_nb", .string, .required)
            .field("name_en", .string, .required)
            .field("position", .int, .required)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .create()
        try await createIndex("pipelines_org", on: "pipelines", ["organisation_id", "position"], in: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema("pipelines").delete()
    }
}

struct M010CreateStages: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("stages")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("pipeline_id", .uuid, .required, .references("pipelines", "id"))
            .field("key", .string)
            .field("name_nb", .string, .required)
            .field("name_en", .string, .required)
            .field("position", .int, .required)
            .field("probability", .int, .required)
            .field("expected_days", .int)
            .field("kind", .string, .required)
            .field("retired_at", .datetime)
            .field("version", .int, .required)
            .create()
        try await createIndex("stages_pipeline", on: "stages", ["pipeline_id", "position"], in: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema("stages").delete()
    }
}

struct M011CreateCustomers: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("customers")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("name", .string, .required)
            .field("name_key", .string, .required)
            .field("industry", .string)
            .field("size_band", .string)
            .field("segment", .string)
            .field("external_source", .string)
            .field("external_id", .string)
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            // Re-importing an export finds its customers again by their id in the CRM.
            .unique(on: "organisation_id", "external_source", "external_id")
            .create()
        try await createIndex("customers_org_name", on: "customers", ["organisation_id", "name_key"], in: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema("customers").delete()
    }
}

struct M012CreateDeals: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("deals")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("customer_id", .uuid, .required, .references("customers", "id"))
            .field("owner_id", .uuid, .required, .references("users", "id"))
            .field("team_id", .uuid, .required, .references("teams", "id"))
            .field("pipeline_id", .uuid, .required, .references("pipelines", "id"))
            .field("stage_id", .uuid, .required, .references("stages", "id"))
            .field("title", .string, .required)
            .field("amount_minor", .int64, .required)
            .field("currency", .string, .required)
            .field("expected_close_on", .string)
            .field("status", .string, .required)
            .field("close_reason", .string)
            .field("next_step", .string)
            .field("source", .string)
            .field("external_source", .string)
            .field("external_id", .string)
            .field("stage_entered_at", .datetime, .required)
            .field("close_date_pushes", .int, .required)
            .field("closed_at", .datetime)
            // A stuck flag snoozed by the owner or a leader until a day, with the reason.
            .field("snoozed_until", .string)
            .field("snooze_reason", .string)
            .field("snoozed_by", .uuid, .references("users", "id"))
            .field("version", .int, .required)
            .field("created_at", .datetime)
            .field("updated_at", .datetime)
            // Re-importing an export updates deals by their id in the CRM, never duplicates them.
            .unique(on: "organisation_id", "external_source", "external_id")
            .create()
        // A team's board and stuck list: open deals per stage, oldest in stage first. The close date and
        // its postponements ride along so every stuck rule is judged from the index alone (1M deals: the
        // stuck list went from 111 ms to 80 ms median on SQLite when they were added).
        try await createIndex(
            "deals_team_board", on: "deals",
            ["team_id", "status", "stage_id", "stage_entered_at", "expected_close_on", "close_date_pushes"],
            in: database)
        // Column totals without reading the table (covering: ENVIRONMENT.md measured 0.6 ms at 1M rows).
        try await createIndex(
            "deals_team_totals", on: "deals", ["team_id", "status", "stage_id", "currency", "amount_minor"],
            in: database)
        try await createIndex("deals_owner", on: "deals", ["owner_id", "status"], in: database)
        try await createIndex("deals_customer", on: "deals", ["customer_id"], in: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema("deals").delete()
    }
}

struct M013CreateStageChanges: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("stage_changes")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("deal_id", .uuid, .required, .references("deals", "id", onDelete: .cascade))
            .field("from_stage_id", .uuid, .references("stages", "id"))
            .field("to_stage_id", .uuid, .required, .references("stages", "id"))
            .field("changed_at", .datetime, .required)
            .field("changed_by", .uuid, .references("users", "id"))
            .field("origin", .string, .required)
            .create()
        try await createIndex("stage_changes_deal", on: "stage_changes", ["deal_id", "changed_at"], in: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema("stage_changes").delete()
    }
}

/// Completed stays per stage as a histogram of whole days, kept up to date with every stage change,
/// so the stuck rules' 75th percentile never has to read a million rows of history.
struct M014CreateStageStayDays: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("stage_stay_days")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("stage_id", .uuid, .required, .references("stages", "id"))
            .field("days", .int, .required)
            .field("stays", .int, .required)
            .unique(on: "stage_id", "days")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("stage_stay_days").delete()
    }
}
