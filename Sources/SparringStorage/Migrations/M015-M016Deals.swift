import FluentKit
import SQLKit

/// Exchange rates an admin maintains, one per currency, with the day each was set.
struct M015CreateExchangeRates: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("exchange_rates")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("currency", .string, .required)
            .field("rate", .string, .required)
            .field("set_on", .string, .required)
            .field("set_by", .uuid, .references("users", "id"))
            .field("version", .int, .required)
            .unique(on: "organisation_id", "currency")
            .create()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("exchange_rates").delete()
    }
}

/// The deal list's orders across the organisation, each a seek on an index instead of a sort of a
/// million rows; and the few snoozed deals, found without reading the others.
struct M016DealListIndexes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await createIndex(
            "deals_org_in_stage", on: "deals", ["organisation_id", "status", "stage_entered_at", "id"], in: database)
        try await createIndex(
            "deals_org_amount", on: "deals", ["organisation_id", "status", "amount_minor", "id"], in: database)
        try await createIndex(
            "deals_org_close", on: "deals", ["organisation_id", "status", "expected_close_on", "id"], in: database)
        try await createIndex(
            "deals_org_updated", on: "deals", ["organisation_id", "status", "updated_at", "id"], in: database)
        // Partial: SQLite and PostgreSQL spell it the same, and only snoozed deals are in it.
        try await (database as! any SQLDatabase)
            .raw("CREATE INDEX deals_snoozed ON deals (team_id, snoozed_until) WHERE snoozed_until IS NOT NULL")
            .run()
    }

    func revert(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        for name in ["deals_org_in_stage", "deals_org_amount", "deals_org_close", "deals_org_updated", "deals_snoozed"]
        {
            try await sql.drop(index: name).run()
        }
    }
}
