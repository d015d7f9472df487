import Foundation
import SQLKit
import SparringDomain
import SparringTestSupport
import Testing

/// On PostgreSQL, the Swift stemmers must give exactly the stems of PostgreSQL's own Snowball
/// dictionaries, word for word, so that a search finds the same stories on both databases. The words:
/// every word of the blocker-phrase corpus, in its language (287 words with a stem).
@Suite struct StemmerParityTests {
    static func corpusWords() throws -> [AppLocale: Set<String>] {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Fixtures/blockers/corpus.tsv")
        var words: [AppLocale: Set<String>] = [:]
        for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") where !line.hasPrefix("#") {
            let fields = line.split(separator: "\t", maxSplits: 2).map(String.init)
            guard fields.count == 3, let locale = AppLocale(rawValue: fields[1]) else { continue }
            // Apostrophes split contractions ("can't" → "can", "t"), as the search's tokenizer does.
            words[locale, default: []].formUnion(SearchTerms.words(fields[2]))
        }
        return words
    }

    /// Runs on PostgreSQL only: SQLite has no Snowball stemmer to compare with.
    @Test(.enabled(if: TestDatabase.postgresURL != nil))
    func theSwiftStemsArePostgreSQLsOwn() async throws {
        try await withSparring { ctx in
            let sql = ctx.app.db as! any SQLDatabase
            var compared = 0
            for (locale, words) in try Self.corpusWords() {
                let dictionary = locale == .nb ? "norwegian_stem" : "english_stem"
                for word in words.sorted() {
                    let row = try #require(
                        try await sql.select().column(
                            SQLFunction("ts_lexize", args: SQLLiteral.string(dictionary), SQLBind(word)), as: "stems"
                        ).first())
                    // ts_lexize gives one stem for a word (an empty array for a stop word it drops).
                    let stems = try row.decode(column: "stems", as: [String]?.self) ?? []
                    if let stem = stems.first {
                        #expect(Stemmer.stem(word, locale) == stem, "\(locale.rawValue) \(word)")
                        compared += 1
                    }
                }
            }
            #expect(compared > 250, "compared \(compared) words")
        }
    }
}
