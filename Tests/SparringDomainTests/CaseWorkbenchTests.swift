import Foundation
import SparringDomain
import Testing

@Suite struct CaseWorkbenchTests {
    func close(_ range: ClosedRange<Double>?, _ lower: Double, _ upper: Double) -> Bool {
        guard let range else { return false }
        return abs(range.lowerBound - lower) < 0.00005 && abs(range.upperBound - upper) < 0.00005
    }

    /// Known values, computed by hand from Wilson's formula (z = 1.96) and matching published tables.
    @Test func wilsonIntervalsMatchKnownValues() {
        #expect(close(WinRate(wins: 8, deals: 10).interval, 0.4902, 0.9433))
        #expect(close(WinRate(wins: 0, deals: 5).interval, 0.0, 0.4345))
        #expect(close(WinRate(wins: 5, deals: 5).interval, 0.5655, 1.0))
        #expect(close(WinRate(wins: 3, deals: 12).interval, 0.0889, 0.5323))
        #expect(close(WinRate(wins: 12, deals: 20).interval, 0.3866, 0.7812))
        #expect(WinRate(wins: 0, deals: 0).interval == nil && WinRate(wins: 0, deals: 0).rate == nil)
    }

    @Test func evidenceCountsEachClosedDealWithTheObstacleOnceInOneGroup() {
        let price = UUID()
        let timing = UUID()
        let roi = UUID()
        let other = UUID()
        func deals(_ count: Int, won: Bool, categories: Set<UUID>, tactics: Set<UUID>) -> [TacticEvidence.ClosedDeal] {
            Array(repeating: .init(won: won, obstacleCategories: categories, tactics: tactics), count: count)
        }
        // With the ROI tactic against price: 8 of 10 won. Without it: 3 of 12 (one used another tactic).
        let closed =
            deals(8, won: true, categories: [price], tactics: [roi])
            + deals(2, won: false, categories: [price, timing], tactics: [roi, other])
            + deals(2, won: true, categories: [price], tactics: [])
            + deals(1, won: true, categories: [price], tactics: [other])
            + deals(9, won: false, categories: [price], tactics: [])
            // Deals without a price obstacle do not count, whatever they applied.
            + deals(30, won: true, categories: [timing], tactics: [roi])
        let evidence = TacticEvidence.from(closed, tactic: roi, category: price)
        #expect(evidence.applied == WinRate(wins: 8, deals: 10))
        #expect(evidence.notApplied == WinRate(wins: 3, deals: 12))
        #expect(evidence.isShown)
        #expect(abs((evidence.difference ?? 0) - 55.0) < 0.0001)
        #expect(close(evidence.applied.interval, 0.4902, 0.9433) && close(evidence.notApplied.interval, 0.0889, 0.5323))
    }

    @Test func evidenceIsHiddenBelowFiveDealsInEitherGroup() {
        let price = UUID()
        let roi = UUID()
        let four = Array(
            repeating: TacticEvidence.ClosedDeal(won: true, obstacleCategories: [price], tactics: [roi]), count: 4)
        let many = Array(
            repeating: TacticEvidence.ClosedDeal(won: false, obstacleCategories: [price], tactics: []), count: 40)
        let hidden = TacticEvidence.from(four + many, tactic: roi, category: price)
        #expect(!hidden.isShown && hidden.difference == nil)
        let fifth = TacticEvidence.ClosedDeal(won: false, obstacleCategories: [price], tactics: [roi])
        #expect(TacticEvidence.from(four + many + [fifth], tactic: roi, category: price).isShown)
        #expect(!TacticEvidence.from(four + [fifth] + many.prefix(4), tactic: roi, category: price).isShown)
    }

    @Test func aPlanNeedsATitleAndAnApproachAndKeepsToItsLengths() {
        #expect(PlanText(title: "Pilot first", approach: "Offer a paid pilot").problems().isEmpty)
        let empty = PlanText(title: "  ", approach: "")
        #expect(empty.problems().map(\.field) == ["title", "approach"])
        #expect(empty.problems().allSatisfy { $0.message == .errorRequired })
        let long = PlanText(title: "A", approach: "B", risks: String(repeating: "x", count: 4001))
        #expect(long.problems().map(\.field) == ["risks"] && long.problems()[0].message == .errorTooLong)
    }

    @Test func plansAreLetteredInOrder() {
        #expect((0..<3).map(Plan.letter(forIndex:)) == ["A", "B", "C"])
        #expect(
            Plan.letter(forIndex: 25) == "Z" && Plan.letter(forIndex: 26) == "AA" && Plan.letter(forIndex: 27) == "AB")
    }

    @Test func theDefaultTaxonomyAndThePromptsExistInBothLanguages() {
        #expect(DefaultObstacleTaxonomy.categories.count == 10)
        #expect(Set(DefaultObstacleTaxonomy.categories.map(\.key)).count == 10)
        #expect(
            DefaultObstacleTaxonomy.categories.allSatisfy {
                !$0.nameNB.isEmpty && !$0.nameEN.isEmpty && $0.nameNB != $0.key
            })
        #expect(IdeaPrompt.allCases.filter { !$0.isOpeningQuestion }.count == 8, "the eight SCAMPER prompts")
        for prompt in IdeaPrompt.allCases {
            #expect(Localizer(.nb)(prompt.text) != Localizer(.en)(prompt.text))
        }
    }

    @Test func everyStarterTacticAimsAtCategoriesOfTheDefaultTaxonomy() {
        let keys = Set(DefaultObstacleTaxonomy.categories.map(\.key))
        for tactic in DefaultTactics.catalogue {
            #expect(!tactic.categoryKeys.isEmpty && Set(tactic.categoryKeys).isSubset(of: keys), "\(tactic.nameEN)")
            #expect(!tactic.nameNB.isEmpty && !tactic.summaryEN.isEmpty)
        }
        // Every category has at least one play to start from.
        #expect(Set(DefaultTactics.catalogue.flatMap(\.categoryKeys)) == keys)
    }

    @Test func sharesAreWrittenAsEachLanguageWritesPercentages() {
        #expect(LocaleFormat(.nb).percent(0.857) == "86\u{00A0}%")
        #expect(LocaleFormat(.en).percent(0.857) == "86%")
        #expect(LocaleFormat(.en).percent(0.005) == "1%" && LocaleFormat(.en).percent(1) == "100%")
    }

    @Test func demoCasesAreDeterministicAndWonDealsMoreOftenApplyAnAimedTactic() {
        let cases = DemoCases(seed: 7)
        #expect(
            cases.make(index: 12, status: .won, stalled: false)
                == DemoCases(seed: 7).make(index: 12, status: .won, stalled: false))
        #expect(cases.make(index: DemoCases.casesUpTo, status: .won, stalled: true) == nil)
        func aimedShare(_ status: DealStatus) -> Double {
            var aimed = 0, chosen = 0
            for index in 0..<4000 {
                guard let demo = cases.make(index: index, status: status, stalled: false) else { continue }
                let keys = Set(demo.obstacles.map(\.categoryKey))
                for plan in demo.plans where plan.chosen {
                    chosen += 1
                    if plan.tactics.contains(where: {
                        !Set(DefaultTactics.catalogue[$0].categoryKeys).isDisjoint(with: keys)
                    }) {
                        aimed += 1
                    }
                }
                #expect(demo.plans.count >= 2 && !demo.obstacles.isEmpty)
                #expect(demo.plans.filter(\.chosen).count == 1, "a closed case has one chosen plan")
            }
            return Double(aimed) / Double(chosen)
        }
        #expect(aimedShare(.won) > aimedShare(.lost) + 0.15)
    }
}
