import Foundation
import SparringDomain
import SparringStorage
import SparringTestSupport
import SparringWeb
import Testing
import Vapor

@Suite struct CaseAPITests {
    func token(_ app: Application, _ email: String) async throws -> String {
        try await AdminTasks.createToken(db: app.db, email: email, name: "test", now: Date())
    }

    func deal(_ org: Fixtures.Org, _ tenant: Tenant, at time: Date) async throws -> Deal {
        let stage = try await tenant.pipelines.all()[0].stages[2]
        let customer = try await tenant.deals.createCustomer(name: "Bergen Kino AS", industry: nil)
        return try await tenant.deals.create(
            NewDeal(
                customerID: customer, ownerID: org.seller.id, teamID: org.team.id, stageID: stage.id,
                title: "Kassesystem", amountMinor: 50_000_000, currency: "NOK", expectedClose: nil),
            by: org.seller.id, origin: .manual, at: time)
    }

    func field(_ result: (status: HTTPResponseStatus, json: Any?, body: String)) -> String? {
        ((result.json as? [String: Any])?["error"] as? [String: Any])?["field"] as? String
    }

    @Test func theWholeCaseThroughTheAPIWithTheSameChecksAndConflictsAsThePages() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
            let deal = try await deal(org, tenant, at: ctx.clock.now)
            let base = "/api/v1/deals/\(deal.id.uuidString)"
            let seller = APIClient(ctx.app, token: try await token(ctx.app, org.seller.email))
            let leader = APIClient(ctx.app, token: try await token(ctx.app, org.leader.email))
            let price = try #require(try await tenant.taxonomy.categories().first).id.uuidString

            // Obstacles: the field is named when wrong; resolve; a stale resolve gets 409 with the current one.
            #expect(field(try await seller.send(.POST, base + "/obstacles", json: ["detail": "Dyrt"])) == "categoryID")
            let added = try await seller.send(
                .POST, base + "/obstacles", json: ["categoryID": price, "detail": "Dyrt"])
            #expect(added.status == .created)
            let obstacleID = try #require((added.json as? [String: Any])?["id"] as? String)
            let noHow = try await seller.send(.PATCH, base + "/obstacles/\(obstacleID)", json: ["version": 1])
            #expect(noHow.status == .unprocessableEntity && field(noHow) == "resolution")
            let resolved = try await leader.send(
                .PATCH, base + "/obstacles/\(obstacleID)", json: ["version": 1, "resolution": "Delt betaling"])
            #expect(
                resolved.status == .ok && (resolved.json as? [String: Any])?["resolution"] as? String == "Delt betaling"
            )
            let stale = try await seller.send(
                .PATCH, base + "/obstacles/\(obstacleID)", json: ["version": 1, "reopen": true])
            #expect(stale.status == .conflict)
            #expect(((stale.json as? [String: Any])?["current"] as? [String: Any])?["version"] as? Int == 2)

            let timing = try #require(try await tenant.taxonomy.categories().first { $0.key == "timing" }).id.uuidString
            let edited = try await leader.send(
                .PATCH, base + "/obstacles/\(obstacleID)",
                json: ["version": 2, "categoryID": timing, "detail": "Feil tidspunkt"])
            #expect(edited.status == .ok && (edited.json as? [String: Any])?["categoryID"] as? String == timing)
            #expect((edited.json as? [String: Any])?["resolution"] as? String == "Delt betaling", "still resolved")

            // Answers as revisions.
            let first = try await seller.send(
                .POST, base + "/answers", json: ["question": "customer", "version": 0, "text": "De frykter nedetid"])
            #expect(first.status == .ok && (first.json as? [String: Any])?["version"] as? Int == 1)
            let clash = try await leader.send(
                .POST, base + "/answers", json: ["question": "customer", "version": 0, "text": "Ny IT-sjef"])
            #expect(clash.status == .conflict)
            #expect(
                ((clash.json as? [String: Any])?["current"] as? [String: Any])?["text"] as? String
                    == "De frykter nedetid")
            #expect(
                field(
                    try await seller.send(
                        .POST, base + "/answers", json: ["question": "why", "version": 0, "text": "x"])) == "question")

            // People and attempts.
            let person = try await seller.send(
                .POST, base + "/influences",
                json: ["name": "Kari Nordmann", "role": "economicBuyer", "stance": "sceptical"])
            #expect(person.status == .created)
            let personID = try #require((person.json as? [String: Any])?["id"] as? String)
            let warmer = try await seller.send(
                .PATCH, base + "/influences/\(personID)", json: ["version": 1, "stance": "supportive"])
            #expect(warmer.status == .ok && (warmer.json as? [String: Any])?["stance"] as? String == "supportive")
            #expect((warmer.json as? [String: Any])?["name"] as? String == "Kari Nordmann", "fields left out are kept")
            #expect(
                field(
                    try await seller.send(
                        .POST, base + "/influences", json: ["name": "X", "role": "boss", "stance": "neutral"]))
                    == "role")
            let tried = try await seller.send(
                .POST, base + "/evidence",
                json: ["tried": "Referansebesøk", "result": "worked", "triedOn": "20.11.2026"])
            #expect(tried.status == .created && (tried.json as? [String: Any])?["triedOn"] as? String == "2026-11-20")
            let entryID = try #require((tried.json as? [String: Any])?["id"] as? String)
            #expect(try await seller.send(.DELETE, base + "/evidence/\(entryID)").status == .noContent)

            // Plans: make two, change one, choose it with an owner on the team, record the outcome.
            #expect(
                field(try await seller.send(.POST, base + "/plans", json: ["title": "Uten tilnærming"])) == "approach")
            let tactics = try #require(try await seller.get("/api/v1/tactics").json as? [[String: Any]])
            let tacticID = try #require(tactics.first?["id"] as? String)
            let a = try await seller.send(
                .POST, base + "/plans",
                json: ["title": "Pilot først", "approach": "Betalt pilot", "tactics": [tacticID]])
            #expect(a.status == .created && (a.json as? [String: Any])?["letter"] as? String == "A")
            let b = try await leader.send(
                .POST, base + "/plans", json: ["title": "Delt betaling", "approach": "To år"])
            let planID = try #require((b.json as? [String: Any])?["id"] as? String)
            #expect((b.json as? [String: Any])?["letter"] as? String == "B")
            let changed = try await seller.send(
                .PATCH, base + "/plans/\(planID)", json: ["version": 1, "risks": "Økonomi sier nei"])
            #expect(changed.status == .ok && (changed.json as? [String: Any])?["title"] as? String == "Delt betaling")
            let stalePlan = try await leader.send(
                .PATCH, base + "/plans/\(planID)", json: ["version": 1, "title": "Gammel"])
            #expect(stalePlan.status == .conflict)
            #expect(
                ((stalePlan.json as? [String: Any])?["current"] as? [String: Any])?["risks"] as? String
                    == "Økonomi sier nei")
            let outsider = try await seller.send(
                .POST, base + "/plans/\(planID)/choose",
                json: ["version": 2, "nextStep": "Møte", "ownerID": UUID().uuidString, "dueOn": "2026-12-15"])
            #expect(outsider.status == .unprocessableEntity && field(outsider) == "ownerID")
            let chosen = try await leader.send(
                .POST, base + "/plans/\(planID)/choose",
                json: [
                    "version": 2, "nextStep": "Møte med økonomisjefen", "ownerID": org.seller.id.uuidString,
                    "dueOn": "2026-12-15",
                ])
            #expect(chosen.status == .ok)
            #expect(((chosen.json as? [String: Any])?["choice"] as? [String: Any])?["dueOn"] as? String == "2026-12-15")
            ctx.clock.advance(by: 60)  // the outcome comes later: the newest line of the audit trail
            let outcome = try await seller.send(
                .POST, base + "/plans/\(planID)/outcome", json: ["version": 3, "outcome": "worked", "note": "Ja"])
            #expect(((outcome.json as? [String: Any])?["outcome"] as? [String: Any])?["result"] as? String == "worked")

            let whole = try #require(try await seller.get(base + "/case").json as? [String: Any])
            #expect(
                (whole["plans"] as? [[String: Any]])?.count == 2
                    && (whole["influences"] as? [[String: Any]])?.count == 1)
            #expect((whole["events"] as? [[String: Any]])?.first?["action"] as? String == "planOutcome")

            // Another organisation sees nothing of it; a seller adds no tactics.
            let other = try await Fixtures.organisation(ctx.app, tag: "b")
            let stranger = APIClient(ctx.app, token: try await token(ctx.app, other.admin.email))
            #expect(try await stranger.get(base + "/case").status == .notFound)
            #expect(
                try await stranger.send(.POST, base + "/obstacles", json: ["categoryID": price]).status == .notFound)
            #expect(
                try await seller.send(.POST, "/api/v1/tactics", json: ["name": "Min", "categories": [price]]).status
                    == .forbidden)
            let made = try await leader.send(
                .POST, "/api/v1/tactics", json: ["name": "Prisgaranti", "categories": [price]])
            #expect(made.status == .created)
        }
    }

    @Test func tacticEvidenceGivesOnlyCountsBelowTheMinimum() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
            let price = try await tenant.taxonomy.categories()[0].id
            let roi = try await tenant.taxonomy.saveTactic(
                id: nil, expectedVersion: 0, name: "ROI", summary: "", categoryIDs: [price], retired: false,
                at: ctx.clock.now)
            for index in 0..<3 {
                _ = try await CaseFixtures.deal(
                    org, in: tenant, title: "D\(index)", status: .won, obstacles: [price], tactics: [roi], chosen: true,
                    at: ctx.clock.now + Double(index))
            }
            let api = APIClient(ctx.app, token: try await token(ctx.app, org.seller.email))
            let tactics = try #require(try await api.get("/api/v1/tactics").json as? [[String: Any]])
            let evidence = try #require(
                tactics.first { $0["id"] as? String == roi.uuidString }?["evidence"] as? [[String: Any]])
            let applied = try #require(evidence.first?["applied"] as? [String: Any])
            #expect(evidence.first?["shown"] as? Bool == false)
            #expect(applied["deals"] as? Int == 3 && applied["wins"] == nil && applied["rate"] == nil)
        }
    }

    @Test func blockerPhrasesComeBackWithTheirSpanAndAQuestionInTheTextsLanguage() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let api = APIClient(ctx.app, token: try await token(ctx.app, org.seller.email))
            let text = "Åse sier: vi har alltid gjort det sånn."
            let result = try await api.send(.POST, "/api/v1/text/blockers", json: ["text": text])
            #expect(result.status == .ok)
            let body = try #require(result.json as? [String: Any])
            #expect(body["locale"] as? String == "nb", "told from the text")
            let finding = try #require((body["findings"] as? [[String: Any]])?.first)
            #expect(
                finding["bias"] as? String == "legacy" && finding["start"] as? Int == 10 && finding["end"] as? Int == 38
            )
            #expect(finding["phrase"] as? String == "vi har alltid gjort det sånn")
            #expect(finding["question"] as? String == "Hva ville vi gjort hvis vi startet i dag, uten vanene våre?")
            let english = try await api.send(.POST, "/api/v1/text/blockers", json: ["text": text, "locale": "en"])
            #expect(
                ((english.json as? [String: Any])?["findings"] as? [[String: Any]])?.first?["question"] as? String
                    == "What would we do if we started today, without our habits?")
            let none = try await api.send(
                .POST, "/api/v1/text/blockers", json: ["text": "Kunden har alltid kjøpt i desember."])
            #expect(((none.json as? [String: Any])?["findings"] as? [[String: Any]])?.isEmpty == true)
            #expect(field(try await api.send(.POST, "/api/v1/text/blockers", json: ["locale": "nb"])) == "text")
            #expect(
                field(try await api.send(.POST, "/api/v1/text/blockers", json: ["text": "x", "locale": "de"]))
                    == "locale")
            #expect(
                try await APIClient(ctx.app, token: nil).send(.POST, "/api/v1/text/blockers", json: ["text": "x"])
                    .status == .unauthorized)
        }
    }
}
