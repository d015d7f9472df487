import Foundation
import SQLKit
import SparringDomain
import SparringStorage
import SparringTestSupport
import SparringWeb
import Testing
import Vapor

@Suite struct AdminTests {
    @Test func adminCreatesAndEditsATeamAndAStaleEditIsRefusedNotLost() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
            let admin = Browser(ctx.app)
            try await admin.signIn(org.admin.email, Fixtures.password)

            let created = try await admin.post(
                "/admin/teams/new",
                [
                    ("name", "Team Øst"), ("leaderIDs[]", org.leader.id.uuidString),
                    ("memberIDs[]", org.seller.id.uuidString),
                ])
            #expect(created.status == .seeOther && created.location == "/admin/teams")
            let list = try await admin.get("/admin/teams")
            #expect(list.body.contains("Team Øst") && list.body.contains("The team is created."))
            let team = try #require(try await tenant.teams.all().first { $0.name == "Team Øst" })
            #expect(team.leaderIDs == [org.leader.id] && team.memberIDs == [org.seller.id] && team.version == 1)

            // Two admins open the same team; the first saves, the second's save is refused.
            let first = try await admin.post(
                "/admin/teams/\(team.id.uuidString)", [("name", "Team Øst-Norge"), ("version", "1")])
            #expect(first.status == .seeOther)
            let second = try await admin.post(
                "/admin/teams/\(team.id.uuidString)",
                [
                    ("name", "Team East"), ("version", "1"), ("memberIDs[]", org.seller.id.uuidString),
                ])
            #expect(second.status == .conflict)
            #expect(second.body.contains("Someone else changed this while you were editing."))
            #expect(second.body.contains(#"value="Team East""#), "what the second admin typed is still there")
            let saved = try await tenant.teams.find(team.id)
            #expect(saved.name == "Team Øst-Norge" && saved.version == 2)
            #expect(saved.memberIDs.isEmpty, "the first save removed the member; the stale save did not bring it back")

            let duplicate = try await admin.post("/admin/teams/new", [("name", "team øst-norge")])
            #expect(duplicate.status == .unprocessableEntity)
            #expect(duplicate.body.contains("Team name: A team with this name already exists."))
        }
    }

    @Test func adminCreatesAPersonWithClearErrorsAndCannotLockThemselvesOut() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
            let admin = Browser(ctx.app, acceptLanguage: "nb")
            try await admin.signIn(org.admin.email, Fixtures.password)

            let bad = try await admin.post(
                "/admin/people/new",
                [
                    ("name", "Per Hansen"), ("email", org.seller.email), ("role", "seller"), ("locale", ""),
                    ("password", "kort"), ("memberOf[]", "not-an-id"),
                ])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.contains("Første passord: Bruk minst 10 tegn."))
            #expect(bad.body.contains("Medlem av: Velg et av alternativene."))
            #expect(bad.body.contains(#"value="Per Hansen""#))

            let taken = try await admin.post(
                "/admin/people/new",
                [
                    ("name", "Per Hansen"), ("email", org.seller.email.uppercased()), ("role", "seller"),
                    ("locale", ""),
                    ("password", "et godt passord"),
                ])
            #expect(taken.status == .unprocessableEntity)
            #expect(taken.body.contains("E-post: Denne e-postadressen er allerede i bruk."))

            let made = try await admin.post(
                "/admin/people/new",
                [
                    ("name", "Per Hansen"), ("email", "per@a.example"), ("role", "leader"), ("locale", "en"),
                    ("password", "et godt passord"), ("leads[]", org.team.id.uuidString),
                ])
            #expect(made.status == .seeOther)
            let per = try #require(
                try await tenant.users.all(includeDeactivated: false).first { $0.email == "per@a.example" })
            #expect(per.role == .leader && per.locale == .en && per.leads == [org.team.id])
            try await Browser(ctx.app).signIn("per@a.example", "et godt passord")

            let demote = try await admin.post(
                "/admin/people/\(org.admin.id.uuidString)",
                [
                    ("name", "Admin a"), ("email", org.admin.email), ("role", "seller"), ("version", "1"),
                ])
            #expect(demote.status == .unprocessableEntity)
            #expect(demote.body.contains("Du kan ikke fjerne din egen administratorrolle."))
            let selfDeactivate = try await admin.post(
                "/admin/people/\(org.admin.id.uuidString)/activation", [("active", "false")])
            #expect(selfDeactivate.status == .unprocessableEntity)
            #expect(try await tenant.users.find(org.admin.id).role == .admin)
            #expect(try await tenant.users.find(org.admin.id).isActive)
        }
    }

    @Test func changingAPersonsTeamsMakesAnOpenTeamFormStale() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
            let admin = Browser(ctx.app)
            try await admin.signIn(org.admin.email, Fixtures.password)
            let teamPath = "/admin/teams/\(org.team.id.uuidString)"
            let opened = try await tenant.teams.find(org.team.id)

            // Meanwhile another admin puts the leader into the team as a member too, from the person's page.
            let leader = try await tenant.users.find(org.leader.id)
            let moved = try await admin.post(
                "/admin/people/\(leader.id.uuidString)",
                [
                    ("name", leader.name), ("email", leader.email), ("role", "leader"),
                    ("version", String(leader.version)),
                    ("leads[]", org.team.id.uuidString), ("memberOf[]", org.team.id.uuidString),
                ])
            #expect(moved.status == .seeOther)

            // Saving the team form opened before must not silently drop that membership.
            let stale = try await admin.post(
                teamPath,
                [
                    ("name", "Team a"), ("version", String(opened.version)), ("leaderIDs[]", org.leader.id.uuidString),
                    ("memberIDs[]", org.seller.id.uuidString),
                ])
            #expect(stale.status == .conflict)
            #expect(Set(try await tenant.teams.find(org.team.id).memberIDs) == [org.seller.id, org.leader.id])
        }
    }

    @Test func staleEditOfAPersonIsAConflict() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let admin = Browser(ctx.app)
            try await admin.signIn(org.admin.email, Fixtures.password)
            let path = "/admin/people/\(org.seller.id.uuidString)"
            let fields: [(String, String)] = [("email", org.seller.email), ("role", "seller"), ("version", "1")]
            #expect(try await admin.post(path, [("name", "First Edit")] + fields).status == .seeOther)
            #expect(try await admin.post(path, [("name", "Second Edit")] + fields).status == .conflict)
            let user = try await Tenant(db: ctx.app.db, organisationID: org.organisation.id).users.find(org.seller.id)
            #expect(user.name == "First Edit" && user.version == 2)
        }
    }
}

@Suite struct AdminListsTests {
    @Test func teamsGetPeopleByEmailAndUnknownAddressesAreNamed() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let other = try await Fixtures.organisation(ctx.app, tag: "b")
            let admin = Browser(ctx.app)
            try await admin.signIn(org.admin.email, Fixtures.password)

            // Another organisation's address is as unknown as a made-up one.
            let refused = try await admin.post(
                "/admin/teams/new",
                [
                    ("name", "Team Nord"), ("addLeaders", "LEADER@a.example"),
                    ("addMembers", "seller@a.example, \(other.seller.email)\nnobody@a.example"),
                ])
            #expect(refused.status == .unprocessableEntity)
            #expect(
                refused.body.contains(
                    "No active person in your organisation has these addresses: seller@b.example, nobody@a.example"))
            #expect(refused.body.contains("seller@a.example, seller@b.example"), "what was typed stays")

            let created = try await admin.post(
                "/admin/teams/new",
                [
                    ("name", "Team Nord"), ("addLeaders", "LEADER@a.example"),
                    ("addMembers", "seller@a.example; admin@a.example"),
                ])
            #expect(created.status == .seeOther)
            let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
            let team = try #require(try await tenant.teams.all().first { $0.name == "Team Nord" })
            #expect(team.leaderIDs == [org.leader.id])
            #expect(Set(team.memberIDs) == [org.seller.id, org.admin.id])

            // The edit form offers the team's people as checkboxes; unticking removes them.
            let form = try await admin.get("/admin/teams/\(team.id.uuidString)")
            #expect(form.body.contains("Seller a") && !form.body.contains("Seller b"))
            let saved = try await admin.post(
                "/admin/teams/\(team.id.uuidString)",
                [
                    ("name", "Team Nord"), ("version", "1"), ("leaderIDs[]", org.leader.id.uuidString),
                    ("memberIDs[]", org.seller.id.uuidString),
                ])
            #expect(saved.status == .seeOther)
            #expect(try await tenant.teams.find(team.id).memberIDs == [org.seller.id])
        }
    }

    @Test func thePeopleListIsPagedByName() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let users = Tenant(db: ctx.app.db, organisationID: org.organisation.id).users
            for number in 0..<110 {
                _ = try await users.create(
                    NewUser(name: String(format: "Person %03d", number), email: "p\(number)@a.example", role: .seller),
                    passwordHash: "x", at: TestClock().now)
            }
            let admin = Browser(ctx.app)
            try await admin.signIn(org.admin.email, Fixtures.password)
            let first = try await admin.get("/admin/people")
            #expect(first.body.components(separatedBy: "<tr").count - 2 == 100)
            #expect(!first.body.contains("First page"))
            let next = try #require(
                first.body.range(of: #"href="(/admin/people\?cursor=[A-Za-z0-9_-]+)""#, options: .regularExpression)
                    .map { String(first.body[$0]).dropFirst(6).dropLast().description })
            let second = try await admin.get(next)
            #expect(second.status == .ok)
            #expect(second.body.components(separatedBy: "<tr").count - 2 == 13)  // 113 people in all
            #expect(second.body.contains("Seller a") && !second.body.contains("Person 000"))
            #expect(second.body.contains("First page") && !second.body.contains("Next page"))
            #expect(try await admin.get("/admin/people?cursor=broken").status == .badRequest)
        }
    }
}

@Suite struct SessionsAcrossServersTests {
    /// Two application instances on one database stand in for two `sparring serve` processes:
    /// a session started on one works on the other, and signing out on one ends it on both.
    @Test func aSessionWorksOnEveryServerAndSignOutEndsItEverywhere() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let onA = Browser(ctx.app)
            try await onA.signIn(org.leader.email, Fixtures.password)
            try await withPeer(of: ctx) { peer in
                let onB = Browser(peer)
                onB.cookies = onA.cookies
                let page = try await onB.get("/profile")
                #expect(page.status == .ok && page.body.contains("leader@a.example"))
                // The CSRF token is the session's, so a form from A is accepted by B.
                let saved = try await onB.post("/profile/settings", [("locale", "nb")])
                #expect(saved.status == .seeOther)
                #expect(try await onB.post("/sign-out").status == .seeOther)
            }
            #expect(try await onA.get("/profile").status == .seeOther, "signed out on B means signed out on A")
        }
    }
}

@Suite struct CommandTests {
    @Test func demoCreatesTheOrganisationOnceWithItsTeamsAndPeople() async throws {
        try await withSparring { ctx in
            let first = try await DemoSeeder.seed(
                db: ctx.app.db, hasher: ctx.app.sparringServices.hasher, now: TestClock().now)
            let again = try await DemoSeeder.seed(
                db: ctx.app.db, hasher: ctx.app.sparringServices.hasher, now: TestClock().now)
            #expect(first.created && !again.created && first.organisation.id == again.organisation.id)
            let tenant = Tenant(db: ctx.app.db, organisationID: first.organisation.id)
            let teams = try await tenant.teams.all()
            let people = try await tenant.users.all(includeDeactivated: true)
            #expect(teams.count == 3)
            #expect(teams.allSatisfy { $0.leaderIDs.count == 1 && (4...6).contains($0.memberIDs.count) })
            #expect(people.filter { $0.role == .admin }.count == 1)
            #expect(first.organisation.defaultLocale == .nb && first.organisation.baseCurrency == "NOK")
            let leader = try #require(first.plan.teams.first?.leader)
            try await Browser(ctx.app).signIn(leader.email, DemoPlan.password)
        }
    }

    /// The demo's dashboard has something to show for every team in the month it opens on (the last
    /// complete one) and in this one: obstacles named and resolved in each.
    @Test func theDemoDashboardHasFiguresInTheLastCompleteMonthAndInThisOne() async throws {
        try await withSparring { ctx in
            let demo = try await DemoSeeder.seed(
                db: ctx.app.db, hasher: ctx.app.sparringServices.hasher, now: TestClock().now)
            let organisationID = demo.organisation.id
            _ = try await DemoSeeder.seedDeals(
                db: ctx.app.db, organisationID: organisationID, count: 300, seed: 2026, now: Date(), progress: { _ in })
            _ = try await DemoSeeder.seedSparring(db: ctx.app.db, organisationID: organisationID, now: Date())
            _ = try await DemoSeeder.seedLeadership(db: ctx.app.db, organisationID: organisationID, now: Date())
            let tenant = Tenant(db: ctx.app.db, organisationID: organisationID)

            let zone = TimeZone(identifier: "Europe/Oslo")!
            let today = Day(Date(), in: zone)
            let thisMonth = Day(year: today.year, month: today.month, day: 1)!
            let lastMonth = Day(
                year: today.month == 1 ? today.year - 1 : today.year, month: today.month == 1 ? 12 : today.month - 1,
                day: 1)!
            let nextMonth = Day(
                year: today.month == 12 ? today.year + 1 : today.year, month: today.month == 12 ? 1 : today.month + 1,
                day: 1)!
            for team in try await tenant.teams.all() {
                for (start, end) in [(lastMonth, thisMonth), (thisMonth, nextMonth)] {
                    let figures = try await tenant.dashboard.dashboard(
                        teamID: team.id, start: start.start(in: zone), end: end.start(in: zone),
                        windowStart: start.start(in: zone).addingTimeInterval(-62 * 86_400)
                    ).dashboard
                    #expect(figures.stuckDeals > 0 && !figures.unblockDays.isEmpty, "\(team.name) from \(start)")
                }
            }
        }
    }

    /// The demo keeps the rules the stores keep: every chosen plan's next step is a follow-up, and a
    /// plan replaced by a later choice (the sparring history's agreement) was replaced when that was
    /// made — after it was chosen and not in the future.
    @Test func theDemoKeepsTheRulesOfChosenPlans() async throws {
        try await withSparring { ctx in
            let demo = try await DemoSeeder.seed(
                db: ctx.app.db, hasher: ctx.app.sparringServices.hasher, now: TestClock().now)
            let organisationID = demo.organisation.id
            let now = Date()
            _ = try await DemoSeeder.seedDeals(
                db: ctx.app.db, organisationID: organisationID, count: 300, seed: 2026, now: now, progress: { _ in })
            _ = try await DemoSeeder.seedSparring(db: ctx.app.db, organisationID: organisationID, now: now)
            _ = try await DemoSeeder.seedSparringHistory(
                db: ctx.app.db, organisationID: organisationID, count: 80, now: now)
            let sql = ctx.app.db as! any SQLDatabase
            func count(_ query: SQLQueryString) async throws -> Int {
                try await sql.raw("SELECT COUNT(*) AS n FROM plans p WHERE " + query).first()!.decode(
                    column: "n", as: Int.self)
            }
            #expect(try await count("p.chosen_at IS NOT NULL") > 100, "the demo chooses plans")
            #expect(try await count("p.replaced_at IS NOT NULL") > 0, "and replaces some")
            let withoutFollowUp = try await count(
                "p.chosen_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM follow_ups f WHERE f.plan_id = p.id)")
            #expect(withoutFollowUp == 0)
            // Replaced at the moment another of the deal's plans was chosen, after it was chosen itself.
            let badlyReplaced = try await count(
                """
                p.replaced_at IS NOT NULL AND (p.replaced_at < p.chosen_at OR NOT EXISTS (
                    SELECT 1 FROM plans q WHERE q.deal_id = p.deal_id AND q.id <> p.id AND q.chosen_at = p.replaced_at))
                """)
            #expect(badlyReplaced == 0)
        }
    }

    @Test func userCreateValidatesAndPicksTheOnlyOrganisation() async throws {
        try await withSparring { ctx in
            let hasher = ctx.app.sparringServices.hasher
            await #expect(throws: AdminTasks.TaskError.self) {
                try await AdminTasks.createUser(
                    db: ctx.app.db, hasher: hasher, email: "a@b.no", name: "A", role: "seller",
                    organisation: nil, password: nil, now: TestClock().now)
            }
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let made = try await AdminTasks.createUser(
                db: ctx.app.db, hasher: hasher, email: "New@A.example", name: "New",
                role: "leader", organisation: nil, password: nil, now: TestClock().now)
            #expect(made.user.organisationID == org.organisation.id && made.user.email == "new@a.example")
            try await Browser(ctx.app).signIn("new@a.example", made.password)
            do {
                _ = try await AdminTasks.createUser(
                    db: ctx.app.db, hasher: hasher, email: "bad", name: "", role: "boss",
                    organisation: nil, password: "x", now: TestClock().now)
                Issue.record("invalid input was accepted")
            } catch let error as AdminTasks.TaskError {
                #expect(error.description.contains("--name: This field is required."))
                #expect(error.description.contains("--email: This is not a valid e-mail address."))
                #expect(error.description.contains("--role: Choose one of the options."))
            }
            _ = try await Fixtures.organisation(ctx.app, tag: "b")
            await #expect(throws: AdminTasks.TaskError.self) {
                try await AdminTasks.createUser(
                    db: ctx.app.db, hasher: hasher, email: "c@b.no", name: "C", role: "seller",
                    organisation: nil, password: nil, now: TestClock().now)
            }
        }
    }
}
