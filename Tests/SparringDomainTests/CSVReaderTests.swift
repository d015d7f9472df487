import Foundation
import SparringDomain
import Testing

@Suite struct CSVReaderTests {
    /// Reads `bytes` fed in chunks of `chunk` bytes, as a file would arrive.
    func read(_ bytes: [UInt8], chunk: Int, delimiter: Character? = nil) -> (CSVReader, [CSVReader.Record]) {
        var reader = CSVReader(delimiter: delimiter)
        var records: [CSVReader.Record] = []
        var start = 0
        while start < bytes.count {
            records += reader.feed(bytes[start..<min(start + chunk, bytes.count)])
            start += chunk
        }
        records += reader.finish()
        return (reader, records)
    }

    @Test(arguments: [1, 2, 3, 7, 4096])
    func quotedFieldsWithLineBreaksAndDoubledQuotesWhateverTheChunkSize(chunk: Int) {
        let text =
            "\u{FEFF}Name;Amount;Note\r\n\"Fjord AS\";\"1 234,50\";\"Sa \"\"ja\"\"\r\nmen ikke nå\"\r\nBerg & Sønn;99;\r\n"
        let (reader, records) = read(Array(text.utf8), chunk: chunk)
        #expect(reader.delimiter == UInt8(ascii: ";"))
        #expect(reader.encoding == .utf8)
        #expect(
            records == [
                .init(line: 1, fields: ["Name", "Amount", "Note"]),
                .init(line: 2, fields: ["Fjord AS", "1 234,50", "Sa \"ja\"\r\nmen ikke nå"]),
                .init(line: 4, fields: ["Berg & Sønn", "99", ""]),
            ])
    }

    /// No CRM export has 2,000 columns; a file with more stops being read at the first such record,
    /// however it is fed and wherever the record is, and however long its first line.
    @Test(arguments: [7, 4096, 1 << 18])
    func aRecordWithMoreFieldsThanAnyExportHasStopsTheReader(chunk: Int) {
        let wide = Array(repeating: "x", count: CSVReader.maximumFields).joined(separator: ",")
        let (fine, records) = read(Array((wide + "\n" + wide + "\n").utf8), chunk: chunk)
        #expect(fine.tooManyFieldsAt == nil && records.count == 2 && records[1].fields.count == 2_000)

        let tooWide = wide + ",x"
        let (later, upTo) = read(Array(("a,b\n1,2\n" + tooWide + "\n3,4\n").utf8), chunk: chunk)
        #expect(later.tooManyFieldsAt == 3)
        #expect(upTo.count <= 2, "nothing after the wide record is read")

        // A million columns on one line, as the tester's 7.9 MB file.
        let huge = Array(String(repeating: "ab,", count: 1_000_000).utf8)
        let (refused, none) = read(huge, chunk: chunk == 7 ? 4096 : chunk)
        #expect(refused.tooManyFieldsAt == 1 && none.isEmpty)
    }

    @Test func excelsWindows1252IsReadAsSuch() {
        // "Kunde;Beløp\nÆrlig Økonomi;5 000 €\n" as Excel writes it in a Norwegian locale.
        var bytes = Array("Kunde;Bel".utf8) + [0xF8] + Array("p\n".utf8)
        bytes += [0xC6] + Array("rlig ".utf8) + [0xD8] + Array("konomi;5 000 ".utf8) + [0x80, 0x0A]
        let (reader, records) = read(bytes, chunk: 5)
        #expect(reader.encoding == .windows1252)
        #expect(records.map(\.fields) == [["Kunde", "Beløp"], ["Ærlig Økonomi", "5 000 €"]])
    }

    @Test func delimiterIsDetectedFromTheHeaderOutsideQuotes() {
        let comma = read(Array("\"a;b\",c,d\n1,2,3".utf8), chunk: 64)
        #expect(comma.0.delimiter == UInt8(ascii: ","))
        #expect(comma.1.map(\.fields) == [["a;b", "c", "d"], ["1", "2", "3"]])
        let tab = read(Array("a\tb\tc\nx\ty\tz\n".utf8), chunk: 3)
        #expect(tab.1.map(\.fields) == [["a", "b", "c"], ["x", "y", "z"]])
        let single = read(Array("only".utf8), chunk: 64)
        #expect(single.1.map(\.fields) == [["only"]])
    }

    @Test func blankLinesAreSkippedAndLinesCountedForProblemReports() {
        let (_, records) = read(Array("h1,h2\n\na,b\rc,d\n\"x\ny\",z".utf8), chunk: 4)
        #expect(records.map(\.line) == [1, 3, 4, 5])
        #expect(records.last?.fields == ["x\ny", "z"])
    }

    @Test func memoryDoesNotHoldRecordsAlreadyHandedBack() {
        // 100,000 records fed in 64 KiB chunks: each feed returns what it completed.
        var reader = CSVReader(delimiter: ",")
        let row = Array("Opportunity,Account,1234.50,2026-12-31\n".utf8)
        var chunk: [UInt8] = []
        var total = 0, largestBatch = 0
        for _ in 0..<100_000 {
            chunk += row
            if chunk.count >= 65_536 {
                let batch = reader.feed(chunk).count
                total += batch
                largestBatch = max(largestBatch, batch)
                chunk.removeAll(keepingCapacity: true)
            }
        }
        total += reader.feed(chunk).count + reader.finish().count
        #expect(total == 100_000)
        #expect(largestBatch <= 65_536 / row.count + 1)
    }
}
