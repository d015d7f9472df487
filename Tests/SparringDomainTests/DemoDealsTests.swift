import Foundation
import SparringDomain
import Testing

@Suite struct DemoDealsTests {
    let now = ISO8601DateFormatter().date(from: "2026-11-26T12:00:00Z")!
    let keys = DefaultSalesProcess.stages.map(\.key)

    func deals(_ count: Int, seed: UInt64 = 7) -> DemoDeals {
        DemoDeals(count: count, seed: seed, sellersPerTeam: [5, 4, 6], now: now)
    }

    @Test func theSameSeedGivesTheSameDealsAndAnyDealCanBeMadeAlone() {
        #expect(Array(deals(50)) == Array(deals(50)))
        #expect(deals(1_000).deal(999) == Array(deals(1_000)).last)
        #expect(Array(deals(20)) != Array(deals(20, seed: 8)))
        #expect(Set(deals(500).map(\.externalID)).count == 500)
    }

    @Test func historiesAreChronologicalAndEndWhereTheStatusSays() {
        for deal in deals(2_000) {
            #expect(zip(deal.steps, deal.steps.dropFirst()).allSatisfy { $0.enteredAt <= $1.enteredAt })
            #expect(deal.steps.first?.stageKey == "qualify" && deal.steps.first?.enteredAt == deal.createdAt)
            #expect(deal.steps.allSatisfy { keys.contains($0.stageKey) })
            #expect(deal.steps.last!.enteredAt <= now)
            switch deal.status {
            case .won: #expect(deal.steps.last?.stageKey == "won" && deal.closeReason != nil)
            case .lost: #expect(deal.steps.last?.stageKey == "lost" && deal.closeReason != nil)
            case .open, .onHold:
                #expect(!["won", "lost"].contains(deal.steps.last!.stageKey) && deal.closeReason == nil)
            }
            #expect(deal.amountMinor > 0 && ["NOK", "EUR"].contains(deal.currency))
            #expect(deal.teamIndex < 3 && deal.sellerIndex < [5, 4, 6][deal.teamIndex])
        }
    }

    @Test func aLifelikeMixOfOpenWonLostAndStalledDeals() {
        let all = Array(deals(5_000))
        let share = { (status: DealStatus) in Double(all.filter { $0.status == status }.count) / Double(all.count) }
        #expect((0.03...0.4).contains(share(.open)), "open \(share(.open))")
        #expect((0.2...0.6).contains(share(.won)), "won \(share(.won))")
        #expect((0.2...0.7).contains(share(.lost)), "lost \(share(.lost))")
        // Some open deals have sat far longer than the stage's expected days, and some had their close date moved.
        let expected = Dictionary(
            uniqueKeysWithValues: DefaultSalesProcess.stages.map { ($0.key, $0.expectedDays ?? 0) })
        let stalled = all.filter { deal in
            deal.status == .open
                && now.timeIntervalSince(deal.steps.last!.enteredAt) / 86_400
                    > Double(3 * expected[deal.steps.last!.stageKey]!)
        }
        #expect(!stalled.isEmpty)
        #expect(all.contains { $0.closeDatePushes >= 2 })
        let customers = Set(all.map(\.customerIndex))
        #expect(customers.count > 100 && customers.count <= deals(5_000).customerCount)
        #expect(deals(5_000).customer(0).name.hasSuffix("AS") || deals(5_000).customer(0).name.hasSuffix("ASA"))
    }

    @Test func theDefaultProcessIsValid() {
        #expect(DefaultSalesProcess.problems(DefaultSalesProcess.stages).isEmpty)
        var broken = DefaultSalesProcess.stages
        broken.removeAll { $0.kind == .won }
        broken[0].probability = 120
        #expect(DefaultSalesProcess.problems(broken) == [.stageProbabilityRange, .stageNeedsWonAndLost])
    }
}
