import Foundation
import SparringDomain
import SparringStorage
import SparringViews
import Vapor

/// Admin pages for teams: list, create, edit (with optimistic concurrency).
struct TeamsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.teams, use: list)
        routes.get(.teamNew, use: new)
        routes.post(.teamNew, use: create)
        routes.get(.team(UUID()), use: edit)
        routes.post(.team(UUID()), use: update)
    }

    struct TeamForm: Content {
        var name: String?
        var version: Int?
        var leaderIDs: [String]?
        var memberIDs: [String]?
        var addLeaders: String?
        var addMembers: String?
    }

    /// Admin lists are a page of 100 at a time, by name: an organisation may have hundreds of teams.
    static let pageSize = 100

    func list(req: Request) async throws -> Response {
        try req.authorize(.manageTeams)
        let tenant = try req.tenant()
        let cursor = try req.listCursor()
        let page = try await tenant.teams.page(limit: Self.pageSize, after: cursor)
        let names = try await tenant.users.names(of: page.items.flatMap(\.leaderIDs))
        let rows = page.items.map { team in
            TeamsPage.Row(
                id: team.id, name: team.name, leaders: team.leaderIDs.compactMap { names[$0] }.sorted(),
                memberCount: team.memberIDs.count)
        }
        let model = TeamsPage.Model(
            rows: rows, firstPath: cursor == nil ? nil : SiteRoute.teams.path,
            nextPath: page.nextCursor.map { SiteRoute.teams.path + "?cursor=" + $0.encoded })
        return htmlResponse(TeamsPage.View(model: model, context: try await req.pageContext()).render())
    }

    /// The form, offering as checkboxes the people it already names (others are added by e-mail).
    private func form(
        _ req: Request, teamID: UUID?, version: Int, state: FormState, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let ids = (state.list("leaderIDs").union(state.list("memberIDs"))).compactMap(UUID.init(uuidString:))
        let people = try await req.tenant().users.names(of: ids).map { (id: $0.key, name: $0.value) }
            .sorted { ($0.name, $0.id.uuidString) < ($1.name, $1.id.uuidString) }
        let model = TeamFormPage.Model(teamID: teamID, version: version, state: state, people: people)
        return htmlResponse(
            TeamFormPage.View(model: model, context: try await req.pageContext()).render(), status: status)
    }

    func new(req: Request) async throws -> Response {
        try req.authorize(.manageTeams)
        return try await form(req, teamID: nil, version: 0, state: FormState())
    }

    func edit(req: Request) async throws -> Response {
        try req.authorize(.manageTeams)
        let team = try await req.tenant().teams.find(try req.id("teamID"))
        let state = FormState(
            values: ["name": team.name],
            lists: [
                "leaderIDs": Set(team.leaderIDs.map(\.uuidString)),
                "memberIDs": Set(team.memberIDs.map(\.uuidString)),
            ])
        return try await form(req, teamID: team.id, version: team.version, state: state)
    }

    /// The submitted values, validated; on any error the form comes back as typed.
    private func validated(
        _ req: Request
    ) async throws -> (
        TeamForm, name: String, leaders: [UUID], members: [UUID], errors: [FieldError]
    ) {
        let form = try req.content.decode(TeamForm.self)
        var errors: [FieldError] = []
        let name = TeamStore.validatedName(form.name ?? "", into: &errors)
        var leaders = parseIDs(form.leaderIDs, field: "leaderIDs", into: &errors)
        var members = parseIDs(form.memberIDs, field: "memberIDs", into: &errors)
        let users = try req.tenant().users
        leaders += try await resolveEmails(form.addLeaders, field: "addLeaders", users: users, into: &errors)
        members += try await resolveEmails(form.addMembers, field: "addMembers", users: users, into: &errors)
        return (form, name, leaders, members, errors)
    }

    /// People named by e-mail address in a free-text field; unknown addresses are one field error.
    private func resolveEmails(
        _ raw: String?, field: String, users: UserStore, into errors: inout [FieldError]
    )
        async throws -> [UUID]
    {
        let separators = CharacterSet(charactersIn: ",;").union(.whitespacesAndNewlines)
        let emails = (raw ?? "").components(separatedBy: separators).map { $0.lowercased() }.filter { !$0.isEmpty }
        guard !emails.isEmpty else { return [] }
        let found = try await users.ids(emails: emails)
        let unknown = emails.filter { found[$0] == nil }
        if !unknown.isEmpty {
            errors.append(FieldError(field, .errorUnknownEmails, ["emails": unknown.joined(separator: ", ")]))
        }
        return emails.compactMap { found[$0] }
    }

    private func state(_ form: TeamForm, errors: [FieldError]) -> FormState {
        FormState(
            values: [
                "name": form.name ?? "", "addLeaders": form.addLeaders ?? "", "addMembers": form.addMembers ?? "",
            ],
            lists: ["leaderIDs": Set(form.leaderIDs ?? []), "memberIDs": Set(form.memberIDs ?? [])], errors: errors)
    }

    func create(req: Request) async throws -> Response {
        let identity = try req.authorize(.manageTeams)
        let input = try await validated(req)
        do {
            guard input.errors.isEmpty else { throw AppError.validation(input.errors) }
            _ = try await req.tenant().teams.create(
                name: input.name, leaderIDs: input.leaders, memberIDs: input.members, by: identity.user.id, at: req.now)
            return req.redirect(to: .teams, notice: .teamCreated)
        } catch AppError.validation(let errors) {
            return try await form(
                req, teamID: nil, version: 0, state: state(input.0, errors: errors),
                status: .unprocessableEntity)
        }
    }

    func update(req: Request) async throws -> Response {
        let identity = try req.authorize(.manageTeams)
        let id = try req.id("teamID")
        let input = try await validated(req)
        let version = input.0.version ?? 0
        do {
            guard input.errors.isEmpty else { throw AppError.validation(input.errors) }
            _ = try await req.tenant().teams.update(
                id, expectedVersion: version, name: input.name,
                leaderIDs: input.leaders, memberIDs: input.members, by: identity.user.id, at: req.now)
            return req.redirect(to: .teams, notice: .teamSaved)
        } catch AppError.validation(let errors) {
            return try await form(
                req, teamID: id, version: version, state: state(input.0, errors: errors),
                status: .unprocessableEntity)
        } catch AppError.conflict {
            // Keep what was typed and say why it was not saved; the old version stays in the form so
            // saving again cannot silently overwrite the other person's change.
            return try await form(
                req, teamID: id, version: version,
                state: state(input.0, errors: [FieldError("version", .errorConflict)]), status: .conflict)
        }
    }
}
