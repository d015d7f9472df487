import FluentKit
import Foundation
import SQLKit
import SparringDomain

/// One deal's case workbench: obstacles, the four questions' answers, buying influences, the evidence
/// log and plans, each change with a line in the case's audit trail, in one transaction. Every query
/// names the organisation and the deal; the caller has already checked that the actor may work on the
/// deal (`Policy.workOnDeal`). Editable rows carry a version: a stale save changes nothing and throws
/// `AppError.conflict`, and the caller shows the current row beside what was typed.
public struct CaseStore: Sendable {
    let db: any Database
    let organisationID: UUID
    let dealID: UUID

    public init(db: any Database, organisationID: UUID, dealID: UUID) {
        self.db = db
        self.organisationID = organisationID
        self.dealID = dealID
    }

    var sql: any SQLDatabase { db as! any SQLDatabase }

    /// Runs `body` in a transaction with a store on it and writes the audit line with it.
    func change<T: Sendable>(
        by actorID: UUID, at time: Date, _ action: CaseAction, subject: String,
        _ body: @escaping @Sendable (CaseStore) async throws -> T
    ) async throws -> T {
        try await db.writeTransaction { tx in
            let store = CaseStore(db: tx, organisationID: organisationID, dealID: dealID)
            let result = try await body(store)
            try await store.sql.insert(into: "case_events")
                .columns("id", "organisation_id", "deal_id", "actor_id", "at", "action", "subject")
                .values(
                    SQLBind(UUID.timeOrdered(at: time)), SQLBind(organisationID), SQLBind(dealID), SQLBind(actorID),
                    SQLBind(time), SQLBind(action.rawValue), SQLBind(String(subject.prefix(300)))
                ).run()
            try await SearchIndex(db: tx, organisationID: organisationID).indexDeal(dealID, at: time)
            return result
        }
    }

    /// Fails unless the row is this deal's: ids from a form are never trusted to belong to the deal.
    func row(_ table: String, _ id: UUID) async throws -> any SQLRow {
        guard
            let row = try await sql.select().column("*").from(table).where("id", .equal, id)
                .where("organisation_id", .equal, organisationID).where("deal_id", .equal, dealID).first()
        else { throw AppError.notFound }
        return row
    }

    /// This deal's rows of a table, oldest first.
    func rows(_ table: String) async throws -> [any SQLRow] {
        try await sql.select().column("*").from(table).where("organisation_id", .equal, organisationID)
            .where("deal_id", .equal, dealID).orderBy("created_at").all()
    }

    func delete(_ table: String, _ id: UUID) async throws {
        try await sql.delete(from: table).where("id", .equal, id).where("organisation_id", .equal, organisationID)
            .where("deal_id", .equal, dealID).run()
    }

    // MARK: Obstacles

    public func obstacles() async throws -> [Obstacle] { try await rows("obstacles").map(Self.obstacle) }

    static func obstacle(_ row: any SQLRow) throws -> Obstacle {
        Obstacle(
            id: try row.decode(column: "id", as: UUID.self), dealID: try row.decode(column: "deal_id", as: UUID.self),
            categoryID: try row.decode(column: "category_id", as: UUID.self),
            detail: try row.decode(column: "detail", as: String.self),
            resolution: try row.decode(column: "resolution", as: String?.self),
            resolvedAt: try row.decode(column: "resolved_at", as: Date?.self),
            createdAt: try row.decode(column: "created_at", as: Date.self),
            version: try row.decode(column: "version", as: Int.self))
    }

    public func addObstacle(categoryID: UUID, detail: String, by actorID: UUID, at time: Date) async throws -> Obstacle
    {
        let category = try await ObstacleTaxonomyStore(db: db, organisationID: organisationID).category(categoryID)
        guard !category.isRetired else { throw AppError.invalid("category", .errorRequired) }
        let id = UUID.timeOrdered(at: time)
        try await change(by: actorID, at: time, .obstacleAdded, subject: category.id.uuidString) { store in
            try await store.sql.insert(into: "obstacles")
                .columns(
                    "id", "organisation_id", "deal_id", "category_id", "detail", "created_by", "created_at", "version"
                )
                .values(
                    SQLBind(id), SQLBind(organisationID), SQLBind(dealID), SQLBind(categoryID), SQLBind(detail),
                    SQLBind(actorID), SQLBind(time), SQLBind(1)
                ).run()
        }
        return try Self.obstacle(try await row("obstacles", id))
    }

    /// Edits what the obstacle is; resolving and reopening are their own changes.
    public func editObstacle(
        _ id: UUID, expectedVersion: Int, categoryID: UUID, detail: String, by actorID: UUID, at time: Date
    ) async throws {
        let category = try await ObstacleTaxonomyStore(db: db, organisationID: organisationID).category(categoryID)
        _ = try await row("obstacles", id)
        try await change(by: actorID, at: time, .obstacleEdited, subject: category.id.uuidString) { store in
            try await store.versioned("obstacles", id, expectedVersion) {
                $0.set("category_id", to: categoryID).set("detail", to: detail)
            }
        }
    }

    /// Resolves the obstacle saying how, or (resolution nil) opens it again.
    public func resolveObstacle(
        _ id: UUID, expectedVersion: Int, resolution: String?, by actorID: UUID, at time: Date
    ) async throws {
        let obstacle = try Self.obstacle(try await row("obstacles", id))
        let action: CaseAction = resolution == nil ? .obstacleReopened : .obstacleResolved
        try await change(by: actorID, at: time, action, subject: obstacle.categoryID.uuidString) { store in
            try await store.versioned("obstacles", id, expectedVersion) {
                $0.set("resolution", to: resolution).set("resolved_at", to: resolution == nil ? nil : time)
                    .set("resolved_by", to: resolution == nil ? nil : actorID)
            }
        }
    }

    /// The shared optimistic save (`updateVersioned`), on this deal's row only; a stale version throws.
    func versioned(
        _ table: String, _ id: UUID, _ expectedVersion: Int, _ columns: (SQLUpdateBuilder) -> Void
    ) async throws {
        let saved = try await sql.updateVersioned(
            table, id: id, organisationID: organisationID, expectedVersion: expectedVersion, at: nil
        ) {
            columns($0)
            $0.where("deal_id", .equal, dealID)
        }
        guard saved else { throw AppError.conflict }
    }

    // MARK: The four questions

    /// The current answer to each question answered so far.
    public func answers() async throws -> [CaseQuestion: CaseAnswer] {
        Self.current(of: try await revisions(nil))
    }

    /// The newest revision of each question among `revisions`.
    public static func current(of revisions: [CaseAnswer]) -> [CaseQuestion: CaseAnswer] {
        var current: [CaseQuestion: CaseAnswer] = [:]
        for answer in revisions where (current[answer.question]?.version ?? 0) < answer.version {
            current[answer.question] = answer
        }
        return current
    }

    /// Every revision of one question's answer (or of all), newest first.
    public func revisions(_ question: CaseQuestion?) async throws -> [CaseAnswer] {
        var select = sql.select().columns(
            SQLColumn("question", table: "a"), SQLColumn("revision", table: "a"), SQLColumn("text", table: "a"),
            SQLColumn("answered_at", table: "a")
        )
        .column(SQLColumn("name", table: "u"), as: "answered_by_name")
        .from(SQLAlias(SQLIdentifier("case_answers"), as: SQLIdentifier("a")))
        .join(
            SQLAlias(SQLIdentifier("users"), as: SQLIdentifier("u")), method: SQLJoinMethod.inner,
            on: SQLColumn("id", table: "u"), .equal, SQLColumn("answered_by", table: "a")
        )
        .where(SQLColumn("organisation_id", table: "a"), .equal, SQLBind(organisationID))
        .where(SQLColumn("deal_id", table: "a"), .equal, SQLBind(dealID))
        if let question { select = select.where(SQLColumn("question", table: "a"), .equal, SQLBind(question.rawValue)) }
        return try await select.orderBy(
            SQLOrderBy(expression: SQLColumn("revision", table: "a"), direction: SQLDirection.descending)
        ).all().compactMap { row in
            guard let question = CaseQuestion(rawValue: try row.decode(column: "question", as: String.self)) else {
                return nil
            }
            return CaseAnswer(
                question: question, text: try row.decode(column: "text", as: String.self),
                version: try row.decode(column: "revision", as: Int.self),
                answeredAt: try row.decode(column: "answered_at", as: Date.self),
                answeredBy: try row.decode(column: "answered_by_name", as: String.self))
        }
    }

    /// Saves a new revision of the answer read at `expectedVersion` (0: not answered yet). Revisions
    /// are unique per question, so of two saves of the same revision only the first lands; the
    /// second is a conflict, decided by the database rather than by a read before the write.
    public func saveAnswer(
        _ question: CaseQuestion, text: String, expectedVersion: Int, by actorID: UUID, at time: Date
    ) async throws {
        let current = try await answers()[question]?.version ?? 0
        guard current == expectedVersion else { throw AppError.conflict }
        do {
            try await change(by: actorID, at: time, .answerSaved, subject: question.rawValue) { store in
                try await store.sql.insert(into: "case_answers")
                    .columns(
                        "id", "organisation_id", "deal_id", "question", "revision", "text", "answered_by", "answered_at"
                    )
                    .values(
                        SQLBind(UUID.timeOrdered(at: time)), SQLBind(organisationID), SQLBind(dealID),
                        SQLBind(question.rawValue), SQLBind(expectedVersion + 1), SQLBind(text), SQLBind(actorID),
                        SQLBind(time)
                    ).run()
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            throw AppError.conflict
        }
    }

    // MARK: Buying influences

    public func influences() async throws -> [BuyingInfluence] {
        try await rows("buying_influences").map(Self.influence)
    }

    static func influence(_ row: any SQLRow) throws -> BuyingInfluence {
        BuyingInfluence(
            id: try row.decode(column: "id", as: UUID.self), name: try row.decode(column: "name", as: String.self),
            title: try row.decode(column: "title", as: String?.self),
            role: InfluenceRole(rawValue: try row.decode(column: "role", as: String.self)) ?? .user,
            stance: InfluenceStance(rawValue: try row.decode(column: "stance", as: String.self)) ?? .unknown,
            note: try row.decode(column: "note", as: String?.self),
            version: try row.decode(column: "version", as: Int.self))
    }

    /// Adds a person (id nil) or saves one read at `expectedVersion`.
    public func saveInfluence(
        _ influence: BuyingInfluence, isNew: Bool, by actorID: UUID, at time: Date
    ) async throws {
        if isNew {
            try await change(by: actorID, at: time, .influenceAdded, subject: influence.name) { store in
                try await store.sql.insert(into: "buying_influences")
                    .columns(
                        "id", "organisation_id", "deal_id", "name", "title", "role", "stance", "note", "created_at",
                        "version"
                    )
                    .values(
                        SQLBind(influence.id), SQLBind(organisationID), SQLBind(dealID), SQLBind(influence.name),
                        SQLBind(influence.title), SQLBind(influence.role.rawValue), SQLBind(influence.stance.rawValue),
                        SQLBind(influence.note), SQLBind(time), SQLBind(1)
                    ).run()
            }
        } else {
            _ = try await row("buying_influences", influence.id)
            try await change(by: actorID, at: time, .influenceEdited, subject: influence.name) { store in
                try await store.versioned("buying_influences", influence.id, influence.version) {
                    $0.set("name", to: influence.name).set("title", to: influence.title)
                        .set("role", to: influence.role.rawValue).set("stance", to: influence.stance.rawValue)
                        .set("note", to: influence.note)
                }
            }
        }
    }

    public func removeInfluence(_ id: UUID, by actorID: UUID, at time: Date) async throws {
        let influence = try Self.influence(try await row("buying_influences", id))
        try await change(by: actorID, at: time, .influenceRemoved, subject: influence.name) { store in
            try await store.delete("buying_influences", id)
        }
    }

    // MARK: Evidence log

    public func evidence() async throws -> [EvidenceEntry] {
        try await sql.select().columns(SQLColumn(SQLLiteral.all, table: SQLIdentifier("e"))).column(
            SQLColumn("name", table: "u"), as: "recorded_by_name"
        )
        .from(SQLAlias(SQLIdentifier("evidence_entries"), as: SQLIdentifier("e")))
        .join(
            SQLAlias(SQLIdentifier("users"), as: SQLIdentifier("u")), method: SQLJoinMethod.inner,
            on: SQLColumn("id", table: "u"), .equal, SQLColumn("recorded_by", table: "e")
        )
        .where(SQLColumn("organisation_id", table: "e"), .equal, SQLBind(organisationID))
        .where(SQLColumn("deal_id", table: "e"), .equal, SQLBind(dealID))
        .orderBy(SQLOrderBy(expression: SQLColumn("tried_on", table: "e"), direction: SQLDirection.descending))
        .orderBy(SQLOrderBy(expression: SQLColumn("created_at", table: "e"), direction: SQLDirection.descending))
        .all()
        .map { row in
            EvidenceEntry(
                id: try row.decode(column: "id", as: UUID.self),
                tried: try row.decode(column: "tried", as: String.self),
                result: EvidenceResult(rawValue: try row.decode(column: "result", as: String.self)) ?? .unclear,
                note: try row.decode(column: "note", as: String?.self),
                triedOn: try row.day("tried_on"),
                recordedBy: try row.decode(column: "recorded_by_name", as: String.self),
                version: try row.decode(column: "version", as: Int.self))
        }
    }

    /// Logs what was tried (isNew) or saves an entry read at `entry.version`.
    public func saveEvidence(_ entry: EvidenceEntry, isNew: Bool, by actorID: UUID, at time: Date) async throws {
        if isNew {
            try await change(by: actorID, at: time, .evidenceAdded, subject: entry.tried) { store in
                try await store.sql.insert(into: "evidence_entries")
                    .columns(
                        "id", "organisation_id", "deal_id", "tried", "result", "note", "tried_on", "recorded_by",
                        "created_at", "version"
                    )
                    .values(
                        SQLBind(entry.id), SQLBind(organisationID), SQLBind(dealID), SQLBind(entry.tried),
                        SQLBind(entry.result.rawValue), SQLBind(entry.note), SQLBind(entry.triedOn.description),
                        SQLBind(actorID), SQLBind(time), SQLBind(1)
                    ).run()
            }
        } else {
            _ = try await row("evidence_entries", entry.id)
            try await change(by: actorID, at: time, .evidenceEdited, subject: entry.tried) { store in
                try await store.versioned("evidence_entries", entry.id, entry.version) {
                    $0.set("tried", to: entry.tried).set("result", to: entry.result.rawValue)
                        .set("note", to: entry.note).set("tried_on", to: entry.triedOn.description)
                }
            }
        }
    }

    public func removeEvidence(_ id: UUID, by actorID: UUID, at time: Date) async throws {
        let tried = try await row("evidence_entries", id).decode(column: "tried", as: String.self)
        try await change(by: actorID, at: time, .evidenceRemoved, subject: tried) { store in
            try await store.delete("evidence_entries", id)
        }
    }

    // MARK: Audit trail

    /// The case's audit trail, newest first.
    public func events(limit: Int = 200) async throws -> [CaseEvent] {
        try await sql.select().columns(
            SQLColumn("at", table: "e"), SQLColumn("action", table: "e"), SQLColumn("subject", table: "e")
        )
        .column(SQLColumn("name", table: "u"), as: "actor_name")
        .from(SQLAlias(SQLIdentifier("case_events"), as: SQLIdentifier("e")))
        .join(
            SQLAlias(SQLIdentifier("users"), as: SQLIdentifier("u")), method: SQLJoinMethod.inner,
            on: SQLColumn("id", table: "u"), .equal, SQLColumn("actor_id", table: "e")
        )
        .where(SQLColumn("organisation_id", table: "e"), .equal, SQLBind(organisationID))
        .where(SQLColumn("deal_id", table: "e"), .equal, SQLBind(dealID))
        .orderBy(SQLOrderBy(expression: SQLColumn("at", table: "e"), direction: SQLDirection.descending)).limit(
            limit
        ).all()
        .compactMap { row in
            guard let action = CaseAction(rawValue: try row.decode(column: "action", as: String.self)) else {
                return nil
            }
            return CaseEvent(
                at: try row.decode(column: "at", as: Date.self),
                actorName: try row.decode(column: "actor_name", as: String.self), action: action,
                subject: try row.decode(column: "subject", as: String.self))
        }
    }
}
