import Foundation
import SparringDomain
import SparringStorage
import SparringTestSupport
import SparringWeb
import Testing
import Vapor

@Suite struct SalesProcessTests {
    @Test func anAdminEditsStagesAndAStageInUseCanOnlyBeRetired() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
            let pipeline = try await tenant.pipelines.all()[0]
            let admin = Browser(ctx.app, acceptLanguage: "nb")
            try await admin.signIn(org.admin.email, Fixtures.password)

            let bad = try await admin.post(
                "/admin/pipelines/\(pipeline.id.uuidString)/stages",
                [("nameNB", "Demo"), ("nameEN", ""), ("probability", "140"), ("expectedDays", "-1")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.contains("Vinnersannsynlighet er en prosent fra 0 til 100."))
            #expect(bad.body.contains("Bruk et helt antall dager fra 0 til 3650."))
            let added = try await admin.post(
                "/admin/pipelines/\(pipeline.id.uuidString)/stages",
                [("nameNB", "Demo"), ("nameEN", "Demo"), ("probability", "35"), ("expectedDays", "10")])
            #expect(added.status == .seeOther)
            let stages = try await tenant.pipelines.all()[0].stages
            let demo = try #require(stages.first { $0.nameEN == "Demo" })
            #expect(stages.map(\.kind).suffix(2) == [.won, .lost], "a new stage goes before the closing stages")
            #expect(Set(stages.map(\.position)).count == stages.count)

            // Used by a deal: cannot be deleted; cannot be retired while a deal is open in it.
            let customer = try await tenant.deals.createCustomer(name: "Kunde")
            let deal = try await tenant.deals.create(
                NewDeal(
                    customerID: customer, ownerID: org.seller.id, teamID: org.team.id, stageID: demo.id, title: "D",
                    amountMinor: 1, currency: "NOK"),
                by: nil, origin: .manual, at: ctx.clock.now)
            let delete = try await admin.post("/admin/stages/\(demo.id.uuidString)", [("action", "delete")])
            #expect(delete.status == .unprocessableEntity && delete.body.contains("kan ikke slettes"))
            let retireOpen = try await admin.post("/admin/stages/\(demo.id.uuidString)", [("action", "retire")])
            #expect(retireOpen.status == .unprocessableEntity && retireOpen.body.contains("flytt dem før"))
            _ = try await tenant.deals.moveStage(
                deal.id, to: stages[0].id, expectedVersion: 1, by: nil, origin: .manual, at: ctx.clock.now)
            let retire = try await admin.post("/admin/stages/\(demo.id.uuidString)", [("action", "retire")])
            #expect(retire.status == .seeOther)
            #expect(try await tenant.pipelines.stage(demo.id).isRetired)
            await #expect(throws: AppError.self) {
                try await tenant.deals.moveStage(
                    deal.id, to: demo.id, expectedVersion: 2, by: nil, origin: .manual, at: ctx.clock.now)
            }
            #expect(try await tenant.deals.history(deal.id).count == 2, "the history still names the retired stage")

            // A stale edit is refused with the typed values kept.
            let save = try await admin.post(
                "/admin/stages/\(stages[0].id.uuidString)",
                [
                    ("nameNB", "Kvalifisert"), ("nameEN", "Qualified"), ("probability", "15"), ("expectedDays", "7"),
                    ("version", "1"),
                ])
            #expect(save.status == .seeOther)
            let stale = try await admin.post(
                "/admin/stages/\(stages[0].id.uuidString)",
                [
                    ("nameNB", "Gammel"), ("nameEN", "Old"), ("probability", "15"), ("expectedDays", "7"),
                    ("version", "1"),
                ])
            #expect(stale.status == .conflict && stale.body.contains(#"value="Gammel""#))
            #expect(try await tenant.pipelines.stage(stages[0].id).nameNB == "Kvalifisert")

            // Reordering swaps with the neighbouring open stage; the closing stages stay last.
            let before = try await tenant.pipelines.all()[0].stages.map(\.id)
            let up = try await admin.post("/admin/stages/\(before[1].uuidString)", [("action", "up")])
            #expect(up.status == .seeOther)
            let after = try await tenant.pipelines.all()[0].stages
            #expect(after.map(\.id).prefix(2) == [before[1], before[0]])
            #expect(after.suffix(2).map(\.kind) == [.won, .lost])
            let last = try #require(after.last { $0.kind == .open })
            _ = try await admin.post("/admin/stages/\(last.id.uuidString)", [("action", "down")])
            #expect(try await tenant.pipelines.all()[0].stages.map(\.id) == after.map(\.id), "already last: no change")

            let seller = Browser(ctx.app)
            try await seller.signIn(org.seller.email, Fixtures.password)
            #expect(try await seller.get("/admin/pipelines").status == .forbidden)
        }
    }

    @Test func exchangeRatesAreValidatedAndTheBaseCurrencyHasNone() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
            let admin = Browser(ctx.app)
            try await admin.signIn(org.admin.email, Fixtures.password)
            let bad = try await admin.post("/admin/exchange-rates", [("currency", "NOK"), ("rate", "-2")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.contains("The base currency always has rate 1."))
            #expect(bad.body.contains("Use a positive number such as 11.52"))
            let saved = try await admin.post("/admin/exchange-rates", [("currency", "eur"), ("rate", "11,4523")])
            #expect(saved.status == .seeOther)
            let rates = try await tenant.exchangeRates.rates(base: "NOK")
            #expect(rates.rates == ["EUR": Decimal(string: "11.4523")!])
            #expect(rates.toBase(100_00, from: "EUR") == 1_145_23)
            #expect(rates.toBase(100_00, from: "USD") == nil)
            let page = try await admin.get("/admin/exchange-rates")
            #expect(page.body.contains("11.4523"))
        }
    }
}
