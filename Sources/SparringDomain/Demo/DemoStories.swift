import Foundation

/// Case stories for the demo, in Norwegian and English: what stood in the way (by obstacle category),
/// what the team did and how it ended, put together from sentence pools so that hundreds — or, for the
/// benchmark, a hundred thousand — stories read differently and search has real words to find. Story
/// `n` depends only on the seed and `n`.
public struct DemoStories: Sendable {
    public let seed: UInt64

    public init(seed: UInt64) { self.seed = seed }

    struct Pool {
        var titles: [String]
        var obstacles: [String]
        var actions: [String]
    }

    /// Per category key and language: title patterns ({industry}), what stood in the way, what was done.
    static let pools: [String: [AppLocale: Pool]] = [
        "price": [
            .nb: Pool(
                titles: [
                    "Prisen var for høy for {industry}", "Budsjettet holdt ikke", "Rabattkravet vi ikke ga etter for",
                ],
                obstacles: [
                    "Kunden mente prisen lå tjue prosent over konkurrentens.",
                    "Innkjøp krevde rabatt før de ville signere.", "Budsjettet for året var allerede brukt opp.",
                ],
                actions: [
                    "Vi regnet ut gevinsten sammen med økonomisjefen, med kundens egne tall.",
                    "Vi delte leveransen i to budsjettår i stedet for å gi rabatt.",
                    "Vi viste hva det kostet dem å vente et halvår til.",
                ]),
            .en: Pool(
                titles: ["The price was too high for {industry}", "The budget would not stretch", "Holding the price"],
                obstacles: [
                    "The customer thought our price was twenty percent above the competitor's.",
                    "Procurement demanded a discount before signing.", "This year's budget was already spent.",
                ],
                actions: [
                    "We built the return on investment with the CFO, in the customer's own numbers.",
                    "We split the delivery over two budget years instead of discounting.",
                    "We showed what another six months of waiting would cost them.",
                ]),
        ],
        "no-decision": [
            .nb: Pool(
                titles: ["Ingen ville bestemme seg", "Status quo var tryggest", "Beslutningen som ble utsatt"],
                obstacles: [
                    "Styret utsatte beslutningen gang på gang.", "Kunden var fornøyd nok med dagens løsning.",
                    "Ingen hos kunden eide prosjektet.",
                ],
                actions: [
                    "Vi laget en felles handlingsplan med datoer fram til oppstart.",
                    "Vi satte tall på kostnaden ved å la være.",
                    "Vi foreslo en kort pilot for å gjøre beslutningen mindre.",
                ]),
            .en: Pool(
                titles: ["Nobody would decide", "The status quo felt safest", "The decision kept slipping"],
                obstacles: [
                    "The board postponed the decision again and again.",
                    "The customer was happy enough with what they had.", "Nobody at the customer owned the project.",
                ],
                actions: [
                    "We agreed a mutual action plan with dates up to go-live.",
                    "We put a figure on the cost of doing nothing.",
                    "We proposed a short pilot to make the decision smaller.",
                ]),
        ],
        "competitor": [
            .nb: Pool(
                titles: [
                    "Konkurrenten kom inn sent", "Mot en billigere konkurrent i {industry}",
                    "Sammenlignet linje for linje",
                ],
                obstacles: [
                    "En konkurrent tilbød gratis innføring i siste runde.",
                    "Kunden sammenlignet tilbudene linje for linje.", "Den etablerte leverandøren fikk siste ord.",
                ],
                actions: [
                    "Vi viste integrasjonen som konkurrentene ikke hadde, i kundens eget miljø.",
                    "Vi lot en referansekunde i samme bransje fortelle hvordan de løste det.",
                    "Vi flyttet samtalen fra pris til driftssikkerhet.",
                ]),
            .en: Pool(
                titles: [
                    "A competitor came in late", "Against a cheaper rival in {industry}", "Compared line by line",
                ],
                obstacles: [
                    "A competitor offered free implementation in the final round.",
                    "The customer compared the offers line by line.", "The incumbent supplier got the last word.",
                ],
                actions: [
                    "We demonstrated the integration the competitors lacked, in the customer's own environment.",
                    "We let a reference customer from the same industry tell how they solved it.",
                    "We moved the conversation from price to reliability.",
                ]),
        ],
        "no-champion": [
            .nb: Pool(
                titles: ["Pådriveren sluttet", "Uten noen som kjempet for oss", "Ny kontaktperson midt i salget"],
                obstacles: [
                    "Prosjektlederen som drev saken byttet jobb før signering.",
                    "Ingen hos kunden ville stå fram for løsningen.", "Den nye kontaktpersonen kjente ikke saken.",
                ],
                actions: [
                    "Vi ga den nye prosjektlederen saken, tallene og svarene hun trengte internt.",
                    "Vi møtte sponsoren sammen med den nye kontakten.",
                    "Vi skrev et beslutningsnotat kunden kunne bruke selv.",
                ]),
            .en: Pool(
                titles: ["Our champion left", "With nobody fighting for us", "A new contact mid-sale"],
                obstacles: [
                    "The project lead who drove the purchase changed jobs before signing.",
                    "Nobody at the customer would speak up for the solution.",
                    "The new contact did not know the case.",
                ],
                actions: [
                    "We armed the new project lead with the case, the numbers and the answers she needed inside.",
                    "We met the sponsor together with the new contact.",
                    "We wrote a decision memo the customer could use themselves.",
                ]),
        ],
        "no-economic-buyer": [
            .nb: Pool(
                titles: ["Vi nådde aldri den som bestemte", "Toppledelsen var utenfor rekkevidde"],
                obstacles: [
                    "Vi snakket bare med fagavdelingen, aldri med økonomidirektøren.",
                    "Den som eide budsjettet ville ikke møte oss.",
                ],
                actions: [
                    "Vår administrerende direktør møtte kundens toppleder for å snakke om mål, ikke produkt.",
                    "Vi lot pådriveren ta med seg regnestykket til ledermøtet.",
                ]),
            .en: Pool(
                titles: ["We never reached the decision maker", "The executives were out of reach"],
                obstacles: [
                    "We only talked to the department, never to the finance director.",
                    "The budget owner would not meet us.",
                ],
                actions: [
                    "Our CEO met the customer's executive to talk about goals, not product.",
                    "We let the champion take the business case to the management meeting.",
                ]),
        ],
        "timing": [
            .nb: Pool(
                titles: ["Feil tidspunkt for {industry}", "Neste år, sa kunden"],
                obstacles: [
                    "Kunden ville vente til etter omorganiseringen.", "Innføringen kolliderte med høysesongen.",
                ],
                actions: [
                    "Vi planla oppstarten etter høysesongen og signerte nå.",
                    "Vi viste hva de tapte på å vente, måned for måned.",
                ]),
            .en: Pool(
                titles: ["The wrong time for {industry}", "Next year, said the customer"],
                obstacles: [
                    "The customer wanted to wait until after the reorganisation.",
                    "The roll-out clashed with their peak season.",
                ],
                actions: [
                    "We planned go-live after the peak season and signed now.",
                    "We showed what they lost by waiting, month by month.",
                ]),
        ],
        "technical-fit": [
            .nb: Pool(
                titles: ["Passet det med systemene deres?", "Integrasjonen som stoppet alt"],
                obstacles: [
                    "IT-avdelingen tvilte på at løsningen passet med lagersystemet.",
                    "Sikkerhetsgjennomgangen avdekket krav vi ikke hadde svar på.",
                ],
                actions: [
                    "Vi kjørte en betalt pilot med klare suksesskriterier.",
                    "Vi satte vår arkitekt sammen med kundens IT-sjef en hel dag.",
                ]),
            .en: Pool(
                titles: ["Did it fit their systems?", "The integration that stopped everything"],
                obstacles: [
                    "The IT department doubted the solution fitted their warehouse system.",
                    "The security review raised requirements we could not answer.",
                ],
                actions: [
                    "We ran a paid pilot with clear success criteria.",
                    "We put our architect with the customer's IT manager for a full day.",
                ]),
        ],
        "legal": [
            .nb: Pool(
                titles: ["Kontrakten satt fast hos juristene", "Innkjøpsprosessen tok måneder"],
                obstacles: [
                    "Juristene brukte måneder på databehandleravtalen.", "Anbudsreglene låste prosessen.",
                ],
                actions: [
                    "Vi sendte standardvilkårene til innkjøp før forhandlingen startet.",
                    "Vi tok med vår egen jurist i møtet med deres.",
                ]),
            .en: Pool(
                titles: ["The contract was stuck with legal", "Procurement took months"],
                obstacles: [
                    "The lawyers spent months on the data processing agreement.",
                    "Tender rules locked the process.",
                ],
                actions: [
                    "We sent our standard terms to procurement before the negotiation started.",
                    "We brought our own lawyer to the meeting with theirs.",
                ]),
        ],
        "risk-aversion": [
            .nb: Pool(
                titles: ["Kunden turte ikke bytte", "For stor risiko, mente de"],
                obstacles: [
                    "Kunden var redd for driftsstans ved bytte av system.",
                    "Et mislykket prosjekt for tre år siden satt i.",
                ],
                actions: [
                    "Vi tilbød trinnvis innføring med mulighet til å snu.",
                    "Vi garanterte oppetid de første seks månedene.",
                ]),
            .en: Pool(
                titles: ["The customer did not dare to switch", "Too much risk, they said"],
                obstacles: [
                    "The customer feared downtime when switching systems.",
                    "A failed project three years ago still hurt.",
                ],
                actions: [
                    "We offered a phased roll-out with a way back.",
                    "We guaranteed uptime for the first six months.",
                ]),
        ],
        "our-capacity": [
            .nb: Pool(
                titles: ["Vi hadde ikke folk nok", "Kapasiteten var vår egen flaskehals"],
                obstacles: [
                    "Vi kunne ikke starte før om fire måneder.",
                    "Konsulentene våre var bundet opp i et annet prosjekt.",
                ],
                actions: [
                    "Vi hentet inn en partner til første fase.",
                    "Vi delte leveransen i trinn som passet kapasiteten vår.",
                ]),
            .en: Pool(
                titles: ["We did not have the people", "Our own capacity was the bottleneck"],
                obstacles: [
                    "We could not start for four months.", "Our consultants were tied up in another project.",
                ],
                actions: [
                    "We brought in a partner for the first phase.",
                    "We split the delivery into phases that fitted our capacity.",
                ]),
        ],
    ]

    static let situations: [AppLocale: [String]] = [
        .nb: [
            "{customer} i {industry} trengte en ny løsning før sesongen.",
            "Kunden hadde vokst raskt og dagens system holdt ikke lenger.",
            "Ledelsen hos kunden ville kutte manuelt arbeid med en tredjedel.",
            "Etter en fusjon hadde kunden to systemer som ikke snakket sammen.",
            "Kundene deres klaget på lange svartider.",
        ],
        .en: [
            "{customer} in {industry} needed a new solution before the season.",
            "The customer had grown fast and their current system no longer coped.",
            "The customer's management wanted to cut manual work by a third.",
            "After a merger the customer had two systems that did not talk to each other.",
            "Their own customers complained about slow response times.",
        ],
    ]

    static let results: [AppLocale: [StoryOutcome: [String]]] = [
        .nb: [
            .won: [
                "Avtalen ble signert, og kunden har utvidet siden.", "Vi vant på full pris.",
                "Kontrakten kom på plass før årsskiftet.",
            ],
            .lost: [
                "Vi tapte, men lærte at vi må inn hos den som bestemmer tidligere.",
                "Kunden valgte konkurrenten; neste gang starter vi med piloten.",
            ],
            .unstuck: ["Saken er i bevegelse igjen, og neste møte er avtalt.", "Kunden har bedt om et nytt tilbud."],
        ],
        .en: [
            .won: [
                "The deal was signed, and the customer has expanded since.", "We won at full price.",
                "The contract was in place before year end.",
            ],
            .lost: [
                "We lost, but learned to reach the decision maker earlier.",
                "The customer chose the competitor; next time we start with the pilot.",
            ],
            .unstuck: [
                "The deal is moving again, and the next meeting is booked.", "The customer asked for a new offer.",
            ],
        ],
    ]

    public struct Story: Sendable, Equatable {
        public var text: CaseStoryText
        public var categoryKeys: [String]
        public var locale: AppLocale
    }

    /// Story `index` for a deal ending in `outcome`, in `locale`, about obstacles of `categoryKeys`
    /// (none given: one is drawn).
    public func make(
        index: Int, outcome: StoryOutcome, locale: AppLocale, categoryKeys: [String], customer: String,
        industry: String
    ) -> Story {
        var random = SeededGenerator(seed: seed &+ 0x5707_1E5 &+ UInt64(index) &* 0x9E37_79B9_7F4A_7C15)
        let known = DefaultObstacleTaxonomy.categories.map(\.key)
        var keys = categoryKeys.filter { Self.pools[$0] != nil }
        if keys.isEmpty { keys = [known[Int.random(in: 0..<known.count, using: &random)]] }
        keys = Array(keys.prefix(2))
        func pick(_ list: [String]) -> String { list[Int.random(in: 0..<list.count, using: &random)] }
        func fill(_ text: String) -> String {
            text.replacingOccurrences(of: "{industry}", with: industry.lowercased())
                .replacingOccurrences(of: "{customer}", with: customer)
        }
        let pools = keys.compactMap { Self.pools[$0]?[locale] }
        let situations = Self.situations[locale] ?? []
        let situation = [pick(situations), pick(situations)].uniquedStrings.joined(separator: " ")
        let obstacles = pools.map { pick($0.obstacles) }.joined(separator: " ")
        let actions = pools.flatMap { [pick($0.actions), pick($0.actions)] }.uniquedStrings.joined(separator: " ")
        let result = pick(Self.results[locale]?[outcome] ?? [""])
        return Story(
            text: CaseStoryText(
                title: fill(pick(pools[0].titles)), situation: fill(situation), obstacles: obstacles,
                options: "", actions: actions, result: result),
            categoryKeys: keys, locale: locale)
    }
}

extension Array where Element == String {
    var uniquedStrings: [String] {
        var seen = Set<String>()
        return filter { seen.insert($0).inserted }
    }
}

/// The demo's bulletins: news from above as a leader would forward it, with why it matters.
public enum DemoBulletins {
    public static func texts(_ locale: AppLocale) -> [BulletinText] {
        switch locale {
        case .nb:
            [
                BulletinText(
                    title: "Ny prismodell fra 1. januar",
                    text:
                        "Ledelsen har vedtatt at alle nye avtaler fra 1. januar får årlig indeksregulering. Eksisterende kunder beholder dagens vilkår ut avtaleperioden.",
                    source: "Ledermøtet 18. november",
                    why:
                        "Kunder som venter med å signere til over nyttår, får dyrere avtaler: bruk det i samtaler om tidspunkt."
                ),
                BulletinText(
                    title: "Nettleien øker for energikunder",
                    text:
                        "Nettselskapene varsler høyere nettleie fra neste år. Mange kunder i energi og industri vil se på kostnadene sine på nytt.",
                    source: "Bransjenytt",
                    why: "Kunder i energi kan utsette kjøp; vis hvordan løsningen vår reduserer driftskostnadene."),
                BulletinText(
                    title: "Referansekunder i offentlig sektor",
                    text:
                        "Vi har fått tre nye referansekunder i offentlig sektor som gjerne tar en samtale med kunder som vurderer oss.",
                    source: "Markedsavdelingen",
                    why:
                        "Risikoredde kunder trenger å høre fra noen som har gjort det før: be om en referansesamtale tidlig."
                ),
            ]
        case .en:
            [
                BulletinText(
                    title: "New pricing model from 1 January",
                    text:
                        "Management has decided that all new contracts from 1 January get annual index adjustment. Existing customers keep their terms for the contract period.",
                    source: "Management meeting, 18 November",
                    why:
                        "Customers who wait to sign until after new year get a dearer contract: use it when talking about timing."
                ),
                BulletinText(
                    title: "Grid tariffs rise for energy customers",
                    text:
                        "The grid companies announce higher tariffs next year. Many customers in energy and industry will review their costs.",
                    source: "Industry news",
                    why: "Energy customers may postpone purchases; show how our solution cuts running costs."),
                BulletinText(
                    title: "Reference customers in the public sector",
                    text:
                        "We have three new reference customers in the public sector who are happy to talk to customers considering us.",
                    source: "Marketing",
                    why:
                        "Risk-averse customers need to hear from someone who has done it: ask for a reference call early."
                ),
            ]
        }
    }
}
