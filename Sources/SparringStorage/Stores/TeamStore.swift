import FluentKit
import Foundation
import SQLKit
import SparringDomain

public struct TeamStore: Sendable {
    let db: any Database
    let organisationID: UUID

    private func query(on db: any Database) -> QueryBuilder<TeamModel> {
        TeamModel.query(on: db).filter(\.$organisationID == organisationID)
    }

    public func find(_ id: UUID) async throws -> Team {
        guard let model = try await query(on: db).filter(\.$id == id).first() else { throw AppError.notFound }
        return try await withMembers([model])[0]
    }

    public func all() async throws -> [Team] {
        try await withMembers(query(on: db).sort(\.$name).sort(\.$id).all())
    }

    /// Teams in name order, `limit` at a time, after the cursor `[name, id]`.
    public func page(limit: Int, after cursor: PageCursor?) async throws -> ResultPage<Team> {
        var q = query(on: db)
        q = try q.after(nameAndID: cursor)
        let models = try await q.sort(\.$name).sort(\.$id).limit(limit + 1).all()
        let visible = Array(models.prefix(limit))
        let next = models.count > limit ? visible.last.map { PageCursor([$0.name, $0.id!.uuidString]) } : nil
        return ResultPage(items: try await withMembers(visible), nextCursor: next)
    }

    private func withMembers(_ models: [TeamModel]) async throws -> [Team] {
        guard !models.isEmpty else { return [] }
        let memberships = try await Memberships.load(
            teamIDs: models.compactMap(\.id), organisationID: organisationID, on: db)
        return models.map { model in
            Team(
                id: model.id!, name: model.name, version: model.version,
                leaderIDs: memberships.teamLeaders[model.id!] ?? [], memberIDs: memberships.teamMembers[model.id!] ?? []
            )
        }
    }

    /// Validated team fields, as the form and the API send them.
    public static func validatedName(_ raw: String, into errors: inout [FieldError]) -> String {
        Validate.name(raw, field: "name", into: &errors)
    }

    /// Creates a team with its leaders and members, all or nothing.
    public func create(
        name: String, leaderIDs: [UUID], memberIDs: [UUID], by actorID: UUID? = nil, at time: Date
    ) async throws -> Team {
        try await db.writeTransaction { tx in
            let model = TeamModel()
            model.organisationID = organisationID
            model.name = name
            model.nameKey = name.lowercased()
            model.version = 1
            do {
                try await model.create(on: tx)
            } catch let error where error.isConstraintFailure {
                throw AppError.invalid("name", .errorTeamNameTaken)
            }
            let store = TeamStore(db: tx, organisationID: organisationID)
            try await store.replacePeople(
                teamID: model.id!, leaderIDs: leaderIDs, memberIDs: memberIDs, by: actorID, at: time, on: tx)
            return try await store.find(model.id!)
        }
    }

    /// Saves an edit made on version `expectedVersion`; somebody else's newer save gives `conflict`.
    public func update(
        _ id: UUID, expectedVersion: Int, name: String, leaderIDs: [UUID], memberIDs: [UUID], by actorID: UUID? = nil,
        at time: Date
    )
        async throws -> Team
    {
        try await db.writeTransaction { tx in
            let sql = tx as! any SQLDatabase
            let updated: Bool
            do {
                updated = try await sql.updateVersioned(
                    TeamModel.schema, id: id, organisationID: organisationID, expectedVersion: expectedVersion,
                    at: time
                ) { $0.set("name", to: name).set("name_key", to: name.lowercased()) }
            } catch let error where error.isConstraintFailure {
                throw AppError.invalid("name", .errorTeamNameTaken)
            }
            let store = TeamStore(db: tx, organisationID: organisationID)
            guard updated else {
                _ = try await store.find(id)  // not found (or another organisation's) beats conflict
                throw AppError.conflict
            }
            try await store.replacePeople(
                teamID: id, leaderIDs: leaderIDs, memberIDs: memberIDs, by: actorID, at: time, on: tx)
            return try await store.find(id)
        }
    }

    /// Replaces a team's leaders and members, refusing people of other organisations.
    func replacePeople(
        teamID: UUID, leaderIDs: [UUID], memberIDs: [UUID], by actorID: UUID?, at time: Date, on tx: any Database
    ) async throws {
        for (field, ids) in [("leaderIDs", leaderIDs.uniqued), ("memberIDs", memberIDs.uniqued)] where !ids.isEmpty {
            let known = try await UserModel.query(on: tx).filter(\.$organisationID == organisationID)
                .filter(\.$id ~~ ids).count()
            guard known == ids.count else { throw AppError.invalid(field, .errorChoice) }
        }
        let wanted =
            leaderIDs.map { Memberships.Row(teamID: teamID, userID: $0, kind: TeamMembershipModel.leader) }
            + memberIDs.map { Memberships.Row(teamID: teamID, userID: $0, kind: TeamMembershipModel.member) }
        try await Memberships.replace(
            .team(teamID), with: Set(wanted), organisationID: organisationID, by: actorID, at: time, on: tx)
    }
}

extension TeamStore {
    /// Every team's id and name in name order, without members: for labels and choices.
    public func names() async throws -> [(id: UUID, name: String)] {
        let rows = try await (db as! any SQLDatabase).select().columns("id", "name").from(TeamModel.schema)
            .where("organisation_id", .equal, organisationID).orderBy("name").orderBy("id").all()
        return try rows.map {
            (try $0.decode(column: "id", as: UUID.self), try $0.decode(column: "name", as: String.self))
        }
    }
}
