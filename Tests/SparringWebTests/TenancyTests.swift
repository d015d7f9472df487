import Foundation
import SparringDomain
import SparringStorage
import SparringTestSupport
import SparringWeb
import Testing
import Vapor

@Suite struct TenancyTests {
    /// A person of organisation B asks for every id of organisation A, on pages and API: always 404,
    /// and nothing of A appears in the answer.
    @Test func anotherOrganisationsIdsAreNotFoundOnPagesAndAPI() async throws {
        try await withSparring { ctx in
            let a = try await Fixtures.organisation(ctx.app, tag: "alpha")
            let b = try await Fixtures.organisation(ctx.app, tag: "beta")
            let aToken = try await AdminTasks.createToken(
                db: ctx.app.db, email: a.seller.email, name: "t", now: ctx.clock.now)
            let aTokenID = try #require(try await AccountStore(db: ctx.app.db).tokens(userID: a.seller.id).first?.id)
            let intruder = Browser(ctx.app)
            try await intruder.signIn(b.admin.email, Fixtures.password)

            let ids = [a.team.id, a.admin.id, a.leader.id, a.seller.id, a.organisation.id]
            var probes = 0
            for id in ids {
                for path in ["/admin/teams/\(id.uuidString)", "/admin/people/\(id.uuidString)"] {
                    let page = try await intruder.get(path)
                    #expect(page.status == .notFound, "GET \(path)")
                    #expect(!page.body.contains("alpha"))
                    probes += 1
                }
                let posts: [(String, [(String, String)])] = [
                    ("/admin/teams/\(id.uuidString)", [("name", "Taken over"), ("version", "1")]),
                    (
                        "/admin/people/\(id.uuidString)",
                        [
                            ("name", "Taken over"), ("email", "x@beta.example"),
                            ("role", "seller"), ("version", "1"),
                        ]
                    ),
                    ("/admin/people/\(id.uuidString)/activation", [("active", "false")]),
                    ("/profile/tokens/\(id.uuidString)/revoke", []),
                ]
                for (path, form) in posts {
                    let page = try await intruder.post(path, form)
                    #expect(page.status == .notFound, "POST \(path)")
                    probes += 1
                }
            }
            #expect(try await intruder.post("/profile/tokens/\(aTokenID.uuidString)/revoke").status == .notFound)

            // Nothing of A changed.
            let tenantA = Tenant(db: ctx.app.db, organisationID: a.organisation.id)
            #expect(try await tenantA.teams.find(a.team.id).name == "Team alpha")
            #expect(try await tenantA.users.find(a.seller.id).isActive)
            #expect(try await APIClient(ctx.app, token: aToken).get("/api/v1/me").status == .ok)

            // The API lists only B's own people and teams.
            let bToken = try await AdminTasks.createToken(
                db: ctx.app.db, email: b.admin.email, name: "t", now: ctx.clock.now)
            for path in ["/api/v1/users?limit=200", "/api/v1/teams", "/api/v1/users?includeDeactivated=true"] {
                let listed = try await APIClient(ctx.app, token: bToken).get(path)
                #expect(listed.status == .ok)
                #expect(!listed.body.contains("alpha"), "\(path) leaked organisation A")
                probes += 1
            }
            #expect(probes == 33)
        }
    }

    @Test func sellersAndLeadersGet403OnAdminPages() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            for email in [org.seller.email, org.leader.email] {
                let browser = Browser(ctx.app)
                try await browser.signIn(email, Fixtures.password)
                for path in [
                    "/admin/teams", "/admin/teams/new", "/admin/people", "/admin/people/\(org.admin.id.uuidString)",
                ] {
                    let page = try await browser.get(path)
                    #expect(page.status == .forbidden, "\(email) \(path)")
                    #expect(page.body.contains("Your role does not allow this."))
                }
                let post = try await browser.post(
                    "/admin/people/\(org.admin.id.uuidString)/activation", [("active", "false")])
                #expect(post.status == .forbidden)
                // Navigation shows only what the role can use.
                #expect(!(try await browser.get("/").body.contains(#"href="/admin/people""#)))
            }
            #expect(
                try await Tenant(db: ctx.app.db, organisationID: org.organisation.id).users.find(org.admin.id).isActive)
        }
    }
}
