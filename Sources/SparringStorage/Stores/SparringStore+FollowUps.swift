import FluentKit
import Foundation
import SQLKit
import SparringDomain

/// A follow-up with the title of its deal, for lists and the calendar feed.
public struct FollowUpRow: Sendable, Equatable {
    public var followUp: FollowUp
    public var dealTitle: String
    public var updatedAt: Date
}

/// One session in a seller's coaching log, with what became of the deal.
public struct CoachingEntry: Sendable, Equatable {
    public var session: SparringSession
    public var dealTitle: String
    public var outcome: SessionOutcome
}

extension SparringStore {
    // MARK: Follow-ups

    /// The follow-ups a person owns or follows up as the leader: every open one (up to 1,000), and the
    /// `doneLimit` most recently done.
    public func followUps(for userID: UUID, doneLimit: Int = 50) async throws -> [FollowUpRow] {
        var rows: [UUID: FollowUpRow] = [:]
        for column in ["owner_id", "coach_id"] {
            for done in [false, true] {
                let select = followUpSelect().where(SQLColumn(column, table: "f"), .equal, SQLBind(userID))
                if done {
                    // The most recently done, read backwards along the (…, done_at, due_on) index.
                    select.where(SQLColumn("done_at", table: "f"), .isNot, SQLLiteral.null)
                        .orderBy(
                            SQLOrderBy(expression: SQLColumn("done_at", table: "f"), direction: SQLDirection.descending)
                        )
                        .limit(doneLimit)
                } else {
                    select.where(SQLColumn("done_at", table: "f"), .is, SQLLiteral.null)
                        .orderBy(SQLColumn("due_on", table: "f")).limit(1000)
                }
                for row in try await select.all().map(Self.followUpRow) { rows[row.followUp.id] = row }
            }
        }
        return rows.values.sorted {
            ($0.followUp.dueOn, $0.followUp.id.uuidString) < ($1.followUp.dueOn, $1.followUp.id.uuidString)
        }
    }

    /// The first `limit` open follow-ups a person owns or follows up, due on `dueBy` or before (overdue
    /// first), and how many there are in all: what the home page shows, without reading every one.
    public func openFollowUps(
        for userID: UUID, dueBy: Day, limit: Int
    ) async throws -> (
        rows: [FollowUpRow], total: Int
    ) {
        var rows: [UUID: FollowUpRow] = [:]
        for column in ["owner_id", "coach_id"] {
            // Each a seek on its (organisation, person, done_at, due_on) index.
            let select = followUpSelect().where(SQLColumn(column, table: "f"), .equal, SQLBind(userID))
                .where(SQLColumn("done_at", table: "f"), .is, SQLLiteral.null)
                .where(SQLColumn("due_on", table: "f"), .lessThanOrEqual, SQLBind(dueBy.description))
                .orderBy(SQLColumn("due_on", table: "f")).orderBy(SQLColumn("id", table: "f")).limit(limit)
            for row in try await select.all().map(Self.followUpRow) { rows[row.followUp.id] = row }
        }
        let first = rows.values.sorted {
            ($0.followUp.dueOn, $0.followUp.id.uuidString) < ($1.followUp.dueOn, $1.followUp.id.uuidString)
        }
        return (Array(first.prefix(limit)), try await openFollowUpCount(for: userID, dueBy: dueBy))
    }

    /// How many open follow-ups a person owns or follows up, due on `dueBy` or before; one that is both
    /// theirs and followed up by them counts once.
    public func openFollowUpCount(for userID: UUID, dueBy: Day) async throws -> Int {
        func count(_ column: String, notOwner: Bool) async throws -> Int {
            let select = sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("follow_ups")
                .where("organisation_id", .equal, organisationID).where(SQLIdentifier(column), .equal, SQLBind(userID))
                .where("done_at", .is, SQLLiteral.null).where("due_on", .lessThanOrEqual, SQLBind(dueBy.description))
            if notOwner { select.where("owner_id", .notEqual, SQLBind(userID)) }
            return try await select.first()?.decode(column: "n", as: Int.self) ?? 0
        }
        return try await count("owner_id", notOwner: false) + count("coach_id", notOwner: true)
    }

    public func followUp(_ id: UUID) async throws -> FollowUpRow {
        guard
            let row = try await followUpSelect().where(SQLColumn("id", table: "f"), .equal, SQLBind(id)).first()
        else { throw AppError.notFound }
        return try Self.followUpRow(row)
    }

    func followUpSelect() -> SQLSelectBuilder {
        sql.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("f")))
            .column(SQLColumn("title", table: "d"), as: "deal_title")
            .from(SQLAlias(SQLIdentifier("follow_ups"), as: SQLIdentifier("f")))
            .join(
                SQLAlias(SQLIdentifier("deals"), as: SQLIdentifier("d")), method: SQLJoinMethod.inner,
                on: SQLColumn("id", table: "d"), .equal, SQLColumn("deal_id", table: "f")
            )
            .where(SQLColumn("organisation_id", table: "f"), .equal, SQLBind(organisationID))
    }

    static func followUpRow(_ row: any SQLRow) throws -> FollowUpRow {
        let created = try row.decode(column: "created_at", as: Date.self)
        return FollowUpRow(
            followUp: FollowUp(
                id: try row.decode(column: "id", as: UUID.self),
                dealID: try row.decode(column: "deal_id", as: UUID.self),
                sessionID: try row.decode(column: "session_id", as: UUID?.self),
                planID: try row.decode(column: "plan_id", as: UUID?.self),
                ownerID: try row.decode(column: "owner_id", as: UUID.self),
                coachID: try row.decode(column: "coach_id", as: UUID?.self),
                what: try row.decode(column: "what", as: String.self),
                dueOn: try row.day("due_on"),
                doneAt: try row.decode(column: "done_at", as: Date?.self),
                version: try row.decode(column: "version", as: Int.self)),
            dealTitle: try row.decode(column: "deal_title", as: String.self),
            updatedAt: try row.decode(column: "updated_at", as: Date?.self) ?? created)
    }

    /// Marks a follow-up done (or, `done` false, not done after all). Only its owner and its leader
    /// may: anybody else is told it is not there.
    public func setFollowUpDone(
        _ id: UUID, expectedVersion: Int, done: Bool, by actorID: UUID, at time: Date
    ) async throws {
        let current = try await followUp(id).followUp
        guard current.ownerID == actorID || current.coachID == actorID else { throw AppError.notFound }
        let saved = try await sql.updateVersioned(
            "follow_ups", id: id, organisationID: organisationID, expectedVersion: expectedVersion, at: time
        ) {
            $0.set("done_at", to: done ? time : nil).set("done_by", to: done ? actorID : nil)
        }
        guard saved else { throw AppError.conflict }
    }

    // MARK: Notifications

    public func notifications(for userID: UUID, limit: Int = 50) async throws -> [AppNotification] {
        try await sql.select().columns(
            SQLColumn("id", table: "n"), SQLColumn("kind", table: "n"), SQLColumn("session_id", table: "n"),
            SQLColumn("deal_id", table: "n"), SQLColumn("at", table: "n"), SQLColumn("read_at", table: "n")
        )
        .column(SQLColumn("title", table: "d"), as: "deal_title")
        .column(SQLColumn("name", table: "u"), as: "actor_name")
        .from(SQLAlias(SQLIdentifier("notifications"), as: SQLIdentifier("n")))
        .join(
            SQLAlias(SQLIdentifier("deals"), as: SQLIdentifier("d")), method: SQLJoinMethod.left,
            on: SQLColumn("id", table: "d"), .equal, SQLColumn("deal_id", table: "n")
        )
        .join(
            SQLAlias(SQLIdentifier("users"), as: SQLIdentifier("u")), method: SQLJoinMethod.left,
            on: SQLColumn("id", table: "u"), .equal, SQLColumn("actor_id", table: "n")
        )
        .where(SQLColumn("organisation_id", table: "n"), .equal, SQLBind(organisationID))
        .where(SQLColumn("user_id", table: "n"), .equal, SQLBind(userID))
        .orderBy(SQLOrderBy(expression: SQLColumn("at", table: "n"), direction: SQLDirection.descending))
        .orderBy(SQLOrderBy(expression: SQLColumn("id", table: "n"), direction: SQLDirection.descending))
        .limit(limit).all()
        .compactMap { row in
            guard let kind = NotificationKind(rawValue: try row.decode(column: "kind", as: String.self)) else {
                return nil
            }
            return AppNotification(
                id: try row.decode(column: "id", as: UUID.self), kind: kind,
                sessionID: try row.decode(column: "session_id", as: UUID?.self),
                dealID: try row.decode(column: "deal_id", as: UUID?.self),
                dealTitle: try row.decode(column: "deal_title", as: String?.self) ?? "",
                actorName: try row.decode(column: "actor_name", as: String?.self) ?? "",
                at: try row.decode(column: "at", as: Date.self),
                isRead: try row.decode(column: "read_at", as: Date?.self) != nil)
        }
    }

    /// Unread notifications: the number beside "Notifications" in the menu, on every page.
    public func unreadCount(for userID: UUID) async throws -> Int {
        try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("notifications")
            .where("organisation_id", .equal, organisationID).where("user_id", .equal, userID)
            .where(SQLColumn("read_at"), .is, SQLLiteral.null).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    public func markNotificationsRead(for userID: UUID, at time: Date) async throws {
        try await sql.update("notifications").set("read_at", to: time).where("organisation_id", .equal, organisationID)
            .where("user_id", .equal, userID).where(SQLColumn("read_at"), .is, SQLLiteral.null).run()
    }

    // MARK: The team's blocking phrases

    /// Counts per month and kind for these teams since `fromMonth` (`YYYY-MM`): the team as a whole.
    public func blockerTally(teamIDs: [UUID], fromMonth: String) async throws -> BlockerTally {
        var tally = BlockerTally()
        guard !teamIDs.isEmpty else { return tally }
        let rows = try await sql.select().column("month").column("bias")
            // PostgreSQL sums a bigint into a numeric: cast back so both databases give an integer.
            .column(SQLRaw("CAST(SUM(\"count\") AS BIGINT)"), as: "total").from("blocker_mentions")
            .where("organisation_id", .equal, organisationID).where("team_id", .in, teamIDs)
            .where("month", .greaterThanOrEqual, fromMonth).groupBy("month").groupBy("bias").all()
        for row in rows {
            guard let bias = BlockerBias(rawValue: try row.decode(column: "bias", as: String.self)) else { continue }
            tally.add(
                month: try row.decode(column: "month", as: String.self), bias: bias,
                count: try row.decode(column: "total", as: Int.self))
        }
        return tally
    }

    // MARK: Coaching log

    /// A seller's latest sessions (withdrawn ones left out) and what became of each deal since.
    public func coachingLog(sellerID: UUID, now: Date, limit: Int = 100) async throws -> [CoachingEntry] {
        try await outcomes(
            of: try await sessions(requesterID: sellerID, limit: limit).filter { $0.state != .withdrawn }, now: now)
    }

    /// What became of one session's deal since it was asked, once the two agreed on a plan: before
    /// that there is nothing to measure yet, and a withdrawn request has no outcome.
    public func outcome(of session: SparringSession, now: Date) async throws -> SessionOutcome? {
        guard session.state == .agreed || session.state == .closed else { return nil }
        return try await outcomes(of: [session], now: now).first?.outcome
    }

    func outcomes(of sessions: [SparringSession], now: Date) async throws -> [CoachingEntry] {
        let dealIDs = Array(Set(sessions.map(\.dealID)))
        guard !dealIDs.isEmpty else { return [] }
        // By id alone, then the organisation checked here: with both in the query and a hundred ids,
        // SQLite (no ANALYZE statistics) walks an organisation-wide index instead of seeking each id
        // (15 ms at 100k deals).
        let deals = Dictionary(
            uniqueKeysWithValues: try await DealModel.query(on: db).filter(\.$id ~~ dealIDs).all()
                .filter { $0.organisationID == organisationID }.map { ($0.id!, $0.domain) })
        let thresholds = try await StuckThresholds.load(
            PipelineStore(db: db, organisationID: organisationID, memo: memo), now: now, timeZone: timeZone,
            rules: StuckRules())
        return sessions.compactMap { session in
            guard let deal = deals[session.dealID] else { return nil }
            let outcome = SessionOutcome.of(
                status: deal.status, stageID: deal.stageID, stageAtRequest: session.stageIDAtRequest,
                isStuckNow: deal.status == .open && !thresholds.reasons(deal).isEmpty
                    && !(deal.snooze?.isActive(on: thresholds.today) ?? false))
            return CoachingEntry(session: session, dealTitle: deal.title, outcome: outcome)
        }
    }

    // MARK: Private calendar feed

    /// When the person's feed was made, if they have one.
    public func calendarFeedCreated(for userID: UUID) async throws -> Date? {
        try await sql.select().column("created_at").from("calendar_feeds").where(
            "organisation_id", .equal, organisationID
        )
        .where("user_id", .equal, userID).first()?.decode(column: "created_at", as: Date.self)
    }

    /// Makes the person's feed with a new secret, replacing (and so revoking) any earlier one.
    public func replaceCalendarFeed(for userID: UUID, tokenHash: String, at time: Date) async throws {
        try await db.writeTransaction { tx in
            let sql = tx as! any SQLDatabase
            try await sql.delete(from: "calendar_feeds").where("organisation_id", .equal, organisationID)
                .where("user_id", .equal, userID).run()
            try await sql.insert(into: "calendar_feeds")
                .columns("id", "organisation_id", "user_id", "token_hash", "created_at")
                .values(SQLBind(UUID()), SQLBind(organisationID), SQLBind(userID), SQLBind(tokenHash), SQLBind(time))
                .run()
        }
    }

    public func revokeCalendarFeed(for userID: UUID) async throws {
        try await sql.delete(from: "calendar_feeds").where("organisation_id", .equal, organisationID)
            .where("user_id", .equal, userID).run()
    }
}

/// The one lookup a calendar feed URL needs before anybody is known: whose feed the secret opens.
/// Only an active person's feed answers.
public struct CalendarFeedStore: Sendable {
    let db: any Database

    public init(db: any Database) { self.db = db }

    public func owner(tokenHash: String) async throws -> User? {
        let sql = db as! any SQLDatabase
        guard
            let row = try await sql.select().column("user_id").from("calendar_feeds")
                .where("token_hash", .equal, tokenHash).first()
        else { return nil }
        let userID = try row.decode(column: "user_id", as: UUID.self)
        guard let model = try await UserModel.find(userID, on: db), model.isActive else { return nil }
        return try await AccountStore(db: db).withMemberships(model)
    }
}
