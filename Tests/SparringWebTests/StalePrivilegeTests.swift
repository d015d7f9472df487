import Foundation
import SQLKit
import SparringDomain
import SparringStorage
import SparringTestSupport
import SparringWeb
import Testing
import Vapor

/// A role and the teams a person leads must agree, and a session or token taken before a change of
/// either has only the rights after it (the whole walk over every route is `Tests/e2e/test_stale_privileges.py`).
@Suite struct StalePrivilegeTests {
    func personForm(_ user: User, role: Role, leads: [UUID], memberOf: [UUID]) -> [(String, String)] {
        [("name", user.name), ("email", user.email), ("role", role.rawValue), ("version", String(user.version))]
            + leads.map { ("leads[]", $0.uuidString) } + memberOf.map { ("memberOf[]", $0.uuidString) }
    }

    @Test func demotingALeaderEndsEveryLeaderPowerOfTheirSessionAndToken() async throws {
        try await withSparring { ctx in
            // setup: the leader signs in and takes a token; their team has a waiting sparring request.
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
            let session = Browser(ctx.app)
            try await session.signIn(org.leader.email, Fixtures.password)
            let api = APIClient(
                ctx.app,
                token: try await AdminTasks.createToken(
                    db: ctx.app.db, email: org.leader.email, name: "t", now: ctx.clock.now))
            let team = org.team.id.uuidString
            let pools = try await tenant.resources.pools(teamIDs: [org.team.id]).count
            let leaderPages = ["/dashboard?team=\(team)", "/allocation?team=\(team)", "/allocation/pools?team=\(team)"]
            for path in leaderPages { #expect(try await session.get(path).status == .ok, "\(path) before") }
            #expect(try await session.get("/pulse").body.contains("Open a round"))

            // act 1: the form as it shows, with only the role changed, is refused and changes nothing.
            let admin = Browser(ctx.app)
            try await admin.signIn(org.admin.email, Fixtures.password)
            let leader = try await tenant.users.find(org.leader.id)
            let form = try await admin.get("/admin/people/\(leader.id.uuidString)")
            #expect(form.body.contains("Only sales leaders and administrators lead teams."))
            let mixed = try await admin.post(
                "/admin/people/\(leader.id.uuidString)",
                personForm(leader, role: .seller, leads: [org.team.id], memberOf: []))
            #expect(mixed.status == .unprocessableEntity)
            #expect(
                mixed.body.contains(
                    "A seller leads no team. Untick the teams under Leads, or choose the role Sales leader."))
            #expect(try await tenant.users.find(leader.id).role == .leader)

            // act 2: the teams unticked as well.
            let demoted = try await admin.post(
                "/admin/people/\(leader.id.uuidString)", personForm(leader, role: .seller, leads: [], memberOf: []))
            #expect(demoted.status == .seeOther)

            // check: the same session and token have no leader power left.
            let me = try await api.get("/api/v1/me")
            #expect(
                (me.json as? [String: Any]).flatMap { $0["user"] as? [String: Any] }?["role"] as? String == "seller")
            for path in leaderPages {
                let page = try await session.get(path)
                #expect(page.status == .forbidden || page.status == .notFound, "\(path): \(page.status)")
            }
            #expect(!(try await session.get("/pulse").body.contains("Open a round")))
            #expect(
                try await session.post("/pulse", [("leader", team + ":" + leader.id.uuidString)]).status != .seeOther)
            for path in ["/api/v1/dashboard?team=\(team)", "/api/v1/allocation?team=\(team)"] {
                let answer = try await api.get(path)
                #expect(answer.status == .forbidden || answer.status == .notFound, "\(path): \(answer.status)")
            }
            let pool = try await api.send(
                .POST, "/api/v1/resource-pools",
                json: ["teamID": team, "name": "Tid", "kind": "presales", "unit": "h", "period": "week", "capacity": 4])
            #expect(pool.status == .forbidden || pool.status == .unprocessableEntity, "\(pool.status)")
            #expect(try await tenant.resources.pools(teamIDs: [org.team.id]).count == pools, "no pool was made")
        }
    }

    /// Lead memberships left on a seller by an earlier version (M032 removes them; this proves that
    /// even one written straight into the database gives no power) and a seller named a team's leader
    /// on the team form are both refused.
    @Test func aSellerLeadsNoTeamWhateverTheMembershipsSay() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
            try await (ctx.app.db as! any SQLDatabase).insert(into: "team_memberships")
                .columns("id", "organisation_id", "team_id", "user_id", "kind")
                .values(
                    SQLBind(UUID()), SQLBind(org.organisation.id), SQLBind(org.team.id), SQLBind(org.seller.id),
                    SQLBind("leader")
                ).run()
            let seller = Browser(ctx.app)
            try await seller.signIn(org.seller.email, Fixtures.password)
            for path in ["/dashboard?team=\(org.team.id.uuidString)", "/allocation?team=\(org.team.id.uuidString)"] {
                let page = try await seller.get(path)
                #expect(page.status == .forbidden || page.status == .notFound, "\(path): \(page.status)")
            }
            #expect(try await tenant.users.find(org.seller.id).leads.isEmpty)
            let policy = Policy()
            let actor = Actor(
                userID: org.seller.id, organisationID: org.organisation.id, role: .seller, leads: [org.team.id])
            for action in [
                Action.leadTeam(org.team.id), .runPulse(teamID: org.team.id), .coachDeal(teamID: org.team.id),
                .viewTeamBlockers(org.team.id), .featureStory(teamID: org.team.id),
                .publishBulletin(teamIDs: [org.team.id]),
                .viewCoachingLog(sellerID: org.leader.id, sellerTeams: [org.team.id]),
                // A bulletin the person wrote as the team's leader is no longer theirs to change.
                .manageBulletin(authorID: org.seller.id, teamIDs: [org.team.id]),
            ] {
                #expect(!policy.allows(actor, action), "\(action)")
            }

            let admin = Browser(ctx.app)
            try await admin.signIn(org.admin.email, Fixtures.password)
            let team = try await tenant.teams.find(org.team.id)
            let refused = try await admin.post(
                "/admin/teams/\(team.id.uuidString)",
                [
                    ("name", team.name), ("version", String(team.version)), ("leaderIDs[]", org.leader.id.uuidString),
                    ("leaderIDs[]", org.seller.id.uuidString),
                ])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("Seller a is a seller, and a seller leads no team."))
            let created = try await admin.post(
                "/admin/people/new",
                [
                    ("name", "Ny Selger"), ("email", "ny@a.example"), ("role", "seller"),
                    ("leads[]", org.team.id.uuidString), ("password", "a long enough password"),
                ])
            #expect(created.status == .unprocessableEntity && created.body.contains("A seller leads no team."))
            await #expect(throws: (any Error).self) {
                _ = try await tenant.users.create(
                    NewUser(name: "Ny", email: "ny2@a.example", role: .seller, leads: [org.team.id]), passwordHash: "x",
                    at: TestClock().now)
            }
        }
    }
}
