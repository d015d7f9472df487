import FluentKit
import Foundation
import SQLKit
import SparringDomain

/// Pulse rounds of the organisation. Who may answer is fixed when a round opens; who has answered is
/// kept in its own table, so one answer per person holds; the answers themselves wait sealed
/// (`PulseSeal.swift`) until the round closes and are then written with no person, no time and a random
/// id, in a random order. Answers are read only for a closed round, and only as the released results.
/// The caller has checked the policy (`runPulse`, `answerPulse`, `viewPulseResults`).
public struct PulseStore: Sendable {
    let db: any Database
    let organisationID: UUID

    /// The key ballots are sealed and opened with: the process's (`PulseKeys`), or a test's own.
    let key: PulseKey

    public init(db: any Database, organisationID: UUID, key: PulseKey = PulseKeys.current) {
        self.db = db
        self.organisationID = organisationID
        self.key = key
    }

    var sql: any SQLDatabase { db as! any SQLDatabase }

    func round(_ row: any SQLRow) throws -> PulseRound {
        PulseRound(
            id: try row.decode(column: "id", as: UUID.self), teamID: try row.decode(column: "team_id", as: UUID.self),
            leaderID: try row.decode(column: "leader_id", as: UUID.self),
            openedBy: try row.decode(column: "opened_by", as: UUID.self),
            openedAt: try row.decode(column: "opened_at", as: Date.self),
            closedAt: try row.decode(column: "closed_at", as: Date?.self),
            seed: UInt64(bitPattern: try row.decode(column: "seed", as: Int64.self)),
            version: try row.decode(column: "version", as: Int.self))
    }

    public func round(_ id: UUID) async throws -> PulseRound {
        guard
            let row = try await sql.select().column("*").from("pulse_rounds").where("id", .equal, id)
                .where("organisation_id", .equal, organisationID).first()
        else { throw AppError.notFound }
        return try round(row)
    }

    /// Rounds of these teams, or about this leader, newest first.
    public func rounds(teamIDs: Set<UUID>, leaderID: UUID? = nil, limit: Int = 100) async throws -> [PulseRound] {
        var found: [UUID: PulseRound] = [:]
        if !teamIDs.isEmpty {
            for row in try await sql.select().column("*").from("pulse_rounds")
                .where("organisation_id", .equal, organisationID).where("team_id", .in, Array(teamIDs))
                .orderBy("opened_at", .descending).limit(limit).all()
            {
                let round = try round(row)
                found[round.id] = round
            }
        }
        if let leaderID {
            for row in try await sql.select().column("*").from("pulse_rounds")
                .where("organisation_id", .equal, organisationID).where("leader_id", .equal, leaderID)
                .orderBy("opened_at", .descending).limit(limit).all()
            {
                let round = try round(row)
                found[round.id] = round
            }
        }
        return found.values.sorted { ($0.openedAt, $0.id.uuidString) > ($1.openedAt, $1.id.uuidString) }
    }

    /// Opens a round in which the team's members rate `leaderID`, who must lead the team. A second open
    /// round about the same leader in the same team is refused. Who may answer is fixed now: the team's
    /// active members except the leader rated, each noted as settled or not (`PulseEligibility`).
    public func open(teamID: UUID, leaderID: UUID, by userID: UUID, at time: Date) async throws -> PulseRound {
        guard let team = try? await TeamStore(db: db, organisationID: organisationID).find(teamID) else {
            throw AppError.invalid("teamID", .errorUnknownTeam)
        }
        guard team.leaderIDs.contains(leaderID) else { throw AppError.invalid("leaderID", .pulseNotTheLeader) }
        let id = UUID.timeOrdered(at: time)
        do {
            try await db.writeTransaction { tx in
                let sql = tx as! any SQLDatabase
                let open = try await sql.select().column("id").from("pulse_rounds")
                    .where("organisation_id", .equal, organisationID).where("team_id", .equal, teamID)
                    .where("leader_id", .equal, leaderID).where(SQLColumn("closed_at"), .is, SQLLiteral.null).first()
                guard open == nil else { throw AppError.duplicate(.pulseAlreadyOpen, field: "leaderID") }
                try await sql.insert(into: "pulse_rounds")
                    .columns(
                        "id", "organisation_id", "team_id", "leader_id", "opened_by", "opened_at", "seed", "version"
                    )
                    .values(
                        SQLBind(id), SQLBind(organisationID), SQLBind(teamID), SQLBind(leaderID), SQLBind(userID),
                        SQLBind(time), SQLBind(Int64(bitPattern: UInt64.random(in: .min ... .max))), SQLBind(1)
                    ).run()
                let members = try await sql.select()
                    .column(SQLColumn("user_id", table: "m")).column(SQLColumn("joined_at", table: "m"))
                    .from(SQLAlias(SQLIdentifier("team_memberships"), as: SQLIdentifier("m")))
                    .join(
                        SQLAlias(SQLIdentifier("users"), as: SQLIdentifier("u")), method: SQLJoinMethod.inner,
                        on: SQLColumn("id", table: "u"), .equal, SQLColumn("user_id", table: "m")
                    )
                    .where(SQLColumn("team_id", table: "m"), .equal, SQLBind(teamID))
                    .where(SQLColumn("organisation_id", table: "m"), .equal, SQLBind(organisationID))
                    .where(SQLColumn("kind", table: "m"), .equal, SQLBind(TeamMembershipModel.member))
                    .where(SQLColumn("is_active", table: "u"), .equal, SQLBind(true)).all()
                for member in members {
                    let user = try member.decode(column: "user_id", as: UUID.self)
                    guard user != leaderID else { continue }
                    let settled = PulseEligibility.isSettled(
                        joinedAt: try member.decode(column: "joined_at", as: Date?.self), openedAt: time)
                    try await sql.insert(into: "pulse_round_members")
                        .columns("id", "organisation_id", "round_id", "user_id", "settled")
                        .values(SQLBind(UUID()), SQLBind(organisationID), SQLBind(id), SQLBind(user), SQLBind(settled))
                        .run()
                }
            }
        } catch let error where error.isConstraintFailure {
            // `pulse_rounds_one_open`: another request opened the round a moment ago.
            throw AppError.duplicate(.pulseAlreadyOpen, field: "leaderID")
        }
        return try await round(id)
    }

    /// Closes an open round; closing a closed one changes nothing. In one transaction the round is
    /// marked closed, its sealed ballots are opened and written as answers in a random order with
    /// random ids (so neither the order of rows nor the write-ahead log pairs an answer with a person),
    /// and the ballots are deleted. SQLite then checkpoints its log and truncates it, and deletes
    /// overwrite what they free (`secure_delete`), so the files keep nothing of the sealed ballots.
    /// An answer that cannot be opened (another server's key) stops the close: nothing is lost.
    public func close(_ id: UUID, at time: Date) async throws {
        let key = self.key
        let closed = try await db.writeTransaction { tx -> Bool in
            let sql = tx as! any SQLDatabase
            // The update takes the round's row first: an answer waits for it, and then sees it closed.
            let marked = try await sql.raw(
                """
                UPDATE pulse_rounds SET closed_at = \(bind: time), version = version + 1
                WHERE id = \(bind: id) AND organisation_id = \(bind: organisationID) AND closed_at IS NULL
                RETURNING id
                """
            ).all()
            guard !marked.isEmpty else { return false }
            var answers = try await Self.submissions(round: id, organisationID: organisationID, on: sql)
            var unopened = 0
            for row in try await sql.select().column("sealed").from("pulse_ballots").where("round_id", .equal, id)
                .where("organisation_id", .equal, organisationID).all()
            {
                do {
                    answers.append(try PulseBallot.open(try row.decode(column: "sealed", as: String.self), with: key))
                } catch {
                    unopened += 1
                }
            }
            guard unopened == 0 else {
                throw AppError.invalid("round", .pulseSealedWithAnotherKey, ["count": String(unopened)])
            }
            try await sql.delete(from: "pulse_ballots").where("round_id", .equal, id)
                .where("organisation_id", .equal, organisationID).run()
            // Answers written before ballots existed are written again with the others.
            try await sql.delete(from: "pulse_answers").where("round_id", .equal, id)
                .where("organisation_id", .equal, organisationID).run()
            for answer in answers.shuffled() {
                try await Self.insert(answer, round: id, organisationID: organisationID, on: sql)
            }
            return true
        }
        if closed { try await forgetLog() }
    }

    /// SQLite: copies the log into the database file and empties it, waiting for readers for a few
    /// seconds. PostgreSQL keeps its own log; what it can hold is said in the README.
    func forgetLog() async throws {
        guard sql.dialect.name == "sqlite" else { return }
        for attempt in 1...5 {
            // (busy, log frames, frames copied): busy 0 means the log was copied and truncated.
            let result = try await sql.raw("PRAGMA wal_checkpoint(TRUNCATE)").first()
            if (try result?.decode(column: "busy", as: Int.self)) ?? 0 == 0 { return }
            try await Task.sleep(for: .milliseconds(200 * attempt))
        }
    }

    static func insert(
        _ submission: PulseSubmission, round: UUID, organisationID: UUID, on sql: any SQLDatabase
    ) async throws {
        let statements = PulseStatement.allCases
        let comment = submission.comment?.trimmed ?? ""
        // A random id: a time-ordered one would date the answer.
        try await sql.insert(into: "pulse_answers")
            .columns(["id", "organisation_id", "round_id"] + statements.map(\.column) + ["comment"])
            .values(
                [SQLBind(UUID()), SQLBind(organisationID), SQLBind(round)]
                    + statements.map { SQLBind(submission.scores[$0] ?? 0) }
                    + [SQLBind(comment.isEmpty ? nil : comment)]
            ).run()
    }

    static func submissions(
        round: UUID, organisationID: UUID, on sql: any SQLDatabase
    ) async throws
        -> [PulseSubmission]
    {
        let rows = try await sql.select().columns(PulseStatement.allCases.map(\.column) + ["comment"])
            .from("pulse_answers").where("round_id", .equal, round)
            .where("organisation_id", .equal, organisationID).all()
        return try rows.map { row in
            PulseSubmission(
                scores: Dictionary(
                    uniqueKeysWithValues: try PulseStatement.allCases.map {
                        ($0, try row.decode(column: $0.column, as: Int.self))
                    }), comment: try row.decode(column: "comment", as: String?.self))
        }
    }

    /// Which of these rounds the person has answered (only ever asked about oneself).
    public func answered(_ roundIDs: [UUID], userID: UUID) async throws -> Set<UUID> {
        try await rounds(roundIDs, of: userID, in: "pulse_participants")
    }

    /// Which of these rounds the person may answer: they were a member of the team when it opened.
    public func eligible(_ roundIDs: [UUID], userID: UUID) async throws -> Set<UUID> {
        try await rounds(roundIDs, of: userID, in: "pulse_round_members")
    }

    private func rounds(_ roundIDs: [UUID], of userID: UUID, in table: String) async throws -> Set<UUID> {
        guard !roundIDs.isEmpty else { return [] }
        return Set(
            try await sql.select().column("round_id").from(table).where("round_id", .in, roundIDs)
                .where("user_id", .equal, userID).where("organisation_id", .equal, organisationID).all()
                .map { try $0.decode(column: "round_id", as: UUID.self) })
    }

    /// How many may answer the round, and how many of them joined the team in the month before it opened.
    public func eligibility(_ round: PulseRound) async throws -> PulseEligibility {
        let rows = try await sql.select().column("settled").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from("pulse_round_members").where("round_id", .equal, round.id)
            .where("organisation_id", .equal, organisationID).groupBy("settled").all()
        var total = 0, recent = 0
        for row in rows {
            let count = try row.decode(column: "n", as: Int.self)
            total += count
            if try !row.decode(column: "settled", as: Bool.self) { recent += count }
        }
        return PulseEligibility(mayAnswer: total, joinedRecently: recent)
    }

    /// Records that the person answered and, sealed, the answer; once per person per round, only for
    /// those who were members when it opened, and only while it is open — checked inside the write, so
    /// an answer racing a close either lands before it or is refused.
    public func answer(_ roundID: UUID, userID: UUID, _ submission: PulseSubmission) async throws {
        let problems = submission.problems()
        guard problems.isEmpty else { throw AppError.validation(problems) }
        let sealed = try PulseBallot.seal(submission, with: key)
        do {
            try await db.writeTransaction { tx in
                let sql = tx as! any SQLDatabase
                // Takes the round's row (a close waits, or has already closed it).
                let open = try await sql.raw(
                    """
                    UPDATE pulse_rounds SET version = version WHERE id = \(bind: roundID)
                    AND organisation_id = \(bind: organisationID) AND closed_at IS NULL RETURNING id
                    """
                ).all()
                guard !open.isEmpty else {
                    _ = try await PulseStore(db: tx, organisationID: organisationID).round(roundID)  // or not found
                    throw AppError.invalid("round", .pulseClosed)
                }
                guard
                    try await sql.select().column("id").from("pulse_round_members").where("round_id", .equal, roundID)
                        .where("user_id", .equal, userID).where("organisation_id", .equal, organisationID).first()
                        != nil
                else { throw AppError.invalid("round", .pulseNotEligible) }
                try await sql.insert(into: "pulse_participants").columns("id", "organisation_id", "round_id", "user_id")
                    .values(SQLBind(UUID()), SQLBind(organisationID), SQLBind(roundID), SQLBind(userID)).run()
                try await sql.insert(into: "pulse_ballots").columns("id", "organisation_id", "round_id", "sealed")
                    .values(SQLBind(UUID()), SQLBind(organisationID), SQLBind(roundID), SQLBind(sealed)).run()
            }
        } catch  where error.isConstraintFailure {
            throw AppError.invalid("round", .pulseAlreadyAnswered)
        }
    }

    /// The released results: nil while open, below the minimum of answers, or below the minimum of
    /// answers from people settled in the team (`PulseResults.release`). Answers exist in clear only
    /// once the round is closed.
    public func results(_ round: PulseRound) async throws -> PulseResults? {
        guard round.isClosed else { return nil }
        let submissions = try await Self.submissions(round: round.id, organisationID: organisationID, on: sql)
        return PulseResults.release(
            isClosed: true, submissions: submissions, settledAnswers: try await settledAnswers(round), seed: round.seed)
    }

    /// How many of those who answered were settled members when the round opened.
    func settledAnswers(_ round: PulseRound) async throws -> Int {
        try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(SQLAlias(SQLIdentifier("pulse_participants"), as: SQLIdentifier("p")))
            .join(
                SQLAlias(SQLIdentifier("pulse_round_members"), as: SQLIdentifier("m")), method: SQLJoinMethod.inner,
                on: SQLBinaryExpression(
                    SQLBinaryExpression(SQLColumn("round_id", table: "m"), .equal, SQLColumn("round_id", table: "p")),
                    .and,
                    SQLBinaryExpression(SQLColumn("user_id", table: "m"), .equal, SQLColumn("user_id", table: "p")))
            )
            .where(SQLColumn("round_id", table: "p"), .equal, SQLBind(round.id))
            .where(SQLColumn("organisation_id", table: "p"), .equal, SQLBind(organisationID))
            .where(SQLColumn("settled", table: "m"), .equal, SQLBind(true)).first()?.decode(column: "n", as: Int.self)
            ?? 0
    }

    /// How many answered a closed round (nil while open: a count that moves would time an answer).
    public func answerCount(_ round: PulseRound) async throws -> Int? {
        guard round.isClosed else { return nil }
        return try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from("pulse_participants").where("round_id", .equal, round.id)
            .where("organisation_id", .equal, organisationID).first()?.decode(column: "n", as: Int.self) ?? 0
    }
}

extension Tenant {
    public var pulse: PulseStore { PulseStore(db: db, organisationID: organisationID) }
}
