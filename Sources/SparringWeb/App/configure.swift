import Fluent
import SparringDomain
import SparringStorage
import Vapor

/// Builds the application: the one function `sparring` and the tests both call.
public func configure(_ app: Application, config: AppConfig, services: SparringServices? = nil) async throws {
    app.sparringConfig = config
    app.sparringServices = services ?? SparringServices(hasher: BcryptHasher(cost: config.bcryptCost))

    if let key = try config.resolvedPulseKey.load() { PulseKeys.install(key) }
    try config.database.register(in: app.databases)
    try await config.database.configureConnections(
        app.databases, eventLoopGroup: app.eventLoopGroup, logger: app.logger)
    app.migrations.add(SparringMigrations.all)

    app.http.server.configuration.hostname = config.host
    app.http.server.configuration.port = config.port
    // Forms and JSON of this product are small; anything larger is refused with 413 before a handler runs.
    app.routes.defaultMaxBodySize = "1mb"

    // Outermost first. Authentication and the request context sit outside the error middleware so that
    // error pages know the person and language; they render their own errors through the same renderer.
    app.middleware = Middlewares()
    app.middleware.use(RequestLogMiddleware(logLevel: .info))
    app.middleware.use(SecurityHeadersMiddleware(https: config.secureCookies))
    app.middleware.use(AuthenticationMiddleware())
    app.middleware.use(RequestContextMiddleware())
    app.middleware.use(PasswordChangeGate())
    app.middleware.use(AppErrorMiddleware())

    try registerRoutes(app)
    registerCommands(app)
}

/// Every feature's routes. A later feature adds one line here and a folder of its own.
func registerRoutes(_ app: Application) throws {
    let pages = app.grouped(CSRFMiddleware())
    try pages.register(collection: HomeController())
    try pages.register(collection: SetupController())
    try pages.register(collection: AuthController(hasher: app.sparringServices.hasher))
    try pages.register(collection: ProfileController())
    try pages.register(collection: TeamsController())
    try pages.register(collection: PeopleController())
    try pages.register(collection: PrivacyController())
    try pages.register(collection: DealsController())
    try pages.register(collection: CaseController())
    try pages.register(collection: PlansController())
    try pages.register(collection: TacticsController())
    try pages.register(collection: CaseStoriesController())
    try pages.register(collection: BulletinsController())
    try pages.register(collection: LeadershipController())
    try pages.register(collection: AllocationController())
    try pages.register(collection: DashboardController())
    try pages.register(collection: SparringController())
    try pages.register(collection: FollowUpsController())
    try pages.register(collection: BoardController())
    try pages.register(collection: SalesProcessController())
    try pages.register(collection: ImportController())
    // The API authenticates with bearer tokens only, so it needs no CSRF token.
    try app.register(collection: APIController())
    try app.register(collection: DealsAPIController())
    try app.register(collection: CaseAPIController())
    try app.register(collection: TextAPIController())
    try app.register(collection: SparringAPIController())
    try app.register(collection: StoriesAPIController())
    try app.register(collection: BulletinsAPIController())
    try app.register(collection: LeadershipAPIController())
    try app.register(collection: AllocationAPIController())
}

func registerCommands(_ app: Application) {
    app.asyncCommands.use(SparringServeCommand(), as: "serve", isDefault: true)
    app.asyncCommands.use(SparringMigrateCommand(), as: "migrate")
    app.asyncCommands.use(DemoCommand(), as: "demo")
    app.asyncCommands.use(ReindexCommand(), as: "reindex")
    app.asyncCommands.use(OrganisationCommands(), as: "organisation")
    app.asyncCommands.use(UserCommands(), as: "user")
    app.asyncCommands.use(TokenCommands(), as: "token")
    app.asyncCommands.use(ImportCommand(), as: "import")
    app.asyncCommands.use(BackupCommand(), as: "backup")
    app.asyncCommands.use(RestoreCommand(), as: "restore")
    app.asyncCommands.use(ChecksumsCommand(), as: "checksums")
}

/// The executable's whole body: read configuration, build the application, run the command.
public enum Entrypoint {
    public static func main() async {
        do {
            var environment = try Environment.detect()
            AppConfig.normaliseLogLevel(
                arguments: &environment.arguments, environment: ProcessInfo.processInfo.environment)
            try LoggingSystem.bootstrap(from: &environment)
            let config = try AppConfig.fromEnvironment()
            let app = try await Application.make(environment)
            do {
                try await configure(app, config: config)
                // Not `app.execute()`: it logs every error a command ends with as a warning, Swift value
                // and all (`SparringWeb.ExitStatus(code: 1)` after an import that printed its problems).
                try await app.startup()
                try await app.running?.onStop.get()
            } catch {
                try? await app.asyncShutdown()
                throw error
            }
            try await app.asyncShutdown()
        } catch let status as ExitStatus {
            exit(status.code)
        } catch let error as ConfigurationError {
            FileHandle.standardError.write(Data("sparring: configuration error: \(error)\n".utf8))
            exit(1)
        } catch let error as AppError {
            // A command's input refused: the message a page would show, not the Swift value.
            FileHandle.standardError.write(Data("sparring: \(error.commandLineText(Localizer(.commandLine)))\n".utf8))
            exit(1)
        } catch {
            FileHandle.standardError.write(Data("sparring: \(String(describing: error))\n".utf8))
            exit(1)
        }
    }
}
