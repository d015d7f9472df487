import Foundation
import Plot
import SparringDomain

/// A request as the planner shows it: the deal's value in the base currency, the expected gain, and
/// what the planner proposes and why.
public struct PlannedRequest: Sendable {
    public var request: ResourceRequestRecord
    public var poolName: String
    public var unit: String
    /// Deal amount in the base currency's minor units, nil without an exchange rate.
    public var valueMinor: Int64?
    public var proposed: Bool
    public var reason: AllocationPlan.Reason?

    public init(
        request: ResourceRequestRecord, poolName: String, unit: String, valueMinor: Int64?, proposed: Bool,
        reason: AllocationPlan.Reason?
    ) {
        self.request = request
        self.poolName = poolName
        self.unit = unit
        self.valueMinor = valueMinor
        self.proposed = proposed
        self.reason = reason
    }

    public var gainMinor: Int64 { Saturating.percent(valueMinor ?? 0, request.draft.upliftPoints) }
}

/// `/allocation`: the planner for one team and day — its pools, the requests for their periods, the
/// proposed allocation with a reason for each choice, confirming (after adjusting), and how earlier
/// allocations turned out.
public enum AllocationPage {
    public struct Model: Sendable {
        public var teams: [(id: UUID, name: String)]
        public var teamID: UUID?
        public var day: String
        public var pools: [ResourcePoolRecord]
        public var periodKeys: [UUID: String]
        public var requests: [PlannedRequest]
        public var plan: AllocationPlan?
        public var baseCurrency: String
        public var plans: [(plannedOn: String, confirmedBy: String, confirmedAt: Date, gainMinor: Int64)]
        public var outcomes: [ResourceRequestStatus: AllocationOutcome]
        public var state: FormState

        public init(
            teams: [(id: UUID, name: String)], teamID: UUID?, day: String, pools: [ResourcePoolRecord],
            periodKeys: [UUID: String], requests: [PlannedRequest], plan: AllocationPlan?, baseCurrency: String,
            plans: [(plannedOn: String, confirmedBy: String, confirmedAt: Date, gainMinor: Int64)],
            outcomes: [ResourceRequestStatus: AllocationOutcome], state: FormState
        ) {
            self.teams = teams
            self.teamID = teamID
            self.day = day
            self.pools = pools
            self.periodKeys = periodKeys
            self.requests = requests
            self.plan = plan
            self.baseCurrency = baseCurrency
            self.plans = plans
            self.outcomes = outcomes
            self.state = state
        }
    }

    public typealias View = PageView<Model>
}

/// `/allocation/pools` and `/allocation/pools/{id}`: the teams' pools, a new one, or one edited.
public enum ResourcePoolsPage {
    public struct Model: Sendable {
        public var teams: [(id: UUID, name: String)]
        public var pools: [ResourcePoolRecord]
        /// The pool being edited, if any.
        public var editing: ResourcePoolRecord?
        public var state: FormState

        public init(
            teams: [(id: UUID, name: String)], pools: [ResourcePoolRecord], editing: ResourcePoolRecord?,
            state: FormState
        ) {
            self.teams = teams
            self.pools = pools
            self.editing = editing
            self.state = state
        }
    }

    public typealias View = PageView<Model>

    public static func state(_ pool: ResourcePoolRecord) -> FormState {
        FormState(values: [
            "name": pool.definition.name, "kind": pool.definition.kind.rawValue, "unit": pool.definition.unit,
            "period": pool.definition.period.rawValue, "capacity": String(pool.definition.capacity),
        ])
    }
}

/// The leader's pages side by side: own leadership, outcomes, allocation, pulse.
struct LeaderNavigation: Component {
    let context: PageContext

    var body: Component {
        guard context.viewer?.role != .seller else { return ComponentGroup {} }
        let t = context.t
        return Tag("nav", [.attr("class", "subnav"), .attr("aria-label", t(.leadershipPages))]) {
            for (route, label) in [
                (SiteRoute.leadership, L10nKey.navLeadership), (.dashboard, .dashboardTitle),
                (.allocation, .allocationTitle), (.pulse, .pulseTitle),
            ] {
                Tag(
                    "a",
                    [
                        .attr("href", route.path),
                        .optional("aria-current", context.currentPath == route.path ? "page" : nil),
                    ], text: t(label))
            }
        }
    }
}

extension AllocationPlan.Reason {
    func text(_ context: PageContext, unit: String, currency: String) -> String {
        let t = context.t
        func perUnit(_ value: Double) -> String {
            context.format.money(minorUnits: Int64(value.rounded()), currency: currency) + " / " + unit
        }
        switch self {
        case .granted(let gain): return t(.reasonGranted, ["perUnit": perUnit(gain)])
        case .exceedsCapacity: return t(.reasonExceedsCapacity)
        case .noGain: return t(.reasonNoGain)
        case .betterSpentElsewhere(let gain): return t(.reasonBetterElsewhere, ["perUnit": perUnit(gain)])
        }
    }
}

extension PageView where Model == AllocationPage.Model {
    public func render() -> String {
        let t = context.t
        let money = { (minor: Int64) in context.format.money(minorUnits: minor, currency: model.baseCurrency) }
        return Layout.render(context: context, title: t(.allocationTitle)) {
            LeaderNavigation(context: context)
            Tag("div", [.attr("class", "page-head")]) {
                Tag("h1", text: t(.allocationTitle))
                Tag(
                    "a", [.attr("class", "button secondary"), .attr("href", SiteRoute.resourcePools.path)],
                    text: t(.poolsTitle))
            }
            Tag("p", [.attr("class", "lead")], text: t(.allocationIntro))
            Tag(
                "form", [.attr("method", "get"), .attr("action", SiteRoute.allocation.path), .attr("class", "filters")]
            ) {
                SelectInput(
                    context: context, name: "team", label: t(.dashboardTeam),
                    options: model.teams.map { ($0.id.uuidString, $0.name) }, selected: model.teamID?.uuidString ?? "",
                    error: model.state.error("team"))
                TextInput(
                    context: context, name: "on", label: t(.allocationDay), value: model.day, type: "date",
                    error: model.state.error("on"))
                Tag("button", [.attr("type", "submit"), .attr("class", "secondary")], text: t(.show))
            }
            if model.pools.isEmpty {
                Tag("p", [.attr("class", "empty")], text: t(.allocationNoPools))
            } else {
                DataTable(headers: [
                    t(.poolName), t(.poolPeriodKey), t(.poolCapacity), t(.allocationRequested),
                    t(.allocationProposedUse),
                ]) {
                    for pool in model.pools {
                        let requested = model.requests.filter { $0.request.poolID == pool.id }
                        Tag("tr") {
                            Tag("th", [.attr("scope", "row")], text: pool.definition.name)
                            Tag("td", text: model.periodKeys[pool.id] ?? "")
                            Tag(
                                "td", [.attr("class", "number")],
                                text: context.format.integer(pool.definition.capacity) + " " + pool.definition.unit)
                            Tag(
                                "td", [.attr("class", "number")],
                                text: context.format.integer(requested.map(\.request.draft.amount).reduce(0, +)))
                            Tag(
                                "td", [.attr("class", "number")],
                                text: context.format.integer(
                                    requested.filter(\.proposed).map(\.request.draft.amount).reduce(0, +)))
                        }
                    }
                }
            }
            if let plan = model.plan, !model.requests.isEmpty {
                Tag("section", [.attr("class", "panel"), .attr("id", "plan")]) {
                    Tag("h2", text: t(.allocationProposal))
                    Tag(
                        "p", [.attr("id", "plan-gain")],
                        text: t(
                            plan.isOptimal ? .allocationGainOptimal : .allocationGainBound,
                            [
                                "gain": money(Int64(plan.gain.rounded())),
                                "bound": money(Int64(plan.bound.rounded())),
                            ]))
                    ErrorSummary(
                        context: context, state: model.state,
                        labels: ["granted": t(.allocationGrant), "version": t(.allocationProposal)])
                    PostForm(context: context, action: .allocationConfirm) {
                        HiddenField(name: "team", value: model.teamID?.uuidString ?? "")
                        HiddenField(name: "on", value: model.day)
                        for item in model.requests {
                            HiddenField(
                                name: "seen[]", value: item.request.id.uuidString + ":" + String(item.request.version))
                        }
                        DataTable(headers: [
                            t(.allocationGrant), t(.dealTitle), t(.poolName), t(.allocationAmount),
                            t(.allocationUplift), t(.allocationGain), t(.allocationWhy), t(.allocationStatus),
                        ]) {
                            for item in model.requests {
                                let checked =
                                    model.state.lists["granted"].map { $0.contains(item.request.id.uuidString) }
                                    ?? item.proposed
                                Tag("tr", [.attr("id", "request-" + item.request.id.uuidString)]) {
                                    Tag("td") {
                                        VoidTag(
                                            "input",
                                            [
                                                .attr("type", "checkbox"), .attr("name", "granted[]"),
                                                .attr("value", item.request.id.uuidString), .flag("checked", checked),
                                                .attr(
                                                    "aria-label", t(.allocationGrant) + ": " + item.request.dealTitle),
                                            ])
                                    }
                                    Tag("td") {
                                        Tag(
                                            "a", [.attr("href", SiteRoute.deal(item.request.dealID).path)],
                                            text: item.request.dealTitle)
                                        Tag("div", [.attr("class", "hint")], text: item.request.draft.reason)
                                    }
                                    Tag("td", text: item.poolName)
                                    Tag(
                                        "td", [.attr("class", "number")],
                                        text: context.format.integer(item.request.draft.amount) + " " + item.unit)
                                    Tag(
                                        "td", [.attr("class", "number")],
                                        text: t(.allocationPoints, ["points": String(item.request.draft.upliftPoints)]))
                                    Tag(
                                        "td", [.attr("class", "number")],
                                        text: item.valueMinor == nil ? t(.allocationNoRate) : money(item.gainMinor))
                                    Tag(
                                        "td", [.attr("class", "reason")],
                                        text: item.reason?.text(context, unit: item.unit, currency: model.baseCurrency)
                                            ?? "")
                                    Tag("td", text: t(item.request.status.label))
                                }
                            }
                        }
                        Tag(
                            "button", [.attr("type", "submit"), .attr("class", "primary")], text: t(.allocationConfirm))
                    }
                }
            } else if !model.pools.isEmpty {
                Tag("p", [.attr("class", "empty")], text: t(.allocationNoRequests))
            }
            Tag("section", [.attr("class", "panel"), .attr("id", "allocation-outcomes")]) {
                Tag("h2", text: t(.allocationOutcomes))
                Tag("p", [.attr("class", "hint")], text: t(.allocationOutcomesHint))
                DataTable(headers: [
                    "", t(.allocationRequests), t(.outcomeWon), t(.outcomeLost), t(.allocationOpen),
                    t(.allocationExpected), t(.allocationWonValue),
                ]) {
                    for status in [ResourceRequestStatus.granted, .declined] {
                        let outcome = model.outcomes[status] ?? AllocationOutcome()
                        Tag("tr") {
                            Tag("th", [.attr("scope", "row")], text: t(status.label))
                            for value in [outcome.requests, outcome.won, outcome.lost, outcome.open] {
                                Tag("td", [.attr("class", "number")], text: context.format.integer(value))
                            }
                            Tag("td", [.attr("class", "number")], text: money(outcome.expectedGainMinor))
                            Tag("td", [.attr("class", "number")], text: money(outcome.wonMinor))
                        }
                    }
                }
                if !model.plans.isEmpty {
                    Tag("h3", text: t(.allocationConfirmedPlans))
                    Tag("ul") {
                        for plan in model.plans {
                            Tag(
                                "li",
                                text: t(
                                    .allocationPlanLine,
                                    [
                                        "day": plan.plannedOn, "who": plan.confirmedBy,
                                        "when": context.format.dateTime(plan.confirmedAt),
                                        "gain": money(plan.gainMinor),
                                    ]))
                        }
                    }
                }
            }
        }
    }
}

extension PageView where Model == ResourcePoolsPage.Model {
    public func render() -> String {
        let t = context.t
        let state = model.state
        let teamNames = Dictionary(uniqueKeysWithValues: model.teams.map { ($0.id, $0.name) })
        let labels = [
            "name": t(.poolName), "kind": t(.poolKind), "unit": t(.poolUnit), "period": t(.poolPeriod),
            "capacity": t(.poolCapacity), "teamID": t(.dashboardTeam), "version": t(.poolName),
        ]
        return Layout.render(context: context, title: t(.poolsTitle)) {
            LeaderNavigation(context: context)
            Tag("h1", text: t(.poolsTitle))
            Tag("p", [.attr("class", "lead")], text: t(.poolsIntro))
            if model.pools.isEmpty { Tag("p", [.attr("class", "empty")], text: t(.allocationNoPools)) }
            if !model.pools.isEmpty {
                DataTable(headers: [t(.poolName), t(.dashboardTeam), t(.poolKind), t(.poolCapacity)]) {
                    for pool in model.pools {
                        Tag("tr") {
                            Tag("th", [.attr("scope", "row")]) {
                                Tag(
                                    "a", [.attr("href", SiteRoute.resourcePool(pool.id).path)],
                                    text: pool.definition.name)
                            }
                            Tag("td", text: teamNames[pool.teamID] ?? "—")
                            Tag("td", text: t(pool.definition.kind.label))
                            Tag(
                                "td", [.attr("class", "number")],
                                text: context.format.integer(pool.definition.capacity) + " " + pool.definition.unit
                                    + " " + t(pool.definition.period.label))
                        }
                    }
                }
            }
            Tag("section", [.attr("class", "panel"), .attr("id", "pool-form")]) {
                Tag("h2", text: model.editing.map { t(.poolEdit, ["name": $0.definition.name]) } ?? t(.poolNew))
                ErrorSummary(context: context, state: state, labels: labels)
                PostForm(context: context, action: model.editing.map { .resourcePool($0.id) } ?? .resourcePools) {
                    if let editing = model.editing {
                        HiddenField(name: "version", value: String(editing.version))
                    } else {
                        SelectInput(
                            context: context, name: "teamID", label: t(.dashboardTeam),
                            options: model.teams.map { ($0.id.uuidString, $0.name) }, selected: state["teamID"],
                            error: state.error("teamID"))
                    }
                    TextInput(
                        context: context, name: "name", label: t(.poolName), value: state["name"],
                        error: state.error("name"))
                    SelectInput(
                        context: context, name: "kind", label: t(.poolKind),
                        options: ResourceKind.allCases.map { ($0.rawValue, t($0.label)) }, selected: state["kind"],
                        error: state.error("kind"))
                    TextInput(
                        context: context, name: "unit", label: t(.poolUnit), value: state["unit"],
                        hint: t(.poolUnitHint), error: state.error("unit"))
                    SelectInput(
                        context: context, name: "period", label: t(.poolPeriod),
                        options: ResourcePeriod.allCases.map { ($0.rawValue, t($0.label)) }, selected: state["period"],
                        error: state.error("period"))
                    TextInput(
                        context: context, name: "capacity", label: t(.poolCapacity), value: state["capacity"],
                        type: "number", error: state.error("capacity"))
                    Tag("button", [.attr("type", "submit"), .attr("class", "primary")], text: t(.poolSave))
                }
            }
        }
    }
}

/// A deal's resource requests and the pools of its team it may request from.
public struct DealResources: Sendable {
    public var requests: [ResourceRequestRecord]
    public var pools: [ResourcePoolRecord]
    /// The request form's values and errors after a failed request.
    public var state: FormState

    public init(requests: [ResourceRequestRecord], pools: [ResourcePoolRecord], state: FormState) {
        self.requests = requests
        self.pools = pools
        self.state = state
    }
}

/// The deal page's "Resources": what was asked for and how it was decided, and a request form.
struct DealResourcesSection: Component {
    let context: PageContext
    let dealID: UUID
    let resources: DealResources
    let canRequest: Bool

    var body: Component {
        let t = context.t
        let pools = Dictionary(uniqueKeysWithValues: resources.pools.map { ($0.id, $0) })
        let state = resources.state
        return Tag("section", [.attr("class", "panel"), .attr("id", "resources")]) {
            Tag("h2", text: t(.resourcesTitle))
            if resources.requests.isEmpty { Tag("p", [.attr("class", "empty")], text: t(.resourcesNone)) }
            Tag("ul") {
                for request in resources.requests {
                    Tag(
                        "li",
                        text: t(
                            .resourcePeriodLine,
                            [
                                "amount": context.format.integer(request.draft.amount),
                                "unit": pools[request.poolID]?.definition.unit ?? "",
                                "pool": pools[request.poolID]?.definition.name ?? "—", "period": request.periodKey,
                                "points": String(request.draft.upliftPoints), "status": t(request.status.label),
                            ]) + " — " + request.draft.reason)
                }
            }
            if canRequest && !resources.pools.isEmpty {
                // Folded away until wanted (or until a failed request has errors to show).
                Tag("details", [.attr("class", "resource-request"), .flag("open", !state.errors.isEmpty)]) {
                    Tag("summary", text: t(.resourceAsk))
                    requestForm
                }
            }
        }
    }

    private var requestForm: Component {
        let t = context.t
        let state = resources.state
        return ComponentGroup {
            Tag("p", [.attr("class", "hint")], text: t(.resourcesIntro))
            ErrorSummary(
                context: context, state: state,
                labels: [
                    "poolID": t(.poolName), "amount": t(.allocationAmount), "uplift": t(.resourceUpliftLabel),
                    "why": t(.resourceReason),
                ])
            PostForm(context: context, action: .dealResources(dealID)) {
                SelectInput(
                    context: context, name: "poolID", label: t(.poolName),
                    options: resources.pools.map {
                        ($0.id.uuidString, $0.definition.name + " (" + $0.definition.unit + ")")
                    }, selected: state["poolID"], error: state.error("poolID"))
                TextInput(
                    context: context, name: "amount", label: t(.allocationAmount), value: state["amount"],
                    type: "number", error: state.error("amount"))
                TextInput(
                    context: context, name: "uplift", label: t(.resourceUpliftLabel), value: state["uplift"],
                    type: "number", error: state.error("uplift"))
                // `why`, not `reason`: the close form on the same page has a `reason` field.
                TextInput(
                    context: context, name: "why", label: t(.resourceReason), value: state["why"],
                    error: state.error("why"))
                Tag("button", [.attr("type", "submit"), .attr("class", "secondary")], text: t(.resourceRequest))
            }
        }
    }
}
