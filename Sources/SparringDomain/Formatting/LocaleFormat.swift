import Foundation

/// Numbers, money and dates as each language writes them: `1 234 567,50 kr` in bokmål,
/// `NOK 1,234,567.50` in English. Written out by hand rather than through Foundation's
/// locale data so the output is the same on every platform and ICU version.
public struct LocaleFormat: Sendable {
    public let locale: AppLocale
    public let timeZone: TimeZone

    /// U+00A0: Norwegian groups digits with a space that must not break a number over two lines.
    static let noBreakSpace = "\u{00A0}"

    public init(_ locale: AppLocale, timeZone: TimeZone = TimeZone(identifier: "Europe/Oslo") ?? .gmt) {
        self.locale = locale
        self.timeZone = timeZone
    }

    private var groupSeparator: String { locale == .nb ? Self.noBreakSpace : "," }
    private var decimalSeparator: String { locale == .nb ? "," : "." }

    /// An integer with thousands grouping: `1 234 567` / `1,234,567`.
    public func integer(_ value: Int64) -> String {
        let digits = String(value.magnitude)
        var groups: [Substring] = []
        var end = digits.endIndex
        while end > digits.startIndex {
            let start = digits.index(end, offsetBy: -3, limitedBy: digits.startIndex) ?? digits.startIndex
            groups.insert(digits[start..<end], at: 0)
            end = start
        }
        return (value < 0 ? "−" : "") + groups.joined(separator: groupSeparator)
    }

    public func integer(_ value: Int) -> String { integer(Int64(value)) }

    /// A decimal number with a fixed number of fraction digits, rounded half away from zero.
    public func decimal(_ value: Double, fractionDigits: Int = 2) -> String {
        let scale = pow(10.0, Double(fractionDigits))
        let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        return fixedPoint(units: Int64(value < 0 ? -scaled : scaled), fractionDigits: fractionDigits)
    }

    /// A share as a whole percentage: `86 %` in bokmål (Språkrådet: a space before the sign), `86%`.
    public func percent(_ fraction: Double) -> String {
        let whole = integer(Int((fraction * 100).rounded(.toNearestOrAwayFromZero)))
        return locale == .nb ? whole + Self.noBreakSpace + "%" : whole + "%"
    }

    /// Money from minor units (øre, cents): `1 234 567,50 kr` / `NOK 1,234,567.50`.
    public func money(minorUnits: Int64, currency: String) -> String {
        let code = currency.uppercased()
        let number = fixedPoint(units: minorUnits, fractionDigits: Self.fractionDigits(of: code))
        switch locale {
        case .nb:
            // Norwegian writes "kr" after the amount for kroner, and the ISO code after it otherwise.
            let symbol = code == "NOK" ? "kr" : code
            return number + Self.noBreakSpace + symbol
        case .en:
            return code + Self.noBreakSpace + number
        }
    }

    /// Currencies without minor units; everything else uses two decimals.
    static func fractionDigits(of currency: String) -> Int {
        ["JPY", "ISK", "KRW", "CLP", "VND"].contains(currency) ? 0 : 2
    }

    private func fixedPoint(units: Int64, fractionDigits: Int) -> String {
        guard fractionDigits > 0 else { return integer(units) }
        var divisor: Int64 = 1
        for _ in 0..<fractionDigits { divisor *= 10 }
        let whole = units.magnitude / UInt64(divisor)
        let fraction = units.magnitude % UInt64(divisor)
        let fractionText = String(fraction)
        let padded = String(repeating: "0", count: fractionDigits - fractionText.count) + fractionText
        let wholeText = integer(Int64(whole))
        return (units < 0 ? "−" : "") + wholeText + decimalSeparator + padded
    }

    private func components(_ date: Date) -> DateComponents {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
    }

    private static let englishMonths = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]

    /// `november 2026` / `November 2026` for the key `2026-11`; the key itself when it is not one.
    public func month(_ key: String) -> String {
        let parts = key.split(separator: "-")
        guard parts.count == 2, let year = Int(parts[0]), let month = Int(parts[1]), (1...12).contains(month)
        else { return key }
        let names =
            locale == .nb
            ? [
                "januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september", "oktober",
                "november", "desember",
            ]
            : [
                "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
                "November", "December",
            ]
        return "\(names[month - 1]) \(year)"
    }

    /// `26.11.2026` / `26 Nov 2026`.
    public func date(_ date: Date) -> String {
        let c = components(date)
        let day = c.day ?? 1, month = c.month ?? 1, year = c.year ?? 1970
        switch locale {
        case .nb: return String(format: "%02d.%02d.%04d", day, month, year)
        case .en: return "\(day) \(Self.englishMonths[month - 1]) \(year)"
        }
    }

    /// `26.11.2026 kl. 14:05` / `26 Nov 2026, 14:05`.
    public func dateTime(_ date: Date) -> String {
        let c = components(date)
        let time = String(format: "%02d:%02d", c.hour ?? 0, c.minute ?? 0)
        switch locale {
        case .nb: return self.date(date) + " kl. " + time
        case .en: return self.date(date) + ", " + time
        }
    }
}
