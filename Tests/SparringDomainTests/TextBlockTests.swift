import SparringDomain
import Testing

@Suite struct TextBlockTests {
    /// A story's draft as the case writes it and as authors type: the lists and steps stay lists, a line
    /// break inside a paragraph stays, a blank line separates paragraphs.
    @Test func listsStepsAndLineBreaksAreReadFromTheText() {
        let text = """
            Kunden ville vente til neste år.\r
            Budsjettet var brukt.\r
            \r
            • Pris: for høy\r
            • Tid: feil kvartal — løst med en pilot\r
            1. Ring økonomisjefen\r
            2) Send forslaget\r
               med tallene fra piloten\r
            3. Avtal møte\r
            \r
            12. desember kom svaret.
            """
        #expect(
            TextBlock.blocks(text) == [
                .paragraph(["Kunden ville vente til neste år.", "Budsjettet var brukt."]),
                .bullets(["Pris: for høy", "Tid: feil kvartal — løst med en pilot"]),
                .numbered(start: 1, ["Ring økonomisjefen", "Send forslaget\nmed tallene fra piloten", "Avtal møte"]),
                .paragraph(["12. desember kom svaret."]),
            ])
    }

    @Test func aListRightAfterAParagraphLineIsAList() {
        #expect(
            TextBlock.blocks("Vi gjorde tre ting:\n1. Ringte\n2. Skrev\nTakk.") == [
                .paragraph(["Vi gjorde tre ting:"]), .numbered(start: 1, ["Ringte", "Skrev"]), .paragraph(["Takk."]),
            ])
    }

    @Test func markersWithoutASpaceOrTextAreWords() {
        #expect(
            TextBlock.blocks("-5 % rabatt\n*viktig*\n• \n2026. Et godt år") == [
                .paragraph(["-5 % rabatt", "*viktig*", "•", "2026. Et godt år"])
            ])
    }
}
