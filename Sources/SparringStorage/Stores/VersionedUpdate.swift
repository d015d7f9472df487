import Foundation
import SQLKit

extension SQLDatabase {
    /// Optimistic concurrency in one statement, the way every editable record is saved: sets the
    /// columns and `version = expected + 1` on the organisation's row with this id *and* this version.
    /// Returns false when no row matched — somebody saved first (or the row is not there); callers
    /// tell the two apart when they need to.
    func updateVersioned(
        _ table: String, id: UUID, organisationID: UUID, expectedVersion: Int, at time: Date?,
        _ columns: (SQLUpdateBuilder) -> Void
    ) async throws -> Bool {
        let update = self.update(table)
        columns(update)
        update.set("version", to: expectedVersion + 1)
        if let time { update.set("updated_at", to: time) }
        return try await !update.where("id", .equal, id).where("organisation_id", .equal, organisationID)
            .where("version", .equal, expectedVersion).returning("id").all().isEmpty
    }
}
