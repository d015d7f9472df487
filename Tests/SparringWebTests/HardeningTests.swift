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
        try await withSQLiteFile { ctx in
            let row = try await (ctx.app.db as! any SQLDatabase).raw("PRAGMA journal_mode").first()
            #expect(try row?.decode(column: "journal_mode", as: String.self) == "wal")
        }
    }

    /// Found by the soak test: on an SQLite file, transactions that read and then write failed with
    /// SQLITE_BUSY(_SNAPSHOT) as soon as two ran at once. Now they wait their turn.
    @Test func concurrentWritersOnAnSQLiteFileAllSucceed() async throws {
        try await withSQLiteFile { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
            let stage = try await tenant.pipelines.all()[0].stages[1].id
            let customer = try await tenant.deals.customer(named: "Fjordkraft AS")
            let deal = try await tenant.deals.create(
                NewDeal(
                    customerID: customer, ownerID: org.seller.id, teamID: org.team.id, stageID: stage,
                    title: "Kraftavtale", amountMinor: 100, currency: "NOK", expectedClose: nil),
                by: org.seller.id, origin: .manual, at: ctx.clock.now)
            let failures = try await withThrowingTaskGroup(of: String?.self) { group in
                for index in 0..<16 {
                    group.addTask {
                        // A comment writes at once; a new deal reads its stage and customer first, then
                        // writes (the transactions that failed with SQLITE_BUSY_SNAPSHOT).
                        do {
                            let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
                            _ = try await tenant.dealCase(deal.id).addComment(
                                "Kommentar \(index)", by: org.seller.id, at: ctx.clock.now)
                            _ = try await tenant.deals.create(
                                NewDeal(
                                    customerID: customer, ownerID: org.seller.id, teamID: org.team.id,
                                    stageID: stage, title: "Avtale \(index)", amountMinor: 100, currency: "NOK",
                                    expectedClose: nil),
                                by: org.seller.id, origin: .manual, at: ctx.clock.now)
                            return nil
                        } catch {
                            return String(describing: error)
                        }
                    }
                }
                return try await group.compactMap { $0 }.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(failures.isEmpty, "\(failures.first ?? "")")
            #expect(try await tenant.dealCase(deal.id).comments().count == 16)
        }
    }

    /// The exact interleaving: a transaction reads, another connection commits a write, then the first
    /// writes. Without taking the write lock first, SQLite fails the first with SQLITE_BUSY_SNAPSHOT.
    @Test func aTransactionThatReadsThenWritesWaitsForAnotherConnection() async throws {
        try await withSQLiteFile { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let loops = Array(ctx.app.eventLoopGroup.makeIterator())
            try #require(loops.count >= 2, "two event loops, so two pooled connections")
            let first = try #require(ctx.app.databases.database(logger: ctx.app.logger, on: loops[0]))
            let second = try #require(ctx.app.databases.database(logger: ctx.app.logger, on: loops[1]))
            async let reader: Void = first.writeTransaction { tx in
                _ = try await Tenant(db: tx, organisationID: org.organisation.id).teams.all()
                try await Task.sleep(for: .milliseconds(400))
                _ = try await Tenant(db: tx, organisationID: org.organisation.id).teams.create(
                    name: "Etter lesing", leaderIDs: [], memberIDs: [], at: TestClock().now)
            }
            try await Task.sleep(for: .milliseconds(100))
            try await second.writeTransaction { tx in
                _ = try await Tenant(db: tx, organisationID: org.organisation.id).teams.create(
                    name: "Imellom", leaderIDs: [], memberIDs: [], at: TestClock().now)
            }
            try await reader
            let names = try await Tenant(db: ctx.app.db, organisationID: org.organisation.id).teams.all().map(\.name)
            #expect(Set(names) == ["Team a", "Etter lesing", "Imellom"])
        }
    }

    /// The application on an SQLite file of its own (WAL and several connections, unlike memory).
    func withSQLiteFile(_ test: (TestContext) async throws -> Void) async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try await withSparring(
            location: .sqliteFile(path: folder.appendingPathComponent("s.sqlite").path), test)
    }
}
