import Foundation
import SparringDomain
import Testing

@Suite struct LocaleFormatTests {
    let nbsp = "\u{00A0}"

    /// Arguments go into their places once: a value that looks like a placeholder stays as typed, a
    /// placeholder without an argument stays, and a stray brace is kept.
    @Test func argumentsAreFilledInOncePlaceholdersInValuesStayAsTyped() {
        let t = Localizer(.en)
        #expect(
            t(.notifyFollowUpDue, ["deal": "{what}", "what": "Call {deal}"]) == "Follow-up due for {what}: Call {deal}")
        #expect(t(.notifyFollowUpDue, ["deal": "Kino"]) == "Follow-up due for Kino: {what}")
        #expect(t(.notifyFollowUpDue, ["deal": "a { b", "what": "c } d"]) == "Follow-up due for a { b: c } d")
        #expect(Localizer(.nb)(.homeAllStuck, ["count": "1 234"]) == "Alle 1 234 som står fast")
    }

    @Test func moneyInNorwegianPutsKronerAfterWithSpaceGroups() {
        let text = LocaleFormat(.nb).money(minorUnits: 123_456_750, currency: "NOK")
        #expect(text == "1\(nbsp)234\(nbsp)567,50\(nbsp)kr")
    }

    @Test func moneyInEnglishPutsTheCodeFirstWithCommaGroups() {
        #expect(LocaleFormat(.en).money(minorUnits: 123_456_750, currency: "NOK") == "NOK\(nbsp)1,234,567.50")
    }

    @Test func otherCurrenciesKeepTheirCodeAndMinorUnits() {
        #expect(LocaleFormat(.nb).money(minorUnits: 199, currency: "eur") == "1,99\(nbsp)EUR")
        #expect(LocaleFormat(.en).money(minorUnits: 1500, currency: "JPY") == "JPY\(nbsp)1,500")
        #expect(LocaleFormat(.en).money(minorUnits: -5, currency: "USD") == "USD\(nbsp)−0.05")
    }

    @Test func integersAndDecimals() {
        #expect(LocaleFormat(.en).integer(0) == "0")
        #expect(LocaleFormat(.en).integer(999) == "999")
        #expect(LocaleFormat(.en).integer(1000) == "1,000")
        #expect(LocaleFormat(.nb).integer(-1_000_000) == "−1\(nbsp)000\(nbsp)000")
        #expect(LocaleFormat(.nb).decimal(2.345, fractionDigits: 1) == "2,3")
        #expect(LocaleFormat(.en).decimal(1234.5) == "1,234.50")
    }

    @Test func datesFollowTheLocaleInTheOrganisationsTimeZone() throws {
        // 2026-11-26 23:30 UTC is already the 27th in Oslo (UTC+1).
        let date = try #require(ISO8601DateFormatter().date(from: "2026-11-26T23:30:00Z"))
        let oslo = try #require(TimeZone(identifier: "Europe/Oslo"))
        #expect(LocaleFormat(.nb, timeZone: oslo).date(date) == "27.11.2026")
        #expect(LocaleFormat(.en, timeZone: oslo).date(date) == "27 Nov 2026")
        #expect(LocaleFormat(.nb, timeZone: oslo).dateTime(date) == "27.11.2026 kl. 00:30")
        #expect(LocaleFormat(.en, timeZone: .gmt).dateTime(date) == "26 Nov 2026, 23:30")
    }
}

@Suite struct LocalisationTests {
    @Test(arguments: AppLocale.allCases)
    func everyKeyHasATextInEveryCatalogue(locale: AppLocale) {
        let catalogue = Localizer.catalogue(locale)
        let missing = L10nKey.allCases.filter { (catalogue[$0] ?? "").isEmpty }
        #expect(missing.isEmpty, "missing in \(locale): \(missing.map(\.rawValue))")
    }

    @Test func placeholdersAreTheSameInBothLanguages() {
        func placeholders(_ text: String) -> Set<String> {
            var found = Set<String>()
            var rest = Substring(text)
            while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
                found.insert(String(rest[open...close]))
                rest = rest[rest.index(after: close)...]
            }
            return found
        }
        for key in L10nKey.allCases {
            #expect(
                placeholders(Localizer(.nb)(key)) == placeholders(Localizer(.en)(key))
                    || Localizer(.nb)(key).contains("⟦"),
                "placeholders differ for \(key.rawValue)")
        }
    }

    @Test func argumentsAreFilledIn() {
        #expect(
            Localizer(.nb)(.signInThrottled, ["minutes": "12"])
                == "For mange mislykkede forsøk. Prøv igjen om 12 minutter.")
        #expect(Localizer(.en)(.homeWelcome, ["name": "Kari"]) == "Welcome, Kari")
    }

    @Test func acceptLanguageHonoursQualityAndMapsNorwegianVariants() {
        #expect(AppLocale.fromAcceptLanguage("nb-NO,nb;q=0.9,en;q=0.8") == .nb)
        #expect(AppLocale.fromAcceptLanguage("en-GB,en;q=0.9,nb;q=0.5") == .en)
        #expect(AppLocale.fromAcceptLanguage("nn") == .nb)
        #expect(AppLocale.fromAcceptLanguage("no;q=0.4, en;q=0.6") == .en)
        #expect(AppLocale.fromAcceptLanguage("de-DE,fr;q=0.9") == nil)
        #expect(AppLocale.fromAcceptLanguage("en;q=0, nb;q=0.1") == .nb)
        #expect(AppLocale.fromAcceptLanguage(nil) == nil)
    }

    @Test func localeResolutionOrder() {
        #expect(resolveLocale(user: .en, chosen: .nb, acceptLanguage: "nb", organisationDefault: .nb) == .en)
        #expect(resolveLocale(user: nil, chosen: .nb, acceptLanguage: "en", organisationDefault: .en) == .nb)
        #expect(resolveLocale(user: nil, chosen: nil, acceptLanguage: "en", organisationDefault: .nb) == .en)
        #expect(resolveLocale(user: nil, chosen: nil, acceptLanguage: "de", organisationDefault: .nb) == .nb)
    }
}
