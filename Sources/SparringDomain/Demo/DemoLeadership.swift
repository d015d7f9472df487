import Foundation

/// The demo's leader side: each team's resource pools, what sellers ask for and why, the sellers'
/// pulse answers over two rounds (a leader who improves on coaching), and the leaders' reflections.
public enum DemoLeadership {
    public static let pools: [ResourcePoolDefinition] = [
        ResourcePoolDefinition(name: "Presalg", kind: .presales, unit: "timer", period: .week, capacity: 40),
        ResourcePoolDefinition(
            name: "Sikkerhetsspesialist", kind: .specialist, unit: "dager", period: .month, capacity: 6),
        ResourcePoolDefinition(name: "Lederens tid", kind: .leaderTime, unit: "timer", period: .week, capacity: 8),
        ResourcePoolDefinition(name: "Kampanjebudsjett", kind: .budget, unit: "kr", period: .month, capacity: 60_000),
    ]

    /// Per pool (in `pools` order): amounts a request asks for, and the reasons given.
    public static let asks: [(amounts: [Int], reasons: [String])] = [
        (
            [6, 8, 12, 4, 10, 16],
            [
                "Demo av integrasjonen for IT-sjefen", "Løsningsworkshop med innkjøp og drift",
                "Proof of concept på kundens egne data", "Teknisk avklaring før anbudsfristen",
            ]
        ),
        (
            [2, 3, 1, 4],
            ["Sikkerhetsgjennomgang kunden krever", "Svar på ROS-analysen", "Møte med kundens CISO"]
        ),
        (
            [2, 3, 1, 4],
            ["Toppledermøte med økonomidirektøren", "Forhandling om rammeavtalen", "Gjenoppta kontakten med sponsoren"]
        ),
        (
            [15_000, 25_000, 10_000, 40_000],
            ["Introduksjonsrabatt første år", "Kampanjepris ved signering før kvartalsslutt", "Gratis opplæringsdag"]
        ),
    ]

    /// A seller's ratings for one round: a steady base with a little spread, and coaching lifted in
    /// the later round.
    public static func scores(seller: Int, round: Int) -> [PulseStatement: Int] {
        var random = SeededGenerator(seed: UInt64(2026 + seller * 31 + round * 7))
        var scores: [PulseStatement: Int] = [:]
        for statement in PulseStatement.allCases {
            var base = 3 + Int.random(in: -1...1, using: &random)
            if statement.behaviour == .coaching { base += round }
            if statement.behaviour == .innovation && round == 0 { base -= 1 }
            scores[statement] = min(5, max(1, base))
        }
        return scores
    }

    public static let comments: [String] = [
        "Sparringen på Hafslund-saken hjalp meg mer enn ti oppfølgingsmøter.",
        "Jeg savner flere konkrete forslag når jeg står fast, ikke bare spørsmål.",
        "Good at sharing what worked for others — the case library is in use now.",
        "Ressursene går for ofte til de største avtalene, ikke der de gjør mest forskjell.",
        "",
        "Lederen tar seg tid, men det er vanskelig å få presalg.",
    ]

    public static func selfScores(quarter: Int) -> [SelfStatement: Int] {
        var scores: [SelfStatement: Int] = [:]
        for statement in SelfStatement.allCases {
            switch statement.behaviour {
            case .selling: scores[statement] = 4
            case .coaching: scores[statement] = 3 + quarter
            case .allocation: scores[statement] = 3
            case .innovation: scores[statement] = statement == .sharesWhatWorks ? 4 : 3
            }
        }
        return scores
    }

    public static let reflections: [[ReflectionQuestion: String]] = [
        [
            .goodLeader: "Jeg er god på salgsprosessen, men bruker for mye tid på rapportering.",
            .helpSucceed: "Jeg svarer raskt, men gir ofte ett svar i stedet for flere alternativer.",
            .doWhatTheBestDo: "Ikke ennå på innovasjon: vi gjør det vi alltid har gjort.",
            .bringInnovation: "Vil prøve plan A/plan B i hver sparring dette kvartalet.",
        ],
        [
            .goodLeader: "Bedre: selgerne kommer oftere til meg med fastlåste saker.",
            .helpSucceed: "Tre avtaler løst opp etter sparring; to av dem vunnet.",
            .doWhatTheBestDo: "Fordelingen av presalg er fortsatt mer magefølelse enn plan.",
            .bringInnovation: "Vi deler nå løste saker i biblioteket hver uke.",
        ],
    ]
}
