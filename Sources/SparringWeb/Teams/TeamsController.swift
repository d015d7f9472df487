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
    }

    func list(req: Request) async throws -> Response {
        try req.authorize(.manageTeams)
        let tenant = try req.tenant()
        let teams = try await tenant.teams.all()
        let names = Dictionary(
            uniqueKeysWithValues: try await tenant.users.all(includeDeactivated: true).map { ($0.id, $0.name) })
        let rows = teams.map { team in
            TeamsPage.Row(
                id: team.id, name: team.name, leaders: team.leaderIDs.compactMap { names[$0] }.sorted(),
                memberCount: team.memberIDs.count)
        }
        return page(TeamsPage.View(model: .init(rows: rows), context: req.pageContext()).render())
    }

    private func form(
        _ req: Request, teamID: UUID?, version: Int, state: FormState,
        status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let people = try await req.tenant().users.all(includeDeactivated: false).map { (id: $0.id, name: $0.name) }
        let model = TeamFormPage.Model(teamID: teamID, version: version, state: state, people: people)
        return page(TeamFormPage.View(model: model, context: req.pageContext()).render(), status: status)
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
    ) throws -> (
        TeamForm, name: String, leaders: [UUID], members: [UUID],
        errors: [FieldError]
    ) {
        let form = try req.content.decode(TeamForm.self)
        var errors: [FieldError] = []
        let name = TeamStore.validatedName(form.name ?? "", into: &errors)
        let leaders = parseIDs(form.leaderIDs, field: "leaderIDs", into: &errors)
        let members = parseIDs(form.memberIDs, field: "memberIDs", into: &errors)
        return (form, name, leaders, members, errors)
    }

    private func state(_ form: TeamForm, errors: [FieldError]) -> FormState {
        FormState(
            values: ["name": form.name ?? ""],
            lists: ["leaderIDs": Set(form.leaderIDs ?? []), "memberIDs": Set(form.memberIDs ?? [])], errors: errors)
    }

    func create(req: Request) async throws -> Response {
        try req.authorize(.manageTeams)
        let input = try validated(req)
        do {
            guard input.errors.isEmpty else { throw AppError.validation(input.errors) }
            _ = try await req.tenant().teams.create(
                name: input.name, leaderIDs: input.leaders, memberIDs: input.members)
            return req.redirect(to: .teams, notice: .teamCreated)
        } catch AppError.validation(let errors) {
            return try await form(
                req, teamID: nil, version: 0, state: state(input.0, errors: errors),
                status: .unprocessableEntity)
        }
    }

    func update(req: Request) async throws -> Response {
        try req.authorize(.manageTeams)
        let id = try req.id("teamID")
        let input = try validated(req)
        let version = input.0.version ?? 0
        do {
            guard input.errors.isEmpty else { throw AppError.validation(input.errors) }
            _ = try await req.tenant().teams.update(
                id, expectedVersion: version, name: input.name,
                leaderIDs: input.leaders, memberIDs: input.members)
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
