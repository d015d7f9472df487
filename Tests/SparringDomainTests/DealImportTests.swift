import Foundation
import SparringDomain
import Testing

@Suite struct DealImportTests {
    let oslo = TimeZone(identifier: "Europe/Oslo")!

    /// Reads a whole export and maps it: the header, the mapping and each row's result.
    func load(_ bytes: [UInt8], source: ImportSource) -> (ColumnMapping, [(ImportedDeal?, [ImportProblem])]) {
        var reader = CSVReader()
        let records = reader.feed(bytes) + reader.finish()
        let header = records[0].fields
        let mapping = ColumnMapping.detect(source: source, header: header)
        let rows = DealRowReader(mapping: mapping, header: header, timeZone: oslo)
        return (mapping, records.dropFirst().map { rows.read($0) })
    }

    func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    func windows1252(_ text: String) -> [UInt8] {
        text.unicodeScalars.map { scalar in
            switch scalar.value {
            case 0x20AC: 0x80
            case 0...0xFF: UInt8(scalar.value)
            default: UInt8(ascii: "?")
            }
        }
    }

    @Test func aSalesforceReportReSavedByExcelInANorwegianLocale() throws {
        let file = """
            Opportunity Owner;Account Name;Opportunity Name;Stage;Amount;Close Date;Opportunity ID;Created Date;Next Step\r
            Kari Nordmann;Ærlig Økonomi AS;Lisenser 2027;Proposal/Price Quote;1 234 567,50;31.12.2026;0065g00000AbCdE;15.09.2026;Møte med CFO\r

            """
        let (mapping, rows) = load(windows1252(file), source: .salesforceReport)
        #expect(mapping.missing.isEmpty)
        let deal = try #require(rows.first?.0)
        #expect(rows.first?.1 == [])
        #expect(deal.externalID == "0065g00000AbCdE" && deal.title == "Lisenser 2027")
        #expect(deal.customer == "Ærlig Økonomi AS" && deal.owner == "Kari Nordmann")
        #expect(deal.stage == "Proposal/Price Quote" && deal.nextStep == "Møte med CFO")
        #expect(deal.amount == ImportValues.Amount(minorUnits: 123_456_750, currency: nil))
        #expect(deal.closeDate == date("2026-12-30T23:00:00Z") && deal.createdDate == date("2026-09-14T22:00:00Z"))
        #expect(deal.row == 2)
    }

    @Test func aHubSpotExportWithItsStageHistoryColumns() throws {
        let file = #"""
            Record ID,Deal Name,Deal Stage,Pipeline,Amount,Close Date,Deal owner,Create Date,Associated Company (Primary),"Date entered ""Appointment Scheduled (Sales Pipeline)""","Date entered ""Contract Sent (Sales Pipeline)"""
            9876543210,Fjordkraft utvidelse,Contract Sent,Sales Pipeline,250000,2026-12-15 00:00,Ola Hansen,2026-09-01 10:15,Fjordkraft,2026-09-01 10:15,2026-10-20 09:00

            """#
        let (mapping, rows) = load(Array(file.utf8), source: .hubspot)
        #expect(mapping.missing.isEmpty)
        #expect(mapping.stageEntries.map(\.stage) == ["Appointment Scheduled", "Contract Sent"])
        #expect(mapping.stageEntries.map(\.pipeline) == ["Sales Pipeline", "Sales Pipeline"])
        let deal = try #require(rows.first?.0)
        #expect(deal.externalID == "9876543210" && deal.customer == "Fjordkraft" && deal.pipeline == "Sales Pipeline")
        #expect(deal.amount?.minorUnits == 25_000_000)
        #expect(deal.stageEntries.map(\.stage) == ["Appointment Scheduled", "Contract Sent"])
        #expect(deal.stageEntries.last?.enteredAt == date("2026-10-20T07:00:00Z"))
    }

    @Test func aPipedriveExportWithStatusAndLostReason() throws {
        let file = """
            Deal - ID,Deal - Title,Deal - Value,Deal - Currency,Deal - Stage,Deal - Pipeline,Deal - Owner,Deal - Organization,Deal - Expected close date,Deal - Status,Deal - Lost reason
            412,Skyløsning Bergen,"48,500.00",EUR,Negotiations Started,Default pipeline,Ida Berg,Bergen Havn AS,2026-11-30,lost,Chose a competitor

            """
        let (mapping, rows) = load(Array(file.utf8), source: .pipedrive)
        #expect(mapping.missing.isEmpty)
        let deal = try #require(rows.first?.0)
        #expect(deal.amount == ImportValues.Amount(minorUnits: 4_850_000, currency: "EUR"))
        #expect(deal.status == .lost && deal.closeReason == "Chose a competitor")
        #expect(deal.customer == "Bergen Havn AS" && deal.owner == "Ida Berg")
    }

    @Test func aSalesforceDataExportOpportunityFile() throws {
        let file = """
            "Id","AccountId","Name","StageName","Amount","CloseDate","OwnerId","IsClosed","IsWon","CurrencyIsoCode","CreatedDate"
            "0061x000001","0011x000009","Rammeavtale","Closed Lost","1000.00","2026-03-01","0051x0000004","true","false","EUR","2025-11-03T09:12:44.000Z"
            "0061x000002","0011x000009","Utvidelse","Negotiation/Review","","2026-09-01","0051x0000004","false","false","NOK","2026-01-10T12:00:00.000Z"

            """
        let (mapping, rows) = load(Array(file.utf8), source: .salesforce)
        #expect(mapping.missing.isEmpty)
        let lost = try #require(rows[0].0), open = try #require(rows[1].0)
        #expect(lost.status == .lost && lost.amount == ImportValues.Amount(minorUnits: 100_000, currency: "EUR"))
        #expect(lost.customer == "0011x000009" && lost.owner == "0051x0000004")
        #expect(lost.createdDate == date("2025-11-03T09:12:44Z"))
        #expect(open.status == .open && open.amount == nil)
    }

    @Test func everyBadValueIsNamedWithRowColumnAndValue() {
        let file = """
            externalID;title;stage;amount;closeDate;status
            A-1;Første;Tilbud;tolv;32.13.2026;open
            A-2;;Tilbud;100;01.01.2027;maybe

            """
        let (mapping, rows) = load(Array(file.utf8), source: .csv)
        #expect(mapping.missing.isEmpty, "Sparring's own column names need no mapping")
        // Each row still comes back as far as it could be read, so its stage and owner are checked too.
        #expect(rows[0].0?.externalID == "A-1" && rows[0].0?.amount == nil && rows[1].0?.stage == "Tilbud")
        #expect(
            rows[0].1 == [
                ImportProblem(row: 2, column: "amount", value: "tolv", message: .importBadAmount),
                ImportProblem(row: 2, column: "closeDate", value: "32.13.2026", message: .importBadDate),
            ])
        #expect(
            rows[1].1 == [
                ImportProblem(row: 3, column: "title", value: "", message: .importMissingValue),
                ImportProblem(row: 3, column: "status", value: "maybe", message: .importBadStatus),
            ])
    }

    @Test func missingRequiredColumnsAreReportedBeforeAnyRow() {
        let mapping = ColumnMapping.detect(source: .pipedrive, header: ["Deal - Title", "Deal - Value"])
        #expect(mapping.missing == [.stage])
        // Without an id column the deals are recognised by what the file has of name, customer, created.
        #expect(mapping.derivedKeyColumns == [.title])
        #expect(
            ColumnMapping.detect(source: .pipedrive, header: ["Deal - ID", "Deal - Title"]).derivedKeyColumns == nil)
    }
}
