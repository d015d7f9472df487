import Foundation

/// A proportion with its 95 % Wilson score interval. Wilson rather than the textbook normal
/// interval because case counts are small (5–50 deals) and win rates often near 0 or 1, where the
/// normal interval leaves [0, 1] or collapses to a point.
public struct WinRate: Sendable, Equatable {
    public var wins: Int
    public var deals: Int

    public init(wins: Int, deals: Int) {
        precondition(wins >= 0 && wins <= deals, "wins are some of the deals")
        self.wins = wins
        self.deals = deals
    }

    /// wins / deals, or nil without deals.
    public var rate: Double? { deals == 0 ? nil : Double(wins) / Double(deals) }

    /// The 95 % Wilson score interval, or nil without deals.
    public var interval: ClosedRange<Double>? { Self.wilson(successes: wins, trials: deals) }

    /// z for a two-sided 95 % interval.
    public static let z95 = 1.959963984540054

    public static func wilson(successes: Int, trials: Int, z: Double = z95) -> ClosedRange<Double>? {
        guard trials > 0 else { return nil }
        let n = Double(trials)
        let p = Double(successes) / n
        let denominator = 1 + z * z / n
        let centre = (p + z * z / (2 * n)) / denominator
        let half = z / denominator * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot()
        return Swift.max(0, centre - half)...Swift.min(1, centre + half)
    }
}

/// What the closed deals that had an obstacle of one category say about one tactic: the win rate
/// where a chosen plan applied the tactic and where none did. An association, not proof: sellers pick
/// tactics for deals they already judge winnable, and the page says so.
public struct TacticEvidence: Sendable, Equatable {
    public var tacticID: UUID
    public var categoryID: UUID
    public var applied: WinRate
    public var notApplied: WinRate

    /// Fewer deals than this in either group and the comparison is not shown at all: with four deals a
    /// single win moves the rate by 25 points.
    public static let minimumDeals = 5

    public init(tacticID: UUID, categoryID: UUID, applied: WinRate, notApplied: WinRate) {
        self.tacticID = tacticID
        self.categoryID = categoryID
        self.applied = applied
        self.notApplied = notApplied
    }

    public var isShown: Bool { applied.deals >= Self.minimumDeals && notApplied.deals >= Self.minimumDeals }

    /// Win rate with the tactic minus without, in percentage points, when shown.
    public var difference: Double? {
        guard isShown, let with = applied.rate, let without = notApplied.rate else { return nil }
        return (with - without) * 100
    }

    /// A closed deal as the evidence needs it.
    public struct ClosedDeal: Sendable {
        public var won: Bool
        public var obstacleCategories: Set<UUID>
        /// Tactics applied by the deal's chosen plans.
        public var tactics: Set<UUID>

        public init(won: Bool, obstacleCategories: Set<UUID>, tactics: Set<UUID>) {
            self.won = won
            self.obstacleCategories = obstacleCategories
            self.tactics = tactics
        }
    }

    /// The evidence for `tactic` against `category` from closed deals: only deals that had an obstacle
    /// of the category count, each once, in exactly one of the two groups.
    public static func from(_ deals: [ClosedDeal], tactic: UUID, category: UUID) -> TacticEvidence {
        var applied = (wins: 0, deals: 0)
        var notApplied = (wins: 0, deals: 0)
        for deal in deals where deal.obstacleCategories.contains(category) {
            if deal.tactics.contains(tactic) {
                applied.deals += 1
                if deal.won { applied.wins += 1 }
            } else {
                notApplied.deals += 1
                if deal.won { notApplied.wins += 1 }
            }
        }
        return TacticEvidence(
            tacticID: tactic, categoryID: category, applied: WinRate(wins: applied.wins, deals: applied.deals),
            notApplied: WinRate(wins: notApplied.wins, deals: notApplied.deals))
    }
}
