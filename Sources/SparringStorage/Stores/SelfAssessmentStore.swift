import FluentKit
import Foundation
import SQLKit
import SparringDomain

/// A leader's quarterly self-assessments. Private to the leader: every read and write names the leader
/// (the caller passes the signed-in person), so no route can reach someone else's.
public struct SelfAssessmentStore: Sendable {
    let db: any Database
    let organisationID: UUID
    let leaderID: UUID

    var sql: any SQLDatabase { db as! any SQLDatabase }

    func assessment(_ row: any SQLRow) throws -> SelfAssessment {
        var reflections: [ReflectionQuestion: String] = [:]
        for question in ReflectionQuestion.allCases {
            let text = try row.decode(column: question.column, as: String.self)
            if !text.isEmpty { reflections[question] = text }
        }
        return SelfAssessment(
            quarter: AssessmentQuarter(try row.decode(column: "quarter", as: String.self))
                ?? AssessmentQuarter(year: 2000, month: 1),
            scores: Dictionary(
                uniqueKeysWithValues: try SelfStatement.allCases.map {
                    ($0, try row.decode(column: $0.column, as: Int.self))
                }), reflections: reflections, updatedAt: try row.decode(column: "updated_at", as: Date.self),
            version: try row.decode(column: "version", as: Int.self))
    }

    /// Every quarter assessed, newest first.
    public func history() async throws -> [SelfAssessment] {
        try await sql.select().column("*").from("self_assessments").where("leader_id", .equal, leaderID)
            .where("organisation_id", .equal, organisationID).orderBy("quarter", .descending).all()
            .map(assessment)
    }

    public func assessment(_ quarter: AssessmentQuarter) async throws -> SelfAssessment? {
        try await sql.select().column("*").from("self_assessments").where("leader_id", .equal, leaderID)
            .where("quarter", .equal, quarter.description).where("organisation_id", .equal, organisationID).first()
            .map(assessment)
    }

    /// Saves the quarter's assessment as edited from `expectedVersion` (0: not assessed yet); a stale
    /// version, or a first save racing another, throws `AppError.conflict`.
    public func save(
        _ quarter: AssessmentQuarter, scores: [SelfStatement: Int], reflections: [ReflectionQuestion: String],
        expectedVersion: Int, at time: Date
    ) async throws -> SelfAssessment {
        let problems = SelfAssessment.problems(scores: scores, reflections: reflections)
        guard problems.isEmpty else { throw AppError.validation(problems) }
        let texts = ReflectionQuestion.allCases.map { reflections[$0]?.trimmed ?? "" }
        if expectedVersion == 0 {
            do {
                try await sql.insert(into: "self_assessments")
                    .columns(
                        ["id", "organisation_id", "leader_id", "quarter"] + SelfStatement.allCases.map(\.column)
                            + ReflectionQuestion.allCases.map(\.column) + ["updated_at", "version"]
                    )
                    .values(
                        [
                            SQLBind(UUID.timeOrdered(at: time)), SQLBind(organisationID), SQLBind(leaderID),
                            SQLBind(quarter.description),
                        ]
                            + SelfStatement.allCases.map { SQLBind(scores[$0] ?? 0) } + texts.map { SQLBind($0) }
                            + [SQLBind(time), SQLBind(1)]
                    ).run()
            } catch  where error.isConstraintFailure {
                throw AppError.conflict
            }
        } else {
            guard
                let id = try await sql.select().column("id").from("self_assessments")
                    .where("leader_id", .equal, leaderID).where("quarter", .equal, quarter.description)
                    .where("organisation_id", .equal, organisationID).first()?.decode(column: "id", as: UUID.self)
            else { throw AppError.conflict }
            // A stale version matches no row: `updateVersioned` says so.
            let saved = try await sql.updateVersioned(
                "self_assessments", id: id, organisationID: organisationID, expectedVersion: expectedVersion, at: time
            ) { update in
                for statement in SelfStatement.allCases { update.set(statement.column, to: scores[statement] ?? 0) }
                for (question, text) in zip(ReflectionQuestion.allCases, texts) {
                    update.set(question.column, to: text)
                }
            }
            guard saved else { throw AppError.conflict }
        }
        return try await assessment(quarter)!
    }
}

extension Tenant {
    /// The self-assessments of one leader: the signed-in person's own.
    public func selfAssessments(of leaderID: UUID) -> SelfAssessmentStore {
        SelfAssessmentStore(db: db, organisationID: organisationID, leaderID: leaderID)
    }
}
