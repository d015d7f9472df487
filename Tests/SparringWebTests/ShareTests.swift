import Foundation
import SparringDomain
import SparringStorage
import SparringTestSupport
import SparringWeb
import Testing
import Vapor

/// The case library through HTTP, pages and API: publishing, visibility, editing with versions,
/// featuring, search with filters and pages, and similar cases.
@Suite struct ShareTests {
    struct Setup {
        var org: Fixtures.Org
        var tenant: Tenant
        /// A seller of another team of the same organisation.
        var outsider: User
        var price: ObstacleCategory
        var timing: ObstacleCategory
        /// Won, with a resolved price obstacle and a chosen plan.
        var won: Deal
        /// Open, with an open price obstacle: the deal similar cases are asked for.
        var open: Deal
    }

    func setup(_ ctx: TestContext) async throws -> Setup {
        let org = try await Fixtures.organisation(ctx.app, tag: "share")
        let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
        let other = try await tenant.teams.create(name: "Other team", leaderIDs: [], memberIDs: [], at: TestClock().now)
        let outsider = try await tenant.users.create(
            NewUser(name: "Outsider", email: "outsider@share.example", role: .seller, memberOf: [other.id]),
            passwordHash: try BcryptHasher(cost: 4).hash(Fixtures.password), at: TestClock().now)
        let categories = try await tenant.taxonomy.categories()
        let price = try #require(categories.first { $0.key == "price" })
        let timing = try #require(categories.first { $0.key == "timing" })
        let now = ctx.clock.now
        let stages = try await tenant.pipelines.all()[0].stages
        let customer = try await tenant.deals.createCustomer(name: "Bergen Kino AS", industry: "Kultur")
        var won = try await tenant.deals.create(
            NewDeal(
                customerID: customer, ownerID: org.seller.id, teamID: org.team.id,
                stageID: stages.first { $0.key == "proposal" }!.id, title: "Kassesystem til Bergen Kino",
                amountMinor: 50_000_000, currency: "NOK", expectedClose: nil),
            by: org.seller.id, origin: .manual, at: now)
        let work = tenant.dealCase(won.id)
        let obstacle = try await work.addObstacle(
            categoryID: price.id, detail: "Bergen Kino mente prisen var for høy for kundene deres",
            by: org.seller.id, at: now)
        try await work.resolveObstacle(
            obstacle.id, expectedVersion: 1, resolution: "Betaling over to budsjettår", by: org.seller.id, at: now)
        try await work.saveAnswer(
            .customer, text: "Kinoen trenger raskere billettsalg i helgene.", expectedVersion: 0, by: org.seller.id,
            at: now)
        let plan = try await work.createPlan(
            PlanText(title: "Delt betaling", approach: "Halvparten i år, resten neste år"), tacticIDs: [],
            by: org.seller.id, at: now)
        try await work.choosePlan(
            plan.id, expectedVersion: 1, nextStep: "Send tilbud", ownerID: org.seller.id, dueOn: Day(now, in: .gmt),
            by: org.leader.id, at: now)
        won = try await tenant.deals.moveStage(
            won.id, to: stages.first { $0.key == "won" }!.id, expectedVersion: won.version, by: org.seller.id,
            origin: .manual, at: now + 60, closeReason: "Delt betaling")
        let open = try await tenant.deals.create(
            NewDeal(
                customerID: try await tenant.deals.createCustomer(name: "Stavanger Bad", industry: "Kultur"),
                ownerID: org.seller.id, teamID: org.team.id, stageID: stages.first { $0.key == "proposal" }!.id,
                title: "Billettsystem", amountMinor: 40_000_000, currency: "NOK", expectedClose: nil),
            by: org.seller.id, origin: .manual, at: now)
        _ = try await tenant.dealCase(open.id).addObstacle(
            categoryID: price.id, detail: "Budsjettet er brukt opp for i år", by: org.seller.id, at: now)
        return Setup(
            org: org, tenant: tenant, outsider: outsider, price: price, timing: timing, won: won, open: open)
    }

    func storyID(_ location: String?) throws -> UUID {
        let path = try #require(location)
        return try #require(UUID(uuidString: String(path.split(separator: "/")[1])))
    }

    func publishForm(
        _ s: Setup, visibility: String, title: String = "Delt betaling åpnet budsjettet"
    )
        -> [(String, String)]
    {
        [
            ("version", "0"), ("title", title),
            ("situation", "Bergen Kino ville ha nytt kassesystem, men kundene deres klaget på prisen."),
            ("obstacles", "Prisen"), ("options", "Plan A: rabatt. Plan B: delt betaling."),
            ("actions", "Vi delte betalingen over to budsjettår."), ("result", "Vunnet."),
            ("categories[]", s.price.id.uuidString), ("visibility", visibility),
        ]
    }

    @Test func aSellerPublishesAWonDealAndTheLibraryShowsItOnlyToThoseWhoMayReadIt() async throws {
        try await withSparring { ctx in
            let s = try await setup(ctx)
            let seller = Browser(ctx.app)
            try await seller.signIn(s.org.seller.email, Fixtures.password)
            let outsider = Browser(ctx.app)
            try await outsider.signIn(s.outsider.email, Fixtures.password)
            let dealPath = "/deals/\(s.won.id.uuidString)"

            // The deal offers publishing; the draft comes from the case.
            #expect(try await seller.get(dealPath).body.contains(#"href="\#(dealPath)/story""#))
            let draft = try await seller.get(dealPath + "/story")
            #expect(draft.status == .ok)
            #expect(draft.body.contains("Kinoen trenger raskere billettsalg i helgene."))
            #expect(draft.body.contains("Price / budget: Bergen Kino mente prisen var for høy"))
            #expect(draft.body.contains("resolved: Betaling over to budsjettår"))
            #expect(draft.body.contains("Plan A: Delt betaling: Halvparten i år, resten neste år (chosen)"))
            #expect(draft.body.contains("The deal was won."))

            // Missing parts are named and what was typed stays.
            var incomplete = publishForm(s, visibility: "team")
            incomplete.removeAll { $0.0 == "result" || $0.0 == "title" }
            let refused = try await seller.post(dealPath + "/story", incomplete)
            #expect(refused.status == .unprocessableEntity)
            #expect(
                refused.body.contains(##"href="#field-title""##) && refused.body.contains(##"href="#field-result""##))
            #expect(refused.body.contains("Vi delte betalingen over to budsjettår."))
            #expect(try await s.tenant.stories.stories(dealID: s.won.id).isEmpty, "nothing saved")

            // Published for the team, with the customer hidden: the name is gone from the text too.
            let published = try await seller.post(dealPath + "/story", publishForm(s, visibility: "team"))
            #expect(published.status == .seeOther)
            let id = try storyID(published.location)
            let path = "/cases/\(id.uuidString)"
            let page = try await seller.get(path)
            #expect(page.status == .ok && page.body.contains("Delt betaling åpnet budsjettet"))
            let stored = try #require(try await s.tenant.stories.stories(dealID: s.won.id).first)
            #expect(stored.customerName == nil && stored.amount == nil)
            #expect(!([stored.text.title] + stored.text.parts.map(\.text)).joined().contains("Bergen Kino"))
            // The text is Norwegian, so its stand-in is too, whatever the author's pages speak.
            #expect(page.body.contains("Kunden ville ha nytt kassesystem"))
            #expect(!page.body.contains("500 000"), "amount hidden")
            #expect(page.body.contains("Medium") && page.body.contains("Kultur"))

            // Team visibility: another team's seller gets 404 and does not find it.
            #expect(try await outsider.get(path).status == .notFound)
            #expect(!(try await outsider.get("/cases?q=budsjett").body.contains(path)))
            #expect(try await seller.get("/cases?q=budsjettet").body.contains(path))

            // The author opens it to the organisation; the outsider reads it but may not edit it.
            var open = publishForm(s, visibility: "organisation")
            open[0] = ("version", "1")
            #expect(try await seller.post(path + "/edit", open).status == .seeOther)
            let read = try await outsider.get(path)
            #expect(read.status == .ok && !read.body.contains("Bergen Kino"), "customer hidden, deal not linked")
            #expect(try await outsider.get(path + "/edit").status == .forbidden)
            #expect(try await outsider.post(path + "/edit", open).status == .forbidden)
            #expect(try await outsider.get("/cases?q=budsjett").body.contains(path))

            // Another organisation sees nothing, page or API.
            let stranger = try await Fixtures.organisation(ctx.app, tag: "stranger")
            let foreign = Browser(ctx.app)
            try await foreign.signIn(stranger.admin.email, Fixtures.password)
            #expect(try await foreign.get(path).status == .notFound)
            #expect(try await foreign.post(path + "/feature", [("featured", "true")]).status == .notFound)
            #expect(!(try await foreign.get("/cases?q=budsjett").body.contains(path)))
            #expect(try await foreign.get(dealPath + "/story").status == .notFound)
            let foreignAPI = APIClient(
                ctx.app,
                token: try await AdminTasks.createToken(
                    db: ctx.app.db, email: stranger.admin.email, name: "t", now: Date()))
            #expect(try await foreignAPI.get("/api/v1/cases/\(id.uuidString)").status == .notFound)
            #expect(try await foreignAPI.get("/api/v1/deals/\(s.open.id.uuidString)/similar-cases").status == .notFound)
        }
    }

    /// A published story keeps the author's paragraphs, line breaks, bullets and numbered steps, as
    /// lists and escaped text; with the customer hidden, its people on the case (the buying
    /// influences) are hidden with it, everywhere the story is read: the page, the search, the API.
    @Test func aStoryKeepsItsListsAndHidesTheCustomersPeopleWithTheCustomer() async throws {
        try await withSparring { ctx in
            let s = try await setup(ctx)
            try await s.tenant.dealCase(s.won.id).saveInfluence(
                BuyingInfluence(
                    id: UUID(), name: "Kari Nordmann", title: "Økonomisjef", role: .economicBuyer, stance: .sceptical,
                    note: nil, version: 0), isNew: true, by: s.org.seller.id, at: ctx.clock.now)
            let seller = Browser(ctx.app, acceptLanguage: "nb")
            try await seller.signIn(s.org.seller.email, Fixtures.password)
            var form = publishForm(s, visibility: "organisation")
            form.removeAll { $0.0 == "situation" || $0.0 == "actions" }
            form += [
                (
                    "situation",
                    "Kari Nordmann, økonomisjef i Bergen Kino, sa nei til prisen.\r\nBudsjettet var brukt.\r\n\r\n"
                        + "Nordmann ville vente til neste år."
                ),
                (
                    "actions",
                    "Vi gjorde tre ting:\r\n1. Ringte Kari Nordmann\r\n2. Delte betalingen\r\n3. <script>alert(1)</script>"
                        + "\r\n\r\n• Pris: løst\r\n• Tid: løst"
                ),
            ]
            let published = try await seller.post("/deals/\(s.won.id.uuidString)/story", form)
            #expect(published.status == .seeOther)
            let id = try storyID(published.location)
            let stored = try await s.tenant.stories.story(id)
            let everything = ([stored.text.title] + stored.text.parts.map(\.text)).joined(separator: "\n")
            #expect(!everything.contains("Nordmann") && !everything.contains("Bergen Kino"), "\(everything)")
            #expect(
                stored.text.situation
                    == "Kundens økonomisjef, økonomisjef hos kunden, sa nei til prisen.\r\nBudsjettet var brukt.\r\n\r\n"
                    + "Kundens økonomisjef ville vente til neste år.")

            let page = try await seller.get("/cases/\(id.uuidString)").body
            #expect(
                page.contains(
                    "<p>Kundens økonomisjef, økonomisjef hos kunden, sa nei til prisen.<br>Budsjettet var brukt.</p>"
                        + "<p>Kundens økonomisjef ville vente til neste år.</p>"))
            #expect(
                page.contains(
                    "<p>Vi gjorde tre ting:</p><ol><li>Ringte kundens økonomisjef</li><li>Delte betalingen</li>"
                        + "<li>&lt;script&gt;alert(1)&lt;/script&gt;</li></ol><ul><li>Pris: løst</li><li>Tid: løst</li></ul>"
                ), "lists as lists, the text escaped")
            #expect(!page.contains("<script>alert"))
            // Another team's seller reads it (organisation-wide), searches for the person: nothing.
            let outsider = Browser(ctx.app)
            try await outsider.signIn(s.outsider.email, Fixtures.password)
            #expect(!(try await outsider.get("/cases/\(id.uuidString)").body.contains("Nordmann")))
            #expect(!(try await outsider.get("/cases?q=Nordmann").body.contains(id.uuidString)))
            let api = APIClient(
                ctx.app,
                token: try await AdminTasks.createToken(db: ctx.app.db, email: s.outsider.email, name: "t", now: Date())
            )
            let json = try await api.get("/api/v1/cases/\(id.uuidString)")
            #expect(json.status == .ok && !json.body.contains("Nordmann"))
        }
    }

    @Test func editsAreVersionedAStaleEditIsRefusedAndLeadersFeature() async throws {
        try await withSparring { ctx in
            let s = try await setup(ctx)
            let seller = Browser(ctx.app)
            try await seller.signIn(s.org.seller.email, Fixtures.password)
            let leader = Browser(ctx.app)
            try await leader.signIn(s.org.leader.email, Fixtures.password)
            let published = try await seller.post(
                "/deals/\(s.won.id.uuidString)/story", publishForm(s, visibility: "organisation"))
            let path = "/cases/\(try storyID(published.location).uuidString)"

            var leaderEdit = publishForm(s, visibility: "organisation", title: "Delt betaling: slik gjorde vi det")
            leaderEdit[0] = ("version", "1")
            #expect(try await leader.post(path + "/edit", leaderEdit).status == .seeOther)
            var stale = publishForm(s, visibility: "organisation", title: "Min tittel")
            stale[0] = ("version", "1")
            let conflict = try await seller.post(path + "/edit", stale)
            #expect(conflict.status == .conflict)
            #expect(conflict.body.contains("Somebody saved this story while you were editing."))
            #expect(conflict.body.contains("Delt betaling: slik gjorde vi det") && conflict.body.contains("Min tittel"))
            let page = try await seller.get(path)
            #expect(page.body.contains("Earlier versions") && page.body.contains("Version 1"))
            #expect(page.body.contains("Version 2") && page.body.contains("Leader share"))

            // Only leaders (and admins) feature; the library then shows it first.
            #expect(try await seller.post(path + "/feature", [("featured", "true")]).status == .forbidden)
            #expect(try await leader.post(path + "/feature", [("featured", "true")]).status == .seeOther)
            let library = try await seller.get("/cases")
            let featured = try #require(library.body.range(of: #"id="featured""#))
            #expect(library.body[featured.upperBound...].contains(path))
            #expect(try await leader.post(path + "/feature", [("featured", "false")]).status == .seeOther)
            #expect(!(try await seller.get("/cases").body.contains(#"id="featured""#)))
        }
    }

    /// The story cards of the library's results (not featured stories, not deal matches).
    func storyCards(_ page: Browser.Page) -> Int {
        guard let start = page.body.range(of: #"id="stories""#) else { return 0 }
        let section = page.body[start.upperBound...].components(separatedBy: #"id="deal-matches""#)[0]
        return section.components(separatedBy: #"class="story-card""#).count - 1
    }

    @Test func searchFiltersPagesAndRefusesMalformedParameters() async throws {
        try await withSparring { ctx in
            let s = try await setup(ctx)
            let seller = Browser(ctx.app)
            try await seller.signIn(s.org.seller.email, Fixtures.password)
            // 23 stories about a pilot: two pages, with the newest-first list and the search alike.
            for index in 0..<23 {
                let deal = try await CaseFixtures.deal(
                    s.org, in: s.tenant, title: "Pilot \(index)", status: index < 20 ? .won : .lost,
                    obstacles: [index % 2 == 0 ? s.price.id : s.timing.id], tactics: [], chosen: false,
                    at: ctx.clock.now)
                _ = try await s.tenant.stories.publish(
                    dealID: deal.id,
                    text: CaseStoryText(
                        title: "Pilot nummer \(index)", situation: "Kunden ville teste først.",
                        actions: "Vi kjørte en betalt pilot.", result: index < 20 ? "Vunnet" : "Tapt"),
                    settings: CaseStorySettings(
                        categoryIDs: [index % 2 == 0 ? s.price.id : s.timing.id], visibility: .organisation,
                        showCustomer: false, showAmount: false),
                    locale: .nb, by: s.org.seller.id, at: ctx.clock.now)
            }
            let first = try await seller.get("/cases?q=piloter")
            #expect(storyCards(first) == 20)
            #expect(first.body.contains("<mark>pilot</mark>"))
            #expect(first.body.contains(#"href="/cases?q=piloter&amp;page=2""#))
            let second = try await seller.get("/cases?q=piloter&page=2")
            #expect(storyCards(second) == 3)
            let lost = try await seller.get("/cases?q=pilot&outcome=lost")
            #expect(storyCards(lost) == 3)
            let timing = try await seller.get("/cases?category=\(s.timing.id.uuidString)")
            #expect(storyCards(timing) == 11)
            #expect(try await seller.get("/cases?q=pilot&team=\(UUID().uuidString)").body.contains("No story matches."))

            let api = APIClient(
                ctx.app,
                token: try await AdminTasks.createToken(
                    db: ctx.app.db, email: s.org.seller.email, name: "t", now: Date()))
            let found = try #require(try await api.get("/api/v1/cases?q=piloter&page=2").json as? [String: Any])
            #expect((found["stories"] as? [[String: Any]])?.count == 3 && found["nextPage"] == nil)
            let snippet = try #require(
                ((found["stories"] as? [[String: Any]])?.first?["snippet"] as? [[String: Any]]))
            #expect(snippet.contains { $0["match"] as? Bool == true && $0["text"] as? String == "pilot" })
            for (query, field) in [
                ("page=0", "page"), ("page=x", "page"), ("category=nope", "category"), ("outcome=maybe", "outcome"),
                ("team=1", "team"),
            ] {
                let bad = try await api.get("/api/v1/cases?" + query)
                #expect(bad.status == .badRequest, "\(query)")
                #expect(((bad.json as? [String: Any])?["error"] as? [String: Any])?["field"] as? String == field)
                #expect(try await seller.get("/cases?" + query).status == .badRequest)
            }
        }
    }

    @Test func anOpenDealShowsSimilarCasesWithWhyAndWhatBeatTheObstacle() async throws {
        try await withSparring { ctx in
            let s = try await setup(ctx)
            let seller = Browser(ctx.app)
            try await seller.signIn(s.org.seller.email, Fixtures.password)
            let published = try await seller.post(
                "/deals/\(s.won.id.uuidString)/story", publishForm(s, visibility: "organisation"))
            let path = "/cases/\(try storyID(published.location).uuidString)"
            // A story on another obstacle, in the same words, is not offered ahead of it.
            let other = try await CaseFixtures.deal(
                s.org, in: s.tenant, title: "Annet", status: .won, obstacles: [s.timing.id], tactics: [], chosen: false,
                at: ctx.clock.now)
            _ = try await s.tenant.stories.publish(
                dealID: other.id,
                text: CaseStoryText(
                    title: "Riktig tidspunkt", situation: "Kunden ventet på neste år.", actions: "Vi ventet.",
                    result: "Vunnet"),
                settings: CaseStorySettings(
                    categoryIDs: [s.timing.id], visibility: .organisation, showCustomer: false, showAmount: false),
                locale: .nb, by: s.org.seller.id, at: ctx.clock.now)

            let page = try await seller.get("/deals/\(s.open.id.uuidString)")
            let section = try #require(page.body.range(of: #"id="similar-cases""#))
            let similar = String(page.body[section.upperBound...])
            #expect(similar.contains(path))
            #expect(similar.contains("Same obstacle: Price / budget"))
            #expect(similar.contains("Same industry: Kultur") && similar.contains("A medium deal too"))
            #expect(similar.contains("What beat this obstacle before"))
            #expect(!(try await seller.get("/deals/\(s.won.id.uuidString)").body.contains(#"id="similar-cases""#)))

            let api = APIClient(
                ctx.app,
                token: try await AdminTasks.createToken(
                    db: ctx.app.db, email: s.org.seller.email, name: "t", now: Date()))
            let answer = try #require(
                try await api.get("/api/v1/deals/\(s.open.id.uuidString)/similar-cases").json as? [String: Any])
            let stories = try #require(answer["stories"] as? [[String: Any]])
            #expect(
                (stories.first?["story"] as? [String: Any])?["id"] as? String
                    == path.split(separator: "/")[1].description)
            let kinds = (stories.first?["reasons"] as? [[String: Any]])?.compactMap { $0["kind"] as? String }
            #expect(kinds?.first == "sharedObstacles")
            #expect((answer["tactics"] as? [[String: Any]])?.first?["categoryID"] as? String == s.price.id.uuidString)

            // The open deal's own case text is found by its owner, not by another team's seller.
            let mine = try await seller.get("/cases?q=budsjettet")
            #expect(
                mine.body.contains(#"id="deal-matches""#) && mine.body.contains("/deals/\(s.open.id.uuidString)/case"))
            let outsider = Browser(ctx.app)
            try await outsider.signIn(s.outsider.email, Fixtures.password)
            #expect(!(try await outsider.get("/cases?q=budsjettet").body.contains("/deals/\(s.open.id.uuidString)")))
        }
    }

    @Test func theAPIPublishesEditsWithConflictsAndFeatures() async throws {
        try await withSparring { ctx in
            let s = try await setup(ctx)
            let seller = APIClient(
                ctx.app,
                token: try await AdminTasks.createToken(
                    db: ctx.app.db, email: s.org.seller.email, name: "t", now: Date()))
            let leader = APIClient(
                ctx.app,
                token: try await AdminTasks.createToken(
                    db: ctx.app.db, email: s.org.leader.email, name: "t", now: Date()))
            func field(_ result: (status: HTTPResponseStatus, json: Any?, body: String)) -> String? {
                ((result.json as? [String: Any])?["error"] as? [String: Any])?["field"] as? String
            }
            let body: [String: Any] = [
                "dealID": s.won.id.uuidString, "title": "Delt betaling", "situation": "Bergen Kino manglet budsjett",
                "actions": "To budsjettår", "result": "Vunnet", "categoryIDs": [s.price.id.uuidString],
                "showCustomer": true, "showAmount": true,
            ]
            var noTitle = body
            noTitle["title"] = " "
            let refused = try await seller.send(.POST, "/api/v1/cases", json: noTitle)
            #expect(refused.status == .unprocessableEntity && field(refused) == "title")
            var openDeal = body
            openDeal["dealID"] = s.open.id.uuidString
            let notYet = try await seller.send(.POST, "/api/v1/cases", json: openDeal)
            #expect(notYet.status == .unprocessableEntity && field(notYet) == "deal")
            let created = try await seller.send(.POST, "/api/v1/cases", json: body)
            #expect(created.status == .created)
            let story = try #require(created.json as? [String: Any])
            #expect(story["customerName"] as? String == "Bergen Kino AS")
            #expect((story["amount"] as? [String: Any])?["minor"] as? Int == 50_000_000)
            let id = try #require(story["id"] as? String)

            var edit = body
            edit["version"] = 1
            edit["showAmount"] = false
            let saved = try await leader.send(.PATCH, "/api/v1/cases/\(id)", json: edit)
            #expect(saved.status == .ok && (saved.json as? [String: Any])?["amount"] == nil)
            let stale = try await seller.send(.PATCH, "/api/v1/cases/\(id)", json: edit)
            #expect(stale.status == .conflict)
            #expect(((stale.json as? [String: Any])?["current"] as? [String: Any])?["version"] as? Int == 2)
            #expect(
                try await seller.send(.POST, "/api/v1/cases/\(id)/feature", json: ["featured": true]).status
                    == .forbidden)
            let featured = try await leader.send(.POST, "/api/v1/cases/\(id)/feature", json: ["featured": true])
            #expect((featured.json as? [String: Any])?["featured"] as? Bool == true)
            let detail = try #require(try await seller.get("/api/v1/cases/\(id)").json as? [String: Any])
            #expect((detail["revisions"] as? [[String: Any]])?.map { $0["version"] as? Int } == [2, 1])
        }
    }
}
