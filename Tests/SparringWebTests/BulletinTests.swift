import Foundation
import SparringDomain
import SparringStorage
import SparringTestSupport
import SparringWeb
import Testing
import Vapor

/// Bulletins through HTTP: who may send to which teams, the feed, marks and their counts (never who),
/// suggested and linked deals.
@Suite struct BulletinTests {
    func bulletinID(_ location: String?) throws -> UUID {
        let path = try #require(location)
        return try #require(UUID(uuidString: String(path.split(separator: "/")[1])))
    }

    @Test func aLeaderSendsNewsWithWhyTheSellerMarksItUsefulAndTheLeaderSeesOnlyCounts() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "news")
            let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
            let other = try await tenant.teams.create(
                name: "Other team", leaderIDs: [], memberIDs: [], at: TestClock().now)
            let outsider = try await tenant.users.create(
                NewUser(name: "Outsider", email: "outsider@news.example", role: .seller, memberOf: [other.id]),
                passwordHash: try BcryptHasher(cost: 4).hash(Fixtures.password), at: TestClock().now)
            let stage = try await tenant.pipelines.all()[0].stages[2]
            let energy = try await tenant.deals.create(
                NewDeal(
                    customerID: try await tenant.deals.createCustomer(name: "Fjordkraft", industry: "Energi"),
                    ownerID: org.seller.id, teamID: org.team.id, stageID: stage.id, title: "Fjordkraft portal",
                    amountMinor: 1_000_000, currency: "NOK"),
                by: org.seller.id, origin: .manual, at: ctx.clock.now)
            let retail = try await tenant.deals.create(
                NewDeal(
                    customerID: try await tenant.deals.createCustomer(name: "Butikk", industry: "Handel"),
                    ownerID: org.seller.id, teamID: org.team.id, stageID: stage.id, title: "Kassesystem",
                    amountMinor: 1_000_000, currency: "NOK"),
                by: org.seller.id, origin: .manual, at: ctx.clock.now)
            let category = try await tenant.taxonomy.categories()[0]
            _ = try await tenant.dealCase(retail.id).addObstacle(
                categoryID: category.id, detail: "Kunden venter på nettleien for neste år", by: org.seller.id,
                at: ctx.clock.now)
            let leader = Browser(ctx.app)
            try await leader.signIn(org.leader.email, Fixtures.password)
            let seller = Browser(ctx.app)
            try await seller.signIn(org.seller.email, Fixtures.password)
            let stranger = Browser(ctx.app)
            try await stranger.signIn(outsider.email, Fixtures.password)

            // Sellers do not send bulletins; a leader only to the teams they lead; "why" is required.
            #expect(try await seller.get("/bulletins/new").status == .forbidden)
            var form: [(String, String)] = [
                ("version", "0"), ("title", "Ny nettleie fra januar"),
                ("text", "Energi-kunder får ny nettleie fra 1. januar."), ("source", "Ledermøtet 20. november"),
                ("teams[]", org.team.id.uuidString),
            ]
            let noWhy = try await leader.post("/bulletins", form)
            #expect(noWhy.status == .unprocessableEntity && noWhy.body.contains(##"href="#field-why""##))
            #expect(noWhy.body.contains("Energi-kunder får ny nettleie"), "typed text kept")
            form.append(("why", "Kunder i energi vil utsette kjøp: snakk om nettleien nå."))
            #expect(
                try await leader.post("/bulletins", form.map { $0.0 == "teams[]" ? ($0.0, other.id.uuidString) : $0 })
                    .status == .forbidden)
            let sent = try await leader.post("/bulletins", form)
            #expect(sent.status == .seeOther)
            let id = try bulletinID(sent.location)
            let path = "/bulletins/\(id.uuidString)"

            // Sparring suggests the energy customer's deal and the deal whose case mentions nettleie.
            let page = try await leader.get(path)
            let suggested = try #require(page.body.range(of: #"id="suggested-deals""#))
            let section = String(page.body[suggested.upperBound...])
            #expect(section.contains("Fjordkraft portal — Same industry: Energi"))
            #expect(section.contains("Kassesystem — the case uses its words"))
            #expect(
                try await leader.post(path + "/deals", [("dealIDs[]", energy.id.uuidString)]).status == .seeOther)
            let dealPage = try await seller.get("/deals/\(energy.id.uuidString)")
            #expect(dealPage.body.contains(#"id="deal-bulletins""#) && dealPage.body.contains(path))
            #expect(try await seller.post(path + "/deals", [("dealIDs[]", retail.id.uuidString)]).status == .forbidden)

            // The seller's feed has it; another team's seller neither sees nor finds it.
            #expect(try await seller.get("/bulletins").body.contains("Ny nettleie fra januar"))
            #expect(!(try await stranger.get("/bulletins").body.contains("Ny nettleie fra januar")))
            #expect(try await stranger.get(path).status == .notFound)
            #expect(try await stranger.post(path + "/reaction", [("reaction", "useful")]).status == .notFound)

            // Marks: the seller's own shows pressed; the leader sees counts, never names.
            #expect(try await seller.post(path + "/reaction", [("reaction", "useful")]).status == .seeOther)
            #expect(
                try await seller.get("/bulletins").body.contains(#"aria-pressed="true" name="reaction" value="none""#))
            #expect(!(try await seller.get(path).body.contains("found it useful")), "sellers see no counts")
            let counts = try await leader.get(path)
            #expect(counts.body.contains("1 found it useful, 0 not relevant"))
            #expect(!counts.body.contains("Seller news"), "who marked is never shown")
            #expect(try await seller.post(path + "/reaction", [("reaction", "notRelevant")]).status == .seeOther)
            #expect(try await leader.get(path).body.contains("0 found it useful, 1 not relevant"), "one mark each")
            #expect(try await seller.post(path + "/reaction", [("reaction", "maybe")]).status == .badRequest)

            // The API: counts for the leader only, conflicts on a stale edit.
            let sellerAPI = APIClient(
                ctx.app,
                token: try await AdminTasks.createToken(db: ctx.app.db, email: org.seller.email, name: "t", now: Date())
            )
            let leaderAPI = APIClient(
                ctx.app,
                token: try await AdminTasks.createToken(db: ctx.app.db, email: org.leader.email, name: "t", now: Date())
            )
            let mine = try #require(
                try await sellerAPI.get("/api/v1/bulletins/\(id.uuidString)").json as? [String: Any])
            #expect(mine["reaction"] as? String == "notRelevant" && mine["useful"] == nil)
            let theirs = try #require(
                try await leaderAPI.get("/api/v1/bulletins/\(id.uuidString)").json as? [String: Any])
            #expect(theirs["notRelevant"] as? Int == 1 && theirs["useful"] as? Int == 0)
            #expect(theirs["dealIDs"] as? [String] == [energy.id.uuidString])
            let body: [String: Any] = [
                "version": 1, "title": "Ny nettleie", "text": "x", "why": "y", "teamIDs": [org.team.id.uuidString],
            ]
            #expect(try await leaderAPI.send(.PATCH, "/api/v1/bulletins/\(id.uuidString)", json: body).status == .ok)
            let stale = try await leaderAPI.send(.PATCH, "/api/v1/bulletins/\(id.uuidString)", json: body)
            #expect(stale.status == .conflict)
            #expect(
                try await sellerAPI.send(.POST, "/api/v1/bulletins", json: body).status == .forbidden)
            let cleared = try await sellerAPI.send(
                .POST, "/api/v1/bulletins/\(id.uuidString)/reaction", json: ["reaction": NSNull()])
            #expect(cleared.status == .ok && (cleared.json as? [String: Any])?["reaction"] == nil)
            // Only open deals the leader may see are linked: another team's deal is refused.
            let elsewhere = try await tenant.deals.create(
                NewDeal(
                    customerID: try await tenant.deals.createCustomer(name: "Annen", industry: "Energi"),
                    ownerID: outsider.id, teamID: other.id, stageID: stage.id, title: "Annet team",
                    amountMinor: 1_000_000, currency: "NOK"),
                by: outsider.id, origin: .manual, at: ctx.clock.now)
            let refused = try await leaderAPI.send(
                .POST, "/api/v1/bulletins/\(id.uuidString)/deals", json: ["dealIDs": [elsewhere.id.uuidString]])
            #expect(refused.status == .unprocessableEntity)
            #expect(((refused.json as? [String: Any])?["error"] as? [String: Any])?["field"] as? String == "dealIDs")
            let list = try #require(try await sellerAPI.get("/api/v1/bulletins").json as? [String: Any])
            #expect((list["items"] as? [[String: Any]])?.count == 1)
        }
    }
}
