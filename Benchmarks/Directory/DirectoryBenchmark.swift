// Times the queries the foundation added, at the design size of DESIGN.md §5 (5,000 people in one
// organisation, plus a second organisation so tenancy filters have work to do), on SQLite or
// PostgreSQL, and prints the query plan of the people list so a missing index shows.
//
//   swift run -c release --scratch-path .build-release sparring-bench [--users 5000] [--database URL]
import Fluent
import Foundation
import SQLKit
import SparringDomain
import SparringStorage
import SparringWeb
import Vapor

@main
struct DirectoryBenchmark {
    static func main() async throws {
        func argument(_ name: String) -> String? {
            let arguments = CommandLine.arguments
            guard let index = arguments.firstIndex(of: name), index + 1 < arguments.count else { return nil }
            return arguments[index + 1]
        }

        // `--parse FILE`: only reading a deals CSV (CSVReader and DealRowReader), no database.
        if let path = argument("--parse") {
            try await ImportParseBenchmark.run(path: path)
            return
        }
        let userCount = Int(argument("--users") ?? "") ?? 5000
        // `--deals N`: the pipeline instead — the demo organisation with N generated deals.
        let dealCount = Int(argument("--deals") ?? "")
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sparring-bench-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        var location = try DatabaseLocation.parse(argument("--database") ?? "sqlite://\(folder.path)/bench.sqlite")
        if case .postgres(let url, nil) = location {
            location = .postgres(url: url, schema: "bench_\(UInt32.random(in: 0...UInt32.max))")
        }

        var environment = Environment(name: "bench", arguments: ["bench"])
        environment.arguments = ["bench"]
        let app = try await Application.make(environment)
        app.logger.logLevel = .warning
        do {
            try await configure(app, config: AppConfig(database: location, bcryptCost: 4))
            try await location.prepare(app.db)
            try await app.autoMigrate()

            if let dealCount {
                // The data stays (seeding a million takes minutes): run again to re-measure, or serve it.
                try await PipelineBenchmark.run(app: app, location: location, deals: dealCount)
                try await app.asyncShutdown()
                return
            }
            // Seed: two organisations; the measured one has `userCount` people in teams of 20.
            let seedStart = Date()
            var tenants: [Tenant] = []
            var someone: User?
            for (index, size) in [userCount, userCount / 5].enumerated() {
                let organisation = try await OrganisationStore(db: app.db).create(
                    NewOrganisation(
                        name: "Bench \(index)", defaultLocale: .nb, baseCurrency: "NOK", timeZone: "Europe/Oslo"),
                    at: seedStart)
                let tenant = Tenant(db: app.db, organisationID: organisation.id)
                tenants.append(tenant)
                let picked: User? = try await app.db.transaction { tx in
                    let scoped = Tenant(db: tx, organisationID: organisation.id)
                    var teams: [UUID] = []
                    for number in 0..<max(1, size / 20) {
                        teams.append(
                            try await scoped.teams.create(
                                name: "Team \(number)", leaderIDs: [], memberIDs: [], at: seedStart
                            ).id)
                    }
                    var random = SeededGenerator(seed: UInt64(index + 1))
                    var chosen: User?
                    let first = ["Ingrid", "Ola", "Kari", "Lars", "Nora", "Henrik", "Sofie", "Åse", "Øystein", "Bjørn"]
                    for number in 0..<size {
                        let name = "\(first.randomElement(using: &random)!) \(number)"
                        let user = try await scoped.users.create(
                            NewUser(
                                name: name, email: "p\(number)@org\(index).example", role: .seller,
                                memberOf: [teams[number % teams.count]]), passwordHash: "not-a-real-hash", at: seedStart
                        )
                        if index == 0 && number == size / 2 { chosen = user }
                    }
                    return chosen
                }
                if index == 0 { someone = picked }
            }
            print(
                "\(location.description): seeded \(userCount) + \(userCount / 5) people in \(String(format: "%.1f", Date().timeIntervalSince(seedStart))) s"
            )

            // Fresh statistics, as autovacuum (PostgreSQL) or a periodic ANALYZE (SQLite) would have them.
            try await (app.db as! any SQLDatabase).raw("ANALYZE").run()
            let tenant = tenants[0]
            let middle = try await tenant.users.page(limit: userCount / 2, after: nil, includeDeactivated: false)
                .nextCursor
            let accounts = AccountStore(db: app.db)
            let person = someone!
            try await accounts.createSession(
                tokenHash: "bench-session", userID: person.id, csrfToken: "c", now: Date(), lifetime: 3600)
            let token = try await AdminTasks.createToken(db: app.db, email: person.email, name: "bench", now: Date())
            _ = token

            print("Queries (\(userCount) people in the organisation):")
            try await timed("people, first page of 50") {
                _ = try await tenant.users.page(limit: 50, after: nil, includeDeactivated: false)
            }
            try await timed("people, page of 50 from the middle") {
                _ = try await tenant.users.page(limit: 50, after: middle, includeDeactivated: false)
            }
            try await timed("teams, first page of 50") { _ = try await tenant.teams.page(limit: 50, after: nil) }
            try await timed("session lookup (every page request)") {
                _ = try await accounts.session(tokenHash: "bench-session", now: Date())
            }
            try await timed("sign-in lookup by e-mail") { _ = try await accounts.credentials(email: person.email) }
            try await timed("sign-in failures in the window") {
                _ = try await accounts.signInFailures(email: person.email, since: Date().addingTimeInterval(-900))
            }
            try await timed("admin people page: 100 people + team names") {
                _ = try await tenant.users.page(limit: 100, after: middle, includeDeactivated: false)
                _ = try await tenant.teams.names()
            }
            try await timed("team member labels (names of 25 people)") {
                _ = try await tenant.users.names(
                    of: Array(
                        try await tenant.users.page(limit: 25, after: nil, includeDeactivated: false).items.map(\.id)))
            }

            // The plan of the keyset page: it must walk an index, not scan and sort the table.
            let sql = app.db as! any SQLDatabase
            let plan: [SQLRow]
            if location.isPostgres {
                plan = try await sql.raw(
                    """
                    EXPLAIN SELECT id FROM users WHERE organisation_id = \(bind: tenant.organisationID) AND is_active = true
                    AND (name, id) > (\(bind: "Kari 2500"), \(bind: person.id)) ORDER BY name, id LIMIT 51
                    """
                ).all()
                print(
                    "Plan:\n"
                        + plan.compactMap { try? "  " + $0.decode(column: "QUERY PLAN", as: String.self) }.joined(
                            separator: "\n"))
            } else {
                plan = try await sql.raw(
                    """
                    EXPLAIN QUERY PLAN SELECT id FROM users WHERE organisation_id = \(bind: tenant.organisationID) AND is_active = 1
                    AND (name, id) > (\(bind: "Kari 2500"), \(bind: person.id)) ORDER BY name, id LIMIT 51
                    """
                ).all()
                print(
                    "Plan:\n"
                        + plan.compactMap { try? "  " + $0.decode(column: "detail", as: String.self) }.joined(
                            separator: "\n"))
            }
            try? await location.dropSchema(app.db)
        } catch {
            print("benchmark failed: \(String(reflecting: error))")
        }
        try await app.asyncShutdown()

    }
}
