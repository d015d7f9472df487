import Foundation
import Plot
import SparringDomain

/// `/dashboard`: a team's outcomes for a month (design §1, principle 1) — no activity counts, no
/// leaderboard of people.
public enum DashboardPage {
    public struct Model: Sendable {
        public var teams: [(id: UUID, name: String)]
        public var teamID: UUID?
        /// `2026-11`.
        public var month: String
        /// The first month of the comparisons' window, `2025-12`.
        public var windowStart: String
        public var dashboard: OutcomeDashboard?
        public var unblockByCategory: [UUID: [Int]]
        /// Obstacle categories and stages in their own order, tactics by id.
        public var categories: [(id: UUID, name: String)]
        public var stages: [(id: UUID, name: String)]
        public var tactics: [UUID: String]
        public var state: FormState

        public init(
            teams: [(id: UUID, name: String)], teamID: UUID?, month: String, windowStart: String,
            dashboard: OutcomeDashboard?, unblockByCategory: [UUID: [Int]], categories: [(id: UUID, name: String)],
            stages: [(id: UUID, name: String)], tactics: [UUID: String], state: FormState
        ) {
            self.teams = teams
            self.teamID = teamID
            self.month = month
            self.windowStart = windowStart
            self.dashboard = dashboard
            self.unblockByCategory = unblockByCategory
            self.categories = categories
            self.stages = stages
            self.tactics = tactics
            self.state = state
        }
    }

    public typealias View = PageView<Model>
}

extension PageView where Model == DashboardPage.Model {
    public func render() -> String {
        let t = context.t
        return Layout.render(context: context, title: t(.dashboardTitle)) {
            LeaderNavigation(context: context)
            Tag("h1", text: t(.dashboardTitle))
            Tag("p", [.attr("class", "lead")], text: t(.dashboardIntro))
            if model.teams.isEmpty {
                NoTeamNotice(context: context)
            } else {
                ErrorSummary(context: context, state: model.state, labels: ["month": t(.dashboardMonth)])
                Tag(
                    "form",
                    [.attr("method", "get"), .attr("action", SiteRoute.dashboard.path), .attr("class", "filters")]
                ) {
                    SelectInput(
                        context: context, name: "team", label: t(.dashboardTeam),
                        options: model.teams.map { ($0.id.uuidString, $0.name) },
                        selected: model.teamID?.uuidString ?? "")
                    TextInput(
                        context: context, name: "month", label: t(.dashboardMonth),
                        value: model.state.values["month"] ?? model.month, type: "month", hint: t(.dashboardMonthHint),
                        error: model.state.error("month"))
                    Tag("button", [.attr("type", "submit"), .attr("class", "secondary")], text: t(.show))
                }
                Tag(
                    "h2", [.attr("id", "dashboard-month")],
                    text: t(
                        .dashboardMonthHeading,
                        [
                            "month": context.format.month(model.month).capitalizedFirst,
                            "team": model.teams.first { $0.id == model.teamID }?.name ?? "",
                        ]))
            }
            if let dashboard = model.dashboard { figures(dashboard) }
        }
    }

    private func name(_ id: UUID, in list: [(id: UUID, name: String)]) -> String {
        list.first { $0.id == id }?.name ?? "—"
    }

    private func days(_ value: Double) -> String {
        context.t(
            .dashboardDays, ["days": context.format.decimal(value, fractionDigits: value.rounded() == value ? 0 : 1)])
    }

    @ComponentBuilder
    private func figures(_ dashboard: OutcomeDashboard) -> Component {
        let t = context.t
        let format = context.format
        let median = dashboard.unblockMedian
        Tag("dl", [.attr("class", "facts key-figures")]) {
            Tag("dt", text: t(.dashboardStuckDeals))
            Tag("dd", text: format.integer(dashboard.stuckDeals))
            Tag("dt", text: t(.dashboardMedianUnblock))
            Tag(
                "dd",
                text: median.map {
                    days($0.median) + " (" + t(.chartInterval) + " "
                        + format.decimal($0.interval.lowerBound, fractionDigits: 0) + "–"
                        + format.decimal($0.interval.upperBound, fractionDigits: 0) + ", n = "
                        + format.integer(dashboard.unblockDays.count) + ")"
                } ?? t(.dashboardNothingUnblocked))
        }
        Tag("div", [.attr("class", "charts")]) {
            BarChart(
                context: context, id: "stuck-why", title: t(.dashboardWhyStuck),
                summary: whyStuckSummary,
                bars: dashboard.stuckBy.map {
                    ChartBar(
                        label: name($0.categoryID, in: model.categories), value: Double($0.deals),
                        display: format.integer($0.deals))
                },
                maximum: Double(dashboard.stuckBy.first?.deals ?? 1), valueHeader: t(.dashboardDeals))
            let stageIDs = Set(dashboard.heatmap.keys)
            let categoryIDs = Set(dashboard.heatmap.values.flatMap(\.keys))
            Heatmap(
                context: context, id: "heatmap", title: t(.dashboardHeatmap),
                summary: t(
                    .dashboardHeatmapSummary, ["count": String(dashboard.heatmap.values.flatMap(\.values).reduce(0, +))]
                ),
                rowHeader: t(.stage), rows: model.stages.filter { stageIDs.contains($0.id) },
                columns: model.categories.filter { categoryIDs.contains($0.id) }, counts: dashboard.heatmap)
            BarChart(
                context: context, id: "unblock", title: t(.dashboardUnblock),
                summary: median.map {
                    t(
                        .dashboardUnblockSummary,
                        ["median": days($0.median), "count": String(dashboard.unblockDays.count)])
                } ?? t(.dashboardNothingUnblocked),
                bars: model.categories.compactMap { category in
                    guard let values = model.unblockByCategory[category.id], let m = OutcomeComparison.median(values)
                    else { return nil }
                    return ChartBar(
                        label: category.name, value: m.median, display: days(m.median) + " (n = \(values.count))",
                        interval: m.interval,
                        intervalDisplay: format.decimal(m.interval.lowerBound, fractionDigits: 0) + "–"
                            + format.decimal(m.interval.upperBound, fractionDigits: 0))
                },
                maximum: Double(
                    model.unblockByCategory.values.compactMap { OutcomeComparison.median($0)?.interval.upperBound }
                        .max() ?? 1),
                valueHeader: t(.dashboardMedianUnblock))
            sparring(dashboard.sparring)
            let shownTactics = dashboard.tactics.prefix(10)
            BarChart(
                context: context, id: "tactics", title: t(.dashboardTactics),
                summary: shownTactics.isEmpty
                    ? t(.dashboardTacticsNone, ["minimum": String(TacticEvidence.minimumDeals)])
                    : t(.dashboardTacticsSummary, ["count": String(shownTactics.count)]),
                bars: shownTactics.map { evidence in
                    let rate = evidence.applied.rate ?? 0
                    return ChartBar(
                        label: (model.tactics[evidence.tacticID] ?? "—") + " · "
                            + name(evidence.categoryID, in: model.categories),
                        value: rate * 100,
                        display: t(
                            .dashboardTacticLine,
                            [
                                "with": format.percent(rate), "n": String(evidence.applied.deals),
                                "without": format.percent(evidence.notApplied.rate ?? 0),
                                "m": String(evidence.notApplied.deals),
                            ]),
                        interval: evidence.applied.interval.map { ($0.lowerBound * 100)...($0.upperBound * 100) },
                        intervalDisplay: evidence.applied.interval.map {
                            format.percent($0.lowerBound) + "–" + format.percent($0.upperBound)
                        })
                }, maximum: 100, valueHeader: t(.dashboardWinRateWith))
            let pipeline = dashboard.pipeline
            let steps: [(L10nKey, Int)] = [
                (.dashboardOptions, pipeline.optionsCreated), (.dashboardPlansChosen, pipeline.plansChosen),
                (.dashboardStories, pipeline.storiesShared), (.dashboardBulletinsUseful, pipeline.bulletinsUseful),
            ]
            BarChart(
                context: context, id: "pipeline", title: t(.dashboardPipeline),
                summary: t(
                    .dashboardPipelineSummary,
                    [
                        "options": String(pipeline.optionsCreated), "chosen": String(pipeline.plansChosen),
                        "stories": String(pipeline.storiesShared), "useful": String(pipeline.bulletinsUseful),
                    ]),
                bars: steps.map { ChartBar(label: t($0.0), value: Double($0.1), display: format.integer($0.1)) },
                maximum: Double(max(steps.map(\.1).max() ?? 1, 1)), valueHeader: t(.dashboardCount))
        }
    }

    @ComponentBuilder
    private func sparring(_ comparison: OutcomeComparison) -> Component {
        let t = context.t
        let format = context.format
        let groups: [(L10nKey, OutcomeComparison.Group)] = [
            (.dashboardWithSparring, comparison.withSparring), (.dashboardWithoutSparring, comparison.without),
        ]
        let counts = [
            "with": String(comparison.withSparring.closed), "without": String(comparison.without.closed),
            "minimum": String(OutcomeComparison.minimumDeals), "from": model.windowStart, "to": model.month,
        ]
        if comparison.isShown {
            let difference = comparison.winRateDifference
            BarChart(
                context: context, id: "sparring-win", title: t(.dashboardSparringWin),
                summary: t(
                    .dashboardSparringWinSummary,
                    counts.merging([
                        "difference": difference.map { format.decimal($0.difference * 100, fractionDigits: 0) } ?? "—",
                        "low": difference.map { format.decimal($0.interval.lowerBound * 100, fractionDigits: 0) }
                            ?? "—",
                        "high": difference.map { format.decimal($0.interval.upperBound * 100, fractionDigits: 0) }
                            ?? "—",
                    ]) { a, _ in a }),
                bars: groups.map { label, group in
                    let interval = group.winRate.interval ?? 0...0
                    return ChartBar(
                        label: t(label), value: (group.winRate.rate ?? 0) * 100,
                        display: format.percent(group.winRate.rate ?? 0) + " (\(group.won)/\(group.closed))",
                        interval: (interval.lowerBound * 100)...(interval.upperBound * 100),
                        intervalDisplay: format.percent(interval.lowerBound) + "–" + format.percent(interval.upperBound)
                    )
                }, maximum: 100, valueHeader: t(.dashboardWinRate))
            let medians = groups.map { ($0.0, $0.1, OutcomeComparison.median($0.1.cycleDays)) }
            BarChart(
                context: context, id: "sparring-cycle", title: t(.dashboardSparringCycle),
                summary: t(.dashboardSparringCycleSummary, counts),
                bars: medians.compactMap { label, group, median in
                    median.map {
                        ChartBar(
                            label: t(label), value: $0.median, display: days($0.median) + " (n = \(group.closed))",
                            interval: $0.interval,
                            intervalDisplay: format.decimal($0.interval.lowerBound, fractionDigits: 0) + "–"
                                + format.decimal($0.interval.upperBound, fractionDigits: 0))
                    }
                }, maximum: medians.compactMap { $0.2?.interval.upperBound }.max() ?? 1,
                valueHeader: t(.dashboardMedianCycle))
        } else {
            Tag("figure", [.attr("class", "chart"), .attr("id", "sparring-win")]) {
                Tag("figcaption") { Tag("h3", text: t(.dashboardSparringWin)) }
                Tag("p", [.attr("class", "empty")], text: t(.dashboardSparringHidden, counts))
            }
        }
    }
}

extension PageView where Model == DashboardPage.Model {
    /// "The most common kind was …" only when one kind leads; kinds tied at the top are named together
    /// (four kinds with one deal each are not "the most common").
    var whyStuckSummary: String {
        let t = context.t
        guard let dashboard = model.dashboard, let first = dashboard.stuckBy.first else {
            return t(.dashboardNoneStuck)
        }
        let top = dashboard.stuckBy.filter { $0.deals == first.deals }.map { name($0.categoryID, in: model.categories) }
        let deals = context.format.integer(dashboard.stuckDeals)
        guard top.count > 1 else { return t(.dashboardWhyStuckSummary, ["deals": deals, "top": top[0]]) }
        return t(
            .dashboardWhyStuckTied,
            ["deals": deals, "count": context.format.integer(top.count), "kinds": top.joined(separator: ", ")])
    }
}
