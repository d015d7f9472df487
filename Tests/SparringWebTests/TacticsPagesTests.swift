import Foundation
import SparringDomain
import SparringStorage
import SparringTestSupport
import SparringWeb
import Testing
import Vapor

@Suite struct TacticsPagesTests {
    @Test func theCatalogueShowsEvidenceWithIntervalsOnlyAboveTheMinimumAndLeadersCurateIt() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
            let categories = try await tenant.taxonomy.categories()
            let price = categories[0].id
            let timing = try #require(categories.first { $0.key == "timing" }).id
            // Every organisation starts with the starter plays, in its language.
            let starter = try await tenant.taxonomy.tactics()
            #expect(starter.count == DefaultTactics.catalogue.count)
            #expect(starter.contains { $0.name == "The cost of doing nothing" && $0.categoryIDs.contains(timing) })

            let roi = try await tenant.taxonomy.saveTactic(
                id: nil, expectedVersion: 0, name: "ROI workshop", summary: "Numbers with the CFO",
                categoryIDs: [price, timing], retired: false, at: ctx.clock.now)
            // Price: with ROI 6 of 7 won, without 2 of 7. Timing: 1 deal with, 0 without — hidden.
            let deals: [(DealStatus, [UUID], Bool)] =
                Array(repeating: (.won, [price], true), count: 6) + [(.lost, [price, timing], true)]
                + Array(repeating: (.won, [price], false), count: 2)
                + Array(repeating: (.lost, [price], false), count: 5)
            for (index, deal) in deals.enumerated() {
                _ = try await CaseFixtures.deal(
                    org, in: tenant, title: "D\(index)", status: deal.0, obstacles: deal.1,
                    tactics: deal.2 ? [roi] : [],
                    chosen: true, at: ctx.clock.now + Double(index) * 60)
            }

            let seller = Browser(ctx.app, acceptLanguage: "en")
            try await seller.signIn(org.seller.email, Fixtures.password)
            let page = try await seller.get("/tactics")
            #expect(page.status == .ok && page.body.contains("association, not proof"))
            #expect(page.body.contains("With the tactic: 6 of 7 won (86%, 95% CI 49%–97%)"))
            #expect(page.body.contains("Without: 2 of 7 won (29%, 95% CI 8%–64%)"))
            #expect(page.body.contains("Too few closed deals to compare: 1 with and 0 without the tactic"))
            #expect(!page.body.contains("Add tactic"), "a seller reads the catalogue but does not edit it")
            #expect(
                try await seller.post("/tactics", [("name", "Mine"), ("categories[]", price.uuidString)]).status
                    == .forbidden)

            let nb = Browser(ctx.app, acceptLanguage: "nb")
            try await nb.signIn(org.seller.email, Fixtures.password)
            #expect(
                try await nb.get("/tactics").body.contains(
                    "Med taktikken: 6 av 7 vunnet (86\u{00A0}%, 95 % KI 49\u{00A0}%–97\u{00A0}%)"))

            let leader = Browser(ctx.app, acceptLanguage: "nb")
            try await leader.signIn(org.leader.email, Fixtures.password)
            let bad = try await leader.post("/tactics", [("name", ""), ("summary", "Uten navn")])
            #expect(bad.status == .unprocessableEntity)
            #expect(
                bad.body.contains("Navn: Dette feltet må fylles ut.")
                    && bad.body.contains("Rettet mot: Dette feltet må fylles ut."))
            #expect(bad.body.contains("Uten navn"), "what was typed is kept")
            let added = try await leader.post(
                "/tactics",
                [("name", "Prisgaranti"), ("summary", "Lås prisen i tre år"), ("categories[]", price.uuidString)])
            #expect(added.status == .seeOther)
            let guarantee = try #require(try await tenant.taxonomy.tactics().first { $0.name == "Prisgaranti" })
            let renamed = try await leader.post(
                "/tactics/\(guarantee.id.uuidString)",
                [("version", "1"), ("name", "Prisgaranti i tre år"), ("categories[]", price.uuidString)])
            #expect(renamed.status == .seeOther)
            let stale = try await leader.post(
                "/tactics/\(guarantee.id.uuidString)",
                [("version", "1"), ("name", "Prisløfte"), ("categories[]", price.uuidString)])
            #expect(stale.status == .conflict && stale.body.contains("Prisløfte"))
            #expect(try await tenant.taxonomy.tactic(guarantee.id).name == "Prisgaranti i tre år")
        }
    }

    @Test func onlyAdminsEditTheTaxonomyAndARetiredKindIsNoLongerOffered() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
            let leader = Browser(ctx.app)
            try await leader.signIn(org.leader.email, Fixtures.password)
            #expect(try await leader.get("/admin/obstacles").status == .forbidden)

            let admin = Browser(ctx.app, acceptLanguage: "en")
            try await admin.signIn(org.admin.email, Fixtures.password)
            #expect(try await admin.get("/admin/obstacles").body.contains("Kinds of obstacles"))
            let timing = try #require(try await tenant.taxonomy.categories().first { $0.key == "timing" })
            let retired = try await admin.post(
                "/admin/obstacles/\(timing.id.uuidString)",
                [("version", "1"), ("nameNB", "Tidspunkt"), ("nameEN", "Timing"), ("retired", "true")])
            #expect(retired.status == .seeOther)
            #expect(!(try await tenant.taxonomy.categories().contains { $0.id == timing.id }))
            let noName = try await admin.post("/admin/obstacles", [("nameNB", "Sikkerhet"), ("nameEN", " ")])
            #expect(
                noName.status == .unprocessableEntity && noName.body.contains("Name (English): This field is required.")
            )
            let added = try await admin.post(
                "/admin/obstacles", [("nameNB", "Sikkerhetskrav"), ("nameEN", "Security demands")])
            #expect(added.status == .seeOther)
            #expect(try await tenant.taxonomy.categories().last?.nameEN == "Security demands")
        }
    }
}
