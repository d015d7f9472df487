import Foundation
import SparringDomain
import Vapor

/// The import report as the CLI's `--json` and the API print it.
struct ImportReportDTO: Content {
    struct Problem: Content {
        var row: Int
        var column: String
        var value: String
        var message: String
    }

    var dryRun: Bool?
    var rows: Int
    var created: Int
    var updated: Int
    var unchanged: Int
    var stageChanges: Int
    var customers: Int
    var stagesCreated: Int
    var problemCount: Int
    var problems: [Problem]
    var unknownStages: [String]
    var unknownOwners: [String]
    var derivedKey: [String]
    /// What `derivedKey` means, in the reader's language (absent with an id column).
    var derivedKeyNote: String?

    init(_ report: ImportReport, locale: AppLocale, dryRun: Bool? = nil) {
        let t = Localizer(locale)
        self.dryRun = dryRun
        rows = report.rows
        created = report.created
        updated = report.updated
        unchanged = report.unchanged
        stageChanges = report.stageChanges
        customers = report.customers
        stagesCreated = report.stagesCreated
        problemCount = report.problemCount
        problems = report.problems.map {
            Problem(row: $0.row, column: $0.column, value: $0.value, message: t($0.message))
        }
        unknownStages = report.unknownStages
        unknownOwners = report.unknownOwners
        derivedKey = report.derivedKey
        derivedKeyNote = report.derivedKeyNote(t)
    }

    func text(dryRun: Bool) -> String {
        var lines = [
            (dryRun ? "Dry run, nothing saved: " : (problemCount > 0 ? "Nothing imported: " : "Imported: "))
                + "\(rows) rows, \(created) new deals, \(updated) updated, \(unchanged) unchanged, "
                + "\(stageChanges) stage changes, \(customers) new customers."
        ]
        if let derivedKeyNote { lines.append(derivedKeyNote) }
        if problemCount > 0 {
            lines.append("\(problemCount) problems:")
            for problem in problems {
                lines.append(
                    "  row \(problem.row), column \(problem.column), value '\(problem.value)': \(problem.message)")
            }
            if problemCount > problems.count { lines.append("  … and \(problemCount - problems.count) more") }
        }
        return lines.joined(separator: "\n")
    }
}
