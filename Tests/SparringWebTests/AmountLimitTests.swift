import Foundation
import SQLKit
import SparringDomain
import SparringStorage
import SparringTestSupport
import SparringWeb
import Testing
import Vapor

/// Amounts have a documented maximum (10 000 000 000,00) that no sum can overflow, and every sum is safe
/// even over amounts stored before that maximum existed: one seller cannot break the team's board.
@Suite struct AmountLimitTests {
    /// The largest amount the form and the API used to take (Int64.max / 100 units, in minor units).
    static let formerLimit: Int64 = 9_223_372_036_854_775_700

    @Test func dealsAboveTheFormerLimitDoNotBreakTheBoardTheListOrTheForecast() async throws {
        try await withSparring { ctx in
            // setup: two such deals were saved before the limit existed, with an ordinary one beside them.
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
            let stages = try await tenant.pipelines.all()[0].stages
            let customer = try await tenant.deals.createCustomer(name: "Stor AS")
            var ids: [UUID] = []
            for (index, amount) in [Self.formerLimit, Self.formerLimit, 1_000_00].enumerated() {
                ids.append(
                    try await tenant.deals.create(
                        NewDeal(
                            customerID: customer, ownerID: org.seller.id, teamID: org.team.id, stageID: stages[0].id,
                            title: "Stor avtale \(index)", amountMinor: amount, currency: "NOK"),
                        by: nil, origin: .manual, at: ctx.clock.now
                    ).id)
            }
            // A third is won this quarter at the same amount, so the won total sums one of them too.
            let won = try #require(stages.first { $0.kind == .won })
            try await (ctx.app.db as! any SQLDatabase).update("deals").set("amount_minor", to: Self.formerLimit)
                .set("status", to: "won").set("stage_id", to: won.id).set("stage_entered_at", to: ctx.clock.now)
                .set("closed_at", to: ctx.clock.now).where("id", .equal, ids[2]).run()
            let token = try await AdminTasks.createToken(
                db: ctx.app.db, email: org.leader.email, name: "t", now: ctx.clock.now)
            let leader = Browser(ctx.app)
            try await leader.signIn(org.leader.email, Fixtures.password)

            // act and check: every page and API answer that sums the team's amounts answers.
            for path in [
                "/board/\(org.team.id.uuidString)", "/deals", "/deals?sort=amount", "/deals/export.csv", "/",
                "/deals/\(ids[0].uuidString)", "/sparring", "/allocation?team=\(org.team.id.uuidString)",
                "/dashboard?team=\(org.team.id.uuidString)",
            ] {
                let page = try await leader.get(path)
                #expect(page.status == .ok, "\(path): \(page.status)")
            }
            let api = APIClient(ctx.app, token: token)
            for path in [
                "/api/v1/deals", "/api/v1/deals?sort=amount", "/api/v1/deals/\(ids[0].uuidString)", "/api/v1/sparring",
                "/api/v1/allocation?team=\(org.team.id.uuidString)", "/api/v1/dashboard?team=\(org.team.id.uuidString)",
            ] {
                let answer = try await api.get(path)
                #expect(answer.status == .ok, "\(path): \(answer.status) \(answer.body.prefix(200))")
            }
            let board = try await leader.get("/board/\(org.team.id.uuidString)")
            #expect(board.body.contains("Stor avtale 0"))
        }
    }

    @Test func theFormTheAPIAndTheImportTakeAmountsUpToTheMaximumAndSaySoAbove() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
            let stages = try await tenant.pipelines.all()[0].stages
            let seller = Browser(ctx.app, acceptLanguage: "nb")
            try await seller.signIn(org.seller.email, Fixtures.password)
            let base: [(String, String)] = [
                ("title", "Rammeavtale"), ("customer", "Fjordkraft AS"), ("ownerID", org.seller.id.uuidString),
                ("teamID", org.team.id.uuidString), ("stageID", stages[0].id.uuidString), ("currency", "NOK"),
            ]
            for tooLarge in ["10 000 000 000,01", "92 233 720 368 547 757", "99999999999999999999999999"] {
                let refused = try await seller.post("/deals/new", base + [("amount", tooLarge)])
                #expect(refused.status == .unprocessableEntity, "\(tooLarge)")
                #expect(refused.body.contains("Beløp: Høyst 10 000 000 000,00 i avtalens valuta."), "\(tooLarge)")
            }
            let largest = try await seller.post("/deals/new", base + [("amount", "10 000 000 000,00")])
            #expect(largest.status == .seeOther)

            let token = try await AdminTasks.createToken(
                db: ctx.app.db, email: org.seller.email, name: "t", now: ctx.clock.now)
            let api = APIClient(ctx.app, token: token)
            let body: [String: Any] = [
                "title": "API-avtale", "customer": "Fjordkraft AS", "ownerID": org.seller.id.uuidString,
                "teamID": org.team.id.uuidString, "stageID": stages[0].id.uuidString, "currency": "NOK",
            ]
            let over = try await api.send(
                .POST, "/api/v1/deals", json: body.merging(["amountMinor": 1_000_000_000_001]) { $1 })
            #expect(over.status == .unprocessableEntity && over.body.contains("amountMinor"))
            #expect(over.body.contains("At most 10,000,000,000.00"))
            let at = try await api.send(
                .POST, "/api/v1/deals", json: body.merging(["amountMinor": 1_000_000_000_000]) { $1 })
            #expect(at.status == .created)
            #expect(
                try await tenant.deals.list(
                    DealFilter(), visibility: .all, rates: ExchangeRates(base: "NOK", rates: [:]), now: ctx.clock.now,
                    timeZone: .gmt, limit: 10, after: nil
                ).total == 2, "only the two at the maximum were saved")

            // The board of a team with deals at the maximum shows their exact sum.
            let leader = Browser(ctx.app)
            try await leader.signIn(org.leader.email, Fixtures.password)
            #expect(try await leader.get("/board/\(org.team.id.uuidString)").body.contains("20,000,000,000"))
        }
    }
}
