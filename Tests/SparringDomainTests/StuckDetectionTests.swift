import Foundation
import SparringDomain
import Testing

@Suite struct PercentileTests {
    @Test func matchesSpreadsheetPercentileInc() throws {
        let one_to_ten = (1...10).map(Double.init)
        // Excel: PERCENTILE.INC({1..10}; 0,75) = 7,75; median 5,5.
        #expect(Percentile.of(sorted: one_to_ten, 0.75) == 7.75)
        #expect(Percentile.of(sorted: one_to_ten, 0.5) == 5.5)
        #expect(Percentile.of(sorted: one_to_ten, 0) == 1)
        #expect(Percentile.of(sorted: one_to_ten, 1) == 10)
        #expect(Percentile.of(sorted: [4], 0.75) == 4)
        #expect(Percentile.of(sorted: [], 0.75) == nil)
        // Known value: PERCENTILE.INC({3;6;7;8;8;10;13;15;16;20}; 0,75) = 14,5.
        #expect(Percentile.of(sorted: [3, 6, 7, 8, 8, 10, 13, 15, 16, 20], 0.75) == 14.5)
    }

    @Test func aHistogramGivesWhatTheExpandedListGives() {
        var random = SeededGenerator(seed: 11)
        for _ in 0..<200 {
            let size = Int.random(in: 1...60, using: &random)
            let days = (0..<size).map { _ in Int.random(in: 0...40, using: &random) }
            let histogram = Dictionary(days.map { ($0, 1) }, uniquingKeysWith: +)
            for p in [0.0, 0.25, 0.5, 0.75, 0.9, 1.0] {
                let expected = Percentile.of(sorted: days.map(Double.init).sorted(), p)!
                let fromHistogram = Percentile.of(histogram: histogram, p)!
                #expect(abs(expected - fromHistogram) < 1e-9, "p\(p) of \(days.sorted())")
            }
        }
        #expect(Percentile.of(histogram: [:], 0.75) == nil)
        #expect(Percentile.of(histogram: [3: 0], 0.75) == nil)
    }

    @Test func statisticsSortTheirInput() throws {
        let statistics = try #require(StayStatistics.from(stayDays: [20, 3, 16, 8, 13, 6, 10, 8, 15, 7]))
        #expect(statistics == StayStatistics(count: 10, p75Days: 14.5))
        #expect(StayStatistics.from(stayDays: []) == nil)
    }
}

@Suite struct StuckRulesTests {
    let rules = StuckRules()
    let oslo: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "Europe/Oslo")!
        return calendar
    }()
    let now = ISO8601DateFormatter().date(from: "2026-11-26T10:00:00Z")!

    func daysAgo(_ days: Double) -> Date { now.addingTimeInterval(-days * 86_400) }

    @Test func overTheStagesSeventyFifthPercentileWithEnoughHistory() {
        let statistics = StayStatistics(count: 340, p75Days: 11.2)
        let stuck = rules.reasons(
            for: DealTimeline(enteredStageAt: daysAgo(47), expectedCloseDate: nil, closeDatePushes: 0),
            stage: statistics, expectedDays: 30, now: now, calendar: oslo)
        #expect(stuck == [.overTypicalStay(days: 47, p75Days: 12, sample: 340)])
        let fine = rules.reasons(
            for: DealTimeline(enteredStageAt: daysAgo(11), expectedCloseDate: nil, closeDatePushes: 0),
            stage: statistics, expectedDays: 5, now: now, calendar: oslo)
        #expect(fine.isEmpty, "11 days is within 11.2, and the expected days do not apply with enough history")
    }

    @Test func fewerThanTwentyStaysFallBackToTheExpectedDays() {
        let thin = StayStatistics(count: 19, p75Days: 2)
        let deal = DealTimeline(enteredStageAt: daysAgo(9), expectedCloseDate: nil, closeDatePushes: 0)
        #expect(rules.reasons(for: deal, stage: thin, expectedDays: 10, now: now, calendar: oslo).isEmpty)
        #expect(
            rules.reasons(for: deal, stage: thin, expectedDays: 8, now: now, calendar: oslo)
                == [.overExpectedStay(days: 9, expectedDays: 8)])
        #expect(
            rules.reasons(for: deal, stage: nil, expectedDays: 8, now: now, calendar: oslo)
                == [.overExpectedStay(days: 9, expectedDays: 8)])
        #expect(rules.reasons(for: deal, stage: nil, expectedDays: nil, now: now, calendar: oslo).isEmpty)
    }

    @Test func aCloseDatePassesAtTheOrganisationsMidnight() throws {
        let yesterday = try #require(ISO8601DateFormatter().date(from: "2026-11-25T12:00:00Z"))
        let today = try #require(ISO8601DateFormatter().date(from: "2026-11-26T12:00:00Z"))
        let passed = DealTimeline(enteredStageAt: daysAgo(1), expectedCloseDate: yesterday, closeDatePushes: 0)
        let due = DealTimeline(enteredStageAt: daysAgo(1), expectedCloseDate: today, closeDatePushes: 0)
        #expect(
            rules.reasons(for: passed, stage: nil, expectedDays: nil, now: now, calendar: oslo)
                == [.closeDatePassed(closeDate: yesterday)])
        #expect(rules.reasons(for: due, stage: nil, expectedDays: nil, now: now, calendar: oslo).isEmpty)
    }

    @Test func twoPostponementsFlagTheDealAndReasonsCombine() {
        let deal = DealTimeline(enteredStageAt: daysAgo(50), expectedCloseDate: daysAgo(3), closeDatePushes: 2)
        let reasons = rules.reasons(
            for: deal, stage: StayStatistics(count: 25, p75Days: 10), expectedDays: nil, now: now, calendar: oslo)
        #expect(
            reasons == [
                .overTypicalStay(days: 50, p75Days: 10, sample: 25), .closeDatePassed(closeDate: daysAgo(3)),
                .closeDatePushed(times: 2),
            ])
        let once = DealTimeline(enteredStageAt: daysAgo(1), expectedCloseDate: nil, closeDatePushes: 1)
        #expect(rules.reasons(for: once, stage: nil, expectedDays: nil, now: now, calendar: oslo).isEmpty)
    }

    @Test func everyReasonSaysItselfInBothLanguages() throws {
        let nb = LocaleFormat(.nb), en = LocaleFormat(.en)
        let reason = StuckReason.overTypicalStay(days: 47, p75Days: 12, sample: 340)
        #expect(
            reason.message(stage: "Tilbud", Localizer(.nb), format: nb)
                == "I Tilbud i 47 dager; avtaler forlater vanligvis fasen innen 12 dager (75-persentil av 340)")
        #expect(
            reason.message(stage: "Proposal", Localizer(.en), format: en)
                == "In Proposal for 47 days; deals usually leave this stage within 12 days (75th percentile of 340)")
        let close = try #require(ISO8601DateFormatter().date(from: "2026-10-31T12:00:00Z"))
        #expect(
            StuckReason.closeDatePassed(closeDate: close).message(stage: "x", Localizer(.nb), format: nb)
                == "Forventet lukkedato 31.10.2026 er passert, og avtalen er fortsatt åpen")
        #expect(
            StuckReason.closeDatePushed(times: 3).message(stage: "x", Localizer(.en), format: en)
                == "The close date has been pushed back 3 times")
        #expect(
            StuckReason.overExpectedStay(days: 1_200, expectedDays: 14).message(
                stage: "Forhandling", Localizer(.nb), format: nb
            ).hasPrefix("I Forhandling i 1\u{00A0}200 dager"))
    }
}
