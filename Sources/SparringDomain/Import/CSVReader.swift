import Foundation

/// Reads CSV as users' files are: UTF-8 with or without a byte-order mark, or Windows-1252 from Excel;
/// `,` `;` or tab between fields (detected from the header line); quoted fields with line breaks and
/// doubled quotes; `\r\n`, `\n` or `\r` line ends. It is fed chunks of bytes and hands back complete
/// records, so memory holds one chunk and one record, whatever the file's size.
public struct CSVReader: Sendable {
    public enum Encoding: Sendable, Equatable {
        case utf8
        case windows1252
    }

    /// A record and the line of the file it starts on (for problem reports: "row 1 204").
    public struct Record: Sendable, Equatable {
        public var line: Int
        public var fields: [String]

        public init(line: Int, fields: [String]) {
            self.line = line
            self.fields = fields
        }
    }

    private enum State: Sendable {
        case fieldStart, unquoted, quoted, quoteInQuoted
    }

    public private(set) var delimiter: UInt8?
    public private(set) var encoding: Encoding = .utf8

    /// More fields in one record than any real export has. Salesforce allows 800 custom fields on an
    /// object and HubSpot 1 000 custom properties, so an export of everything stays well below this; a
    /// file above it is not a CRM export, and reading it on would cost time and memory for nothing (a
    /// 7.9 MB file of a million columns took 30 s and 400 MB).
    public static let maximumFields = 2_000

    /// Set when a record had more than `maximumFields` fields: the line it started on. The reader then
    /// reads nothing more.
    public private(set) var tooManyFieldsAt: Int?

    /// Set by `finish()` when the file ended inside a quoted field: the line the quote opened on. Every
    /// line after it was read as that one field (a header with a stray `"` read as a file of no rows).
    public private(set) var unclosedQuoteAt: Int?
    private var quoteLine = 1

    /// A first line longer than this without a line break decides the delimiter from what it has.
    static let detectionLimit = 1 << 20

    private var state = State.fieldStart
    private var field: [UInt8] = []
    private var fields: [String] = []
    private var line = 1
    private var recordLine = 1
    private var pendingCR = false
    private var sawBOMCheck = false
    /// Bytes held back until the header line shows which delimiter the file uses.
    private var undetected: [UInt8] = []
    private var detection = (scanned: 0, quoted: false, complete: false, counts: [UInt8: Int]())

    /// - Parameter delimiter: `,`, `;` or tab; `nil` detects it from the first line.
    public init(delimiter: Character? = nil) {
        self.delimiter = delimiter?.asciiValue
    }

    /// Feeds the next chunk and returns the records it completed.
    public mutating func feed(_ bytes: some Collection<UInt8>) -> [Record] {
        var input = Array(bytes)
        if !sawBOMCheck {
            undetected += input
            input = []
            guard undetected.count >= 3 else { return [] }  // a byte-order mark may span chunks
            sawBOMCheck = true
            if undetected.starts(with: [0xEF, 0xBB, 0xBF]) { undetected.removeFirst(3) }
            input = undetected
            undetected = []
        }
        if tooManyFieldsAt != nil { return [] }
        if delimiter == nil {
            undetected += input
            guard let detected = detectDelimiter(final: undetected.count > Self.detectionLimit)
            else { return [] }
            delimiter = detected
            input = undetected
            undetected = []
        }
        var records: [Record] = []
        for byte in input {
            consume(byte, into: &records)
            if tooManyFieldsAt != nil { return [] }
        }
        return records
    }

    /// Ends the input and returns the last record, if the file did not end with a line break.
    public mutating func finish() -> [Record] {
        if tooManyFieldsAt != nil { return [] }
        var records: [Record] = []
        if !sawBOMCheck || delimiter == nil {
            if !sawBOMCheck, undetected.starts(with: [0xEF, 0xBB, 0xBF]) { undetected.removeFirst(3) }
            sawBOMCheck = true
            delimiter = delimiter ?? detectDelimiter(final: true)
            let rest = undetected
            undetected = []
            for byte in rest {
                consume(byte, into: &records)
                if tooManyFieldsAt != nil { return [] }
            }
        }
        if state == .quoted { unclosedQuoteAt = quoteLine }
        if state != .fieldStart || !field.isEmpty || !fields.isEmpty {
            endRecord(into: &records)
        }
        return records
    }

    private mutating func consume(_ byte: UInt8, into records: inout [Record]) {
        let quote: UInt8 = 34, lf: UInt8 = 10, cr: UInt8 = 13
        if pendingCR {
            pendingCR = false
            if byte == lf { return }  // the second half of \r\n
        }
        switch state {
        case .fieldStart:
            if byte == quote {
                state = .quoted
                quoteLine = line
            } else if byte == delimiter {
                endField()
            } else if byte == lf || byte == cr {
                pendingCR = byte == cr
                line += 1
                if fields.isEmpty && field.isEmpty {
                    recordLine = line  // a blank line is no record
                } else {
                    endRecord(into: &records)
                }
            } else {
                field.append(byte)
                state = .unquoted
            }
        case .unquoted:
            if !endsFieldOrRecord(byte, into: &records) { field.append(byte) }
        case .quoted:
            if byte == quote {
                state = .quoteInQuoted
            } else {
                if byte == lf { line += 1 }
                field.append(byte)
            }
        case .quoteInQuoted:
            if byte == quote {
                field.append(quote)  // "" inside quotes is one quote
                state = .quoted
            } else if !endsFieldOrRecord(byte, into: &records) {
                // Text after a closing quote ("abc"def): kept, as spreadsheets do.
                field.append(byte)
                state = .unquoted
            }
        }
    }

    /// Ends the field at a delimiter, or the record at a line end; false for any other byte.
    private mutating func endsFieldOrRecord(_ byte: UInt8, into records: inout [Record]) -> Bool {
        if byte == delimiter {
            endField()
            state = .fieldStart
            return true
        }
        guard byte == 10 || byte == 13 else { return false }
        pendingCR = byte == 13
        line += 1
        endRecord(into: &records)
        return true
    }

    private mutating func endField() {
        guard fields.count < Self.maximumFields else {
            tooManyFieldsAt = recordLine
            fields = []
            field = []
            return
        }
        fields.append(decode(field))
        field.removeAll(keepingCapacity: true)
    }

    private mutating func endRecord(into records: inout [Record]) {
        endField()
        if tooManyFieldsAt != nil { return }
        records.append(Record(line: recordLine, fields: fields))
        fields.removeAll(keepingCapacity: true)
        state = .fieldStart
        recordLine = line
    }

    /// UTF-8 while the bytes are valid UTF-8; from the first invalid field on, Windows-1252 (what Excel
    /// writes in a Norwegian locale). Everything before that field was ASCII or valid UTF-8 either way.
    private mutating func decode(_ bytes: [UInt8]) -> String {
        if encoding == .utf8 {
            if let text = String(validating: bytes, as: UTF8.self) { return text }
            encoding = .windows1252
        }
        return String(String.UnicodeScalarView(bytes.map(Self.windows1252Scalar)))
    }

    /// Windows-1252 differs from Latin-1 only in 0x80–0x9F.
    static func windows1252Scalar(_ byte: UInt8) -> Unicode.Scalar {
        let high: [UInt32] = [
            0x20AC, 0x81, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0x8D,
            0x017D, 0x8F, 0x90, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A,
            0x0153, 0x9D, 0x017E, 0x0178,
        ]
        if (0x80...0x9F).contains(byte) { return Unicode.Scalar(high[Int(byte - 0x80)])! }
        return Unicode.Scalar(byte)
    }

    /// The most frequent of `,` `;` tab outside quotes on the first line, once that line is complete.
    /// It scans only the bytes it has not seen, so a long first line fed in small chunks costs one pass.
    private mutating func detectDelimiter(final: Bool) -> UInt8? {
        while detection.scanned < undetected.count, !detection.complete {
            let byte = undetected[detection.scanned]
            detection.scanned += 1
            if byte == 34 { detection.quoted.toggle() }
            if !detection.quoted && (byte == 10 || byte == 13) {
                detection.complete = true
            } else if !detection.quoted, byte == 44 || byte == 59 || byte == 9 {
                detection.counts[byte, default: 0] += 1
            }
        }
        guard detection.complete || final else { return nil }
        // Ties go to the comma, then the semicolon: the order of how common they are in exports.
        let preference: [UInt8] = [44, 59, 9]
        let most = detection.counts.values.max() ?? 0
        return preference.first { detection.counts[$0] == most && most > 0 } ?? 44
    }
}
