import Foundation
import SparringDomain
import SparringStorage
import SparringViews
import Vapor

/// The tactics catalogue with its evidence (everyone reads it; leaders and admins edit it) and the
/// obstacle taxonomy (admins).
struct TacticsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.tactics, use: list)
        routes.post(.tactics, use: create)
        routes.get(.tactic(UUID()), use: edit)
        routes.post(.tactic(UUID()), use: update)
        routes.get(.obstacleTaxonomy, use: taxonomy)
        routes.post(.obstacleTaxonomy, use: addCategory)
        routes.post(.obstacleCategory(UUID()), use: updateCategory)
    }

    struct TacticForm: Content {
        var version: Int?
        var name: String?
        var summary: String?
        var categories: [String]?
        var retired: String?

        var state: FormState {
            FormState(
                values: ["name": name ?? "", "summary": summary ?? "", "retired": retired ?? ""],
                lists: ["categories": Set(categories ?? [])])
        }

        /// The cleaned values, or the problems by field.
        func validated() throws -> (name: String, summary: String, categoryIDs: [UUID]) {
            var errors: [FieldError] = []
            let name = Validate.name(name ?? "", field: "name", into: &errors)
            let summary = optionalText(summary, field: "summary", max: CaseInput.lineLimit, into: &errors) ?? ""
            let ids = (categories ?? []).compactMap(UUID.init(uuidString:))
            if ids.isEmpty { errors.append(FieldError("categories", .errorRequired)) }
            guard errors.isEmpty else { throw AppError.validation(errors) }
            return (name, summary, ids)
        }
    }

    func list(req: Request) async throws -> Response {
        try await page(req, state: FormState())
    }

    func page(_ req: Request, state: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let identity = try req.signedIn()
        let taxonomy = try req.tenant().taxonomy
        let evidence = try await taxonomy.evidence(now: req.now)
        let model = TacticsPage.Model(
            tactics: try await taxonomy.tactics(), categories: try await taxonomy.categories(includeRetired: true),
            evidence: evidence.evidence, computedAt: evidence.computedAt,
            canManage: Policy().allows(identity.actor, .manageTactics), state: state)
        return htmlResponse(
            TacticsPage.View(model: model, context: try await req.pageContext()).render(), status: status)
    }

    func create(req: Request) async throws -> Response {
        try req.authorize(.manageTactics)
        let form = try req.content.decode(TacticForm.self)
        do {
            let input = try form.validated()
            _ = try await req.tenant().taxonomy.saveTactic(
                id: nil, expectedVersion: 0, name: input.name, summary: input.summary, categoryIDs: input.categoryIDs,
                retired: false, at: req.now)
            return req.redirect(to: .tactics, notice: .tacticSaved)
        } catch AppError.validation(let errors) {
            var state = form.state
            state.errors = errors
            return try await page(req, state: state, status: .unprocessableEntity)
        }
    }

    func form(
        _ req: Request, tactic: Tactic, version: Int, state: FormState, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let model = TacticFormPage.Model(
            tactic: tactic, version: version, categories: try await req.tenant().taxonomy.categories(), state: state)
        return htmlResponse(
            TacticFormPage.View(model: model, context: try await req.pageContext()).render(), status: status)
    }

    func edit(req: Request) async throws -> Response {
        try req.authorize(.manageTactics)
        let tactic = try await req.tenant().taxonomy.tactic(try req.id("tacticID"))
        let state = FormState(
            values: ["name": tactic.name, "summary": tactic.summary, "retired": tactic.isRetired ? "true" : ""],
            lists: ["categories": Set(tactic.categoryIDs.map(\.uuidString))])
        return try await form(req, tactic: tactic, version: tactic.version, state: state)
    }

    func update(req: Request) async throws -> Response {
        try req.authorize(.manageTactics)
        let taxonomy = try req.tenant().taxonomy
        let tactic = try await taxonomy.tactic(try req.id("tacticID"))
        let form = try req.content.decode(TacticForm.self)
        var state = form.state
        do {
            let input = try form.validated()
            _ = try await taxonomy.saveTactic(
                id: tactic.id, expectedVersion: form.version ?? 0, name: input.name, summary: input.summary,
                categoryIDs: input.categoryIDs, retired: form.retired == "true", at: req.now)
            return req.redirect(to: .tactics, notice: .tacticSaved)
        } catch AppError.validation(let errors) {
            state.errors = errors
            return try await self.form(
                req, tactic: tactic, version: form.version ?? 0, state: state, status: .unprocessableEntity)
        } catch AppError.conflict {
            state.errors = [FieldError("version", .errorConflict)]
            let current = try await taxonomy.tactic(tactic.id)
            return try await self.form(req, tactic: current, version: current.version, state: state, status: .conflict)
        }
    }

    // MARK: The taxonomy

    func taxonomy(req: Request) async throws -> Response {
        try await taxonomyPage(req, state: FormState(), failedID: nil)
    }

    func taxonomyPage(
        _ req: Request, state: FormState, failedID: UUID?, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        try req.authorize(.manageObstacleTaxonomy)
        let model = ObstacleTaxonomyPage.Model(
            categories: try await req.tenant().taxonomy.categories(includeRetired: true), state: state,
            failedID: failedID)
        return htmlResponse(
            ObstacleTaxonomyPage.View(model: model, context: try await req.pageContext()).render(), status: status)
    }

    struct CategoryForm: Content {
        var version: Int?
        var nameNB: String?
        var nameEN: String?
        var retired: String?

        func names() throws -> (nb: String, en: String) {
            var errors: [FieldError] = []
            let nb = Validate.name(nameNB ?? "", field: "nameNB", into: &errors)
            let en = Validate.name(nameEN ?? "", field: "nameEN", into: &errors)
            guard errors.isEmpty else { throw AppError.validation(errors) }
            return (nb, en)
        }
    }

    func addCategory(req: Request) async throws -> Response {
        try req.authorize(.manageObstacleTaxonomy)
        let form = try req.content.decode(CategoryForm.self)
        do {
            let names = try form.names()
            _ = try await req.tenant().taxonomy.addCategory(nameNB: names.nb, nameEN: names.en)
            return req.redirect(to: .obstacleTaxonomy, notice: .categorySaved)
        } catch AppError.validation(let errors) {
            return try await taxonomyPage(
                req,
                state: FormState(values: ["nameNB": form.nameNB ?? "", "nameEN": form.nameEN ?? ""], errors: errors),
                failedID: nil, status: .unprocessableEntity)
        }
    }

    func updateCategory(req: Request) async throws -> Response {
        try req.authorize(.manageObstacleTaxonomy)
        // Another organisation's category is not found, whatever the form says.
        let id = try await req.tenant().taxonomy.category(try req.id("categoryID")).id
        let form = try req.content.decode(CategoryForm.self)
        let typed = FormState(values: ["nameNB": form.nameNB ?? "", "nameEN": form.nameEN ?? ""])
        do {
            let names = try form.names()
            try await req.tenant().taxonomy.updateCategory(
                id, expectedVersion: form.version ?? 0, nameNB: names.nb, nameEN: names.en,
                retired: form.retired == "true", at: req.now)
            return req.redirect(to: .obstacleTaxonomy, notice: .categorySaved)
        } catch AppError.validation(let errors) {
            return try await taxonomyPage(
                req, state: FormState(values: typed.values, errors: errors), failedID: id, status: .unprocessableEntity)
        } catch AppError.conflict {
            return try await taxonomyPage(
                req, state: FormState(values: typed.values, errors: [FieldError("version", .errorConflict)]),
                failedID: id, status: .conflict)
        }
    }
}
