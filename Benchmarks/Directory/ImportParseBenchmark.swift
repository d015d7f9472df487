import Foundation
import SparringDomain
import SparringStorage

/// How fast an export is read before any database work: bytes → records → `ImportedDeal`s.
enum ImportParseBenchmark {
    static func run(path: String) async throws {
        let url = URL(fileURLWithPath: path)
        var start = Date()
        var records = 0
        try await CSVFile.forEachRecord(url) { _ in records += 1 }
        let csvSeconds = Date().timeIntervalSince(start)
        start = Date()
        var reader: DealRowReader?
        var deals = 0, problems = 0
        try await CSVFile.forEachRecord(url) { record in
            guard let reader else {
                reader = DealRowReader(
                    mapping: ColumnMapping.detect(source: .csv, header: record.fields), header: record.fields,
                    timeZone: TimeZone(identifier: "Europe/Oslo")!)
                return
            }
            let (deal, found) = reader.read(record)
            if deal != nil { deals += 1 }
            problems += found.count
        }
        let rowSeconds = Date().timeIntervalSince(start)
        print(
            String(
                format:
                    "%d records: CSV alone %.2f s (%.0f rows/s); with DealRowReader %.2f s (%.0f rows/s), %d deals, %d problems",
                records, csvSeconds, Double(records) / csvSeconds, rowSeconds, Double(records) / rowSeconds, deals,
                problems))
    }
}
