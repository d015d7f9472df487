import FluentKit
import Foundation
import SQLKit
import SparringDomain

/// Writes `DemoCases` for a batch of demo deals, many rows to a statement, in the batch's transaction.
struct DemoCaseWriter {
    /// What the writer needs to know of a deal just written.
    struct DealFacts {
        var id: UUID
        var index: Int
        var status: DealStatus
        var stalled: Bool
        var ownerID: UUID
        /// Who chose plans: the team's leader, or the owner in a team without one.
        var leaderID: UUID
        var caseTime: Date
        /// For the search entry of the deal's case.
        var teamID: UUID
        var title: String
        var customerName: String
        var industry: String?
    }

    let organisationID: UUID
    let cases: DemoCases
    let categoryIDs: [String: UUID]
    /// Starter tactic index → the organisation's tactic, found by name.
    let tacticIDs: [Int: UUID]

    init(organisationID: UUID, seed: UInt64, tenant: Tenant) async throws {
        self.organisationID = organisationID
        cases = DemoCases(seed: seed)
        var categories: [String: UUID] = [:]
        for category in try await tenant.taxonomy.categories(includeRetired: true) {
            categories[category.key] = category.id
        }
        categoryIDs = categories
        let tactics = try await tenant.taxonomy.tactics(includeRetired: true)
        var byIndex: [Int: UUID] = [:]
        for (index, definition) in DefaultTactics.catalogue.enumerated() {
            byIndex[index] = tactics.first { $0.name == definition.nameNB || $0.name == definition.nameEN }?.id
        }
        tacticIDs = byIndex
    }

    /// Rows by table, in the order foreign keys need.
    struct Rows {
        var obstacles: [[any SQLExpression]] = []
        var answers: [[any SQLExpression]] = []
        var influences: [[any SQLExpression]] = []
        var evidence: [[any SQLExpression]] = []
        var plans: [[any SQLExpression]] = []
        var planTactics: [[any SQLExpression]] = []
        var followUps: [[any SQLExpression]] = []
        var events: [[any SQLExpression]] = []
    }

    func write(_ deals: [DealFacts], on db: any Database) async throws {
        var rows = Rows()
        var entries: [SearchIndex.Entry] = []
        let org = SQLBind(organisationID)
        for deal in deals {
            guard let demo = cases.make(index: deal.index, status: deal.status, stalled: deal.stalled) else { continue }
            // The case's search entry, with the same parts `SearchIndex.indexDeal` reads from a case.
            var parts = demo.obstacles.flatMap { [$0.detail] + ($0.resolution.map { [$0] } ?? []) }
            parts += demo.answers.map(\.text)
            parts += demo.plans.flatMap {
                [
                    $0.text.title, $0.text.approach, $0.text.steps, $0.text.consequences, $0.text.risks,
                    $0.text.positioning, $0.text.expectedEffect,
                ]
            }
            parts += demo.evidence.map(\.tried)
            entries.append(
                SearchIndex.Entry(
                    kind: .deal, refID: deal.id, teamID: deal.teamID, ownerID: deal.ownerID, visibility: "deal",
                    industry: deal.industry, outcome: deal.status.rawValue, title: deal.title + " " + deal.customerName,
                    body: parts.filter { !$0.isEmpty }.joined(separator: "\n"), storesBody: true))
            let id = SQLBind(deal.id), at = deal.caseTime, owner = SQLBind(deal.ownerID)
            func event(_ action: CaseAction, _ subject: String, by actor: UUID) {
                rows.events.append([
                    SQLBind(UUID.timeOrdered(at: at)), org, id, SQLBind(actor), SQLBind(at), SQLBind(action.rawValue),
                    SQLBind(subject),
                ])
            }
            for obstacle in demo.obstacles {
                guard let category = categoryIDs[obstacle.categoryKey] else { continue }
                rows.obstacles.append([
                    SQLBind(UUID.timeOrdered(at: at)), org, id, SQLBind(category), SQLBind(obstacle.detail),
                    SQLBind(obstacle.resolution), obstacle.resolution == nil ? SQLLiteral.null : SQLBind(at + 86_400),
                    obstacle.resolution == nil ? SQLLiteral.null : owner, owner, SQLBind(at), SQLBind(1),
                ])
                event(.obstacleAdded, category.uuidString, by: deal.ownerID)
            }
            for answer in demo.answers {
                rows.answers.append([
                    SQLBind(UUID.timeOrdered(at: at)), org, id, SQLBind(answer.question.rawValue), SQLBind(1),
                    SQLBind(answer.text), owner, SQLBind(at),
                ])
            }
            for person in demo.influences {
                rows.influences.append([
                    SQLBind(UUID.timeOrdered(at: at)), org, id, SQLBind(person.name), SQLBind(person.title),
                    SQLBind(person.role.rawValue), SQLBind(person.stance.rawValue), SQLBind(at), SQLBind(1),
                ])
            }
            for entry in demo.evidence {
                rows.evidence.append([
                    SQLBind(UUID.timeOrdered(at: at)), org, id, SQLBind(entry.tried), SQLBind(entry.result.rawValue),
                    SQLBind(Day(at - Double(entry.daysAgo) * 86_400, in: .gmt).description), owner, SQLBind(at),
                    SQLBind(1),
                ])
            }
            for (index, plan) in demo.plans.enumerated() {
                let planID = UUID.timeOrdered(at: at)
                let letter = Plan.letter(forIndex: index)
                let text = plan.text
                let chooser = SQLBind(deal.leaderID)
                rows.plans.append(
                    [
                        SQLBind(planID), org, id, SQLBind(letter), SQLBind(text.title), SQLBind(text.approach),
                        SQLBind(text.steps), SQLBind(text.consequences), SQLBind(text.risks), SQLBind(text.positioning),
                        SQLBind(text.resources), SQLBind(text.expectedEffect),
                    ]
                        + (plan.chosen
                            ? [
                                chooser, SQLBind(at), SQLBind("Avtale neste møte med kunden"), owner,
                                SQLBind(Day(at + 14 * 86_400, in: .gmt).description),
                            ]
                            : [SQLLiteral.null, SQLLiteral.null, SQLLiteral.null, SQLLiteral.null, SQLLiteral.null])
                        + [
                            plan.outcome.map { SQLBind($0.rawValue) } ?? SQLLiteral.null, SQLLiteral.null,
                            plan.outcome == nil ? SQLLiteral.null : SQLBind(at + 30 * 86_400), owner, SQLBind(at),
                            SQLBind(at), SQLBind(plan.chosen ? 2 : 1),
                        ])
                for tactic in plan.tactics {
                    guard let tacticID = tacticIDs[tactic] else { continue }
                    rows.planTactics.append([
                        SQLBind(UUID.timeOrdered(at: at)), org, SQLBind(planID), id, SQLBind(tacticID),
                        SQLBind(plan.chosen),
                    ])
                }
                event(.planCreated, letter + ": " + text.title, by: deal.ownerID)
                if plan.chosen {
                    event(.planChosen, letter + ": " + text.title, by: deal.leaderID)
                    // A chosen plan's next step is a follow-up, as choosing it on the case makes one:
                    // done once the deal closed or the plan's outcome was recorded, open otherwise.
                    let done = deal.status == .won || deal.status == .lost || plan.outcome != nil
                    let due = at + 14 * 86_400
                    rows.followUps.append([
                        SQLBind(UUID.timeOrdered(at: at)), org, id, SQLLiteral.null, SQLBind(planID), owner, chooser,
                        SQLBind("Avtale neste møte med kunden"), SQLBind(Day(due, in: .gmt).description),
                        done ? SQLBind(due) : SQLLiteral.null, done ? owner : SQLLiteral.null, SQLBind(at),
                        SQLBind(done ? due : at), SQLBind(done ? 2 : 1),
                    ])
                }
            }
        }
        let sql = db as! any SQLDatabase
        try await SearchIndex(db: db, organisationID: organisationID).bulkAdd(
            entries, at: deals.first?.caseTime ?? .distantPast)
        try await DemoSeeder.insertRows(
            sql, "obstacles",
            [
                "id", "organisation_id", "deal_id", "category_id", "detail", "resolution", "resolved_at", "resolved_by",
                "created_by", "created_at", "version",
            ], rows.obstacles)
        try await DemoSeeder.insertRows(
            sql, "case_answers",
            [
                "id", "organisation_id", "deal_id", "question", "revision", "text", "answered_by", "answered_at",
            ], rows.answers)
        try await DemoSeeder.insertRows(
            sql, "buying_influences",
            [
                "id", "organisation_id", "deal_id", "name", "title", "role", "stance", "created_at", "version",
            ], rows.influences)
        try await DemoSeeder.insertRows(
            sql, "evidence_entries",
            [
                "id", "organisation_id", "deal_id", "tried", "result", "tried_on", "recorded_by", "created_at",
                "version",
            ], rows.evidence)
        try await DemoSeeder.insertRows(
            sql, "plans",
            [
                "id", "organisation_id", "deal_id", "letter", "title", "approach", "steps", "consequences", "risks",
                "positioning", "resources", "expected_effect", "chosen_by", "chosen_at", "next_step", "owner_id",
                "due_on", "outcome", "outcome_note", "outcome_at", "created_by", "created_at", "updated_at", "version",
            ], rows.plans)
        try await DemoSeeder.insertRows(
            sql, "plan_tactics", ["id", "organisation_id", "plan_id", "deal_id", "tactic_id", "chosen"],
            rows.planTactics)
        try await DemoSeeder.insertRows(
            sql, "follow_ups",
            [
                "id", "organisation_id", "deal_id", "session_id", "plan_id", "owner_id", "coach_id", "what", "due_on",
                "done_at", "done_by", "created_at", "updated_at", "version",
            ], rows.followUps)
        try await DemoSeeder.insertRows(
            sql, "case_events", ["id", "organisation_id", "deal_id", "actor_id", "at", "action", "subject"], rows.events
        )
    }
}
