import Foundation

/// One all-day entry of a calendar feed.
public struct CalendarEntry: Sendable, Equatable {
    /// Stable across fetches, so a calendar application updates the entry instead of adding another.
    public var uid: String
    public var day: Day
    public var summary: String
    public var description: String
    public var url: String?
    public var lastModified: Date

    public init(uid: String, day: Day, summary: String, description: String, url: String?, lastModified: Date) {
        self.uid = uid
        self.day = day
        self.summary = summary
        self.description = description
        self.url = url
        self.lastModified = lastModified
    }
}

/// An iCalendar (RFC 5545) feed of follow-ups, written by hand: the format is small, and every rule
/// that calendar applications are strict about is kept here — CRLF line ends, lines folded at 75
/// octets without splitting a UTF-8 sequence, text values escaped, all-day events as `VALUE=DATE`
/// with an exclusive end day, and a `DTSTAMP` on every event.
public enum CalendarFeed {
    public static func render(name: String, entries: [CalendarEntry], now: Date) -> String {
        var lines = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Sparring//Follow-ups//EN", "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH", "X-WR-CALNAME:" + escape(name),
            // Calendar applications poll; once an hour is plenty for follow-up dates.
            "REFRESH-INTERVAL;VALUE=DURATION:PT1H", "X-PUBLISHED-TTL:PT1H",
        ]
        for entry in entries {
            lines += [
                "BEGIN:VEVENT", "UID:" + escape(entry.uid), "DTSTAMP:" + timestamp(now),
                "LAST-MODIFIED:" + timestamp(entry.lastModified),
                "DTSTART;VALUE=DATE:" + compact(entry.day),
                "DTEND;VALUE=DATE:" + compact(entry.day.next),
                "SUMMARY:" + escape(entry.summary), "DESCRIPTION:" + escape(entry.description),
                "TRANSP:TRANSPARENT",
            ]
            if let url = entry.url { lines.append("URL:" + url) }
            // Done is not cancelled: a calendar shows a cancelled event struck through as called off.
            // The entry stays, confirmed, its summary marked done (`CalendarEntry.summary`).
            lines.append("STATUS:CONFIRMED")
            lines.append("END:VEVENT")
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    /// Backslash, semicolon and comma escaped, line breaks as `\n` (RFC 5545 §3.3.11).
    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            switch character {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\r\n", "\n", "\r": out += "\\n"
            default: out.append(character)
            }
        }
        return out
    }

    /// Lines longer than 75 octets continue on the next line after a space, cut between characters.
    static func fold(_ line: String) -> String {
        var result = "", current = 0
        for character in line {
            let size = String(character).utf8.count
            if current + size > 75 {
                result += "\r\n "
                current = 1
            }
            result.append(character)
            current += size
        }
        return result
    }

    static func compact(_ day: Day) -> String { day.description.replacingOccurrences(of: "-", with: "") }

    static func timestamp(_ date: Date) -> String {
        let (year, month, day) = CivilTime.civil(date, in: .gmt)
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let inDay = ((seconds % 86_400) + 86_400) % 86_400
        let time = [inDay / 3600, inDay % 3600 / 60, inDay % 60].map { $0 < 10 ? "0\($0)" : "\($0)" }.joined()
        return compact(Day(year: year, month: month, day: day)!) + "T" + time + "Z"
    }
}

extension Day {
    /// The day after.
    public var next: Day {
        if let day = Day(year: year, month: month, day: day + 1) { return day }
        if let day = Day(year: year, month: month + 1, day: 1) { return day }
        return Day(year: year + 1, month: 1, day: 1)!
    }

    /// `2026-11`: the month the day is in, as the team blocker view groups by.
    public var monthKey: String { String(description.prefix(7)) }
}

/// How often each kind of blocking reflex appeared in a team's discussions, per month. Counts only:
/// the view is of the team's habits, never of a person.
public struct BlockerTally: Sendable, Equatable {
    /// Month (`YYYY-MM`) → bias → count.
    public var months: [String: [BlockerBias: Int]]

    public init(months: [String: [BlockerBias: Int]] = [:]) { self.months = months }

    public mutating func add(month: String, bias: BlockerBias, count: Int) {
        months[month, default: [:]][bias, default: 0] += count
    }

    /// The months from `first` to `last` inclusive, with zeros where nothing was found, oldest first.
    public func rows(from first: String, through last: String) -> [(month: String, counts: [BlockerBias: Int])] {
        var result: [(String, [BlockerBias: Int])] = []
        guard var year = Int(first.prefix(4)), var month = Int(first.suffix(2)) else { return [] }
        while true {
            let key = String(year) + "-" + (month < 10 ? "0" : "") + String(month)
            guard key <= last else { break }
            result.append((key, months[key] ?? [:]))
            month += 1
            if month > 12 { (year, month) = (year + 1, 1) }
        }
        return result
    }

    /// The biggest single count, to scale the bars.
    public var largest: Int { months.values.flatMap(\.values).max() ?? 0 }

    /// How many of each kind a text has: what is stored per message or suggestion.
    public static func counts(in text: String) -> [BlockerBias: Int] {
        var counts: [BlockerBias: Int] = [:]
        for finding in BlockerDetector().findings(in: text) { counts[finding.bias, default: 0] += 1 }
        return counts
    }
}
