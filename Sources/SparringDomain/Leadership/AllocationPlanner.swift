import Foundation

/// A pool of something a leader hands out: presales hours, a specialist's days, the leader's own
/// time, a discount or campaign budget. Capacity is in the pool's own whole units (hours, kroner) for
/// the period being planned.
public struct ResourcePool: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var capacity: Int

    public init(id: UUID, capacity: Int) {
        self.id = id
        self.capacity = capacity
    }
}

/// A deal's request for part of a pool, and what it is expected to bring: the deal's value (in the
/// base currency's minor units) times the uplift in its probability of winning.
public struct ResourceRequest: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var poolID: UUID
    public var amount: Int
    public var dealValueMinor: Int64
    /// Expected rise in the probability of winning, 0…1.
    public var uplift: Double

    public init(id: UUID, poolID: UUID, amount: Int, dealValueMinor: Int64, uplift: Double) {
        self.id = id
        self.poolID = poolID
        self.amount = amount
        self.dealValueMinor = dealValueMinor
        self.uplift = uplift
    }

    /// Expected value gained, in minor units: deal value × uplift.
    public var gain: Double { Double(dealValueMinor) * min(max(uplift, 0), 1) }
}

/// What the planner proposes: the requests to grant, the expected value gained, and how far from the
/// best possible it can be.
public struct AllocationPlan: Sendable, Equatable {
    public var granted: Set<UUID>
    /// Expected value gained by the granted requests.
    public var gain: Double
    /// No plan can gain more than this. Equal to `gain` when the plan is proven optimal.
    public var bound: Double
    /// Why each request was or was not granted.
    public var reasons: [UUID: Reason]

    public var isOptimal: Bool { bound - gain <= 1e-6 * max(1, bound) }

    public enum Reason: Sendable, Equatable {
        /// Granted; its gain per unit of the pool.
        case granted(gainPerUnit: Double)
        /// More than the whole pool.
        case exceedsCapacity
        /// Nothing to gain (no uplift or no value).
        case noGain
        /// The pool is better spent on the granted requests: they gain more together than any plan
        /// with this one in it.
        case betterSpentElsewhere(gainPerUnit: Double)
    }
}

/// Chooses the requests to grant so that the expected value gained is as large as it can be within
/// every pool's capacity. Each request draws on one pool, so each pool is a 0/1 knapsack of its own:
///
/// - exact by dynamic programming over the pool's capacity (amounts and capacity divided by their
///   greatest common divisor) when that is at most `exactCells` steps — always for the planning sizes
///   of a team (200 requests against a few thousand hours);
/// - otherwise exact by branch and bound (requests by gain per unit, the fractional relaxation as the
///   bound) within `nodeLimit` nodes;
/// - and past that, the best plan found, with the fractional bound saying how far from optimal it can
///   be at most.
public enum AllocationPlanner {
    public static let exactCells = 40_000_000
    public static let nodeLimit = 2_000_000

    public static func plan(pools: [ResourcePool], requests: [ResourceRequest]) -> AllocationPlan {
        var granted = Set<UUID>()
        var gain = 0.0
        var bound = 0.0
        var reasons: [UUID: AllocationPlan.Reason] = [:]
        let capacities = Dictionary(uniqueKeysWithValues: pools.map { ($0.id, max(0, $0.capacity)) })
        for (poolID, inPool) in Dictionary(grouping: requests, by: \.poolID) {
            let capacity = capacities[poolID] ?? 0
            var candidates: [ResourceRequest] = []
            for request in inPool {
                if request.gain <= 0 {
                    reasons[request.id] = .noGain
                } else if request.amount > capacity {
                    reasons[request.id] = .exceedsCapacity
                } else if request.amount <= 0 {
                    // Free: always worth granting.
                    granted.insert(request.id)
                    gain += request.gain
                    bound += request.gain
                    reasons[request.id] = .granted(gainPerUnit: request.gain)
                } else {
                    candidates.append(request)
                }
            }
            let solved = knapsack(candidates, capacity: capacity)
            gain += solved.gain
            bound += solved.bound
            for request in candidates {
                let perUnit = request.gain / Double(request.amount)
                if solved.chosen.contains(request.id) {
                    granted.insert(request.id)
                    reasons[request.id] = .granted(gainPerUnit: perUnit)
                } else {
                    reasons[request.id] = .betterSpentElsewhere(gainPerUnit: perUnit)
                }
            }
        }
        return AllocationPlan(granted: granted, gain: gain, bound: max(bound, gain), reasons: reasons)
    }

    /// One pool's best choice among requests that each fit and gain something.
    static func knapsack(_ items: [ResourceRequest], capacity: Int) -> (chosen: Set<UUID>, gain: Double, bound: Double)
    {
        guard !items.isEmpty else { return ([], 0, 0) }
        if items.reduce(0, { $0 + $1.amount }) <= capacity {
            let all = items.reduce(0) { $0 + $1.gain }
            return (Set(items.map(\.id)), all, all)
        }
        let divisor = items.reduce(capacity) { gcd($0, $1.amount) }
        let scaled = capacity / max(divisor, 1)
        if (scaled + 1) * items.count <= exactCells {
            let (chosen, gain) = dynamic(items, capacity: scaled, divisor: max(divisor, 1))
            return (chosen, gain, gain)
        }
        return branchAndBound(items, capacity: capacity)
    }

    static func gcd(_ a: Int, _ b: Int) -> Int { b == 0 ? a : gcd(b, a % b) }

    /// Exact: best gain for every capacity 0…C, one request at a time, remembering which requests
    /// improved which capacity so the choice can be read back.
    static func dynamic(_ items: [ResourceRequest], capacity: Int, divisor: Int) -> (Set<UUID>, Double) {
        var best = [Double](repeating: 0, count: capacity + 1)
        var took = [[Bool]](repeating: [], count: items.count)
        for (index, item) in items.enumerated() {
            let weight = item.amount / divisor
            var row = [Bool](repeating: false, count: capacity + 1)
            if weight <= capacity {
                for c in stride(from: capacity, through: weight, by: -1) where best[c - weight] + item.gain > best[c] {
                    best[c] = best[c - weight] + item.gain
                    row[c] = true
                }
            }
            took[index] = row
        }
        var chosen = Set<UUID>()
        var c = capacity
        for index in stride(from: items.count - 1, through: 0, by: -1) where took[index][c] {
            chosen.insert(items[index].id)
            c -= items[index].amount / divisor
        }
        return (chosen, best[capacity])
    }

    /// Exact within the node limit: depth first, the densest request first, pruning every branch whose
    /// fractional relaxation cannot beat the best plan found. Returns that relaxation of the whole
    /// problem as the bound when the limit cut the search short.
    static func branchAndBound(_ items: [ResourceRequest], capacity: Int) -> (Set<UUID>, Double, Double) {
        let sorted = items.sorted { $0.gain * Double($1.amount) > $1.gain * Double($0.amount) }
        func relaxation(from start: Int, room: Int) -> Double {
            var room = room
            var total = 0.0
            for item in sorted[start...] {
                if item.amount <= room {
                    room -= item.amount
                    total += item.gain
                } else {
                    return total + item.gain * Double(room) / Double(item.amount)
                }
            }
            return total
        }
        // Start from the greedy plan (densest first, skipping what does not fit) or the best single
        // request, whichever gains more: together never less than half the optimum.
        var greedy: [Bool] = []
        var room = capacity
        var greedyGain = 0.0
        for item in sorted {
            let fits = item.amount <= room
            greedy.append(fits)
            if fits {
                room -= item.amount
                greedyGain += item.gain
            }
        }
        var bestGain = greedyGain
        var bestChoice = greedy
        if let single = sorted.indices.max(by: { sorted[$0].gain < sorted[$1].gain }), sorted[single].gain > bestGain {
            bestGain = sorted[single].gain
            bestChoice = sorted.indices.map { $0 == single }
        }
        var nodes = 0
        var current = [Bool](repeating: false, count: sorted.count)
        var complete = true
        func search(_ index: Int, room: Int, gain: Double) {
            nodes += 1
            if nodes > nodeLimit {
                complete = false
                return
            }
            if gain > bestGain {
                bestGain = gain
                bestChoice = current
            }
            guard index < sorted.count, gain + relaxation(from: index, room: room) > bestGain + 1e-9 else { return }
            let item = sorted[index]
            if item.amount <= room {
                current[index] = true
                search(index + 1, room: room - item.amount, gain: gain + item.gain)
                current[index] = false
            }
            search(index + 1, room: room, gain: gain)
        }
        search(0, room: capacity, gain: 0)
        let chosen = Set(sorted.indices.filter { bestChoice[$0] }.map { sorted[$0].id })
        return (chosen, bestGain, complete ? bestGain : max(bestGain, relaxation(from: 0, room: capacity)))
    }
}
