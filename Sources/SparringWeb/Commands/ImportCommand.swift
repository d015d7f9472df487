import Fluent
import Foundation
import SparringDomain
import SparringStorage
import Vapor

/// `sparring import SOURCE PATH [--org SLUG] [--dry-run] [--json] …`: imports a CRM export. Exits
/// non-zero, with every problem listed, when anything in the file is wrong; nothing is saved then.
struct ImportCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "source", help: "salesforce, salesforce-report, hubspot, pipedrive or csv.")
        var source: String
        @Argument(name: "path", help: "The export file; for salesforce, the data export folder (or its .zip).")
        var path: String
        @Option(
            name: "org",
            help: "Organisation (its slug, e.g. nordlys-systemer-as, or id); needed when there are several.")
        var org: String?
        @Flag(name: "dry-run", help: "Check everything and report, but save nothing.")
        var dryRun: Bool
        @Flag(name: "json", help: "Print the report as JSON.")
        var json: Bool
        @Flag(name: "create-stages", help: "Create stages the organisation does not have yet.")
        var createStages: Bool
        @Option(name: "default-owner", help: "E-mail of the person who gets deals whose owner is unknown.")
        var defaultOwner: String?
        @Option(name: "team", help: "Team (name) for deals whose owner is in no team.")
        var team: String?
    }

    var help: String { "Imports deals from a Salesforce, HubSpot, Pipedrive or CSV export." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let app = context.application
        try await app.sparringConfig.database.prepare(app.db)
        try await app.autoMigrate()
        let report: ImportReport
        do {
            report = try await AdminTasks.importDeals(
                db: app.db, source: signature.source, path: signature.path, organisation: signature.org,
                dryRun: signature.dryRun, createStages: signature.createStages, defaultOwner: signature.defaultOwner,
                team: signature.team, now: app.now)
        } catch let error as AdminTasks.TaskError {
            context.console.error(error.description)
            throw ExitStatus(code: 2)
        } catch let error as AppError {
            // The file cannot be read at all (empty, not text, too wide): one sentence, exit 2 as for a
            // wrong argument; problems in its rows are the report's, exit 1.
            context.console.error("sparring: " + error.commandLineText(Localizer(.commandLine)))
            throw ExitStatus(code: 2)
        }
        // In the terminal's language, as its errors are (`LANG`), the report and its JSON alike.
        if signature.json {
            let data = try JSONEncoder.sorted.encode(ImportReportDTO(report, locale: .commandLine))
            context.console.print(String(decoding: data, as: UTF8.self))
        } else {
            context.console.print(ImportReportDTO.text(report, dryRun: signature.dryRun, Localizer(.commandLine)))
        }
        if report.problemCount > 0 { throw ExitStatus(code: 1) }
    }
}

/// Ends the process with a status after the command printed why.
struct ExitStatus: Error {
    var code: Int32
}

extension JSONEncoder {
    static var sorted: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

extension AdminTasks {
    /// Resolves the command's names (organisation, source, owner, team) and runs the import.
    public static func importDeals(
        db: any Database, source rawSource: String, path: String, organisation: String?, dryRun: Bool,
        createStages: Bool, defaultOwner: String?, team: String?, now: Date
    ) async throws -> ImportReport {
        let sources: [String: ImportSource] = [
            "salesforce": .salesforce, "salesforce-report": .salesforceReport, "salesforcereport": .salesforceReport,
            "hubspot": .hubspot, "pipedrive": .pipedrive, "csv": .csv,
        ]
        guard let source = sources[rawSource.lowercased()] else {
            throw TaskError(description: "SOURCE: use one of salesforce, salesforce-report, hubspot, pipedrive, csv")
        }
        let organisationID = try await resolveOrganisation(organisation, db: db)
        let found = try await OrganisationStore(db: db).find(organisationID)
        let tenant = Tenant(db: db, organisationID: organisationID)
        var ownerID: UUID?
        if let defaultOwner {
            ownerID = try await tenant.users.ids(emails: [defaultOwner.lowercased()])[defaultOwner.lowercased()]
            if ownerID == nil {
                throw TaskError(description: "--default-owner: no person has the address '\(defaultOwner)'")
            }
        }
        var teamID: UUID?
        if let team {
            teamID = try await tenant.teams.names().first { $0.name.lowercased() == team.lowercased() }?.id
            if teamID == nil { throw TaskError(description: "--team: no team is called '\(team)'") }
        }
        var url = URL(fileURLWithPath: path)
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: url.path, isDirectory: &isFolder) else {
            throw TaskError(description: "PATH: '\(path)' does not exist")
        }
        var unzipped: URL?
        defer { if let unzipped { try? FileManager.default.removeItem(at: unzipped) } }
        if source == .salesforce, url.pathExtension.lowercased() == "zip" {
            unzipped = try unzip(url)
            url = unzipped!
            isFolder = true
        }
        let input: ImportInput
        if source == .salesforce && isFolder.boolValue {
            do { input = try ImportInput.salesforceFolder(url) } catch {
                throw TaskError(description: "PATH: the folder has no Opportunity.csv")
            }
        } else {
            input = ImportInput(deals: url)
        }
        let options = ImportOptions(
            source: source, dryRun: dryRun, createUnknownStages: createStages, defaultOwnerID: ownerID,
            defaultTeamID: teamID, importerID: nil, now: now,
            timeZone: TimeZone(identifier: found.timeZone) ?? .gmt)
        let report = try await DealImporter(db: db, organisationID: organisationID).run(input, options: options)
        return report
    }

    /// A Salesforce export zip, unpacked with the system's `unzip` into a temporary folder.
    static func unzip(_ zip: URL) throws -> URL {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "sparring-import-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["unzip", "-q", "-j", zip.path, "-d", folder.path]
        do { try process.run() } catch {
            throw TaskError(description: "PATH: cannot unpack the zip (is `unzip` installed?)")
        }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw TaskError(description: "PATH: the zip could not be unpacked")
        }
        return folder
    }
}
