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
///
/// It also replaces M012's two team indexes. `deals_team` carries everything the board's cards, the
/// stuck list and the forecast read — stage order, every stuck rule's column, currency and amount — so
/// won and lost this quarter is a covering seek on (status, stage, time) instead of a row read per
/// closed deal (1M deals: the board page went from 306 ms to the README's figure). `deals_team_money`
/// keeps the column totals a grouped read in index order (currency before time).
struct M016DealListIndexes: AsyncMigration {
    func prepare(on database: any Database) async throws {
        let sql = database as! any SQLDatabase
        try await sql.drop(index: "deals_team_board").run()
        try await sql.drop(index: "deals_team_totals").run()
        try await createIndex(
            "deals_team", on: "deals",
            [
                "team_id", "status", "stage_id", "stage_entered_at", "expected_close_on", "close_date_pushes",
                "currency", "amount_minor",
            ],
            in: database)
        try await createIndex(
            "deals_team_money", on: "deals",
            ["team_id", "status", "stage_id", "currency", "stage_entered_at", "amount_minor"], in: database)
        try await createIndex(
            "deals_org_in_stage", on: "deals", ["organisation_id", "status", "stage_entered_at", "id"], in: database)
        try await createIndex(
            "deals_org_amount", on: "deals", ["organisation_id", "status", "amount_minor", "id"], in: database)
        try await createIndex(
            "deals_org_close", on: "deals", ["organisation_id", "status", "expected_close_on", "id"], in: database)
        try await createIndex(
            "deals_org_updated", on: "deals", ["organisation_id", "status", "updated_at", "id"], in: database)
        // Partial: SQLite and PostgreSQL spell it the same, and only snoozed deals are in it.
        try await sql
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
