import FluentKit
import Foundation
import SQLKit
import SparringDomain

/// A deal to create, already validated.
public struct NewDeal: Sendable {
    public var customerID: UUID
    public var ownerID: UUID
    public var teamID: UUID
    public var stageID: UUID
    public var title: String
    public var amountMinor: Int64
    public var currency: String
    public var expectedClose: Day?
    public var nextStep: String?
    public var source: String?
    public var externalSource: String?
    public var externalID: String?

    public init(
        customerID: UUID, ownerID: UUID, teamID: UUID, stageID: UUID, title: String, amountMinor: Int64,
        currency: String, expectedClose: Day? = nil, nextStep: String? = nil, source: String? = nil,
        externalSource: String? = nil, externalID: String? = nil
    ) {
        self.customerID = customerID
        self.ownerID = ownerID
        self.teamID = teamID
        self.stageID = stageID
        self.title = title
        self.amountMinor = amountMinor
        self.currency = currency
        self.expectedClose = expectedClose
        self.nextStep = nextStep
        self.source = source
        self.externalSource = externalSource
        self.externalID = externalID
    }
}

/// Customers and deals of one organisation, with every stage change recorded.
public struct DealStore: Sendable {
    let db: any Database
    let organisationID: UUID
    var memo: ReadMemo? = nil

    /// The organisation's sales processes, through the request's memo when it has one.
    var pipelineStore: PipelineStore { PipelineStore(db: db, organisationID: organisationID, memo: memo) }

    /// Creates a customer; call inside the caller's transaction when more rows follow.
    public func createCustomer(
        name: String, industry: String? = nil, sizeBand: String? = nil,
        externalSource: String? = nil, externalID: String? = nil
    ) async throws -> UUID {
        let model = CustomerModel()
        model.organisationID = organisationID
        model.name = name
        model.nameKey = name.lowercased()
        model.industry = industry
        model.sizeBand = sizeBand
        model.externalSource = externalSource
        model.externalID = externalID
        model.version = 1
        try await model.create(on: db)
        return model.id!
    }

    public func find(_ id: UUID) async throws -> Deal {
        guard
            let deal = try await DealModel.query(on: db).filter(\.$organisationID == organisationID)
                .filter(\.$id == id).firstDeal()
        else { throw AppError.notFound }
        return deal
    }

    /// The deal's stage changes, oldest first.
    public func history(_ id: UUID) async throws -> [StageChange] {
        _ = try await find(id)
        return try await StageChangeModel.query(on: db).filter(\.$dealID == id).sort(\.$changedAt).all().map(\.domain)
    }

    /// Creates a deal in its first stage, recording that as its first stage change, all or nothing.
    public func create(_ new: NewDeal, by userID: UUID?, origin: StageChange.Origin, at time: Date) async throws -> Deal
    {
        try await db.writeTransaction { tx in
            let store = DealStore(db: tx, organisationID: organisationID)
            let stage = try await PipelineStore(db: tx, organisationID: organisationID).stage(new.stageID)
            try await store.checkBelongs(new)
            let model = DealModel()
            model.organisationID = organisationID
            model.customerID = new.customerID
            model.ownerID = new.ownerID
            model.teamID = new.teamID
            model.pipelineID = stage.pipelineID
            model.stageID = stage.id
            model.title = new.title
            model.amountMinor = new.amountMinor
            model.currency = new.currency
            model.expectedCloseOn = new.expectedClose?.description
            model.status = Self.status(for: stage.kind).rawValue
            model.nextStep = new.nextStep
            model.source = new.source
            model.externalSource = new.externalSource
            model.externalID = new.externalID
            model.stageEnteredAt = time
            model.closeDatePushes = 0
            model.closedAt = stage.kind == .open ? nil : time
            model.version = 1
            model.updatedBy = userID
            try await model.create(on: tx)
            try await store.record(dealID: model.id!, from: nil, to: stage.id, at: time, by: userID, origin: origin)
            return model.domain
        }
    }

    /// Moves a deal to another stage of its pipeline (back as well as forward), edited at `expectedVersion`.
    /// Records the change and adds the finished stay to the stage's histogram, in one transaction.
    public func moveStage(
        _ id: UUID, to stageID: UUID, expectedVersion: Int, by userID: UUID?,
        origin: StageChange.Origin, at time: Date, closeReason: String? = nil
    ) async throws -> Deal {
        try await db.writeTransaction { tx in
            let store = DealStore(db: tx, organisationID: organisationID)
            let deal = try await store.find(id)
            let stage = try await PipelineStore(db: tx, organisationID: organisationID).stage(stageID)
            guard stage.pipelineID == deal.pipelineID, !stage.isRetired else {
                throw AppError.invalid("stageID", .errorChoice)
            }
            guard deal.version == expectedVersion else { throw AppError.conflict }
            guard stage.id != deal.stageID else { return deal }
            // An on-hold deal stays on hold while it moves between open stages; closing ends that.
            let status = deal.status == .onHold && stage.kind == .open ? .onHold : Self.status(for: stage.kind)
            let updated = try await (tx as! any SQLDatabase).updateVersioned(
                DealModel.schema, id: id, organisationID: organisationID, expectedVersion: expectedVersion, at: time
            ) {
                $0.set("stage_id", to: stage.id).set("stage_entered_at", to: time).set("status", to: status.rawValue)
                    .set("close_reason", to: stage.kind == .open ? nil : closeReason)
                    .set("closed_at", to: stage.kind == .open ? nil : time).set("updated_by", to: userID)
            }
            guard updated else { throw AppError.conflict }
            try await store.record(dealID: id, from: deal.stageID, to: stage.id, at: time, by: userID, origin: origin)
            try await store.countStay(stageID: deal.stageID, from: deal.stageEnteredAt, to: time)
            return try await store.find(id)
        }
    }

    static func status(for kind: StageKind) -> DealStatus {
        switch kind {
        case .open: .open
        case .won: .won
        case .lost: .lost
        }
    }

    private func checkBelongs(_ new: NewDeal) async throws {
        guard
            try await CustomerModel.query(on: db).filter(\.$organisationID == organisationID)
                .filter(\.$id == new.customerID).count() == 1
        else { throw AppError.invalid("customerID", .errorChoice) }
        try await checkOwnerAndTeam(ownerID: new.ownerID, teamID: new.teamID)
    }

    private func record(
        dealID: UUID, from: UUID?, to: UUID, at time: Date, by userID: UUID?,
        origin: StageChange.Origin
    ) async throws {
        let change = StageChangeModel()
        change.organisationID = organisationID
        change.dealID = dealID
        change.fromStageID = from
        change.toStageID = to
        change.changedAt = time
        change.changedBy = userID
        change.origin = origin.rawValue
        try await change.create(on: db)
    }

    /// One more completed stay of `days` whole days in the stage: an upsert that SQLite and PostgreSQL
    /// spell the same (`ON CONFLICT … DO UPDATE`), so concurrent moves never lose a count.
    private func countStay(stageID: UUID, from start: Date, to end: Date) async throws {
        let days = Swift.max(0, Int(end.timeIntervalSince(start) / 86_400))
        try await (db as! any SQLDatabase).insert(into: "stage_stay_days")
            .columns("id", "organisation_id", "stage_id", "days", "stays")
            .values(SQLBind(UUID()), SQLBind(organisationID), SQLBind(stageID), SQLBind(days), SQLBind(1))
            .onConflict(with: ["stage_id", "days"]) {
                $0.set("stays", to: SQLRaw("stage_stay_days.stays + 1"))
            }
            .run()
    }
}

/// A deal flagged by the stuck rules, with every reason.
public struct StuckDeal: Sendable, Equatable {
    public var deal: Deal
    public var reasons: [StuckReason]
}

/// Open deals of one stage and currency: what a board column adds up.
public struct StageTotal: Sendable, Equatable {
    public var stageID: UUID
    public var currency: String
    public var count: Int
    public var amountMinor: Int64
}

extension DealStore {
    /// Checks that the team is this organisation's. Team-scoped queries then filter by team alone, so
    /// they stay inside the `(team_id, status, …)` indexes: an extra `organisation_id` condition would
    /// make the database fetch every row to check a column the index does not hold.
    func requireTeam(_ teamID: UUID) async throws {
        guard
            try await TeamModel.query(on: db).filter(\.$organisationID == organisationID)
                .filter(\.$id == teamID).count() == 1
        else { throw AppError.notFound }
    }

    /// A team's stuck open deals that are not snoozed, longest in their stage first: the first `limit`,
    /// and how many there are in all.
    public func stuck(
        teamID: UUID, now: Date, timeZone: TimeZone, limit: Int = 50, rules: StuckRules = StuckRules()
    )
        async throws -> (deals: [StuckDeal], total: Int)
    {
        try await requireTeam(teamID)
        let thresholds = try await StuckThresholds.load(
            pipelineStore, now: now, timeZone: timeZone, rules: rules)
        let page = try await stuckPage(teamID: teamID, thresholds: thresholds, limit: limit, after: nil)
        let deals = page.deals.compactMap { deal -> StuckDeal? in
            let reasons = thresholds.reasons(deal)
            return reasons.isEmpty ? nil : StuckDeal(deal: deal, reasons: reasons)
        }
        return (deals, page.total ?? 0)
    }

    /// One page of a team's stuck, unsnoozed open deals in (stage_entered_at, id) order.
    ///
    /// Every rule is a condition on the `(team_id, status, stage_id, stage_entered_at, expected_close_on,
    /// close_date_pushes)` index, so the count reads no rows. The page is found one stage at a time in
    /// index order — each stage stops after its first matches instead of sorting every stuck deal —
    /// reading only ids and times; the stage lists are merged and only the page's deals are loaded.
    /// Snoozed deals are few and sit in a partial index: counted apart, subtracted, and skipped.
    func stuckPage(
        teamID: UUID, thresholds: StuckThresholds, limit: Int, after cursor: PageCursor?, countTotal: Bool = true
    )
        async throws -> (deals: [Deal], total: Int?, next: PageCursor?)
    {
        let sql = db as! any SQLDatabase
        let today = thresholds.today.description
        func stuck(_ cutoffs: [(stageID: UUID, cutoff: Date)]) -> any SQLExpression {
            var any: [any SQLExpression] = cutoffs.map { stage in
                SQLGroupExpression(
                    SQLBinaryExpression(
                        SQLBinaryExpression(SQLColumn("stage_id"), .equal, SQLBind(stage.stageID)), .and,
                        SQLBinaryExpression(SQLColumn("stage_entered_at"), .lessThanOrEqual, SQLBind(stage.cutoff))))
            }
            any.append(SQLBinaryExpression(SQLColumn("expected_close_on"), .lessThan, SQLBind(today)))
            any.append(
                SQLBinaryExpression(
                    SQLColumn("close_date_pushes"), .greaterThanOrEqual, SQLBind(thresholds.rules.pushesFlagged)))
            return SQLGroupExpression(SQLList(any, separator: SQLRaw(" OR ")))
        }
        func open() -> SQLSelectBuilder {
            sql.select().from(DealModel.schema).where("team_id", .equal, teamID)
                .where("status", .equal, DealStatus.open.rawValue)
        }
        let snoozed = try await open().column("id").where(stuck(thresholds.cutoffs))
            .where("snoozed_until", .greaterThanOrEqual, today).all()
            .map { try $0.decode(column: "id", as: UUID.self) }
        var total: Int?
        if countTotal {
            total =
                try await open().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .where(stuck(thresholds.cutoffs)).first()!.decode(column: "n", as: Int.self) - snoozed.count
        }
        let skip = Set(snoozed)
        // Times as stored, so the cursor and the merge of the stages' lists agree with SQL's order.
        let after = try cursor.map { cursor throws(AppError) in
            guard let id = UUID(uuidString: cursor.values[1]) else {
                throw AppError.badRequest(.errorBadCursor, field: "cursor")
            }
            return (at: try ExactInstant(cursor: cursor.values[0], on: sql), id: id)
        }
        var candidates: [(at: ExactInstant, id: UUID)] = []
        for stage in thresholds.openStages {
            let query = open().column("id").column(ExactInstant.column("stage_entered_at", on: sql), as: "exact")
                .where("stage_id", .equal, stage.id)
                .where(stuck(thresholds.cutoffs.filter { $0.stageID == stage.id }))
            if let after {
                query.where(
                    SQLBinaryExpression(
                        SQLGroupExpression([SQLColumn("stage_entered_at"), SQLColumn("id")]), .greaterThan,
                        SQLGroupExpression([after.at.expression, SQLBind(after.id)])))
            }
            for row in try await query.orderBy("stage_entered_at").orderBy("id").limit(limit + 1 + skip.count).all() {
                let id = try row.decode(column: "id", as: UUID.self)
                if !skip.contains(id) { candidates.append((try ExactInstant.decode(row, "exact", on: sql), id)) }
            }
        }
        // Ties in time go by id as the databases order UUIDs: byte by byte, as their hex text does.
        candidates.sort { ($0.at, $0.id.uuidString) < ($1.at, $1.id.uuidString) }
        let page = candidates.prefix(limit)
        let found = try await DealModel.query(on: db).filter(\.$id ~~ page.map(\.id)).deals()
        let byID = Dictionary(uniqueKeysWithValues: found.map { ($0.id, $0) })
        let deals = page.compactMap { byID[$0.id] }
        let next =
            candidates.count > limit
            ? page.last.map { PageCursor([$0.at.cursorText, $0.id.uuidString]) } : nil
        return (deals, total, next)
    }

    /// Count and sum of a team's open deals per stage and currency, read from the covering index.
    public func boardTotals(teamID: UUID) async throws -> [StageTotal] {
        try await requireTeam(teamID)
        let rows = try await (db as! any SQLDatabase).select()
            .column("stage_id").column("currency")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "deals")
            .amountSum(as: "amount")
            .from(DealModel.schema)
            .where("team_id", .equal, teamID).where("status", .equal, DealStatus.open.rawValue)
            .groupBy("stage_id").groupBy("currency")
            .all()
        return try rows.map { row in
            StageTotal(
                stageID: try row.decode(column: "stage_id", as: UUID.self),
                currency: try row.decode(column: "currency", as: String.self),
                count: try row.decode(column: "deals", as: Int.self),
                amountMinor: try AmountSum.decode(row, "amount"))
        }
        .sorted { ($0.stageID.uuidString, $0.currency) < ($1.stageID.uuidString, $1.currency) }
    }

    /// A board column's cards: the team's open deals in a stage, longest in the stage first.
    public func boardCards(teamID: UUID, stageID: UUID, limit: Int) async throws -> [Deal] {
        try await requireTeam(teamID)
        return try await DealModel.query(on: db).filter(\.$teamID == teamID)
            .filter(\.$status == DealStatus.open.rawValue).filter(\.$stageID == stageID)
            .sort(\.$stageEnteredAt).limit(limit).deals()
    }
}

extension DealStore {
    /// The titles of these deals of the organisation, by id: for lists that show deals by name.
    public func titles(of ids: [UUID]) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        let sql = db as! any SQLDatabase
        var titles: [UUID: String] = [:]
        // By id alone and the organisation checked on each row: with both in the query, SQLite walks an
        // organisation-wide index instead of seeking each id once the list is long.
        for row in try await sql.select().columns("id", "organisation_id", "title").from(DealModel.schema)
            .where("id", .in, Array(Set(ids))).all()
        where try row.decode(column: "organisation_id", as: UUID.self) == organisationID {
            titles[try row.decode(column: "id", as: UUID.self)] = try row.decode(column: "title", as: String.self)
        }
        return titles
    }
}
