import Foundation
import SparringDomain
import SparringStorage
import SparringTestSupport
import SparringWeb
import Testing
import Vapor

@Suite struct CasePagesTests {
    struct Setup {
        var org: Fixtures.Org
        var tenant: Tenant
        var deal: Deal
        var path: String
    }

    func setup(_ ctx: TestContext) async throws -> Setup {
        let org = try await Fixtures.organisation(ctx.app, tag: "a")
        let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
        let stage = try await tenant.pipelines.all()[0].stages[2]
        let customer = try await tenant.deals.createCustomer(name: "Bergen Kino AS", industry: "Kultur")
        let deal = try await tenant.deals.create(
            NewDeal(
                customerID: customer, ownerID: org.seller.id, teamID: org.team.id, stageID: stage.id,
                title: "Kassesystem", amountMinor: 50_000_000, currency: "NOK", expectedClose: nil),
            by: org.seller.id, origin: .manual, at: ctx.clock.now)
        return Setup(org: org, tenant: tenant, deal: deal, path: "/deals/\(deal.id.uuidString)")
    }

    @Test func aSellerInvestigatesTheCaseInNorwegianWithEveryPartKept() async throws {
        try await withSparring { ctx in
            let s = try await setup(ctx)
            let seller = Browser(ctx.app, acceptLanguage: "nb")
            try await seller.signIn(s.org.seller.email, Fixtures.password)
            let dealPage = try await seller.get(s.path)
            #expect(dealPage.body.contains(#"href="\#(s.path)/case""#) && dealPage.body.contains("Åpne saken"))

            let empty = try await seller.get(s.path + "/case")
            #expect(empty.status == .ok && empty.body.contains("Saken: Kassesystem"))
            for question in CaseQuestion.allCases {
                #expect(empty.body.contains(Localizer(.nb)(question.label)))
            }
            #expect(empty.body.contains("Pris / budsjett") && empty.body.contains("Ingen hindringer er notert ennå."))

            let price = try #require(try await s.tenant.taxonomy.categories().first)
            let noCategory = try await seller.post(
                s.path + "/case/obstacles", [("categoryID", ""), ("detail", "Dyrt")])
            #expect(noCategory.status == .unprocessableEntity)
            #expect(noCategory.body.contains("Type hindring: Dette feltet må fylles ut."))
            #expect(noCategory.body.contains(#"value="Dyrt""#), "what was typed is kept")
            let added = try await seller.post(
                s.path + "/case/obstacles",
                [("categoryID", price.id.uuidString), ("detail", "Budsjettet er brukt opp")])
            #expect(added.status == .seeOther && added.location == s.path + "/case#obstacles")
            let obstacle = try #require(try await s.tenant.dealCase(s.deal.id).obstacles().first)
            let resolved = try await seller.post(
                s.path + "/case/obstacles/\(obstacle.id.uuidString)",
                [("obstacleVersion", "1"), ("resolution-\(obstacle.id.uuidString)", "Betaling fordelt over to år")])
            #expect(resolved.status == .seeOther)

            let answered = try await seller.post(
                s.path + "/case/answers",
                [
                    ("question", "customer"), ("version-customer", "0"),
                    ("answer-customer", "De frykter nedetid i sesongen"),
                ])
            #expect(answered.status == .seeOther)
            let person = try await seller.post(
                s.path + "/case/influences",
                [
                    ("name", "Kari Nordmann"), ("title", "Økonomisjef"), ("role", "economicBuyer"),
                    ("stance", "sceptical"),
                ])
            #expect(person.status == .seeOther)
            let kari = try #require(try await s.tenant.dealCase(s.deal.id).influences().first)
            let warmer = try await seller.post(
                s.path + "/case/influences/\(kari.id.uuidString)",
                [("influenceVersion", "1"), ("stance", "supportive")])
            #expect(warmer.status == .seeOther)
            let staleStance = try await seller.post(
                s.path + "/case/influences/\(kari.id.uuidString)", [("influenceVersion", "1"), ("stance", "opposed")])
            #expect(staleStance.status == .conflict && staleStance.body.contains("Noen andre endret dette"))
            #expect(try await s.tenant.dealCase(s.deal.id).influences().first?.stance == .supportive)
            let badDate = try await seller.post(
                s.path + "/case/evidence",
                [("tried", "Referansebesøk"), ("result", "worked"), ("triedOn", "31.02.2026")])
            #expect(badDate.status == .unprocessableEntity && badDate.body.contains("Dato: Bruk en dato"))
            let logged = try await seller.post(
                s.path + "/case/evidence",
                [("tried", "Referansebesøk hos Bergen Kino"), ("result", "worked"), ("triedOn", "20.11.2026")])
            #expect(logged.status == .seeOther)

            let page = try await seller.get(s.path + "/case")
            #expect(page.body.contains("Løst ") && page.body.contains("Betaling fordelt over to år"))
            #expect(page.body.contains("De frykter nedetid i sesongen") && page.body.contains("Sist svart av Seller a"))
            #expect(
                page.body.contains("Kari Nordmann, Økonomisjef") && page.body.contains("Økonomisk beslutningstaker"))
            #expect(page.body.contains(#"<option value="supportive" selected>Positiv"#))
            #expect(page.body.contains("Referansebesøk hos Bergen Kino"))
            #expect(page.body.contains("Seller a la til hindringen Pris / budsjett"), "the audit trail")
            #expect(page.body.contains("Seller a løste hindringen Pris / budsjett"))

            // The same page in English names the same things in English.
            let english = Browser(ctx.app, acceptLanguage: "en")
            try await english.signIn(s.org.leader.email, Fixtures.password)
            let en = try await english.get(s.path + "/case")
            #expect(en.body.contains("Case: Kassesystem") && en.body.contains("Price / budget"))
            #expect(en.body.contains("Economic buyer") && en.body.contains("What is it with this customer?"))
        }
    }

    @Test func aStaleAnswerIsRefusedShowingTheOtherChangeAndKeepingWhatWasTyped() async throws {
        try await withSparring { ctx in
            let s = try await setup(ctx)
            let seller = Browser(ctx.app, acceptLanguage: "en")
            try await seller.signIn(s.org.seller.email, Fixtures.password)
            let leader = Browser(ctx.app, acceptLanguage: "en")
            try await leader.signIn(s.org.leader.email, Fixtures.password)
            // Both opened the page with no answer (version 0); the leader saves first.
            let first = try await leader.post(
                s.path + "/case/answers",
                [("question", "pushOn"), ("version-pushOn", "0"), ("answer-pushOn", "The downtime guarantee")])
            #expect(first.status == .seeOther)
            let second = try await seller.post(
                s.path + "/case/answers",
                [("question", "pushOn"), ("version-pushOn", "0"), ("answer-pushOn", "Their new IT manager")])
            #expect(second.status == .conflict)
            #expect(second.body.contains("Leader a saved this in the meantime"))
            #expect(second.body.contains("The downtime guarantee") && second.body.contains("Their new IT manager"))
            #expect(second.body.contains(#"name="version-pushOn" value="1""#), "saving again is deliberate")
            let answers = try await s.tenant.dealCase(s.deal.id).answers()
            #expect(answers[.pushOn]?.text == "The downtime guarantee" && answers[.pushOn]?.version == 1)
            let again = try await seller.post(
                s.path + "/case/answers",
                [("question", "pushOn"), ("version-pushOn", "1"), ("answer-pushOn", "Their new IT manager")])
            #expect(again.status == .seeOther)
            #expect(
                try await s.tenant.dealCase(s.deal.id).revisions(.pushOn).map(\.text) == [
                    "Their new IT manager", "The downtime guarantee",
                ])
        }
    }

    @Test func plansAreMadeComparedEditedSafelyChosenAndTheirOutcomeRecorded() async throws {
        try await withSparring { ctx in
            let s = try await setup(ctx)
            let seller = Browser(ctx.app, acceptLanguage: "en")
            try await seller.signIn(s.org.seller.email, Fixtures.password)
            let leader = Browser(ctx.app, acceptLanguage: "en")
            try await leader.signIn(s.org.leader.email, Fixtures.password)

            let form = try await seller.get(s.path + "/plans/new")
            #expect(form.status == .ok && form.body.contains("Need more ideas?"))
            #expect(form.body.contains("What would you do with more time?") && form.body.contains("Eliminate: "))
            let untitled = try await seller.post(s.path + "/plans", [("title", " "), ("approach", "Paid pilot")])
            #expect(untitled.status == .unprocessableEntity)
            #expect(untitled.body.contains("Name of the plan: This field is required."))
            #expect(untitled.body.contains("Paid pilot"), "what was typed is kept")

            let a = try await seller.post(
                s.path + "/plans",
                [("title", "Pilot first"), ("approach", "A paid pilot in one cinema"), ("risks", "The pilot drags on")])
            #expect(a.status == .seeOther)
            let b = try await leader.post(
                s.path + "/plans", [("title", "Split payment"), ("approach", "Payment over two budget years")])
            #expect(b.status == .seeOther)
            let plans = try await s.tenant.dealCase(s.deal.id).plans()
            #expect(plans.map(\.letter) == ["A", "B"])

            let compare = try await seller.get(s.path + "/plans")
            #expect(compare.status == .ok && compare.body.contains("The plans side by side: Kassesystem"))
            #expect(compare.body.contains("Plan A: Pilot first") && compare.body.contains("Plan B: Split payment"))
            #expect(
                compare.body.contains("The pilot drags on") && compare.body.contains("Payment over two budget years"))
            #expect(!compare.body.contains("<mark"), "no blocker phrase, nothing marked")

            // Both open plan A at version 1; the leader saves first; the seller's save is refused with both shown.
            let planA = plans[0].id.uuidString
            let leaderSave = try await leader.post(
                s.path + "/plans/\(planA)",
                [("version", "1"), ("title", "Pilot first"), ("approach", "A free pilot, paid from month two")])
            #expect(leaderSave.status == .seeOther)
            let sellerSave = try await seller.post(
                s.path + "/plans/\(planA)",
                [("version", "1"), ("title", "Pilot first"), ("approach", "A pilot in two cinemas")])
            #expect(sellerSave.status == .conflict)
            #expect(sellerSave.body.contains("Someone else saved the plan while you were writing. This is it now:"))
            #expect(sellerSave.body.contains("A free pilot, paid from month two"), "the other change")
            #expect(sellerSave.body.contains("A pilot in two cinemas"), "what was typed")
            #expect(sellerSave.body.contains(#"name="version" value="2""#))
            #expect(
                try await s.tenant.dealCase(s.deal.id).plan(plans[0].id).text.approach
                    == "A free pilot, paid from month two")

            let planB = plans[1].id.uuidString
            let noOwner = try await leader.post(
                s.path + "/plans/\(planB)/choose",
                [
                    ("version", "1"), ("nextStep", "Meet the CFO"), ("ownerID", UUID().uuidString),
                    ("dueOn", "2026-12-15"),
                ])
            #expect(noOwner.status == .unprocessableEntity && noOwner.body.contains("Owner: This field is required."))
            let chosen = try await leader.post(
                s.path + "/plans/\(planB)/choose",
                [
                    ("version", "1"), ("nextStep", "Meet the CFO"), ("ownerID", s.org.seller.id.uuidString),
                    ("dueOn", "2026-12-15"),
                ])
            #expect(chosen.status == .seeOther)
            let outcome = try await seller.post(
                s.path + "/plans/\(planB)/outcome",
                [("version", "2"), ("outcome", "partly"), ("outcomeNote", "Yes to year one")])
            #expect(outcome.status == .seeOther)
            let after = try await seller.get(s.path + "/plans")
            #expect(
                after.body.contains("Chosen by Leader a") && after.body.contains("Next step: Meet the CFO (Seller a"))
            #expect(after.body.contains("Outcome: Partly worked") && after.body.contains("Considered alternative"))
            // A blocking reflex written into a plan is marked, with its question; the plan is saved as written.
            let reflex = try await seller.post(
                s.path + "/plans",
                [("title", "Discount"), ("approach", "A discount"), ("risks", "We tried that before and it failed.")])
            #expect(reflex.status == .seeOther)
            let marked = try await seller.get(s.path + "/plans")
            #expect(
                marked.body.contains(
                    #"<mark class="blocker" title="What is different now: the customer, the timing, or how we would do it?">We tried that before and it failed</mark>"#
                ))
            #expect(!after.body.contains("The deal was"))
            let won = try #require(try await s.tenant.pipelines.all()[0].stages.first { $0.kind == .won })
            _ = try await s.tenant.deals.moveStage(
                s.deal.id, to: won.id, expectedVersion: 1, by: s.org.seller.id, origin: .manual, at: ctx.clock.now,
                closeReason: "Pilot first")
            #expect(
                try await seller.get(s.path + "/plans").body.contains("The deal was won."), "the plan beside the result"
            )
        }
    }

    @Test func nobodyOutsideTheDealReachesItsCase() async throws {
        try await withSparring { ctx in
            let s = try await setup(ctx)
            let other = try await Fixtures.organisation(ctx.app, tag: "b")
            let tenant = s.tenant
            let outsider = try await tenant.users.create(
                NewUser(name: "Seller c", email: "seller@c.example", role: .seller),
                passwordHash: try BcryptHasher(cost: 4).hash(Fixtures.password), at: TestClock().now)
            for email in [other.admin.email, outsider.email] {
                let browser = Browser(ctx.app)
                try await browser.signIn(email, Fixtures.password)
                #expect(try await browser.get(s.path + "/case").status == .notFound)
                #expect(try await browser.get(s.path + "/plans").status == .notFound)
                let price = try #require(try await tenant.taxonomy.categories().first)
                let post = try await browser.post(s.path + "/case/obstacles", [("categoryID", price.id.uuidString)])
                #expect(post.status == .notFound)
            }
            #expect(try await tenant.dealCase(s.deal.id).obstacles().isEmpty)
        }
    }
}
