import Foundation

/// Reduces words to stems so that a search finds inflected forms: "kunder" finds "kunden" and
/// "kundene", "pricing" finds "price". The Snowball stemmers for Norwegian bokmål and English
/// (Porter2), written out in Swift so that SQLite (whose FTS5 has no Norwegian stemmer) and PostgreSQL
/// index and query exactly the same terms, and a search gives the same matches on both.
public enum Stemmer {
    /// The stem of one lower-case word in the language.
    public static func stem(_ word: String, _ locale: AppLocale) -> String {
        switch locale {
        case .nb: NorwegianStemmer.stem(word)
        case .en: EnglishStemmer.stem(word)
        }
    }
}

/// Snowball's Norwegian stemmer (bokmål): three steps of suffix removal inside R1.
enum NorwegianStemmer {
    static let vowels: Set<Character> = ["a", "e", "i", "o", "u", "y", "æ", "å", "ø"]
    static let sEndings: Set<Character> = [
        "b", "c", "d", "f", "g", "h", "j", "l", "m", "n", "o", "p", "r", "t", "v", "y", "z",
    ]
    /// Step 1 suffixes, longest first so the first match is the longest.
    static let step1: [String] = [
        "hetenes", "hetene", "hetens", "heten", "heter", "endes", "ande", "ende", "edes", "enes", "erte", "ede",
        "ane", "ene", "ens", "ers", "ets", "het", "ast", "ert", "en", "ar", "er", "as", "es", "et", "a", "e", "s",
    ]
    static let step3: [String] = ["hetslov", "eleg", "elig", "elov", "slov", "leg", "eig", "lig", "els", "lov", "ig"]

    static func stem(_ word: String) -> String {
        var w = Array(word)
        let r1 = region1(w)
        // Step 1: the longest suffix in R1.
        if let suffix = step1.first(where: { ends(w, $0, from: r1) }) {
            let cut = w.count - suffix.count
            switch suffix {
            case "s":
                // Only after a letter that can end a word before -s, or k after a non-vowel.
                if cut > 0 {
                    let before = w[cut - 1]
                    if sEndings.contains(before) || (before == "k" && cut > 1 && !vowels.contains(w[cut - 2])) {
                        w.removeLast()
                    }
                }
            case "erte", "ert":
                w = Array(w[..<cut]) + ["e", "r"]
            default:
                w.removeLast(suffix.count)
            }
        }
        // Step 2: -dt and -vt lose the t.
        if ends(w, "dt", from: r1) || ends(w, "vt", from: r1) { w.removeLast() }
        // Step 3: derivational suffixes.
        if let suffix = step3.first(where: { ends(w, $0, from: r1) }) { w.removeLast(suffix.count) }
        return String(w)
    }

    /// After the first non-vowel that follows a vowel, and at least three letters in.
    static func region1(_ w: [Character]) -> Int {
        var index = 1
        while index < w.count {
            if !vowels.contains(w[index]) && vowels.contains(w[index - 1]) { return max(index + 1, 3) }
            index += 1
        }
        return w.count
    }

    /// Compared in place: two arrays made per suffix tried were most of the time of a demo load's
    /// search index (every case's text is stemmed).
    static func ends(_ w: [Character], _ suffix: String, from region: Int) -> Bool {
        let count = suffix.count
        return w.count >= count && w.count - count >= region && w[(w.count - count)...].elementsEqual(suffix)
    }
}

/// Snowball's English stemmer (Porter2).
enum EnglishStemmer {
    static let vowels: Set<Character> = ["a", "e", "i", "o", "u", "y"]
    static let doubles: Set<String> = ["bb", "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt"]
    static let liEndings: Set<Character> = ["c", "d", "e", "g", "h", "k", "m", "n", "r", "t"]
    static let exceptions: [String: String] = [
        "skis": "ski", "skies": "sky", "dying": "die", "lying": "lie", "tying": "tie", "idly": "idl",
        "gently": "gentl", "ugly": "ugli", "early": "earli", "only": "onli", "singly": "singl", "sky": "sky",
        "news": "news", "howe": "howe", "atlas": "atlas", "cosmos": "cosmos", "bias": "bias", "andes": "andes",
    ]
    static let afterStep1a: Set<String> = [
        "inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed",
    ]

    static func stem(_ input: String) -> String {
        var word = input
        if word.hasPrefix("'") { word.removeFirst() }
        guard word.count > 2 else { return word }
        if let exception = exceptions[word] { return exception }
        var w = Array(word)
        // y at the start or after a vowel is a consonant: marked Y.
        for index in w.indices where w[index] == "y" && (index == 0 || isVowel(w, index - 1)) { w[index] = "Y" }
        let r1 = region1(w)
        let r2 = region(w, after: r1)

        // Step 0: possessives.
        for suffix in ["'s'", "'s", "'"] where ends(w, suffix) {
            w.removeLast(suffix.count)
            break
        }
        // Step 1a: plurals.
        if ends(w, "sses") {
            w.removeLast(2)
        } else if ends(w, "ied") || ends(w, "ies") {
            w.removeLast(w.count > 4 ? 2 : 1)
        } else if ends(w, "us") || ends(w, "ss") {
            // unchanged
        } else if ends(w, "s"), w.count >= 2, w[..<(w.count - 2)].contains(where: { vowels.contains($0) }) {
            w.removeLast()
        }
        if afterStep1a.contains(String(w)) { return String(w) }

        // Step 1b: -eed, -ed, -ing.
        if let suffix = ["eedly", "eed"].first(where: { ends(w, $0) }) {
            if w.count - suffix.count >= r1 { w.removeLast(suffix.count - 2) }
        } else if let suffix = ["ingly", "edly", "ing", "ed"].first(where: { ends(w, $0) }) {
            let stem = w[..<(w.count - suffix.count)]
            if stem.contains(where: { vowels.contains($0) }) {
                w = Array(stem)
                if ends(w, "at") || ends(w, "bl") || ends(w, "iz") {
                    w.append("e")
                } else if w.count >= 2, doubles.contains(String(w[(w.count - 2)...])) {
                    w.removeLast()
                } else if isShort(w, r1: r1) {
                    w.append("e")
                }
            }
        }
        // Step 1c: y after a consonant (not the first letter) becomes i.
        if let last = w.last, last == "y" || last == "Y", w.count > 2, !vowels.contains(w[w.count - 2]) {
            w[w.count - 1] = "i"
        }

        // Step 2.
        let step2: [(String, String)] = [
            ("ization", "ize"), ("ational", "ate"), ("fulness", "ful"), ("ousness", "ous"), ("iveness", "ive"),
            ("tional", "tion"), ("biliti", "ble"), ("lessli", "less"), ("entli", "ent"), ("ation", "ate"),
            ("alism", "al"), ("aliti", "al"), ("ousli", "ous"), ("iviti", "ive"), ("fulli", "ful"), ("enci", "ence"),
            ("anci", "ance"), ("abli", "able"), ("izer", "ize"), ("ator", "ate"), ("alli", "al"), ("bli", "ble"),
            ("ogi", "og"), ("li", ""),
        ]
        if let (suffix, replacement) = step2.first(where: { ends(w, $0.0) }), w.count - suffix.count >= r1 {
            let cut = w.count - suffix.count
            if suffix == "ogi" {
                if cut > 0, w[cut - 1] == "l" { w = Array(w[..<cut]) + Array(replacement) }
            } else if suffix == "li" {
                if cut > 0, liEndings.contains(w[cut - 1]) { w.removeLast(2) }
            } else {
                w = Array(w[..<cut]) + Array(replacement)
            }
        }

        // Step 3.
        let step3: [(String, String)] = [
            ("ational", "ate"), ("tional", "tion"), ("alize", "al"), ("icate", "ic"), ("iciti", "ic"),
            ("ative", ""), ("ical", "ic"), ("ness", ""), ("ful", ""),
        ]
        if let (suffix, replacement) = step3.first(where: { ends(w, $0.0) }), w.count - suffix.count >= r1 {
            if suffix != "ative" || w.count - suffix.count >= r2 {
                w = Array(w[..<(w.count - suffix.count)]) + Array(replacement)
            }
        }

        // Step 4: in R2.
        let step4 = [
            "ement", "ance", "ence", "able", "ible", "ment", "ant", "ent", "ism", "ate", "iti", "ous", "ive", "ize",
            "ion", "al", "er", "ic",
        ]
        if let suffix = step4.first(where: { ends(w, $0) }), w.count - suffix.count >= r2 {
            let cut = w.count - suffix.count
            if suffix != "ion" || (cut > 0 && (w[cut - 1] == "s" || w[cut - 1] == "t")) { w.removeLast(suffix.count) }
        }

        // Step 5.
        if w.last == "e" {
            let at = w.count - 1
            if at >= r2 || (at >= r1 && !endsInShortSyllable(Array(w[..<at]))) { w.removeLast() }
        } else if w.last == "l", w.count - 1 >= r2, w.count >= 2, w[w.count - 2] == "l" {
            w.removeLast()
        }
        return String(w).replacingOccurrences(of: "Y", with: "y")
    }

    static func isVowel(_ w: [Character], _ index: Int) -> Bool { vowels.contains(w[index]) }

    /// R1, with the exceptional prefixes gener-, commun- and arsen-.
    static func region1(_ w: [Character]) -> Int {
        for prefix in ["gener", "commun", "arsen"] where String(w).hasPrefix(prefix) { return prefix.count }
        return region(w, after: 0)
    }

    /// The region after the first non-vowel following a vowel, from `start`.
    static func region(_ w: [Character], after start: Int) -> Int {
        var index = start + 1
        while index < w.count {
            if !isVowel(w, index) && isVowel(w, index - 1) { return index + 1 }
            index += 1
        }
        return w.count
    }

    static func ends(_ w: [Character], _ suffix: String) -> Bool {
        let count = suffix.count
        return w.count >= count && w[(w.count - count)...].elementsEqual(suffix)
    }

    /// A vowel followed by a non-vowel other than w, x or Y and preceded by a non-vowel; or, at the
    /// start of the word, a vowel followed by a non-vowel.
    static func endsInShortSyllable(_ w: [Character]) -> Bool {
        let n = w.count
        if n >= 3 {
            return !isVowel(w, n - 3) && isVowel(w, n - 2) && !isVowel(w, n - 1)
                && !["w", "x", "Y"].contains(w[n - 1])
        }
        return n == 2 && isVowel(w, 0) && !isVowel(w, 1)
    }

    static func isShort(_ w: [Character], r1: Int) -> Bool { r1 >= w.count && endsInShortSyllable(w) }
}

/// The words of a text as search terms: lower case, split at anything that is not a letter or digit
/// (æ, ø and å are letters and stay distinct from a, o and a), each stemmed in the language.
public enum SearchTerms {
    public static func words(_ text: String) -> [String] {
        text.lowercased().split { !($0.isLetter || $0.isNumber) }.map(String.init)
    }

    public static func stems(_ text: String, _ locale: AppLocale) -> [String] {
        words(text).map { Stemmer.stem($0, locale) }
    }
}
