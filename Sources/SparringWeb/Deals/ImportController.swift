import Foundation
import SparringDomain
import SparringStorage
import SparringViews
import Vapor

/// The web import: upload → columns and names → dry-run report → confirm. The upload is kept in the
/// database between the steps; every step re-runs the import (rolled back unless confirmed).
struct ImportController: RouteCollection {
    /// Uploads are read whole into the request; bigger exports go through `sparring import`.
    static let uploadLimit: ByteCount = "64mb"

    func boot(routes: any RoutesBuilder) throws {
        routes.get(.imports, use: start)
        routes.on(
            .POST, SiteRoute.importPreview.pathComponents, body: .collect(maxSize: Self.uploadLimit), use: preview)
        routes.post(.importRun, use: run)
    }

    private func teams(_ req: Request) async throws -> [(id: UUID, name: String)] {
        try await req.tenant().teams.names().map { (id: $0.id, name: $0.name) }
    }

    func start(req: Request) async throws -> Response {
        try req.authorize(.importDeals)
        let model = ImportPage.Model(
            state: FormState(values: ["source": ImportSource.hubspot.rawValue]), teams: try await teams(req))
        return htmlResponse(ImportPage.View(model: model, context: try await req.pageContext()).render())
    }

    struct Upload: Content {
        var source: String?
        var team: String?
        var file: [File]?
    }

    /// The uploaded files (step 1), or the mapping form of an earlier upload (step 2 again).
    func preview(req: Request) async throws -> Response {
        let identity = try req.authorize(.importDeals)
        if req.headers.contentType?.type == "multipart" {
            let upload = try req.content.decode(Upload.self)
            var errors: [FieldError] = []
            let source = ImportSource(rawValue: upload.source ?? "")
            if source == nil { errors.append(FieldError("source", .errorChoice)) }
            let files = (upload.file ?? []).filter { $0.data.readableBytes > 0 }
            if files.isEmpty { errors.append(FieldError("file", .importNoFile)) }
            guard errors.isEmpty, let source else {
                let state = FormState(
                    values: ["source": upload.source ?? "", "team": upload.team ?? ""], errors: errors)
                let model = ImportPage.Model(state: state, teams: try await teams(req))
                return htmlResponse(
                    ImportPage.View(model: model, context: try await req.pageContext()).render(),
                    status: .unprocessableEntity)
            }
            let uploadID = try await req.tenant().importUploads.save(
                files: files.map { ($0.filename, Data(buffer: $0.data)) }, source: source, by: identity.user.id,
                at: req.now)
            let choices = Choices(uploadID: uploadID, teamID: UUID(uuidString: upload.team ?? ""))
            do {
                return try await runImport(req, choices, dryRun: true)
            } catch AppError.validation(let errors) where errors.contains(where: { $0.field == "file" }) {
                // A file that cannot be read as an export is said so on the upload form, and not kept.
                try await req.tenant().importUploads.delete(uploadID)
                let state = FormState(
                    values: ["source": upload.source ?? "", "team": upload.team ?? ""], errors: errors)
                let model = ImportPage.Model(state: state, teams: try await teams(req))
                return htmlResponse(
                    ImportPage.View(model: model, context: try await req.pageContext()).render(),
                    status: .unprocessableEntity)
            }
        }
        return try await runImport(req, try Choices(req), dryRun: true)
    }

    func run(req: Request) async throws -> Response {
        try req.authorize(.importDeals)
        return try await runImport(req, try Choices(req), dryRun: false)
    }

    /// What the mapping form says: columns, stage and owner mappings, team.
    struct Choices {
        var uploadID: UUID
        var teamID: UUID?
        var columns: [DealColumn: Int]?
        var stageChoices: [String: String] = [:]
        var ownerChoices: [String: String] = [:]

        init(uploadID: UUID, teamID: UUID?) {
            self.uploadID = uploadID
            self.teamID = teamID
        }

        init(_ req: Request) throws {
            let fields = try req.content.decode([String: String].self)
            guard let uploadID = UUID(uuidString: fields["uploadID"] ?? "") else {
                throw AppError.badRequest(.importExpired, field: "uploadID")
            }
            self.uploadID = uploadID
            teamID = UUID(uuidString: fields["team"] ?? "")
            var columns: [DealColumn: Int] = [:]
            for column in DealColumn.allCases {
                if let raw = fields["col." + column.rawValue], let index = Int(raw) { columns[column] = index }
            }
            self.columns = columns
            for (key, name) in fields where key.hasPrefix("stageName.") {
                stageChoices[name] = fields["stage." + key.dropFirst("stageName.".count)] ?? ""
            }
            for (key, name) in fields where key.hasPrefix("ownerName.") {
                ownerChoices[name] = fields["owner." + key.dropFirst("ownerName.".count)] ?? ""
            }
        }
    }

    private func runImport(_ req: Request, _ choices: Choices, dryRun: Bool) async throws -> Response {
        let identity = try req.signedIn()
        let tenant = try req.tenant()
        let (source, input, folder) = try await tenant.importUploads.materialise(choices.uploadID)
        defer { try? FileManager.default.removeItem(at: folder) }
        var options = ImportOptions(
            source: source, dryRun: dryRun, columns: choices.columns, defaultTeamID: choices.teamID,
            importerID: identity.user.id, now: req.now, timeZone: req.organisationTimeZone)
        options.createUnknownStages = false
        for (name, value) in choices.stageChoices {
            if value == "create" {
                options.createUnknownStages = true
            } else if let id = UUID(uuidString: value) {
                options.stageMap[name.lowercased()] = id
            }
        }
        for (name, value) in choices.ownerChoices {
            if value == "me" {
                options.ownerMap[name.lowercased()] = identity.user.id
            } else if let id = UUID(uuidString: value) {
                options.ownerMap[name.lowercased()] = id
            }
        }
        let report = try await tenant.importer.run(input, options: options)
        let done = !dryRun && report.problemCount == 0
        if done { try await tenant.importUploads.delete(choices.uploadID) }
        // A team id the form was tampered with finds nobody rather than failing the report.
        let people = (try? await req.people(inTeams: choices.teamID.map { [$0] } ?? [])) ?? []
        let model = ImportPreviewPage.Model(
            uploadID: choices.uploadID, source: source, teamID: choices.teamID, teams: try await teams(req),
            report: report,
            stages: StageDirectory(try await tenant.pipelines.all()), stageChoices: choices.stageChoices,
            ownerChoices: choices.ownerChoices, people: people, importerName: identity.user.name, done: done)
        return htmlResponse(
            ImportPreviewPage.View(model: model, context: try await req.pageContext()).render(),
            status: report.problemCount > 0 && !dryRun ? .unprocessableEntity : .ok)
    }
}
