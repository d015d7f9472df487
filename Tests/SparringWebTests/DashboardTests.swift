import Foundation
import SparringDomain
import SparringStorage
import SparringTestSupport
import SparringWeb
import Testing
import Vapor

/// The outcome dashboard through HTTP: the month's stuck deals and why, time to unblock, the heatmap,
/// sparring against stuck deals without it, tactics and the innovation pipeline — each chart with its
/// numbers, for the team's leaders only.
@Suite struct DashboardTests {
    /// `2026-11`: the month of `date`, which the tests' clock puts mid-month, far from any time zone's edge.
    static func month(of date: Date) -> String {
        let day = Day(date, in: .gmt)
        return String(format: "%04d-%02d", day.year, day.month)
    }

    /// A new organisation's first steps: the admin, before any team exists, is shown what to do on the
    /// board and the dashboard (not an error naming an administrator, not 403); a leader without a team
    /// is told who makes them one, a seller still has no dashboard. A month that cannot be read is said
    /// on the dashboard beside the field; without one the dashboard opens on the last complete month.
    @Test func theFirstRunAndAMonthThatCannotBeReadAreSaidOnThePage() async throws {
        try await withSparring { ctx in
            let admin = Browser(ctx.app)
            _ = try await admin.get("/setup")
            let created = try await admin.post(
                "/setup",
                [
                    ("organisationName", "Ny AS"), ("defaultLocale", "en"), ("baseCurrency", "NOK"),
                    ("timeZone", "Europe/Oslo"), ("name", "Ada Admin"), ("email", "ada@ny.example"),
                    ("password", "et langt passord"), ("passwordConfirmation", "et langt passord"),
                ])
            #expect(created.status == .seeOther)
            for path in ["/board", "/dashboard"] {
                let page = try await admin.get(path)
                #expect(page.status == .ok, "\(path): \(page.status)")
                #expect(page.body.contains("There are no teams yet. Create the first team"), "\(path)")
                #expect(page.body.contains(#"href="/admin/teams/new""#), "\(path)")
                #expect(!page.body.contains("an administrator"), "\(path)")
            }
            let organisation = try #require(try await OrganisationStore(db: ctx.app.db).all().first)
            let tenant = Tenant(db: ctx.app.db, organisationID: organisation.id)
            _ = try await tenant.users.create(
                NewUser(name: "Leo Leader", email: "leo@ny.example", role: .leader, memberOf: []),
                passwordHash: try BcryptHasher(cost: 4).hash(Fixtures.password), at: TestClock().now)
            _ = try await tenant.users.create(
                NewUser(name: "Sam Seller", email: "sam@ny.example", role: .seller, memberOf: []),
                passwordHash: try BcryptHasher(cost: 4).hash(Fixtures.password), at: TestClock().now)
            let leader = Browser(ctx.app)
            try await leader.signIn("leo@ny.example", Fixtures.password)
            let led = try await leader.get("/dashboard")
            #expect(led.status == .ok && led.body.contains("You lead no team yet."))
            let seller = Browser(ctx.app)
            try await seller.signIn("sam@ny.example", Fixtures.password)
            #expect(try await seller.get("/dashboard").status == .forbidden)
            let board = try await seller.get("/board")
            #expect(board.status == .ok && board.body.contains("You are not in a team yet. An administrator adds you"))

            // With a team: the last complete month by default, a bad month said beside its field.
            _ = try await tenant.teams.create(name: "Team Ny", leaderIDs: [], memberIDs: [], at: TestClock().now)
            let adminPage = try await admin.get("/dashboard")
            #expect(adminPage.status == .ok)
            let today = Day(ctx.clock.now, in: .gmt)
            let last = today.month == 1 ? (today.year - 1, 12) : (today.year, today.month - 1)
            let expected = LocaleFormat(.en).month(String(format: "%04d-%02d", last.0, last.1))
            #expect(
                adminPage.body.contains(#"<h2 id="dashboard-month">\#(expected) · Team Ny</h2>"#),
                "the last complete month")
            for bad in ["1999-01", "2026-13", "soon"] {
                let refused = try await admin.get("/dashboard?month=\(bad)")
                #expect(refused.status == .badRequest, "\(bad)")
                #expect(refused.body.contains("<h1>Outcomes</h1>"), "the dashboard, not an error page: \(bad)")
                #expect(refused.body.contains("Use a month such as 2026-11."), "\(bad)")
                #expect(refused.body.contains(#"value="\#(bad)""#), "what was typed stays: \(bad)")
            }
        }
    }

    /// Kinds tied at the top are named together, not one of them as "the most common".
    @Test func kindsTiedForTheMostObstaclesAreNamedTogether() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "tie")
            let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
            let categories = try await tenant.taxonomy.categories()
            for (index, category) in categories.prefix(2).enumerated() {
                _ = try await CaseFixtures.deal(
                    org, in: tenant, title: "Lik \(index)", status: nil, obstacles: [category.id], tactics: [],
                    chosen: false, at: ctx.clock.now)
            }
            let leader = Browser(ctx.app)
            try await leader.signIn(org.leader.email, Fixtures.password)
            let page = try await leader.get("/dashboard?month=\(Self.month(of: ctx.clock.now))").body
            #expect(page.contains("2 deals got an obstacle named in the month; 2 kinds were equally common: "))
            #expect(!page.contains("the most common kind was"))
        }
    }

    @Test func aLeaderSeesTheMonthsOutcomesWithEveryChartAndItsNumbers() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "dash")
            let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
            let categories = try await tenant.taxonomy.categories()
            let (price, timing) = (categories[0], categories[1])
            let roi = try await tenant.taxonomy.saveTactic(
                id: nil, expectedVersion: 0, name: "ROI-kalkyle", summary: "Regn ut gevinsten", categoryIDs: [price.id],
                retired: false, at: ctx.clock.now)
            let now = ctx.clock.now
            let sparring = tenant.sparring(timeZone: TimeZone(identifier: "Europe/Oslo")!)
            // Six won with sparring and the tactic, five stuck without sparring (one won).
            for index in 0..<6 {
                let deal = try await CaseFixtures.deal(
                    org, in: tenant, title: "Med \(index)", status: nil, obstacles: [price.id], tactics: [roi],
                    chosen: true, at: now)
                _ = try await sparring.request(deal: deal, question: "Hva nå?", context: "", by: org.seller.id, at: now)
                let stages = try await tenant.pipelines.all()[0].stages
                _ = try await tenant.deals.moveStage(
                    deal.id, to: stages.first { $0.key == "won" }!.id,
                    expectedVersion: try await tenant.deals.find(deal.id).version,
                    by: org.seller.id, origin: .manual, at: now + 60, closeReason: "Signert")
            }
            for index in 0..<5 {
                _ = try await CaseFixtures.deal(
                    org, in: tenant, title: "Uten \(index)", status: index == 0 ? .won : .lost,
                    obstacles: [price.id], tactics: [], chosen: false, at: now)
            }
            // One open deal stuck on timing, resolved a little later.
            let open = try await CaseFixtures.deal(
                org, in: tenant, title: "Åpen", status: nil, obstacles: [timing.id], tactics: [], chosen: false, at: now
            )
            let obstacle = try #require(try await tenant.dealCase(open.id).obstacles().first)
            try await tenant.dealCase(open.id).resolveObstacle(
                obstacle.id, expectedVersion: obstacle.version, resolution: "Budsjett flyttet", by: org.seller.id,
                at: now + 3 * 86_400)

            let leader = Browser(ctx.app)
            try await leader.signIn(org.leader.email, Fixtures.password)
            let seller = Browser(ctx.app)
            try await seller.signIn(org.seller.email, Fixtures.password)
            #expect(try await seller.get("/dashboard").status == .forbidden)
            let thisMonth = Self.month(of: ctx.clock.now)
            let page = try await leader.get("/dashboard?month=\(thisMonth)")
            #expect(page.status == .ok)
            for id in ["stuck-why", "heatmap", "unblock", "sparring-win", "sparring-cycle", "tactics", "pipeline"] {
                #expect(page.body.contains(#"<figure class="chart" id="\#(id)">"#), "\(id)")
                #expect(page.body.contains(#"aria-labelledby="\#(id)-title \#(id)-summary""#), "\(id) labelled")
            }
            // 12 deals got stuck in the month: 11 on price, 1 on timing.
            #expect(page.body.contains("12 deals got an obstacle named in the month"))
            // Win rates: 6 of 6 with sparring, 1 of 5 stuck without.
            #expect(page.body.contains("100% (6/6)") && page.body.contains("20% (1/5)"))
            // Unblocked in 3 days; the tactic's comparison: 6 of 6 with, 1 of 5 without.
            #expect(page.body.contains("3 days"))
            #expect(page.body.contains("100% of 6 with, 20% of 5 without"))
            // Pipeline: 12 options (one plan per deal), 6 chosen.
            let pipeline = try #require(page.body.range(of: #"id="pipeline""#))
            #expect(page.body[pipeline.upperBound...].contains(#"<td class="number">12</td>"#))
            #expect(!page.body.contains("Seller dash"), "no person in the figures")

            // The API has the same figures.
            let api = APIClient(
                ctx.app,
                token: try await AdminTasks.createToken(db: ctx.app.db, email: org.leader.email, name: "t", now: Date())
            )
            let figures = try #require(
                try await api.get("/api/v1/dashboard?team=\(org.team.id)&month=\(thisMonth)").json as? [String: Any])
            #expect(figures["stuckDeals"] as? Int == 12)
            let compared = try #require(figures["sparring"] as? [String: Any])
            let with = try #require(compared["withSparring"] as? [String: Any])
            #expect(with["won"] as? Int == 6 && with["closed"] as? Int == 6)
            #expect((figures["pipeline"] as? [String: Int])?["optionsCreated"] == 12)
            #expect(try await api.get("/api/v1/dashboard?team=\(org.team.id)&month=11-2026").status == .badRequest)

            // Norwegian, and another team's or organisation's team not found.
            leader.cookies["sparring_locale"] = "nb"
            let nb = try await leader.get("/dashboard?month=\(thisMonth)")
            #expect(nb.body.contains("Hvorfor avtaler sto fast") && nb.body.contains("100\u{00A0}% (6/6)"))
            let other = try await Fixtures.organisation(ctx.app, tag: "dashother")
            let stranger = Browser(ctx.app)
            try await stranger.signIn(other.leader.email, Fixtures.password)
            #expect(try await stranger.get("/dashboard?team=\(org.team.id)").status == .notFound)
        }
    }
}
