import FluentKit
import SQLKit

extension Database {
    /// A transaction that writes. Fluent begins SQLite transactions as deferred: one that reads first
    /// and writes later fails at once with SQLITE_BUSY_SNAPSHOT when another connection committed in
    /// between (the soak test found it under eight concurrent writers). Taking the write lock first,
    /// with an update that matches nothing, makes it wait its turn (`busy_timeout`) and read the latest
    /// data instead. PostgreSQL needs nothing: its row locks and versions do that work.
    public func writeTransaction<T: Sendable>(
        _ body: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        try await transaction { tx in
            if let sql = tx as? any SQLDatabase, sql.dialect.name == "sqlite" {
                try await sql.raw("UPDATE installation_flags SET id = id WHERE 0").run()
            }
            return try await body(tx)
        }
    }
}
