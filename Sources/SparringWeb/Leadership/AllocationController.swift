import Foundation
import SparringDomain
import SparringStorage
import SparringViews
import Vapor

/// What the planner works from for one team and day, and what it proposes.
struct AllocationProposal {
    var pools: [ResourcePoolRecord]
    var requests: [PlannedRequest]
    var plan: AllocationPlan
    var day: Day
}

extension Request {
    /// The `on` parameter, `2026-11-27` or `27.11.2026` (default: today in the organisation's time zone).
    func planningDay(_ raw: String?) throws -> Day {
        guard let raw, !raw.isEmpty else { return Day(now, in: context.timeZone) }
        guard let day = parseDay(raw, timeZone: context.timeZone) else {
            throw AppError.badRequest(.errorDate, field: "on")
        }
        return day
    }

    /// The planner's proposal for the team's pools and the requests of the periods holding `day`; deal
    /// values in the organisation's base currency.
    func allocationProposal(teamID: UUID, day: Day) async throws -> AllocationProposal {
        let store = try tenant().resources
        let pools = try await store.pools(teamIDs: [teamID])
        let requests = try await store.requests(pools: pools, on: day)
        let rates = try await exchangeRates()
        let values = Dictionary(
            uniqueKeysWithValues: requests.map { ($0.id, rates.toBase($0.dealAmountMinor, from: $0.dealCurrency)) })
        let plan = AllocationPlanner.plan(
            pools: pools.map { ResourcePool(id: $0.id, capacity: $0.definition.capacity) },
            requests: requests.map {
                // Closed deals gain nothing from more resources.
                ResourceRequest(
                    id: $0.id, poolID: $0.poolID, amount: $0.draft.amount,
                    dealValueMinor: $0.dealStatus == .open ? (values[$0.id] ?? nil) ?? 0 : 0,
                    uplift: Double($0.draft.upliftPoints) / 100)
            })
        let byID = Dictionary(uniqueKeysWithValues: pools.map { ($0.id, $0) })
        return AllocationProposal(
            pools: pools,
            requests: requests.map { request in
                PlannedRequest(
                    request: request, poolName: byID[request.poolID]?.definition.name ?? "—",
                    unit: byID[request.poolID]?.definition.unit ?? "", valueMinor: values[request.id] ?? nil,
                    proposed: plan.granted.contains(request.id), reason: plan.reasons[request.id])
            }, plan: plan, day: day)
    }
}

/// The allocation planner (`/allocation`), the teams' resource pools, and deals' requests.
struct AllocationController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.allocation, use: planner)
        routes.post(.allocationConfirm, use: confirm)
        routes.get(.resourcePools, use: pools)
        routes.post(.resourcePools, use: createPool)
        routes.get(.resourcePool(UUID()), use: editPool)
        routes.post(.resourcePool(UUID()), use: savePool)
        routes.post(.dealResources(UUID()), use: request)
    }

    func planner(req: Request) async throws -> Response {
        try await plannerPage(
            req, team: try? req.query.get(String.self, at: "team"), on: try? req.query.get(String.self, at: "on"),
            state: FormState())
    }

    func plannerPage(
        _ req: Request, team: String?, on: String?, state: FormState, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let identity = try req.signedIn()
        let teams = try await req.ledTeams()
        guard !teams.isEmpty else { throw AppError.forbidden }
        let teamID = try await req.ledTeam(team)
        let day = try req.planningDay(on)
        var proposal: AllocationProposal?
        var outcomes: [ResourceRequestStatus: AllocationOutcome] = [:]
        var plans: [(plannedOn: String, confirmedBy: String, confirmedAt: Date, gainMinor: Int64)] = []
        if let teamID {
            proposal = try await req.allocationProposal(teamID: teamID, day: day)
            outcomes = try await req.tenant().resources.outcomes(teamID: teamID, rates: try await req.exchangeRates())
            let confirmed = try await req.tenant().resources.plans(teamID: teamID)
            let names = try await req.tenant().users.names(of: confirmed.map(\.confirmedBy))
            plans = confirmed.map {
                ($0.plannedOn, names[$0.confirmedBy] ?? "—", $0.confirmedAt, Int64($0.gain.rounded()))
            }
        }
        let model = AllocationPage.Model(
            teams: teams, teamID: teamID, day: day.description, pools: proposal?.pools ?? [],
            periodKeys: Dictionary(
                uniqueKeysWithValues: (proposal?.pools ?? []).map {
                    ($0.id, $0.definition.period.key(day))
                }), requests: proposal?.requests ?? [], plan: proposal?.plan,
            baseCurrency: identity.organisation.baseCurrency, plans: plans, outcomes: outcomes, state: state)
        return htmlResponse(
            AllocationPage.View(model: model, context: try await req.pageContext()).render(), status: status)
    }

    /// The leader's choice, as checked boxes, against the requests they were shown (`seen[]` of
    /// `id:version`): a request added or changed since makes it a conflict, shown again with the choice.
    func confirm(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let teamRaw = try? req.content.get(String.self, at: "team")
        let onRaw = try? req.content.get(String.self, at: "on")
        guard let teamID = try await req.ledTeam(teamRaw) else { throw AppError.forbidden }
        try req.authorize(.leadTeam(teamID))
        let day = try req.planningDay(onRaw)
        var seen: [UUID: Int] = [:]
        for entry in (try? req.content.get([String].self, at: "seen")) ?? [] {
            let parts = entry.split(separator: ":")
            guard parts.count == 2, let id = UUID(uuidString: String(parts[0])), let version = Int(parts[1]) else {
                throw AppError.badRequest(.errorInvalidID, field: "seen")
            }
            seen[id] = version
        }
        let grantedRaw = (try? req.content.get([String].self, at: "granted")) ?? []
        var errors: [FieldError] = []
        let granted = Set(parseIDs(grantedRaw, field: "granted", into: &errors))
        var state = FormState(lists: ["granted": Set(grantedRaw)])
        do {
            guard errors.isEmpty else { throw AppError.validation(errors) }
            try await confirmPlan(req, teamID: teamID, day: day, seen: seen, granted: granted, by: identity.user.id)
            return req.redirect(
                to: SiteRoute.allocation.path
                    + SiteRoute.query([("team", teamID.uuidString), ("on", day.description)]),
                notice: .allocationConfirmed)
        } catch AppError.validation(let errors) {
            state.errors = errors
            return try await plannerPage(
                req, team: teamRaw, on: onRaw, state: state, status: .unprocessableEntity)
        } catch AppError.conflict {
            state.errors = [FieldError("version", .errorConflict)]
            return try await plannerPage(req, team: teamRaw, on: onRaw, state: state, status: .conflict)
        }
    }

    func pools(req: Request) async throws -> Response {
        try await poolsPage(req, editing: nil, state: FormState(values: ["period": "week", "unit": ""]))
    }

    func poolsPage(
        _ req: Request, editing: ResourcePoolRecord?, state: FormState, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let teams = try await req.ledTeams()
        guard !teams.isEmpty else { throw AppError.forbidden }
        let model = ResourcePoolsPage.Model(
            teams: teams, pools: try await req.tenant().resources.pools(teamIDs: Set(teams.map(\.id))),
            editing: editing, state: state)
        return htmlResponse(
            ResourcePoolsPage.View(model: model, context: try await req.pageContext()).render(), status: status)
    }

    struct PoolForm: Content {
        var version: Int?
        var teamID: String?
        var name: String?
        var kind: String?
        var unit: String?
        var period: String?
        var capacity: String?

        var state: FormState {
            FormState(values: [
                "teamID": teamID ?? "", "name": name ?? "", "kind": kind ?? "", "unit": unit ?? "",
                "period": period ?? "", "capacity": capacity ?? "",
            ])
        }

        /// `creating`: the team is asked for, and its absence is one of the errors.
        func definition(creating: Bool = false) throws -> ResourcePoolDefinition {
            try LeadershipInput.pool(
                teamID: creating ? .some(UUID(uuidString: teamID ?? "")) : .none, name: name, kind: kind, unit: unit,
                period: period, capacity: Int((capacity ?? "").trimmed))
        }
    }

    func createPool(req: Request) async throws -> Response {
        let form = try req.content.decode(PoolForm.self)
        var state = form.state
        do {
            let definition = try form.definition(creating: true)
            let teamID = UUID(uuidString: form.teamID ?? "")!  // checked by `definition(creating:)`
            try req.authorize(.leadTeam(teamID))
            _ = try await req.tenant().resources.createPool(teamID: teamID, definition, at: req.now)
            return req.redirect(to: .resourcePools, notice: .poolSaved)
        } catch AppError.validation(let errors) {
            state.errors = errors
            return try await poolsPage(req, editing: nil, state: state, status: .unprocessableEntity)
        }
    }

    /// The pool, if the person leads its team; otherwise not found.
    func leadPool(_ req: Request) async throws -> ResourcePoolRecord {
        let pool = try await req.tenant().resources.pool(try req.id("poolID"))
        guard Policy().allows(try req.signedIn().actor, .leadTeam(pool.teamID)) else { throw AppError.notFound }
        return pool
    }

    func editPool(req: Request) async throws -> Response {
        let pool = try await leadPool(req)
        return try await poolsPage(req, editing: pool, state: ResourcePoolsPage.state(pool))
    }

    func savePool(req: Request) async throws -> Response {
        let pool = try await leadPool(req)
        let form = try req.content.decode(PoolForm.self)
        var state = form.state
        do {
            _ = try await req.tenant().resources.editPool(
                pool.id, expectedVersion: form.version ?? 0, try form.definition())
            return req.redirect(to: .resourcePools, notice: .poolSaved)
        } catch AppError.validation(let errors) {
            state.errors = errors
            return try await poolsPage(req, editing: pool, state: state, status: .unprocessableEntity)
        } catch AppError.conflict {
            let current = try await req.tenant().resources.pool(pool.id)
            state.errors = [FieldError("version", .errorConflict)]
            return try await poolsPage(req, editing: current, state: state, status: .conflict)
        }
    }

    /// A deal's request for resources, from the deal page.
    func request(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let deal = try await req.visibleDeal(try req.id("dealID"))
        let values = try req.content.decode([String: String].self)
        let draft = ResourceRequestDraft(
            amount: Int((values["amount"] ?? "").trimmed) ?? 0,
            upliftPoints: Int((values["uplift"] ?? "").trimmed) ?? 0,
            reason: values["why"] ?? "")
        do {
            guard let poolID = UUID(uuidString: values["poolID"] ?? "") else {
                throw AppError.invalid("poolID", .resourceUnknownPool)
            }
            _ = try await req.tenant().resources.request(
                dealID: deal.id, teamID: deal.teamID, poolID: poolID, draft, by: identity.user.id,
                day: Day(req.now, in: req.context.timeZone), at: req.now)
            return req.redirect(to: SiteRoute.deal(deal.id).path + "#resources", notice: .resourceRequested)
        } catch AppError.validation(let errors) {
            // The domain names the field `reason`; on the deal page it is `why` (see `DealResourcesSection`).
            let named = errors.map { $0.field == "reason" ? FieldError("why", $0.message, $0.arguments) : $0 }
            return try await DealsController().showPage(
                req, id: deal.id, resourceState: FormState(values: values, errors: named), status: .unprocessableEntity)
        }
    }
}

extension AllocationController {
    /// Plans again from the stored requests (the proposal and bound are the planner's, the confirmed
    /// gain that of the leader's choice), then keeps the choice.
    func confirmPlan(
        _ req: Request, teamID: UUID, day: Day, seen: [UUID: Int], granted: Set<UUID>,
        by userID: UUID
    ) async throws {
        let proposal = try await req.allocationProposal(teamID: teamID, day: day)
        let confirmedGain = proposal.requests.filter {
            granted.contains($0.request.id) && $0.request.dealStatus == .open
        }
        .map { Double($0.gainMinor) }.reduce(0, +)
        _ = try await req.tenant().resources.confirm(
            teamID: teamID, pools: proposal.pools, day: day, seen: seen, granted: granted,
            proposedGain: proposal.plan.gain, confirmedGain: confirmedGain, bound: proposal.plan.bound,
            currency: try req.signedIn().organisation.baseCurrency, by: userID, at: req.now)
    }
}
