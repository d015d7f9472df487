import Foundation

/// A small deterministic random source (SplitMix64), so the same seed gives the same demo everywhere.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The demo organisation as plain data: a Norwegian company with three teams, a leader and 4–6
/// sellers each, and one admin. Later issues extend the plan with deals and cases.
public struct DemoPlan: Sendable, Equatable {
    public struct Person: Sendable, Equatable {
        public var name: String
        public var email: String
        public var role: Role
        public var locale: AppLocale?
    }

    public struct TeamPlan: Sendable, Equatable {
        public var name: String
        public var leader: Person
        public var sellers: [Person]
    }

    public var organisationName: String
    public var domain: String
    public var admin: Person
    public var teams: [TeamPlan]

    public static let password = "sparring-demo"

    static let firstNames = [
        "Ingrid", "Ola", "Kari", "Lars", "Nora", "Henrik", "Sofie", "Jonas", "Emma", "Magnus",
        "Ida", "Sindre", "Maja", "Even", "Thea", "Øystein", "Åse", "Bjørn", "Silje", "Torstein",
        "Marte", "Eirik", "Hanne", "Kristoffer", "Line", "Anders", "Tuva", "Håkon",
    ]
    static let lastNames = [
        "Haugen", "Johansen", "Berg", "Nilsen", "Hansen", "Larsen", "Solberg", "Dahl", "Lie",
        "Bakke", "Strand", "Aasen", "Moen", "Sæther", "Lund", "Ødegård", "Brekke", "Vik",
        "Fjeld", "Holm", "Rønning", "Eide", "Aune", "Nygård",
    ]

    /// Builds the plan for a seed; every person gets a distinct name and e-mail address.
    public static func make(seed: UInt64 = 2026) -> DemoPlan {
        var random = SeededGenerator(seed: seed)
        let domain = "nordlys.example"
        var used = Set<String>()

        func person(_ role: Role) -> Person {
            while true {
                let first = firstNames.randomElement(using: &random)!
                let last = lastNames.randomElement(using: &random)!
                let local = "\(first).\(last)".lowercased()
                    .replacingOccurrences(of: "æ", with: "ae").replacingOccurrences(of: "ø", with: "o")
                    .replacingOccurrences(of: "å", with: "a")
                guard used.insert(local).inserted else { continue }
                // A few people prefer English, as in any Norwegian company with international hires.
                let locale: AppLocale? = Int.random(in: 0..<6, using: &random) == 0 ? .en : nil
                return Person(name: "\(first) \(last)", email: "\(local)@\(domain)", role: role, locale: locale)
            }
        }

        let admin = person(.admin)
        let teams = ["Team Øst", "Team Vest", "Team Nord"].map { name in
            TeamPlan(
                name: name, leader: person(.leader),
                sellers: (0..<Int.random(in: 4...6, using: &random)).map { _ in person(.seller) })
        }
        return DemoPlan(organisationName: "Nordlys Systemer AS", domain: domain, admin: admin, teams: teams)
    }
}
