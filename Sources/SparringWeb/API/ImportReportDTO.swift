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

    /// Problems of one kind (`ImportProblemGroup`): a message in a column, with the value every row
    /// has or a few examples, how many rows, and the first of them.
    struct ProblemGroup: Content {
        var message: String
        var column: String
        var value: String?
        var examples: [String]
        var count: Int
        var rows: [Int]
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
    var problemGroups: [ProblemGroup]
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
        problemGroups = report.problemGroups.map {
            ProblemGroup(
                message: t($0.message), column: $0.column, value: $0.value, examples: $0.examples, count: $0.count,
                rows: $0.rows)
        }
        unknownStages = report.unknownStages
        unknownOwners = report.unknownOwners
        derivedKey = report.derivedKey
        derivedKeyNote = report.derivedKeyNote(t)
    }

    /// The report for a terminal, in `t`'s language: what was (or would be) done, then one line per kind
    /// of problem with its rows. Figures without thousands separators, for scripts that read them.
    static func text(_ report: ImportReport, dryRun: Bool, _ t: Localizer) -> String {
        let rows = String(report.rows)
        var lines = [
            (dryRun
                ? t(.importCommandDryRun, ["rows": rows])
                : report.problemCount > 0
                    ? t(.importCommandRefused, ["rows": rows])
                    : t(.importCommandDone, ["rows": rows, "unchanged": String(report.unchanged)]))
                + " "
                + t(
                    .importCounts,
                    [
                        "created": String(report.created), "updated": String(report.updated),
                        "stageChanges": String(report.stageChanges), "customers": String(report.customers),
                    ])
        ]
        if let note = report.derivedKeyNote(t) { lines.append(note) }
        if report.problemCount > 0 {
            lines.append(t(.importProblemsTitle, ["count": String(report.problemCount)]))
            for group in report.problemGroups {
                let value = group.valueText(t)
                lines.append(
                    "  \(t(group.message)) \(t(.importColumn)) “\(group.column)”"
                        + (value.isEmpty ? "" : ", \(value)") + ": " + group.rowsText(t))
            }
        }
        return lines.joined(separator: "\n")
    }
}
