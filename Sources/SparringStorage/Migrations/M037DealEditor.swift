import FluentKit

/// Who saved a deal last (`deals.updated_by`, with `updated_at` beside it), so a stale edit can say
/// whether it was someone else or the same person in another tab. No foreign key: the person may be
/// erased later, and the name is only shown, never relied on. Deals saved before have none.
struct M037DealEditor: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("deals").field("updated_by", .uuid).update()
    }

    func revert(on database: any Database) async throws {
        try await database.schema("deals").deleteField("updated_by").update()
    }
}
