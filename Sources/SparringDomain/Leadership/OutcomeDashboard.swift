import Foundation

/// A leader's outcomes for one team and month (design §1, principle 1: outcomes, not activity counts):
/// the deals that got stuck and why, how long unblocking took, where in the process obstacles
/// appear, which tactics beat which obstacles, what sparring is associated with, and the innovation
/// pipeline. Built from plain facts the storage reads, so every figure is tested here.
public struct OutcomeDashboard: Sendable, Equatable {
    /// An obstacle named in the month, with the stage its deal was in when it was named.
    public struct NamedObstacle: Sendable, Equatable {
        public var dealID: UUID
        public var categoryID: UUID
        public var stageID: UUID

        public init(dealID: UUID, categoryID: UUID, stageID: UUID) {
            self.dealID = dealID
            self.categoryID = categoryID
            self.stageID = stageID
        }
    }

    /// A deal closed in the outcome window, as the comparisons need it.
    public struct ClosedDeal: Sendable, Equatable {
        public var won: Bool
        public var cycleDays: Int
        /// A sparring session was requested on it.
        public var sparred: Bool
        public var obstacleCategories: Set<UUID>
        /// Tactics its chosen plans applied.
        public var tactics: Set<UUID>

        public init(won: Bool, cycleDays: Int, sparred: Bool, obstacleCategories: Set<UUID>, tactics: Set<UUID>) {
            self.won = won
            self.cycleDays = cycleDays
            self.sparred = sparred
            self.obstacleCategories = obstacleCategories
            self.tactics = tactics
        }
    }

    /// The innovation pipeline's four counts for the month.
    public struct Pipeline: Sendable, Equatable {
        public var optionsCreated: Int
        public var plansChosen: Int
        public var storiesShared: Int
        public var bulletinsUseful: Int

        public init(optionsCreated: Int, plansChosen: Int, storiesShared: Int, bulletinsUseful: Int) {
            self.optionsCreated = optionsCreated
            self.plansChosen = plansChosen
            self.storiesShared = storiesShared
            self.bulletinsUseful = bulletinsUseful
        }
    }

    /// Distinct deals with an obstacle named in the month.
    public var stuckDeals: Int
    /// Per category, the deals that got stuck on it, most first (a deal counts once per category).
    public var stuckBy: [(categoryID: UUID, deals: Int)]
    /// Obstacles named per stage and category.
    public var heatmap: [UUID: [UUID: Int]]
    /// Days from naming to resolving the obstacles resolved in the month.
    public var unblockDays: [Int]
    public var sparring: OutcomeComparison
    /// Tactic against obstacle category, among the window's closed deals that had the category; only
    /// comparisons with enough deals on both sides.
    public var tactics: [TacticEvidence]
    public var pipeline: Pipeline

    public static func == (a: OutcomeDashboard, b: OutcomeDashboard) -> Bool {
        a.stuckDeals == b.stuckDeals && a.stuckBy.map(\.categoryID) == b.stuckBy.map(\.categoryID)
            && a.stuckBy.map(\.deals) == b.stuckBy.map(\.deals) && a.heatmap == b.heatmap
            && a.unblockDays == b.unblockDays && a.sparring == b.sparring && a.tactics == b.tactics
            && a.pipeline == b.pipeline
    }

    /// The median days to unblock with its 95 % interval, when anything was unblocked.
    public var unblockMedian: (median: Double, interval: ClosedRange<Double>)? {
        OutcomeComparison.median(unblockDays)
    }

    /// Deals "like those that had sparring": closed in the same window and team, and stuck on an
    /// obstacle at some point. Comparing with every closed deal would set deals that never needed help
    /// against deals that did.
    public static func make(
        named: [NamedObstacle], unblockDays: [Int], closed: [ClosedDeal], pipeline: Pipeline
    ) -> OutcomeDashboard {
        var dealsByCategory: [UUID: Set<UUID>] = [:]
        var heatmap: [UUID: [UUID: Int]] = [:]
        for obstacle in named {
            dealsByCategory[obstacle.categoryID, default: []].insert(obstacle.dealID)
            heatmap[obstacle.stageID, default: [:]][obstacle.categoryID, default: 0] += 1
        }
        let stuckBy = dealsByCategory.map { (categoryID: $0.key, deals: $0.value.count) }
            .sorted { ($0.deals, $1.categoryID.uuidString) > ($1.deals, $0.categoryID.uuidString) }

        func group(_ deals: [ClosedDeal]) -> OutcomeComparison.Group {
            OutcomeComparison.Group(
                won: deals.filter(\.won).count, closed: deals.count, cycleDays: deals.map(\.cycleDays))
        }
        let sparring = OutcomeComparison(
            withSparring: group(closed.filter(\.sparred)),
            without: group(closed.filter { !$0.sparred && !$0.obstacleCategories.isEmpty }))

        let evidenceDeals = closed.map {
            TacticEvidence.ClosedDeal(won: $0.won, obstacleCategories: $0.obstacleCategories, tactics: $0.tactics)
        }
        var pairs = Set<[UUID]>()
        for deal in closed {
            for tactic in deal.tactics { for category in deal.obstacleCategories { pairs.insert([tactic, category]) } }
        }
        let tactics = pairs.map { TacticEvidence.from(evidenceDeals, tactic: $0[0], category: $0[1]) }
            .filter(\.isShown)
            .sorted { ($0.difference ?? 0, $1.tacticID.uuidString) > ($1.difference ?? 0, $0.tacticID.uuidString) }

        return OutcomeDashboard(
            stuckDeals: Set(named.map(\.dealID)).count, stuckBy: stuckBy, heatmap: heatmap,
            unblockDays: unblockDays.sorted(), sparring: sparring, tactics: tactics, pipeline: pipeline)
    }
}
