import Foundation
import SparringDomain
import SparringStorage
import SparringTestSupport
import SparringViews
import SparringWeb
import Testing
import Vapor

/// Guest contributors through HTTP: a colleague invited into one deal's case sees that case only —
/// comments and proposes plans there — and gets 404 for every other deal route, page and API alike,
/// and for the case itself once removed.
@Suite struct GuestTests {
    /// Every page and API route with a deal in it, with `id` for every id.
    static func dealRoutes(_ id: UUID) -> [(route: SiteRoute, path: String)] {
        SiteRoute.samples(id: id).filter { $0.pattern.contains(":dealID") }.map { ($0, $0.path) }
    }

    @Test func aGuestSeesTheOneCaseOnlyAndLosesItWhenRemoved() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "guest")
            let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
            let finance = try await tenant.teams.create(
                name: "Finance", leaderIDs: [], memberIDs: [], at: TestClock().now)
            let colleague = try await tenant.users.create(
                NewUser(name: "Finn Finance", email: "finn@guest.example", role: .seller, memberOf: [finance.id]),
                passwordHash: try BcryptHasher(cost: 4).hash(Fixtures.password), at: TestClock().now)
            let stage = try await tenant.pipelines.all()[0].stages[2]
            func deal(_ title: String) async throws -> Deal {
                try await tenant.deals.create(
                    NewDeal(
                        customerID: try await tenant.deals.createCustomer(name: "Kunde " + title),
                        ownerID: org.seller.id, teamID: org.team.id, stageID: stage.id, title: title,
                        amountMinor: 1_000_000, currency: "NOK"),
                    by: org.seller.id, origin: .manual, at: ctx.clock.now)
            }
            let invited = try await deal("Lisensavtale")
            let other = try await deal("Annen avtale")
            let owner = Browser(ctx.app)
            try await owner.signIn(org.seller.email, Fixtures.password)
            let guest = Browser(ctx.app)
            try await guest.signIn(colleague.email, Fixtures.password)
            let casePath = "/deals/\(invited.id.uuidString)/case"

            // Before the invitation the colleague sees nothing of the deal.
            #expect(try await guest.get(casePath).status == .notFound)
            // The owner invites by e-mail; unknown addresses are named as such.
            let unknown = try await owner.post(casePath + "/guests", [("email", "nobody@guest.example")])
            #expect(unknown.status == .unprocessableEntity)
            #expect(unknown.body.contains("Nobody active in your organisation has this e-mail address."))
            #expect(try await owner.post(casePath + "/guests", [("email", "FINN@guest.example")]).status == .seeOther)
            #expect(try await owner.get(casePath).body.contains("Finn Finance, invited by Seller guest"))
            // The guest hears of it and the link leads to the case.
            #expect(
                try await guest.get("/notifications").body.contains(
                    "Seller guest invited you into the case Lisensavtale"))
            let dealPage = try await guest.get("/deals/\(invited.id.uuidString)")
            #expect(dealPage.status == .seeOther && dealPage.location == casePath)

            // The case: read, comment, propose a plan; no work forms, no inviting.
            let page = try await guest.get(casePath)
            #expect(page.status == .ok && page.body.contains("You are a guest in this case"))
            #expect(!page.body.contains(#"action="\#(casePath)/obstacles""#))
            #expect(!page.body.contains(#"action="\#(casePath)/guests""#))
            #expect(
                try await guest.post(casePath + "/comments", [("comment", "Finance can split the invoice.")]).status
                    == .seeOther)
            #expect(try await guest.post(casePath + "/comments", [("comment", " ")]).status == .unprocessableEntity)
            #expect(
                try await guest.post(
                    "/deals/\(invited.id.uuidString)/plans",
                    [("version", "0"), ("title", "Split invoice"), ("approach", "Two invoices, two budget years")]
                ).status == .seeOther)
            let after = try await owner.get(casePath)
            #expect(after.body.contains("Finance can split the invoice.") && after.body.contains("Split invoice"))

            // Every other route of the invited deal is 404 for the guest, and every route of another deal.
            let allowed: Set<String> = [
                "GET deals/:dealID", "GET deals/:dealID/case", "POST deals/:dealID/case/comments",
                "GET deals/:dealID/plans", "GET deals/:dealID/plans/new", "POST deals/:dealID/plans",
                "GET api/v1/deals/:dealID/case", "GET api/v1/deals/:dealID/plans", "POST api/v1/deals/:dealID/plans",
                "GET api/v1/deals/:dealID/comments", "POST api/v1/deals/:dealID/comments",
            ]
            let api = APIClient(
                ctx.app,
                token: try await AdminTasks.createToken(db: ctx.app.db, email: colleague.email, name: "t", now: Date()))
            var probes = 0
            for (dealID, isInvited) in [(invited.id, true), (other.id, false)] {
                for (route, path) in Self.dealRoutes(dealID) {
                    let pattern = route.pattern.joined(separator: "/")
                    let methods: [HTTPMethod] =
                        pattern.hasPrefix("api/") ? [.GET, .POST, .PATCH, .DELETE] : [.GET, .POST]
                    for method in methods {
                        let key = "\(method.rawValue) \(pattern)"
                        if isInvited && allowed.contains(key) { continue }
                        let status: HTTPResponseStatus
                        if pattern.hasPrefix("api/") {
                            status = try await api.send(
                                method, path, json: method == .GET || method == .DELETE ? nil : [:]
                            )
                            .status
                        } else {
                            status =
                                method == .GET ? try await guest.get(path).status : try await guest.post(path).status
                        }
                        probes += 1
                        #expect(
                            status == .notFound, "\(key) on \(isInvited ? "the invited" : "another") deal: \(status)")
                    }
                }
            }
            #expect(probes > 100)
            #expect(try await api.get("/api/v1/deals/\(invited.id.uuidString)/case").status == .ok)
            let comment = try await api.send(
                .POST, "/api/v1/deals/\(invited.id.uuidString)/comments", json: ["text": "We can't do it that way."])
            #expect(comment.status == .created)
            #expect(((comment.json as? [String: Any])?["blockers"] as? [[String: Any]])?.isEmpty == false)
            // The deal does not show up in the guest's lists either.
            #expect(!(try await guest.get("/deals").body.contains("Lisensavtale")))
            #expect(!(try await api.get("/api/v1/deals").body.contains(invited.id.uuidString)))

            // Removed: gone at once, page and API.
            let finnID = colleague.id.uuidString
            #expect(try await guest.post(casePath + "/guests/\(finnID)").status == .notFound, "guests do not remove")
            #expect(try await owner.post(casePath + "/guests/\(finnID)").status == .seeOther)
            #expect(try await guest.get(casePath).status == .notFound)
            #expect(try await guest.get("/deals/\(invited.id.uuidString)").status == .notFound)
            #expect(try await api.get("/api/v1/deals/\(invited.id.uuidString)/case").status == .notFound)
            #expect(try await owner.get(casePath).body.contains("removed a guest"))
        }
    }
}
