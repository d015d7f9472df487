import FluentKit
import Foundation
import SQLKit
import SparringDomain

/// The storage seen by one organisation. Every store reached through it filters by the organisation,
/// so a feature cannot forget tenancy: there is no unscoped way to list teams or people.
public struct Tenant: Sendable {
    public let db: any Database
    public let organisationID: UUID
    /// Loads shared by the stores of one read-only request (`ReadMemo`); nil everywhere else.
    public let memo: ReadMemo?

    public init(db: any Database, organisationID: UUID, memo: ReadMemo? = nil) {
        self.db = db
        self.organisationID = organisationID
        self.memo = memo
    }

    public var teams: TeamStore { TeamStore(db: db, organisationID: organisationID) }
    public var users: UserStore { UserStore(db: db, organisationID: organisationID) }
    public var organisation: OrganisationStore { OrganisationStore(db: db) }
}

/// Memberships of many users (or teams) in one query, so lists never run a query per row.
struct Memberships {
    var memberOf: [UUID: [UUID]] = [:]
    var leads: [UUID: [UUID]] = [:]
    var teamMembers: [UUID: [UUID]] = [:]
    var teamLeaders: [UUID: [UUID]] = [:]

    static func load(
        userIDs: [UUID]? = nil, teamIDs: [UUID]? = nil, organisationID: UUID,
        on db: any Database
    ) async throws -> Memberships {
        // Plain rows, not Fluent models: a team page can carry thousands of memberships.
        let sql = db as! any SQLDatabase
        var select = sql.select().columns("team_id", "user_id", "kind").from(TeamMembershipModel.schema)
            .where("organisation_id", .equal, organisationID)
        if let userIDs { select = select.where("user_id", .in, userIDs) }
        if let teamIDs { select = select.where("team_id", .in, teamIDs) }
        var result = Memberships()
        for row in try await select.all() {
            let teamID = try row.decode(column: "team_id", as: UUID.self)
            let userID = try row.decode(column: "user_id", as: UUID.self)
            if try row.decode(column: "kind", as: String.self) == TeamMembershipModel.leader {
                result.leads[userID, default: []].append(teamID)
                result.teamLeaders[teamID, default: []].append(userID)
            } else {
                result.memberOf[userID, default: []].append(teamID)
                result.teamMembers[teamID, default: []].append(userID)
            }
        }
        result.leads = result.leads.sortedByID
        result.teamLeaders = result.teamLeaders.sortedByID
        result.memberOf = result.memberOf.sortedByID
        result.teamMembers = result.teamMembers.sortedByID
        return result
    }
}

extension Memberships {
    struct Row: Hashable {
        var teamID: UUID
        var userID: UUID
        var kind: String
    }

    enum Scope {
        case user(UUID)
        case team(UUID)
    }

    /// Makes one person's (or one team's) memberships exactly `wanted`. Every other team and person
    /// whose memberships changed gets a new version, so an edit form of theirs opened before this
    /// change is refused as stale instead of silently undoing it on save.
    static func replace(
        _ scope: Scope, with wanted: Set<Row>, organisationID: UUID, by actorID: UUID?, at time: Date,
        on tx: any Database
    )
        async throws
    {
        var query = TeamMembershipModel.query(on: tx).filter(\.$organisationID == organisationID)
        switch scope {
        case .user(let id): query = query.filter(\.$userID == id)
        case .team(let id): query = query.filter(\.$teamID == id)
        }
        let existing = try await query.all()
        let current = Set(existing.map { Row(teamID: $0.teamID, userID: $0.userID, kind: $0.kind) })
        let removed = existing.filter { !wanted.contains(Row(teamID: $0.teamID, userID: $0.userID, kind: $0.kind)) }
        let added = wanted.subtracting(current)
        guard !removed.isEmpty || !added.isEmpty else { return }

        // The one place memberships are written checks that no seller is a leader, whichever form or
        // command asks (the role and the teams led must agree; `Actor` also ignores such rows).
        let newLeaders = Set(wanted.filter { $0.kind == TeamMembershipModel.leader }.map(\.userID))
        if !newLeaders.isEmpty {
            let sellers = try await UserModel.query(on: tx).filter(\.$organisationID == organisationID)
                .filter(\.$id ~~ Array(newLeaders)).filter(\.$role == Role.seller.rawValue).all()
            if let seller = sellers.min(by: { $0.name < $1.name }) {
                switch scope {
                case .user: throw AppError.invalid("leads", .sellerCannotLead)
                case .team: throw AppError.invalid("leaderIDs", .sellerCannotLeadTeam, ["name": seller.name])
                }
            }
        }

        let audit = AuditStore(db: tx, organisationID: organisationID)
        for row in removed {
            try await row.delete(on: tx)
            try await audit.record(
                .leftTeam, subject: row.userID, team: row.teamID, detail: row.kind, by: actorID, at: time)
        }
        for row in added {
            let model = TeamMembershipModel()
            model.organisationID = organisationID
            model.teamID = row.teamID
            model.userID = row.userID
            model.kind = row.kind
            model.joinedAt = time
            try await model.create(on: tx)
            try await audit.record(
                .joinedTeam, subject: row.userID, team: row.teamID, detail: row.kind, by: actorID, at: time)
        }

        let changed = removed.map { Row(teamID: $0.teamID, userID: $0.userID, kind: $0.kind) } + added
        var teams = Set(changed.map(\.teamID)), users = Set(changed.map(\.userID))
        switch scope {
        case .user(let id): users.remove(id)
        case .team(let id): teams.remove(id)
        }
        let sql = tx as! any SQLDatabase
        for (table, ids) in [(TeamModel.schema, teams), (UserModel.schema, users)] where !ids.isEmpty {
            try await sql.update(table).set(SQLIdentifier("version"), to: SQLRaw("version + 1"))
                .where("organisation_id", .equal, organisationID).where("id", .in, Array(ids)).run()
        }
    }
}

extension Array where Element == UUID {
    /// Duplicates removed, order kept: a form may send the same id twice.
    var uniqued: [UUID] {
        var seen = Set<UUID>()
        return filter { seen.insert($0).inserted }
    }
}

extension QueryBuilder {
    /// Rows after the keyset cursor `[name, id]` in (name, id) order. One row-value comparison
    /// `(name, id) > (?, ?)`, which SQLite and PostgreSQL both turn into a seek on the
    /// `(organisation_id, name, id)` index, where an `OR` of two conditions would make them filter.
    func after(nameAndID cursor: PageCursor?) throws -> Self {
        guard let cursor else { return self }
        guard let id = UUID(uuidString: cursor.values[1]) else {
            throw AppError.badRequest(.errorBadCursor, field: "cursor")
        }
        let table = Model.schema
        return filter(
            .custom(
                SQLBinaryExpression(
                    SQLGroupExpression([SQLColumn("name", table: table), SQLColumn("id", table: table)]),
                    .greaterThan,
                    SQLGroupExpression([SQLBind(cursor.values[0]), SQLBind(id)]))))
    }
}

extension Dictionary where Value == [UUID] {
    /// Each list in id order. Rows come back in their physical order, which differs between servers
    /// and after a restore (the backup test found a restored library listing a story's categories in
    /// another order); lists that are sets should read the same everywhere.
    var sortedByID: Self { mapValues { $0.sorted { $0.uuidString < $1.uuidString } } }
}
