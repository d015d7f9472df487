import Foundation

/// Deals that had sparring against similar deals that did not: win rates and cycle times with their
/// 95 % intervals, and nothing at all below the minimum counts. For the leader's dashboard; an
/// association, not proof (leaders may bring their hardest deals to sparring, or their most winnable).
public struct OutcomeComparison: Sendable, Equatable {
    /// Closed deals of one group: won or not, and days from creation to close.
    public struct Group: Sendable, Equatable {
        public var won: Int
        public var closed: Int
        public var cycleDays: [Int]

        public init(won: Int, closed: Int, cycleDays: [Int]) {
            self.won = won
            self.closed = closed
            self.cycleDays = cycleDays
        }

        public var winRate: WinRate { WinRate(wins: won, deals: closed) }
    }

    public var withSparring: Group
    public var without: Group

    public init(withSparring: Group, without: Group) {
        self.withSparring = withSparring
        self.without = without
    }

    /// Fewer closed deals than this in either group and the comparison is hidden, as for tactics.
    public static let minimumDeals = TacticEvidence.minimumDeals

    public var isShown: Bool { withSparring.closed >= Self.minimumDeals && without.closed >= Self.minimumDeals }

    /// Win rate with sparring minus without, with Newcombe's hybrid score interval (his method 10),
    /// built from the two Wilson intervals: it stays inside [-1, 1] and behaves at small counts.
    public var winRateDifference: (difference: Double, interval: ClosedRange<Double>)? {
        guard isShown, let p1 = withSparring.winRate.rate, let p2 = without.winRate.rate,
            let i1 = withSparring.winRate.interval, let i2 = without.winRate.interval
        else { return nil }
        let difference = p1 - p2
        let lower =
            difference
            - ((p1 - i1.lowerBound) * (p1 - i1.lowerBound) + (i2.upperBound - p2) * (i2.upperBound - p2)).squareRoot()
        let upper =
            difference
            + ((i1.upperBound - p1) * (i1.upperBound - p1) + (p2 - i2.lowerBound) * (p2 - i2.lowerBound)).squareRoot()
        return (difference, max(-1, lower)...min(1, upper))
    }

    /// The median of a sample with its distribution-free 95 % interval: the order statistics of ranks
    /// n/2 − 1.96·√n/2 and 1 + n/2 + 1.96·√n/2, rounded (the normal approximation of the Binomial(n, ½)
    /// count below the median). Nil for an empty sample.
    public static func median(_ values: [Int]) -> (median: Double, interval: ClosedRange<Double>)? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let n = sorted.count
        let median = n % 2 == 1 ? Double(sorted[n / 2]) : Double(sorted[n / 2 - 1] + sorted[n / 2]) / 2
        let spread = WinRate.z95 * Double(n).squareRoot() / 2
        let low = max(1, Int((Double(n) / 2 - spread).rounded()))
        let high = min(n, Int((1 + Double(n) / 2 + spread).rounded()))
        return (median, Double(sorted[low - 1])...Double(sorted[high - 1]))
    }
}
