import Foundation
import SQLKit
import SparringDomain
import SparringTestSupport
import SparringWeb
import Testing
import Vapor

@testable import SparringStorage

/// Rules of one of a kind — one chosen plan per deal, one open sparring session per deal, one open
/// pulse round per leader and team — held by unique indexes: sequential requests are refused, requests
/// at the same moment let exactly one through and the others get a clean 409, and even a write that
/// goes around the application is refused by the database.
@Suite struct OneOfAKindTests {
    struct Setup {
        var org: Fixtures.Org
        var deal: Deal
        var seller: APIClient
        var leader: APIClient
    }

    func setup(_ ctx: TestContext) async throws -> Setup {
        let org = try await Fixtures.organisation(ctx.app, tag: "one")
        let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
        let stage = try await tenant.pipelines.all()[0].stages[2]
        let customer = try await tenant.deals.createCustomer(name: "Fjord Kraft")
        let deal = try await tenant.deals.create(
            NewDeal(
                customerID: customer, ownerID: org.seller.id, teamID: org.team.id, stageID: stage.id,
                title: "Nettportal", amountMinor: 40_000_000, currency: "NOK"),
            by: org.seller.id, origin: .manual, at: ctx.clock.now)
        func client(_ email: String) async throws -> APIClient {
            APIClient(
                ctx.app, token: try await AdminTasks.createToken(db: ctx.app.db, email: email, name: "t", now: Date()))
        }
        return Setup(
            org: org, deal: deal, seller: try await client(org.seller.email), leader: try await client(org.leader.email)
        )
    }

    func object(_ result: (status: HTTPResponseStatus, json: Any?, body: String)) throws -> [String: Any] {
        try #require(result.json as? [String: Any], "\(result.status) \(result.body)")
    }

    func plans(_ s: Setup) async throws -> [[String: Any]] {
        try #require(try await s.seller.get("/api/v1/deals/\(s.deal.id)/plans").json as? [[String: Any]])
    }

    func makePlan(_ s: Setup, _ title: String) async throws -> (id: String, version: Int) {
        let made = try object(
            try await s.seller.send(
                .POST, "/api/v1/deals/\(s.deal.id)/plans", json: ["title": title, "approach": "How: " + title]))
        return (try #require(made["id"] as? String), try #require(made["version"] as? Int))
    }

    func choose(_ s: Setup, _ plan: (id: String, version: Int), next: String) async throws -> HTTPResponseStatus {
        try await s.seller.send(
            .POST, "/api/v1/deals/\(s.deal.id)/plans/\(plan.id)/choose",
            json: [
                "version": plan.version, "nextStep": next, "ownerID": s.org.seller.id.uuidString, "dueOn": "2026-12-20",
            ]
        ).status
    }

    @Test func aPlanChosenOnTheCaseThenAnotherAgreedInSparringLeavesOneChosenAndEveryNextStepFollowedUp()
        async throws
    {
        try await withSparring { ctx in
            let s = try await setup(ctx)
            let a = try await makePlan(s, "Pilot")
            #expect(try await choose(s, a, next: "Book the pilot") == .ok)
            // The case's choice is a follow-up too, in the list and in the calendar.
            var followUps = try #require(
                try object(try await s.seller.get("/api/v1/follow-ups"))["items"] as? [[String: Any]])
            #expect(followUps.count == 1 && followUps[0]["what"] as? String == "Book the pilot")
            #expect(followUps.first?["planID"] as? String == a.id)

            // A session agrees on plan B: B is the deal's plan, A is replaced and keeps its record.
            let b = try await makePlan(s, "Split the contract")
            let session = try object(
                try await s.seller.send(
                    .POST, "/api/v1/sparring", json: ["dealID": s.deal.id.uuidString, "question": "Which way?"]))
            let base = "/api/v1/sparring/\(try #require(session["id"] as? String))"
            for title in ["One", "Two"] {
                _ = try await s.leader.send(.POST, base + "/suggestions", json: ["title": title, "detail": title])
            }
            #expect(try await s.leader.send(.POST, base + "/ready", json: ["version": 1]).status == .ok)
            // The agreement offers every plan, the one chosen already too.
            let browser = Browser(ctx.app)
            try await browser.signIn(s.org.seller.email, Fixtures.password)
            let page = try await browser.get(String(base.dropFirst("/api/v1".count)))
            #expect(page.body.contains(#"value="\#(a.id.lowercased())""#) || page.body.contains(#"value="\#(a.id)""#))
            let agreed = try await s.seller.send(
                .POST, base + "/agree",
                json: [
                    "version": 2, "planID": b.id, "nextStep": "Send the split offer",
                    "ownerID": s.org.seller.id.uuidString, "followUpOn": "2026-12-22",
                ])
            #expect(agreed.status == .ok, "\(agreed.body)")
            let now = try await plans(s)
            #expect(now.filter { $0["chosen"] as? Bool == true }.compactMap { $0["id"] as? String } == [b.id])
            let replaced = try #require(now.first { $0["id"] as? String == a.id })
            #expect((replaced["choice"] as? [String: Any])?["replacedAt"] is String, "A keeps when it was chosen")
            followUps = try #require(
                try object(try await s.seller.get("/api/v1/follow-ups"))["items"] as? [[String: Any]])
            #expect(Set(followUps.compactMap { $0["what"] as? String }) == ["Book the pilot", "Send the split offer"])
            #expect(followUps.first { $0["planID"] as? String == b.id }?["sessionID"] is String)

            // Choosing A again makes it the plan and B the replaced one; still one chosen.
            let again = try #require(now.first { $0["id"] as? String == a.id }?["version"] as? Int)
            #expect(try await choose(s, (a.id, again), next: "Pilot after all") == .ok)
            #expect(
                try await plans(s).filter { $0["chosen"] as? Bool == true }.compactMap { $0["id"] as? String } == [a.id]
            )
            // The plan's open follow-up follows its new next step rather than adding a second one.
            followUps = try #require(
                try object(try await s.seller.get("/api/v1/follow-ups"))["items"] as? [[String: Any]])
            #expect(
                followUps.filter { $0["planID"] as? String == a.id }.map { $0["what"] as? String } == [
                    "Pilot after all"
                ])
        }
    }

    @Test func requestsAtTheSameMomentLetExactlyOneThroughAndTheOthersGetA409() async throws {
        try await withSparring { ctx in
            let s = try await setup(ctx)
            // Eight sellers' clicks at once on "ask for sparring".
            let asks = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for index in 0..<8 {
                    group.addTask {
                        try await s.seller.send(
                            .POST, "/api/v1/sparring",
                            json: ["dealID": s.deal.id.uuidString, "question": "Question \(index)?"]
                        ).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(asks.filter { $0 == .created }.count == 1)
            #expect(asks.filter { $0 == .conflict }.count == 7, "\(asks)")
            // Afterwards too: a 409 that names the deal.
            let later = try await s.seller.send(
                .POST, "/api/v1/sparring", json: ["dealID": s.deal.id.uuidString, "question": "Again?"])
            #expect(later.status == .conflict)
            #expect(((later.json as? [String: Any])?["error"] as? [String: Any])?["field"] as? String == "deal")

            // Six plans chosen at once: whatever the order, one is the deal's plan.
            var made: [(id: String, version: Int)] = []
            for index in 0..<6 { made.append(try await makePlan(s, "Plan \(index)")) }
            let chosen = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for plan in made { group.addTask { try await choose(s, plan, next: "Go") } }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(chosen.allSatisfy { $0 == .ok || $0 == .conflict }, "\(chosen)")
            #expect(chosen.contains(.ok))
            #expect(try await plans(s).filter { $0["chosen"] as? Bool == true }.count == 1)

            // Pulse rounds opened at once by the leader: one.
            let opened = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        try await s.leader.send(
                            .POST, "/api/v1/pulse-rounds",
                            json: ["teamID": s.org.team.id.uuidString, "leaderID": s.org.leader.id.uuidString]
                        ).status
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(opened.filter { $0 == .created }.count == 1)
            #expect(opened.filter { $0 == .conflict }.count == 5, "\(opened)")
        }
    }

    @Test func theDatabaseItselfRefusesASecondOfAKind() async throws {
        try await withSparring { ctx in
            let s = try await setup(ctx)
            let sql = ctx.app.db as! any SQLDatabase
            let a = try await makePlan(s, "A")
            let b = try await makePlan(s, "B")
            #expect(try await choose(s, a, next: "Go") == .ok)
            // Around the application: marking B chosen too breaks `plans_one_chosen`.
            await #expect(throws: (any Error).self) {
                try await sql.update("plans").set("chosen_at", to: Date()).set("chosen_by", to: s.org.seller.id)
                    .where("id", .equal, UUID(uuidString: b.id)!).run()
            }
            let session = try object(
                try await s.seller.send(
                    .POST, "/api/v1/sparring", json: ["dealID": s.deal.id.uuidString, "question": "Why?"]))
            await #expect(throws: (any Error).self) {
                try await sql.raw(
                    """
                    INSERT INTO sparring_sessions (id, organisation_id, deal_id, team_id, requester_id, question,
                        context, state, stage_id_at_request, requested_at, updated_at, version)
                    SELECT \(bind: UUID()), organisation_id, deal_id, team_id, requester_id, question, context,
                        'ready', stage_id_at_request, requested_at, updated_at, 1
                    FROM sparring_sessions WHERE id = \(bind: UUID(uuidString: session["id"] as! String)!)
                    """
                ).run()
            }
        }
    }
}

/// A database written before the rules had indexes may break them; the migration mends it first.
@Suite struct OneOfAKindMigrationTests {
    @Test func twoChosenPlansAndTwoOpenSessionsFromBeforeAreMendedAndLoseNothing() async throws {
        try await withSparring { ctx in
            let s = try await OneOfAKindTests().setup(ctx)
            let (org, deal) = (s.org, s.deal)
            let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
            let work = tenant.dealCase(deal.id)
            let a = try await work.createPlan(
                PlanText(title: "A", approach: "a"), tacticIDs: [], by: org.seller.id, at: ctx.clock.now)
            let b = try await work.createPlan(
                PlanText(title: "B", approach: "b"), tacticIDs: [], by: org.seller.id, at: ctx.clock.now)
            let sessions = tenant.sparring(timeZone: .gmt)
            let first = try await sessions.request(
                deal: deal, question: "Q1", context: "", by: org.seller.id, at: ctx.clock.now)
            // As the data was before the indexes: both plans chosen, two sessions open, no follow-ups.
            let sql = ctx.app.db as! any SQLDatabase
            for index in ["plans_one_chosen", "sparring_sessions_one_open"] { try await sql.drop(index: index).run() }
            for (plan, offset) in [(a, 0.0), (b, 60.0)] {
                try await sql.update("plans").set("chosen_at", to: ctx.clock.now.addingTimeInterval(offset))
                    .set("chosen_by", to: org.seller.id).set("owner_id", to: org.seller.id)
                    .set("next_step", to: "Step " + plan.letter).set("due_on", to: "2026-12-24")
                    .where("id", .equal, plan.id).run()
            }
            try await sql.raw(
                """
                INSERT INTO sparring_sessions (id, organisation_id, deal_id, team_id, requester_id, question,
                    context, state, stage_id_at_request, requested_at, updated_at, version)
                SELECT \(bind: UUID()), organisation_id, deal_id, team_id, requester_id, 'Q2', context,
                    'requested', stage_id_at_request, \(bind: ctx.clock.now.addingTimeInterval(5)), updated_at, 1
                FROM sparring_sessions WHERE id = \(bind: first.id)
                """
            ).run()
            try await sql.drop(index: "pulse_rounds_one_open").run()
            try await sql.raw("UPDATE plans SET replaced_at = NULL").run()
            try await sql.raw("DELETE FROM follow_ups").run()
            // The migration's mending and indexes, as on the first start of this version.
            try await M036OneOfAKind.mendAndHold(sql)

            let plans = try await work.plans()
            #expect(plans.filter(\.isChosen).map(\.letter) == ["B"])
            #expect(plans.first { $0.letter == "A" }?.choice?.replacedAt != nil, "A keeps its choice, replaced")
            let open = try await sessions.sessions(dealID: deal.id).filter(\.state.isOpen)
            #expect(open.map(\.question) == ["Q2"])
            #expect(try await sessions.sessions(dealID: deal.id).count == 2, "the older session is kept, withdrawn")
            let followUps = try await sessions.followUps(for: org.seller.id)
            #expect(followUps.map(\.followUp.what) == ["Step B"])
        }
    }
}
