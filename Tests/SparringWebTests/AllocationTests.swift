import Foundation
import SparringDomain
import SparringStorage
import SparringTestSupport
import SparringWeb
import Testing
import Vapor

/// Resource pools, deals' requests and the planner through HTTP: the proposal beats the greedy choice,
/// the leader's adjustment is checked against capacity, stale confirmations are refused, and the
/// outcome of allocations is kept.
@Suite struct AllocationTests {
    @Test func thePlannerProposesTheBestSetTheLeaderConfirmsAndOutcomesAreCompared() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "alloc")
            let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
            let stage = try await tenant.pipelines.all()[0].stages[2]
            func deal(_ title: String) async throws -> Deal {
                try await tenant.deals.create(
                    NewDeal(
                        customerID: try await tenant.deals.createCustomer(name: title + " AS", industry: nil),
                        ownerID: org.seller.id, teamID: org.team.id, stageID: stage.id, title: title,
                        amountMinor: 100_000_000, currency: "NOK"),
                    by: org.seller.id, origin: .manual, at: ctx.clock.now)
            }
            let (a, b, c) = (try await deal("Alfa"), try await deal("Bravo"), try await deal("Charlie"))
            let leader = Browser(ctx.app)
            try await leader.signIn(org.leader.email, Fixtures.password)
            let seller = Browser(ctx.app)
            try await seller.signIn(org.seller.email, Fixtures.password)

            // Pools are the leader's; a bad capacity is named.
            #expect(try await seller.get("/allocation/pools").status == .forbidden)
            #expect(try await seller.get("/allocation").status == .forbidden)
            var pool: [(String, String)] = [
                ("teamID", org.team.id.uuidString), ("name", "Presales"), ("kind", "presales"), ("unit", "hours"),
                ("period", "month"), ("capacity", "ti"),
            ]
            let bad = try await leader.post("/allocation/pools", pool)
            #expect(bad.status == .unprocessableEntity && bad.body.contains(##"href="#field-capacity""##))
            // Without a team either: every field's problem at once.
            let noTeam = try await leader.post("/allocation/pools", pool.map { $0.0 == "teamID" ? ($0.0, "") : $0 })
            #expect(
                noTeam.body.contains(##"href="#field-teamID""##) && noTeam.body.contains(##"href="#field-capacity""##))
            pool[5] = ("capacity", "10")
            #expect(try await leader.post("/allocation/pools", pool).status == .seeOther)
            let poolID = try #require(try await tenant.resources.pools(teamIDs: [org.team.id]).first?.id)

            // The seller asks from the deal pages. Greedy by gain per hour takes Alfa (6 h, 70 points)
            // and then has no room; Bravo and Charlie (5 h, 50 points each) gain more together.
            let missing = try await seller.post(
                "/deals/\(a.id)/resources", [("poolID", poolID.uuidString), ("amount", "6"), ("uplift", "")])
            #expect(missing.status == .unprocessableEntity && missing.body.contains(##"href="#field-uplift""##))
            // The reason is asked as `why`: its error links to the resource form, not the close form's `reason`.
            #expect(
                missing.body.contains(##"href="#field-why""##) && !missing.body.contains(##"href="#field-reason""##))
            for (deal, amount, uplift) in [(a, "6", "70"), (b, "5", "50"), (c, "5", "50")] {
                let sent = try await seller.post(
                    "/deals/\(deal.id)/resources",
                    [("poolID", poolID.uuidString), ("amount", amount), ("uplift", uplift), ("why", "Workshop")])
                #expect(sent.status == .seeOther)
            }
            let page = try await leader.get("/allocation?team=\(org.team.id)")
            // The day as people write it works too; another shape is a 400 naming `on`.
            let today = Day(ctx.clock.now, in: TimeZone(identifier: "Europe/Oslo")!)
            let written = String(format: "%02d.%02d.%04d", today.day, today.month, today.year)
            let typed = try await leader.get("/allocation?team=\(org.team.id)&on=\(written)")
            #expect(typed.status == .ok && typed.body.contains(#"name="on" value="\#(today)""#))
            #expect(try await leader.get("/allocation?team=\(org.team.id)&on=27/13/2026").status == .badRequest)
            func checked(_ deal: Deal) async throws -> Bool {
                let requests = try await tenant.resources.requests(dealID: deal.id)
                let row = try #require(page.body.range(of: #"id="request-\#(requests[0].id)""#))
                let cell = page.body[row.upperBound...].prefix(400)
                return cell.contains("checked")
            }
            let (checkedA, checkedB, checkedC) = (try await checked(a), try await checked(b), try await checked(c))
            #expect(!checkedA && checkedB && checkedC)
            #expect(page.body.contains("No other choice within capacity gains more."))
            #expect(page.body.contains("Asks for more than the whole pool.") == false)

            // The confirm form, as the page would post it.
            func seen() async throws -> [(String, String)] {
                var fields: [(String, String)] = [("team", org.team.id.uuidString)]
                for deal in [a, b, c] {
                    for request in try await tenant.resources.requests(dealID: deal.id) {
                        fields.append(("seen[]", "\(request.id):\(request.version)"))
                    }
                }
                return fields
            }
            let ids = try await [a, b, c].asyncMap { try await tenant.resources.requests(dealID: $0.id)[0].id }
            let over = try await leader.post(
                "/allocation/confirm",
                try await seen() + [("granted[]", ids[0].uuidString), ("granted[]", ids[1].uuidString)])
            #expect(
                over.status == .unprocessableEntity
                    && over.body.contains("Presales: 11 granted, but the pool holds 10."))

            // A request that arrives after the page was shown makes the confirmation stale.
            let stale = try await seen()
            _ = try await seller.post(
                "/deals/\(a.id)/resources",
                [("poolID", poolID.uuidString), ("amount", "1"), ("uplift", "5"), ("why", "Quick call")])
            #expect(
                try await leader.post("/allocation/confirm", stale + [("granted[]", ids[1].uuidString)]).status
                    == .conflict)
            let fresh = try await seen()
            #expect(
                try await leader.post(
                    "/allocation/confirm",
                    fresh + [("granted[]", ids[1].uuidString), ("granted[]", ids[2].uuidString)]
                ).status == .seeOther)
            #expect(try await tenant.resources.requests(dealID: b.id)[0].status == .granted)
            #expect(try await tenant.resources.requests(dealID: a.id).allSatisfy { $0.status == .declined })

            // Outcomes: Bravo won.
            _ = try await tenant.deals.close(
                b.id, won: true, reason: "Signed", expectedVersion: try await tenant.deals.find(b.id).version,
                by: org.leader.id, at: ctx.clock.now)
            let after = try await leader.get("/allocation?team=\(org.team.id)")
            let outcomes = try #require(after.body.range(of: #"id="allocation-outcomes""#))
            #expect(
                after.body[outcomes.upperBound...].contains("<td class=\"number\">2</td><td class=\"number\">1</td>"))

            // The API: the same pools, requests, proposal and conflicts.
            let api = APIClient(
                ctx.app,
                token: try await AdminTasks.createToken(db: ctx.app.db, email: org.leader.email, name: "t", now: Date())
            )
            let listed = try #require(try await api.get("/api/v1/resource-pools").json as? [[String: Any]])
            #expect(listed.map { $0["name"] as? String } == ["Presales"])
            let badPool = try await api.send(
                .POST, "/api/v1/resource-pools",
                json: [
                    "teamID": org.team.id.uuidString, "name": "Tid", "kind": "coffee", "unit": "h", "period": "week",
                    "capacity": 4,
                ])
            #expect(badPool.status == .unprocessableEntity && badPool.body.contains("kind"))
            let asked = try await api.send(
                .POST, "/api/v1/deals/\(c.id)/resource-requests",
                json: ["poolID": poolID.uuidString, "amount": 2, "uplift": 10, "reason": "Demo"])
            #expect(asked.status == .created && (asked.json as? [String: Any])?["status"] as? String == "pending")
            #expect(try await api.get("/api/v1/allocation").status == .badRequest)
            let proposal = try #require(
                try await api.get("/api/v1/allocation?team=\(org.team.id)").json as? [String: Any])
            let planned = try #require(proposal["requests"] as? [[String: Any]])
            #expect(planned.count == 5 && proposal["optimal"] as? Bool == true)
            var versions: [String: Int] = [:]
            for item in planned {
                let request = try #require(item["request"] as? [String: Any])
                versions[try #require(request["id"] as? String)] = try #require(request["version"] as? Int)
            }
            var staleVersions = versions
            staleVersions[ids[1].uuidString] = 1
            let conflict = try await api.send(
                .POST, "/api/v1/allocation",
                json: ["teamID": org.team.id.uuidString, "seen": staleVersions, "granted": [ids[1].uuidString]])
            #expect(conflict.status == .conflict && (conflict.json as? [String: Any])?["current"] != nil)
            let confirmed = try await api.send(
                .POST, "/api/v1/allocation",
                json: ["teamID": org.team.id.uuidString, "seen": versions, "granted": [ids[1].uuidString]])
            #expect(confirmed.status == .created)
            #expect(try await tenant.resources.requests(dealID: c.id).allSatisfy { $0.status == .declined })

            // Another organisation's team and pool are not found.
            let other = try await Fixtures.organisation(ctx.app, tag: "allocother")
            let stranger = Browser(ctx.app)
            try await stranger.signIn(other.leader.email, Fixtures.password)
            #expect(try await stranger.get("/allocation?team=\(org.team.id)").status == .notFound)
            #expect(try await stranger.get("/allocation/pools/\(poolID)").status == .notFound)
            #expect(
                try await stranger.post("/deals/\(a.id)/resources", [("poolID", poolID.uuidString)]).status == .notFound
            )
        }
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var result: [T] = []
        for element in self { result.append(try await transform(element)) }
        return result
    }
}
