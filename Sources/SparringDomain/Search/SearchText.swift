import Foundation

/// What a text is indexed under and what a search asks for, the same on SQLite and PostgreSQL: both
/// store and match these Swift-made terms, so the engines never stem differently.
///
/// An organisation writes in both languages, often in one case, and a story has no reliable language
/// tag. So every word is indexed under its Norwegian *and* its English stem, and each word of a query
/// matches either. "kunder" finds "kunden" through the Norwegian stem, "pricing" finds "price" through
/// the English one. The cost is an occasional cross-language match (a Norwegian word whose English
/// stem equals an English word's), which ranking pushes down; the gain is that nobody has to say which
/// language they search in.
public enum SearchText {
    /// Words too common to tell cases apart, in either language (Snowball's stop lists, shortened to
    /// the words that carry no meaning in a sales case). Left out of the index and of queries: they
    /// would match most stories and only make ranking slower.
    public static let stopwords: Set<String> = [
        // bokmål
        "og", "i", "jeg", "det", "at", "en", "et", "den", "til", "er", "som", "på", "de", "med", "han", "av",
        "ikke", "der", "så", "var", "meg", "seg", "men", "ett", "har", "om", "vi", "min", "mitt", "ha", "hadde",
        "hun", "nå", "over", "da", "ved", "fra", "du", "ut", "sin", "dem", "oss", "opp", "man", "kan", "hans",
        "hvor", "eller", "hva", "skal", "selv", "sjøl", "her", "alle", "vil", "bli", "ble", "blitt", "kunne",
        "inn", "når", "være", "kom", "noen", "noe", "ville", "dere", "deres", "kun", "ja", "etter", "ned",
        "skulle", "denne", "for", "deg", "si", "sine", "sitt", "mot", "å", "meget", "hvorfor", "dette", "disse",
        "uten", "hvordan", "ingen", "din", "ditt", "blir", "samme", "hvilken", "hvilke", "sånn", "inni", "mellom",
        "vår", "hver", "hvem", "vors", "hvis", "både", "bare", "enn", "fordi", "før", "mange", "også", "slik",
        "vært", "begge", "siden", "henne", "hennar", "hennes",
        // English
        "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "by", "for", "with", "from",
        "as", "is", "are", "was", "were", "be", "been", "being", "it", "its", "this", "that", "these", "those",
        "we", "our", "you", "your", "they", "their", "he", "she", "his", "her", "i", "me", "my", "us", "them",
        "do", "does", "did", "have", "has", "had", "so", "than", "then", "there", "here", "not", "no", "can",
        "will", "would", "should", "could", "into", "about", "what", "which", "who", "when", "where", "how",
        "all", "any", "some", "such", "only", "own", "same", "too", "very", "just", "also",
    ]

    /// The most words of a query that count; the rest is ignored (a pasted paragraph is not a query).
    public static let maximumQueryWords = 12

    /// The distinct stems of one word: Norwegian first, then English if it differs.
    public static func stems(ofWord word: String) -> [String] {
        let nb = Stemmer.stem(word, .nb)
        let en = Stemmer.stem(word, .en)
        return nb == en ? [nb] : [nb, en]
    }

    /// The terms a text is indexed with, in order and with repeats (so that frequency counts in ranking):
    /// each word that is not a stop word, under each of its stems.
    public static func indexTerms(_ text: String) -> [String] {
        SearchTerms.words(text).filter { !stopwords.contains($0) }.flatMap(stems(ofWord:))
    }
}

/// A parsed search: one group per query word, and a story matches when every group has a stem in it.
public struct SearchQuery: Sendable, Equatable {
    /// Per query word, the stems that match it.
    public var groups: [[String]]
    /// Whether any group is enough (similar cases ask with many words of a deal's case); a person's
    /// search needs every word.
    public var matchesAny = false

    public init(_ text: String) {
        var words = SearchTerms.words(text)
        let meaningful = words.filter { !SearchText.stopwords.contains($0) }
        // A query of stop words only ("det") is kept as it is rather than turned into nothing.
        if !meaningful.isEmpty { words = meaningful }
        var seen = Set<String>()
        groups = words.filter { seen.insert($0).inserted }.prefix(SearchText.maximumQueryWords)
            .map(SearchText.stems(ofWord:))
    }

    public init(groups: [[String]], matchesAny: Bool = false) {
        self.groups = groups
        self.matchesAny = matchesAny
    }

    public var isEmpty: Bool { groups.isEmpty }

    /// Every stem of the query, for highlighting.
    public var stems: Set<String> { Set(groups.joined()) }
}

/// A short passage of a text around the words a search matched, split into plain and matched parts
/// for the view to mark. Built in Swift from the stored text, so highlighting is the same on SQLite and
/// PostgreSQL and marks inflected forms ("kundene" for a search on "kunder").
public enum Snippet {
    public struct Part: Sendable, Equatable {
        public var text: String
        public var isMatch: Bool

        public init(_ text: String, isMatch: Bool) {
            self.text = text
            self.isMatch = isMatch
        }
    }

    /// About `length` characters of `text` starting a little before the first matched word, with "…"
    /// where text was cut. Without a match, the text's beginning.
    public static func make(_ text: String, matching stems: Set<String>, length: Int = 220) -> [Part] {
        let characters = Array(text)
        // Word ranges: runs of letters and digits, as the index splits them.
        var words: [Range<Int>] = []
        var start: Int?
        for (index, character) in characters.enumerated() {
            let inWord = character.isLetter || character.isNumber
            if inWord, start == nil { start = index }
            if !inWord, let begun = start {
                words.append(begun..<index)
                start = nil
            }
        }
        if let begun = start { words.append(begun..<characters.count) }
        // A stem starts with its word's first three letters (Snowball only changes endings), so words
        // that start otherwise are skipped before the costlier stemming.
        let beginnings = Set(stems.map { String($0.prefix(3)) })
        let matched = words.filter { range in
            let word = String(characters[range]).lowercased()
            return beginnings.contains(String(word.prefix(3))) && !SearchText.stopwords.contains(word)
                && SearchText.stems(ofWord: word).contains(where: stems.contains)
        }

        // The window: from the start of the word some 40 characters before the first match.
        var from = 0
        if let first = matched.first, first.lowerBound > 40 {
            from = words.last(where: { $0.lowerBound <= first.lowerBound - 40 })?.lowerBound ?? 0
        }
        var to = min(characters.count, from + length)
        if to < characters.count, let cut = words.last(where: { $0.upperBound <= to && $0.lowerBound > from }) {
            to = cut.upperBound
        }

        var parts: [Part] = []
        func append(_ range: Range<Int>, isMatch: Bool) {
            guard !range.isEmpty else { return }
            let piece = String(characters[range])
            if let last = parts.last, last.isMatch == isMatch {
                parts[parts.count - 1].text += piece
            } else {
                parts.append(Part(piece, isMatch: isMatch))
            }
        }
        var position = from
        for range in matched where range.lowerBound >= from && range.upperBound <= to {
            append(position..<range.lowerBound, isMatch: false)
            append(range, isMatch: true)
            position = range.upperBound
        }
        append(position..<to, isMatch: false)
        if from > 0 { parts.insert(Part("…", isMatch: false), at: 0) }
        if to < characters.count { parts.append(Part("…", isMatch: false)) }
        // Line breaks in a passage read as spaces.
        return parts.map { Part($0.text.replacingOccurrences(of: "\n", with: " "), isMatch: $0.isMatch) }
    }
}
