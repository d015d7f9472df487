import Fluent
import SparringDomain
import SparringStorage
import Vapor

/// `sparring serve` (the default): migrates if needed, then serves on `--host`/`--port`.
struct SparringServeCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "host", help: "Address to listen on (SPARRING_HOST; default 127.0.0.1).")
        var host: String?
        @Option(name: "port", help: "Port to listen on (SPARRING_PORT; default 8080).")
        var port: Int?
        @Flag(
            name: "no-migrate",
            help: "Do not run pending migrations first (several servers: run `sparring migrate` once).")
        var noMigrate: Bool
    }

    var help: String { "Serves Sparring over HTTP (default command)." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let config = app.sparringConfig
        let host = signature.host ?? config.host
        let port = signature.port ?? config.port
        guard (1...65535).contains(port) else {
            throw ConfigurationError(setting: "--port", problem: "\(port) is not a port number (1–65535)")
        }
        try await config.database.prepare(app.db)
        if config.autoMigrate && !signature.noMigrate { try await app.autoMigrate() }
        // The planner's statistics as SQLite recommends at start (`Statistics`): one connection's
        // ANALYZE is the file's, and the others load it with the schema.
        try await Statistics.onOpen(app.db)
        app.lifecycle.use(StatisticsRefresher(app))
        app.http.server.configuration.hostname = host
        app.http.server.configuration.port = port
        // Vapor's own serve command does the serving and signal handling; it reads the address set above.
        var serveContext = context
        serveContext.input = CommandInput(arguments: ["sparring"])
        try await app.servers.asyncCommand.run(using: &serveContext)
        app.logger.notice("Sparring listening on http://\(host):\(port) using \(config.database.description)")
    }
}

/// `sparring migrate`: runs pending migrations without asking (safe to script).
struct SparringMigrateCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Creates or updates the database schema." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.sparringConfig.database.prepare(app.db)
        try await app.autoMigrate()
        context.console.print("Database is up to date: \(app.sparringConfig.database.description)")
    }
}

/// `sparring reindex`: rebuilds every organisation's search index from its stories and cases (after an
/// upgrade that changes how text is turned into search terms; the release notes say when).
struct ReindexCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Rebuilds the search index of case stories and deals' cases." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.sparringConfig.database.prepare(app.db)
        try await app.autoMigrate()
        for organisation in try await OrganisationStore(db: app.db).all() {
            let started = ContinuousClock.now
            let (stories, deals) = try await SearchIndex(db: app.db, organisationID: organisation.id).rebuild(
                at: app.now)
            context.console.print(
                "\(organisation.name): indexed \(stories) stories and \(deals) deals' cases in \(seconds(since: started)) s."
            )
        }
    }
}

/// `sparring backup PATH`: a consistent copy of the whole database while the server keeps running.
struct BackupCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "path", help: "The file to write (overwritten if it exists).") var path: String
    }

    var help: String { "Writes a consistent backup of the database to a file, while Sparring runs." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.sparringConfig.database.prepare(app.db)
        let started = ContinuousClock.now
        let digests = try await DatabaseBackup.write(db: app.db, to: signature.path, now: app.now)
        let rows = digests.reduce(0) { $0 + $1.rows }
        context.console.print(
            "Wrote \(digests.count) tables, \(rows) rows to \(signature.path) in \(seconds(since: started)) s."
        )
    }
}

/// `sparring restore PATH`: loads a backup into an empty database, then checks every table.
struct RestoreCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "path", help: "A file written by `sparring backup`.") var path: String
    }

    var help: String { "Restores a backup into an empty database and checks every table's count and checksum." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.sparringConfig.database.prepare(app.db)
        try await app.autoMigrate()
        let digests = try await DatabaseBackup.restore(db: app.db, from: signature.path)
        for digest in digests { context.console.print(ChecksumsCommand.line(digest)) }
        context.console.print(
            "Restored and checked \(digests.count) tables, \(digests.reduce(0) { $0 + $1.rows }) rows.")
    }
}

/// `sparring checksums`: every table's count and checksum, to compare two databases (after a restore,
/// or after moving PostgreSQL with `pg_dump`).
struct ChecksumsCommand: AsyncCommand {
    struct Signature: CommandSignature {}
    var help: String { "Prints every table's row count and content checksum, from one consistent snapshot." }

    static func line(_ digest: TableDigest) -> String {
        "\(digest.table.padding(toLength: 28, withPad: " ", startingAt: 0)) \(String(digest.rows).leftPadded(to: 9)) \(digest.checksum)"
    }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.sparringConfig.database.prepare(app.db)
        for digest in try await DatabaseBackup.digests(db: app.db) { context.console.print(Self.line(digest)) }
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}

/// `sparring demo`: a demo organisation to try Sparring with.
struct DemoCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "seed", help: "Seed for the generated names and deals (default 2026).")
        var seed: UInt64?
        @Option(
            name: "deals", help: "How many deals to generate with their histories (default 1000; 1000000 is practical)."
        )
        var deals: Int?
        @Option(
            name: "sessions",
            help: "Closed sparring sessions to add on won and lost deals, for benchmarks (default 0).")
        var sessions: Int?
        @Option(
            name: "stories",
            help: "Case stories to publish on won and lost deals (default 300 on first run; 100000 for the benchmark).")
        var stories: Int?
    }

    var help: String { "Creates a demo organisation and prints how to sign in." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.sparringConfig.database.prepare(app.db)
        try await app.autoMigrate()
        let result = try await DemoSeeder.seed(
            db: app.db, hasher: app.sparringServices.hasher, seed: signature.seed ?? 2026, now: app.now)
        context.console.print(
            result.created
                ? "Created the demo organisation \(result.organisation.name)."
                : "The demo organisation \(result.organisation.name) already exists.")
        let wanted = signature.deals ?? 1_000
        guard wanted >= 0 else { throw AdminTasks.TaskError(description: "--deals: use a number from 0 up") }
        let tenant = Tenant(db: app.db, organisationID: result.organisation.id)
        let existing = try await tenant.deals.count(externalSource: "demo")
        if existing > 0 {
            context.console.print("It already has \(existing) demo deals.")
        } else if wanted > 0 {
            let started = ContinuousClock.now
            let step = max(wanted / 10, 1)
            let written = try await DemoSeeder.seedDeals(
                db: app.db, organisationID: result.organisation.id, count: wanted, seed: signature.seed ?? 2026,
                now: app.now,
                progress: { written in
                    if written % step < 5_000 || written == wanted { print("  \(written) deals…") }
                })
            context.console.print(
                "Generated \(written) deals with their stage histories in \(seconds(since: started)) s.")
        }
        let sessions = try await DemoSeeder.seedSparring(
            db: app.db, organisationID: result.organisation.id, now: app.now)
        if sessions > 0 { context.console.print("Added \(sessions) sparring sessions in every state.") }
        let storyCount = try await Tenant(db: app.db, organisationID: result.organisation.id).stories.count()
        let wantedStories = signature.stories ?? (storyCount == 0 ? 300 : 0)
        if wantedStories > 0 {
            let started = ContinuousClock.now
            let step = max(wantedStories / 10, 1)
            let written = try await DemoSeeder.seedStories(
                db: app.db, organisationID: result.organisation.id, count: wantedStories,
                seed: signature.seed ?? 2026, now: app.now,
                progress: { written in
                    if written % step < 2_000 || written == wantedStories { print("  \(written) stories…") }
                })
            context.console.print(
                "Published \(written) case stories in \(seconds(since: started)) s.")
        }
        let bulletins = try await DemoSeeder.seedBulletins(
            db: app.db, organisationID: result.organisation.id, now: app.now)
        if bulletins > 0 { context.console.print("Sent \(bulletins) bulletins to the teams.") }
        let rounds = try await DemoSeeder.seedLeadership(
            db: app.db, organisationID: result.organisation.id, now: app.now)
        if rounds > 0 {
            context.console.print(
                "Added resource pools with requests and a confirmed plan, \(rounds) closed pulse rounds and self-assessments."
            )
        }
        if let history = signature.sessions, history > 0 {
            let started = ContinuousClock.now
            let written = try await DemoSeeder.seedSparringHistory(
                db: app.db, organisationID: result.organisation.id, count: history, now: app.now)
            context.console.print(
                "Added a history of \(written) closed sparring sessions in \(seconds(since: started)) s."
            )
        }
        // A demo load is the largest change a database sees: the planner's statistics follow.
        try await Statistics.refresh(app.db)
        context.console.print("Password for everyone: \(DemoPlan.password)")
        context.console.print("  admin   \(result.plan.admin.email)")
        for team in result.plan.teams {
            context.console.print("  \(team.name)")
            context.console.print("    leader  \(team.leader.email)")
            for seller in team.sellers { context.console.print("    seller  \(seller.email)") }
        }
        context.console.print("Sign in at http://\(app.sparringConfig.host):\(app.sparringConfig.port)/sign-in")
    }
}

/// `sparring organisation create …`: another organisation on this installation, with its first admin.
struct OrganisationCommands: AsyncCommandGroup {
    var help: String { "Manages organisations." }
    var commands: [String: any AnyAsyncCommand] { ["create": OrganisationCreateCommand()] }
}

struct OrganisationCreateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "name", help: "The organisation's name.") var name: String?
        @Option(name: "admin-email", help: "Its first administrator's e-mail address.") var adminEmail: String?
        @Option(name: "admin-name", help: "Its first administrator's full name.") var adminName: String?
        @Option(name: "locale", help: "nb or en (default nb).") var locale: String?
        @Option(name: "currency", help: "Base currency (default NOK).") var currency: String?
        @Option(name: "time-zone", help: "Time zone (default Europe/Oslo).") var timeZone: String?
        @Option(name: "password", help: "The admin's initial password; a random one is printed when left out.")
        var password: String?
    }

    var help: String { "Creates an organisation with its first administrator." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.sparringConfig.database.prepare(app.db)
        try await app.autoMigrate()
        var errors: [FieldError] = []
        let password = signature.password ?? Secrets.temporaryPassword()
        let (organisation, admin) = NewOrganisation.validatedWithAdmin(
            name: signature.name ?? "", defaultLocale: signature.locale ?? "nb",
            baseCurrency: signature.currency ?? "NOK", timeZone: signature.timeZone ?? "Europe/Oslo",
            adminName: signature.adminName ?? "", adminEmail: signature.adminEmail ?? "", password: password,
            confirmation: nil, into: &errors)
        do {
            guard errors.isEmpty else { throw AppError.validation(errors) }
            let (created, user) = try await OrganisationStore(db: app.db).create(
                organisation: organisation, admin: admin, passwordHash: try app.sparringServices.hasher.hash(password),
                at: app.now)
            context.console.print("Created \(created.name) (\(created.slug)) with the admin \(user.email).")
            if signature.password == nil { context.console.print("Initial password: \(password)") }
        } catch AppError.validation(let errors) {
            // The form's field names, said as this command's options.
            let options = [
                "organisationName": "name", "name": "admin-name", "email": "admin-email", "defaultLocale": "locale",
                "baseCurrency": "currency", "timeZone": "time-zone",
            ]
            throw AdminTasks.TaskError(
                description: AdminTasks.describe(
                    errors.map { FieldError(options[$0.field] ?? $0.field, $0.message, $0.arguments) }))
        }
    }
}

/// `sparring user create …`
struct UserCommands: AsyncCommandGroup {
    var help: String { "Manages people." }
    var commands: [String: any AnyAsyncCommand] {
        ["create": UserCreateCommand(), "reset-password": UserResetPasswordCommand()]
    }
}

/// `sparring user reset-password --email E`: for an administrator locked out of their own account.
struct UserResetPasswordCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "email", help: "Whose password.") var email: String?
    }

    var help: String { "Sets a temporary password, printed once; it must be changed at the next sign-in." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let temporary = try await AdminTasks.resetPassword(
            db: app.db, hasher: app.sparringServices.hasher, email: signature.email ?? "", now: app.now)
        context.console.print("Temporary password (must be changed at the next sign-in): \(temporary)")
    }
}

struct UserCreateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "email", help: "E-mail address (sign-in name).") var email: String?
        @Option(name: "name", help: "Full name.") var name: String?
        @Option(name: "role", help: "admin, leader or seller (default seller).") var role: String?
        @Option(name: "organisation", help: "Organisation id; needed only when there are several.") var organisation:
            String?
        @Option(name: "password", help: "Initial password; a random one is printed when left out.") var password:
            String?
    }

    var help: String { "Creates a person." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let result = try await AdminTasks.createUser(
            db: app.db, hasher: app.sparringServices.hasher, email: signature.email ?? "", name: signature.name ?? "",
            role: signature.role ?? Role.seller.rawValue, organisation: signature.organisation,
            password: signature.password, now: app.now)
        context.console.print("Created \(result.user.name) <\(result.user.email)> as \(result.user.role.rawValue).")
        if signature.password == nil { context.console.print("Initial password: \(result.password)") }
    }
}

/// `sparring token create --email E [--name N]`
struct TokenCommands: AsyncCommandGroup {
    var help: String { "Manages personal API tokens." }
    var commands: [String: any AnyAsyncCommand] { ["create": TokenCreateCommand()] }
}

struct TokenCreateCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "email", help: "Whose token.") var email: String?
        @Option(name: "name", help: "A name to recognise it by.") var name: String?
    }

    var help: String { "Creates an API token and prints it once." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        let secret = try await AdminTasks.createToken(
            db: app.db, email: signature.email ?? "",
            name: signature.name ?? "CLI token", now: app.now)
        context.console.print(secret)
    }
}

/// What the CLI does, as functions the tests call too.
public enum AdminTasks {
    public struct TaskError: Error, CustomStringConvertible {
        public var description: String
    }

    public static func createUser(
        db: any Database, hasher: any PasswordHashing, email: String, name: String, role: String,
        organisation: String?, password: String?, now: Date
    ) async throws -> (user: User, password: String) {
        var errors: [FieldError] = []
        let new = NewUser.validated(
            name: name, email: email, role: role, locale: "", memberOf: [], leads: [], into: &errors)
        let password = password ?? Secrets.random().prefix(16).description
        Validate.newPassword(password, confirmation: nil, into: &errors)
        guard errors.isEmpty else { throw TaskError(description: describe(errors)) }
        let organisationID = try await resolveOrganisation(organisation, db: db)
        let hash = try hasher.hash(password)
        do {
            let user = try await Tenant(db: db, organisationID: organisationID).users.create(
                new, passwordHash: hash, at: now)
            return (user, password)
        } catch AppError.validation(let errors) {
            throw TaskError(description: describe(errors))
        }
    }

    /// A temporary password for an active person, who must change it at the next sign-in.
    public static func resetPassword(
        db: any Database, hasher: any PasswordHashing, email: String, now: Date
    ) async throws
        -> String
    {
        let user = try await activeUser(email: email, db: db)
        let temporary = Secrets.temporaryPassword()
        try await Tenant(db: db, organisationID: user.organisationID).users.resetPassword(
            user.id, newHash: try hasher.hash(temporary), at: now)
        return temporary
    }

    private static func activeUser(email: String, db: any Database) async throws -> User {
        let normalised = email.trimmingCharacters(in: .whitespaces).lowercased()
        guard let found = try await AccountStore(db: db).credentials(email: normalised), found.user.isActive else {
            throw TaskError(description: "--email: no active person has the address '\(email)'")
        }
        return found.user
    }

    public static func createToken(db: any Database, email: String, name: String, now: Date) async throws -> String {
        let user = try await activeUser(email: email, db: db)
        return try await TokenIssuer.create(
            userID: user.id, organisationID: user.organisationID,
            name: name, db: db, now: now)
    }

    /// An organisation by id or slug (`Nordlys Systemer AS` → `nordlys-systemer-as`); the only one
    /// when none is named.
    static func resolveOrganisation(_ raw: String?, db: any Database) async throws -> UUID {
        let all = try await OrganisationStore(db: db).all()
        if let raw {
            if let id = UUID(uuidString: raw), all.contains(where: { $0.id == id }) { return id }
            if let found = all.first(where: { $0.slug == raw.lowercased() }) { return found.id }
            throw TaskError(
                description: "--org: no organisation '\(raw)'; organisations: "
                    + all.map { "\($0.slug) (\($0.id))" }.joined(separator: ", "))
        }
        switch all.count {
        case 0:
            throw TaskError(
                description: "no organisation exists yet: open / in a browser to set one up, or run `sparring demo`")
        case 1: return all[0].id
        default:
            throw TaskError(
                description: "--org is needed; organisations: "
                    + all.map { "\($0.slug) (\($0.id))" }.joined(separator: ", "))
        }
    }

    static func describe(_ errors: [FieldError]) -> String {
        let t = Localizer(.en)
        return errors.map { "--\($0.field): \(t($0.message, $0.arguments))" }.joined(separator: "; ")
    }
}

/// Refreshes SQLite's planner statistics every few hours while the process runs (`Statistics`).
/// Started by `sparring serve` only: commands and tests end long before it would run.
final class StatisticsRefresher: LifecycleHandler, Sendable {
    private let task: Task<Void, Never>

    init(_ app: Application) {
        let db = app.db
        let logger = app.logger
        task = Task {
            while !Task.isCancelled {
                do {
                    try await Task.sleep(for: Statistics.interval)
                    try await Statistics.refresh(db)
                } catch is CancellationError {
                    return
                } catch {
                    logger.warning("refreshing the query planner's statistics failed: \(error)")
                }
            }
        }
    }

    func shutdownAsync(_ app: Application) async {
        task.cancel()
    }
}

extension Application {
    /// The injected clock (`SparringServices.now`): commands read the time where requests do, so
    /// `Date()` is called in one place.
    var now: Date { sparringServices.now() }
}

/// "12.3": seconds since `start` on the monotonic clock, for a command's "… in 12.3 s".
func seconds(since start: ContinuousClock.Instant) -> String {
    let elapsed = ContinuousClock.now - start
    return String(format: "%.1f", Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
}
