import FluentKit
import Foundation
import SQLKit

extension Database {
    /// A transaction that writes.
    ///
    /// On SQLite, writers take turns in this process (`SQLiteWriters`), and each takes the write lock
    /// at its start with an update that matches nothing. Fluent begins SQLite transactions as
    /// deferred: one that reads first and writes later failed at once with SQLITE_BUSY_SNAPSHOT when
    /// another connection had committed in between (the soak test found it under eight concurrent
    /// writers), and waiting on SQLite's own busy handler sleeps in whole seconds in this build. The
    /// lock at the start still matters for a second process on the same file (`sparring import`
    /// while the server runs), which waits through `busy_timeout`.
    ///
    /// PostgreSQL needs none of it: its row locks and versions do that work.
    public func writeTransaction<T: Sendable>(
        _ body: @escaping @Sendable (any Database) async throws -> T
    ) async throws -> T {
        guard let sql = self as? any SQLDatabase, sql.dialect.name == "sqlite", !inTransaction else {
            return try await transaction(body)
        }
        try await SQLiteWriters.shared.acquire()
        do {
            let result = try await transaction { tx in
                try await (tx as! any SQLDatabase).raw("UPDATE installation_flags SET id = id WHERE 0").run()
                return try await body(tx)
            }
            await SQLiteWriters.shared.release()
            return result
        } catch {
            await SQLiteWriters.shared.release()
            throw error
        }
    }
}

/// The turn of SQLite writers in this process: one at a time, first come first served, without
/// holding a database connection while waiting.
actor SQLiteWriters {
    static let shared = SQLiteWriters()

    /// No write transaction of this product takes long; waiting longer than this means something
    /// waits for itself, and an error says so rather than a request that never answers.
    static let patience: Duration = .seconds(30)

    private var busy = false
    private var waiting: [(id: UUID, continuation: CheckedContinuation<Void, any Error>)] = []

    struct Timeout: Error, CustomStringConvertible {
        var description: String { "waited more than 30 s for another SQLite write transaction" }
    }

    func acquire() async throws {
        guard busy else {
            busy = true
            return
        }
        let id = UUID()
        try await withCheckedThrowingContinuation { continuation in
            waiting.append((id, continuation))
            Task {
                try? await Task.sleep(for: Self.patience)
                self.expire(id)
            }
        }
    }

    func release() {
        if waiting.isEmpty {
            busy = false
        } else {
            // The turn passes straight to the next writer: `busy` stays true.
            waiting.removeFirst().continuation.resume()
        }
    }

    private func expire(_ id: UUID) {
        guard let index = waiting.firstIndex(where: { $0.id == id }) else { return }
        waiting.remove(at: index).continuation.resume(throwing: Timeout())
    }
}
