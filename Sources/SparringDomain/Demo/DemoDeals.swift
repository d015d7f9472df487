import Foundation

/// A lifelike pipeline for the demo, generated deal by deal: customers with Norwegian names and
/// industries, deals across the default stages with histories whose time in stage varies by stage and
/// deal size, some that stall, won and lost deals with reasons. Deal `n` depends only on the seed, the
/// size and `n`, so a million deals can be streamed in batches and the same seed always gives the same data.
public struct DemoDeals: Sequence, Sendable {
    public struct Customer: Sendable, Equatable {
        public var name: String
        public var industry: String
        public var sizeBand: String
    }

    public struct Deal: Sendable, Equatable {
        public struct Step: Sendable, Equatable {
            public var stageKey: String
            public var enteredAt: Date
        }

        public var externalID: String
        public var title: String
        public var customerIndex: Int
        public var teamIndex: Int
        public var sellerIndex: Int
        public var amountMinor: Int64
        public var currency: String
        public var createdAt: Date
        /// Oldest first; the last step is the stage the deal is in.
        public var steps: [Step]
        public var status: DealStatus
        public var expectedCloseDate: Date
        public var closeDatePushes: Int
        public var closeReason: String?
    }

    public let count: Int
    public let seed: UInt64
    /// Sellers per team, in team order.
    public let sellersPerTeam: [Int]
    public let now: Date

    public init(count: Int, seed: UInt64, sellersPerTeam: [Int], now: Date) {
        self.count = count
        self.seed = seed
        self.sellersPerTeam = sellersPerTeam
        self.now = now
    }

    /// One customer per 20 deals: enough repeat business to look real.
    public var customerCount: Int { Swift.max(1, count / 20) }

    static let prefixes = [
        "Nord", "Fjord", "Vest", "Berg", "Lys", "Havn", "Kyst", "Skog", "Stein", "Elv", "Øst",
        "Fjell", "Vik", "Sol", "Bre", "Dal", "Sjø", "Ås", "Tind", "Myr",
    ]
    static let suffixes = [
        "kraft", "data", "bygg", "transport", "helse", "energi", "handel", "teknikk", "logistikk",
        "media", "fisk", "maskin", "eiendom", "consult", "net",
    ]
    static let forms = [" AS", " AS", " AS", " ASA", " Gruppen AS", " & Co AS"]
    static let industries = [
        "Energi", "Bygg og anlegg", "Transport og logistikk", "Helse", "Offentlig sektor",
        "Finans", "Varehandel", "Industri", "IKT", "Sjømat",
    ]
    static let sizeBands = ["1–49", "50–249", "250–999", "1000+"]
    static let offers = [
        "Lisenser", "Rammeavtale", "Utvidelse", "Pilot", "Migrering", "Støtteavtale", "Opplæring",
        "Integrasjon",
    ]
    static let wonReasons = ["Best totalløsning", "Pris", "Sterk relasjon", "Gode referanser"]
    static let lostReasons = ["Valgte konkurrent", "Ingen beslutning", "Budsjettet ble kuttet", "Feil tidspunkt"]
    /// Open stages in order with the median days a deal stays there, and the chance it is lost there.
    static let path: [(key: String, medianDays: Double, lossChance: Double)] = [
        ("qualify", 6, 0.25), ("needs", 11, 0.2), ("proposal", 9, 0.25), ("negotiation", 7, 0.2),
    ]

    public func customer(_ index: Int) -> Customer {
        var random = SeededGenerator(seed: seed &+ 0xC0FFEE &+ UInt64(index) &* 0x9E37_79B9)
        let name =
            Self.prefixes[index % Self.prefixes.count]
            + Self.suffixes[(index / Self.prefixes.count) % Self.suffixes.count]
            + (index >= Self.prefixes.count * Self.suffixes.count
                ? " \(index / (Self.prefixes.count * Self.suffixes.count) + 1)" : "")
            + Self.forms.randomElement(using: &random)!
        return Customer(
            name: name, industry: Self.industries.randomElement(using: &random)!,
            sizeBand: Self.sizeBands.randomElement(using: &random)!)
    }

    public func deal(_ index: Int) -> Deal {
        var random = SeededGenerator(seed: seed &+ UInt64(index) &* 0xD1B5_4A32_D192_ED03)
        let day = 86_400.0
        let teamIndex = index % Swift.max(1, sellersPerTeam.count)
        let sellerIndex = Int.random(in: 0..<Swift.max(1, sellersPerTeam[teamIndex]), using: &random)
        let customerIndex = Int.random(in: 0..<customerCount, using: &random)
        // Amounts: most deals 50k–500k NOK, a long tail of large ones; one in ten in euros.
        let amount =
            (exp(Double.random(in: log(30_000.0)...log(5_000_000.0), using: &random)) / 1_000).rounded() * 1_000
        let euros = Int.random(in: 0..<10, using: &random) == 0
        let sizeFactor = 1 + 0.35 * log10(Swift.max(amount, 30_000) / 100_000)  // bigger deals move slower
        let createdAt = now.addingTimeInterval(-Double.random(in: 1...730, using: &random) * day)
        let stalls = Int.random(in: 0..<8, using: &random) == 0

        var steps: [Deal.Step] = []
        var time = createdAt
        var status = DealStatus.open
        var closeReason: String?
        for (position, stage) in Self.path.enumerated() {
            steps.append(.init(stageKey: stage.key, enteredAt: time))
            // Log-normal stay around the stage's median; a stalled deal sits four times longer.
            let normal = Self.normal(&random)
            var stay = stage.medianDays * sizeFactor * exp(0.6 * normal) * (stalls && position >= 1 ? 4 : 1)
            stay = Swift.max(0.5, stay)
            let leaves = time.addingTimeInterval(stay * day)
            if leaves > now { break }  // still in this stage today
            time = leaves
            if Double.random(in: 0..<1, using: &random) < stage.lossChance {
                status = .lost
                closeReason = Self.lostReasons.randomElement(using: &random)
                steps.append(.init(stageKey: "lost", enteredAt: time))
                break
            }
            if position == Self.path.count - 1 {
                status = .won
                closeReason = Self.wonReasons.randomElement(using: &random)
                steps.append(.init(stageKey: "won", enteredAt: time))
            }
        }
        // The close date first promised, and how often it slipped for deals still open.
        var pushes = 0
        var expected = createdAt.addingTimeInterval(
            Double(Self.path.reduce(0) { $0 + Int($1.medianDays) }) * sizeFactor * day)
        if status == .open {
            while expected < now && pushes < 4 && Int.random(in: 0..<3, using: &random) > 0 {
                expected = expected.addingTimeInterval(Double.random(in: 14...45, using: &random) * day)
                pushes += 1
            }
        } else {
            expected = steps.last!.enteredAt
        }
        let customer = customer(customerIndex)
        let title = Self.offers[index % Self.offers.count] + " " + customer.name.split(separator: " ").first!
        return Deal(
            externalID: String(format: "DEMO-%07d", index + 1), title: title, customerIndex: customerIndex,
            teamIndex: teamIndex, sellerIndex: sellerIndex,
            amountMinor: Int64(euros ? amount / 10 : amount) * 100, currency: euros ? "EUR" : "NOK",
            createdAt: createdAt, steps: steps, status: status, expectedCloseDate: expected,
            closeDatePushes: pushes, closeReason: closeReason)
    }

    /// A standard normal draw (Box–Muller).
    static func normal(_ random: inout SeededGenerator) -> Double {
        let u1 = Double.random(in: Double.ulpOfOne..<1, using: &random)
        let u2 = Double.random(in: 0..<1, using: &random)
        return sqrt(-2 * log(u1)) * cos(2 * .pi * u2)
    }

    public func makeIterator() -> AnyIterator<Deal> {
        var index = 0
        return AnyIterator {
            guard index < count else { return nil }
            defer { index += 1 }
            return deal(index)
        }
    }
}
