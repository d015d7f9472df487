import FluentKit

/// The organisation's audit trail of people and teams: accounts created, roles changed, people added to
/// and removed from teams, deactivated and reactivated, passwords reset; who did it and when. An
/// administrator reads it at `/admin/audit`; a seller can see there who joined their team before a pulse
/// round (the round's page says how many joined recently).
struct M034AuditEvents: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("audit_events")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("at", .datetime, .required)
            // People are never deleted (erasure anonymises them), so the trail can reference them: a
            // person's export then holds the lines about them and by them.
            .field("actor_id", .uuid, .references("users", "id"))
            .field("kind", .string, .required)
            .field("subject_id", .uuid, .references("users", "id"))
            .field("team_id", .uuid, .references("teams", "id", onDelete: .setNull))
            .field("detail", .string)
            .create()
        try await createIndex("audit_events_org_at", on: "audit_events", ["organisation_id", "at", "id"], in: database)
        try await createIndex("audit_events_subject", on: "audit_events", ["subject_id", "at"], in: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema("audit_events").delete()
    }
}
