import Foundation

/// Calendar arithmetic without `Calendar`: days since 1970 from a civil date and back (proleptic
/// Gregorian, H. Hinnant's algorithms), and local time to an instant through the time zone's offset.
/// An import reads two dates per row; `Calendar` on Linux costs tens of microseconds per call, which
/// made reading dates most of an import's time (1M rows: minutes).
public enum CivilTime {
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    public static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// The instant a local date and time names in `timeZone`. Around a daylight-saving change the
    /// offset is looked up again at the first guess, as `Calendar` does for times that exist.
    public static func instant(
        year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, timeZone: TimeZone
    ) -> Date {
        let local = Double(
            daysFromCivil(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second)
        let guess = local - Double(timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: local)))
        let offset = timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: guess))
        return Date(timeIntervalSince1970: local - Double(offset))
    }

    /// The local civil date of an instant in `timeZone`.
    public static func civil(_ date: Date, in timeZone: TimeZone) -> (year: Int, month: Int, day: Int) {
        let local = date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))
        return civilFromDays(Int((local / 86_400).rounded(.down)))
    }
}

extension StringProtocol {
    /// The text with its first letter a capital ("november 2026" as a heading: "November 2026").
    public var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }

    /// Without spaces, tabs and line breaks at either end; Foundation's `trimmingCharacters` costs a
    /// bridge per call on Linux.
    public var trimmed: String {
        guard let first = firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = lastIndex(where: { !$0.isWhitespace })!
        return String(self[first...last])
    }
}
