import Foundation
import SparringDomain
import Testing

@Suite struct BlockerPhraseTests {
    struct Example {
        var label: BlockerBias?
        var locale: AppLocale
        var sentence: String
    }

    /// `Tests/Fixtures/blockers/corpus.tsv`: label (a bias or `none`), locale, sentence.
    static func corpus() throws -> [Example] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/blockers/corpus.tsv")
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n").compactMap { line in
            guard !line.hasPrefix("#") else { return nil }
            let fields = line.split(separator: "\t", maxSplits: 2).map(String.init)
            guard fields.count == 3, let locale = AppLocale(rawValue: fields[1]) else { return nil }
            return Example(label: BlockerBias(rawValue: fields[0]), locale: locale, sentence: fields[2])
        }
    }

    @Test func theDetectorMeetsItsPrecisionAndRecallOnTheCorpus() throws {
        let examples = try Self.corpus()
        #expect(examples.count >= 150)
        let nearMisses = examples.filter { $0.label == nil }.count
        #expect(Double(nearMisses) / Double(examples.count) > 0.4, "about half near misses")
        #expect(Set(examples.map(\.locale)) == [.nb, .en])
        let detector = BlockerDetector()
        var truePositives = 0, falsePositives = 0, falseNegatives = 0
        var misses: [String] = []
        for example in examples {
            let found = detector.findings(in: example.sentence)
            if let label = example.label {
                if found.contains(where: { $0.bias == label }) {
                    truePositives += 1
                } else {
                    falseNegatives += 1
                    misses.append("missed \(label): \(example.sentence)")
                }
                falsePositives += found.filter { $0.bias != label }.count
            } else {
                falsePositives += found.count
                if !found.isEmpty { misses.append("fired on: \(example.sentence)") }
            }
        }
        let precision = Double(truePositives) / Double(truePositives + falsePositives)
        let recall = Double(truePositives) / Double(truePositives + falseNegatives)
        print("blocker phrases: precision \(precision), recall \(recall) on \(examples.count) sentences")
        #expect(precision >= 0.9, "\(misses)")
        #expect(recall >= 0.85, "\(misses)")
    }

    @Test func aFindingPointsAtThePhraseAsWrittenInUnicodeScalars() throws {
        let text = "Kjære Åse: vi har prøvd noe lignende før, det fungerte ikke. Men prisen er grei."
        let found = BlockerDetector().findings(in: text)
        #expect(found.count == 1)
        let finding = try #require(found.first)
        #expect(finding.bias == .exportability)
        #expect(finding.phrase == "vi har prøvd noe lignende før, det fungerte ikke")
        let scalars = Array(text.unicodeScalars)
        #expect(String(String.UnicodeScalarView(scalars[finding.start..<finding.end])) == finding.phrase)
        #expect(finding.start == 11)
    }

    @Test func contractionsCurlyApostrophesAndWordOrderAreMet() {
        let detector = BlockerDetector()
        #expect(detector.findings(in: "We can’t do it that way!").map(\.bias) == [.practicality])
        #expect(detector.findings(in: "WE CANNOT DO IT THAT WAY").map(\.bias) == [.practicality])
        #expect(detector.findings(in: "Sånn har vi alltid gjort det.").map(\.bias) == [.legacy])
        #expect(detector.findings(in: "Vi har alltid gjort det sånn.").map(\.bias) == [.legacy])
        // Two reflexes in one message are two findings, in order.
        let two = detector.findings(in: "That's impossible. We've always done it this way.")
        #expect(two.map(\.bias) == [.practicality, .legacy])
    }

    @Test func theIssuesNearMissesDoNotFire() {
        let detector = BlockerDetector()
        for text in [
            "we tried something similar before and it worked well", "kunden har alltid kjøpt i desember",
            "what would have to be true for this to work?",
        ] {
            #expect(detector.findings(in: text).isEmpty, "\(text)")
        }
    }

    @Test func everyBiasHasAnOpeningQuestionInBothLanguages() {
        for bias in BlockerBias.allCases {
            #expect(Localizer(.nb)(bias.question).hasSuffix("?") && Localizer(.en)(bias.question).hasSuffix("?"))
        }
        #expect(Localizer(.nb)(BlockerBias.practicality.question) == "Hva måtte vært sant for at dette skulle fungert?")
    }

    @Test func theLanguageOfATextIsTold() {
        #expect(BlockerDetector.language(of: "Vi har prøvd det før, og det gikk ikke") == .nb)
        #expect(BlockerDetector.language(of: "We tried that before and it did not work") == .en)
        #expect(BlockerDetector.language(of: "OK", fallback: .nb) == .nb)
    }
}
