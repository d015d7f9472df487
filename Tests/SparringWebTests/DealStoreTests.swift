import Foundation
import SQLKit
import SparringDomain
import SparringStorage
import SparringTestSupport
import Testing

@Suite struct DealStoreTests {
    @Test func everyOrganisationStartsWithTheDefaultSalesProcess() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let pipelines = try await Tenant(db: ctx.app.db, organisationID: org.organisation.id).pipelines.all()
            #expect(pipelines.map(\.nameNB) == ["Nysalg"])
            #expect(pipelines[0].stages.map(\.key) == DefaultSalesProcess.stages.map(\.key))
            #expect(pipelines[0].stages.map(\.nameEN).first == "Qualification")
        }
    }

    @Test func stageChangesAreRecordedBackAndForthAndFeedTheStayStatistics() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
            let stages = Dictionary(
                uniqueKeysWithValues: try await tenant.pipelines.all()[0].stages.map { ($0.key!, $0.id) })
            let customer = try await tenant.deals.createCustomer(name: "Fjordkraft AS", industry: "Energi")
            let start = ctx.clock.now
            var deal = try await tenant.deals.create(
                NewDeal(
                    customerID: customer, ownerID: org.seller.id, teamID: org.team.id, stageID: stages["qualify"]!,
                    title: "Rammeavtale", amountMinor: 25_000_000, currency: "NOK", expectedClose: Day("2026-12-31")),
                by: org.seller.id, origin: .manual, at: start)
            #expect(deal.status == .open && deal.version == 1 && deal.expectedClose == Day("2026-12-31"))

            let day = 86_400.0
            deal = try await tenant.deals.moveStage(
                deal.id, to: stages["proposal"]!, expectedVersion: 1, by: org.seller.id, origin: .manual,
                at: start + 3.5 * day)
            deal = try await tenant.deals.moveStage(
                deal.id, to: stages["needs"]!, expectedVersion: 2, by: org.leader.id, origin: .manual,
                at: start + 10 * day)
            deal = try await tenant.deals.moveStage(
                deal.id, to: stages["won"]!, expectedVersion: 3, by: nil, origin: .imported, at: start + 12 * day)
            #expect(deal.status == .won && deal.version == 4)

            let history = try await tenant.deals.history(deal.id)
            #expect(history.map(\.fromStageID) == [nil, stages["qualify"], stages["proposal"], stages["needs"]])
            #expect(
                history.map(\.toStageID) == [stages["qualify"]!, stages["proposal"]!, stages["needs"]!, stages["won"]!])
            #expect(history.map(\.origin) == [.manual, .manual, .manual, .imported])
            #expect(history[2].changedBy == org.leader.id)

            // Stays: qualify 3 whole days, proposal 6, needs 2.
            let statistics = try await tenant.pipelines.stayStatistics(stageIDs: Array(stages.values))
            #expect(statistics[stages["qualify"]!] == StayStatistics(count: 1, p75Days: 3))
            #expect(statistics[stages["proposal"]!] == StayStatistics(count: 1, p75Days: 6))
            #expect(statistics[stages["needs"]!] == StayStatistics(count: 1, p75Days: 2))
            #expect(statistics[stages["won"]!] == nil)
        }
    }

    @Test func aStaleMoveIsAConflictAndChangesNothing() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
            let stages = try await tenant.pipelines.all()[0].stages
            let customer = try await tenant.deals.createCustomer(name: "Berg AS")
            let deal = try await tenant.deals.create(
                NewDeal(
                    customerID: customer, ownerID: org.seller.id, teamID: org.team.id, stageID: stages[0].id,
                    title: "Pilot", amountMinor: 100, currency: "NOK"),
                by: nil, origin: .manual, at: ctx.clock.now)
            _ = try await tenant.deals.moveStage(
                deal.id, to: stages[1].id, expectedVersion: 1, by: nil, origin: .manual, at: ctx.clock.now)
            await #expect(throws: AppError.conflict) {
                try await tenant.deals.moveStage(
                    deal.id, to: stages[2].id, expectedVersion: 1, by: nil, origin: .manual, at: ctx.clock.now)
            }
            #expect(try await tenant.deals.find(deal.id).stageID == stages[1].id)
            #expect(try await tenant.deals.history(deal.id).count == 2)
        }
    }

    @Test func anotherOrganisationsStagesCustomersAndDealsAreNotFound() async throws {
        try await withSparring { ctx in
            let a = try await Fixtures.organisation(ctx.app, tag: "a")
            let b = try await Fixtures.organisation(ctx.app, tag: "b")
            let tenantA = Tenant(db: ctx.app.db, organisationID: a.organisation.id)
            let tenantB = Tenant(db: ctx.app.db, organisationID: b.organisation.id)
            let stageA = try await tenantA.pipelines.all()[0].stages[0]
            let customerA = try await tenantA.deals.createCustomer(name: "A AS")
            let dealA = try await tenantA.deals.create(
                NewDeal(
                    customerID: customerA, ownerID: a.seller.id, teamID: a.team.id, stageID: stageA.id,
                    title: "A", amountMinor: 1, currency: "NOK"),
                by: nil, origin: .manual, at: ctx.clock.now)
            await #expect(throws: AppError.notFound) { try await tenantB.deals.find(dealA.id) }
            await #expect(throws: AppError.notFound) { try await tenantB.pipelines.stage(stageA.id) }
            await #expect(throws: AppError.notFound) {
                try await tenantB.deals.moveStage(
                    dealA.id, to: stageA.id, expectedVersion: 1, by: nil, origin: .manual, at: ctx.clock.now)
            }
            let stageB = try await tenantB.pipelines.all()[0].stages[0]
            await #expect(throws: AppError.invalid("customerID", .errorChoice)) {
                try await tenantB.deals.create(
                    NewDeal(
                        customerID: customerA, ownerID: b.seller.id, teamID: b.team.id, stageID: stageB.id,
                        title: "B", amountMinor: 1, currency: "NOK"),
                    by: nil, origin: .manual, at: ctx.clock.now)
            }
        }
    }
}

@Suite struct StuckAndBoardTests {
    @Test func theStuckListAppliesEveryRuleWithItsReason() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
            let stages = Dictionary(
                uniqueKeysWithValues: try await tenant.pipelines.all()[0].stages.map { ($0.key!, $0.id) })
            let customer = try await tenant.deals.createCustomer(name: "Kunde AS")
            let now = ctx.clock.now, day = 86_400.0
            let oslo = TimeZone(identifier: "Europe/Oslo")!
            func deal(
                _ title: String, _ stage: String, daysAgo: Double, close: Day? = nil, currency: String = "NOK"
            )
                async throws -> Deal
            {
                try await tenant.deals.create(
                    NewDeal(
                        customerID: customer, ownerID: org.seller.id, teamID: org.team.id, stageID: stages[stage]!,
                        title: title, amountMinor: 10_000, currency: currency, expectedClose: close),
                    by: nil, origin: .imported, at: now - daysAgo * day)
            }
            // Twenty completed stays in Qualification of 1…20 days: the 75th percentile is 15.25 days.
            for stay in 1...20 {
                let old = try await deal("History \(stay)", "qualify", daysAgo: 100)
                _ = try await tenant.deals.moveStage(
                    old.id, to: stages["lost"]!, expectedVersion: 1, by: nil, origin: .imported,
                    at: now - 100 * day + Double(stay) * day)
            }
            let overTypical = try await deal("Sixteen days", "qualify", daysAgo: 16)
            _ = try await deal("Fifteen days", "qualify", daysAgo: 15)
            let overExpected = try await deal("Thirty days", "proposal", daysAgo: 30)
            let yesterday = Day(now - day, in: oslo)
            let closePassed = try await deal("Late", "proposal", daysAgo: 5, close: yesterday, currency: "EUR")
            _ = try await deal("Fresh", "needs", daysAgo: 2, close: Day(now + 30 * day, in: oslo))

            let (stuck, total) = try await tenant.deals.stuck(teamID: org.team.id, now: now, timeZone: oslo)
            #expect(total == 3)
            #expect(stuck.map(\.deal.id) == [overExpected.id, overTypical.id, closePassed.id])
            let (first, sameTotal) = try await tenant.deals.stuck(
                teamID: org.team.id, now: now, timeZone: oslo, limit: 1)
            #expect(first.map(\.deal.id) == [overExpected.id] && sameTotal == 3)
            #expect(stuck[0].reasons == [.overExpectedStay(days: 30, expectedDays: 21)])
            #expect(stuck[1].reasons == [.overTypicalStay(days: 16, p75Days: 16, sample: 20)])
            #expect(stuck[2].reasons == [.closeDatePassed(closeDate: yesterday.start(in: oslo))])
            #expect(
                stuck[1].reasons[0].message(stage: "Kvalifisering", Localizer(.nb), format: LocaleFormat(.nb))
                    == "I Kvalifisering i 16 dager; avtaler forlater vanligvis fasen innen 16 dager (75-persentil av 20)"
            )

            // Another team's stuck deals are not on this team's list.
            await #expect(throws: AppError.notFound) {
                try await tenant.deals.stuck(teamID: UUID(), now: now, timeZone: oslo)
            }

            let totals = try await tenant.deals.boardTotals(teamID: org.team.id)
            let byStage = Dictionary(grouping: totals, by: \.stageID)
            #expect(byStage[stages["qualify"]!]?.map(\.count) == [2])
            #expect(Set(byStage[stages["proposal"]!]!.map(\.currency)) == ["EUR", "NOK"])
            #expect(byStage[stages["lost"]!] == nil, "closed deals are not on the board")
            let cards = try await tenant.deals.boardCards(teamID: org.team.id, stageID: stages["qualify"]!, limit: 10)
            #expect(cards.map(\.title) == ["Sixteen days", "Fifteen days"])
        }
    }
}

@Suite struct DemoAtScaleTests {
    @Test func generatedDealsLandWithTheirHistoriesAndStatistics() async throws {
        try await withSparring { ctx in
            let demo = try await DemoSeeder.seed(
                db: ctx.app.db, hasher: ctx.app.sparringServices.hasher, now: TestClock().now)
            let organisationID = demo.organisation.id
            let now = ctx.clock.now
            let written = try await DemoSeeder.seedDeals(
                db: ctx.app.db, organisationID: organisationID, count: 600, seed: 3, now: now, batch: 250)
            #expect(written == 600)

            let teams = try await Tenant(db: ctx.app.db, organisationID: organisationID).teams.all()
            let generated = Array(
                DemoDeals(count: 600, seed: 3, sellersPerTeam: teams.map(\.memberIDs.count), now: now))
            let sql = ctx.app.db as! any SQLDatabase
            func count(_ table: String) async throws -> Int {
                try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table)
                    .first()!.decode(column: "n", as: Int.self)
            }
            #expect(try await count("deals") == 600)
            #expect(try await count("stage_changes") == generated.reduce(0) { $0 + $1.steps.count })
            let tenant = Tenant(db: ctx.app.db, organisationID: organisationID)
            let stages = try await tenant.pipelines.all()[0].stages
            let statistics = try await tenant.pipelines.stayStatistics(stageIDs: stages.map(\.id))
            let completed = generated.reduce(0) { $0 + $1.steps.count - 1 }
            #expect(statistics.values.reduce(0) { $0 + $1.count } == completed)
            #expect((statistics[stages[0].id]?.count ?? 0) >= 20, "enough history for the percentile rule")

            let team = try #require(teams.first)
            let (stuck, total) = try await tenant.deals.stuck(
                teamID: team.id, now: now, timeZone: TimeZone(identifier: "Europe/Oslo")!)
            #expect(!stuck.isEmpty && total >= stuck.count)
            #expect(stuck.allSatisfy { $0.deal.teamID == team.id && $0.deal.status == .open && !$0.reasons.isEmpty })
            let totals = try await tenant.deals.boardTotals(teamID: team.id)
            #expect(
                totals.reduce(0) { $0 + $1.count } == generated.filter { $0.status == .open && $0.teamIndex == 0 }.count
            )

            // Cases for a share of the deals, as `DemoCases` plans them, with tactic evidence to read.
            let cases = DemoCases(seed: 3)
            let planned = generated.enumerated().compactMap { index, deal in
                cases.make(
                    index: index, status: deal.status,
                    stalled: deal.closeDatePushes >= 2
                        || (deal.status == .open && now.timeIntervalSince(deal.steps.last!.enteredAt) > 30 * 86_400))
            }
            #expect(planned.count > 100 && planned.count < 400)
            #expect(try await count("plans") == planned.reduce(0) { $0 + $1.plans.count })
            #expect(try await count("obstacles") == planned.reduce(0) { $0 + $1.obstacles.count })
            #expect(try await count("case_answers") == planned.reduce(0) { $0 + $1.answers.count })
            let evidence = try await tenant.taxonomy.evidence(now: TestClock().now).evidence
            #expect(evidence.contains { $0.isShown }, "the demo's evidence has real counts")
            #expect(
                evidence.allSatisfy { $0.applied.wins <= $0.applied.deals && $0.notApplied.wins <= $0.notApplied.deals }
            )
        }
    }
}
