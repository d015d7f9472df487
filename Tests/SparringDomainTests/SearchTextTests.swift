import Foundation
import SparringDomain
import Testing

@Suite struct SearchTextTests {
    @Test func aQueryWordMatchesThroughItsNorwegianOrEnglishStemAndStopWordsAreDropped() {
        let query = SearchQuery("Kundene og the pricing")
        #expect(query.groups == [["kund", "kunden"], ["pricing", "price"]])
        // A query of stop words only is kept rather than turned into nothing.
        #expect(SearchQuery("det").groups == [["det"]])
        #expect(SearchQuery("  ,. ").isEmpty)
        #expect(SearchQuery(String(repeating: "ord ", count: 30) + "annet").groups.count == 2, "repeats count once")
    }

    @Test func indexTermsKeepRepeatsAndAEOAreDistinct() {
        #expect(SearchText.indexTerms("Mål og mal, mål") == ["mål", "mal", "mål"])
        #expect(SearchText.indexTerms("The prices") == ["pric", "price"])
        #expect(SearchText.stems(ofWord: "blåbær") != SearchText.stems(ofWord: "blabar"))
    }

    @Test func aSnippetMarksInflectedFormsAroundTheFirstMatch() {
        let text =
            String(repeating: "Lang innledning om noe helt annet. ", count: 5)
            + "Kundene ville ha lavere pris, og kunden sa nei.\nSå kom neste runde. "
            + String(repeating: "Mer tekst etterpå. ", count: 5)
        let parts = Snippet.make(text, matching: SearchQuery("kunder").stems, length: 120)
        #expect(parts.first?.text == "…")
        #expect(parts.filter(\.isMatch).map(\.text) == ["Kundene", "kunden"])
        #expect(parts.last?.text == "…")
        #expect(!parts.map(\.text).joined().contains("\n"))
        let joined = parts.map(\.text).joined()
        #expect(joined.count <= 120 + 2)
        // Without a match: the beginning.
        let plain = Snippet.make("Kort tekst.", matching: ["xyz"])
        #expect(plain == [Snippet.Part("Kort tekst.", isMatch: false)])
    }

    @Test func aStoryThatHidesTheCustomerNamesItNowhere() {
        let text = CaseStoryText(
            title: "Fjordkraft ville vente", situation: "FJORDKRAFT AS hadde budsjett.",
            actions: "Vi møtte Fjordkraft.",
            result: "Vunnet")
        let hidden = text.replacing(name: "Fjordkraft", with: "kunden")
        #expect(!([hidden.title] + hidden.parts.map(\.text)).joined().lowercased().contains("fjordkraft"))
        #expect(hidden.title == "kunden ville vente")
        // The name as people write it, without the legal form, goes too.
        let short = CaseStoryText(title: "Bergen Kino ville vente", situation: "x", actions: "y", result: "z")
            .replacing(name: "Bergen Kino AS", with: "kunden")
        #expect(short.title == "kunden ville vente")
    }

    @Test func sizeBandsFollowTheCurrency() {
        #expect(SizeBand(amountMinor: 50_000_00, currency: "NOK") == .small)
        #expect(SizeBand(amountMinor: 500_000_00, currency: "NOK") == .medium)
        #expect(SizeBand(amountMinor: 50_000_00, currency: "EUR") == .medium)
        #expect(SizeBand(amountMinor: 20_000_000_00, currency: "SEK") == .enterprise)
        #expect(SizeBand.large.range(currency: "NOK") == (1_000_000, 10_000_000))
    }

    @Test func onlyAnEndedOrUnstuckDealHasAStory() {
        let id = UUID()
        let open = Obstacle(
            id: id, dealID: id, categoryID: id, detail: "", resolution: nil, resolvedAt: nil, createdAt: Date(),
            version: 1)
        var resolved = open
        resolved.resolution = "Pilot"
        resolved.resolvedAt = Date()
        #expect(StoryEligibility.outcome(status: .won, obstacles: []) == .won)
        #expect(StoryEligibility.outcome(status: .lost, obstacles: []) == .lost)
        #expect(StoryEligibility.outcome(status: .open, obstacles: [open]) == nil)
        #expect(StoryEligibility.outcome(status: .open, obstacles: [open, resolved]) == .unstuck)
        #expect(StoryEligibility.outcome(status: .onHold, obstacles: [resolved]) == nil)
    }
}
