import Foundation

/// The case stories most like an open deal, each with why it was chosen. A story counts as similar by
/// what matters to a seller who is stuck: the same obstacles first, then the case told in the same
/// words, then the same industry and a deal of the same size.
public enum SimilarCases {
    /// What is compared, for the deal and for each story.
    public struct Profile: Sendable {
        public var categories: Set<UUID>
        /// Distinct stems of the text (`SearchText.indexTerms`).
        public var terms: Set<String>
        public var industry: String?
        public var sizeBand: SizeBand

        public init(categories: Set<UUID>, terms: Set<String>, industry: String?, sizeBand: SizeBand) {
            self.categories = categories
            self.terms = terms
            self.industry = industry
            self.sizeBand = sizeBand
        }
    }

    /// Why a story was chosen; the view turns each into a sentence.
    public enum Reason: Sendable, Equatable {
        case sharedObstacles([UUID])
        /// Words of the deal's case that the story uses too (as the deal writes them).
        case similarWords([String])
        case sameIndustry(String)
        case sameSize(SizeBand)
    }

    public struct Match: Sendable, Equatable {
        public var storyID: UUID
        public var score: Double
        public var reasons: [Reason]
    }

    /// Weights of the parts of the score, which is between 0 and 1. Obstacles weigh most: a story about
    /// the same obstacle helps even in another industry. The case told in the same words comes close
    /// (a cosine of 0.4 already counts in full: two texts rarely share more), and the same industry and
    /// size only tip the balance between otherwise equal stories.
    public static let weights = (obstacles: 0.45, text: 0.4, industry: 0.075, size: 0.075)
    /// The text similarity that counts in full.
    public static let fullText = 0.4
    /// A story needs a shared obstacle or at least this text similarity to be offered at all: the same
    /// industry and size alone do not make a case similar.
    public static let minimumText = 0.12
    public static let limit = 5

    /// How alike two term sets are: the cosine of their weighted term vectors, so a long story does not
    /// win by length. A term's weight is its inverse document frequency among the candidates
    /// (`weights`): words every candidate shares ("kunden", "avtale") say little, a word only this
    /// story and the deal share says a lot. Without weights every term counts 1.
    public static func textSimilarity(_ a: Set<String>, _ b: Set<String>, weights: [String: Double] = [:]) -> Double {
        guard !a.isEmpty, !b.isEmpty else { return 0 }
        func weight(_ term: String) -> Double { weights[term] ?? 1 }
        func norm(_ terms: Set<String>) -> Double { terms.reduce(0) { $0 + weight($1) * weight($1) }.squareRoot() }
        let shared = a.intersection(b).reduce(0) { $0 + weight($1) * weight($1) }
        return shared / (norm(a) * norm(b))
    }

    /// Inverse document frequencies over the candidates: ln((N + 1) / (df + 1)) + 1, so a term no
    /// candidate has weighs most and one all have still counts a little.
    public static func weights(of candidates: [Set<String>]) -> [String: Double] {
        var frequency: [String: Int] = [:]
        for terms in candidates { for term in terms { frequency[term, default: 0] += 1 } }
        let n = Double(candidates.count)
        return frequency.mapValues { log((n + 1) / (Double($0) + 1)) + 1 }
    }

    /// The best `limit` stories for the deal, best first (ties: the later story id, which is the newer
    /// story). `words` maps the deal's stems to a word as the deal's case writes it, for the reasons.
    public static func rank(
        deal: Profile, words: [String: String], candidates: [(id: UUID, profile: Profile)], limit: Int = limit
    ) -> [Match] {
        var matches: [Match] = []
        var idf = Self.weights(of: candidates.map(\.profile.terms))
        // The deal's terms no candidate has weigh as a term of frequency 0.
        let rare = log(Double(candidates.count) + 1) + 1
        for term in deal.terms where idf[term] == nil { idf[term] = rare }
        for candidate in candidates {
            let story = candidate.profile
            let shared = deal.categories.intersection(story.categories)
            let text = textSimilarity(deal.terms, story.terms, weights: idf)
            guard !shared.isEmpty || text >= minimumText else { continue }
            var score = weights.text * min(1, text / fullText)
            var reasons: [Reason] = []
            if !shared.isEmpty {
                score += weights.obstacles * Double(shared.count) / Double(deal.categories.count)
                reasons.append(.sharedObstacles(shared.sorted { $0.uuidString < $1.uuidString }))
            }
            if text >= minimumText {
                // The longest shared words say most about what the cases share.
                let common = deal.terms.intersection(story.terms).compactMap { words[$0] }
                let shown = Set(common).sorted { ($0.count, $1) > ($1.count, $0) }.prefix(5)
                if !shown.isEmpty { reasons.append(.similarWords(Array(shown))) }
            }
            if let industry = deal.industry, let other = story.industry,
                industry.caseInsensitiveCompare(other) == .orderedSame
            {
                score += weights.industry
                reasons.append(.sameIndustry(other))
            }
            if deal.sizeBand == story.sizeBand {
                score += weights.size
                reasons.append(.sameSize(story.sizeBand))
            }
            matches.append(Match(storyID: candidate.id, score: score, reasons: reasons))
        }
        return Array(
            matches.sorted {
                $0.score != $1.score ? $0.score > $1.score : $0.storyID.uuidString > $1.storyID.uuidString
            }.prefix(limit))
    }

    /// The stems of a text mapped to the first word that gave each, for showing shared words.
    public static func words(of text: String) -> [String: String] {
        var words: [String: String] = [:]
        for word in SearchTerms.words(text) where !SearchText.stopwords.contains(word) && word.count > 2 {
            for stem in SearchText.stems(ofWord: word) where words[stem] == nil { words[stem] = word }
        }
        return words
    }
}
