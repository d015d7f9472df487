import Foundation
import SQLKit
import SparringDomain
import SparringStorage
import SparringTestSupport
import SparringWeb
import Testing
import Vapor

@Suite struct DealPagesTests {
    /// The id in a `/deals/<id>` redirect.
    func dealID(_ page: Browser.Page) throws -> UUID {
        let location = try #require(page.location)
        return try #require(UUID(uuidString: String(location.dropFirst("/deals/".count))))
    }

    @Test func aSellerCreatesMovesAndClosesADealWithClearErrorsAndAKeptHistory() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
            let stages = try await tenant.pipelines.all()[0].stages
            let seller = Browser(ctx.app, acceptLanguage: "nb")
            try await seller.signIn(org.seller.email, Fixtures.password)

            let form = try await seller.get("/deals/new")
            #expect(form.status == .ok && form.body.contains("Ny avtale"))
            let base: [(String, String)] = [
                ("customer", "Fjordkraft AS"), ("industry", "Energi"), ("ownerID", org.seller.id.uuidString),
                ("teamID", org.team.id.uuidString), ("stageID", stages[0].id.uuidString), ("currency", "NOK"),
            ]
            let bad = try await seller.post(
                "/deals/new", base + [("title", ""), ("amount", "tolv"), ("expectedClose", "31.02.2026")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.contains("Avtale: Dette feltet må fylles ut."))
            #expect(bad.body.contains("Beløp: Bruk et beløp som 250 000 eller 250 000,50."))
            #expect(bad.body.contains("Forventet avslutning: Bruk en dato som 31.12.2026 eller 2026-12-31."))
            #expect(bad.body.contains(#"value="Fjordkraft AS""#), "what was typed is kept")
            #expect(
                try await tenant.deals.list(
                    DealFilter(), visibility: .all, rates: ExchangeRates(base: "NOK", rates: [:]), now: ctx.clock.now,
                    timeZone: .gmt, limit: 10, after: nil
                ).total == 0)

            // A seller cannot put a deal on someone else.
            let foreign = try await seller.post(
                "/deals/new",
                [("title", "Rammeavtale"), ("amount", "1")] + base.filter { $0.0 != "ownerID" }
                    + [("ownerID", org.leader.id.uuidString)])
            #expect(foreign.status == .unprocessableEntity)

            let created = try await seller.post(
                "/deals/new",
                base + [("title", "Rammeavtale"), ("amount", "1 250 000,50"), ("expectedClose", "31.12.2026")])
            #expect(created.status == .seeOther)
            let id = try dealID(created)
            var deal = try await tenant.deals.find(id)
            #expect(
                deal.amountMinor == 125_000_050 && deal.currency == "NOK" && deal.expectedClose == Day("2026-12-31"))

            let page = try await seller.get("/deals/\(id.uuidString)")
            #expect(
                page.body.contains("Avtalen er opprettet.")
                    && page.body.contains("1\u{00A0}250\u{00A0}000,50\u{00A0}kr"))
            #expect(page.body.contains("Fasehistorikk") && page.body.contains("Kvalifisering"))

            let moved = try await seller.post(
                "/deals/\(id.uuidString)/stage", [("stageID", stages[2].id.uuidString), ("version", "1")])
            #expect(moved.status == .seeOther)
            let stale = try await seller.post(
                "/deals/\(id.uuidString)/stage", [("stageID", stages[1].id.uuidString), ("version", "1")])
            #expect(stale.status == .conflict)
            #expect(try await tenant.deals.find(id).stageID == stages[2].id)

            let noReason = try await seller.post(
                "/deals/\(id.uuidString)/close", [("outcome", "won"), ("reason", " "), ("version", "2")])
            #expect(noReason.status == .unprocessableEntity && noReason.body.contains("Skriv hvorfor"))
            let closed = try await seller.post(
                "/deals/\(id.uuidString)/close",
                [("outcome", "lost"), ("reason", "Valgte konkurrent på pris"), ("version", "2")])
            #expect(closed.status == .seeOther)
            deal = try await tenant.deals.find(id)
            #expect(deal.status == .lost && deal.closeReason == "Valgte konkurrent på pris")
            let history = try await tenant.deals.history(id)
            #expect(history.map(\.toStageID).count == 3 && history.allSatisfy { $0.changedBy == org.seller.id })

            // Editing: a later close date counts as a postponement; a stale edit keeps what was typed.
            let edit = try await seller.get("/deals/\(id.uuidString)/edit")
            #expect(edit.body.contains(#"value="1250000.50""#))

            // The customer's facts are edited from the deal, with the same version rule.
            let saved = try await seller.post(
                "/deals/\(id.uuidString)/customer",
                [
                    ("customerName", "Fjordkraft AS"), ("industry", "Energi"), ("sizeBand", "500–1000"),
                    ("segment", "Enterprise"), ("customerVersion", "1"),
                ])
            #expect(saved.status == .seeOther)
            let customer = try await tenant.deals.customer(deal.customerID)
            #expect(customer.sizeBand == "500–1000" && customer.segment == "Enterprise" && customer.version == 2)
            let staleCustomer = try await seller.post(
                "/deals/\(id.uuidString)/customer", [("customerName", "Fjordkraft ASA"), ("customerVersion", "1")])
            #expect(staleCustomer.status == .conflict && staleCustomer.body.contains(#"value="Fjordkraft ASA""#))
            #expect(try await tenant.deals.customer(deal.customerID).name == "Fjordkraft AS")
        }
    }

    /// A stale edit shows the deal as it is now above what was typed — field by field, saying whether it
    /// was the same person in another tab or someone by name — keeps what was typed, and saves it when
    /// sent again on purpose, never by accident on the first try.
    @Test func aStaleEditShowsTheirVersionAboveYoursAndSavesWhenSentAgainOnPurpose() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
            let stages = try await tenant.pipelines.all()[0].stages
            let customer = try await tenant.deals.createCustomer(name: "Fjordkraft AS")
            let deal = try await tenant.deals.create(
                NewDeal(
                    customerID: customer, ownerID: org.seller.id, teamID: org.team.id, stageID: stages[0].id,
                    title: "Rammeavtale", amountMinor: 100_000_00, currency: "NOK", nextStep: "Ring"),
                by: org.seller.id, origin: .manual, at: ctx.clock.now)
            let path = "/deals/\(deal.id.uuidString)/edit"
            func form(_ values: [String: String], version: Int) -> [(String, String)] {
                let base = [
                    "title": "Rammeavtale", "customer": "Fjordkraft AS", "ownerID": org.seller.id.uuidString,
                    "teamID": org.team.id.uuidString, "amount": "100000", "currency": "NOK", "nextStep": "Ring",
                ]
                return base.merging(values) { $1 }.map { ($0.key, $0.value) } + [("version", String(version))]
            }
            let firstTab = Browser(ctx.app)
            try await firstTab.signIn(org.seller.email, Fixtures.password)
            let secondTab = Browser(ctx.app)
            try await secondTab.signIn(org.seller.email, Fixtures.password)
            #expect(try await secondTab.post(path, form(["amount": "200000"], version: 1)).status == .seeOther)

            // The first tab, opened at version 1, saves a new next step with the old amount.
            let stale = try await firstTab.post(path, form(["nextStep": "Send tilbud"], version: 1))
            #expect(stale.status == .conflict)
            #expect(stale.body.contains("You saved this deal in another tab or window"))
            #expect(
                stale.body.contains(
                    #"<tr data-field="amount"><th scope="row">Amount</th><td class="theirs">200000.00</td><td class="yours">100000</td></tr>"#
                ))
            #expect(stale.body.contains(#"<tr data-field="nextStep">"#) && !stale.body.contains(#"data-field="title""#))
            #expect(stale.body.contains(">Send tilbud</textarea>"), "what was typed stays")
            #expect(stale.body.contains(#"name="version" value="2""#), "the form is now at their version")
            var now = try await tenant.deals.find(deal.id)
            #expect(now.amountMinor == 200_000_00 && now.nextStep == "Ring", "nothing overwritten")

            // Sent again on purpose, it saves what was typed.
            #expect(try await firstTab.post(path, form(["nextStep": "Send tilbud"], version: 2)).status == .seeOther)
            now = try await tenant.deals.find(deal.id)
            #expect(now.amountMinor == 100_000_00 && now.nextStep == "Send tilbud" && now.version == 3)

            // Someone else, by name; and a change that is not on the form (the stage) is said so.
            let leader = Browser(ctx.app)
            try await leader.signIn(org.leader.email, Fixtures.password)
            #expect(
                try await leader.post(path, form(["nextStep": "Møte", "title": "Ny tittel"], version: 3)).status
                    == .seeOther)
            let byLeader = try await firstTab.post(path, form(["nextStep": "Send tilbud"], version: 3))
            #expect(byLeader.status == .conflict && byLeader.body.contains("Leader a saved this deal in the meantime"))
            #expect(byLeader.body.contains(#"<td class="theirs">Ny tittel</td>"#))
            _ = try await tenant.deals.moveStage(
                deal.id, to: stages[1].id, expectedVersion: 4, by: org.leader.id, origin: .manual, at: ctx.clock.now)
            let moved = try await firstTab.post(
                path, form(["nextStep": "Møte", "title": "Ny tittel"], version: 4))
            #expect(moved.status == .conflict && moved.body.contains("Nothing on this form differs"))
            // A save that named nobody (before the editor was kept) is said without a name.
            try await (ctx.app.db as! any SQLDatabase).update("deals").set("updated_by", to: UUID?.none)
                .where("id", .equal, deal.id).run()
            let anonymous = try await firstTab.post(path, form(["nextStep": "Møte"], version: 4))
            #expect(
                anonymous.body.contains("This deal was saved in the meantime (") && !anonymous.body.contains("— saved"))
        }
    }

    @Test func onlyTheOwnerTheTeamsLeaderAndAdminsSeeADeal() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let other = try await Fixtures.organisation(ctx.app, tag: "b")
            let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
            let stage = try await tenant.pipelines.all()[0].stages[0]
            let customer = try await tenant.deals.createCustomer(name: "Hemmelig AS")
            let deal = try await tenant.deals.create(
                NewDeal(
                    customerID: customer, ownerID: org.seller.id, teamID: org.team.id, stageID: stage.id,
                    title: "Hemmelig avtale", amountMinor: 100, currency: "NOK"),
                by: nil, origin: .manual, at: ctx.clock.now)
            let secondSeller = try await tenant.users.create(
                NewUser(name: "Seller Two", email: "two@a.example", role: .seller, memberOf: [org.team.id]),
                passwordHash: try BcryptHasher(cost: 4).hash(Fixtures.password), at: TestClock().now)

            for (email, visible) in [
                (org.seller.email, true), (org.leader.email, true), (org.admin.email, true),
                (secondSeller.email, false), (other.admin.email, false), (other.seller.email, false),
            ] {
                let browser = Browser(ctx.app)
                try await browser.signIn(email, Fixtures.password)
                let page = try await browser.get("/deals/\(deal.id.uuidString)")
                #expect(page.status == (visible ? .ok : .notFound), "\(email)")
                let list = try await browser.get("/deals?q=hemmelig")
                #expect(list.body.contains("Hemmelig avtale") == visible, "\(email)")
                let move = try await browser.post(
                    "/deals/\(deal.id.uuidString)/stage", [("stageID", stage.id.uuidString), ("version", "1")])
                #expect(visible || move.status == .notFound, "\(email)")
            }
        }
    }

    @Test func aStuckDealExplainsItselfInBothLanguagesAndCanBeSnoozedAndWoken() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
            let qualify = try await tenant.pipelines.all()[0].stages[0]
            let customer = try await tenant.deals.createCustomer(name: "Treg AS")
            let deal = try await tenant.deals.create(
                NewDeal(
                    customerID: customer, ownerID: org.seller.id, teamID: org.team.id, stageID: qualify.id,
                    title: "Treg avtale", amountMinor: 100, currency: "NOK"),
                by: nil, origin: .manual, at: ctx.clock.now)
            ctx.clock.advance(by: 30 * 86_400)

            let english = Browser(ctx.app)
            try await english.signIn(org.leader.email, Fixtures.password)
            let page = try await english.get("/deals/\(deal.id.uuidString)")
            #expect(page.body.contains("Why this deal is stuck"))
            #expect(page.body.contains("In Qualification for 30 days"))
            let norwegian = Browser(ctx.app, acceptLanguage: "nb")
            try await norwegian.signIn(org.seller.email, Fixtures.password)
            #expect(try await norwegian.get("/deals/\(deal.id.uuidString)").body.contains("I Kvalifisering i 30 dager"))
            #expect(try await norwegian.get("/deals?stuck=true").body.contains("Treg avtale"))

            let today = Day(ctx.clock.now, in: TimeZone(identifier: "Europe/Oslo")!)
            let past = try await english.post(
                "/deals/\(deal.id.uuidString)/snooze", [("until", today.description), ("snoozeReason", "")])
            #expect(past.status == .unprocessableEntity)
            #expect(past.body.contains("Until: Choose a day after today."))
            #expect(past.body.contains("Why it is not really stuck: Say why"))

            let later = Day(ctx.clock.now + 10 * 86_400, in: TimeZone(identifier: "Europe/Oslo")!)
            let snoozed = try await english.post(
                "/deals/\(deal.id.uuidString)/snooze",
                [("until", later.description), ("snoozeReason", "Styret møtes den 14.")])
            #expect(snoozed.status == .seeOther)
            #expect(!(try await norwegian.get("/deals?stuck=true").body.contains("Treg avtale")))
            let list = try await norwegian.get("/deals/snoozed")
            #expect(
                list.body.contains("Treg avtale") && list.body.contains("Styret møtes den 14.")
                    && list.body.contains("Leader a"))
            let stuck = try await tenant.deals.stuck(teamID: org.team.id, now: ctx.clock.now, timeZone: .gmt)
            #expect(stuck.total == 0 && stuck.deals.isEmpty)

            // The flag comes back the day after the snooze ends.
            ctx.clock.advance(by: 11 * 86_400)
            #expect(try await norwegian.get("/deals?stuck=true").body.contains("Treg avtale"))
            #expect(try await tenant.deals.stuck(teamID: org.team.id, now: ctx.clock.now, timeZone: .gmt).total == 1)
        }
    }

    @Test func theBoardShowsColumnsTotalsInTheBaseCurrencyAndTheForecast() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
            let stages = try await tenant.pipelines.all()[0].stages
            let customer = try await tenant.deals.createCustomer(name: "Kunde AS")
            for (amount, currency) in [(100_000_00, "NOK"), (50_000_00, "NOK"), (1_000_00, "EUR")] as [(Int64, String)]
            {
                _ = try await tenant.deals.create(
                    NewDeal(
                        customerID: customer, ownerID: org.seller.id, teamID: org.team.id, stageID: stages[0].id,
                        title: "Avtale \(currency)", amountMinor: amount, currency: currency),
                    by: nil, origin: .manual, at: ctx.clock.now)
            }
            let leader = Browser(ctx.app)
            try await leader.signIn(org.leader.email, Fixtures.password)
            let pick = try await leader.get("/board")
            #expect(pick.location == "/board/\(org.team.id.uuidString)")
            var board = try await leader.get("/board/\(org.team.id.uuidString)")
            #expect(board.status == .ok)
            // Without a rate, the euros are shown apart, never added in.
            #expect(board.body.contains("NOK\u{00A0}150,000.00 + EUR\u{00A0}1,000.00 (no exchange rate)"))
            #expect(board.body.contains("Deals: 3"))

            try await tenant.exchangeRates.set(
                "EUR", rate: Decimal(string: "11.5")!, on: Day("2026-11-01")!, by: org.admin.id)
            board = try await leader.get("/board/\(org.team.id.uuidString)")
            #expect(board.body.contains("NOK\u{00A0}161,500.00"))
            // Qualification's probability is 10 %: weighted 16,150.
            #expect(board.body.contains("NOK\u{00A0}16,150.00"))
            #expect(board.body.contains("EUR 11.5 (set 1 Nov 2026)"))

            let outsider = try await Fixtures.organisation(ctx.app, tag: "b")
            let stranger = Browser(ctx.app)
            try await stranger.signIn(outsider.admin.email, Fixtures.password)
            #expect(try await stranger.get("/board/\(org.team.id.uuidString)").status == .notFound)
        }
    }

    @Test func theListFiltersSortsPagesAndExportsWhatItShows() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
            let stages = try await tenant.pipelines.all()[0].stages
            let customer = try await tenant.deals.createCustomer(name: "Liste AS")
            for index in 0..<60 {
                _ = try await tenant.deals.create(
                    NewDeal(
                        customerID: customer, ownerID: org.seller.id, teamID: org.team.id,
                        stageID: stages[index % 2].id, title: "Avtale \(index)", amountMinor: Int64(index) * 100_00,
                        currency: "NOK"),
                    by: nil, origin: .manual, at: ctx.clock.now + Double(index))
            }
            let admin = Browser(ctx.app)
            try await admin.signIn(org.admin.email, Fixtures.password)
            let first = try await admin.get("/deals?sort=amount")
            #expect(first.body.contains("Deals found: 60."))
            #expect(first.body.range(of: "Avtale 59")!.lowerBound < first.body.range(of: "Avtale 58")!.lowerBound)
            let next = try #require(first.body.firstMatch(of: /href="(\/deals\?sort=amount&amp;cursor=[^"]+)"/)?.1)
            let second = try await admin.get(String(next).replacingOccurrences(of: "&amp;", with: "&"))
            #expect(second.body.contains(">Avtale 9<") && !second.body.contains(">Avtale 10<"))
            #expect(second.body.contains(">Avtale 0<"))

            let filtered = try await admin.get("/deals?minAmount=5000&maxAmount=5500&stage=\(stages[0].id.uuidString)")
            #expect(
                filtered.body.contains("Deals found: 3."),
                "50, 52 and 54 are in the first stage between 5,000 and 5,500")

            let bad = try await admin.get("/deals?minAmount=mye&status=glemt")
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.contains("Amount from (NOK): Use an amount"))

            let csv = try await admin.get("/deals/export.csv?minAmount=5000&maxAmount=5500")
            #expect(csv.headers.first(name: .contentType)?.hasPrefix("text/csv") == true)
            let lines = csv.body.split(separator: "\r\n")
            #expect(lines.count == 7 && lines[0].hasPrefix("externalID,title,customer"))
            #expect(lines.dropFirst().allSatisfy { $0.contains("Liste AS") && $0.contains("Team a") })
        }
    }
    /// Excel splits a CSV at the list separator of the computer's region (`;` in Norway), whatever
    /// separator the file uses. Read with `,`, `;` or a tab, no cell of the export starts a formula.
    @Test func theExportKeepsCellsWholeAndRunsNoFormulaWhateverTheListSeparator() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
            let stages = try await tenant.pipelines.all()[0].stages
            let hostile = [
                "Rabatt; =HYPERLINK(\"http://evil.example\")", "Kunde, =1+1", "-2+3;@SUM(A1)",
                "tab\t=cmd|' /C calc'!A0",
                "Linje\n+ny", "=start", " @SUM(1)", "Plain title", "-15",
            ]
            for (index, text) in hostile.enumerated() {
                let customer = try await tenant.deals.createCustomer(name: "Kunde \(index); =\(index)+1")
                _ = try await tenant.deals.create(
                    NewDeal(
                        customerID: customer, ownerID: org.seller.id, teamID: org.team.id, stageID: stages[0].id,
                        title: text, amountMinor: 4_000_000, currency: "NOK", nextStep: text),
                    by: nil, origin: .manual, at: ctx.clock.now + Double(index))
            }
            let admin = Browser(ctx.app)
            try await admin.signIn(org.admin.email, Fixtures.password)
            let csv = try await admin.get("/deals/export.csv")
            for separator: Character in [",", ";", "\t"] {
                var reader = CSVReader(delimiter: separator)
                var records = reader.feed(Array(csv.body.utf8))
                records += reader.finish()
                // Read with another separator, a cell's line break also breaks the row, as in Excel.
                if separator == "," { #expect(records.count == hostile.count + 1) }
                for record in records {
                    if separator == "," { #expect(record.fields.count == 14, "\(record.fields)") }
                    for field in record.fields {
                        let start = field.first { $0 != " " }
                        #expect(
                            start == nil || !"=+-@".contains(start!) || Double(field) != nil,
                            "a formula starts a cell read with \(separator.debugDescription): \(field.debugDescription)"
                        )
                    }
                }
            }
            // Read with its own separator, the cells hold the text, only marked where a formula would start.
            var reader = CSVReader(delimiter: ",")
            let rows = reader.feed(Array(csv.body.utf8)) + reader.finish()
            let titles = Set(rows.dropFirst().map { $0.fields[1] })
            #expect(titles.contains("Rabatt;' =HYPERLINK(\"http://evil.example\")") && titles.contains("-15"))
            #expect(
                titles.contains("'-2+3;'@SUM(A1)") && titles.contains("Linje\n'+ny") && titles.contains("Plain title"))
            #expect(rows.dropFirst().allSatisfy { $0.fields[8] == "40000.00" })
        }
    }
}
