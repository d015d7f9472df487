import Foundation
import SparringDomain
import SparringStorage
import SparringTestSupport
import SparringWeb
import Testing
import Vapor

@Suite struct APITests {
    @Test func meReturnsTheTokensOwnerAndNoTokenIsA401WithTheErrorBody() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let token = try await AdminTasks.createToken(
                db: ctx.app.db, email: org.leader.email, name: "cli", now: ctx.clock.now)
            #expect(token.hasPrefix("sp_"))

            let me = try await APIClient(ctx.app, token: token).get("/api/v1/me")
            #expect(me.status == .ok)
            let body = try #require(me.json as? [String: Any])
            let user = try #require(body["user"] as? [String: Any])
            #expect(user["email"] as? String == "leader@a.example")
            #expect(user["role"] as? String == "leader")
            #expect(user["leads"] as? [String] == [org.team.id.uuidString])
            #expect((user["createdAt"] as? String).flatMap { ISO8601DateFormatter().date(from: $0) } != nil)
            #expect((body["organisation"] as? [String: Any])?["name"] as? String == "Org a")

            for client in [APIClient(ctx.app, token: nil), APIClient(ctx.app, token: "sp_not-a-token")] {
                let refused = try await client.get("/api/v1/me")
                #expect(refused.status == .unauthorized)
                let error = try #require((refused.json as? [String: Any])?["error"] as? [String: Any])
                #expect(error["code"] as? String == "unauthenticated")
                #expect(error["message"] as? String == "Please sign in to continue.")
            }
        }
    }

    @Test func revokedTokensAndDeactivatedPeopleAreRefused() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let browser = Browser(ctx.app)
            try await browser.signIn(org.seller.email, Fixtures.password)
            let created = try await browser.post("/profile/tokens", [("name", "Laptop")])
            #expect(created.status == .created)
            let secret = try #require(
                created.body.range(of: #"sp_[A-Za-z0-9_-]{43}"#, options: .regularExpression)
                    .map { String(created.body[$0]) })
            #expect(try await APIClient(ctx.app, token: secret).get("/api/v1/me").status == .ok)
            // Shown once: the profile page no longer has it.
            #expect(!(try await browser.get("/profile").body.contains(secret)))

            let tokenID = try #require(try await AccountStore(db: ctx.app.db).tokens(userID: org.seller.id).first?.id)
            let revoked = try await browser.post("/profile/tokens/\(tokenID.uuidString)/revoke")
            #expect(revoked.status == .seeOther)
            #expect(try await APIClient(ctx.app, token: secret).get("/api/v1/me").status == .unauthorized)

            let other = try await AdminTasks.createToken(
                db: ctx.app.db, email: org.seller.email, name: "x", now: ctx.clock.now)
            try await Tenant(db: ctx.app.db, organisationID: org.organisation.id).users.setActive(
                org.seller.id, false,
                now: ctx.clock.now)
            #expect(try await APIClient(ctx.app, token: other).get("/api/v1/me").status == .unauthorized)
        }
    }

    @Test func listsWalkEveryItemOnceInNameOrderByCursor() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let users = Tenant(db: ctx.app.db, organisationID: org.organisation.id).users
            // Two people with the same name: the id breaks the tie, so neither is skipped nor repeated.
            for name in ["Åse Berg", "Bjørn Dahl", "Bjørn Dahl", "Cecilie Lie", "Dag Moen"] {
                _ = try await users.create(
                    NewUser(name: name, email: "\(UUID().uuidString.prefix(8))@a.example", role: .seller),
                    passwordHash: "x", at: TestClock().now)
            }
            let token = try await AdminTasks.createToken(
                db: ctx.app.db, email: org.admin.email, name: "t", now: ctx.clock.now)
            let api = APIClient(ctx.app, token: token)
            var names: [String] = [], ids = Set<String>(), cursor: String?, pages = 0
            repeat {
                let path = "/api/v1/users?limit=3" + (cursor.map { "&cursor=\($0)" } ?? "")
                let page = try #require(try await api.get(path).json as? [String: Any])
                let items = try #require(page["items"] as? [[String: Any]])
                #expect(items.count <= 3)
                names += items.compactMap { $0["name"] as? String }
                ids.formUnion(items.compactMap { $0["id"] as? String })
                cursor = page["nextCursor"] as? String
                pages += 1
            } while cursor != nil && pages < 10
            #expect(names.count == 8 && ids.count == 8)
            #expect(names == names.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) })
            #expect(pages == 3)
        }
    }

    @Test func badPaginationParametersAreClearErrorsNamingTheParameter() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let token = try await AdminTasks.createToken(
                db: ctx.app.db, email: org.seller.email, name: "t", now: ctx.clock.now)
            var api = APIClient(ctx.app, token: token)
            api.acceptLanguage = "nb"
            let cases: [(String, HTTPResponseStatus, String)] = [
                ("/api/v1/teams?cursor=garbage", .badRequest, "cursor"),
                ("/api/v1/teams?limit=0", .unprocessableEntity, "limit"),
                ("/api/v1/users?limit=1000", .unprocessableEntity, "limit"),
                ("/api/v1/users?limit=many", .badRequest, "limit"),
            ]
            for (path, status, field) in cases {
                let result = try await api.get(path)
                #expect(result.status == status, "\(path)")
                let error = try #require((result.json as? [String: Any])?["error"] as? [String: Any])
                #expect(error["field"] as? String == field)
                #expect((error["message"] as? String)?.isEmpty == false)
            }
            let message =
                try #require(
                    ((try await api.get("/api/v1/teams?limit=0")).json as? [String: Any])?["error"]
                        as? [String: Any])["message"] as? String
            #expect(message == "limit: Bruk en grense (limit) mellom 1 og 200.")
            // Only admins may include deactivated people.
            #expect(try await api.get("/api/v1/users?includeDeactivated=true").status == .forbidden)
            #expect(try await api.get("/api/v1/nothing-here").status == .notFound)
        }
    }

    @Test func theOpenAPIDocumentDescribesExactlyTheRegisteredAPIRoutes() async throws {
        try await withSparring { ctx in
            let result = try await APIClient(ctx.app, token: nil).get("/api/openapi.json")
            #expect(result.status == .ok)
            let document = try #require(result.json as? [String: Any])
            #expect(document["openapi"] as? String == "3.1.0")
            let paths = try #require(document["paths"] as? [String: [String: Any]])
            var documented = Set<String>()
            for (path, operations) in paths {
                for method in operations.keys { documented.insert("\(method.uppercased()) \(path)") }
            }
            let registered = Set(
                ctx.app.routes.all.compactMap { route -> String? in
                    let path = "/" + route.path.map(\.description).joined(separator: "/")
                    guard path.hasPrefix("/api/v1/") else { return nil }
                    // OpenAPI writes parameters as {name}; Vapor as :name.
                    let openAPIPath = path.split(separator: "/").map {
                        $0.hasPrefix(":") ? "{\($0.dropFirst())}" : String($0)
                    }
                    return "\(route.method.rawValue) /" + openAPIPath.joined(separator: "/")
                })
            #expect(!registered.isEmpty)
            #expect(documented == registered)
        }
    }

    @Test func healthzChecksTheDatabase() async throws {
        try await withSparring { ctx in
            let result = try await APIClient(ctx.app, token: nil).get("/healthz")
            #expect(result.status == .ok)
            #expect((result.json as? [String: Any])?["database"] as? String == "ok")
        }
    }
}
