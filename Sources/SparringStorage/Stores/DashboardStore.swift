import FluentKit
import Foundation
import SQLKit
import SparringDomain

/// The facts of one team's month that the outcome dashboard is built from (`OutcomeDashboard.make`).
/// Each read is one query over an index on the team or the organisation and the time; the caller has
/// checked `leadTeam`.
public struct DashboardStore: Sendable {
    let db: any Database
    let organisationID: UUID

    var sql: any SQLDatabase { db as! any SQLDatabase }

    /// The dashboard of `teamID` for the month `[start, end)`; the comparisons (sparring, tactics) use
    /// the deals closed in `[windowStart, end)`, since one month holds too few closed deals to compare.
    public func dashboard(
        teamID: UUID, start: Date, end: Date, windowStart: Date
    ) async throws -> (
        dashboard: OutcomeDashboard, unblockByCategory: [UUID: [Int]]
    ) {
        let org = organisationID
        // The stage the deal was in when the obstacle was named: its last move before then.
        let named = try await sql.raw(
            """
            SELECT o.deal_id, o.category_id, COALESCE((SELECT sc.to_stage_id FROM stage_changes sc
              WHERE sc.deal_id = o.deal_id AND sc.changed_at <= o.created_at
              ORDER BY sc.changed_at DESC LIMIT 1), (SELECT d.stage_id FROM deals d WHERE d.id = o.deal_id)) AS stage_id
            FROM obstacles o
            WHERE o.organisation_id = \(bind: org) AND o.created_at >= \(bind: start) AND o.created_at < \(bind: end)
              AND \(unsafeRaw: Self.dealTeam("o")) = \(bind: teamID)
            """
        ).all().map {
            OutcomeDashboard.NamedObstacle(
                dealID: try $0.decode(column: "deal_id", as: UUID.self),
                categoryID: try $0.decode(column: "category_id", as: UUID.self),
                stageID: try $0.decode(column: "stage_id", as: UUID.self))
        }

        var unblockByCategory: [UUID: [Int]] = [:]
        var unblockDays: [Int] = []
        for row in try await sql.raw(
            """
            SELECT o.category_id, o.created_at, o.resolved_at FROM obstacles o
            WHERE o.organisation_id = \(bind: org) AND o.resolved_at >= \(bind: start) AND o.resolved_at < \(bind: end)
              AND \(unsafeRaw: Self.dealTeam("o")) = \(bind: teamID)
            """
        ).all() {
            let days = Self.days(
                from: try row.decode(column: "created_at", as: Date.self),
                to: try row.decode(column: "resolved_at", as: Date.self))
            unblockDays.append(days)
            unblockByCategory[try row.decode(column: "category_id", as: UUID.self), default: []].append(days)
        }

        // Closed deals of the window that had sparring or an obstacle: the two groups compared.
        var closed: [UUID: OutcomeDashboard.ClosedDeal] = [:]
        for row in try await sql.raw(
            """
            SELECT d.id, d.status, d.created_at, d.closed_at,
              EXISTS (SELECT 1 FROM sparring_sessions s WHERE s.deal_id = d.id) AS sparred
            FROM deals d
            WHERE d.team_id = \(bind: teamID) AND d.closed_at >= \(bind: windowStart) AND d.closed_at < \(bind: end)
              AND d.status IN ('won', 'lost')
              AND (EXISTS (SELECT 1 FROM sparring_sessions s WHERE s.deal_id = d.id)
                OR EXISTS (SELECT 1 FROM obstacles o WHERE o.deal_id = d.id))
            """
        ).all() {
            let closedAt = try row.decode(column: "closed_at", as: Date.self)
            let createdAt = try row.decode(column: "created_at", as: Date?.self) ?? closedAt
            closed[try row.decode(column: "id", as: UUID.self)] = OutcomeDashboard.ClosedDeal(
                won: try row.decode(column: "status", as: String.self) == DealStatus.won.rawValue,
                cycleDays: Self.days(from: createdAt, to: closedAt),
                sparred: try row.decode(column: "sparred", as: Bool.self), obstacleCategories: [], tactics: [])
        }
        // Their obstacle categories and chosen tactics, read by deal id in chunks (bound parameters
        // stay few). Obstacles are read by id alone and their organisation checked per row: with the
        // organisation in the query SQLite picks the organisation's whole category index instead.
        let ids = Array(closed.keys)
        for start in stride(from: 0, to: ids.count, by: 500) {
            let chunk = Array(ids[start..<min(start + 500, ids.count)])
            for row in try await sql.select().distinct().columns("deal_id", "category_id", "organisation_id")
                .from("obstacles").where("deal_id", .in, chunk).all()
            where try row.decode(column: "organisation_id", as: UUID.self) == org {
                closed[try row.decode(column: "deal_id", as: UUID.self)]?.obstacleCategories.insert(
                    try row.decode(column: "category_id", as: UUID.self))
            }
            for row in try await sql.select().distinct().columns("deal_id", "tactic_id").from("plan_tactics")
                .where("deal_id", .in, chunk).where("organisation_id", .equal, org).where("chosen", .equal, true).all()
            {
                closed[try row.decode(column: "deal_id", as: UUID.self)]?.tactics.insert(
                    try row.decode(column: "tactic_id", as: UUID.self))
            }
        }

        func count(_ query: SQLQueryString) async throws -> Int {
            try await sql.raw(query).first()?.decode(column: "n", as: Int.self) ?? 0
        }
        let pipeline = OutcomeDashboard.Pipeline(
            optionsCreated: try await count(
                """
                SELECT COUNT(*) AS n FROM plans p
                WHERE p.organisation_id = \(bind: org) AND p.created_at >= \(bind: start)
                  AND p.created_at < \(bind: end) AND \(unsafeRaw: Self.dealTeam("p")) = \(bind: teamID)
                """),
            plansChosen: try await count(
                """
                SELECT COUNT(*) AS n FROM plans p
                WHERE p.organisation_id = \(bind: org) AND p.chosen_at >= \(bind: start)
                  AND p.chosen_at < \(bind: end) AND \(unsafeRaw: Self.dealTeam("p")) = \(bind: teamID)
                """),
            storiesShared: try await count(
                """
                SELECT COUNT(*) AS n FROM case_stories
                WHERE organisation_id = \(bind: org) AND published_at >= \(bind: start)
                  AND published_at < \(bind: end) AND team_id = \(bind: teamID)
                """),
            bulletinsUseful: try await count(
                """
                SELECT COUNT(*) AS n FROM bulletin_reactions r
                JOIN bulletin_teams t ON t.bulletin_id = r.bulletin_id AND t.team_id = \(bind: teamID)
                WHERE r.organisation_id = \(bind: org) AND r.reaction = 'useful' AND r.at >= \(bind: start)
                  AND r.at < \(bind: end)
                """))
        return (
            OutcomeDashboard.make(
                named: named, unblockDays: unblockDays, closed: Array(closed.values), pipeline: pipeline),
            unblockByCategory.mapValues { $0.sorted() }
        )
    }

    /// The team of the row's deal, as a scalar subquery: one primary-key lookup per row of the month.
    /// As a join, PostgreSQL merged the month's rows with every deal of the team (a 1M-deal scan,
    /// 210–290 ms even after ANALYZE); the subquery took 24 ms. SQLite does the same lookups either way.
    static func dealTeam(_ alias: String) -> String { "(SELECT d.team_id FROM deals d WHERE d.id = \(alias).deal_id)" }

    /// Whole days between two instants, never negative.
    static func days(from start: Date, to end: Date) -> Int {
        max(0, Int((end.timeIntervalSince(start) / 86_400).rounded(.down)))
    }
}

extension Tenant {
    public var dashboard: DashboardStore { DashboardStore(db: db, organisationID: organisationID) }
}
