import Foundation

/// The case workbench for a realistic share of demo deals, in Norwegian like the demo organisation:
/// obstacles from the default taxonomy, answers to the four questions, people in the decision, what
/// was tried, and two or three plans built on the starter tactics, one of them chosen. Deal `n`'s case
/// depends only on the seed, `n` and how the deal ended, so it streams with the deals.
///
/// So that tactic evidence shows something to read, a won deal's chosen plan more often applies a
/// tactic aimed at one of its obstacles (65 %) than a lost deal's (35 %): the demo's evidence then shows
/// an association, as a real organisation's would if the plays work.
public struct DemoCases: Sendable {
    public struct Case: Sendable, Equatable {
        public struct ObstacleEntry: Sendable, Equatable {
            public var categoryKey: String
            public var detail: String
            public var resolution: String?
        }

        public struct PlanEntry: Sendable, Equatable {
            public var text: PlanText
            /// Indexes into `DefaultTactics.catalogue`.
            public var tactics: [Int]
            public var chosen: Bool
            public var outcome: PlanOutcome?
        }

        public var obstacles: [ObstacleEntry]
        public var answers: [(question: CaseQuestion, text: String)]
        public var influences: [(name: String, title: String, role: InfluenceRole, stance: InfluenceStance)]
        public var evidence: [(tried: String, result: EvidenceResult, daysAgo: Int)]
        public var plans: [PlanEntry]

        public static func == (lhs: Case, rhs: Case) -> Bool {
            lhs.obstacles == rhs.obstacles && lhs.plans == rhs.plans
                && lhs.answers.map(\.text) == rhs.answers.map(\.text)
                && lhs.influences.map(\.name) == rhs.influences.map(\.name)
                && lhs.evidence.map(\.tried) == rhs.evidence.map(\.tried)
        }
    }

    public let seed: UInt64

    public init(seed: UInt64) { self.seed = seed }

    /// Deals beyond this index get no case: the workbench at a million deals would add millions of
    /// rows the scale benchmarks do not read, and minutes to `demo --deals 1000000`.
    public static let casesUpTo = 100_000

    /// The case of deal `index`, or nil (about 45 % of deals that were lost, won or stalled, 15 % of the
    /// others).
    public func make(index: Int, status: DealStatus, stalled: Bool) -> Case? {
        guard index < Self.casesUpTo else { return nil }
        var random = SeededGenerator(seed: seed &+ 0x5EED_CA5E &+ UInt64(index) &* 0x2545_F491_4F6C_DD1D)
        let share = status == .open && !stalled ? 0.15 : 0.45
        guard Double.random(in: 0..<1, using: &random) < share else { return nil }

        let categories = DefaultObstacleTaxonomy.categories.map(\.key)
        var keys: [String] = []
        for _ in 0..<Int.random(in: 1...3, using: &random) {
            let key = categories[Int.random(in: 0..<categories.count, using: &random)]
            if !keys.contains(key) { keys.append(key) }
        }
        let closed = status == .won || status == .lost
        let obstacles = keys.map { key in
            Case.ObstacleEntry(
                categoryKey: key, detail: Self.details[key]?.randomElement(using: &random) ?? "",
                resolution: closed && status == .won && Bool.random(using: &random)
                    ? Self.resolutions.randomElement(using: &random) : nil)
        }
        let answers = CaseQuestion.allCases.filter { _ in Double.random(in: 0..<1, using: &random) < 0.6 }.map {
            (question: $0, text: Self.answers[$0]!.randomElement(using: &random)!)
        }
        let influences = (0..<Int.random(in: 0...2, using: &random)).map { _ in
            (
                name: Self.people.randomElement(using: &random)!, title: Self.titles.randomElement(using: &random)!,
                role: InfluenceRole.allCases.randomElement(using: &random)!,
                stance: InfluenceStance.allCases.randomElement(using: &random)!
            )
        }
        let evidence = (0..<Int.random(in: 0...2, using: &random)).map { _ in
            (
                tried: Self.attempts.randomElement(using: &random)!,
                result: EvidenceResult.allCases.randomElement(using: &random)!,
                daysAgo: Int.random(in: 3...60, using: &random)
            )
        }

        // Two or three plans, each built on a starter tactic; the chosen one applies a tactic aimed at
        // one of the obstacles more often when the deal was won.
        let aimed = DefaultTactics.catalogue.indices.filter { index in
            !Set(DefaultTactics.catalogue[index].categoryKeys).isDisjoint(with: keys)
        }
        let others = DefaultTactics.catalogue.indices.filter { !aimed.contains($0) }
        let planCount = Int.random(in: 2...3, using: &random)
        let chosenIndex = closed || stalled ? Int.random(in: 0..<planCount, using: &random) : nil
        let applyAimed = Double.random(in: 0..<1, using: &random) < (status == .won ? 0.65 : 0.35)
        var plans: [Case.PlanEntry] = []
        for planIndex in 0..<planCount {
            let pool =
                planIndex == chosenIndex ? (applyAimed ? aimed : others) : DefaultTactics.catalogue.indices.map { $0 }
            let tactic = (pool.isEmpty ? Array(DefaultTactics.catalogue.indices) : pool).randomElement(using: &random)!
            let definition = DefaultTactics.catalogue[tactic]
            let chosen = planIndex == chosenIndex
            plans.append(
                Case.PlanEntry(
                    text: PlanText(
                        title: definition.nameNB, approach: definition.summaryNB,
                        steps: Self.steps.randomElement(using: &random)!,
                        consequences: Self.consequences.randomElement(using: &random)!,
                        risks: Self.risks.randomElement(using: &random)!, positioning: "", resources: "",
                        expectedEffect: ""),
                    tactics: [tactic], chosen: chosen,
                    outcome: chosen && closed ? (status == .won ? .worked : .didNotWork) : nil))
        }
        return Case(obstacles: obstacles, answers: answers, influences: influences, evidence: evidence, plans: plans)
    }

    static let details: [String: [String]] = [
        "price": ["Budsjettet for i år er brukt opp", "Tilbudet ligger 20 % over konkurrentens"],
        "no-decision": ["De vil heller vente til neste år", "Ingen eier saken internt"],
        "competitor": ["Konkurrenten tilbyr gratis oppstart", "Eksisterende leverandør har fått nytt tilbud"],
        "no-champion": ["Kontaktpersonen vår har sluttet", "Ingen hos kunden kjemper for løsningen"],
        "no-economic-buyer": ["Vi har ikke møtt økonomisjefen", "Daglig leder tar beslutningen alene"],
        "timing": ["Innføringen kolliderer med høysesongen", "Omorganisering hos kunden til våren"],
        "technical-fit": ["Integrasjonen mot ERP er uavklart", "Krav om drift i egen sky"],
        "legal": ["Juridisk vil ha egne vilkår", "Innkjøp krever ny anbudsrunde"],
        "risk-aversion": ["De er redde for nedetid", "Ingen referanser i deres bransje"],
        "our-capacity": ["Vi har ikke konsulenter før i mars", "Prosjektlederen vår er opptatt"],
    ]
    static let resolutions = [
        "Delte betalingen over to budsjettår", "Referansebesøk overbeviste IT-sjefen",
        "Økonomisjefen ble med på et eget møte", "Avtalte en pilot med klare mål",
    ]
    static let answers: [CaseQuestion: [String]] = [
        .customer: [
            "De er usikre på om gevinsten er stor nok til å rettferdiggjøre byttet.",
            "Ny ledelse som vil se resultater før de binder seg.",
            "De har brent seg på et mislykket prosjekt før.",
        ],
        .reduceProblem: [
            "Starte smått i én avdeling og vise effekten.",
            "Ta over driften de første månedene.",
            "Regne på gevinsten sammen med dem.",
        ],
        .pushOn: [
            "Kostnaden ved å vente til neste år.", "Referansen fra en kunde i samme bransje.",
            "At vi kan levere før høysesongen.",
        ],
        .doDifferently: [
            "Snakke med økonomisjefen, ikke bare IT.", "Slutte å sende tilbud før behovet er avklart.",
            "Ta med en fagperson på neste møte.",
        ],
    ]
    static let people = [
        "Kari Nordmann", "Ola Hansen", "Ingrid Berg", "Per Johansen", "Line Solberg", "Morten Lunde",
        "Siri Haugen", "Espen Moe",
    ]
    static let titles = ["Økonomisjef", "IT-sjef", "Innkjøpsleder", "Daglig leder", "Driftsleder", "Prosjektleder"]
    static let attempts = [
        "Referansebesøk hos en kunde", "Demo for brukerne", "Sendte ROI-beregning", "Rabatt på første år",
        "Møte med IT-avdelingen", "Prøveperiode på 30 dager",
    ]
    static let steps = [
        "1. Avklare mål med kunden. 2. Lage forslag. 3. Møte med beslutningstaker.",
        "1. Invitere til workshop. 2. Regne på gevinst. 3. Sende revidert tilbud.",
    ]
    static let consequences = [
        "Lengre salgsløp, men større sjanse for ja.", "Lavere margin første år.",
        "Krever mer av vår tid nå.",
    ]
    static let risks = [
        "Kunden kan oppfatte det som press.", "Konkurrenten kan matche tilbudet.",
        "Piloten kan trekke ut i tid.",
    ]
}
