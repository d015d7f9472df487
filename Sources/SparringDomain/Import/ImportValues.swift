import Foundation

/// Reading the numbers and dates that CRM exports contain, as users have them: Norwegian
/// (`1 234,50`, `31.12.2026`) and English (`1,234.50`, `12/31/2026`), with currency codes or symbols.
public enum ImportValues {
    public enum Problem: Error, Sendable, Equatable {
        case notAnAmount
        /// Above `Amount.maximumMinorUnits`.
        case amountTooLarge
        case notADate
    }

    /// An amount and the currency it names, if any.
    public struct Amount: Sendable, Equatable {
        /// Minor units (øre, cents): exact, no binary fractions.
        public var minorUnits: Int64
        public var currency: String?

        public init(minorUnits: Int64, currency: String?) {
            self.minorUnits = minorUnits
            self.currency = currency
        }

        /// The largest amount a deal may have: 10 000 000 000,00 in its currency (10^12 minor units).
        /// Chosen so that no sum Sparring makes can overflow a 64-bit integer (about 9.2 × 10^18 minor
        /// units): nine million deals at the maximum, weighted or converted at a rate up to 9, still fit.
        /// Far above any B2B deal in the currencies our users sell in; two deals at the former limit
        /// (Int64.max / 100 units) made the board's sums fail for the whole team.
        public static let maximumMinorUnits: Int64 = 1_000_000_000_000

        /// The problem with an amount of `minor` units that a form, the API or an import was given, if any.
        public static func problem(minorUnits minor: Int64) -> Problem? {
            minor.magnitude > UInt64(maximumMinorUnits) ? .amountTooLarge : nil
        }
    }

    static let symbols: [(String, String)] = [("kr", "NOK"), ("€", "EUR"), ("$", "USD"), ("£", "GBP")]
    /// Codes accepted in any letter case (`nok`); other codes must be written in capitals, as ISO 4217 does.
    static let knownCurrencies: Set<String> = [
        "NOK", "SEK", "DKK", "ISK", "EUR", "USD", "GBP", "CHF", "PLN", "CAD", "AUD", "JPY", "CNY",
    ]
    static let spaces: Set<Character> = [" ", "\u{00A0}", "\u{202F}", "\u{2009}", "'"]

    /// Reads an amount. Separators: when both `,` and `.` occur, the last one is the decimal mark;
    /// a lone separator followed by exactly three digits groups thousands (`1,234` and `1.234` are both
    /// 1234: amounts with three decimals do not occur in CRM exports, while both groupings do);
    /// otherwise a lone separator is the decimal mark (`1234,5`, `1234.50`).
    public static func amount(_ raw: String) throws(Problem) -> Amount {
        var text = raw.trimmed
        var negative = false
        if text.hasPrefix("(") && text.hasSuffix(")") {
            negative = true
            text = String(text.dropFirst().dropLast())
        }
        var currency: String?
        // A three-letter ISO code before or after the number.
        let letters = text.filter(\.isLetter)
        if letters.count == 3, letters.allSatisfy(\.isASCII),
            letters.allSatisfy(\.isUppercase) || knownCurrencies.contains(letters.uppercased()),
            text.hasPrefix(letters) || text.hasSuffix(letters)
        {
            currency = letters.uppercased()
            text = text.replacingOccurrences(of: letters, with: "")
        } else if !letters.isEmpty || text.contains(where: { $0 == "€" || $0 == "$" || $0 == "£" }) {
            // Symbols are matched without regard to case (`Kr`, `KR`); the rest of the text is digits.
            let lower = text.lowercased()
            for (symbol, code) in symbols where lower.contains(symbol) {
                currency = code
                text = lower.replacing(symbol, with: "")
                break
            }
        }
        text.removeAll { spaces.contains($0) || $0.isWhitespace }
        if let first = text.first, first == "-" || first == "−" {
            negative.toggle()
            text.removeFirst()
        }
        guard !text.isEmpty, text.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "," || $0 == ".") }),
            text.first?.isNumber == true
        else { throw .notAnAmount }

        let lastComma = text.lastIndex(of: ","), lastDot = text.lastIndex(of: ".")
        var decimalMark: Character?
        switch (lastComma, lastDot) {
        case (let comma?, let dot?): decimalMark = comma > dot ? "," : "."
        case (let comma?, nil): decimalMark = isGrouping(text, ",") ? nil : ","
        case (nil, let dot?): decimalMark = isGrouping(text, ".") ? nil : "."
        case (nil, nil): decimalMark = nil
        }
        let grouping: Character? =
            decimalMark == nil ? (lastComma != nil ? "," : ".") : (decimalMark == "," ? "." : ",")
        var whole = text, fraction = ""
        if let mark = decimalMark, let index = text.lastIndex(of: mark) {
            whole = String(text[..<index])
            fraction = String(text[text.index(after: index)...])
            // Up to four decimals (exchange-rate style exports); amounts are kept to the cent.
            guard !fraction.isEmpty, fraction.count <= 4, fraction.allSatisfy(\.isNumber) else { throw .notAnAmount }
        }
        if let grouping {
            // Groups after the first must have exactly three digits: "12,34,5" is not a number.
            let groups = whole.split(separator: grouping, omittingEmptySubsequences: false)
            guard groups.dropFirst().allSatisfy({ $0.count == 3 }), groups.first?.isEmpty == false else {
                throw .notAnAmount
            }
            whole = groups.joined()
        }
        guard whole.allSatisfy(\.isNumber) else { throw .notAnAmount }
        // Digits enough for the maximum, and no more: a longer number is too large, not unreadable.
        guard let units = Int64(whole), units <= Amount.maximumMinorUnits / 100 else { throw .amountTooLarge }
        // Minor units, rounded half away from zero at the second decimal.
        let padded = (fraction + "000").prefix(3)
        var cents = units * 100 + Int64(padded.prefix(2))!
        if padded.last! >= "5" { cents += 1 }
        if let problem = Amount.problem(minorUnits: cents) { throw problem }
        return Amount(minorUnits: negative ? -cents : cents, currency: currency)
    }

    /// A lone separator that appears more than once, or once followed by exactly three digits, groups thousands.
    private static func isGrouping(_ text: String, _ mark: Character) -> Bool {
        let parts = text.split(separator: mark, omittingEmptySubsequences: false)
        return parts.count > 2 || (parts.count == 2 && parts[1].count == 3)
    }

    /// Reads a date, with or without a time: ISO 8601 (`2026-12-31`, `2026-12-31T14:30:00Z`),
    /// Norwegian (`31.12.2026`, `31.12.26`, `31.12.2026 14:30`) and US (`12/31/2026`, `12/31/2026 2:30 PM`).
    /// Slashes are read month first: Norwegian exports write dates with dots, so a slashed date comes from
    /// a US-formatted Salesforce or HubSpot export. Dates without a time zone are in `timeZone`.
    public static func date(_ raw: String, timeZone: TimeZone) throws(Problem) -> Date {
        let text = raw.trimmed
        // A time zone at the end (`Z`, `+01:00`, `+0100`) makes the time an instant of its own.
        var zoneOffset: Int?
        var body = Substring(text)
        if body.hasSuffix("Z") {
            zoneOffset = 0
            body = body.dropLast()
        } else if let sign = body.lastIndex(where: { $0 == "+" || $0 == "-" }),
            body.contains(where: { $0 == "T" || $0 == ":" }),
            body.distance(from: body.startIndex, to: sign) >= 16
        {
            let zone = body[body.index(after: sign)...].filter { $0 != ":" }
            guard zone.count == 4, let hours = Int(zone.prefix(2)), let minutes = Int(zone.suffix(2)) else {
                throw .notADate
            }
            zoneOffset = (body[sign] == "-" ? -1 : 1) * (hours * 3600 + minutes * 60)
            body = body[..<sign]
        }
        let parts = body.split(whereSeparator: { $0 == " " || $0 == "T" })
        guard let datePart = parts.first else { throw .notADate }
        var year = 0, month = 0, day = 0
        func numbers(_ separator: Character) -> [Int] { datePart.split(separator: separator).compactMap { Int($0) } }
        // Characters, not strings: Foundation's string search was a twentieth of an import's time.
        func has(_ separator: Character) -> Bool { datePart.contains(where: { $0 == separator }) }
        if has("-") {
            let fields = numbers("-")
            guard fields.count == 3 else { throw .notADate }
            (year, month, day) = (fields[0], fields[1], fields[2])
        } else if has(".") {
            let fields = numbers(".")
            guard fields.count == 3 else { throw .notADate }
            (day, month, year) = (fields[0], fields[1], fields[2])
        } else if has("/") {
            let fields = numbers("/")
            guard fields.count == 3 else { throw .notADate }
            (month, day, year) = (fields[0], fields[1], fields[2])
        } else {
            throw .notADate
        }
        if year < 100 { year += 2000 }
        var hour = 0, minute = 0, second = 0
        if parts.count > 1 {
            // Seconds may carry a fraction (`08:00:00.000`); it is dropped.
            let clock = parts[1].split(separator: ":").map { $0.split(separator: ".").first.flatMap { Int($0) } }
            guard (2...3).contains(clock.count), !clock.contains(where: { $0 == nil }) else { throw .notADate }
            hour = clock[0]!
            minute = clock[1]!
            second = clock.count == 3 ? clock[2]! : 0
            if parts.count > 2 {
                switch parts[2].uppercased() {
                case "PM" where hour < 12: hour += 12
                case "AM" where hour == 12: hour = 0
                case "AM", "PM": break
                default: throw .notADate
                }
            }
        }
        // Reject impossible dates (31.02) instead of letting them roll over.
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...CivilTime.daysInMonth(year: year, month: month)).contains(day), (0...23).contains(hour),
            (0...59).contains(minute), (0...60).contains(second)
        else { throw .notADate }
        if let zoneOffset {
            let seconds =
                CivilTime.daysFromCivil(year: year, month: month, day: day) * 86_400 + hour * 3600
                + minute * 60 + second - zoneOffset
            return Date(timeIntervalSince1970: Double(seconds))
        }
        return CivilTime.instant(
            year: year, month: month, day: day, hour: hour, minute: minute, second: second, timeZone: timeZone)
    }
}
