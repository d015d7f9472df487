import FluentKit
import Foundation
import SQLKit
import SparringDomain

/// The organisation's audit trail of people and teams: written by the stores that change them, in the
/// same transaction as the change; read newest first, a page at a time.
public struct AuditStore: Sendable {
    let db: any Database
    let organisationID: UUID

    var sql: any SQLDatabase { db as! any SQLDatabase }

    /// Writes one line; the caller provides the transaction of the change it records.
    func record(
        _ kind: AuditKind, subject: UUID?, team: UUID? = nil, detail: String? = nil, by actorID: UUID?, at time: Date
    ) async throws {
        // Whole milliseconds, so a page's cursor names the exact stored time on both databases.
        let time = Self.milliseconds(time)
        try await sql.insert(into: "audit_events")
            .columns("id", "organisation_id", "at", "actor_id", "kind", "subject_id", "team_id", "detail")
            .values(
                SQLBind(UUID.timeOrdered(at: time)), SQLBind(organisationID), SQLBind(time), SQLBind(actorID),
                SQLBind(kind.rawValue), SQLBind(subject), SQLBind(team), SQLBind(detail)
            ).run()
    }

    static func milliseconds(_ time: Date) -> Date {
        Date(timeIntervalSince1970: (time.timeIntervalSince1970 * 1000).rounded() / 1000)
    }

    /// Lines newest first, `limit` at a time, before the cursor `[milliseconds, id]`; `subject` narrows
    /// them to one person.
    public func page(
        limit: Int, before cursor: PageCursor?, subject: UUID? = nil
    ) async throws -> ResultPage<AuditEvent> {
        let select = sql.select().columns("id", "at", "actor_id", "kind", "subject_id", "team_id", "detail")
            .from("audit_events").where("organisation_id", .equal, organisationID)
        if let subject { select.where("subject_id", .equal, subject) }
        if let cursor {
            guard cursor.values.count == 2, let millis = Int64(cursor.values[0]),
                let id = UUID(uuidString: cursor.values[1])
            else { throw AppError.badRequest(.errorBadCursor, field: "cursor") }
            let at = Date(timeIntervalSince1970: Double(millis) / 1000)
            select.where(
                SQLBinaryExpression(
                    SQLGroupExpression([SQLColumn("at"), SQLColumn("id")]), .lessThan,
                    SQLGroupExpression([SQLBind(at), SQLBind(id)])))
        }
        let rows = try await select.orderBy("at", .descending).orderBy("id", .descending).limit(limit + 1).all()
        let events = try rows.prefix(limit).map { row in
            AuditEvent(
                id: try row.decode(column: "id", as: UUID.self), at: try row.decode(column: "at", as: Date.self),
                actorID: try row.decode(column: "actor_id", as: UUID?.self),
                kind: AuditKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .roleChanged,
                subjectID: try row.decode(column: "subject_id", as: UUID?.self),
                teamID: try row.decode(column: "team_id", as: UUID?.self),
                detail: try row.decode(column: "detail", as: String?.self))
        }
        // The cursor carries the time as whole milliseconds, as it was stored.
        let next =
            rows.count > limit
            ? events.last.map {
                PageCursor([String(Int64(($0.at.timeIntervalSince1970 * 1000).rounded())), $0.id.uuidString])
            } : nil
        return ResultPage(items: Array(events), nextCursor: next)
    }
}

extension Tenant {
    public var audit: AuditStore { AuditStore(db: db, organisationID: organisationID) }
}
