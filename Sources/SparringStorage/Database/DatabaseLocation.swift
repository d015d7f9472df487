import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit

/// Where the data lives, parsed once from `DATABASE_URL`. This is the one seam between SQLite
/// (embedded default) and PostgreSQL (several servers); feature code never asks which one it is.
public enum DatabaseLocation: Sendable, Equatable {
    case sqliteFile(path: String)
    case sqliteMemory(identifier: String)
    /// A PostgreSQL URL; `schema`, when set, is put first on the search path (tests isolate by schema).
    case postgres(url: String, schema: String?)

    public static let defaultSQLitePath = "sparring.sqlite"

    /// `sqlite:///abs/path.sqlite`, `sqlite://relative.sqlite`, `sqlite::memory:`, `postgres://…`
    /// (or `postgresql://…`); absent or empty: `./sparring.sqlite`.
    public static func parse(_ raw: String?) throws(ConfigurationError) -> DatabaseLocation {
        guard let raw = raw?.trimmingCharacters(in: .whitespaces), !raw.isEmpty else {
            return .sqliteFile(path: defaultSQLitePath)
        }
        if raw == "sqlite::memory:" { return .sqliteMemory(identifier: UUID().uuidString) }
        if raw.hasPrefix("sqlite://") {
            let path = String(raw.dropFirst("sqlite://".count))
            guard !path.isEmpty else {
                throw ConfigurationError(setting: "DATABASE_URL", problem: "the SQLite URL names no file")
            }
            return .sqliteFile(path: path)
        }
        if raw.hasPrefix("postgres://") || raw.hasPrefix("postgresql://") {
            guard var components = URLComponents(string: raw), components.host?.isEmpty == false else {
                throw ConfigurationError(setting: "DATABASE_URL", problem: "the PostgreSQL URL has no host")
            }
            // `?schema=NAME` keeps Sparring's tables in their own schema (created if missing).
            let schema = components.queryItems?.first { $0.name == "schema" }?.value
            if let schema,
                schema.isEmpty || schema.count > 63
                    || !schema.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") })
            {
                throw ConfigurationError(setting: "DATABASE_URL", problem: "schema must be 1–63 letters, digits or _")
            }
            components.queryItems = components.queryItems?.filter { $0.name != "schema" }
            if components.queryItems?.isEmpty == true { components.queryItems = nil }
            return .postgres(url: components.string ?? raw, schema: schema)
        }
        throw ConfigurationError(
            setting: "DATABASE_URL",
            problem: "use sqlite:///path/file.sqlite or postgres://user:password@host:port/database")
    }

    /// For the start-up line: which engine and where, without the password.
    public var description: String {
        switch self {
        case .sqliteFile(let path): return "SQLite \(path) (WAL)"
        case .sqliteMemory: return "SQLite in memory"
        case .postgres(let url, let schema):
            var components = URLComponents(string: url)
            if components?.password != nil { components?.password = "***" }
            return "PostgreSQL \(components?.string ?? "?")" + (schema.map { " schema \($0)" } ?? "")
        }
    }

    public var isPostgres: Bool {
        if case .postgres = self { return true }
        return false
    }

    /// Registers the database with Fluent as the default.
    public func register(in databases: Databases, logLevel: Logger.Level = .debug) throws {
        switch self {
        case .sqliteFile(let path):
            databases.use(.sqlite(.file(path), sqlLogLevel: logLevel), as: .sqlite)
        case .sqliteMemory(let identifier):
            databases.use(.sqlite(.init(storage: .memory(identifier: identifier)), sqlLogLevel: logLevel), as: .sqlite)
        case .postgres(let url, let schema):
            var configuration = try SQLPostgresConfiguration(url: url)
            if let schema { configuration.searchPath = [schema] }
            // No JIT: Sparring's queries are short, and PostgreSQL compiled the dashboard's quarter of
            // closed deals (cost estimate above its threshold) for 155 ms of a 295 ms query.
            configuration.coreConfiguration.options.additionalStartupParameters.append(("jit", "off"))
            // Four connections per event loop: enough for a busy server without exhausting PostgreSQL's
            // default of 100 connections when several servers share it.
            databases.use(
                .postgres(configuration: configuration, maxConnectionsPerEventLoop: 4, sqlLogLevel: logLevel),
                as: .psql)
        }
    }

    /// Settings that must be in place before migrating and serving: WAL for an SQLite file (readers
    /// work while one writes), and the schema when a PostgreSQL schema was named.
    public func prepare(_ database: any Database) async throws {
        guard let sql = database as? any SQLDatabase else { return }
        switch self {
        case .sqliteFile:
            try await sql.raw("PRAGMA journal_mode=WAL").run()
        case .postgres(_, let schema?):
            try await sql.raw("CREATE SCHEMA IF NOT EXISTS \(ident: schema)").run()
        case .sqliteMemory, .postgres:
            break
        }
    }

    /// SQLite: every pooled connection (one per event loop) waits up to 10 s for another's write to
    /// finish instead of failing at once with SQLITE_BUSY, and overwrites with zeros what a delete
    /// frees (`secure_delete`: an erased name or a pulse round's sealed ballots do not stay readable in
    /// the file's free pages). A pragma is per connection, and the pools keep theirs for the life of the
    /// process, so setting it on each at start-up is enough.
    public func configureConnections(
        _ databases: Databases, eventLoopGroup: any EventLoopGroup, logger: Logger
    )
        async throws
    {
        guard case .sqliteFile = self else { return }
        for loop in eventLoopGroup.makeIterator() {
            guard let database = databases.database(logger: logger, on: loop) else { continue }
            try await database.withConnection { connection in
                try await (connection as! any SQLDatabase).raw("PRAGMA busy_timeout = 10000").run()
                try await (connection as! any SQLDatabase).raw("PRAGMA secure_delete = ON").run()
            }
        }
    }

    /// Drops the named PostgreSQL schema and everything in it (tests clean up with this).
    public func dropSchema(_ database: any Database) async throws {
        guard case .postgres(_, let schema?) = self, let sql = database as? any SQLDatabase else { return }
        try await sql.raw("DROP SCHEMA IF EXISTS \(ident: schema) CASCADE").run()
    }
}

/// A setting that is missing or malformed; start-up stops with this message.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public var setting: String
    public var problem: String

    public init(setting: String, problem: String) {
        self.setting = setting
        self.problem = problem
    }

    public var description: String { "\(setting): \(problem)" }
}

extension Error {
    /// A unique or foreign-key constraint refused the write (both drivers).
    public var isConstraintFailure: Bool {
        (self as? any DatabaseError)?.isConstraintFailure ?? false
    }
}
