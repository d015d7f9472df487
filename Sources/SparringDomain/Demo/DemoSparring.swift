import Foundation

/// What the demo's sparring sessions say, in bokmål and English. One message in each discussion carries
/// a blocking phrase, so the highlighting and the team's blocker view have something to show.
public enum DemoSparring {
    /// The states of the sessions on a team's five longest-stuck open deals, in order.
    public static let openStates: [SessionState] = [.requested, .requested, .withdrawn, .ready, .agreed]

    public struct Texts: Sendable {
        public var question: String
        public var context: String
        public var suggestions: [(title: String, detail: String)]
        public var messages: [String]
        public var nextStep: String
        public var verdictNote: String
    }

    public static func texts(_ locale: AppLocale) -> Texts {
        switch locale {
        case .nb:
            Texts(
                question: "Kunden har stått stille i flere uker. Hvordan får jeg dem videre uten å gi mer rabatt?",
                context: "Budsjettet for i år er brukt opp, og innkjøp vil ha tre tilbud.",
                suggestions: [
                    (
                        "Pilot i én region",
                        "Tilby en betalt pilot i én region nå, og resten neste budsjettår når effekten er målt."
                    ),
                    (
                        "Del betalingen over to år",
                        "Fordel betalingen over to budsjettår slik at økonomisjefen kan si ja innenfor årets ramme."
                    ),
                ],
                messages: [
                    "Vi har prøvd noe lignende før, det fungerte ikke.",
                    "Hva er annerledes nå? Denne kunden har en ny økonomisjef.",
                    "Godt poeng. Jeg ringer henne før fredag.",
                ],
                nextStep: "Møte med økonomisjefen om delt betaling",
                verdictNote: "Jeg gikk ut med en plan jeg trodde på.")
        case .en:
            Texts(
                question: "The customer has gone quiet for weeks. How do I move them without a bigger discount?",
                context: "This year's budget is spent, and procurement wants three bids.",
                suggestions: [
                    (
                        "A pilot in one region",
                        "Offer a paid pilot in one region now, and the rest next budget year once the effect is measured."
                    ),
                    (
                        "Split the payment over two years",
                        "Spread the payment over two budget years so the CFO can say yes within this year's frame."
                    ),
                ],
                messages: [
                    "We tried something similar before, it didn't work.",
                    "What is different now? This customer has a new CFO.",
                    "Good point. I'll call her before Friday.",
                ],
                nextStep: "Meet the CFO about splitting the payment",
                verdictNote: "I left with a plan I believed in.")
        }
    }
}
