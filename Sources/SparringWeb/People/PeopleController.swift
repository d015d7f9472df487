import Foundation
import SparringDomain
import SparringStorage
import SparringViews
import Vapor

/// Admin pages for people: list, create, edit, deactivate and reactivate.
struct PeopleController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.people, use: list)
        routes.get(.personNew, use: new)
        routes.post(.personNew, use: create)
        routes.get(.person(UUID()), use: edit)
        routes.post(.person(UUID()), use: update)
        routes.post(.personActivation(UUID()), use: setActive)
        routes.post(.personPasswordReset(UUID()), use: resetPassword)
        routes.get(.audit, use: audit)
    }

    /// The audit trail of people and teams, newest first, 50 lines a page.
    func audit(req: Request) async throws -> Response {
        try req.authorize(.manageUsers)
        let tenant = try req.tenant()
        let cursor = try req.listCursor()
        let page = try await tenant.audit.page(limit: 50, before: cursor)
        let people = try await tenant.users.names(
            of: Array(Set(page.items.flatMap { [$0.actorID, $0.subjectID].compactMap { $0 } })))
        let teams = Dictionary(uniqueKeysWithValues: try await tenant.teams.names().map { ($0.id, $0.name) })
        let rows = page.items.map {
            AuditPage.Row(
                event: $0, actorName: $0.actorID.map { people[$0] ?? "—" },
                subjectName: $0.subjectID.flatMap { people[$0] },
                teamName: $0.teamID.flatMap { teams[$0] })
        }
        let base = SiteRoute.audit.path
        let model = AuditPage.Model(
            rows: rows, firstPath: cursor == nil ? nil : base,
            nextPath: page.nextCursor.map { base + "?cursor=" + $0.encoded })
        return htmlResponse(AuditPage.View(model: model, context: try await req.pageContext()).render())
    }

    struct PersonForm: Content {
        var name: String?
        var email: String?
        var role: String?
        var locale: String?
        var memberOf: [String]?
        var leads: [String]?
        var password: String?
        var version: Int?
    }

    func list(req: Request) async throws -> Response {
        try req.authorize(.manageUsers)
        let showAll = (try? req.query.get(String.self, at: "all")) == "1"
        let tenant = try req.tenant()
        let cursor = try req.listCursor()
        let page = try await tenant.users.page(
            limit: TeamsController.pageSize, after: cursor, includeDeactivated: showAll)
        let teamNames = Dictionary(uniqueKeysWithValues: try await tenant.teams.names().map { ($0.id, $0.name) })
        let rows = page.items.map { user in
            PeoplePage.Row(
                id: user.id, name: user.name, email: user.email, role: user.role,
                teams: Array(Set(user.memberOf + user.leads)).compactMap { teamNames[$0] }.sorted(),
                isActive: user.isActive)
        }
        let base = SiteRoute.people.path + (showAll ? "?all=1" : "")
        let model = PeoplePage.Model(
            rows: rows, showingDeactivated: showAll, firstPath: cursor == nil ? nil : base,
            nextPath: page.nextCursor.map { base + (showAll ? "&" : "?") + "cursor=" + $0.encoded })
        return htmlResponse(PeoplePage.View(model: model, context: try await req.pageContext()).render())
    }

    private func form(
        _ req: Request, user: User?, state: FormState, version: Int? = nil,
        status: HTTPResponseStatus = .ok, temporaryPassword: String? = nil
    ) async throws -> Response {
        let teams = try await req.tenant().teams.names()
        let model = PersonFormPage.Model(
            userID: user?.id, version: version ?? user?.version ?? 0,
            isActive: user?.isActive ?? true, isSelf: user?.id == req.identity?.user.id,
            state: state, teams: teams,
            temporaryPassword: temporaryPassword.map { (name: user?.name ?? "", password: $0) })
        return htmlResponse(
            PersonFormPage.View(model: model, context: try await req.pageContext()).render(), status: status)
    }

    func new(req: Request) async throws -> Response {
        try req.authorize(.manageUsers)
        return try await form(req, user: nil, state: FormState(values: ["role": Role.seller.rawValue]))
    }

    func edit(req: Request) async throws -> Response {
        try req.authorize(.manageUsers)
        return try await form(req, user: try await req.tenant().users.find(try req.id("userID")))
    }

    /// The edit form filled from the stored person.
    private func form(
        _ req: Request, user: User, status: HTTPResponseStatus = .ok, temporaryPassword: String? = nil
    ) async throws -> Response {
        let state = FormState(
            values: [
                "name": user.name, "email": user.email, "role": user.role.rawValue,
                "locale": user.locale?.rawValue ?? "",
            ],
            lists: [
                "memberOf": Set(user.memberOf.map(\.uuidString)),
                "leads": Set(user.leads.map(\.uuidString)),
            ])
        return try await form(req, user: user, state: state, status: status, temporaryPassword: temporaryPassword)
    }

    private func validated(_ form: PersonForm, into errors: inout [FieldError]) -> NewUser {
        let memberOf = parseIDs(form.memberOf, field: "memberOf", into: &errors)
        let leads = parseIDs(form.leads, field: "leads", into: &errors)
        return NewUser.validated(
            name: form.name ?? "", email: form.email ?? "", role: form.role ?? "",
            locale: form.locale ?? "", memberOf: memberOf, leads: leads, into: &errors)
    }

    private func state(_ form: PersonForm, errors: [FieldError]) -> FormState {
        FormState(
            values: [
                "name": form.name ?? "", "email": form.email ?? "", "role": form.role ?? "",
                "locale": form.locale ?? "",
            ],
            lists: ["memberOf": Set(form.memberOf ?? []), "leads": Set(form.leads ?? [])], errors: errors)
    }

    func create(req: Request) async throws -> Response {
        let identity = try req.authorize(.manageUsers)
        let form = try req.content.decode(PersonForm.self)
        var errors: [FieldError] = []
        let new = validated(form, into: &errors)
        Validate.newPassword(form.password ?? "", confirmation: nil, into: &errors)
        do {
            guard errors.isEmpty else { throw AppError.validation(errors) }
            let hash = try await req.hashPassword(form.password ?? "")
            _ = try await req.tenant().users.create(new, passwordHash: hash, by: identity.user.id, at: req.now)
            return req.redirect(to: .people, notice: .personCreated)
        } catch AppError.validation(let errors) {
            return try await self.form(req, user: nil, state: state(form, errors: errors), status: .unprocessableEntity)
        }
    }

    func update(req: Request) async throws -> Response {
        let identity = try req.authorize(.manageUsers)
        let users = try req.tenant().users
        let user = try await users.find(try req.id("userID"))
        let form = try req.content.decode(PersonForm.self)
        let version = form.version ?? 0
        var errors: [FieldError] = []
        let changes = validated(form, into: &errors)
        if user.id == identity.user.id, changes.role != .admin {
            errors.append(FieldError("role", .cannotDemoteSelf))
        }
        do {
            guard errors.isEmpty else { throw AppError.validation(errors) }
            _ = try await users.update(
                user.id, expectedVersion: version, with: changes, by: identity.user.id, at: req.now)
            return req.redirect(to: .people, notice: .personSaved)
        } catch AppError.validation(let errors) {
            return try await self.form(
                req, user: user, state: state(form, errors: errors), version: version,
                status: .unprocessableEntity)
        } catch AppError.conflict {
            return try await self.form(
                req, user: user, state: state(form, errors: [FieldError("version", .errorConflict)]),
                version: version, status: .conflict)
        }
    }

    struct ActivationForm: Content {
        var active: String?
    }

    func setActive(req: Request) async throws -> Response {
        let identity = try req.authorize(.manageUsers)
        // Another organisation's person is not found, whatever the form says.
        let id = try await req.tenant().users.find(try req.id("userID")).id
        let form = try req.content.decode(ActivationForm.self)
        guard let active = form.active.flatMap(Bool.init) else { throw AppError.invalid("active", .errorChoice) }
        if id == identity.user.id, !active { throw AppError.invalid("active", .cannotDeactivateSelf) }
        try await req.tenant().users.setActive(id, active, now: req.now, by: identity.user.id)
        return req.redirect(to: .person(id), notice: active ? .personReactivated : .personDeactivated)
    }

    /// Gives another person a temporary password, shown once on the answering page (never stored in
    /// clear), and makes them choose their own at the next sign-in. Not for oneself: that is the
    /// profile's password form, which asks for the current one.
    func resetPassword(req: Request) async throws -> Response {
        let identity = try req.authorize(.manageUsers)
        let users = try req.tenant().users
        let user = try await users.find(try req.id("userID"))
        guard user.id != identity.user.id, user.isActive else { throw AppError.forbidden }
        let temporary = Secrets.temporaryPassword()
        try await users.resetPassword(
            user.id, newHash: try await req.hashPassword(temporary), by: identity.user.id, at: req.now)
        return try await form(req, user: user, temporaryPassword: temporary)
    }
}
