import Foundation
import SparringDomain
import Testing

@Suite struct SparringDomainTests {
    func session(_ state: SessionState, requester: UUID = UUID()) -> SparringSession {
        SparringSession(
            id: UUID(), dealID: UUID(), teamID: UUID(), requesterID: requester, coachID: nil, question: "q",
            context: "", state: state, stageIDAtRequest: UUID(), requestedAt: Date(), version: 1)
    }

    @Test func theDiscussionOpensOnlyWithTwoSuggestionsAndOnlyTheAskerGivesTheVerdict() throws {
        #expect(throws: AppError.invalid("suggestions", .sessionNeedsSuggestions, ["count": "2"])) {
            try SparringFlow.checkReady(session(.requested), suggestions: 1)
        }
        try SparringFlow.checkReady(session(.requested), suggestions: 2)
        #expect(throws: AppError.invalid("state", .sessionWrongState)) {
            try SparringFlow.checkReady(session(.ready), suggestions: 3)
        }
        #expect(throws: AppError.invalid("state", .sessionWrongState)) {
            try SparringFlow.checkSuggest(session(.agreed))
        }
        #expect(throws: AppError.invalid("state", .sessionWrongState)) {
            try SparringFlow.checkAgree(session(.requested))
        }
        let seller = UUID()
        #expect(throws: AppError.forbidden) { try SparringFlow.checkVerdict(session(.agreed), by: UUID()) }
        #expect(throws: AppError.invalid("verdict", .sessionWrongState)) {
            try SparringFlow.checkVerdict(session(.ready, requester: seller), by: seller)
        }
        try SparringFlow.checkVerdict(session(.agreed, requester: seller), by: seller)
        #expect(throws: AppError.invalid("state", .sessionWrongState)) {
            try SparringFlow.checkMessage(session(.closed))
        }
    }

    @Test func theQueuePutsValueFirstButLetsALongWaitCatchUp() {
        let now = Date(timeIntervalSince1970: 1_800_000_000)
        struct Item {
            var name: String
            var value: Int64
            var since: Date
        }
        let large = Item(name: "large", value: 300_000, since: now)
        let small = Item(name: "small", value: 100_000, since: now.addingTimeInterval(-7 * 86_400))
        let ordered = { (items: [Item]) in
            SparringQueue.ordered(items, valueAtRisk: \.value, waitingSince: \.since, now: now).map(\.name)
        }
        #expect(ordered([small, large]) == ["large", "small"], "a week's wait doubles 100k: still below 300k")
        let older = Item(name: "small", value: 100_000, since: now.addingTimeInterval(-21 * 86_400))
        #expect(ordered([large, older]) == ["small", "large"], "three weeks' wait: 400k beats 300k")
        let tie = Item(name: "tie", value: 300_000, since: now.addingTimeInterval(-1))
        #expect(ordered([large, tie]).first == "tie")
        #expect(
            SparringQueue.valueAtRisk(amountMinor: 50_000_000, probability: 40) == 20_000_000,
            "40 % of 500 000,00 is 200 000,00")
    }

    @Test func anOutcomeSaysWhatBecameOfTheDeal() {
        let stage = UUID(), other = UUID()
        #expect(SessionOutcome.of(status: .won, stageID: stage, stageAtRequest: stage, isStuckNow: false) == .won)
        #expect(SessionOutcome.of(status: .open, stageID: other, stageAtRequest: stage, isStuckNow: false) == .movedOn)
        #expect(
            SessionOutcome.of(status: .open, stageID: other, stageAtRequest: stage, isStuckNow: true) == .stillStuck)
        #expect(SessionOutcome.of(status: .open, stageID: stage, stageAtRequest: stage, isStuckNow: false) == .open)
    }

    @Test func theCalendarFoldsLongLinesBetweenCharactersAndEscapesText() {
        let summary = String(repeating: "Æøå, ", count: 30)
        let feed = CalendarFeed.render(
            name: "Oppfølging; team",
            entries: [
                CalendarEntry(
                    uid: "x@sparring", day: Day("2026-12-31")!, summary: summary, description: "a\nb", url: nil,
                    lastModified: Date(timeIntervalSince1970: 0))
            ], now: Date(timeIntervalSince1970: 1_800_000_000))
        let lines = feed.components(separatedBy: "\r\n")
        #expect(lines.allSatisfy { $0.utf8.count <= 75 })
        #expect(lines.contains("X-WR-CALNAME:Oppfølging\\; team"))
        #expect(lines.contains("DTEND;VALUE=DATE:20270101"), "a year's last day ends on the next year's first")
        #expect(lines.contains("DESCRIPTION:a\\nb") && !lines.contains("STATUS:CANCELLED"))
        #expect(lines.contains("DTSTAMP:20270115T080000Z"))
        let unfolded = feed.replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded.contains("SUMMARY:" + summary.replacingOccurrences(of: ",", with: "\\,")))
    }

    @Test func theTeamTallyFillsMonthsWithoutFindingsWithZeros() {
        var tally = BlockerTally()
        tally.add(month: "2026-11", bias: .legacy, count: 2)
        tally.add(month: "2026-11", bias: .legacy, count: 1)
        tally.add(month: "2027-01", bias: .personal, count: 1)
        let rows = tally.rows(from: "2026-10", through: "2027-01")
        #expect(rows.map(\.month) == ["2026-10", "2026-11", "2026-12", "2027-01"])
        #expect(rows[1].counts[.legacy] == 3 && rows[2].counts.isEmpty && tally.largest == 3)
        #expect(
            BlockerTally.counts(in: "We've always done it this way. We can't do it that way.") == [
                .legacy: 1, .practicality: 1,
            ])
    }
}
