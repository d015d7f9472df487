import FluentKit
import SQLKit

public enum HealthCheck {
    /// Runs `SELECT 1` on the database; throws when it does not answer.
    public static func database(_ db: any Database) async throws {
        guard let sql = db as? any SQLDatabase else { return }
        _ = try await sql.raw("SELECT 1 AS ok").first()
    }
}
