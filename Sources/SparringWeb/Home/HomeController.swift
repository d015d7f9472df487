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
        let teams = try await req.tenant().teams.names()
        let names = { (ids: [UUID]) in teams.filter { ids.contains($0.id) }.map(\.name) }
        let model = HomePage.Model(
            name: identity.user.name, role: identity.user.role,
            organisationName: identity.organisation.name,
            teamsLed: names(identity.user.leads), teamsMemberOf: names(identity.user.memberOf))
        return htmlResponse(HomePage.View(model: model, context: req.pageContext()).render())
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
