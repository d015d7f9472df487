import Foundation
import SparringDomain
import Testing

@Suite struct PulseTests {
    func submission(_ score: Int, _ comment: String? = nil) -> PulseSubmission {
        PulseSubmission(
            scores: Dictionary(uniqueKeysWithValues: PulseStatement.allCases.map { ($0, score) }), comment: comment)
    }

    @Test func resultsAreReleasedOnlyWhenTheRoundIsClosedAndFiveAnswered() {
        let four = (1...4).map { submission($0) }
        #expect(
            PulseResults.release(isClosed: true, submissions: four, settledAnswers: four.count, seed: 1) == nil,
            "four answers: nothing")
        let five = four + [submission(5)]
        #expect(
            PulseResults.release(isClosed: false, submissions: five, settledAnswers: five.count, seed: 1) == nil,
            "open: nothing")
        let results = PulseResults.release(isClosed: true, submissions: five, settledAnswers: five.count, seed: 1)
        #expect(results?.answers == 5)
        #expect(results?.statements[.helpsWhenStuck] == 3)
        #expect(results?.behaviours[.innovation] == 3)
        // Five answers, but only four from people who were in the team a month before: nothing.
        #expect(PulseResults.release(isClosed: true, submissions: five, settledAnswers: 4, seed: 1) == nil)
        #expect(
            PulseResults.release(isClosed: true, submissions: five + [submission(2)], settledAnswers: 5, seed: 1) != nil
        )
    }

    @Test func aMemberCountsAsSettledAMonthAfterJoining() {
        let opened = Date(timeIntervalSince1970: 1_795_000_000)
        #expect(PulseEligibility.isSettled(joinedAt: opened.addingTimeInterval(-30 * 86_400), openedAt: opened))
        #expect(!PulseEligibility.isSettled(joinedAt: opened.addingTimeInterval(-29 * 86_400), openedAt: opened))
        #expect(PulseEligibility.isSettled(joinedAt: nil, openedAt: opened), "joined before the date was kept")
    }

    /// A sealed ballot's bytes have one size whatever the answer, and read back to the same answer.
    @Test func aBallotsPayloadHasOneSizeAndReadsBack() throws {
        let answers = [
            submission(3), submission(5, "Kort."), submission(1, String(repeating: "ø", count: 1000)),
            submission(4, String(repeating: "👩‍👩‍👧", count: 150)),
        ]
        for answer in answers {
            #expect(answer.payload.count == PulseSubmission.payloadSize)
            #expect(
                PulseSubmission(payload: answer.payload)
                    == PulseSubmission(scores: answer.scores, comment: answer.comment))
        }
        #expect(!submission(4, String(repeating: "👩‍👩‍👧", count: 250)).problems().isEmpty, "250 characters, 4,500 bytes")
        #expect(PulseSubmission(payload: [UInt8](repeating: 0, count: PulseSubmission.payloadSize)) == nil)
    }

    @Test func behavioursAverageTheirStatements() {
        var mixed = (1...5).map { _ in submission(4) }
        mixed[0].scores[.knowsEnough] = 1
        let results = PulseResults.release(isClosed: true, submissions: mixed, settledAnswers: mixed.count, seed: 9)
        #expect(results?.statements[.knowsEnough] == 3.4)
        // Selling is knowsEnough and knowsTheProcess: (1 + 4 × 4 + 5 × 4) / 10.
        #expect(results?.behaviours[.selling] == 3.7)
        #expect(results?.behaviours[.coaching] == 4)
    }

    @Test func commentsComeWithoutAuthorsInAnOrderThatIsNotTheOrderOfAnswering() {
        let texts = ["Første", "Andre", "Tredje", "Fjerde", "Femte", "Sjette", "Sjuende", "Åttende"]
        let submissions = texts.map { submission(3, $0) } + [submission(3, "  "), submission(3, nil)]
        let results = PulseResults.release(
            isClosed: true, submissions: submissions, settledAnswers: submissions.count, seed: 42)
        #expect(Set(results?.comments ?? []) == Set(texts), "blank comments left out")
        #expect(results?.comments != texts)
        // The order depends on the round, not on when the answers came.
        let reversed = PulseResults.release(
            isClosed: true, submissions: submissions.reversed(), settledAnswers: submissions.count, seed: 42)
        #expect(reversed?.comments == results?.comments)
    }

    @Test func everyStatementMustBeRatedOneToFive() {
        var answer = submission(3, String(repeating: "x", count: 1001))
        answer.scores[.sharesWhatWorks] = 6
        answer.scores[.knowsEnough] = nil
        let fields = Set(answer.problems().map(\.field))
        #expect(fields == ["sharesWhatWorks", "knowsEnough", "comment"])
        #expect(submission(1).problems().isEmpty)
        #expect(Set(PulseStatement.allCases.map(\.behaviour)) == Set(LeaderBehaviour.allCases))
    }
}
