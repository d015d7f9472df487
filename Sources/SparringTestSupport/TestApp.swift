import Fluent
import Foundation
import SparringDomain
import SparringStorage
import SparringWeb
import Vapor
import VaporTesting

/// A clock tests can move forward (throttling windows, session expiry).
public final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    public init(_ start: Date = Date(timeIntervalSince1970: 1_795_000_000)) { current = start }

    public var now: Date { lock.withLock { current } }
    public func advance(by seconds: TimeInterval) { lock.withLock { current += seconds } }
}

/// Which database the tests run against: in-memory SQLite by default, or the PostgreSQL server named
/// by `SPARRING_TEST_DATABASE_URL` (each test in a schema of its own, dropped afterwards).
public enum TestDatabase {
    public static var postgresURL: String? {
        let raw = ProcessInfo.processInfo.environment["SPARRING_TEST_DATABASE_URL"] ?? ""
        return raw.isEmpty ? nil : raw
    }

    public static var name: String { postgresURL == nil ? "sqlite" : "postgres" }

    /// A fresh, isolated location. Refuses any PostgreSQL host that is not this machine: tests drop schemas.
    public static func fresh() throws -> DatabaseLocation {
        guard let url = postgresURL else { return .sqliteMemory(identifier: UUID().uuidString) }
        let host = URL(string: url)?.host ?? ""
        guard ["127.0.0.1", "localhost", "::1", "[::1]"].contains(host) else {
            throw ConfigurationError(
                setting: "SPARRING_TEST_DATABASE_URL",
                problem: "tests refuse the non-local host '\(host)'")
        }
        let schema = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(20)
        return .postgres(url: url, schema: String(schema))
    }
}

/// The application as tests build it: the real `configure`, a real migrated database, bcrypt at its
/// lowest cost, and a clock the test controls.
public struct TestContext: Sendable {
    public let app: Application
    public let clock: TestClock
    public let location: DatabaseLocation
}

/// Runs `test` against a freshly migrated application and always shuts it down (an SQLite connection
/// left open at the end of a test crashes the test process).
public func withSparring(
    location: DatabaseLocation? = nil, clock: TestClock = TestClock(),
    adjust: (inout AppConfig) -> Void = { _ in },
    _ test: (TestContext) async throws -> Void
) async throws {
    let location = try location ?? TestDatabase.fresh()
    let app = try await Application.make(.testing)
    do {
        var config = AppConfig(database: location, bcryptCost: 4)
        // The process's own pulse key: tests leave no key file behind, and a peer shares it.
        config.pulseKey = .process
        adjust(&config)
        try await configure(
            app, config: config,
            services: SparringServices(now: { clock.now }, hasher: BcryptHasher(cost: 4)))
        try await location.prepare(app.db)
        try await app.autoMigrate()
        try await test(TestContext(app: app, clock: clock, location: location))
    } catch {
        await cleanUp(app, location)
        throw error
    }
    await cleanUp(app, location)
}

private func cleanUp(_ app: Application, _ location: DatabaseLocation) async {
    try? await location.dropSchema(app.db)
    try? await app.asyncShutdown()
}

/// A second application on the same database, like a second `sparring serve` process behind a load
/// balancer: it shares nothing with the first but the database.
public func withPeer(of context: TestContext, _ body: (Application) async throws -> Void) async throws {
    let peer = try await Application.make(.testing)
    do {
        let clock = context.clock
        var config = AppConfig(database: context.location, bcryptCost: 4)
        config.pulseKey = .process
        try await configure(
            peer, config: config,
            services: SparringServices(now: { clock.now }, hasher: BcryptHasher(cost: 4)))
        try await body(peer)
    } catch {
        try? await peer.asyncShutdown()
        throw error
    }
    try await peer.asyncShutdown()
}
