import Foundation
import SparringDomain
import Testing

@Suite struct AllocationPlannerTests {
    func request(_ pool: UUID, _ amount: Int, _ value: Int64, _ uplift: Double) -> ResourceRequest {
        ResourceRequest(id: UUID(), poolID: pool, amount: amount, dealValueMinor: value, uplift: uplift)
    }

    /// The best total gain by trying every subset, for small cases.
    func bruteForce(_ pools: [ResourcePool], _ requests: [ResourceRequest]) -> Double {
        var best = 0.0
        for mask in 0..<(1 << requests.count) {
            var used: [UUID: Int] = [:]
            var gain = 0.0
            for (index, request) in requests.enumerated() where mask & (1 << index) != 0 {
                used[request.poolID, default: 0] += request.amount
                gain += request.gain
            }
            let fits =
                pools.allSatisfy { (used[$0.id] ?? 0) <= $0.capacity }
                && used.keys.allSatisfy { id in pools.contains { $0.id == id } }
            if fits { best = max(best, gain) }
        }
        return best
    }

    @Test func theChoiceEqualsBruteForceOnRandomSmallCases() {
        var random = SeededGenerator(seed: 7)
        for trial in 0..<300 {
            let pools = (0..<Int.random(in: 1...3, using: &random)).map { _ in
                ResourcePool(id: UUID(), capacity: Int.random(in: 0...40, using: &random))
            }
            let requests = (0..<Int.random(in: 0...12, using: &random)).map { _ in
                request(
                    pools[Int.random(in: 0..<pools.count, using: &random)].id, Int.random(in: 0...25, using: &random),
                    Int64.random(in: 0...2_000_000, using: &random), Double.random(in: -0.1...0.6, using: &random))
            }
            let plan = AllocationPlanner.plan(pools: pools, requests: requests)
            let best = bruteForce(pools, requests)
            #expect(abs(plan.gain - best) < 1e-6 * max(1, best), "trial \(trial)")
            #expect(plan.isOptimal)
            // The granted requests fit every pool and their gains add up to the plan's.
            let granted = requests.filter { plan.granted.contains($0.id) }
            for pool in pools {
                #expect(granted.filter { $0.poolID == pool.id }.reduce(0) { $0 + $1.amount } <= pool.capacity)
            }
            #expect(abs(granted.reduce(0) { $0 + $1.gain } - plan.gain) < 1e-6 * max(1, plan.gain))
        }
    }

    @Test func itBeatsTheGreedyChoiceOnACaseBuiltToTrapIt() {
        let pool = ResourcePool(id: UUID(), capacity: 10)
        // Densest first takes the 6-hour request (1.2 per hour) and then nothing else fits.
        let dense = request(pool.id, 6, 7_200, 1)
        let a = request(pool.id, 5, 5_000, 1), b = request(pool.id, 5, 5_000, 1)
        let plan = AllocationPlanner.plan(pools: [pool], requests: [dense, a, b])
        #expect(plan.granted == [a.id, b.id] && plan.gain == 10_000)
        #expect(plan.reasons[dense.id] == .betterSpentElsewhere(gainPerUnit: 1_200))
        let greedy = dense.gain
        #expect(plan.gain > greedy)
    }

    @Test func largeAmountsAreSolvedExactlyByBranchAndBound() {
        // A capacity in kroner too large for the table over capacity: branch and bound, still exact.
        var random = SeededGenerator(seed: 11)
        for _ in 0..<5 {
            let pool = ResourcePool(id: UUID(), capacity: 3_000_001)
            let requests = (0..<16).map { _ in
                request(
                    pool.id, Int.random(in: 300_001...900_001, using: &random),
                    Int64.random(in: 100_000...9_000_000, using: &random), Double.random(in: 0.01...0.5, using: &random)
                )
            }
            let plan = AllocationPlanner.plan(pools: [pool], requests: requests)
            let best = bruteForce([pool], requests)
            #expect(abs(plan.gain - best) < 1e-6 * best && plan.isOptimal)
        }
    }

    @Test func twoHundredRequestsAreExactAndEveryOneHasItsReason() {
        var random = SeededGenerator(seed: 3)
        let hours = ResourcePool(id: UUID(), capacity: 1_500)
        let budget = ResourcePool(id: UUID(), capacity: 250_000)
        var requests = (0..<200).map { index in
            request(
                index % 2 == 0 ? hours.id : budget.id,
                index % 2 == 0
                    ? Int.random(in: 4...80, using: &random) : 1_000 * Int.random(in: 5...60, using: &random),
                Int64.random(in: 50_000_00...5_000_000_00, using: &random),
                Double.random(in: 0.01...0.3, using: &random))
        }
        let tooBig = request(hours.id, 2_000, 1_000_000, 0.5)
        let useless = request(hours.id, 10, 1_000_000, 0)
        requests += [tooBig, useless]
        let plan = AllocationPlanner.plan(pools: [hours, budget], requests: requests)
        #expect(plan.isOptimal && plan.bound == plan.gain)
        #expect(plan.reasons[tooBig.id] == .exceedsCapacity && plan.reasons[useless.id] == .noGain)
        #expect(plan.reasons.count == requests.count)
        // No request left out would fit in what is left of its pool and add gain.
        for pool in [hours, budget] {
            let used = requests.filter { plan.granted.contains($0.id) && $0.poolID == pool.id }.reduce(0) {
                $0 + $1.amount
            }
            #expect(used <= pool.capacity)
            let left = pool.capacity - used
            #expect(
                !requests.contains {
                    $0.poolID == pool.id && !plan.granted.contains($0.id) && $0.gain > 0 && $0.amount <= left
                })
        }
    }
}
