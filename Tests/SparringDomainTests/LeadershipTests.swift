import Foundation
import SparringDomain
import Testing

/// Periods, the self-assessment's rules and the outcome dashboard's figures.
@Suite struct LeadershipTests {
    @Test func periodsAreMonthsAndISOWeeks() {
        #expect(ResourcePeriod.month.key(year: 2026, month: 11, day: 27) == "2026-11")
        #expect(ResourcePeriod.week.key(year: 2026, month: 11, day: 27) == "2026-W48")
        // ISO weeks belong to the year of their Thursday.
        #expect(ResourcePeriod.week.key(year: 2024, month: 12, day: 30) == "2025-W01")
        #expect(ResourcePeriod.week.key(year: 2027, month: 1, day: 1) == "2026-W53")
        #expect(ResourcePeriod.week.key(year: 2026, month: 12, day: 28) == "2026-W53")
        #expect(ResourcePeriod.week.key(year: 2021, month: 1, day: 3) == "2020-W53")
        #expect(ResourcePeriod.week.key(year: 2021, month: 1, day: 4) == "2021-W01")
    }

    @Test func quartersParseOnlyTheirOwnShape() {
        #expect(AssessmentQuarter("2026-Q4")?.description == "2026-Q4")
        #expect(AssessmentQuarter(year: 2026, month: 11).description == "2026-Q4")
        #expect(AssessmentQuarter(year: 2027, month: 1).description == "2027-Q1")
        for bad in ["2026-Q5", "2026-Q0", "2026Q4", "2026-4", "Q4-2026", "", "2026-Q04"] {
            #expect(AssessmentQuarter(bad) == nil, "\(bad)")
        }
        #expect(AssessmentQuarter("2026-Q3")! < AssessmentQuarter("2026-Q4")!)
    }

    @Test func aSelfAssessmentRatesEveryStatementAndAveragesPerBehaviour() {
        var scores = Dictionary(uniqueKeysWithValues: SelfStatement.allCases.map { ($0, 3) })
        scores[.investigates] = 5
        scores[.createsOptions] = 4
        #expect(SelfAssessment.problems(scores: scores, reflections: [:]).isEmpty)
        let assessment = SelfAssessment(
            quarter: AssessmentQuarter("2026-Q4")!, scores: scores, reflections: [:], updatedAt: Date(), version: 1)
        #expect(assessment.behaviours[.innovation] == 4)
        #expect(assessment.behaviours[.selling] == 3)
        scores[.coachesOnRealCases] = nil
        scores[.knowsEnough] = 6
        let long = String(repeating: "x", count: SelfAssessment.maximumReflectionLength + 1)
        let problems = SelfAssessment.problems(scores: scores, reflections: [.goodLeader: long])
        #expect(Set(problems.map(\.field)) == ["coachesOnRealCases", "knowsEnough", "goodLeader"])
    }

    @Test func requestsAndPoolsNameTheirBadFields() {
        #expect(ResourceRequestDraft(amount: 8, upliftPoints: 15, reason: "Workshop").problems().isEmpty)
        let bad = ResourceRequestDraft(amount: 0, upliftPoints: 101, reason: " ").problems()
        #expect(bad.map(\.field) == ["amount", "uplift", "reason"])
        let pool = ResourcePoolDefinition(name: "", kind: .presales, unit: "", period: .week, capacity: -1)
        #expect(pool.problems().map(\.field) == ["name", "unit", "capacity"])
    }

    @Test func theDashboardCountsStuckDealsOnceAndComparesLikeWithLike() {
        let (price, timing) = (UUID(), UUID())
        let (qualify, propose) = (UUID(), UUID())
        let (a, b) = (UUID(), UUID())
        let named = [
            OutcomeDashboard.NamedObstacle(dealID: a, categoryID: price, stageID: qualify),
            .init(dealID: a, categoryID: price, stageID: propose),
            .init(dealID: a, categoryID: timing, stageID: propose),
            .init(dealID: b, categoryID: price, stageID: propose),
        ]
        let tactic = UUID()
        func deal(
            _ won: Bool, sparred: Bool, stuck: Bool, tactic used: Bool = false, days: Int = 30
        )
            -> OutcomeDashboard.ClosedDeal
        {
            .init(
                won: won, cycleDays: days, sparred: sparred, obstacleCategories: stuck ? [price] : [],
                tactics: used ? [tactic] : [])
        }
        // Six sparred (five won), five stuck without sparring (one won), and forty never stuck, all won:
        // those forty must not count as "without sparring".
        let closed =
            (0..<5).map { _ in deal(true, sparred: true, stuck: true, tactic: true, days: 20) }
            + [deal(false, sparred: true, stuck: true, tactic: true)]
            + [deal(true, sparred: false, stuck: true)] + (0..<4).map { _ in deal(false, sparred: false, stuck: true) }
            + (0..<40).map { _ in deal(true, sparred: false, stuck: false) }
        let dashboard = OutcomeDashboard.make(
            named: named, unblockDays: [9, 2, 5], closed: closed,
            pipeline: .init(optionsCreated: 3, plansChosen: 1, storiesShared: 1, bulletinsUseful: 2))
        #expect(dashboard.stuckDeals == 2)
        #expect(dashboard.stuckBy.map(\.deals) == [2, 1] && dashboard.stuckBy[0].categoryID == price)
        #expect(dashboard.heatmap[propose]?[price] == 2 && dashboard.heatmap[qualify]?[price] == 1)
        #expect(dashboard.unblockMedian?.median == 5)
        #expect(dashboard.sparring.withSparring.won == 5 && dashboard.sparring.withSparring.closed == 6)
        #expect(dashboard.sparring.without.won == 1 && dashboard.sparring.without.closed == 5)
        let difference = try? #require(dashboard.sparring.winRateDifference?.difference)
        #expect(difference.map { abs($0 - (5.0 / 6 - 1.0 / 5)) < 1e-9 } == true)
        // The tactic: used on six price deals (five won), not used on five (one won).
        #expect(dashboard.tactics.count == 1)
        #expect(dashboard.tactics.first?.applied == WinRate(wins: 5, deals: 6))
        #expect(dashboard.tactics.first?.notApplied == WinRate(wins: 1, deals: 5))
    }
}
