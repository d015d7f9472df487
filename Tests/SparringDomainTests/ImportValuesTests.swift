import Foundation
import SparringDomain
import Testing

@Suite struct ImportAmountTests {
    @Test(arguments: [
        ("1 234,50", 123_450), ("1\u{00A0}234\u{00A0}567,50", 123_456_750), ("1,234.50", 123_450),
        ("1.234,50", 123_450), ("1234,5", 123_450), ("1234.50", 123_450), ("1234", 123_400),
        ("1,234", 123_400), ("1.234", 123_400), ("1,234,567", 123_456_700), ("0,99", 99), ("12.3456", 1_235),
        ("-1 000", -100_000), ("−250,00", -25_000), ("(1,000.00)", -100_000), ("1'234.50", 123_450),
    ])
    func numbersAsNorwegianAndEnglishExportsWriteThem(text: String, minorUnits: Int64) throws {
        #expect(try ImportValues.amount(text).minorUnits == minorUnits)
    }

    @Test func currencyCodesAndSymbolsAreRecognised() throws {
        #expect(try ImportValues.amount("kr 1 234,50") == .init(minorUnits: 123_450, currency: "NOK"))
        #expect(try ImportValues.amount("1 234,50 kr") == .init(minorUnits: 123_450, currency: "NOK"))
        #expect(try ImportValues.amount("NOK 1,234.50") == .init(minorUnits: 123_450, currency: "NOK"))
        #expect(try ImportValues.amount("1.234,50 EUR") == .init(minorUnits: 123_450, currency: "EUR"))
        #expect(try ImportValues.amount("$1,234.50") == .init(minorUnits: 123_450, currency: "USD"))
        #expect(try ImportValues.amount("€ 99") == .init(minorUnits: 9_900, currency: "EUR"))
        #expect(try ImportValues.amount("500") == .init(minorUnits: 50_000, currency: nil))
        #expect(try ImportValues.amount("500 sek") == .init(minorUnits: 50_000, currency: "SEK"))
        #expect(try ImportValues.amount("500 XAU") == .init(minorUnits: 50_000, currency: "XAU"))
    }

    @Test func amountsUpToTheMaximumAreReadAndLargerOnesAreSaidToBeTooLarge() throws {
        #expect(try ImportValues.amount("10 000 000 000,00").minorUnits == ImportValues.Amount.maximumMinorUnits)
        #expect(try ImportValues.amount("-10 000 000 000").minorUnits == -ImportValues.Amount.maximumMinorUnits)
        for text in ["10 000 000 000,01", "92 233 720 368 547 757", "123456789012345678901234567890", "1e30"] {
            #expect(throws: (text == "1e30" ? ImportValues.Problem.notAnAmount : .amountTooLarge)) {
                try ImportValues.amount(text)
            }
        }
    }

    @Test(arguments: ["", "abc", "12,34,5", "1.2.3,4,5", "--5", "1 234,5678 9", "12abc", "1,23456", ",5", "NOKK 5"])
    func nonsenseIsRefused(text: String) {
        #expect(throws: ImportValues.Problem.notAnAmount) { try ImportValues.amount(text) }
    }
}

@Suite struct ImportDateTests {
    let oslo = TimeZone(identifier: "Europe/Oslo")!

    func iso(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }

    @Test(arguments: [
        ("2026-12-31", "2026-12-30T23:00:00Z"), ("31.12.2026", "2026-12-30T23:00:00Z"),
        ("31.12.26", "2026-12-30T23:00:00Z"), ("12/31/2026", "2026-12-30T23:00:00Z"),
        ("31.12.2026 14:30", "2026-12-31T13:30:00Z"), ("12/31/2026 2:30 PM", "2026-12-31T13:30:00Z"),
        ("12/31/2026 12:05 AM", "2026-12-30T23:05:00Z"), ("2026-06-15 08:00:00", "2026-06-15T06:00:00Z"),
        ("2026-12-31T14:30:00Z", "2026-12-31T14:30:00Z"), ("2026-12-31T14:30:00.250+01:00", "2026-12-31T13:30:00Z"),
    ])
    func datesAsExportsWriteThem(text: String, expected: String) throws {
        let date = try ImportValues.date(text, timeZone: oslo)
        #expect(abs(date.timeIntervalSince(iso(expected))) < 1)
    }

    @Test(arguments: [
        "", "yesterday", "31.02.2026", "2026-13-01", "32.01.2026", "12/31", "31.12.2026 25:00", "1.1.2026 10:00 XM",
    ])
    func impossibleDatesAreRefused(text: String) {
        #expect(throws: ImportValues.Problem.notADate) { try ImportValues.date(text, timeZone: oslo) }
    }
}
