import FluentKit
import Foundation
import SQLKit
import SparringDomain

/// Sparring sessions of one organisation: requests, the leader's suggestions, the discussion, the
/// agreement and the seller's verdict, with the notifications each step sends. The caller has checked
/// that the actor may work on the session's deal (`Policy.workOnDeal`) and, for the leader's steps,
/// that they may coach it (`Policy.coachDeal`); the state rules are `SparringFlow`'s. Every change is
/// one transaction; editable rows carry a version and a stale save throws `AppError.conflict`.
public struct SparringStore: Sendable {
    let db: any Database
    let organisationID: UUID
    /// The organisation's time zone: blocking phrases are counted in the month they were written there.
    let timeZone: TimeZone
    let memo: ReadMemo?

    public init(db: any Database, organisationID: UUID, timeZone: TimeZone, memo: ReadMemo? = nil) {
        self.db = db
        self.organisationID = organisationID
        self.timeZone = timeZone
        self.memo = memo
    }

    var sql: any SQLDatabase { db as! any SQLDatabase }

    func on(_ tx: any Database) -> SparringStore {
        SparringStore(db: tx, organisationID: organisationID, timeZone: timeZone)
    }

    // MARK: Reading

    static func session(_ row: any SQLRow) throws -> SparringSession {
        var agreement: Agreement?
        if let planID = try row.decode(column: "plan_id", as: UUID?.self),
            let owner = try row.decode(column: "agreed_owner_id", as: UUID?.self),
            let day = try row.decode(column: "follow_up_on", as: String?.self).flatMap(Day.init)
        {
            agreement = Agreement(
                planID: planID, ownerID: owner,
                nextStep: try row.decode(column: "agreed_next_step", as: String?.self) ?? "", followUpOn: day)
        }
        return SparringSession(
            id: try row.decode(column: "id", as: UUID.self), dealID: try row.decode(column: "deal_id", as: UUID.self),
            teamID: try row.decode(column: "team_id", as: UUID.self),
            requesterID: try row.decode(column: "requester_id", as: UUID.self),
            coachID: try row.decode(column: "coach_id", as: UUID?.self),
            question: try row.decode(column: "question", as: String.self),
            context: try row.decode(column: "context", as: String.self),
            state: SessionState(rawValue: try row.decode(column: "state", as: String.self)) ?? .requested,
            stageIDAtRequest: try row.decode(column: "stage_id_at_request", as: UUID.self),
            requestedAt: try row.decode(column: "requested_at", as: Date.self),
            readyAt: try row.decode(column: "ready_at", as: Date?.self),
            agreedAt: try row.decode(column: "agreed_at", as: Date?.self),
            closedAt: try row.decode(column: "closed_at", as: Date?.self), agreement: agreement,
            verdict: try row.decode(column: "verdict", as: String?.self).flatMap(Verdict.init),
            verdictNote: try row.decode(column: "verdict_note", as: String?.self),
            version: try row.decode(column: "version", as: Int.self))
    }

    /// The organisation's session; another organisation's id is not found.
    public func session(_ id: UUID) async throws -> SparringSession {
        guard
            let row = try await sql.select().column("*").from("sparring_sessions").where("id", .equal, id)
                .where("organisation_id", .equal, organisationID).first()
        else { throw AppError.notFound }
        return try Self.session(row)
    }

    /// A deal's sessions, newest first.
    public func sessions(dealID: UUID) async throws -> [SparringSession] {
        try await sql.select().column("*").from("sparring_sessions").where("deal_id", .equal, dealID)
            .where("organisation_id", .equal, organisationID)
            .orderBy(SQLOrderBy(expression: SQLColumn("requested_at"), direction: SQLDirection.descending)).all()
            .map(Self.session)
    }

    /// A person's own requests, newest first.
    public func sessions(
        requesterID: UUID, openOnly: Bool = false, limit: Int = 200
    ) async throws
        -> [SparringSession]
    {
        let select = sql.select().column("*").from("sparring_sessions")
            .where("organisation_id", .equal, organisationID).where("requester_id", .equal, requesterID)
        if openOnly {
            // A person has few open sessions (one per deal at most), among thousands of closed ones.
            // Sorted here, not by the query: an ORDER BY makes SQLite walk every session of the person
            // along the requester index to avoid a sort (25 ms at 100k sessions), where the
            // (…, state, requested_at) index seeks only the open ones.
            let open = try await select.where("state", .in, SessionState.allCases.filter(\.isOpen).map(\.rawValue))
                .limit(5_000).all().map(Self.session)
            return Array(open.sorted { $0.requestedAt > $1.requestedAt }.prefix(limit))
        }
        return try await select.orderBy(
            SQLOrderBy(expression: SQLColumn("requested_at"), direction: SQLDirection.descending)
        ).limit(limit).all().map(Self.session)
    }

    public func suggestions(_ sessionID: UUID) async throws -> [Suggestion] {
        try await perSession("sparring_suggestions", sessionID).map { row in
            Suggestion(
                id: try row.decode(column: "id", as: UUID.self), sessionID: sessionID,
                authorID: try row.decode(column: "author_id", as: UUID.self),
                title: try row.decode(column: "title", as: String.self),
                detail: try row.decode(column: "detail", as: String.self),
                planID: try row.decode(column: "plan_id", as: UUID?.self),
                createdAt: try row.decode(column: "created_at", as: Date.self),
                editedAt: try row.decode(column: "edited_at", as: Date?.self),
                version: try row.decode(column: "version", as: Int.self))
        }
    }

    public func messages(_ sessionID: UUID) async throws -> [SparringMessage] {
        try await perSession("sparring_messages", sessionID).map { row in
            SparringMessage(
                id: try row.decode(column: "id", as: UUID.self), sessionID: sessionID,
                authorID: try row.decode(column: "author_id", as: UUID.self),
                replyToID: try row.decode(column: "reply_to_id", as: UUID?.self),
                text: try row.decode(column: "text", as: String.self),
                createdAt: try row.decode(column: "created_at", as: Date.self),
                editedAt: try row.decode(column: "edited_at", as: Date?.self),
                version: try row.decode(column: "version", as: Int.self))
        }
    }

    /// A session's rows of a table, oldest first (ids are time-ordered, so they break ties in order).
    func perSession(_ table: String, _ sessionID: UUID) async throws -> [any SQLRow] {
        try await sql.select().column("*").from(table).where("session_id", .equal, sessionID)
            .where("organisation_id", .equal, organisationID).orderBy("created_at").orderBy("id").all()
    }

    /// One entry of a leader's queue: the session and what ranks it.
    public struct QueueItem: Sendable, Equatable {
        public var session: SparringSession
        public var dealTitle: String
        /// The deal's amount in the base currency (nil without an exchange rate) and its stage's probability.
        public var amountMinor: Int64?
        public var probability: Int
        public var valueAtRisk: Int64
    }

    /// The open requests and discussions of these teams (all teams: nil), by value at risk and waiting
    /// time (`SparringQueue`). Sessions waiting for the leader are few per team, so they are ranked here.
    public func queue(teamIDs: [UUID]?, rates: ExchangeRates, now: Date, limit: Int = 200) async throws -> [QueueItem] {
        if let teamIDs, teamIDs.isEmpty { return [] }
        let select = sql.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("s")))
            .column(SQLColumn("title", table: "d"), as: "deal_title")
            .column(SQLColumn("amount_minor", table: "d"), as: "deal_amount")
            .column(SQLColumn("currency", table: "d"), as: "deal_currency")
            .column(SQLColumn("probability", table: "st"), as: "stage_probability")
            .from(SQLAlias(SQLIdentifier("sparring_sessions"), as: SQLIdentifier("s")))
            .join(
                SQLAlias(SQLIdentifier("deals"), as: SQLIdentifier("d")), method: SQLJoinMethod.inner,
                on: SQLColumn("id", table: "d"), .equal, SQLColumn("deal_id", table: "s")
            )
            .join(
                SQLAlias(SQLIdentifier("stages"), as: SQLIdentifier("st")), method: SQLJoinMethod.inner,
                on: SQLColumn("id", table: "st"), .equal, SQLColumn("stage_id", table: "d")
            )
            .where(SQLColumn("organisation_id", table: "s"), .equal, SQLBind(organisationID))
            .where(
                SQLColumn("state", table: "s"), .in,
                SQLBind.group([SessionState.requested.rawValue, SessionState.ready.rawValue]))
        if let teamIDs { select.where(SQLColumn("team_id", table: "s"), .in, SQLBind.group(teamIDs)) }
        let items = try await select.limit(2000).all().map { row -> QueueItem in
            let amount = rates.toBase(
                try row.decode(column: "deal_amount", as: Int64.self),
                from: try row.decode(column: "deal_currency", as: String.self))
            let probability = try row.decode(column: "stage_probability", as: Int.self)
            return QueueItem(
                session: try Self.session(row), dealTitle: try row.decode(column: "deal_title", as: String.self),
                amountMinor: amount, probability: probability,
                valueAtRisk: SparringQueue.valueAtRisk(amountMinor: amount ?? 0, probability: probability))
        }
        return Array(
            SparringQueue.ordered(items, valueAtRisk: \.valueAtRisk, waitingSince: \.session.requestedAt, now: now)
                .prefix(limit))
    }

    // MARK: The steps of a session

    /// A seller asks for sparring on the deal; the team's leaders hear of it.
    public func request(
        deal: Deal, question: String, context: String, by actorID: UUID, at time: Date
    ) async throws -> SparringSession {
        let id = UUID.timeOrdered(at: time)
        do {
            try await insertRequest(id, deal: deal, question: question, context: context, by: actorID, at: time)
        } catch let error where error.isConstraintFailure {
            // `sparring_sessions_one_open`: another request on the deal got there first.
            throw AppError.duplicate(.sparringOpenSession, field: "deal")
        }
        return try await session(id)
    }

    private func insertRequest(
        _ id: UUID, deal: Deal, question: String, context: String, by actorID: UUID, at time: Date
    ) async throws {
        try await db.writeTransaction { tx in
            let store = on(tx)
            try await store.sql.insert(into: "sparring_sessions")
                .columns(
                    "id", "organisation_id", "deal_id", "team_id", "requester_id", "question", "context", "state",
                    "stage_id_at_request", "requested_at", "updated_at", "version"
                )
                .values(
                    SQLBind(id), SQLBind(organisationID), SQLBind(deal.id), SQLBind(deal.teamID), SQLBind(actorID),
                    SQLBind(question), SQLBind(context), SQLBind(SessionState.requested.rawValue),
                    SQLBind(deal.stageID), SQLBind(time), SQLBind(time), SQLBind(1)
                ).run()
            let leaders = try await store.leaders(of: deal.teamID)
            try await store.notify(leaders, .requested, sessionID: id, dealID: deal.id, by: actorID, at: time)
        }
    }

    /// The leader adds a suggestion; the first leader to suggest becomes the session's coach.
    public func addSuggestion(
        _ sessionID: UUID, title: String, detail: String, by actorID: UUID, at time: Date
    ) async throws -> Suggestion {
        let current = try await session(sessionID)
        try SparringFlow.checkSuggest(current)
        let id = UUID.timeOrdered(at: time)
        try await db.writeTransaction { tx in
            let store = on(tx)
            try await store.sql.insert(into: "sparring_suggestions")
                .columns("id", "organisation_id", "session_id", "author_id", "title", "detail", "created_at", "version")
                .values(
                    SQLBind(id), SQLBind(organisationID), SQLBind(sessionID), SQLBind(actorID), SQLBind(title),
                    SQLBind(detail), SQLBind(time), SQLBind(1)
                ).run()
            if current.coachID == nil {
                // Not versioned: who coaches is set once, by whoever suggests first, and bumping the
                // version here would make the seller's open form look stale for no change of theirs.
                try await store.sql.update("sparring_sessions").set("coach_id", to: actorID)
                    .where("id", .equal, sessionID).where("organisation_id", .equal, organisationID)
                    .where(SQLColumn("coach_id"), .is, SQLLiteral.null).run()
            }
            try await store.countBlockers(source: id, teamID: current.teamID, text: title + "\n" + detail, at: time)
            try await store.notify(
                [current.requesterID], .suggestion, sessionID: sessionID, dealID: current.dealID, by: actorID, at: time)
        }
        return try await suggestions(sessionID).first { $0.id == id }!
    }

    /// Its author changes a suggestion read at `expectedVersion`; the page shows it as edited.
    public func editSuggestion(
        _ sessionID: UUID, _ id: UUID, expectedVersion: Int, title: String, detail: String, by actorID: UUID,
        at time: Date
    ) async throws {
        let current = try await session(sessionID)
        try SparringFlow.checkSuggest(current)
        guard let suggestion = try await suggestions(sessionID).first(where: { $0.id == id }) else {
            throw AppError.notFound
        }
        guard suggestion.authorID == actorID else { throw AppError.forbidden }
        try await db.writeTransaction { tx in
            let store = on(tx)
            let saved = try await store.sql.updateVersioned(
                "sparring_suggestions", id: id, organisationID: organisationID, expectedVersion: expectedVersion,
                at: nil
            ) { $0.set("title", to: title).set("detail", to: detail).set("edited_at", to: time) }
            guard saved else { throw AppError.conflict }
            // Counted in the month it was first written: an edit corrects the text, not when it was said.
            try await store.countBlockers(
                source: id, teamID: current.teamID, text: title + "\n" + detail, at: suggestion.createdAt)
        }
    }

    /// The leader opens the discussion: only with at least two suggestions.
    public func markReady(_ sessionID: UUID, expectedVersion: Int, by actorID: UUID, at time: Date) async throws {
        let current = try await session(sessionID)
        try SparringFlow.checkReady(current, suggestions: try await suggestions(sessionID).count)
        try await db.writeTransaction { tx in
            let store = on(tx)
            try await store.versioned(sessionID, expectedVersion, at: time) {
                $0.set("state", to: SessionState.ready.rawValue).set("ready_at", to: time)
            }
            try await store.notify(
                [current.requesterID], .ready, sessionID: sessionID, dealID: current.dealID, by: actorID, at: time)
        }
    }

    /// A message, or a reply to one of the session's messages; the other side hears of it.
    public func addMessage(
        _ sessionID: UUID, text: String, replyTo: UUID?, by actorID: UUID, at time: Date
    ) async throws -> SparringMessage {
        let current = try await session(sessionID)
        try SparringFlow.checkMessage(current)
        var recipients = try await participants(current)
        if let replyTo {
            guard let original = try await messages(sessionID).first(where: { $0.id == replyTo }) else {
                throw AppError.invalid("replyTo", .errorChoice)
            }
            recipients.insert(original.authorID)
        }
        recipients.remove(actorID)
        let notified = Array(recipients)
        let id = UUID.timeOrdered(at: time)
        try await db.writeTransaction { tx in
            let store = on(tx)
            try await store.sql.insert(into: "sparring_messages")
                .columns(
                    "id", "organisation_id", "session_id", "author_id", "reply_to_id", "text", "created_at", "version"
                )
                .values(
                    SQLBind(id), SQLBind(organisationID), SQLBind(sessionID), SQLBind(actorID), SQLBind(replyTo),
                    SQLBind(text), SQLBind(time), SQLBind(1)
                ).run()
            try await store.countBlockers(source: id, teamID: current.teamID, text: text, at: time)
            try await store.notify(
                notified, .message, sessionID: sessionID, dealID: current.dealID, by: actorID, at: time)
        }
        return try await messages(sessionID).first { $0.id == id }!
    }

    /// Its author changes a message read at `expectedVersion`; the thread shows it as edited.
    public func editMessage(
        _ sessionID: UUID, _ id: UUID, expectedVersion: Int, text: String, by actorID: UUID, at time: Date
    ) async throws {
        let current = try await session(sessionID)
        try SparringFlow.checkMessage(current)
        guard let message = try await messages(sessionID).first(where: { $0.id == id }) else {
            throw AppError.notFound
        }
        guard message.authorID == actorID else { throw AppError.forbidden }
        try await db.writeTransaction { tx in
            let store = on(tx)
            let saved = try await store.sql.updateVersioned(
                "sparring_messages", id: id, organisationID: organisationID, expectedVersion: expectedVersion, at: nil
            ) { $0.set("text", to: text).set("edited_at", to: time) }
            guard saved else { throw AppError.conflict }
            try await store.countBlockers(source: id, teamID: current.teamID, text: text, at: message.createdAt)
        }
    }

    /// Makes a suggestion a plan on the deal's case (plan text: its title and detail), once.
    public func adoptSuggestion(_ sessionID: UUID, _ id: UUID, by actorID: UUID, at time: Date) async throws -> Plan {
        let current = try await session(sessionID)
        guard current.state.isOpen else { throw AppError.invalid("state", .sessionWrongState) }
        guard let suggestion = try await suggestions(sessionID).first(where: { $0.id == id }) else {
            throw AppError.notFound
        }
        if let planID = suggestion.planID {
            return try await CaseStore(db: db, organisationID: organisationID, dealID: current.dealID).plan(planID)
        }
        return try await db.writeTransaction { tx in
            let work = CaseStore(db: tx, organisationID: organisationID, dealID: current.dealID)
            let text = PlanText(
                title: String(suggestion.title.prefix(PlanText.maximumTitleLength)),
                approach: String(suggestion.detail.prefix(PlanText.maximumLength)))
            let plan = try await work.createPlan(text, tacticIDs: [], by: actorID, at: time)
            // Only a suggestion not yet adopted takes the plan: two clicks at once make one plan.
            let rows = try await work.sql.update("sparring_suggestions").set("plan_id", to: plan.id)
                .where("id", .equal, id).where("organisation_id", .equal, organisationID)
                .where(SQLColumn("plan_id"), .is, SQLLiteral.null).returning("id").all()
            guard !rows.isEmpty else { throw AppError.conflict }
            return plan
        }
    }

    /// They agree: the plan is chosen on the case with its owner and next step, and a follow-up is
    /// set for both. `planVersion` is the plan as read, so a plan edited meanwhile is a conflict.
    public func agree(
        _ sessionID: UUID, expectedVersion: Int, planID: UUID, planVersion: Int, ownerID: UUID, nextStep: String,
        followUpOn: Day, by actorID: UUID, at time: Date
    ) async throws {
        let current = try await session(sessionID)
        try SparringFlow.checkAgree(current)
        let coach = current.coachID ?? (actorID == current.requesterID ? nil : actorID)
        try await db.writeTransaction { tx in
            let store = on(tx)
            try await store.versioned(sessionID, expectedVersion, at: time) {
                $0.set("state", to: SessionState.agreed.rawValue).set("agreed_at", to: time).set("plan_id", to: planID)
                    .set("agreed_owner_id", to: ownerID).set("agreed_next_step", to: nextStep)
                    .set("follow_up_on", to: followUpOn.description).set("coach_id", to: coach)
            }
            let work = CaseStore(db: tx, organisationID: organisationID, dealID: current.dealID)
            // The plan chosen on the case, the one chosen before replaced, the follow-up set (the
            // plan's own, so the case and the agreement name the same plan and the same next step).
            try await work.choosePlan(
                planID, expectedVersion: planVersion, nextStep: nextStep, ownerID: ownerID, dueOn: followUpOn,
                by: actorID, at: time, sessionID: sessionID, coachID: coach)
            var recipients = try await store.participants(current)
            recipients.remove(actorID)
            try await store.notify(
                Array(recipients), .agreed, sessionID: sessionID, dealID: current.dealID, by: actorID, at: time)
        }
    }

    /// The seller's verdict closes the session.
    public func giveVerdict(
        _ sessionID: UUID, expectedVersion: Int, _ verdict: Verdict, note: String?, by actorID: UUID, at time: Date
    ) async throws {
        let current = try await session(sessionID)
        try SparringFlow.checkVerdict(current, by: actorID)
        try await db.writeTransaction { tx in
            let store = on(tx)
            try await store.versioned(sessionID, expectedVersion, at: time) {
                $0.set("state", to: SessionState.closed.rawValue).set("closed_at", to: time)
                    .set("verdict", to: verdict.rawValue).set("verdict_note", to: note)
            }
            var recipients = try await store.participants(current)
            recipients.remove(actorID)
            try await store.notify(
                Array(recipients), .verdict, sessionID: sessionID, dealID: current.dealID, by: actorID, at: time)
        }
    }

    /// The seller takes back a request nobody has agreed on.
    public func withdraw(_ sessionID: UUID, expectedVersion: Int, by actorID: UUID, at time: Date) async throws {
        let current = try await session(sessionID)
        try SparringFlow.checkWithdraw(current, by: actorID)
        try await versioned(sessionID, expectedVersion, at: time) {
            $0.set("state", to: SessionState.withdrawn.rawValue).set("closed_at", to: time)
        }
    }

    func versioned(
        _ sessionID: UUID, _ expectedVersion: Int, at time: Date, _ columns: (SQLUpdateBuilder) -> Void
    ) async throws {
        let saved = try await sql.updateVersioned(
            "sparring_sessions", id: sessionID, organisationID: organisationID, expectedVersion: expectedVersion,
            at: time, columns)
        guard saved else { throw AppError.conflict }
    }

    // MARK: Who hears of it

    /// The leaders of a team.
    func leaders(of teamID: UUID) async throws -> [UUID] {
        try await sql.select().column("user_id").from(TeamMembershipModel.schema)
            .where("organisation_id", .equal, organisationID).where("team_id", .equal, teamID)
            .where("kind", .equal, TeamMembershipModel.leader).all()
            .map { try $0.decode(column: "user_id", as: UUID.self) }
    }

    /// The seller and the coach; before a coach took it up, the team's leaders.
    func participants(_ session: SparringSession) async throws -> Set<UUID> {
        var people: Set<UUID> = [session.requesterID]
        if let coach = session.coachID {
            people.insert(coach)
        } else {
            people.formUnion(try await leaders(of: session.teamID))
        }
        return people
    }

    func notify(
        _ userIDs: [UUID], _ kind: NotificationKind, sessionID: UUID, dealID: UUID, by actorID: UUID, at time: Date
    ) async throws {
        let recipients = Set(userIDs).subtracting([actorID])
        guard !recipients.isEmpty else { return }
        let insert = sql.insert(into: "notifications").columns(
            "id", "organisation_id", "user_id", "kind", "session_id", "deal_id", "actor_id", "at")
        for user in recipients.sorted(by: { $0.uuidString < $1.uuidString }) {
            insert.values(
                SQLBind(UUID.timeOrdered(at: time)), SQLBind(organisationID), SQLBind(user), SQLBind(kind.rawValue),
                SQLBind(sessionID), SQLBind(dealID), SQLBind(actorID), SQLBind(time))
        }
        try await insert.run()
    }

    /// Replaces the blocking-phrase counts of one text (a message or suggestion) with what it has now.
    func countBlockers(source: UUID, teamID: UUID, text: String, at time: Date) async throws {
        try await sql.delete(from: "blocker_mentions").where("source_id", .equal, source)
            .where("organisation_id", .equal, organisationID).run()
        let counts = BlockerTally.counts(in: text)
        guard !counts.isEmpty else { return }
        let month = Day(time, in: timeZone).monthKey
        let insert = sql.insert(into: "blocker_mentions").columns(
            "id", "organisation_id", "team_id", "source_id", "month", "bias", "count")
        for (bias, count) in counts.sorted(by: { $0.key.rawValue < $1.key.rawValue }) {
            insert.values(
                SQLBind(UUID.timeOrdered(at: time)), SQLBind(organisationID), SQLBind(teamID), SQLBind(source),
                SQLBind(month), SQLBind(bias.rawValue), SQLBind(count))
        }
        try await insert.run()
    }
}

extension Tenant {
    public func sparring(timeZone: TimeZone) -> SparringStore {
        SparringStore(db: db, organisationID: organisationID, timeZone: timeZone, memo: memo)
    }
}
