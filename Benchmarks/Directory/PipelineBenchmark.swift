import Fluent
import Foundation
import SQLKit
import SparringDomain
import SparringStorage
import SparringWeb
import Vapor

/// The pipeline at scale: seeds the demo organisation with N generated deals and times what a team's
/// pages will ask for — the board's column totals and cards, and the stuck list.
enum PipelineBenchmark {
    static func run(app: Application, location: DatabaseLocation, deals: Int) async throws {
        let now = Date()
        let start = Date()
        let demo = try await DemoSeeder.seed(db: app.db, hasher: BcryptHasher(cost: 4), now: now)
        let organisationID = demo.organisation.id
        // `--database` naming an existing file measures it again without seeding (seeding 1M takes minutes).
        let existing = try await (app.db as! any SQLDatabase).select()
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("deals").first()!
            .decode(column: "n", as: Int.self)
        if existing == 0 {
            try await DemoSeeder.seedDeals(
                db: app.db, organisationID: organisationID, count: deals, seed: 2026, now: now, batch: 5_000
            ) { written in
                if written % 100_000 == 0 { print("  … \(written) deals") }
            }
        }
        let seconds = Date().timeIntervalSince(start)
        if existing == 0 {
            print(
                "\(location.description): seeded \(deals) deals with their histories in \(String(format: "%.1f", seconds)) s "
                    + "(\(Int(Double(deals) / seconds)) deals/s)")
        }
        try await (app.db as! any SQLDatabase).raw("ANALYZE").run()

        let tenant = Tenant(db: app.db, organisationID: organisationID)
        let team = try await tenant.teams.all()[0]
        let stages = try await tenant.pipelines.all()[0].stages.filter { $0.kind == .open }
        let oslo = TimeZone(identifier: "Europe/Oslo")!
        let open = try await tenant.deals.boardTotals(teamID: team.id).reduce(0) { $0 + $1.count }
        let stuck = try await tenant.deals.stuck(teamID: team.id, now: now, timeZone: oslo).total
        print("Queries (one of 3 teams: \(open) open deals, \(stuck) stuck):")
        let pipeline = try await tenant.pipelines.all()[0]
        let rates = try await tenant.exchangeRates.rates(base: demo.organisation.baseCurrency)
        try await timed("board: column totals", runs: 50) { _ = try await tenant.deals.boardTotals(teamID: team.id) }
        try await timed("board page: columns, 20 cards each, forecast", runs: 50) {
            // What BoardController asks for.
            let allPipelines = try await tenant.pipelines.all()
            let totals = try await tenant.deals.boardTotals(teamID: team.id)
            async let columns = tenant.deals.board(
                teamID: team.id, pipeline: pipeline, ownerID: nil, rates: rates, now: now, timeZone: oslo,
                cardsPerColumn: 20, totals: totals)
            async let forecast = tenant.deals.forecast(
                teamID: team.id, rates: rates, quarter: Quarter(containing: now, timeZone: oslo), totals: totals,
                pipelines: allPipelines)
            _ = try await (columns, forecast)
        }
        try await timed("forecast alone (totals + won/lost this quarter)", runs: 50) {
            _ = try await tenant.deals.forecast(
                teamID: team.id, rates: rates, quarter: Quarter(containing: now, timeZone: oslo))
        }
        try await timed("stuck list: first 50 with reasons + total", runs: 50) {
            _ = try await tenant.deals.stuck(teamID: team.id, now: now, timeZone: oslo)
        }
        try await timed("deal list: team's stuck deals, page of 50 + count", runs: 20) {
            _ = try await tenant.deals.list(
                DealFilter(teamID: team.id, stuckOnly: true), visibility: .all, rates: rates, now: now, timeZone: oslo,
                limit: 50, after: nil)
        }
        try await timed("deal list: organisation by amount, page of 50", runs: 20) {
            _ = try await tenant.deals.list(
                DealFilter(sort: .amount), visibility: .all, rates: rates, now: now, timeZone: oslo, limit: 50,
                after: nil, countTotal: false)
        }
        let stuckDeal = try await tenant.deals.stuck(teamID: team.id, now: now, timeZone: oslo, limit: 1).deals[0].deal
        try await timed("deal page: deal, customer, history, reasons", runs: 50) {
            _ = try await tenant.deals.detail(stuckDeal.id, now: now, timeZone: oslo)
        }
        try await timed("stage statistics (histograms)", runs: 50) {
            _ = try await tenant.pipelines.stayStatistics(stageIDs: stages.map(\.id))
        }
        print("For HTTP: team \(team.id.uuidString), deal \(stuckDeal.id.uuidString)")
    }
}
