import FluentKit
import Foundation
import SQLKit
import SparringDomain

/// A person to create, already validated.
public struct NewUser: Sendable {
    public var name: String
    public var email: String
    public var role: Role
    public var locale: AppLocale?
    public var memberOf: [UUID]
    public var leads: [UUID]

    public init(
        name: String, email: String, role: Role, locale: AppLocale? = nil,
        memberOf: [UUID] = [], leads: [UUID] = []
    ) {
        self.name = name
        self.email = email
        self.role = role
        self.locale = locale
        self.memberOf = memberOf
        self.leads = leads
    }

    /// Checks and normalises the fields shared by the admin form, the API and `sparring user create`.
    public static func validated(
        name: String, email: String, role: String, locale: String,
        memberOf: [UUID], leads: [UUID], into errors: inout [FieldError]
    ) -> NewUser {
        let role = Validate.role(role, into: &errors)
        // The role and the teams led must agree: a seller who still led a team kept every leader power
        // (the team's queue, dashboard, allocation) after a demotion. Refused rather than silently
        // unticked, so the administrator sees what saving would change.
        if role == .seller, !leads.isEmpty { errors.append(FieldError("leads", .sellerCannotLead)) }
        return NewUser(
            name: Validate.name(name, field: "name", into: &errors),
            email: Validate.email(email, into: &errors),
            role: role,
            locale: Validate.locale(locale, into: &errors),
            memberOf: memberOf.uniqued, leads: leads.uniqued)
    }
}

public struct UserStore: Sendable {
    let db: any Database
    let organisationID: UUID

    private func query(on db: any Database) -> QueryBuilder<UserModel> {
        UserModel.query(on: db).filter(\.$organisationID == organisationID)
    }

    public func find(_ id: UUID) async throws -> User {
        guard let model = try await query(on: db).filter(\.$id == id).first() else { throw AppError.notFound }
        let memberships = try await Memberships.load(userIDs: [id], organisationID: organisationID, on: db)
        return model.domain(memberOf: memberships.memberOf[id] ?? [], leads: memberships.leads[id] ?? [])
    }

    /// People in name order, `limit` at a time, after the cursor `[name, id]`.
    public func page(limit: Int, after cursor: PageCursor?, includeDeactivated: Bool) async throws -> ResultPage<User> {
        var q = query(on: db)
        if !includeDeactivated { q = q.filter(\.$isActive == true) }
        q = try q.after(nameAndID: cursor)
        let models = try await q.sort(\.$name).sort(\.$id).limit(limit + 1).all()
        let visible = Array(models.prefix(limit))
        let users = try await withMemberships(visible)
        let next = models.count > limit ? visible.last.map { PageCursor([$0.name, $0.id!.uuidString]) } : nil
        return ResultPage(items: users, nextCursor: next)
    }

    public func all(includeDeactivated: Bool) async throws -> [User] {
        var q = query(on: db)
        if !includeDeactivated { q = q.filter(\.$isActive == true) }
        return try await withMemberships(q.sort(\.$name).sort(\.$id).all())
    }

    private func withMemberships(_ models: [UserModel]) async throws -> [User] {
        guard !models.isEmpty else { return [] }
        let ids = models.compactMap(\.id)
        let memberships = try await Memberships.load(userIDs: ids, organisationID: organisationID, on: db)
        return models.map {
            $0.domain(memberOf: memberships.memberOf[$0.id!] ?? [], leads: memberships.leads[$0.id!] ?? [])
        }
    }

    /// Creates a person with their team places, all or nothing, and says so in the audit trail
    /// (`actorID`: who did it, nil for the command line; `time`: when their places began).
    public func create(
        _ new: NewUser, passwordHash: String, by actorID: UUID? = nil, at time: Date
    ) async throws -> User {
        try await db.writeTransaction { tx in
            try await UserStore(db: tx, organisationID: organisationID).insert(
                new, passwordHash: passwordHash, by: actorID, at: time)
        }
    }

    /// The insert itself; the caller provides the transaction.
    func insert(_ new: NewUser, passwordHash: String, by actorID: UUID?, at time: Date) async throws -> User {
        let model = UserModel()
        model.organisationID = organisationID
        model.name = new.name
        model.email = new.email
        model.passwordHash = passwordHash
        model.role = new.role.rawValue
        model.locale = new.locale?.rawValue
        model.isActive = true
        model.version = 1
        model.mustChangePassword = false
        do {
            try await model.create(on: db)
        } catch let error where error.isConstraintFailure {
            throw AppError.invalid("email", .errorEmailTaken)
        }
        try await AuditStore(db: db, organisationID: organisationID).record(
            .accountCreated, subject: model.id!, detail: new.role.rawValue, by: actorID, at: time)
        try await replaceMemberships(
            userID: model.id!, role: new.role, memberOf: new.memberOf, leads: new.leads, by: actorID, at: time, on: db)
        return model.domain(memberOf: new.memberOf, leads: new.leads)
    }

    /// Saves an edit made on version `expectedVersion`; somebody else's newer save gives `conflict`.
    public func update(
        _ id: UUID, expectedVersion: Int, with changes: NewUser, by actorID: UUID? = nil, at time: Date
    ) async throws -> User {
        try await db.writeTransaction { tx in
            let sql = tx as! any SQLDatabase
            let before = try await UserStore(db: tx, organisationID: organisationID).find(id)
            let updated: Bool
            do {
                updated = try await sql.updateVersioned(
                    UserModel.schema, id: id, organisationID: organisationID, expectedVersion: expectedVersion,
                    at: time
                ) {
                    $0.set("name", to: changes.name).set("email", to: changes.email)
                        .set("role", to: changes.role.rawValue).set("locale", to: changes.locale?.rawValue)
                }
            } catch let error where error.isConstraintFailure {
                throw AppError.invalid("email", .errorEmailTaken)
            }
            guard updated else {
                // Tell "gone or never ours" apart from "changed by somebody else".
                _ = try await UserStore(db: tx, organisationID: organisationID).find(id)
                throw AppError.conflict
            }
            let store = UserStore(db: tx, organisationID: organisationID)
            if before.role != changes.role {
                try await AuditStore(db: tx, organisationID: organisationID).record(
                    .roleChanged, subject: id, detail: before.role.rawValue + "→" + changes.role.rawValue, by: actorID,
                    at: time)
            }
            try await store.replaceMemberships(
                userID: id, role: changes.role, memberOf: changes.memberOf, leads: changes.leads, by: actorID, at: time,
                on: tx)
            return try await store.find(id)
        }
    }

    /// Deactivates or reactivates a person. Deactivation ends their sessions and API tokens at once,
    /// on every server, because both are checked against the database on each request.
    public func setActive(_ id: UUID, _ active: Bool, now: Date, by actorID: UUID? = nil) async throws {
        try await db.writeTransaction { tx in
            guard let model = try await query(on: tx).filter(\.$id == id).first() else { throw AppError.notFound }
            if model.isActive != active {
                try await AuditStore(db: tx, organisationID: organisationID).record(
                    active ? .reactivated : .deactivated, subject: id, by: actorID, at: now)
            }
            model.isActive = active
            model.deactivatedAt = active ? nil : now
            model.version += 1
            try await model.save(on: tx)
            if !active {
                try await SessionModel.query(on: tx).filter(\.$userID == id).delete()
                try await APITokenModel.query(on: tx).filter(\.$userID == id).filter(\.$revokedAt == nil)
                    .set(\.$revokedAt, to: now).update()
            }
        }
    }

    /// An administrator's reset: a new (temporary) password that the person must change at their next
    /// sign-in. Their sessions end on every server; their API tokens stay, but are refused until then.
    public func resetPassword(_ id: UUID, newHash: String, by actorID: UUID? = nil, at time: Date) async throws {
        try await db.writeTransaction { tx in
            guard let model = try await query(on: tx).filter(\.$id == id).first() else { throw AppError.notFound }
            try await AuditStore(db: tx, organisationID: organisationID).record(
                .passwordReset, subject: id, by: actorID, at: time)
            model.passwordHash = newHash
            model.mustChangePassword = true
            try await model.save(on: tx)
            try await SessionModel.query(on: tx).filter(\.$userID == id).delete()
        }
    }

    /// The person's own language choice (`nil`: follow the browser).
    public func setLocale(_ id: UUID, _ locale: AppLocale?) async throws {
        try await query(on: db).filter(\.$id == id).set(\.$locale, to: locale?.rawValue).update()
    }

    /// Replaces a person's team places with the given ones, refusing teams of other organisations, and
    /// lead places for a seller (kept ones too: `Memberships.replace` checks only the added).
    func replaceMemberships(
        userID: UUID, role: Role, memberOf: [UUID], leads: [UUID], by actorID: UUID?, at time: Date,
        on tx: any Database
    ) async throws {
        if role == .seller, !leads.isEmpty { throw AppError.invalid("leads", .sellerCannotLead) }
        for (field, ids) in [("memberOf", memberOf.uniqued), ("leads", leads.uniqued)] where !ids.isEmpty {
            let known = try await TeamModel.query(on: tx).filter(\.$organisationID == organisationID)
                .filter(\.$id ~~ ids).count()
            guard known == ids.count else { throw AppError.invalid(field, .errorUnknownTeam) }
        }
        let wanted =
            memberOf.map { Memberships.Row(teamID: $0, userID: userID, kind: TeamMembershipModel.member) }
            + leads.map { Memberships.Row(teamID: $0, userID: userID, kind: TeamMembershipModel.leader) }
        try await Memberships.replace(
            .user(userID), with: Set(wanted), organisationID: organisationID, by: actorID, at: time, on: tx)
    }
}

extension UserStore {
    /// Names of the given people, for labels, in one query.
    public func names(of ids: [UUID]) async throws -> [UUID: String] {
        guard !ids.isEmpty else { return [:] }
        // By id, the organisation checked on each row (see `DealStore.rows(for:)`: SQLite would walk the
        // organisation's users instead of seeking the ids).
        let rows = try await (db as! any SQLDatabase).select().columns("id", "organisation_id", "name")
            .from(UserModel.schema).where("id", .in, ids.uniqued).all()
        var names: [UUID: String] = [:]
        for row in rows where try row.decode(column: "organisation_id", as: UUID.self) == organisationID {
            names[try row.decode(column: "id", as: UUID.self)] = try row.decode(column: "name", as: String.self)
        }
        return names
    }

    /// Active people of this organisation by (lower-case) e-mail address; unknown addresses are absent.
    public func ids(emails: [String]) async throws -> [String: UUID] {
        guard !emails.isEmpty else { return [:] }
        let rows = try await (db as! any SQLDatabase).select().columns("id", "email").from(UserModel.schema)
            .where("organisation_id", .equal, organisationID).where("is_active", .equal, true)
            .where("email", .in, Array(Set(emails))).all()
        var ids: [String: UUID] = [:]
        for row in rows {
            ids[try row.decode(column: "email", as: String.self)] = try row.decode(column: "id", as: UUID.self)
        }
        return ids
    }
}
