import Foundation
import SparringDomain
import SparringStorage
import Vapor

/// Settings read once at start-up: flags first, then environment, then safe local defaults.
public struct AppConfig: Sendable {
    public var host: String
    public var port: Int
    public var database: DatabaseLocation
    /// Set when Sparring is served over https (behind a proxy): cookies get `Secure`, responses HSTS.
    public var secureCookies: Bool
    /// bcrypt cost. 12 in production (~0.25 s a hash here); tests use the minimum to stay fast.
    public var bcryptCost: Int
    /// How long an idle browser session lives.
    public var sessionLifetime: TimeInterval
    /// Serve runs pending migrations first unless told not to (several servers: migrate once, apart).
    public var autoMigrate: Bool
    /// Where the key that seals open pulse rounds' answers comes from (`PulseKey`); nil: the default
    /// for the database (`PulseKeySource.default(for:)`).
    public var pulseKey: PulseKeySource?

    public init(
        host: String = "127.0.0.1", port: Int = 8080, database: DatabaseLocation = .sqliteFile(path: "sparring.sqlite"),
        secureCookies: Bool = false, bcryptCost: Int = 12, sessionLifetime: TimeInterval = 14 * 24 * 3600,
        autoMigrate: Bool = true
    ) {
        self.host = host
        self.port = port
        self.database = database
        self.secureCookies = secureCookies
        self.bcryptCost = bcryptCost
        self.sessionLifetime = sessionLifetime
        self.autoMigrate = autoMigrate
    }

    /// The pulse key's source as configured, or the database's default.
    public var resolvedPulseKey: PulseKeySource { pulseKey ?? .default(for: database) }

    /// Reads the environment; `serve` applies `--host`/`--port` on top.
    public static func fromEnvironment(
        _ environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> AppConfig {
        var config = AppConfig()
        if let host = environment["SPARRING_HOST"], !host.isEmpty { config.host = host }
        if let raw = environment["SPARRING_PORT"], !raw.isEmpty {
            guard let port = Int(raw), (1...65535).contains(port) else {
                throw ConfigurationError(setting: "SPARRING_PORT", problem: "'\(raw)' is not a port number (1–65535)")
            }
            config.port = port
        }
        config.database = try DatabaseLocation.parse(environment["DATABASE_URL"])
        config.secureCookies = try flag(environment, "SPARRING_SECURE_COOKIES") ?? false
        config.autoMigrate = try flag(environment, "SPARRING_AUTO_MIGRATE") ?? true
        if let key = environment["SPARRING_PULSE_KEY"], !key.isEmpty {
            config.pulseKey = .value(key)
        } else if let file = environment["SPARRING_PULSE_KEY_FILE"], !file.isEmpty {
            config.pulseKey = .file(file)
        }
        if let raw = environment["SPARRING_BCRYPT_COST"], !raw.isEmpty {
            guard let cost = Int(raw), (4...31).contains(cost) else {
                throw ConfigurationError(setting: "SPARRING_BCRYPT_COST", problem: "use a number from 4 to 31")
            }
            config.bcryptCost = cost
        }
        return config
    }

    private static func flag(_ environment: [String: String], _ name: String) throws -> Bool? {
        guard let raw = environment[name]?.lowercased(), !raw.isEmpty else { return nil }
        switch raw {
        case "1", "true", "yes", "on": return true
        case "0", "false", "no", "off": return false
        default: throw ConfigurationError(setting: name, problem: "use true or false")
        }
    }

    /// Accepts `--log-level LEVEL` and `SPARRING_LOG_LEVEL` by turning them into Vapor's own `--log`
    /// and `LOG_LEVEL`, so the one logging bootstrap sees them.
    public static func normaliseLogLevel(arguments: inout [String], environment: [String: String]) {
        if let index = arguments.firstIndex(of: "--log-level") { arguments[index] = "--log" }
        if environment["LOG_LEVEL"] == nil, let level = environment["SPARRING_LOG_LEVEL"], !arguments.contains("--log")
        {
            arguments += ["--log", level]
        }
    }
}

/// Where the pulse key comes from: the environment (`SPARRING_PULSE_KEY`, base64), a key file
/// (`SPARRING_PULSE_KEY_FILE`, made on first start), or for an in-memory database the process itself.
/// Several servers on one PostgreSQL must share the key: set `SPARRING_PULSE_KEY` on each, or point
/// them at one key file.
public enum PulseKeySource: Sendable, Equatable {
    case value(String)
    case file(String)
    case process

    /// Beside an SQLite file, `<file>.pulse-key`; for PostgreSQL, `sparring.pulse-key` in the working
    /// folder; in memory, the process's own.
    public static func `default`(for database: DatabaseLocation) -> PulseKeySource {
        switch database {
        case .sqliteFile(let path): .file(path + ".pulse-key")
        case .postgres: .file("sparring.pulse-key")
        case .sqliteMemory: .process
        }
    }

    func load() throws -> PulseKey? {
        switch self {
        case .value(let text): try PulseKey.parse(text, setting: "SPARRING_PULSE_KEY")
        case .file(let path): try PulseKey.loadOrCreate(file: path)
        case .process: nil
        }
    }
}

/// Side effects the application reaches through one value, so tests can replace them.
public struct SparringServices: Sendable {
    public var now: @Sendable () -> Date
    public var hasher: any PasswordHashing

    public init(now: @escaping @Sendable () -> Date = { Date() }, hasher: any PasswordHashing) {
        self.now = now
        self.hasher = hasher
    }
}

/// bcrypt through Vapor's implementation.
public struct BcryptHasher: PasswordHashing {
    public let cost: Int
    public init(cost: Int) { self.cost = cost }
    public func hash(_ password: String) throws -> String { try Bcrypt.hash(password, cost: cost) }
    public func verify(_ password: String, against hash: String) throws -> Bool {
        (try? Bcrypt.verify(password, created: hash)) ?? false
    }
}

extension Application {
    private struct ConfigKey: StorageKey { typealias Value = AppConfig }
    private struct ServicesKey: StorageKey { typealias Value = SparringServices }

    public var sparringConfig: AppConfig {
        get {
            guard let config = storage[ConfigKey.self] else {
                fatalError("configure(_:config:) was not called: the application has no AppConfig")
            }
            return config
        }
        set { storage[ConfigKey.self] = newValue }
    }

    public var sparringServices: SparringServices {
        get {
            guard let services = storage[ServicesKey.self] else {
                fatalError("configure(_:config:) was not called: the application has no Services")
            }
            return services
        }
        set { storage[ServicesKey.self] = newValue }
    }
}

extension Request {
    var sparringServices: SparringServices { application.sparringServices }
    var now: Date { application.sparringServices.now() }

    /// Hashes off the event loop: bcrypt takes a quarter of a second on purpose.
    func hashPassword(_ password: String) async throws -> String {
        let hasher = sparringServices.hasher
        return try await application.threadPool.runIfActive { try hasher.hash(password) }
    }

    func verifyPassword(_ password: String, against hash: String) async throws -> Bool {
        let hasher = sparringServices.hasher
        return try await application.threadPool.runIfActive { try hasher.verify(password, against: hash) }
    }
}
