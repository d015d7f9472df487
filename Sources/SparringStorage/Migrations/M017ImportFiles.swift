import FluentKit

/// Files uploaded for an import, kept in the database between the dry run and the confirmation so any
/// server behind a load balancer can run the confirmed import (design §5: no state in one process).
struct M017CreateImportFiles: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await database.schema("import_files")
            .id()
            .field("organisation_id", .uuid, .required, .references("organisations", "id"))
            .field("upload_id", .uuid, .required)
            .field("uploaded_by", .uuid, .required, .references("users", "id"))
            .field("source", .string, .required)
            .field("name", .string, .required)
            .field("content", .data, .required)
            .field("created_at", .datetime, .required)
            .create()
        try await createIndex(
            "import_files_upload", on: "import_files", ["organisation_id", "upload_id"], in: database)
        try await createIndex("import_files_age", on: "import_files", ["created_at"], in: database)
    }

    func revert(on database: any Database) async throws {
        try await database.schema("import_files").delete()
    }
}
