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
        #expect(PulseResults.release(isClosed: true, submissions: four, seed: 1) == nil, "four answers: nothing")
        let five = four + [submission(5)]
        #expect(PulseResults.release(isClosed: false, submissions: five, seed: 1) == nil, "open: nothing")
        let results = PulseResults.release(isClosed: true, submissions: five, seed: 1)
        #expect(results?.answers == 5)
        #expect(results?.statements[.helpsWhenStuck] == 3)
        #expect(results?.behaviours[.innovation] == 3)
    }

    @Test func behavioursAverageTheirStatements() {
        var mixed = (1...5).map { _ in submission(4) }
        mixed[0].scores[.knowsEnough] = 1
        let results = PulseResults.release(isClosed: true, submissions: mixed, seed: 9)
        #expect(results?.statements[.knowsEnough] == 3.4)
        // Selling is knowsEnough and knowsTheProcess: (1 + 4 × 4 + 5 × 4) / 10.
        #expect(results?.behaviours[.selling] == 3.7)
        #expect(results?.behaviours[.coaching] == 4)
    }

    @Test func commentsComeWithoutAuthorsInAnOrderThatIsNotTheOrderOfAnswering() {
        let texts = ["Første", "Andre", "Tredje", "Fjerde", "Femte", "Sjette", "Sjuende", "Åttende"]
        let submissions = texts.map { submission(3, $0) } + [submission(3, "  "), submission(3, nil)]
        let results = PulseResults.release(isClosed: true, submissions: submissions, seed: 42)
        #expect(Set(results?.comments ?? []) == Set(texts), "blank comments left out")
        #expect(results?.comments != texts)
        // The order depends on the round, not on when the answers came.
        let reversed = PulseResults.release(isClosed: true, submissions: submissions.reversed(), seed: 42)
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
