import Foundation
import SparringDomain
import SparringStorage
import SparringViews
import Vapor

/// `/`: the setup page on an empty installation, sign-in for strangers, the day's start for people.
struct HomeController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.home, use: home)
        routes.get(.stylesheet, use: stylesheet)
        routes.get(.healthz, use: health)
    }

    func home(req: Request) async throws -> Response {
        guard let identity = req.identity else {
            if try await !InstallationStore(db: req.db).isSetUp() { return req.redirect(to: .setup) }
            return req.redirect(to: .signIn)
        }
        let tenant = try req.tenant()
        let teams = try await tenant.teams.names()
        let names = { (ids: [UUID]) in teams.filter { ids.contains($0.id) }.map(\.name) }
        let now = req.now, zone = req.organisationTimeZone, today = Day(now, in: zone)
        // My stuck deals: the ten longest in their stage, with the reasons.
        let mine = try await tenant.deals.list(
            DealFilter(ownerID: identity.user.id, stuckOnly: true), visibility: DealVisibility(identity.actor),
            rates: try await req.exchangeRates(), now: now, timeZone: zone, limit: 10, after: nil, countTotal: false)
        // A leader's teams: the five longest stuck of each, and how many there are.
        var teamStuck: [HomePage.TeamStuck] = []
        for team in teams where identity.user.leads.contains(team.id) {
            let stuck = try await tenant.deals.stuck(teamID: team.id, now: now, timeZone: zone, limit: 5)
            teamStuck.append(
                HomePage.TeamStuck(
                    teamID: team.id, teamName: team.name,
                    lines: stuck.deals.map { HomePage.StuckLine(deal: $0.deal, reasons: $0.reasons) },
                    total: stuck.total))
        }
        // Follow-ups in the next two weeks (and any overdue): the first few, and how many in all.
        let sparring = try req.sparring()
        let horizon = Day(now.addingTimeInterval(14 * 86_400), in: zone)
        let coming = try await sparring.openFollowUps(
            for: identity.user.id, dueBy: horizon, limit: HomePage.followUpsShown)
        let followUps = try await req.followUpPageRows(coming.rows)
        let model = HomePage.Model(
            name: identity.user.name, role: identity.user.role,
            organisationName: identity.organisation.name,
            teamsLed: names(identity.user.leads), teamsMemberOf: names(identity.user.memberOf),
            notifications: try await sparring.notifications(for: identity.user.id, limit: 10).filter {
                !$0.isRead
            },
            due: followUps.filter { $0.followUp.dueOn <= today }, followUps: followUps,
            dueTotal: try await sparring.openFollowUpCount(for: identity.user.id, dueBy: today),
            followUpsTotal: coming.total,
            myStuck: mine.rows.map { HomePage.StuckLine(deal: $0.deal, reasons: $0.stuckReasons) },
            mySessions: try await req.mySessions(openOnly: true), queue: try await req.sparringQueue(),
            teamStuck: teamStuck, stages: StageDirectory(try await tenant.pipelines.all()), today: today, now: now)
        return htmlResponse(HomePage.View(model: model, context: try await req.pageContext()).render())
    }

    func stylesheet(req: Request) -> Response {
        var headers = HTTPHeaders()
        headers.contentType = .css
        headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        return Response(status: .ok, headers: headers, body: .init(string: Stylesheet.css))
    }

    struct HealthDTO: Content {
        var status: String
        var database: String
    }

    /// For load balancers: 200 when the database answers, 503 when it does not.
    func health(req: Request) async throws -> Response {
        let response = Response()
        do {
            try await HealthCheck.database(req.db)
            try response.content.encode(HealthDTO(status: "ok", database: "ok"))
        } catch {
            req.logger.warning("health check failed: \(String(reflecting: error))")
            response.status = .serviceUnavailable
            try response.content.encode(HealthDTO(status: "unavailable", database: "unreachable"))
        }
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }
}
