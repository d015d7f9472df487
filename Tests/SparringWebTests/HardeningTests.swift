import FluentKit
import Foundation
import SQLKit
import SparringDomain
import SparringStorage
import SparringTestSupport
import SparringWeb
import Testing
import Vapor

@Suite struct HardeningTests {
    @Test func idleSessionsExpireAndAreSlidForwardWhileUsed() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let browser = Browser(ctx.app)
            try await browser.signIn(org.seller.email, Fixtures.password)
            // Used every 10 days: the 14-day idle lifetime keeps sliding.
            for _ in 0..<3 {
                ctx.clock.advance(by: 10 * 24 * 3600)
                #expect(try await browser.get("/profile").status == .ok)
            }
            ctx.clock.advance(by: 10 * 24 * 3600)
            // The browser's cookie is slid forward with the session, or it would expire 14 days after sign-in.
            let slid = try await browser.get("/profile")
            #expect(
                slid.headers[.setCookie].contains {
                    $0.hasPrefix("sparring_session=") && $0.contains("Max-Age=1209600")
                })
            #expect(slid.headers.first(name: .vary) == "Accept-Language, Cookie")
            ctx.clock.advance(by: 15 * 24 * 3600)
            #expect(try await browser.get("/profile").status == .seeOther)
        }
    }

    @Test func signInPurgesExpiredSessionsAndOldFailures() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let accounts = AccountStore(db: ctx.app.db)
            try await accounts.createSession(
                tokenHash: "old", userID: org.seller.id, csrfToken: "x", now: ctx.clock.now, lifetime: 60)
            try await accounts.recordSignInFailure(email: "someone@a.example", at: ctx.clock.now)
            ctx.clock.advance(by: 3600)
            try await Browser(ctx.app).signIn(org.leader.email, Fixtures.password)
            #expect(try await accounts.session(tokenHash: "old", now: Date(timeIntervalSince1970: 0)) == nil)
            #expect(
                try await accounts.signInFailures(email: "someone@a.example", since: .distantPast).isEmpty)
        }
    }

    @Test func overHTTPSCookiesAreSecureAndHSTSIsSent() async throws {
        try await withSparring(adjust: { $0.secureCookies = true }) { ctx in
            let response = try await ctx.app.testing().sendRequest(.GET, "/sign-in")
            #expect(response.headers.first(name: "Strict-Transport-Security")?.contains("max-age=") == true)
            let cookie = try #require(response.headers[.setCookie].first { $0.hasPrefix("sparring_csrf=") })
            #expect(cookie.contains("Secure") && cookie.contains("HttpOnly"))
        }
    }

    @Test func healthzSays503WhenTheDatabaseIsUnreachable() async throws {
        let app = try await Application.make(.testing)
        do {
            // Port 1 on this machine: nothing listens there, so every connection is refused at once.
            let location = DatabaseLocation.postgres(url: "postgres://nobody@127.0.0.1:1/none", schema: nil)
            try await configure(app, config: AppConfig(database: location, bcryptCost: 4))
            let response = try await app.testing().sendRequest(.GET, "/healthz")
            #expect(response.status == .serviceUnavailable)
            #expect(response.body.string.contains(#""status":"unavailable""#))
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    @Test func anSQLiteFileRunsInWALMode() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let location = DatabaseLocation.sqliteFile(path: folder.appendingPathComponent("s.sqlite").path)
        try await withSparring(location: location) { ctx in
            let row = try await (ctx.app.db as! any SQLDatabase).raw("PRAGMA journal_mode").first()
            #expect(try row?.decode(column: "journal_mode", as: String.self) == "wal")
        }
    }

    /// Found by the soak test: on an SQLite file, transactions that read and then write failed with
    /// SQLITE_BUSY(_SNAPSHOT) as soon as two ran at once. Now they wait their turn.
    @Test func concurrentWritersOnAnSQLiteFileAllSucceed() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let location = DatabaseLocation.sqliteFile(path: folder.appendingPathComponent("s.sqlite").path)
        try await withSparring(location: location) { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
            let stage = try await tenant.pipelines.all()[0].stages[1].id
            let customer = try await tenant.deals.customer(named: "Fjordkraft AS")
            let deal = try await tenant.deals.create(
                NewDeal(
                    customerID: customer, ownerID: org.seller.id, teamID: org.team.id, stageID: stage,
                    title: "Kraftavtale", amountMinor: 100, currency: "NOK", expectedClose: nil),
                by: org.seller.id, origin: .manual, at: ctx.clock.now)
            let busy = try await withThrowingTaskGroup(of: Int.self) { group in
                for index in 0..<48 {
                    group.addTask {
                        // A comment reads the deal, then writes the comment and its event.
                        do {
                            _ = try await Tenant(db: ctx.app.db, organisationID: org.organisation.id).dealCase(
                                deal.id
                            ).addComment("Kommentar \(index)", by: org.seller.id, at: ctx.clock.now)
                            return 0
                        } catch {
                            return 1
                        }
                    }
                }
                return try await group.reduce(0, +)
            }
            #expect(busy == 0)
            #expect(try await tenant.dealCase(deal.id).comments().count == 48)
        }
    }
}
