import Foundation
import SparringDomain
import Testing

@Suite struct OutcomeComparisonTests {
    @Test func theWinRateDifferenceHasNewcombesHybridInterval() throws {
        // Newcombe (1998), example (a): 56/70 against 48/80 gives 0.2000 with 0.0524 to 0.3339.
        let comparison = OutcomeComparison(
            withSparring: .init(won: 56, closed: 70, cycleDays: []), without: .init(won: 48, closed: 80, cycleDays: []))
        let result = try #require(comparison.winRateDifference)
        #expect(abs(result.difference - 0.2) < 1e-9)
        #expect(abs(result.interval.lowerBound - 0.0524) < 0.0005)
        #expect(abs(result.interval.upperBound - 0.3339) < 0.0005)
    }

    @Test func belowTheMinimumCountsNothingIsShown() {
        let small = OutcomeComparison(
            withSparring: .init(won: 4, closed: 4, cycleDays: [10]), without: .init(won: 1, closed: 9, cycleDays: []))
        #expect(!small.isShown && small.winRateDifference == nil)
        // All won against none won: the interval stays inside [-1, 1].
        let extreme = OutcomeComparison(
            withSparring: .init(won: 5, closed: 5, cycleDays: []), without: .init(won: 0, closed: 5, cycleDays: []))
        let interval = extreme.winRateDifference?.interval
        #expect(interval.map { $0.lowerBound > 0 && $0.upperBound <= 1 } == true)
    }

    @Test func theMedianCycleTimeHasAnIntervalOfOrderStatistics() throws {
        let days = Array(1...25)
        let result = try #require(OutcomeComparison.median(days))
        #expect(result.median == 13)
        // n = 25: the 8th and the 18th values, as the binomial tables give for a 95 % interval.
        #expect(result.interval == 8...18)
        #expect(OutcomeComparison.median([4, 2])?.median == 3)
        #expect(OutcomeComparison.median([]) == nil)
        let one = try #require(OutcomeComparison.median([9]))
        #expect(one.interval == 9...9)
    }
}
