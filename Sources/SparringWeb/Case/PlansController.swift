import Foundation
import SparringDomain
import SparringStorage
import SparringViews
import Vapor

/// Plans A, B, C… on a deal (Create): make, edit, compare side by side, choose one with its next step,
/// record how it went.
struct PlansController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.dealPlans(UUID()), use: compare)
        routes.post(.dealPlans(UUID()), use: create)
        routes.get(.planNew(UUID()), use: new)
        routes.get(.plan(UUID(), UUID()), use: edit)
        routes.post(.plan(UUID(), UUID()), use: update)
        routes.post(.planChoose(UUID(), UUID()), use: choose)
        routes.post(.planOutcome(UUID(), UUID()), use: outcome)
    }

    struct PlanForm: Content, PlanFields {
        var version: Int?
        var title: String?
        var approach: String?
        var steps: String?
        var consequences: String?
        var risks: String?
        var positioning: String?
        var resources: String?
        var expectedEffect: String?
        var tactics: [String]?

        var text: PlanText { text(over: nil) }

        /// Tactic ids as typed; an id that is not a tactic of the organisation is refused by the store.
        var tacticIDs: [UUID] { (tactics ?? []).compactMap(UUID.init(uuidString:)) }

        var state: FormState {
            FormState(
                values: [
                    "title": title ?? "", "approach": approach ?? "", "steps": steps ?? "",
                    "consequences": consequences ?? "", "risks": risks ?? "", "positioning": positioning ?? "",
                    "resources": resources ?? "", "expectedEffect": expectedEffect ?? "",
                ], lists: ["tactics": Set(tactics ?? [])])
        }
    }

    static func state(of plan: Plan) -> FormState {
        var values = ["title": plan.text.title]
        for field in PlanFormPage.fields { values[field.name] = plan.text[keyPath: field.keyPath] }
        return FormState(values: values, lists: ["tactics": Set(plan.tacticIDs.map(\.uuidString))])
    }

    func form(
        _ req: Request, deal: Deal, plan: Plan?, version: Int, state: FormState, savedMeanwhile: Plan? = nil,
        status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let model = PlanFormPage.Model(
            deal: deal, plan: plan, version: version, tactics: try await req.tenant().taxonomy.tactics(), state: state,
            savedMeanwhile: savedMeanwhile)
        return htmlResponse(
            PlanFormPage.View(model: model, context: try await req.pageContext()).render(), status: status)
    }

    /// Proposing a plan is open to the case's guests too (`contributeToCase`); editing and choosing are not.
    func new(req: Request) async throws -> Response {
        let deal = try await req.caseDeal(try req.id("dealID"), contribute: true)
        return try await form(req, deal: deal, plan: nil, version: 0, state: FormState())
    }

    func create(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let deal = try await req.caseDeal(try req.id("dealID"), contribute: true)
        let input = try req.content.decode(PlanForm.self)
        var state = input.state
        state.errors = input.text.problems()
        guard state.errors.isEmpty else {
            return try await form(req, deal: deal, plan: nil, version: 0, state: state, status: .unprocessableEntity)
        }
        do {
            _ = try await req.tenant().dealCase(deal.id).createPlan(
                input.text, tacticIDs: input.tacticIDs, by: identity.user.id, at: req.now)
        } catch AppError.validation(let errors) {
            state.errors = errors
            return try await form(req, deal: deal, plan: nil, version: 0, state: state, status: .unprocessableEntity)
        }
        return req.redirect(to: SiteRoute.dealCase(deal.id).path + "#plans", notice: .planSaved)
    }

    func edit(req: Request) async throws -> Response {
        let deal = try await req.visibleDeal(try req.id("dealID"))
        let plan = try await req.tenant().dealCase(deal.id).plan(try req.id("planID"))
        return try await form(req, deal: deal, plan: plan, version: plan.version, state: Self.state(of: plan))
    }

    /// Saves the plan; if somebody saved it first, the form comes back with what was typed, the plan as
    /// it is now above it, and the current version, so saving again is a deliberate choice.
    func update(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let deal = try await req.visibleDeal(try req.id("dealID"))
        let work = try req.tenant().dealCase(deal.id)
        let plan = try await work.plan(try req.id("planID"))
        let input = try req.content.decode(PlanForm.self)
        var state = input.state
        state.errors = input.text.problems()
        let version = input.version ?? 0
        do {
            guard state.errors.isEmpty else { throw AppError.validation(state.errors) }
            try await work.updatePlan(
                plan.id, expectedVersion: version, input.text, tacticIDs: input.tacticIDs, by: identity.user.id,
                at: req.now)
            return req.redirect(to: SiteRoute.dealPlans(deal.id), notice: .planSaved)
        } catch AppError.validation(let errors) {
            state.errors = errors
            return try await form(
                req, deal: deal, plan: plan, version: version, state: state, status: .unprocessableEntity)
        } catch AppError.conflict {
            let current = try await work.plan(plan.id)
            state.errors = [FieldError("version", .errorConflict)]
            return try await form(
                req, deal: deal, plan: current, version: current.version, state: state, savedMeanwhile: current,
                status: .conflict)
        }
    }

    func compare(req: Request) async throws -> Response {
        try await comparison(req, state: FormState(), failedPlanID: nil)
    }

    func comparison(
        _ req: Request, state: FormState, failedPlanID: UUID?, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let actor = try req.signedIn().actor
        let deal = try await req.caseDeal(try req.id("dealID"))
        let tenant = try req.tenant()
        let plans = try await tenant.dealCase(deal.id).plans()
        let owners = try await req.people(inTeams: [deal.teamID], plus: [deal.ownerID]).sorted { $0.name < $1.name }
        var people = Dictionary(owners.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let missing = plans.compactMap(\.choice).flatMap { [$0.chosenBy, $0.ownerID] }.filter { people[$0] == nil }
        people.merge(try await tenant.users.names(of: missing)) { first, _ in first }
        let model = PlansPage.Model(
            deal: deal, plans: plans, tactics: try await tenant.taxonomy.tactics(includeRetired: true), people: people,
            owners: owners, state: state, failedPlanID: failedPlanID, today: Day(req.now, in: req.organisationTimeZone),
            canWork: Policy().allows(actor, .workOnDeal(ownerID: deal.ownerID, teamID: deal.teamID)))
        return htmlResponse(PlansPage.View(model: model, context: try await req.pageContext()).render(), status: status)
    }

    /// Runs a change from the comparison page and shows the page again if it is refused.
    func attempt(
        _ req: Request, planID: UUID, typed: [String: String], notice: L10nKey, _ change: () async throws -> Void
    ) async throws -> Response {
        do {
            try await change()
            return req.redirect(to: SiteRoute.dealPlans(try req.id("dealID")), notice: notice)
        } catch AppError.validation(let errors) {
            return try await comparison(
                req, state: FormState(values: typed, errors: errors), failedPlanID: planID,
                status: .unprocessableEntity)
        } catch AppError.conflict {
            return try await comparison(
                req, state: FormState(values: typed, errors: [FieldError("version", .errorConflict)]),
                failedPlanID: planID, status: .conflict)
        }
    }

    struct ChooseForm: Content {
        var version: Int?
        var nextStep: String?
        var ownerID: String?
        var dueOn: String?
    }

    /// Chooses a plan: the next step, whose it is (someone who works on the deal) and by when.
    func choose(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let deal = try await req.visibleDeal(try req.id("dealID"))
        let planID = try req.id("planID")
        let input = try req.content.decode(ChooseForm.self)
        let typed = ["nextStep": input.nextStep ?? "", "ownerID": input.ownerID ?? "", "dueOn": input.dueOn ?? ""]
        return try await attempt(req, planID: planID, typed: typed, notice: .planChosenNotice) {
            let choice = try CaseInput.choice(
                nextStep: input.nextStep, ownerID: input.ownerID, dueOn: input.dueOn,
                allowed: try await req.planOwners(of: deal), timeZone: req.organisationTimeZone)
            try await req.tenant().dealCase(deal.id).choosePlan(
                planID, expectedVersion: input.version ?? 0, nextStep: choice.nextStep, ownerID: choice.ownerID,
                dueOn: choice.dueOn, by: identity.user.id, at: req.now)
        }
    }

    struct OutcomeForm: Content {
        var version: Int?
        var outcome: String?
        var outcomeNote: String?
    }

    func outcome(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let deal = try await req.visibleDeal(try req.id("dealID"))
        let planID = try req.id("planID")
        let input = try req.content.decode(OutcomeForm.self)
        let typed = ["outcome": input.outcome ?? "", "outcomeNote": input.outcomeNote ?? ""]
        return try await attempt(req, planID: planID, typed: typed, notice: .caseSaved) {
            let (result, note) = try CaseInput.outcome(
                input.outcome, note: input.outcomeNote, noteField: "outcomeNote")
            try await req.tenant().dealCase(deal.id).recordOutcome(
                planID, expectedVersion: input.version ?? 0, result, note: note, by: identity.user.id, at: req.now)
        }
    }
}

extension Request {
    /// Who may own a plan's next step: the deal's owner and the people of its team.
    func planOwners(of deal: Deal) async throws -> Set<UUID> {
        Set(try await people(inTeams: [deal.teamID], plus: [deal.ownerID]).map(\.id))
    }
}
