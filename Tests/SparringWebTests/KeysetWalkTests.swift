import Foundation
import SQLKit
import SparringDomain
import SparringStorage
import SparringTestSupport
import SparringWeb
import Testing
import Vapor

/// Every list that pages, walked to its end through the API (and the audit trail through its store),
/// over rows whose sort keys are equal or differ by less than a microsecond: each row must come back
/// exactly once. A cursor that carries a time as a `Double` through `Date(timeIntervalSince1970:)`
/// repeats or skips rows here.
@Suite struct KeysetWalkTests {
    static let deals = 1_500

    /// Times that collide and nearly collide: 40 groups a fraction of a microsecond apart, each
    /// repeated, with fractions a `Double` cannot hold exactly.
    static func time(_ index: Int, base: Date) -> Date {
        base.addingTimeInterval(Double(index % 40) * 0.000_000_37 + Double(index % 7) * 0.123_456_789_1)
    }

    func walk(_ client: APIClient, _ path: String, limit: Int) async throws -> [String] {
        var ids: [String] = []
        var cursor: String?
        var pages = 0
        repeat {
            let separator = path.contains("?") ? "&" : "?"
            let response = try await client.get(
                path + separator + "limit=\(limit)" + (cursor.map { "&cursor=" + $0 } ?? ""))
            try #require(response.status == .ok, "\(path): \(response.body)")
            let page = try #require(response.json as? [String: Any])
            ids += (page["items"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            cursor = page["nextCursor"] as? String
            pages += 1
            try #require(pages <= 10_000)
        } while cursor != nil
        return ids
    }

    @Test func everyPagedListReturnsEachRowOnceOverEqualAndNearlyEqualKeys() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "k")
            let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
            let stage = try await tenant.pipelines.all()[0].stages[0]
            let customer = try await tenant.deals.createCustomer(name: "Kunde")
            // Long in their stage, so the team's stuck list (its own indexed path) holds them all.
            let base = ctx.clock.now.addingTimeInterval(-400 * 86_400)
            var created = Set<String>()
            for index in 0..<Self.deals {
                let deal = try await tenant.deals.create(
                    NewDeal(
                        customerID: customer, ownerID: org.seller.id, teamID: org.team.id, stageID: stage.id,
                        title: "D\(index)", amountMinor: Int64(index % 5) * 1_000, currency: "NOK",
                        expectedClose: Day(year: 2027, month: 1, day: 1 + index % 3)),
                    by: nil, origin: .imported, at: Self.time(index, base: base))
                created.insert(deal.id.uuidString)
            }
            let admin = APIClient(
                ctx.app,
                token: try await AdminTasks.createToken(
                    db: ctx.app.db, email: org.admin.email, name: "walk", now: Date()))
            for sort in DealSort.allCases {
                let ids = try await walk(admin, "/api/v1/deals?sort=\(sort.rawValue)", limit: 37)
                #expect(ids.count == Self.deals, "sort \(sort.rawValue)")
                #expect(created.subtracting(ids).count == 0, "sort \(sort.rawValue): missing")
            }
            let stuck = try await walk(admin, "/api/v1/deals?team=\(org.team.id)&stuck=true", limit: 41)
            #expect(stuck.count == Self.deals)
            #expect(created.subtracting(stuck).count == 0)

            // People with one name, created at one millisecond: names and audit times all equal.
            let same = ctx.clock.now
            var people = Set([org.admin.id, org.leader.id, org.seller.id].map(\.uuidString))
            for index in 0..<120 {
                let user = try await tenant.users.create(
                    NewUser(name: "Kari Nordmann", email: "kari\(index)@k.example", role: .seller),
                    passwordHash: "x", at: same)
                people.insert(user.id.uuidString)
            }
            let users = try await walk(admin, "/api/v1/users", limit: 7)
            #expect(users.count == people.count)
            #expect(people.subtracting(users).count == 0)
            for index in 0..<60 {
                _ = try await tenant.teams.create(
                    name: index.isMultiple(of: 2) ? "Team \(index)" : "team \(index)", leaderIDs: [], memberIDs: [],
                    at: same)
            }
            let teams = try await walk(admin, "/api/v1/teams", limit: 9)
            #expect(teams.count == 61)
            #expect(Set(teams).count == 61)

            // Bulletins sent to both of a leader's teams, read a page at a time: each once, every page full.
            let second = try await tenant.teams.create(
                name: "Second", leaderIDs: [org.leader.id], memberIDs: [], at: same)
            var sent = Set<UUID>()
            for index in 0..<45 {
                let bulletin = try await tenant.bulletins.publish(
                    BulletinText(title: "News \(index)", text: "Text", why: "Why"), teamIDs: [org.team.id, second.id],
                    by: org.admin.id, at: same.addingTimeInterval(Double(index % 3)))
                sent.insert(bulletin.id)
            }
            let audience = BulletinAudience.some(teams: [org.team.id, second.id], authorID: org.leader.id)
            var read: [UUID] = []
            for offset in stride(from: 0, to: 45, by: 10) {
                let page = try await tenant.bulletins.feed(audience: audience, limit: 10, offset: offset)
                #expect(page.count == min(10, 45 - offset))
                read += page.map(\.id)
            }
            #expect(read.count == 45)
            #expect(Set(read) == sent)

            var events: [UUID] = []
            var cursor: PageCursor?
            repeat {
                let page = try await tenant.audit.page(limit: 11, before: cursor)
                events += page.items.map(\.id)
                cursor = page.nextCursor
            } while cursor != nil
            let total = try await (ctx.app.db as! any SQLDatabase).select()
                .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("audit_events")
                .where("organisation_id", .equal, org.organisation.id).first()!.decode(column: "n", as: Int.self)
            #expect(events.count == total)
            #expect(Set(events).count == total)
        }
    }
}
