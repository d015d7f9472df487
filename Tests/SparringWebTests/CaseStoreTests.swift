import Foundation
import SparringDomain
import SparringStorage
import SparringTestSupport
import Testing

@Suite struct CaseStoreTests {
    struct Setup {
        var org: Fixtures.Org
        var tenant: Tenant
        var stages: [String: UUID]
        var customer: UUID
    }

    func setup(_ ctx: TestContext) async throws -> Setup {
        let org = try await Fixtures.organisation(ctx.app, tag: "a")
        let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
        let stages = Dictionary(
            uniqueKeysWithValues: try await tenant.pipelines.all()[0].stages.map { ($0.key!, $0.id) })
        let customer = try await tenant.deals.createCustomer(name: "Fjordkraft AS", industry: "Energi")
        return Setup(org: org, tenant: tenant, stages: stages, customer: customer)
    }

    func deal(_ s: Setup, _ title: String, at time: Date, closed: DealStatus? = nil) async throws -> Deal {
        var deal = try await s.tenant.deals.create(
            NewDeal(
                customerID: s.customer, ownerID: s.org.seller.id, teamID: s.org.team.id, stageID: s.stages["proposal"]!,
                title: title, amountMinor: 10_000_000, currency: "NOK", expectedClose: nil),
            by: s.org.seller.id, origin: .manual, at: time)
        if let closed {
            deal = try await s.tenant.deals.moveStage(
                deal.id, to: s.stages[closed == .won ? "won" : "lost"]!, expectedVersion: deal.version,
                by: s.org.seller.id, origin: .manual, at: time + 60, closeReason: "Reason")
        }
        return deal
    }

    @Test func everyOrganisationStartsWithTheTaxonomyWhichAdminsRenameAndRetire() async throws {
        try await withSparring { ctx in
            let s = try await setup(ctx)
            let categories = try await s.tenant.taxonomy.categories()
            #expect(categories.map(\.key) == DefaultObstacleTaxonomy.categories.map(\.key))
            #expect(categories[0].name(.nb) == "Pris / budsjett" && categories[0].name(.en) == "Price / budget")
            let timing = try #require(categories.first { $0.key == "timing" })
            try await s.tenant.taxonomy.updateCategory(
                timing.id, expectedVersion: 1, nameNB: "Timing", nameEN: "Timing", retired: true, at: ctx.clock.now)
            await #expect(throws: AppError.conflict) {
                try await s.tenant.taxonomy.updateCategory(
                    timing.id, expectedVersion: 1, nameNB: "Tid", nameEN: "Time", retired: false, at: ctx.clock.now)
            }
            #expect(try await s.tenant.taxonomy.categories().count == 9, "retired: not offered")
            let all = try await s.tenant.taxonomy.categories(includeRetired: true)
            #expect(all.last?.id == timing.id && all.last?.isRetired == true && all.last?.nameNB == "Timing")
            let added = try await s.tenant.taxonomy.addCategory(nameNB: "Sikkerhetskrav", nameEN: "Security demands")
            #expect(try await s.tenant.taxonomy.categories().last == added)
        }
    }

    @Test func obstaclesAreResolvedWithHowReopenedAndAuditedAndStaleSavesConflict() async throws {
        try await withSparring { ctx in
            let s = try await setup(ctx)
            let deal = try await deal(s, "Rammeavtale", at: ctx.clock.now)
            let work = s.tenant.dealCase(deal.id)
            let price = try #require(try await s.tenant.taxonomy.categories().first)
            let obstacle = try await work.addObstacle(
                categoryID: price.id, detail: "Budsjettet er brukt opp for i år", by: s.org.seller.id, at: ctx.clock.now
            )
            #expect(obstacle.isOpen && obstacle.version == 1)
            try await work.resolveObstacle(
                obstacle.id, expectedVersion: 1, resolution: "Delt betaling over to budsjettår", by: s.org.leader.id,
                at: ctx.clock.now + 60)
            await #expect(throws: AppError.conflict) {
                try await work.resolveObstacle(
                    obstacle.id, expectedVersion: 1, resolution: "Something else", by: s.org.seller.id,
                    at: ctx.clock.now + 90)
            }
            var saved = try #require(try await work.obstacles().first)
            #expect(!saved.isOpen && saved.resolution == "Delt betaling over to budsjettår" && saved.version == 2)
            try await work.resolveObstacle(
                obstacle.id, expectedVersion: 2, resolution: nil, by: s.org.seller.id, at: ctx.clock.now + 120)
            saved = try #require(try await work.obstacles().first)
            #expect(saved.isOpen && saved.resolution == nil)

            let events = try await work.events()
            #expect(events.map(\.action) == [.obstacleReopened, .obstacleResolved, .obstacleAdded])
            #expect(events[1].actorName == s.org.leader.name && events.allSatisfy { $0.subject == price.id.uuidString })

            // Another organisation cannot reach this deal's case, nor use its categories.
            let other = try await Fixtures.organisation(ctx.app, tag: "b")
            let otherCase = Tenant(db: ctx.app.db, organisationID: other.organisation.id).dealCase(deal.id)
            #expect(try await otherCase.obstacles().isEmpty)
            await #expect(throws: AppError.notFound) {
                try await otherCase.resolveObstacle(
                    obstacle.id, expectedVersion: 3, resolution: "x", by: other.seller.id, at: ctx.clock.now)
            }
            await #expect(throws: AppError.notFound) {
                try await otherCase.addObstacle(
                    categoryID: price.id, detail: "x", by: other.seller.id, at: ctx.clock.now)
            }
        }
    }

    @Test func answersAreRevisionsAndASecondSaveOfTheSameRevisionConflicts() async throws {
        try await withSparring { ctx in
            let s = try await setup(ctx)
            let work = s.tenant.dealCase(try await deal(s, "Pilot", at: ctx.clock.now).id)
            try await work.saveAnswer(
                .customer, text: "De frykter nedetid i høysesongen", expectedVersion: 0, by: s.org.seller.id,
                at: ctx.clock.now)
            try await work.saveAnswer(
                .customer, text: "De frykter nedetid, og IT-sjefen er ny", expectedVersion: 1, by: s.org.leader.id,
                at: ctx.clock.now + 60)
            await #expect(throws: AppError.conflict) {
                try await work.saveAnswer(
                    .customer, text: "Typed on an old page", expectedVersion: 1, by: s.org.seller.id,
                    at: ctx.clock.now + 90)
            }
            let answers = try await work.answers()
            #expect(answers.count == 1)
            #expect(
                answers[.customer]?.text == "De frykter nedetid, og IT-sjefen er ny" && answers[.customer]?.version == 2
            )
            #expect(answers[.customer]?.answeredBy == s.org.leader.name)
            #expect(try await work.revisions(.customer).map(\.version) == [2, 1])
        }
    }

    @Test func plansAreLetteredComparedChosenAndTheirOutcomeRecorded() async throws {
        try await withSparring { ctx in
            let s = try await setup(ctx)
            let work = s.tenant.dealCase(try await deal(s, "Pilot", at: ctx.clock.now).id)
            let roi = try await s.tenant.taxonomy.saveTactic(
                id: nil, expectedVersion: 0, name: "ROI-regnestykke med økonomisjefen",
                summary: "Regn på gevinsten sammen",
                categoryIDs: [try await s.tenant.taxonomy.categories()[0].id], retired: false, at: ctx.clock.now)
            let a = try await work.createPlan(
                PlanText(title: "Pilot først", approach: "Betalt pilot i én region", risks: "Piloten trekker ut"),
                tacticIDs: [], by: s.org.seller.id, at: ctx.clock.now)
            let b = try await work.createPlan(
                PlanText(title: "Delt betaling", approach: "Betaling over to budsjettår"), tacticIDs: [roi],
                by: s.org.leader.id, at: ctx.clock.now + 1)
            #expect((a.letter, b.letter) == ("A", "B") && b.tacticIDs == [roi])

            try await work.updatePlan(
                a.id, expectedVersion: 1, PlanText(title: "Pilot først", approach: "Gratis pilot"), tacticIDs: [],
                by: s.org.leader.id, at: ctx.clock.now + 2)
            await #expect(throws: AppError.conflict) {
                try await work.updatePlan(
                    a.id, expectedVersion: 1, PlanText(title: "Stale", approach: "Stale"), tacticIDs: [],
                    by: s.org.seller.id, at: ctx.clock.now + 3)
            }
            #expect(try await work.plan(a.id).text.approach == "Gratis pilot")

            await #expect(throws: AppError.invalid("outcome", .planNotChosen)) {
                try await work.recordOutcome(
                    b.id, expectedVersion: 1, .worked, note: nil, by: s.org.seller.id, at: ctx.clock.now)
            }
            let due = try #require(Day("2026-12-15"))
            try await work.choosePlan(
                b.id, expectedVersion: 1, nextStep: "Møte med økonomisjefen", ownerID: s.org.seller.id, dueOn: due,
                by: s.org.leader.id, at: ctx.clock.now + 4)
            try await work.recordOutcome(
                b.id, expectedVersion: 2, .partly, note: "Ja til år én", by: s.org.seller.id, at: ctx.clock.now + 5)
            let plans = try await work.plans()
            #expect(plans.map(\.letter) == ["A", "B"])
            #expect(plans[0].choice == nil, "A stays a considered alternative")
            #expect(plans[1].choice?.chosenBy == s.org.leader.id && plans[1].choice?.dueOn == due)
            #expect(plans[1].choice?.nextStep == "Møte med økonomisjefen" && plans[1].outcome?.result == .partly)
            #expect(
                try await work.events().map(\.action) == [
                    .planOutcome, .planChosen, .planEdited, .planCreated, .planCreated,
                ])
        }
    }

    /// The evidence the store counts with SQL is the evidence the domain computes from the same deals.
    @Test func tacticEvidenceCountsClosedDealsWithTheObstacleByWhetherAChosenPlanAppliedTheTactic() async throws {
        try await withSparring { ctx in
            let s = try await setup(ctx)
            let categories = try await s.tenant.taxonomy.categories()
            let price = categories[0].id
            let timing = try #require(categories.first { $0.key == "timing" }).id
            let roi = try await s.tenant.taxonomy.saveTactic(
                id: nil, expectedVersion: 0, name: "ROI", summary: "", categoryIDs: [price], retired: false,
                at: ctx.clock.now)
            var facts: [TacticEvidence.ClosedDeal] = []
            var time = ctx.clock.now
            // (outcome, obstacle categories, ROI in a plan, plan chosen)
            let cases: [(DealStatus?, [UUID], Bool, Bool)] =
                Array(repeating: (.won, [price], true, true), count: 6) + [(.lost, [price, timing], true, true)]
                + Array(repeating: (.lost, [price], false, false), count: 4)
                + [(.lost, [price], true, false)]  // applied only in a plan nobody chose: not applied
                + Array(repeating: (.won, [price], false, false), count: 2)
                + [(nil, [price], true, true)]  // still open: not evidence
                + [(.won, [timing], true, true)]  // no price obstacle: not evidence for price
            for (index, (status, obstacles, usesROI, chosen)) in cases.enumerated() {
                time += 3600
                let deal = try await CaseFixtures.deal(
                    s.org, in: s.tenant, title: "Deal \(index)", status: status, obstacles: obstacles,
                    tactics: usesROI ? [roi] : [], chosen: chosen, at: time)
                // The same obstacle category twice counts the deal once.
                if index == 0 {
                    _ = try await s.tenant.dealCase(deal.id).addObstacle(
                        categoryID: price, detail: "again", by: s.org.seller.id, at: time)
                }
                if let status {
                    facts.append(
                        .init(
                            won: status == .won, obstacleCategories: Set(obstacles),
                            tactics: chosen && usesROI ? [roi] : []))
                }
            }
            let evidence = try await s.tenant.taxonomy.evidence(now: TestClock().now).evidence
            let forPrice = try #require(evidence.first { $0.tacticID == roi && $0.categoryID == price })
            #expect(forPrice == TacticEvidence.from(facts, tactic: roi, category: price))
            #expect(forPrice.applied == WinRate(wins: 6, deals: 7) && forPrice.notApplied == WinRate(wins: 2, deals: 7))
            #expect(forPrice.isShown)
            // ROI was applied against timing once and never aimed at it: shown as evidence, but hidden.
            let forTiming = try #require(evidence.first { $0.tacticID == roi && $0.categoryID == timing })
            #expect(forTiming.applied == WinRate(wins: 1, deals: 2) && !forTiming.isShown)
        }
    }

    @Test func buyingInfluencesAndTheEvidenceLogAreEditedSafelyAndAudited() async throws {
        try await withSparring { ctx in
            let s = try await setup(ctx)
            let work = s.tenant.dealCase(try await deal(s, "Pilot", at: ctx.clock.now).id)
            var cfo = BuyingInfluence(
                id: UUID(), name: "Kari Nordmann", title: "Økonomisjef", role: .economicBuyer, stance: .sceptical,
                note: nil, version: 1)
            try await work.saveInfluence(cfo, isNew: true, by: s.org.seller.id, at: ctx.clock.now)
            cfo.stance = .supportive
            try await work.saveInfluence(cfo, isNew: false, by: s.org.seller.id, at: ctx.clock.now + 1)
            await #expect(throws: AppError.conflict) {
                try await work.saveInfluence(cfo, isNew: false, by: s.org.leader.id, at: ctx.clock.now + 2)
            }
            #expect(try await work.influences().map(\.stance) == [.supportive])

            let tried = EvidenceEntry(
                id: UUID(), tried: "Referansebesøk hos Bergen Kino", result: .worked, note: "IT-sjefen ble med",
                triedOn: Day("2026-11-20")!, recordedBy: "", version: 1)
            try await work.saveEvidence(tried, isNew: true, by: s.org.seller.id, at: ctx.clock.now + 3)
            let log = try await work.evidence()
            #expect(log.map(\.tried) == ["Referansebesøk hos Bergen Kino"] && log[0].recordedBy == s.org.seller.name)
            #expect(log[0].result == .worked && log[0].triedOn == Day("2026-11-20"))
            try await work.removeEvidence(tried.id, by: s.org.leader.id, at: ctx.clock.now + 4)
            try await work.removeInfluence(cfo.id, by: s.org.leader.id, at: ctx.clock.now + 5)
            #expect(try await work.evidence().isEmpty)
            #expect(try await work.influences().isEmpty)
            #expect(
                try await work.events().map(\.action) == [
                    .influenceRemoved, .evidenceRemoved, .evidenceAdded, .influenceEdited, .influenceAdded,
                ])
        }
    }

    @Test func evidenceIsReadFromItsSnapshotUntilItIsTenMinutesOld() async throws {
        try await withSparring { ctx in
            let s = try await setup(ctx)
            let price = try await s.tenant.taxonomy.categories()[0].id
            let roi = try await s.tenant.taxonomy.saveTactic(
                id: nil, expectedVersion: 0, name: "ROI", summary: "", categoryIDs: [price], retired: false,
                at: ctx.clock.now)
            func applied(at now: Date) async throws -> (WinRate?, Date) {
                let result = try await s.tenant.taxonomy.evidence(now: now)
                return (
                    result.evidence.first { $0.tacticID == roi && $0.categoryID == price }?.applied, result.computedAt
                )
            }
            _ = try await CaseFixtures.deal(
                s.org, in: s.tenant, title: "One", status: .won, obstacles: [price], tactics: [roi], chosen: true,
                at: ctx.clock.now)
            let start = ctx.clock.now
            #expect(try await applied(at: start) == (WinRate(wins: 1, deals: 1), start))
            _ = try await CaseFixtures.deal(
                s.org, in: s.tenant, title: "Two", status: .lost, obstacles: [price], tactics: [roi], chosen: true,
                at: ctx.clock.now)
            #expect(try await applied(at: start + 599) == (WinRate(wins: 1, deals: 1), start), "the snapshot")
            #expect(try await applied(at: start + 600) == (WinRate(wins: 1, deals: 2), start + 600), "counted again")
        }
    }
}
