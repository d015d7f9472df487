import Foundation

/// Percentiles as spreadsheets compute them (linear interpolation between closest ranks, R type 7 /
/// Excel PERCENTILE.INC), so a leader who checks a figure in Excel gets the same number.
public enum Percentile {
    /// The `p`-th percentile (0…1) of values sorted ascending; `nil` for no values.
    public static func of(sorted values: [Double], _ p: Double) -> Double? {
        guard !values.isEmpty else { return nil }
        let rank = Double(values.count - 1) * min(max(p, 0), 1)
        let low = Int(rank.rounded(.down))
        let high = min(low + 1, values.count - 1)
        return values[low] + (rank - Double(low)) * (values[high] - values[low])
    }
}

extension Percentile {
    /// The same percentile from a histogram of whole days (`days → count`), exactly as if the histogram
    /// were expanded into a sorted list. A histogram can be kept up to date one stage change at a time,
    /// which a list of a million stays cannot.
    public static func of(histogram: [Int: Int], _ p: Double) -> Double? {
        let total = histogram.values.reduce(0, +)
        guard total > 0 else { return nil }
        let rank = Double(total - 1) * min(max(p, 0), 1)
        let low = Int(rank.rounded(.down))
        let days = histogram.filter { $0.value > 0 }.sorted { $0.key < $1.key }
        /// The value at `index` of the expanded, sorted list.
        func value(at index: Int) -> Double {
            var seen = 0
            for (day, count) in days {
                seen += count
                if index < seen { return Double(day) }
            }
            return Double(days[days.count - 1].key)
        }
        let lowValue = value(at: low), highValue = value(at: min(low + 1, total - 1))
        return lowValue + (rank - Double(low)) * (highValue - lowValue)
    }
}

/// How long deals have stayed in one pipeline stage before leaving it (completed stays only).
public struct StayStatistics: Sendable, Equatable {
    public var count: Int
    public var p75Days: Double

    public init(count: Int, p75Days: Double) {
        self.count = count
        self.p75Days = p75Days
    }

    /// From completed stays, in days; `nil` when there are none.
    public static func from(stayDays: [Double]) -> StayStatistics? {
        let sorted = stayDays.sorted()
        guard let p75 = Percentile.of(sorted: sorted, 0.75) else { return nil }
        return StayStatistics(count: sorted.count, p75Days: p75)
    }
}

/// What the stuck rules need to know about one open deal.
public struct DealTimeline: Sendable, Equatable {
    public var enteredStageAt: Date
    public var expectedCloseDate: Date?
    /// How many times the expected close date has been moved later.
    public var closeDatePushes: Int

    public init(enteredStageAt: Date, expectedCloseDate: Date?, closeDatePushes: Int) {
        self.enteredStageAt = enteredStageAt
        self.expectedCloseDate = expectedCloseDate
        self.closeDatePushes = closeDatePushes
    }
}

/// Why a deal counts as stuck. Each reason can say itself in words (`StuckReason.message`).
public enum StuckReason: Sendable, Equatable {
    /// Longer in the stage than 75 % of the organisation's completed stays there.
    case overTypicalStay(days: Int, p75Days: Int, sample: Int)
    /// Longer than the stage's expected days, used while there are too few completed stays.
    case overExpectedStay(days: Int, expectedDays: Int)
    case closeDatePassed(closeDate: Date)
    case closeDatePushed(times: Int)
}

/// The stuck-deal rules of the pipeline issue, as pure functions of a deal, its stage's statistics and
/// the time. A deal is stuck when any rule gives a reason.
public struct StuckRules: Sendable {
    /// Completed stays needed before the organisation's own history is trusted over expected days.
    public var minimumSample: Int
    /// Close-date postponements that make a deal stuck.
    public var pushesFlagged: Int

    public init(minimumSample: Int = 20, pushesFlagged: Int = 2) {
        self.minimumSample = minimumSample
        self.pushesFlagged = pushesFlagged
    }

    /// Every reason that applies, in a stable order: time in stage, close date passed, close date pushed.
    /// `calendar` carries the organisation's time zone: a close date passes at the organisation's midnight.
    public func reasons(
        for deal: DealTimeline, stage statistics: StayStatistics?, expectedDays: Int?, now: Date,
        calendar: Calendar
    ) -> [StuckReason] {
        var reasons: [StuckReason] = []
        let days = Int(now.timeIntervalSince(deal.enteredStageAt) / 86_400)
        if let statistics, statistics.count >= minimumSample {
            if Double(days) > statistics.p75Days {
                reasons.append(
                    .overTypicalStay(
                        days: days, p75Days: Int(statistics.p75Days.rounded(.up)), sample: statistics.count))
            }
        } else if let expectedDays, days > expectedDays {
            reasons.append(.overExpectedStay(days: days, expectedDays: expectedDays))
        }
        if let close = deal.expectedCloseDate, calendar.startOfDay(for: close) < calendar.startOfDay(for: now) {
            reasons.append(.closeDatePassed(closeDate: close))
        }
        if deal.closeDatePushes >= pushesFlagged {
            reasons.append(.closeDatePushed(times: deal.closeDatePushes))
        }
        return reasons
    }
}

extension StuckReason {
    /// The reason in words, for a stage named `stage`, in the localizer's language.
    public func message(stage: String, _ t: Localizer, format: LocaleFormat) -> String {
        switch self {
        case .overTypicalStay(let days, let p75, let sample):
            return t(
                .stuckOverTypicalStay,
                [
                    "stage": stage, "days": format.integer(days), "p75": format.integer(p75),
                    "count": format.integer(sample),
                ])
        case .overExpectedStay(let days, let expected):
            return t(
                .stuckOverExpectedStay,
                ["stage": stage, "days": format.integer(days), "expected": format.integer(expected)])
        case .closeDatePassed(let date):
            return t(.stuckCloseDatePassed, ["date": format.date(date)])
        case .closeDatePushed(let times):
            return t(.stuckCloseDatePushed, ["times": format.integer(times)])
        }
    }
}
