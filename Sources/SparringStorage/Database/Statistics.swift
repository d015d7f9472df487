import FluentKit
import Foundation
import SQLKit

/// SQLite's query planner statistics, kept current as SQLite recommends
/// (https://sqlite.org/lang_analyze.html#recommended_usage_pattern): `PRAGMA optimize=0x10002` when the
/// server starts (after its migrations; the statistics live in the file, so every connection uses them), `PRAGMA optimize` after a large change (an import, a demo load) and every few
/// hours while serving. Without statistics a plan can be chosen by luck: at 100,000 demo deals the case
/// page's plans query walked the organisation's `plans_chosen` index over 112,000 plans (110–135 ms)
/// instead of seeking the deal (9 ms). `optimize` analyses only the tables whose statistics are
/// missing or out of date, with a row limit, so it costs milliseconds when nothing changed.
/// PostgreSQL's autovacuum keeps its own statistics: nothing to do there.
public enum Statistics {
    /// How often a serving process refreshes them.
    public static let interval: Duration = .seconds(6 * 3600)

    /// At start: analyse the tables that would benefit (0x02), all of them rather than only those
    /// this connection has used (0x10000).
    public static func onOpen(_ db: any Database) async throws {
        try await run(db, "PRAGMA optimize=0x10002")
    }

    /// After a large change, and periodically.
    public static func refresh(_ db: any Database) async throws {
        try await run(db, "PRAGMA optimize")
    }

    private static func run(_ db: any Database, _ pragma: String) async throws {
        guard let sql = db as? any SQLDatabase, sql.dialect.name == "sqlite" else { return }
        try await sql.raw(SQLQueryString(pragma)).run()
    }
}
