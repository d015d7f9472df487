import FluentKit
import Foundation
import SQLKit
import SparringDomain

final class ImportFileModel: Model, @unchecked Sendable {
    static let schema = "import_files"
    @ID(key: .id) var id: UUID?
    @Field(key: "organisation_id") var organisationID: UUID
    @Field(key: "upload_id") var uploadID: UUID
    @Field(key: "uploaded_by") var uploadedBy: UUID
    @Field(key: "source") var source: String
    @Field(key: "name") var name: String
    @Field(key: "content") var content: Data
    @Field(key: "created_at") var createdAt: Date
    init() {}
}

/// Uploaded export files waiting for their import to be confirmed.
public struct ImportUploads: Sendable {
    let db: any Database
    let organisationID: UUID

    /// Uploads older than this are removed (a dry run left unconfirmed).
    public static let lifetime: TimeInterval = 24 * 3600

    public func save(
        files: [(name: String, content: Data)], source: ImportSource, by userID: UUID, at time: Date
    ) async throws -> UUID {
        let uploadID = UUID()
        try await db.writeTransaction { tx in
            try await ImportFileModel.query(on: tx).filter(\.$createdAt < time.addingTimeInterval(-Self.lifetime))
                .delete()
            for file in files {
                let model = ImportFileModel()
                model.organisationID = organisationID
                model.uploadID = uploadID
                model.uploadedBy = userID
                model.source = source.rawValue
                model.name = String(file.name.prefix(200))
                model.content = file.content
                model.createdAt = time
                try await model.create(on: tx)
            }
        }
        return uploadID
    }

    /// Writes the upload's files into a fresh temporary folder and says what to import from it.
    /// The caller removes the folder.
    public func materialise(_ uploadID: UUID) async throws -> (source: ImportSource, input: ImportInput, folder: URL) {
        let files = try await ImportFileModel.query(on: db).filter(\.$organisationID == organisationID)
            .filter(\.$uploadID == uploadID).all()
        guard let first = files.first, let source = ImportSource(rawValue: first.source) else {
            throw AppError.badRequest(.importExpired, field: "upload")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sparring-upload-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        for (index, file) in files.enumerated() {
            // Only the base name, so a crafted file name cannot write outside the folder.
            var name = (file.name as NSString).lastPathComponent
            if name.isEmpty || name.hasPrefix(".") { name = "file\(index).csv" }
            try file.content.write(to: folder.appendingPathComponent(name))
        }
        if source == .salesforce, let input = try? ImportInput.salesforceFolder(folder) {
            return (source, input, folder)
        }
        let name = (first.name as NSString).lastPathComponent
        return (source, ImportInput(deals: folder.appendingPathComponent(name.isEmpty ? "file0.csv" : name)), folder)
    }

    public func delete(_ uploadID: UUID) async throws {
        try await ImportFileModel.query(on: db).filter(\.$organisationID == organisationID)
            .filter(\.$uploadID == uploadID).delete()
    }
}

extension Tenant {
    public var importUploads: ImportUploads { ImportUploads(db: db, organisationID: organisationID) }
    public var importer: DealImporter { DealImporter(db: db, organisationID: organisationID) }
}
