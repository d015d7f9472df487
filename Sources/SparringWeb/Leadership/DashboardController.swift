import Foundation
import SparringDomain
import SparringStorage
import SparringViews
import Vapor

/// A month as the dashboard reads it: its instants in the organisation's time zone, and the window of
/// months the comparisons use.
struct DashboardMonth {
    var year: Int
    var month: Int

    /// Months of closed deals the sparring and tactic comparisons count, ending with the month shown:
    /// a quarter. One month holds too few closed deals to compare; a year read 2.3 s per view at the
    /// benchmark's 13,700 closed deals a team a month (two index probes per deal).
    static let windowMonths = 3

    var key: String { String(format: "%04d-%02d", year, month) }

    func adding(months: Int) -> DashboardMonth {
        let index = year * 12 + (month - 1) + months
        return DashboardMonth(year: index / 12, month: index % 12 + 1)
    }

    func start(in zone: TimeZone) -> Date { CivilTime.instant(year: year, month: month, day: 1, timeZone: zone) }
}

extension Request {
    /// The last month that has ended, in the organisation's time zone: what the dashboard opens on. The
    /// month under way is all zeros on its first days and half a month in the middle of it.
    var lastCompleteMonth: DashboardMonth {
        let today = Day(now, in: context.timeZone)
        return DashboardMonth(year: today.year, month: today.month).adding(months: -1)
    }

    /// The `month` parameter, `2026-11` (default: the last complete month).
    func dashboardMonth(_ raw: String?) throws -> DashboardMonth {
        guard let raw, !raw.isEmpty else { return lastCompleteMonth }
        let parts = raw.split(separator: "-")
        guard parts.count == 2, parts[1].count == 2, let year = Int(parts[0]), let month = Int(parts[1]),
            (2000...9999).contains(year), (1...12).contains(month)
        else { throw AppError.badRequest(.dashboardBadMonth, field: "month") }
        return DashboardMonth(year: year, month: month)
    }

    /// The dashboard of a team the person leads, for a month.
    func outcomeDashboard(
        teamID: UUID, month: DashboardMonth
    ) async throws -> (
        dashboard: OutcomeDashboard, unblockByCategory: [UUID: [Int]]
    ) {
        try authorize(.leadTeam(teamID))
        let zone = context.timeZone
        return try await tenant().dashboard.dashboard(
            teamID: teamID, start: month.start(in: zone), end: month.adding(months: 1).start(in: zone),
            windowStart: month.adding(months: 1 - DashboardMonth.windowMonths).start(in: zone))
    }
}

/// `/dashboard`: the leader's outcome dashboard per team and month.
struct DashboardController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.dashboard, use: show)
    }

    func show(req: Request) async throws -> Response {
        let teams = try await req.ledTeams()
        let role = try req.signedIn().user.role
        // A seller has no dashboard; an admin or leader without a team gets the page saying what to do.
        guard !teams.isEmpty || role != .seller else { throw AppError.forbidden }
        let teamID = try await req.ledTeam(try? req.query.get(String.self, at: "team"))
        // A month that cannot be read is said on the dashboard, beside the field, over the default month.
        var state = FormState()
        let raw = try? req.query.get(String.self, at: "month")
        let month: DashboardMonth
        do { month = try req.dashboardMonth(raw) } catch AppError.badRequest(let key, let field) {
            state.errors = [FieldError(field ?? "month", key)]
            state.values["month"] = raw
            month = req.lastCompleteMonth
        }
        let tenant = try req.tenant()
        let locale = req.context.locale
        var figures: (dashboard: OutcomeDashboard, unblockByCategory: [UUID: [Int]])?
        if let teamID { figures = try await req.outcomeDashboard(teamID: teamID, month: month) }
        let model = DashboardPage.Model(
            teams: teams, teamID: teamID, month: month.key,
            windowStart: month.adding(months: 1 - DashboardMonth.windowMonths).key, dashboard: figures?.dashboard,
            unblockByCategory: figures?.unblockByCategory ?? [:],
            categories: try await tenant.taxonomy.categories(includeRetired: true).map { ($0.id, $0.name(locale)) },
            stages: try await tenant.pipelines.all().flatMap(\.stages).map { ($0.id, $0.name(locale)) },
            tactics: Dictionary(
                uniqueKeysWithValues: try await tenant.taxonomy.tactics(includeRetired: true).map { ($0.id, $0.name) }),
            state: state)
        return htmlResponse(
            DashboardPage.View(model: model, context: try await req.pageContext()).render(),
            status: state.errors.isEmpty ? .ok : .badRequest)
    }
}
