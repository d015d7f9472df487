import FluentKit
import Foundation
import SQLKit
import SparringDomain

/// Pulse rounds of the organisation. Answers are written with no person, no time and a random id;
/// who has answered is kept in its own table, so one answer per person holds without any row tying an
/// answer to a seller. Answers are read only for a closed round, and only as the released results.
/// The caller has checked the policy (`runPulse`, `answerPulse`, `viewPulseResults`).
public struct PulseStore: Sendable {
    let db: any Database
    let organisationID: UUID

    public init(db: any Database, organisationID: UUID) {
        self.db = db
        self.organisationID = organisationID
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
    /// round about the same leader in the same team is refused.
    public func open(teamID: UUID, leaderID: UUID, by userID: UUID, at time: Date) async throws -> PulseRound {
        guard let team = try? await TeamStore(db: db, organisationID: organisationID).find(teamID) else {
            throw AppError.invalid("teamID", .errorUnknownTeam)
        }
        guard team.leaderIDs.contains(leaderID) else { throw AppError.invalid("leaderID", .pulseNotTheLeader) }
        let id = UUID.timeOrdered(at: time)
        try await db.writeTransaction { tx in
            let sql = tx as! any SQLDatabase
            let open = try await sql.select().column("id").from("pulse_rounds")
                .where("organisation_id", .equal, organisationID).where("team_id", .equal, teamID)
                .where("leader_id", .equal, leaderID).where(SQLColumn("closed_at"), .is, SQLLiteral.null).first()
            guard open == nil else { throw AppError.invalid("leaderID", .pulseAlreadyOpen) }
            try await sql.insert(into: "pulse_rounds")
                .columns("id", "organisation_id", "team_id", "leader_id", "opened_by", "opened_at", "seed", "version")
                .values(
                    SQLBind(id), SQLBind(organisationID), SQLBind(teamID), SQLBind(leaderID), SQLBind(userID),
                    SQLBind(time), SQLBind(Int64(bitPattern: UInt64.random(in: .min ... .max))), SQLBind(1)
                ).run()
        }
        return try await round(id)
    }

    /// Closes an open round; closing a closed one changes nothing.
    public func close(_ id: UUID, at time: Date) async throws {
        let round = try await round(id)
        guard !round.isClosed else { return }
        try await db.writeTransaction { tx in
            let sql = tx as! any SQLDatabase
            try await sql.update("pulse_rounds").set("closed_at", to: time).set("version", to: round.version + 1)
                .where("id", .equal, id).where("organisation_id", .equal, organisationID)
                .where(SQLColumn("closed_at"), .is, SQLLiteral.null).run()
            // The answers were stored in the order people answered, as were the participants: someone
            // holding the database file could pair the two by physical position (SQLite's rowid,
            // PostgreSQL's ctid). Written again in a random order with new ids, they cannot.
            let answers = try await Self.submissions(round: id, organisationID: organisationID, on: sql)
            try await sql.delete(from: "pulse_answers").where("round_id", .equal, id)
                .where("organisation_id", .equal, organisationID).run()
            for answer in answers.shuffled() {
                try await Self.insert(answer, round: id, organisationID: organisationID, on: sql)
            }
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
        guard !roundIDs.isEmpty else { return [] }
        return Set(
            try await sql.select().column("round_id").from("pulse_participants").where("round_id", .in, roundIDs)
                .where("user_id", .equal, userID).where("organisation_id", .equal, organisationID).all()
                .map { try $0.decode(column: "round_id", as: UUID.self) })
    }

    /// Records that the person answered and, apart from it, the answer; once per person per round, and
    /// only while the round is open.
    public func answer(_ roundID: UUID, userID: UUID, _ submission: PulseSubmission) async throws {
        let problems = submission.problems()
        guard problems.isEmpty else { throw AppError.validation(problems) }
        let round = try await round(roundID)
        guard !round.isClosed else { throw AppError.invalid("round", .pulseClosed) }
        do {
            try await db.writeTransaction { tx in
                let sql = tx as! any SQLDatabase
                try await sql.insert(into: "pulse_participants").columns("id", "organisation_id", "round_id", "user_id")
                    .values(SQLBind(UUID()), SQLBind(organisationID), SQLBind(roundID), SQLBind(userID)).run()
                try await Self.insert(submission, round: roundID, organisationID: organisationID, on: sql)
            }
        } catch  where error.isConstraintFailure {
            throw AppError.invalid("round", .pulseAlreadyAnswered)
        }
    }

    /// The released results: nil while open or below the minimum (`PulseResults.release`). The answers
    /// are not even read before the round closes.
    public func results(_ round: PulseRound) async throws -> PulseResults? {
        guard round.isClosed else { return nil }
        let submissions = try await Self.submissions(round: round.id, organisationID: organisationID, on: sql)
        return PulseResults.release(isClosed: true, submissions: submissions, seed: round.seed)
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
