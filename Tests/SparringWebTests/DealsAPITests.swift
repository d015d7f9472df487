import Foundation
import SparringDomain
import SparringStorage
import SparringTestSupport
import SparringWeb
import Testing
import Vapor

@Suite struct DealsAPITests {
    func token(_ app: Application, _ email: String) async throws -> String {
        try await AdminTasks.createToken(db: app.db, email: email, name: "test", now: Date())
    }

    @Test func createReadPatchMoveAndSnoozeADealThroughTheAPI() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let seller = APIClient(ctx.app, token: try await token(ctx.app, org.seller.email))
            let pipelines = try #require(try await seller.get("/api/v1/pipelines").json as? [[String: Any]])
            let stages = try #require(pipelines.first?["stages"] as? [[String: Any]])
            let qualify = try #require(stages.first?["id"] as? String)
            let proposal = try #require(stages[2]["id"] as? String)

            let bad = try await seller.send(.POST, "/api/v1/deals", json: ["title": "", "customer": "Kunde AS"])
            #expect(bad.status == .unprocessableEntity)
            #expect((bad.json as? [String: [String: Any]])?["error"]?["field"] as? String == "title")
            let wrongType = try await seller.send(.POST, "/api/v1/deals", json: ["title": 12])
            #expect(wrongType.status == .badRequest && wrongType.body.contains("\"field\":\"title\""))

            let created = try await seller.send(
                .POST, "/api/v1/deals",
                json: [
                    "title": "API-avtale", "customer": "Kunde AS", "ownerID": org.seller.id.uuidString,
                    "teamID": org.team.id.uuidString, "stageID": qualify, "amountMinor": 1_000_00, "currency": "NOK",
                    "expectedClose": "2026-12-31",
                ])
            #expect(created.status == .created)
            let deal = try #require(created.json as? [String: Any])
            let id = try #require(deal["id"] as? String)
            #expect(deal["version"] as? Int == 1 && deal["customer"] as? String == "Kunde AS")

            let patched = try await seller.send(
                .PATCH, "/api/v1/deals/\(id)",
                json: ["version": 1, "amountMinor": 2_000_00, "expectedClose": "2027-01-31"])
            #expect(patched.status == .ok)
            let after = try #require(patched.json as? [String: Any])
            #expect(after["amountMinor"] as? Int == 2_000_00 && after["closeDatePushes"] as? Int == 1)
            #expect(after["customer"] as? String == "Kunde AS" && after["title"] as? String == "API-avtale")

            let stale = try await seller.send(.PATCH, "/api/v1/deals/\(id)", json: ["version": 1, "title": "Gammel"])
            #expect(stale.status == .conflict)
            let conflict = try #require(stale.json as? [String: Any])
            #expect((conflict["current"] as? [String: Any])?["version"] as? Int == 2)
            #expect((conflict["error"] as? [String: Any])?["code"] as? String == "conflict")

            let moved = try await seller.send(
                .POST, "/api/v1/deals/\(id)/stage", json: ["version": 2, "stageID": proposal])
            #expect(moved.status == .ok && (moved.json as? [String: Any])?["stageID"] as? String == proposal)
            let detail = try #require(try await seller.get("/api/v1/deals/\(id)").json as? [String: Any])
            #expect((detail["history"] as? [[String: Any]])?.count == 2)

            ctx.clock.advance(by: 60 * 86_400)
            let stuck = try #require(try await seller.get("/api/v1/deals?stuck=true").json as? [String: Any])
            let items = try #require(stuck["items"] as? [[String: Any]])
            #expect(items.count == 1)
            let reasons = try #require(items.first?["stuckReasons"] as? [[String: Any]])
            #expect(
                reasons.contains {
                    $0["code"] as? String == "close_date_passed" || $0["code"] as? String == "over_expected_stay"
                })

            let snoozeBad = try await seller.send(.POST, "/api/v1/deals/\(id)/snooze", json: ["until": "i morgen"])
            #expect(snoozeBad.status == .unprocessableEntity)
            let until = Day(ctx.clock.now + 7 * 86_400, in: TimeZone(identifier: "Europe/Oslo")!).description
            let snoozed = try await seller.send(
                .POST, "/api/v1/deals/\(id)/snooze", json: ["until": until, "reason": "Venter på budsjett"])
            #expect(snoozed.status == .ok)
            #expect(
                ((snoozed.json as? [String: Any])?["snooze"] as? [String: Any])?["reason"] as? String
                    == "Venter på budsjett")
            let none = try #require(try await seller.get("/api/v1/deals?stuck=true").json as? [String: Any])
            #expect((none["items"] as? [Any])?.isEmpty == true)

            let closed = try await seller.send(
                .POST, "/api/v1/deals/\(id)/stage", json: ["version": 4, "outcome": "won", "reason": "Best på service"])
            #expect(closed.status == .ok && (closed.json as? [String: Any])?["status"] as? String == "won")

            // Another organisation's admin sees nothing of it.
            let other = try await Fixtures.organisation(ctx.app, tag: "b")
            let stranger = APIClient(ctx.app, token: try await token(ctx.app, other.admin.email))
            #expect(try await stranger.get("/api/v1/deals/\(id)").status == .notFound)
            #expect(
                try await stranger.send(.PATCH, "/api/v1/deals/\(id)", json: ["version": 5, "title": "x"]).status
                    == .notFound)
            let list = try #require(try await stranger.get("/api/v1/deals?status=all").json as? [String: Any])
            #expect((list["items"] as? [Any])?.isEmpty == true)
        }
    }

    @Test func theListPagesWithACursorAndRefusesBadFilters() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
            let stage = try await tenant.pipelines.all()[0].stages[0]
            let customer = try await tenant.deals.createCustomer(name: "Kunde")
            for index in 0..<5 {
                _ = try await tenant.deals.create(
                    NewDeal(
                        customerID: customer, ownerID: org.seller.id, teamID: org.team.id, stageID: stage.id,
                        title: "D\(index)", amountMinor: Int64(index), currency: "NOK"),
                    by: nil, origin: .manual, at: ctx.clock.now + Double(index))
            }
            let admin = APIClient(ctx.app, token: try await token(ctx.app, org.admin.email))
            var titles: [String] = []
            var cursor: String?
            repeat {
                let page = try #require(
                    try await admin.get("/api/v1/deals?limit=2&sort=amount" + (cursor.map { "&cursor=" + $0 } ?? ""))
                        .json
                        as? [String: Any])
                titles += (page["items"] as? [[String: Any]] ?? []).compactMap { $0["title"] as? String }
                cursor = page["nextCursor"] as? String
            } while cursor != nil
            #expect(titles == ["D4", "D3", "D2", "D1", "D0"])
            #expect(try await admin.get("/api/v1/deals?status=maybe").status == .unprocessableEntity)
            #expect(try await admin.get("/api/v1/deals?cursor=broken").status == .badRequest)
            #expect(try await admin.get("/api/v1/deals?limit=0").status == .unprocessableEntity)
        }
    }

    @Test func importsThroughTheAPIWithADryRun() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let admin = APIClient(ctx.app, token: try await token(ctx.app, org.admin.email))
            let file = try Data(contentsOf: URL(fileURLWithPath: importFixture("pipedrive-deals.csv")))
            let dry = try await admin.send(
                .POST, "/api/v1/imports",
                raw: APIClient.multipart(
                    [("source", "pipedrive"), ("dryRun", "true")], file: ("file", "deals.csv", file)))
            #expect(dry.status == .ok)
            #expect((dry.json as? [String: Any])?["created"] as? Int == 2)
            let bad = try Data(contentsOf: URL(fileURLWithPath: importFixture("hubspot-bad-value.csv")))
            let refused = try await admin.send(
                .POST, "/api/v1/imports",
                raw: APIClient.multipart([("source", "hubspot")], file: ("file", "deals.csv", bad)))
            #expect(refused.status == .unprocessableEntity)
            let problems = try #require((refused.json as? [String: Any])?["problems"] as? [[String: Any]])
            #expect(problems.first?["row"] as? Int == 4 && problems.first?["column"] as? String == "Amount")
            let done = try await admin.send(
                .POST, "/api/v1/imports",
                raw: APIClient.multipart([("source", "pipedrive")], file: ("file", "deals.csv", file)))
            #expect(done.status == .created)
            let seller = APIClient(ctx.app, token: try await token(ctx.app, org.seller.email))
            let forbidden = try await seller.send(
                .POST, "/api/v1/imports",
                raw: APIClient.multipart([("source", "pipedrive")], file: ("file", "deals.csv", file)))
            #expect(forbidden.status == .forbidden)
            let sellersDeals = try #require(try await seller.get("/api/v1/deals?status=all").json as? [String: Any])
            #expect((sellersDeals["items"] as? [Any])?.count == 2)
        }
    }
}
