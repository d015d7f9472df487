import Foundation

/// A deal's state.
public enum DealStatus: String, CaseIterable, Sendable, Codable {
    case open, won, lost, onHold
}

/// One problem in an import file, named so a person can find and fix it: row, column, value, reason.
public struct ImportProblem: Sendable, Equatable {
    public var row: Int
    public var column: String
    public var value: String
    public var message: L10nKey

    public init(row: Int, column: String, value: String, message: L10nKey) {
        self.row = row
        self.column = column
        self.value = value
        self.message = message
    }
}

/// A deal as one export row describes it, before stages, owners and customers are matched.
public struct ImportedDeal: Sendable, Equatable {
    public struct StageEntry: Sendable, Equatable {
        public var stage: String
        public var pipeline: String?
        public var enteredAt: Date

        public init(stage: String, pipeline: String?, enteredAt: Date) {
            self.stage = stage
            self.pipeline = pipeline
            self.enteredAt = enteredAt
        }
    }

    public var row: Int
    public var externalID: String
    public var title: String
    public var customer: String?
    public var owner: String?
    public var stage: String
    public var pipeline: String?
    public var amount: ImportValues.Amount?
    public var closeDate: Date?
    public var createdDate: Date?
    public var status: DealStatus?
    public var closeReason: String?
    public var nextStep: String?
    public var source: String?
    public var industry: String?
    /// Oldest first.
    public var stageEntries: [StageEntry]
}

/// Turns export rows into `ImportedDeal`s with a mapping, collecting every problem instead of stopping
/// at the first, so a dry run can list them all.
public struct DealRowReader: Sendable {
    public let mapping: ColumnMapping
    public let header: [String]
    public let timeZone: TimeZone

    public init(mapping: ColumnMapping, header: [String], timeZone: TimeZone) {
        self.mapping = mapping
        self.header = header
        self.timeZone = timeZone
    }

    /// The row as a deal, and its problems. A row with problems must not be imported, but its deal
    /// still comes back (what could be read of it), so the checks that need Sparring's data — its
    /// stage, its owner — report their problems in the same dry run; `nil` only when the file lacks a
    /// required column, which the header's problem already says.
    public func read(_ record: CSVReader.Record) -> (deal: ImportedDeal?, problems: [ImportProblem]) {
        var problems: [ImportProblem] = []
        // A required field without a column is the file's problem, reported once for the header; each
        // row then has nothing to say about it (it said "the cell is empty" of some other column).
        var unusable = false

        func text(_ column: DealColumn) -> String? {
            guard let index = mapping.columns[column], index < record.fields.count else { return nil }
            // Line breaks inside quoted fields arrive as the file wrote them (`\r\n` from Excel): keep `\n`.
            let field = record.fields[index]
            let value = (field.utf8.contains(13) ? field.replacingOccurrences(of: "\r\n", with: "\n") : field).trimmed
            return value.isEmpty ? nil : value
        }
        func problem(_ column: DealColumn, _ value: String, _ message: L10nKey) {
            // The file's name for the column; never another column's (an unmapped one fell back to the
            // first header, which made "the cell is empty" name a full column).
            let name = mapping.columns[column].flatMap { $0 < header.count ? header[$0] : nil }
            problems.append(
                ImportProblem(row: record.line, column: name ?? column.rawValue, value: value, message: message))
        }
        func required(_ column: DealColumn) -> String {
            guard mapping.columns[column] != nil else {
                unusable = true
                return ""
            }
            guard let value = text(column) else {
                problem(column, "", .importMissingValue)
                return ""
            }
            return value
        }
        func date(_ column: DealColumn) -> Date? {
            guard let value = text(column) else { return nil }
            do { return try ImportValues.date(value, timeZone: timeZone) } catch {
                problem(column, value, .importBadDate)
                return nil
            }
        }
        func flag(_ column: DealColumn) -> Bool? {
            guard let value = text(column)?.lowercased() else { return nil }
            switch value {
            case "true", "1", "yes", "ja", "sann": return true
            case "false", "0", "no", "nei", "usann": return false
            default:
                problem(column, value, .importBadFlag)
                return nil
            }
        }

        let title = required(.title), stage = required(.stage)
        let externalID: String
        if let keyColumns = mapping.derivedKeyColumns {
            externalID = Self.derivedKey(keyColumns.map { text($0) ?? "" })
        } else {
            externalID = required(.externalID)
        }
        var amount: ImportValues.Amount?
        if let value = text(.amount) {
            do {
                amount = try ImportValues.amount(value)
                // As the deal form: a negative amount lowered the team's pipeline (−40,000 was taken).
                if let parsed = amount, parsed.minorUnits < 0 {
                    problem(.amount, value, .importNegativeAmount)
                    amount = nil
                }
            } catch {
                problem(.amount, value, error == .amountTooLarge ? .errorAmountTooLarge : .importBadAmount)
            }
        }
        if let currency = text(.currency) {
            if currency.count == 3, currency.allSatisfy({ $0.isASCII && $0.isLetter }) {
                amount?.currency = currency.uppercased()
            } else {
                problem(.currency, currency, .importBadCurrency)
            }
        }
        var status: DealStatus?
        if let value = text(.status) {
            switch value.lowercased().replacingOccurrences(of: " ", with: "") {
            case "open", "åpen": status = .open
            case "won", "vunnet", "closedwon": status = .won
            case "lost", "tapt", "closedlost": status = .lost
            case "onhold", "påvent", "paused": status = .onHold
            default: problem(.status, value, .importBadStatus)
            }
        } else if let closed = flag(.isClosed) {
            let won = flag(.isWon) ?? false
            status = closed ? (won ? .won : .lost) : .open
        }
        var entries: [ImportedDeal.StageEntry] = []
        for column in mapping.stageEntries where column.index < record.fields.count {
            let value = record.fields[column.index].trimmed
            guard !value.isEmpty else { continue }
            do {
                entries.append(
                    .init(
                        stage: column.stage, pipeline: column.pipeline,
                        enteredAt: try ImportValues.date(value, timeZone: timeZone)))
            } catch {
                problems.append(
                    ImportProblem(
                        row: record.line, column: header[column.index], value: value,
                        message: .importBadDate))
            }
        }
        let deal = ImportedDeal(
            row: record.line, externalID: externalID, title: title, customer: text(.customer), owner: text(.owner),
            stage: stage, pipeline: text(.pipeline), amount: amount, closeDate: date(.closeDate),
            createdDate: date(.createdDate), status: status, closeReason: text(.closeReason),
            nextStep: text(.nextStep), source: text(.source), industry: text(.industry),
            stageEntries: entries.sorted { $0.enteredAt < $1.enteredAt })
        return (unusable ? nil : deal, problems)
    }

    /// A stable key for a row of a file without an id column: the values of its key columns, case
    /// and spacing ignored, hashed (FNV-1a, 64 bits: the same text gives the same key in every
    /// version and on every machine, unlike Swift's seeded `Hasher`).
    public static func derivedKey(_ values: [String]) -> String {
        let text = values.map { $0.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ") }
            .joined(separator: "\u{1F}")
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        let hex = String(hash, radix: 16)
        return "key:" + String(repeating: "0", count: 16 - hex.count) + hex
    }
}
