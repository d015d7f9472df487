import Foundation

/// The reflexes that kill new ideas before they are heard, as the research names them.
public enum BlockerBias: String, CaseIterable, Sendable, Codable {
    /// "We can't do it that way", "det er urealistisk".
    case practicality
    /// "We've always done it this way", "vi har alltid gjort det sånn".
    case legacy
    /// "If I wouldn't buy it, the customer won't either".
    case personal
    /// "We tried something similar before, it didn't work".
    case exportability

    /// The opening question that answers the reflex.
    public var question: L10nKey {
        switch self {
        case .practicality: .blockerQuestionPracticality
        case .legacy: .blockerQuestionLegacy
        case .personal: .blockerQuestionPersonal
        case .exportability: .blockerQuestionExportability
        }
    }
}

/// One blocking phrase found in a text: its kind and where it is, in Unicode scalars of the text.
public struct BlockerFinding: Sendable, Equatable {
    public var bias: BlockerBias
    /// Offsets in Unicode scalars: `start` inclusive, `end` exclusive.
    public var start: Int
    public var end: Int
    public var phrase: String

    public init(bias: BlockerBias, start: Int, end: Int, phrase: String) {
        self.bias = bias
        self.start = start
        self.end = end
        self.phrase = phrase
    }
}

/// Finds innovation-blocking phrases in Norwegian bokmål and English.
///
/// The text is first reduced to words: lower case, contractions spelt out ("can't" → "can not",
/// "didn't" → "did not"), punctuation dropped except sentence ends, which stay as "." so a pattern
/// never joins two sentences. Patterns are regular expressions over those words; each word remembers
/// where it stood in the original text, so a finding points at the phrase as written. Inflection is
/// met by stems (`prøv\w*`), word order by one pattern per order, and near misses by requiring the
/// part that makes the reflex: "tried before" is only a blocker with "did not work" after it.
public struct BlockerDetector: Sendable {
    public init() {}

    /// A word of the reduced text and the scalars of the original it came from.
    struct Word {
        var text: String
        var start: Int
        var end: Int
    }

    static let contractions: [String: String] = [
        "can't": "can not", "cannot": "can not", "won't": "will not", "wouldn't": "would not",
        "didn't": "did not", "doesn't": "does not", "don't": "do not", "isn't": "is not", "aren't": "are not",
        "wasn't": "was not", "weren't": "were not", "haven't": "have not", "hasn't": "has not",
        "couldn't": "could not", "shouldn't": "should not", "we've": "we have", "i've": "i have",
        "it's": "it is", "that's": "that is", "we're": "we are", "i'd": "i would", "we'd": "we would",
        "they've": "they have", "i'm": "i am", "there's": "there is", "ain't": "is not",
    ]

    /// The reduced text: words joined by single spaces, and each word's span in the original.
    static func words(_ text: String) -> [Word] {
        var words: [Word] = []
        var current = ""
        var start = 0
        var index = 0
        func flush() {
            guard !current.isEmpty else { return }
            let lowered = current.lowercased()
            if let spelt = contractions[lowered] {
                for part in spelt.split(separator: " ") {
                    words.append(Word(text: String(part), start: start, end: index))
                }
            } else {
                words.append(Word(text: lowered.replacingOccurrences(of: "'", with: ""), start: start, end: index))
            }
            current = ""
        }
        for scalar in text.unicodeScalars {
            let character = scalar == "\u{2019}" || scalar == "\u{2018}" ? "'" : Character(scalar)
            if character.isLetter || character.isNumber || (character == "'" && !current.isEmpty) {
                if current.isEmpty { start = index }
                current.append(character)
            } else {
                flush()
                if ".!?;\n".contains(character), words.last?.text != "." {
                    words.append(Word(text: ".", start: index, end: index + 1))
                }
            }
            index += 1
        }
        flush()
        return words
    }

    /// After a word: up to `n` more words of the same sentence, and the space before the next word.
    static func gap(_ n: Int) -> String { "(?: [^ .]+){0,\(n)} " }

    static let patterns: [(BlockerBias, String)] = {
        let g2 = gap(2), g3 = gap(3), g4 = gap(4), g6 = gap(6)
        let notWork = "(?:did not|does not|do not|would not|will not|never) (?:work|fly|succeed|go anywhere)"
        let failed = "(?:\(notWork)|failed|was a (?:disaster|failure|flop)|went nowhere|fell flat|got nowhere)"
        let ikkeVirke = "(?:fungerte|virket|gikk|funket|fungerer|virker|funker) (?:ikke|dårlig|aldri)"
        return [
            // Practicality.
            (
                .practicality,
                "\\b(?:we|you|they|i) (?:can not|could not|will not be able to|are not able to) (?:do|run|sell|deliver|offer) (?:it|that|this|things)(?: (?:that|this|like that|the) way| like that)?\\b"
            ),
            (.practicality, "\\b(?:that|this|it) (?:can not|could not) (?:be done|work|possibly work)\\b"),
            (.practicality, "\\b(?:that|this|it) (?:will|would) never (?:work|fly|happen)\\b"),
            (
                .practicality,
                "\\b(?:that|this|it) (?:is|sounds|seems) (?:completely |totally |just |simply |so )?(?:unrealistic|impossible|not realistic|not feasible|not possible|not doable)\\b"
            ),
            (.practicality, "\\bthere is no way (?:we|that|this|it)\\b"),
            (.practicality, "\\bthat is not how (?:it|things) works?\\b"),
            (
                .practicality,
                "\\b(?:det|dette|sånt|slikt) er (?:helt |jo |bare |fullstendig )?(?:urealistisk|umulig|ikke realistisk|ikke gjennomførbart|ikke mulig)\\b"
            ),
            (
                .practicality,
                "\\b(?:sånn|slik|på den måten) kan vi (?:jo )?ikke (?:gjøre|ha|drive|selge|løse) (?:det|noe)\\b"
            ),
            (
                .practicality,
                "\\bvi kan (?:jo )?ikke (?:gjøre|ha|selge|levere|løse) (?:det|dette|noe) (?:sånn|slik|på den måten)\\b"
            ),
            (.practicality, "\\bdet (?:går|lar seg) (?:jo )?ikke (?:an|gjøre|å gjøre)\\b"),
            (.practicality, "\\bdet kommer (?:jo )?aldri til å (?:fungere|virke|gå)\\b"),
            (.practicality, "\\bdet (?:vil|kan) (?:jo )?aldri (?:fungere|virke|gå)\\b"),
            // Legacy.
            (.legacy, "\\bwe (?:have )?always (?:done|did|do) (?:it|this|that|things) (?:this|that|the same) way\\b"),
            (.legacy, "\\bwe (?:have )?always (?:done|did|do) (?:it|this|that|things) like (?:this|that)\\b"),
            (
                .legacy,
                "\\b(?:that is|this is|it is) (?:how|the way) we (?:have )?always (?:done|did|do) (?:it|things|this|that)\\b"
            ),
            (
                .legacy,
                "\\bwe (?:have )?(?:never|not ever) (?:done|did) (?:it|this|that|things) (?:this|that|like that|that way|this way)\\b"
            ),
            (.legacy, "\\b(?:that is|this is) not how we do (?:it|things|business)(?: here| around here)?\\b"),
            (.legacy, "\\b(?:this|that) is how (?:it has|things have) always been done\\b"),
            (
                .legacy,
                "\\bvi har (?:jo )?alltid gjort (?:det|dette|ting) (?:sånn|slik|på denne måten|på den måten|sånn her)\\b"
            ),
            (.legacy, "\\b(?:sånn|slik|på den måten|på denne måten) har vi (?:jo )?alltid gjort (?:det|ting)\\b"),
            (.legacy, "\\bvi gjør (?:det|ting) (?:jo )?alltid (?:sånn|slik|på denne måten)\\b"),
            (.legacy, "\\bvi har (?:jo )?aldri gjort (?:det|ting) (?:sånn|slik|på den måten)\\b"),
            (.legacy, "\\b(?:sånn|slik) gjør vi (?:jo )?ikke (?:det|ting) (?:her|hos oss)\\b"),
            (.legacy, "\\bdet er ikke (?:sånn|slik) vi gjør (?:det|ting)\\b"),
            (.legacy, "\\bdet har (?:vi|alltid) (?:alltid )?(?:vært|gjort) (?:sånn|slik)\\b"),
            // Personal.
            (
                .personal,
                "\\bif i (?:would not|would never|did not|do not|will not) (?:buy|pay for|want) (?:it|this|that)\\b"
            ),
            (
                .personal,
                "\\bi (?:would not|would never|will never|wouldnt) (?:buy|pay for|want) (?:it|this|that|something like (?:this|that))(?: myself)?\\b"
            ),
            (.personal, "\\bif i were (?:the|a) (?:customer|buyer|client)\\b\(g3)i (?:would not|would never)\\b"),
            (.personal, "\\b(?:hvis|om) jeg (?:ikke|aldri) (?:ville |hadde )?(?:kjøp\\w*|betal\\w*)\\b"),
            (
                .personal,
                "\\bjeg (?:ville|hadde|skulle) (?:aldri|ikke) (?:ha )?(?:kjøpt|betalt for|kjøpe|betale for) (?:det|dette|sånt|slikt)\\b"
            ),
            (.personal, "\\bjeg (?:ville|hadde) (?:ikke|aldri) (?:ha )?(?:kjøpt|betalt)\\b"),
            (.personal, "\\bhadde jeg vært (?:kunden|kunde|innkjøper)\\b\(g3)(?:ikke|aldri)\\b"),
            // Exportability: tried before, and it did not work.
            (
                .exportability,
                "\\bwe (?:have |had |already )*tried (?:that|this|it|something (?:similar|like (?:that|this|it))|the same(?: thing)?|that approach|this approach)\\b\(g4)(?:\(failed)|and (?:it )?\(failed))"
            ),
            (
                .exportability,
                "\\b(?:it|that|this) (?:did not|never) work(?:ed)? (?:last time|the last time|before|when we tried)\\b"
            ),
            (.exportability, "\\b(?:been there|been down that road)(?:,)? done that\\b"),
            (
                .exportability,
                "\\bwe tried (?:that|this|it) (?:last year|before|already|once)(?: and)? (?:it )?\(failed)"
            ),
            (.exportability, "\\b(?:we|they) (?:have |had )?tried (?:that|this|it)\\b\(g6)\\b(?:it )?\(failed)"),
            (
                .exportability,
                "\\bvi har (?:jo |allerede )*prøvd (?:noe (?:lignende|liknende|sånt|slikt)|det|dette|sånt|slikt|akkurat det)(?: før| tidligere)?\\b\(g3)\(ikkeVirke)"
            ),
            (
                .exportability,
                "\\b(?:det|dette|sånt) har vi (?:jo |allerede )*prøvd (?:før|tidligere)\\b\(g4)(?:\(ikkeVirke)|uten (?:hell|resultat))"
            ),
            (
                .exportability,
                "\\b(?:det|dette) (?:fungerte|virket|gikk) (?:jo )?ikke (?:sist|forrige gang|sist gang|sist vi prøvde|da vi prøvde)\\b"
            ),
            (
                .exportability,
                "\\b(?:det|dette|sånt) har (?:vært prøvd|blitt prøvd) (?:før|tidligere)\\b\(g2)(?:\(ikkeVirke)|uten (?:hell|resultat))"
            ),
            (
                .exportability,
                "\\bprøvde (?:vi )?(?:det|dette|noe lignende) (?:i fjor|før|tidligere|sist)\\b\(g3)\(ikkeVirke)"
            ),
        ]
    }()

    static let compiled: [(BlockerBias, NSRegularExpression)] = patterns.map {
        ($0.0, try! NSRegularExpression(pattern: $0.1))
    }

    /// The blocking phrases in `text`, in order, one finding per phrase (overlapping matches of the
    /// same kind are one).
    public func findings(in text: String) -> [BlockerFinding] {
        let words = Self.words(text)
        guard !words.isEmpty else { return [] }
        // The reduced text, and where each word starts in it (UTF-16, as NSRegularExpression counts).
        var reduced = ""
        var offsets: [Int] = []
        for word in words {
            if !reduced.isEmpty { reduced += " " }
            offsets.append(reduced.utf16.count)
            reduced += word.text
        }
        let scalars = Array(text.unicodeScalars)
        var found: [BlockerFinding] = []
        for (bias, regex) in Self.compiled {
            let range = NSRange(location: 0, length: reduced.utf16.count)
            for match in regex.matches(in: reduced, range: range) {
                let from = match.range.location, to = match.range.location + match.range.length
                guard let first = offsets.lastIndex(where: { $0 <= from }),
                    let last = offsets.lastIndex(where: { $0 < to })
                else { continue }
                let start = words[first].start, end = words[last].end
                if let index = found.firstIndex(where: { $0.bias == bias && $0.start < end && start < $0.end }) {
                    found[index].start = Swift.min(found[index].start, start)
                    found[index].end = Swift.max(found[index].end, end)
                } else {
                    found.append(BlockerFinding(bias: bias, start: start, end: end, phrase: ""))
                }
            }
        }
        return found.sorted { $0.start < $1.start }.map { finding in
            var finding = finding
            finding.phrase = String(String.UnicodeScalarView(scalars[finding.start..<finding.end]))
            return finding
        }
    }

    /// Bokmål or English, by their commonest words; ties go to `fallback`.
    public static func language(of text: String, fallback: AppLocale = .en) -> AppLocale {
        let norwegian: Set<String> = [
            "og", "ikke", "det", "jeg", "vi", "er", "som", "på", "å", "har", "med", "en", "et", "til", "kan", "av",
            "for", "de", "den", "hva", "hvis", "sånn", "slik",
        ]
        let english: Set<String> = [
            "and", "not", "the", "i", "we", "is", "that", "on", "to", "have", "with", "a", "an", "it", "can", "of",
            "for", "they", "this", "what", "if", "way",
        ]
        var nb = 0, en = 0
        for word in words(text).map(\.text) {
            if norwegian.contains(word) { nb += 1 }
            if english.contains(word) { en += 1 }
            if word.contains(where: { "æøå".contains($0) }) { nb += 2 }
        }
        return nb == en ? fallback : (nb > en ? .nb : .en)
    }
}
