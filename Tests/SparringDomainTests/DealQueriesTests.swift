import Foundation
import Testing

@testable import SparringDomain

@Suite struct DealQueriesTests {
    @Test func totalsNeverAddACurrencyWithoutARate() {
        let rates = ExchangeRates(base: "NOK", rates: ["EUR": Decimal(string: "11.5")!])
        var total = MoneyTotal()
        total.add(100_00, currency: "NOK", rates: rates)
        total.add(10_00, currency: "EUR", rates: rates)
        total.add(7_00, currency: "USD", rates: rates)
        total.add(3_00, currency: "USD", rates: rates)
        #expect(total.baseMinor == 215_00)
        #expect(total.unconverted == ["USD": 10_00])
        #expect(rates.toBase(1, from: "EUR") == 12, "11.5 øre rounds to 12")
        #expect(rates.fromBase(115_00, to: "EUR") == 10_00)
        #expect(rates.fromBase(1, to: "SEK") == nil)
    }

    @Test func ratesAreTypedEitherWayAndMustBePositive() {
        #expect(ExchangeRates.parseRate("11,52") == Decimal(string: "11.52"))
        #expect(ExchangeRates.parseRate(" 0.094 ") == Decimal(string: "0.094"))
        for bad in ["", "0", "-1", "1.1234567", "1,2,3", "abc", "1e3"] {
            #expect(ExchangeRates.parseRate(bad) == nil, "\(bad)")
        }
    }

    @Test func daysAreWrittenAsISODatesAndOrderedByTheCalendar() {
        #expect(Day(year: 2026, month: 3, day: 9)?.description == "2026-03-09")
        #expect(Day(year: 987, month: 12, day: 31)?.description == "0987-12-31")
        #expect(Day(year: 2026, month: 2, day: 30) == nil)
        #expect(Day("2026-03-09") == Day(year: 2026, month: 3, day: 9))
        let days = [
            Day(year: 2027, month: 1, day: 2), Day(year: 2026, month: 12, day: 31), Day(year: 2026, month: 2, day: 10),
        ]
        .compactMap { $0 }
        #expect(days.sorted().map(\.description) == ["2026-02-10", "2026-12-31", "2027-01-02"])
    }

    @Test func quartersFollowTheOrganisationsTimeZone() {
        let oslo = TimeZone(identifier: "Europe/Oslo")!
        // 2026-12-31 23:30 UTC is already 1 January in Oslo.
        let newYear = Quarter(containing: Date(timeIntervalSince1970: 1_798_759_800), timeZone: oslo)
        #expect(newYear.year == 2027 && newYear.number == 1)
        let autumn = Quarter(containing: Date(timeIntervalSince1970: 1_795_000_000), timeZone: oslo)
        #expect(
            autumn.number == 4 && autumn.start < Date(timeIntervalSince1970: 1_795_000_000) && autumn.end > autumn.start
        )
        #expect(Forecast.weight(1_000_00, probability: 25) == 250_00)
        #expect(Forecast.weight(3, probability: 50) == 2, "rounded half up")
    }

    /// Sums, weights and conversions of amounts stop at the limit instead of trapping (which would end the
    /// server for everyone): data from before the amount limit, or an extreme rate, still shows a page.
    @Test func moneyArithmeticSaturatesInsteadOfTrapping() {
        let huge: Int64 = 9_223_372_036_854_775_700
        #expect(Forecast.weight(huge, probability: 100) == huge && Forecast.weight(huge, probability: 50) == huge / 2)
        #expect(Saturating.percent(huge, 30) == huge / 100 * 30)
        var total = MoneyTotal()
        let rates = ExchangeRates(base: "NOK", rates: ["USD": 11])
        total.add(huge, currency: "NOK", rates: rates)
        total.add(huge, currency: "NOK", rates: rates)
        #expect(total.baseMinor == .max)
        total.add(huge, currency: "USD", rates: rates)
        #expect(total.baseMinor == .max && rates.toBase(huge, from: "USD") == .max)
        total.add(huge, currency: "XAU", rates: rates)
        total.add(huge, currency: "XAU", rates: rates)
        #expect(total.unconverted["XAU"] == .max)
        #expect((total + total).baseMinor == .max)
        #expect(Saturating.add(.min, -1) == .min && Saturating.multiply(-huge, 11) == .min)
        // Within the maximum, nothing is approximated: a million deals at the maximum sum exactly.
        let maximum = ImportValues.Amount.maximumMinorUnits
        #expect(Saturating.multiply(maximum, 1_000_000) == maximum * 1_000_000)
    }

    @Test func visibilityFollowsTheRole() {
        let team = UUID(), other = UUID(), me = UUID(), someone = UUID()
        let admin = Actor(userID: me, organisationID: UUID(), role: .admin)
        let leader = Actor(userID: me, organisationID: UUID(), role: .leader, leads: [team])
        let seller = Actor(userID: me, organisationID: UUID(), role: .seller, memberOf: [team])
        #expect(DealVisibility(admin).includes(ownerID: someone, teamID: other))
        #expect(DealVisibility(leader).includes(ownerID: someone, teamID: team))
        #expect(!DealVisibility(leader).includes(ownerID: someone, teamID: other))
        #expect(DealVisibility(leader).includes(ownerID: me, teamID: other))
        #expect(!DealVisibility(seller).includes(ownerID: someone, teamID: team))
        #expect(DealVisibility(seller).includes(ownerID: me, teamID: team))
        #expect(Policy().allows(seller, .createDeal(teamID: team, ownerID: me)))
        #expect(!Policy().allows(seller, .createDeal(teamID: team, ownerID: someone)))
        #expect(!Policy().allows(seller, .createDeal(teamID: other, ownerID: me)))
        #expect(Policy().allows(leader, .createDeal(teamID: team, ownerID: someone)))
        #expect(!Policy().allows(leader, .manageSalesProcess) && Policy().allows(admin, .importDeals))
    }

    @Test func stagesAreFoundByEitherNameKeyOrTheCRMsClosingNames() {
        let pipelineID = UUID()
        let stages = DefaultSalesProcess.stages.enumerated().map { index, definition in
            Stage(
                id: UUID(), pipelineID: pipelineID, key: definition.key, nameNB: definition.nameNB,
                nameEN: definition.nameEN, position: index, probability: definition.probability,
                expectedDays: definition.expectedDays, kind: definition.kind, isRetired: false)
        }
        let matcher = StageMatcher(pipelines: [
            Pipeline(id: pipelineID, nameNB: "Nysalg", nameEN: "New business", position: 0, stages: stages)
        ])
        #expect(matcher.stage(named: "tilbud")?.key == "proposal")
        #expect(matcher.stage(named: " Needs Analysis ")?.key == "needs")
        #expect(matcher.stage(named: "Closed Won")?.kind == .won)
        #expect(matcher.stage(named: "closedlost")?.kind == .lost)
        #expect(matcher.stage(named: "Proposal", pipeline: "New business")?.key == "proposal")
        #expect(matcher.stage(named: "Demo booked") == nil)
    }

    @Test func organisationSlugsAreASCII() {
        let organisation = Organisation(
            id: UUID(), name: "Nordlys Systemer AS", defaultLocale: .nb, baseCurrency: "NOK", timeZone: "Europe/Oslo")
        #expect(organisation.slug == "nordlys-systemer-as")
        var other = organisation
        other.name = "Ærlig Østfold & Sønn  AS!"
        #expect(other.slug == "aerlig-ostfold-sonn-as")
    }
}
