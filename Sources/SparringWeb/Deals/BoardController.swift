import Foundation
import SparringDomain
import SparringStorage
import SparringViews
import Vapor

/// A team's pipeline board with its forecast, and the little script that adds drag-and-drop.
struct BoardController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.board, use: pick)
        routes.get(.teamBoard(UUID()), use: board)
        routes.get(.script, use: script)
    }

    /// Cards shown per column; the rest are one click away in the filtered list.
    static let cardsPerColumn = 20

    /// Teams whose board the person may see, the ones they lead first.
    private func teams(_ req: Request) async throws -> [(id: UUID, name: String)] {
        let identity = try req.signedIn()
        let all = try await req.tenant().teams.names()
        let visible = all.filter { Policy().allows(identity.actor, .viewBoard($0.id)) }
        let led = visible.filter { identity.actor.leads.contains($0.id) }
        return (led + visible.filter { !identity.actor.leads.contains($0.id) }).map { (id: $0.id, name: $0.name) }
    }

    /// `/board?team=…&pipeline=…` (the selector form) or just `/board`: the chosen or first team's board.
    func pick(req: Request) async throws -> Response {
        let teams = try await teams(req)
        let wanted = (try? req.query.get(String.self, at: "team")).flatMap(UUID.init(uuidString:))
        guard let team = teams.first(where: { $0.id == wanted }) ?? teams.first else {
            // No team to show (a new organisation, or a person not yet placed): say what to do, not
            // "request not understood" to the administrator who is to create the first team.
            return htmlResponse(NoTeamPage.render(context: try await req.pageContext(), title: .boardNoTeamTitle))
        }
        var path = SiteRoute.teamBoard(team.id).path
        if let pipeline = (try? req.query.get(String.self, at: "pipeline")).flatMap(UUID.init(uuidString:)) {
            path += "?pipeline=" + pipeline.uuidString
        }
        return req.redirect(to: path, redirectType: .normal)
    }

    func board(req: Request) async throws -> Response {
        let teamID = try req.id("teamID")
        let identity = try req.signedIn()
        guard Policy().allows(identity.actor, .viewBoard(teamID)) else { throw AppError.notFound }
        let tenant = try req.tenant()
        let visibleTeams = try await teams(req)
        guard let team = visibleTeams.first(where: { $0.id == teamID }) else { throw AppError.notFound }
        let pipelines = try await tenant.pipelines.all()
        let wanted = (try? req.query.get(String.self, at: "pipeline")).flatMap(UUID.init(uuidString:))
        guard let pipeline = pipelines.first(where: { $0.id == wanted }) ?? pipelines.first else {
            throw AppError.notFound
        }
        let entries = try await tenant.exchangeRates.entries()
        let rates = ExchangeRates(base: identity.organisation.baseCurrency, entries: entries)
        let now = req.now, zone = req.organisationTimeZone
        let ownCardsOnly =
            identity.user.role == .seller || !(identity.user.role == .admin || identity.actor.leads.contains(teamID))
        let totals = try await tenant.deals.boardTotals(teamID: teamID)
        let quarter = Quarter(containing: now, timeZone: zone)
        // The columns and the forecast read different index ranges: asked side by side, the page waits
        // for the slower of the two instead of both (SQLite's WAL readers and PostgreSQL alike).
        async let columns = tenant.deals.board(
            teamID: teamID, pipeline: pipeline, ownerID: ownCardsOnly ? identity.user.id : nil, rates: rates, now: now,
            timeZone: zone, cardsPerColumn: Self.cardsPerColumn, totals: totals)
        async let forecast = tenant.deals.forecast(
            teamID: teamID, rates: rates, quarter: quarter, totals: totals, pipelines: pipelines)
        let model = BoardPage.Model(
            teamID: teamID, teamName: team.name, teams: visibleTeams, pipelines: pipelines,
            pipelineID: pipeline.id, columns: try await columns, forecast: try await forecast, quarter: quarter,
            baseCurrency: identity.organisation.baseCurrency, rates: entries,
            ownCardsOnly: ownCardsOnly, now: now)
        return htmlResponse(BoardPage.View(model: model, context: try await req.pageContext()).render())
    }

    func script(req: Request) -> Response {
        let response = Response(status: .ok, body: .init(string: BoardScript.source))
        response.headers.contentType = HTTPMediaType(
            type: "text", subType: "javascript", parameters: ["charset": "utf-8"])
        response.headers.replaceOrAdd(name: .cacheControl, value: "public, max-age=3600")
        return response
    }
}
