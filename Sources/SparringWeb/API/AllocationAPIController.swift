import Foundation
import SparringDomain
import SparringStorage
import SparringViews
import Vapor

struct ResourcePoolDTO: Content {
    var id: UUID
    var teamID: UUID
    var version: Int
    var name: String
    var kind: String
    var unit: String
    var period: String
    var capacity: Int

    init(_ pool: ResourcePoolRecord) {
        id = pool.id
        teamID = pool.teamID
        version = pool.version
        name = pool.definition.name
        kind = pool.definition.kind.rawValue
        unit = pool.definition.unit
        period = pool.definition.period.rawValue
        capacity = pool.definition.capacity
    }
}

struct ResourceRequestDTO: Content {
    var id: UUID
    var version: Int
    var poolID: UUID
    var dealID: UUID
    var periodKey: String
    var amount: Int
    var uplift: Int
    var reason: String
    var requestedBy: UUID
    var requestedAt: Date
    var status: String

    init(_ request: ResourceRequestRecord) {
        id = request.id
        version = request.version
        poolID = request.poolID
        dealID = request.dealID
        periodKey = request.periodKey
        amount = request.draft.amount
        uplift = request.draft.upliftPoints
        reason = request.draft.reason
        requestedBy = request.requestedBy
        requestedAt = request.requestedAt
        status = request.status.rawValue
    }
}

struct PlannedRequestDTO: Content {
    var request: ResourceRequestDTO
    var dealTitle: String
    /// The deal's amount in the base currency's minor units; absent without an exchange rate.
    var valueMinor: Int64?
    var gainMinor: Int64
    var proposed: Bool
    /// `granted`, `exceedsCapacity`, `noGain` or `betterSpentElsewhere`.
    var reason: String?
    /// Expected gain per unit of the pool, in minor units of the base currency.
    var gainPerUnit: Double?

    init(_ item: PlannedRequest) {
        request = ResourceRequestDTO(item.request)
        dealTitle = item.request.dealTitle
        valueMinor = item.valueMinor
        gainMinor = item.gainMinor
        proposed = item.proposed
        switch item.reason {
        case .granted(let perUnit): (reason, gainPerUnit) = ("granted", perUnit)
        case .exceedsCapacity: reason = "exceedsCapacity"
        case .noGain: reason = "noGain"
        case .betterSpentElsewhere(let perUnit): (reason, gainPerUnit) = ("betterSpentElsewhere", perUnit)
        case nil: reason = nil
        }
    }
}

struct AllocationDTO: Content {
    struct Pool: Content {
        var pool: ResourcePoolDTO
        var periodKey: String
    }

    var teamID: UUID
    var on: String
    var baseCurrency: String
    var pools: [Pool]
    var requests: [PlannedRequestDTO]
    /// Expected value gained by the proposal, and no plan can gain more than `bound`.
    var gain: Double
    var bound: Double
    var optimal: Bool
}

struct DashboardDTO: Content {
    struct Count: Content {
        var id: UUID
        var count: Int
    }
    struct Cell: Content {
        var stageID: UUID
        var categoryID: UUID
        var count: Int
    }
    struct Median: Content {
        var median: Double
        var low: Double
        var high: Double
        var count: Int
    }
    struct Group: Content {
        var won: Int
        var closed: Int
        var winRate: Double?
        var winRateLow: Double?
        var winRateHigh: Double?
        var cycleDays: Median?
    }
    struct Sparring: Content {
        var shown: Bool
        var withSparring: Group?
        var without: Group?
        var difference: Double?
        var differenceLow: Double?
        var differenceHigh: Double?
    }
    struct Tactic: Content {
        var tacticID: UUID
        var categoryID: UUID
        var withWins: Int
        var withDeals: Int
        var withoutWins: Int
        var withoutDeals: Int
    }

    var teamID: UUID
    var month: String
    var windowStart: String
    var stuckDeals: Int
    var stuckBy: [Count]
    var heatmap: [Cell]
    var unblockDays: Median?
    var unblockByCategory: [String: Median]
    var sparring: Sparring
    var tactics: [Tactic]
    var pipeline: [String: Int]

    static func median(_ values: [Int]) -> Median? {
        OutcomeComparison.median(values).map {
            Median(median: $0.median, low: $0.interval.lowerBound, high: $0.interval.upperBound, count: values.count)
        }
    }

    init(teamID: UUID, month: DashboardMonth, dashboard: OutcomeDashboard, unblockByCategory: [UUID: [Int]]) {
        self.teamID = teamID
        self.month = month.key
        windowStart = month.adding(months: 1 - DashboardMonth.windowMonths).key
        stuckDeals = dashboard.stuckDeals
        stuckBy = dashboard.stuckBy.map { Count(id: $0.categoryID, count: $0.deals) }
        heatmap = dashboard.heatmap.flatMap { stage, row in
            row.map { Cell(stageID: stage, categoryID: $0.key, count: $0.value) }
        }.sorted {
            ($0.stageID.uuidString, $0.categoryID.uuidString) < ($1.stageID.uuidString, $1.categoryID.uuidString)
        }
        unblockDays = Self.median(dashboard.unblockDays)
        self.unblockByCategory = Dictionary(
            uniqueKeysWithValues: unblockByCategory.compactMap { id, days in
                Self.median(days).map { (id.uuidString, $0) }
            })
        // Below the minimum counts only whether it is shown: no rates, as on the page.
        let comparison = dashboard.sparring
        func group(_ group: OutcomeComparison.Group) -> Group {
            Group(
                won: group.won, closed: group.closed, winRate: group.winRate.rate,
                winRateLow: group.winRate.interval?.lowerBound, winRateHigh: group.winRate.interval?.upperBound,
                cycleDays: Self.median(group.cycleDays))
        }
        let difference = comparison.winRateDifference
        sparring = Sparring(
            shown: comparison.isShown, withSparring: comparison.isShown ? group(comparison.withSparring) : nil,
            without: comparison.isShown ? group(comparison.without) : nil, difference: difference?.difference,
            differenceLow: difference?.interval.lowerBound, differenceHigh: difference?.interval.upperBound)
        tactics = dashboard.tactics.map {
            Tactic(
                tacticID: $0.tacticID, categoryID: $0.categoryID, withWins: $0.applied.wins,
                withDeals: $0.applied.deals,
                withoutWins: $0.notApplied.wins, withoutDeals: $0.notApplied.deals)
        }
        pipeline = [
            "optionsCreated": dashboard.pipeline.optionsCreated, "plansChosen": dashboard.pipeline.plansChosen,
            "storiesShared": dashboard.pipeline.storiesShared, "bulletinsUseful": dashboard.pipeline.bulletinsUseful,
        ]
    }
}

/// `/api/v1/resource-pools…`, a deal's resource requests, the planner and the dashboard figures: the
/// same rules as the pages (`leadTeam`, `workOnDeal`).
struct AllocationAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.api(.resourcePools), use: pools)
        routes.post(.api(.resourcePools), use: createPool)
        routes.on(.PATCH, SiteRoute.api(.resourcePool(UUID())).pathComponents, use: patchPool)
        routes.get(.api(.dealResourceRequests(UUID())), use: requests)
        routes.post(.api(.dealResourceRequests(UUID())), use: request)
        routes.get(.api(.allocation), use: proposal)
        routes.post(.api(.allocation), use: confirm)
        routes.get(.api(.dashboard), use: dashboard)
    }

    func pools(req: Request) async throws -> Response {
        let teams = try await req.ledTeams()
        return try json(
            try await req.tenant().resources.pools(teamIDs: Set(teams.map(\.id))).map(ResourcePoolDTO.init))
    }

    struct PoolBody: Content {
        var version: Int?
        var teamID: UUID?
        var name: String?
        var kind: String?
        var unit: String?
        var period: String?
        var capacity: Int?

        /// `creating`: the team is asked for, and its absence is one of the errors.
        func definition(creating: Bool = false) throws -> ResourcePoolDefinition {
            try LeadershipInput.pool(
                teamID: creating ? .some(teamID) : .none, name: name, kind: kind, unit: unit, period: period,
                capacity: capacity)
        }
    }

    func createPool(req: Request) async throws -> Response {
        let body = try req.decodeJSON(PoolBody.self)
        let definition = try body.definition(creating: true)
        let teamID = body.teamID!  // checked by `definition(creating:)`
        try req.authorize(.leadTeam(teamID))
        let pool = try await req.tenant().resources.createPool(teamID: teamID, definition, at: req.now)
        return try json(ResourcePoolDTO(pool), status: .created)
    }

    func patchPool(req: Request) async throws -> Response {
        let store = try req.tenant().resources
        let pool = try await store.pool(try req.id("poolID"))
        guard Policy().allows(try req.signedIn().actor, .leadTeam(pool.teamID)) else { throw AppError.notFound }
        let body = try req.decodeJSON(PoolBody.self)
        guard let version = body.version else { throw AppError.invalid("version", .errorRequired) }
        // A pool belongs to its team; a team named here is checked, not ignored.
        if let team = body.teamID, team != pool.teamID { throw AppError.invalid("teamID", .poolTeamFixed) }
        do {
            return try json(
                ResourcePoolDTO(try await store.editPool(pool.id, expectedVersion: version, try body.definition())))
        } catch AppError.conflict {
            return try conflictResponse(req, ResourcePoolDTO(try await store.pool(pool.id)))
        }
    }

    func requests(req: Request) async throws -> Response {
        let deal = try await req.visibleDeal(try req.id("dealID"))
        return try json(try await req.tenant().resources.requests(dealID: deal.id).map(ResourceRequestDTO.init))
    }

    struct RequestBody: Content {
        var poolID: UUID?
        var amount: Int?
        var uplift: Int?
        var reason: String?
    }

    func request(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let deal = try await req.visibleDeal(try req.id("dealID"))
        let body = try req.decodeJSON(RequestBody.self)
        guard let poolID = body.poolID else { throw AppError.invalid("poolID", .resourceUnknownPool) }
        let request = try await req.tenant().resources.request(
            dealID: deal.id, teamID: deal.teamID, poolID: poolID,
            ResourceRequestDraft(amount: body.amount ?? 0, upliftPoints: body.uplift ?? 0, reason: body.reason ?? ""),
            by: identity.user.id, day: Day(req.now, in: req.context.timeZone), at: req.now)
        return try json(ResourceRequestDTO(request), status: .created)
    }

    /// The team the person leads, named by the `team` parameter (required on the API).
    func team(_ req: Request, _ raw: String?) async throws -> UUID {
        guard let raw, !raw.isEmpty else { throw AppError.badRequest(.errorRequired, field: "team") }
        guard let id = try await req.ledTeam(raw) else { throw AppError.notFound }
        return id
    }

    func proposalDTO(_ req: Request, teamID: UUID, day: Day) async throws -> AllocationDTO {
        let proposal = try await req.allocationProposal(teamID: teamID, day: day)
        return AllocationDTO(
            teamID: teamID, on: day.description,
            baseCurrency: try req.signedIn().organisation.baseCurrency,
            pools: proposal.pools.map {
                .init(
                    pool: ResourcePoolDTO($0),
                    periodKey: $0.definition.period.key(day))
            }, requests: proposal.requests.map(PlannedRequestDTO.init), gain: proposal.plan.gain,
            bound: proposal.plan.bound, optimal: proposal.plan.isOptimal)
    }

    func proposal(req: Request) async throws -> Response {
        let teamID = try await team(req, try? req.query.get(String.self, at: "team"))
        let day = try req.planningDay(try? req.query.get(String.self, at: "on"))
        return try json(try await proposalDTO(req, teamID: teamID, day: day))
    }

    struct ConfirmBody: Content {
        var teamID: UUID?
        var on: String?
        /// The requests and versions the choice was made on.
        /// Request id to version (JSON object keys are strings).
        var seen: [String: Int]?
        var granted: [UUID]?
    }

    /// 201 with the confirmed allocation; 409 with the proposal as it is now when the requests changed.
    func confirm(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let body = try req.decodeJSON(ConfirmBody.self)
        let teamID = try await team(req, body.teamID?.uuidString)
        let day = try req.planningDay(body.on)
        guard let raw = body.seen else { throw AppError.invalid("seen", .errorRequired) }
        var seen: [UUID: Int] = [:]
        for (key, version) in raw {
            guard let id = UUID(uuidString: key) else { throw AppError.badRequest(.errorInvalidID, field: "seen") }
            seen[id] = version
        }
        do {
            try await AllocationController().confirmPlan(
                req, teamID: teamID, day: day, seen: seen, granted: Set(body.granted ?? []), by: identity.user.id)
        } catch AppError.conflict {
            return try conflictResponse(req, try await proposalDTO(req, teamID: teamID, day: day))
        }
        return try json(try await proposalDTO(req, teamID: teamID, day: day), status: .created)
    }

    func dashboard(req: Request) async throws -> Response {
        let teamID = try await team(req, try? req.query.get(String.self, at: "team"))
        let month = try req.dashboardMonth(try? req.query.get(String.self, at: "month"))
        let figures = try await req.outcomeDashboard(teamID: teamID, month: month)
        return try json(
            DashboardDTO(
                teamID: teamID, month: month, dashboard: figures.dashboard, unblockByCategory: figures.unblockByCategory
            ))
    }
}
