import FluentKit
import Foundation
import SQLKit
import SparringDomain

/// Plans A, B, C… on the deal: made, edited, compared, one chosen with its next step, and later how
/// it turned out.
extension CaseStore {
    public func plans() async throws -> [Plan] {
        let rows = try await sql.select().column("*").from("plans").where("organisation_id", .equal, organisationID)
            .where("deal_id", .equal, dealID).orderBy("created_at").orderBy("letter").all()
        var tactics: [UUID: [UUID]] = [:]
        for row in try await sql.select().columns("plan_id", "tactic_id").from("plan_tactics")
            .where("organisation_id", .equal, organisationID).where("deal_id", .equal, dealID).all()
        {
            tactics[try row.decode(column: "plan_id", as: UUID.self), default: []].append(
                try row.decode(column: "tactic_id", as: UUID.self))
        }
        tactics = tactics.sortedByID
        return try rows.map { row in
            let id = try row.decode(column: "id", as: UUID.self)
            var choice: Plan.Choice?
            if let chosenAt = try row.decode(column: "chosen_at", as: Date?.self),
                let chosenBy = try row.decode(column: "chosen_by", as: UUID?.self),
                let ownerID = try row.decode(column: "owner_id", as: UUID?.self),
                let due = try row.decode(column: "due_on", as: String?.self).flatMap(Day.init)
            {
                choice = Plan.Choice(
                    chosenBy: chosenBy, chosenAt: chosenAt,
                    nextStep: try row.decode(column: "next_step", as: String?.self) ?? "", ownerID: ownerID, dueOn: due,
                    replacedAt: try row.decode(column: "replaced_at", as: Date?.self))
            }
            var outcome: Plan.Outcome?
            if let result = try row.decode(column: "outcome", as: String?.self).flatMap(PlanOutcome.init),
                let at = try row.decode(column: "outcome_at", as: Date?.self)
            {
                outcome = Plan.Outcome(
                    result: result, note: try row.decode(column: "outcome_note", as: String?.self), recordedAt: at)
            }
            return Plan(
                id: id, dealID: dealID, letter: try row.decode(column: "letter", as: String.self),
                text: PlanText(
                    title: try row.decode(column: "title", as: String.self),
                    approach: try row.decode(column: "approach", as: String.self),
                    steps: try row.decode(column: "steps", as: String.self),
                    consequences: try row.decode(column: "consequences", as: String.self),
                    risks: try row.decode(column: "risks", as: String.self),
                    positioning: try row.decode(column: "positioning", as: String.self),
                    resources: try row.decode(column: "resources", as: String.self),
                    expectedEffect: try row.decode(column: "expected_effect", as: String.self)),
                tacticIDs: (tactics[id] ?? []).sorted { $0.uuidString < $1.uuidString }, choice: choice,
                outcome: outcome, version: try row.decode(column: "version", as: Int.self))
        }
    }

    public func plan(_ id: UUID) async throws -> Plan {
        guard let plan = try await plans().first(where: { $0.id == id }) else { throw AppError.notFound }
        return plan
    }

    /// Makes the next plan (A, B, C…). Letters are unique on the deal, so two people adding a plan at
    /// once get B and C rather than two B's: a clash on the letter is tried again with the next one.
    public func createPlan(_ text: PlanText, tacticIDs: [UUID], by actorID: UUID, at time: Date) async throws -> Plan {
        try await checkTactics(tacticIDs)
        for _ in 0..<3 {
            let count =
                try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("plans")
                .where("organisation_id", .equal, organisationID).where("deal_id", .equal, dealID).first()?
                .decode(column: "n", as: Int.self) ?? 0
            let letter = Plan.letter(forIndex: count)
            let id = UUID.timeOrdered(at: time)
            do {
                try await change(by: actorID, at: time, .planCreated, subject: "\(letter): \(text.title)") { store in
                    try await store.sql.insert(into: "plans")
                        .columns(
                            "id", "organisation_id", "deal_id", "letter", "title", "approach", "steps", "consequences",
                            "risks", "positioning", "resources", "expected_effect", "created_by", "created_at",
                            "updated_at", "version"
                        )
                        .values(
                            SQLBind(id), SQLBind(organisationID), SQLBind(dealID), SQLBind(letter), SQLBind(text.title),
                            SQLBind(text.approach), SQLBind(text.steps), SQLBind(text.consequences),
                            SQLBind(text.risks),
                            SQLBind(text.positioning), SQLBind(text.resources), SQLBind(text.expectedEffect),
                            SQLBind(actorID), SQLBind(time), SQLBind(time), SQLBind(1)
                        ).run()
                    try await store.setTactics(planID: id, tacticIDs, chosen: false)
                }
                return try await plan(id)
            } catch let error as any DatabaseError where error.isConstraintFailure {
                continue
            }
        }
        throw AppError.conflict
    }

    /// Saves a plan's text and tactics as read at `expectedVersion`.
    public func updatePlan(
        _ id: UUID, expectedVersion: Int, _ text: PlanText, tacticIDs: [UUID], by actorID: UUID, at time: Date
    ) async throws {
        let current = try await plan(id)
        try await checkTactics(tacticIDs)
        try await change(by: actorID, at: time, .planEdited, subject: "\(current.letter): \(text.title)") { store in
            try await store.versioned("plans", id, expectedVersion) {
                $0.set("title", to: text.title).set("approach", to: text.approach).set("steps", to: text.steps)
                    .set("consequences", to: text.consequences).set("risks", to: text.risks)
                    .set("positioning", to: text.positioning).set("resources", to: text.resources)
                    .set("expected_effect", to: text.expectedEffect).set("updated_at", to: time)
            }
            try await store.setTactics(planID: id, tacticIDs, chosen: current.choice != nil)
        }
    }

    /// Chooses the plan: who chose it, the next step, its owner (someone who may work on the deal,
    /// checked by the caller) and the due date; the next step becomes a follow-up for its owner (with
    /// `sessionID`, the agreement's, followed up by `coachID`). One plan is chosen at a time: the one
    /// chosen before is marked replaced and keeps its choice and outcome, since a deal may need a plan
    /// B later. Choosing the chosen plan again (an agreement confirming it) updates its next step.
    /// Two choices at once: the unique index `plans_one_chosen` lets one through, the other is a 409.
    public func choosePlan(
        _ id: UUID, expectedVersion: Int, nextStep: String, ownerID: UUID, dueOn: Day, by actorID: UUID,
        at time: Date, sessionID: UUID? = nil, coachID: UUID? = nil
    ) async throws {
        let current = try await plan(id)
        do {
            try await change(by: actorID, at: time, .planChosen, subject: "\(current.letter): \(current.text.title)") {
                store in
                try await store.sql.update("plans").set("replaced_at", to: time).set("updated_at", to: time)
                    .set(SQLIdentifier("version"), to: SQLRaw("version + 1"))
                    .where("organisation_id", .equal, organisationID).where("deal_id", .equal, dealID)
                    .where("id", .notEqual, id).where(SQLColumn("chosen_at"), .isNot, SQLLiteral.null)
                    .where(SQLColumn("replaced_at"), .is, SQLLiteral.null).run()
                try await store.versioned("plans", id, expectedVersion) {
                    $0.set("chosen_by", to: actorID).set("chosen_at", to: time).set("next_step", to: nextStep)
                        .set("owner_id", to: ownerID).set("due_on", to: dueOn.description).set("updated_at", to: time)
                        .set("replaced_at", to: Date?.none)
                }
                try await store.sql.update("plan_tactics").set("chosen", to: true).where("plan_id", .equal, id)
                    .where("organisation_id", .equal, organisationID).run()
                try await store.followUp(
                    planID: id, sessionID: sessionID, ownerID: ownerID,
                    coachID: coachID ?? (actorID == ownerID ? nil : actorID),
                    what: nextStep, dueOn: dueOn, at: time)
            }
        } catch let error where error.isConstraintFailure {
            throw AppError.conflict
        }
    }

    /// The plan's follow-up: its open one updated to the new next step, or a new one.
    func followUp(
        planID: UUID, sessionID: UUID?, ownerID: UUID, coachID: UUID?, what: String, dueOn: Day, at time: Date
    ) async throws {
        let updated = try await sql.update("follow_ups").set("session_id", to: sessionID).set("owner_id", to: ownerID)
            .set("coach_id", to: coachID).set("what", to: what).set("due_on", to: dueOn.description)
            .set("updated_at", to: time).set(SQLIdentifier("version"), to: SQLRaw("version + 1"))
            .where("organisation_id", .equal, organisationID).where("plan_id", .equal, planID)
            .where(SQLColumn("done_at"), .is, SQLLiteral.null).returning("id").all()
        guard updated.isEmpty else { return }
        try await sql.insert(into: "follow_ups")
            .columns(
                "id", "organisation_id", "deal_id", "plan_id", "session_id", "owner_id", "coach_id", "what", "due_on",
                "created_at", "updated_at", "version"
            )
            .values(
                SQLBind(UUID.timeOrdered(at: time)), SQLBind(organisationID), SQLBind(dealID), SQLBind(planID),
                SQLBind(sessionID), SQLBind(ownerID), SQLBind(coachID), SQLBind(what), SQLBind(dueOn.description),
                SQLBind(time), SQLBind(time), SQLBind(1)
            ).run()
    }

    /// Records how a chosen plan turned out.
    public func recordOutcome(
        _ id: UUID, expectedVersion: Int, _ result: PlanOutcome, note: String?, by actorID: UUID, at time: Date
    ) async throws {
        let current = try await plan(id)
        guard current.choice != nil else { throw AppError.invalid("outcome", .planNotChosen) }
        try await change(by: actorID, at: time, .planOutcome, subject: "\(current.letter): \(current.text.title)") {
            store in
            try await store.versioned("plans", id, expectedVersion) {
                $0.set("outcome", to: result.rawValue).set("outcome_note", to: note).set("outcome_at", to: time)
                    .set("updated_at", to: time)
            }
        }
    }

    func checkTactics(_ ids: [UUID]) async throws {
        guard !ids.isEmpty else { return }
        let known = Set(try await ObstacleTaxonomyStore(db: db, organisationID: organisationID).tactics().map(\.id))
        guard Set(ids).isSubset(of: known) else { throw AppError.invalid("tactics", .errorRequired) }
    }

    func setTactics(planID: UUID, _ ids: [UUID], chosen: Bool) async throws {
        try await sql.delete(from: "plan_tactics").where("plan_id", .equal, planID)
            .where("organisation_id", .equal, organisationID).run()
        guard !ids.isEmpty else { return }
        let insert = sql.insert(into: "plan_tactics").columns(
            "id", "organisation_id", "plan_id", "deal_id", "tactic_id", "chosen")
        for tacticID in Set(ids) {
            insert.values(
                SQLBind(UUID()), SQLBind(organisationID), SQLBind(planID), SQLBind(dealID), SQLBind(tacticID),
                SQLBind(chosen))
        }
        try await insert.run()
    }
}
