import Foundation
import SparringDomain
import Testing

@Suite struct StemmerTests {
    /// Inflected forms that a search must find from one another. Every expected stem here and below is
    /// the one PostgreSQL's Snowball dictionaries give (`ts_lexize('norwegian_stem' | 'english_stem', …)`,
    /// checked on PostgreSQL 15), so both databases can index the same terms.
    @Test(arguments: [
        ("kunder", "kund"), ("kunden", "kund"), ("kundene", "kund"), ("kundenes", "kund"), ("ønsker", "ønsk"),
        ("bedre", "bedr"), ("løsninger", "løsning"), ("løsningen", "løsning"), ("hindringene", "hindring"),
        ("prisen", "pris"), ("priser", "pris"), ("tilbudet", "tilbud"), ("budsjettene", "budsjett"),
        ("anbefalte", "anbefalt"), ("kjøpt", "kjøpt"), ("hus", "hus"), ("vindt", "vind"),
    ])
    func norwegian(word: String, stem: String) {
        #expect(Stemmer.stem(word, .nb) == stem)
    }

    /// Porter2's sample vocabulary, and the words the product's search promises ("pricing" finds "price").
    @Test(arguments: [
        ("pricing", "price"), ("price", "price"), ("prices", "price"), ("priced", "price"),
        ("consign", "consign"), ("consigned", "consign"), ("consigning", "consign"), ("consignment", "consign"),
        ("consist", "consist"), ("consisted", "consist"), ("consistency", "consist"), ("consistent", "consist"),
        ("consistently", "consist"), ("knack", "knack"), ("knackeries", "knackeri"), ("knaves", "knave"),
        ("kneaded", "knead"), ("kneeling", "kneel"), ("knees", "knee"), ("knightly", "knight"),
        ("knitting", "knit"), ("knives", "knive"), ("knocker", "knocker"), ("knocking", "knock"),
        ("generously", "generous"), ("running", "run"), ("hopping", "hop"), ("hoped", "hope"),
        ("cries", "cri"), ("ties", "tie"), ("gas", "gas"), ("gaps", "gap"), ("skies", "sky"),
        ("customers", "custom"), ("relational", "relat"), ("news", "news"), ("succeed", "succeed"),
    ])
    func english(word: String, stem: String) {
        #expect(Stemmer.stem(word, .en) == stem)
    }

    @Test func termsKeepÆØÅDistinctAndSplitOnEverythingElse() {
        #expect(
            SearchTerms.words("Kunden sa: «Nei!» – 3 år, én gang.") == ["kunden", "sa", "nei", "3", "år", "én", "gang"])
        #expect(SearchTerms.stems("Kundene ønsker bedre løsninger", .nb) == ["kund", "ønsk", "bedr", "løsning"])
        #expect(SearchTerms.stems("år", .nb) == ["år"] && SearchTerms.stems("ar", .nb) == ["ar"])
        #expect(SearchTerms.stems("Pricing for customers", .en) == ["price", "for", "custom"])
    }
}
