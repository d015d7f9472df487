import Foundation
import SQLKit
import SparringDomain
import SparringStorage
import SparringTestSupport
import SparringWeb
import Testing
import Vapor

/// Bad bodies get a clear 4xx naming what is wrong, never a 500 and never a silent partial save; and
/// every response, page, API, error or asset, carries the security headers.
@Suite struct HostileInputTests {
    func api(_ ctx: TestContext) async throws -> (APIClient, Fixtures.Org) {
        let org = try await Fixtures.organisation(ctx.app, tag: "a")
        let token = try await AdminTasks.createToken(db: ctx.app.db, email: org.seller.email, name: "t", now: Date())
        return (APIClient(ctx.app, token: token), org)
    }

    func error(_ body: String) -> (code: String?, field: String?, message: String?) {
        let json = try? JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        let detail = json?["error"] as? [String: Any]
        return (detail?["code"] as? String, detail?["field"] as? String, detail?["message"] as? String)
    }

    @Test func malformedJSONBodiesAreRefusedWithTheFieldAndTheReason() async throws {
        try await withSparring { ctx in
            let (client, org) = try await api(ctx)
            let json = "application/json"
            let valid: [String: Any] = [
                "title": "Kraftavtale", "customer": "Fjordkraft AS", "ownerID": org.seller.id.uuidString,
                "teamID": org.team.id.uuidString, "stageID": UUID().uuidString, "currency": "NOK",
            ]
            func send(_ bytes: Data, _ type: String = json) async throws -> (HTTPResponseStatus, String) {
                let answer = try await client.send(.POST, "/api/v1/deals", raw: (bytes, type))
                return (answer.status, answer.body)
            }
            func body(_ object: [String: Any]) throws -> Data { try JSONSerialization.data(withJSONObject: object) }

            let wrongType = try await send(try body(valid.merging(["title": 5]) { $1 }))
            #expect(wrongType.0 == .badRequest && error(wrongType.1).field == "title")
            #expect(error(wrongType.1).message == "title: Expected a text here.")
            let notAnID = try await send(try body(valid.merging(["ownerID": "seller-a"]) { $1 }))
            #expect(notAnID.0 == .badRequest && error(notAnID.1).message == "ownerID: Expected an id (a UUID) here.")
            let unknown = try await send(try body(valid.merging(["titel": "typo"]) { $1 }))
            #expect(unknown.0 == .badRequest && error(unknown.1).field == "titel")
            #expect(error(unknown.1).message?.contains("This field is unknown here.") == true)

            let deep = try await send(Data(String(repeating: "[", count: 100_000).utf8))
            #expect(deep.0 == .badRequest)
            let deepObject = try await send(
                Data((String(repeating: #"{"a":"#, count: 20_000) + "1" + String(repeating: "}", count: 20_000)).utf8))
            #expect(deepObject.0 == .badRequest)
            var invalidUTF8 = Data(#"{"title":""#.utf8)
            invalidUTF8.append(contentsOf: [0xFF, 0xFE, 0xC3])
            invalidUTF8.append(contentsOf: Data(#"","customer":"x"}"#.utf8))
            #expect(try await send(invalidUTF8).0 == .badRequest)
            #expect(try await send(Data("hello".utf8)).0 == .badRequest)
            let plain = try await send(try body(valid), "text/plain")
            #expect(plain.0 == .unsupportedMediaType && error(plain.1).code == "unsupported_media_type")
            let badQuery = try await client.get("/api/v1/deals?q=%FF%FE")
            #expect(badQuery.status == .badRequest && error(badQuery.body).field == nil, "\(badQuery.body)")

            // Nothing of it was saved.
            let sql = ctx.app.db as! any SQLDatabase
            #expect(try await sql.select().column("id").from("deals").all().isEmpty)
        }
    }

    @Test func aFormThatIsNotUTF8IsRefusedNotSavedAsReplacementCharacters() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let browser = Browser(ctx.app)
            try await browser.signIn(org.admin.email, Fixtures.password)
            let token = try #require(browser.csrfToken)
            for bytes in [[0xFF, 0xFE], Array("%FF%FE".utf8)] {
                let garbled = try await browser.send(
                    .POST, "/admin/teams/new", bytes: ByteBuffer(bytes: Array("csrfToken=\(token)&name=".utf8) + bytes),
                    headers: [("Content-Type", "application/x-www-form-urlencoded")])
                #expect(garbled.status == .badRequest && garbled.body.contains("<title>"))
            }
            #expect(try await Tenant(db: ctx.app.db, organisationID: org.organisation.id).teams.all().count == 1)
        }
    }

    @Test func everyKindOfResponseCarriesTheSecurityHeaders() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let browser = Browser(ctx.app)
            try await browser.signIn(org.leader.email, Fixtures.password)
            let token = try await AdminTasks.createToken(
                db: ctx.app.db, email: org.leader.email, name: "t", now: Date())
            var responses: [(String, HTTPHeaders)] = []
            for path in ["/", "/deals", "/no-such-page", "/static/sparring.css", "/static/sparring.js", "/healthz"] {
                responses.append((path, try await browser.get(path).headers))
            }
            responses.append(("sign-in", try await Browser(ctx.app).get("/sign-in").headers))
            for path in ["/api/v1/me", "/api/v1/deals/\(UUID())", "/api/openapi.json"] {
                let answer = try await ctx.app.testing().sendRequest(
                    .GET, path, headers: ["Authorization": "Bearer \(token)"])
                responses.append((path, answer.headers))
            }
            for (path, headers) in responses {
                let policy = headers.first(name: "Content-Security-Policy") ?? ""
                #expect(policy.contains("script-src 'self'") && !policy.contains("unsafe-inline"), "\(path)")
                #expect(policy.contains("frame-ancestors 'none'"), "\(path)")
                #expect(headers.first(name: "X-Content-Type-Options") == "nosniff", "\(path)")
                #expect(headers.first(name: "Referrer-Policy") == "same-origin", "\(path)")
                #expect(headers.first(name: "X-Frame-Options") == "DENY", "\(path)")
                #expect(headers.first(name: "Strict-Transport-Security") == nil, "plain http: \(path)")
            }
        }
    }
}
