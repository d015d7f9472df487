import Foundation
import SparringStorage
import SparringWeb
import Testing

@Suite struct ConfigurationTests {
    @Test func databaseURLForms() throws {
        #expect(try DatabaseLocation.parse(nil) == .sqliteFile(path: "sparring.sqlite"))
        #expect(try DatabaseLocation.parse("") == .sqliteFile(path: "sparring.sqlite"))
        #expect(
            try DatabaseLocation.parse("sqlite:///var/lib/sparring/data.sqlite")
                == .sqliteFile(path: "/var/lib/sparring/data.sqlite"))
        #expect(try DatabaseLocation.parse("sqlite://data.sqlite") == .sqliteFile(path: "data.sqlite"))
        #expect(
            try DatabaseLocation.parse("postgres://u:p@db.internal:5432/sparring")
                == .postgres(url: "postgres://u:p@db.internal:5432/sparring", schema: nil))
        #expect(
            try DatabaseLocation.parse("postgres://u@h/db?schema=team_a&sslmode=require")
                == .postgres(url: "postgres://u@h/db?sslmode=require", schema: "team_a"))
        #expect(throws: ConfigurationError.self) { try DatabaseLocation.parse("mysql://x") }
        #expect(throws: ConfigurationError.self) { try DatabaseLocation.parse("postgres://u@h/db?schema=a;drop") }
        #expect(
            try DatabaseLocation.parse("postgres://u:secret@h/db").description == "PostgreSQL postgres://u:***@h/db")
    }

    @Test func environmentIsReadOnceIntoTypedSettings() throws {
        let config = try AppConfig.fromEnvironment([
            "SPARRING_HOST": "0.0.0.0", "SPARRING_PORT": "9000",
            "SPARRING_SECURE_COOKIES": "true",
        ])
        #expect(config.host == "0.0.0.0" && config.port == 9000 && config.secureCookies)
        #expect(try AppConfig.fromEnvironment([:]).port == 8080)
        #expect(try AppConfig.fromEnvironment([:]).host == "127.0.0.1")
        #expect(throws: ConfigurationError.self) { try AppConfig.fromEnvironment(["SPARRING_PORT": "eighty"]) }
        #expect(throws: ConfigurationError.self) { try AppConfig.fromEnvironment(["SPARRING_SECURE_COOKIES": "maybe"]) }
    }

    @Test func logLevelFlagAndVariableBecomeVaporsOwn() {
        var arguments = ["sparring", "serve", "--log-level", "debug"]
        AppConfig.normaliseLogLevel(arguments: &arguments, environment: [:])
        #expect(arguments == ["sparring", "serve", "--log", "debug"])
        var plain = ["sparring"]
        AppConfig.normaliseLogLevel(arguments: &plain, environment: ["SPARRING_LOG_LEVEL": "warning"])
        #expect(plain == ["sparring", "--log", "warning"])
    }
}
