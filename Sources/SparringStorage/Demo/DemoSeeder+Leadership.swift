import FluentKit
import Foundation
import SQLKit
import SparringDomain

extension DemoSeeder {
    /// The leader's side of the demo, written through the stores as people would: each team's pools,
    /// requests from open deals for this period and a confirmed plan for the last one, two closed pulse
    /// rounds per team, each leader's self-assessments for the last quarter and this one, and closed
    /// sessions on closed deals so the dashboard can compare. Does nothing if there are pools already.
    /// Returns the pulse rounds written.
    @discardableResult
    public static func seedLeadership(db: any Database, organisationID: UUID, now: Date) async throws -> Int {
        let tenant = Tenant(db: db, organisationID: organisationID)
        let teams = try await tenant.teams.all()
        guard try await tenant.resources.pools(teamIDs: Set(teams.map(\.id))).isEmpty else { return 0 }
        let zone = TimeZone(identifier: "Europe/Oslo") ?? .gmt
        let today = Day(now, in: zone)
        let lastMonth = Day(now.addingTimeInterval(-31 * 86_400), in: zone)
        let sql = db as! any SQLDatabase
        let rates = try await tenant.exchangeRates.rates(
            base: try await tenant.organisation.find(organisationID).baseCurrency)
        var rounds = 0
        for (teamIndex, team) in teams.enumerated() {
            guard let leader = team.leaderIDs.first else { continue }
            var pools: [ResourcePoolRecord] = []
            for definition in DemoLeadership.pools {
                pools.append(try await tenant.resources.createPool(teamID: team.id, definition, at: now))
            }
            let open = try await DealModel.query(on: db).filter(\.$organisationID == organisationID)
                .filter(\.$teamID == team.id).filter(\.$status == DealStatus.open.rawValue)
                .sort(\.$amountMinor, .descending).limit(16).all().map(\.domain)
            // Last month's requests, decided by a confirmed plan; this period's, waiting.
            for (period, day) in [(0, lastMonth), (1, today)] {
                for (index, deal) in open.enumerated() where index % 2 == period {
                    let poolIndex = (index / 2 + teamIndex) % pools.count
                    let asks = DemoLeadership.asks[poolIndex]
                    _ = try await tenant.resources.request(
                        dealID: deal.id, teamID: team.id, poolID: pools[poolIndex].id,
                        ResourceRequestDraft(
                            // Last month's asked for more than the pools held, so the plan had to choose.
                            amount: asks.amounts[index % asks.amounts.count] * (period == 0 ? 3 : 1),
                            upliftPoints: 5 + (index * 7) % 21,
                            reason: asks.reasons[index % asks.reasons.count]), by: deal.ownerID, day: day,
                        at: now.addingTimeInterval(period == 0 ? -31 * 86_400 : -Double(index) * 3600))
                }
            }
            let past = try await tenant.resources.requests(
                pools: pools, on: lastMonth)
            let plan = AllocationPlanner.plan(
                pools: pools.map { ResourcePool(id: $0.id, capacity: $0.definition.capacity) },
                requests: past.map {
                    ResourceRequest(
                        id: $0.id, poolID: $0.poolID, amount: $0.draft.amount,
                        dealValueMinor: rates.toBase($0.dealAmountMinor, from: $0.dealCurrency) ?? 0,
                        uplift: Double($0.draft.upliftPoints) / 100)
                })
            _ = try await tenant.resources.confirm(
                teamID: team.id, pools: pools, day: lastMonth,
                seen: Dictionary(uniqueKeysWithValues: past.map { ($0.id, $0.version) }), granted: plan.granted,
                proposedGain: plan.gain, confirmedGain: plan.gain, bound: plan.bound, currency: rates.base,
                by: leader, at: now.addingTimeInterval(-30 * 86_400))

            // Two pulse rounds, a quarter apart, answered by every seller.
            for round in 0..<2 {
                let opened = now.addingTimeInterval(-Double(round == 0 ? 100 : 14) * 86_400)
                let pulse = try await tenant.pulse.open(teamID: team.id, leaderID: leader, by: leader, at: opened)
                for (index, seller) in team.memberIDs.enumerated() where seller != leader {
                    let comment = DemoLeadership.comments[(index + round * 2) % DemoLeadership.comments.count]
                    try await tenant.pulse.answer(
                        pulse.id, userID: seller,
                        PulseSubmission(
                            scores: DemoLeadership.scores(seller: index + teamIndex * 10, round: round),
                            comment: comment.isEmpty ? nil : comment))
                }
                try await tenant.pulse.close(pulse.id, at: opened.addingTimeInterval(7 * 86_400))
                rounds += 1
            }
            let quarter = AssessmentQuarter(year: today.year, month: today.month)
            let previous = AssessmentQuarter(
                year: quarter.number == 1 ? quarter.year - 1 : quarter.year,
                month: quarter.number == 1 ? 10 : (quarter.number - 2) * 3 + 1)
            for (index, period) in [previous, quarter].enumerated() {
                _ = try await tenant.selfAssessments(of: leader).save(
                    period, scores: DemoLeadership.selfScores(quarter: index),
                    reflections: DemoLeadership.reflections[index], expectedVersion: 0,
                    at: now.addingTimeInterval(-Double(1 - index) * 90 * 86_400))
            }

            // A few of the team's open obstacles resolved in the last complete month (what the
            // dashboard opens on) and a few this month, so each has a time to unblock, and on each of
            // those deals the next obstacle named when it was resolved: both months always have both,
            // even on the first day of this one.
            let monthStart = Day(year: today.year, month: today.month, day: 1)!.start(in: zone)
            let lastMonth = today.month == 1 ? (today.year - 1, 12) : (today.year, today.month - 1)
            let lastMonthStart = Day(year: lastMonth.0, month: lastMonth.1, day: 1)!.start(in: zone)
            let categories = try await tenant.taxonomy.categories()
            var picked: Set<UUID> = []
            for (month, start, end) in [(0, lastMonthStart, monthStart), (1, monthStart, now)] {
                // Named before the month, so the time to unblock is days, not a date in the future.
                let unresolved = try await sql.raw(
                    """
                    SELECT o.deal_id, o.id FROM obstacles o JOIN deals d ON d.id = o.deal_id
                    WHERE d.team_id = \(bind: team.id) AND d.status = 'open' AND o.resolved_at IS NULL
                      AND o.created_at < \(bind: start)
                    ORDER BY o.created_at DESC LIMIT 8
                    """
                ).all().map {
                    (try $0.decode(column: "deal_id", as: UUID.self), try $0.decode(column: "id", as: UUID.self))
                }.filter { !picked.contains($0.1) }.prefix(4)
                for (index, (dealID, obstacleID)) in unresolved.enumerated() {
                    picked.insert(obstacleID)
                    let work = tenant.dealCase(dealID)
                    guard let obstacle = try await work.obstacles().first(where: { $0.id == obstacleID }) else {
                        continue
                    }
                    let resolved = min(
                        end.addingTimeInterval(-3_600),
                        max(obstacle.createdAt, start, end.addingTimeInterval(-Double(index + 1) * 86_400)))
                    try await work.resolveObstacle(
                        obstacle.id, expectedVersion: obstacle.version,
                        resolution: "Løst etter sparring: ny plan med kundens økonomisjef", by: leader,
                        at: resolved)
                    _ = try await work.addObstacle(
                        categoryID: categories[(index + teamIndex + month) % categories.count].id,
                        detail: "Ny innvending etter forrige møte", by: leader, at: resolved)
                }
            }

            try await seedTacticEvidence(tenant: tenant, team: team, now: now)

            // Closed sessions on closed deals that got stuck, within the dashboard's quarter.
            let stuckClosed = try await sql.raw(
                """
                SELECT d.id FROM deals d
                WHERE d.team_id = \(bind: team.id) AND d.status IN ('won', 'lost')
                  AND d.closed_at >= \(bind: now.addingTimeInterval(-85 * 86_400))
                  AND EXISTS (SELECT 1 FROM obstacles o WHERE o.deal_id = d.id)
                  AND NOT EXISTS (SELECT 1 FROM sparring_sessions s WHERE s.deal_id = d.id)
                ORDER BY d.closed_at DESC
                """
            ).all().map { try $0.decode(column: "id", as: UUID.self) }
            // Every other one had a closed session, so both groups of the comparison have deals.
            let sparred = stuckClosed.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
            _ = try await seedSparringHistory(
                db: db, organisationID: organisationID, count: sparred.count, dealIDs: sparred, now: now)
        }
        return rounds
    }

    /// Twelve of the team's deals closed this quarter without a named obstacle get the price
    /// obstacle, and every other one (won deals listed first) a chosen plan with a tactic aimed at
    /// price. A demo team closes too few stuck deals a quarter for any
    /// tactic to reach five deals with it and five without; this gives the dashboard one comparison.
    static func seedTacticEvidence(tenant: Tenant, team: Team, now: Date) async throws {
        let sql = tenant.db as! any SQLDatabase
        guard let price = try await tenant.taxonomy.categories().first(where: { $0.key == "price" }),
            let tactic = try await tenant.taxonomy.tactics().first(where: { $0.categoryIDs.contains(price.id) })
        else { return }
        let deals = try await sql.raw(
            """
            SELECT d.id, d.owner_id, d.closed_at FROM deals d
            WHERE d.team_id = \(bind: team.id) AND d.status IN ('won', 'lost')
              AND d.closed_at >= \(bind: now.addingTimeInterval(-80 * 86_400))
              AND NOT EXISTS (SELECT 1 FROM obstacles o WHERE o.deal_id = d.id)
            ORDER BY d.status DESC, d.closed_at DESC LIMIT 12
            """
        ).all().map {
            (
                id: try $0.decode(column: "id", as: UUID.self), owner: try $0.decode(column: "owner_id", as: UUID.self),
                closedAt: try $0.decode(column: "closed_at", as: Date.self)
            )
        }
        guard deals.count == 12 else { return }
        for (index, deal) in deals.enumerated() {
            let work = tenant.dealCase(deal.id)
            let named = deal.closedAt.addingTimeInterval(-20 * 86_400)
            _ = try await work.addObstacle(
                categoryID: price.id, detail: "Kunden mente prisen var for høy for budsjettet", by: deal.owner,
                at: named)
            guard index.isMultiple(of: 2) else { continue }
            let plan = try await work.createPlan(
                PlanText(title: tactic.name, approach: tactic.summary), tacticIDs: [tactic.id], by: deal.owner,
                at: named.addingTimeInterval(86_400))
            try await work.choosePlan(
                plan.id, expectedVersion: plan.version, nextStep: "Møte med økonomisjefen", ownerID: deal.owner,
                dueOn: Day(named.addingTimeInterval(5 * 86_400), in: .gmt), by: deal.owner,
                at: named.addingTimeInterval(2 * 86_400))
        }
    }
}
