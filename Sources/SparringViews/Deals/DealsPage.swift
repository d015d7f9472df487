import Foundation
import Plot
import SparringDomain

/// The deal list: filters, sort, a page of deals, and the way to export what is listed.
public enum DealsPage {
    public struct Model: Sendable {
        /// The filter form's values as the query string had them (so a bad value is shown as typed).
        public var state: FormState
        public var rows: [DealRow]
        public var total: Int
        public var stages: StageDirectory
        public var teams: [(id: UUID, name: String)]
        /// Owners the owner filter offers (people of the chosen team, or of the teams one leads).
        public var owners: [(id: UUID, name: String)]
        public var baseCurrency: String
        public var now: Date
        public var firstPath: String?
        public var nextPath: String?
        public var exportPath: String
        public var canCreate: Bool

        public init(
            state: FormState, rows: [DealRow], total: Int, stages: StageDirectory, teams: [(id: UUID, name: String)],
            owners: [(id: UUID, name: String)], baseCurrency: String, now: Date, firstPath: String?,
            nextPath: String?, exportPath: String, canCreate: Bool
        ) {
            self.state = state
            self.rows = rows
            self.total = total
            self.stages = stages
            self.teams = teams
            self.owners = owners
            self.baseCurrency = baseCurrency
            self.now = now
            self.firstPath = firstPath
            self.nextPath = nextPath
            self.exportPath = exportPath
            self.canCreate = canCreate
        }
    }

    public typealias View = PageView<Model>
}

/// Deals whose stuck flag is snoozed, with who snoozed them, why and until when.
public enum SnoozedDealsPage {
    public struct Model: Sendable {
        public var rows: [DealRow]
        public var stages: StageDirectory
        public var people: [UUID: String]

        public init(rows: [DealRow], stages: StageDirectory, people: [UUID: String]) {
            self.rows = rows
            self.stages = stages
            self.people = people
        }
    }

    public typealias View = PageView<Model>
}

extension PageView where Model == DealsPage.Model {
    public func render() -> String {
        let t = context.t, state = model.state, locale = context.locale
        let any = [(value: "", label: t(.filterAny))]
        return Layout.render(context: context, title: t(.dealsTitle)) {
            Tag("div", [.attr("class", "list-header")]) {
                Tag("h1", text: t(.dealsTitle))
                Tag("div", [.attr("class", "actions")]) {
                    if model.canCreate {
                        Tag(
                            "a", [.attr("class", "button primary"), .attr("href", SiteRoute.dealNew.path)],
                            text: t(.newDeal))
                    }
                    Tag(
                        "a", [.attr("class", "button"), .attr("href", SiteRoute.dealsSnoozed.path)],
                        text: t(.snoozedTitle))
                }
            }
            ErrorSummary(
                context: context, state: state,
                labels: [
                    "minAmount": t(.filterMinAmount, ["currency": model.baseCurrency]),
                    "maxAmount": t(.filterMaxAmount, ["currency": model.baseCurrency]), "team": t(.team),
                    "owner": t(.owner), "stage": t(.stage), "status": t(.status), "sort": t(.sortBy),
                ])
            Tag("form", [.attr("method", "get"), .attr("action", SiteRoute.deals.path), .attr("class", "filters")]) {
                TextInput(
                    context: context, name: "q", label: t(.filterText), value: state["q"], type: "search",
                    required: false)
                SelectInput(
                    context: context, name: "team", label: t(.team),
                    options: any + model.teams.map { (value: $0.id.uuidString, label: $0.name) },
                    selected: state["team"],
                    error: state.error("team"))
                if !model.owners.isEmpty {
                    SelectInput(
                        context: context, name: "owner", label: t(.owner),
                        options: any + model.owners.map { (value: $0.id.uuidString, label: $0.name) },
                        selected: state["owner"], error: state.error("owner"))
                }
                SelectInput(
                    context: context, name: "stage", label: t(.stage), options: any + model.stages.options(locale),
                    selected: state["stage"], error: state.error("stage"))
                SelectInput(
                    context: context, name: "status", label: t(.status),
                    options: [(value: "all", label: t(.filterAny))]
                        + DealStatus.allCases.map { (value: $0.rawValue, label: context.statusLabel($0)) },
                    selected: state["status"].isEmpty ? DealStatus.open.rawValue : state["status"],
                    error: state.error("status"))
                TextInput(
                    context: context, name: "minAmount", label: t(.filterMinAmount, ["currency": model.baseCurrency]),
                    value: state["minAmount"], required: false, error: state.error("minAmount"))
                TextInput(
                    context: context, name: "maxAmount", label: t(.filterMaxAmount, ["currency": model.baseCurrency]),
                    value: state["maxAmount"], required: false, error: state.error("maxAmount"))
                SelectInput(
                    context: context, name: "sort", label: t(.sortBy),
                    options: DealSort.allCases.map { (value: $0.rawValue, label: sortLabel($0)) },
                    selected: state["sort"].isEmpty ? DealSort.inStage.rawValue : state["sort"],
                    error: state.error("sort"))
                Tag("div", [.attr("class", "field checkbox")]) {
                    Tag("label") {
                        VoidTag(
                            "input",
                            [
                                .attr("type", "checkbox"), .attr("name", "stuck"), .attr("value", "true"),
                                .flag("checked", state["stuck"] == "true"),
                            ])
                        Txt(" " + t(.filterStuckOnly))
                    }
                }
                Tag("div", [.attr("class", "actions")]) {
                    Tag("button", [.attr("type", "submit"), .attr("class", "primary")], text: t(.filterApply))
                    Tag("a", [.attr("href", SiteRoute.deals.path)], text: t(.filterReset))
                }
            }
            Tag("p", [.attr("class", "summary")]) {
                Txt(t(.dealsCount, ["count": context.format.integer(model.total)]) + " ")
                Tag("a", [.attr("href", model.exportPath)], text: t(.exportCSV))
            }
            if model.rows.isEmpty {
                Tag("p", text: t(.noDeals))
            } else {
                DealTable(context: context, rows: model.rows, stages: model.stages, now: model.now)
            }
            PageLinks(context: context, firstPath: model.firstPath, nextPath: model.nextPath)
        }
    }

    private func sortLabel(_ sort: DealSort) -> String {
        switch sort {
        case .inStage: context.t(.sortInStage)
        case .amount: context.t(.sortAmount)
        case .closeDate: context.t(.sortCloseDate)
        case .updated: context.t(.sortUpdated)
        }
    }
}

/// Deals as a table: title, customer, owner, stage, amount, close date, days in stage, stuck reasons.
struct DealTable: Component {
    let context: PageContext
    let rows: [DealRow]
    let stages: StageDirectory
    let now: Date

    var body: Component {
        let t = context.t
        return DataTable(headers: [
            t(.dealTitle), t(.customer), t(.owner), t(.stage), t(.amount), t(.expectedClose), t(.daysInStage),
            t(.stuckColumn),
        ]) {
            for row in rows {
                let deal = row.deal, stageName = stages.name(deal.stageID, context.locale)
                Tag("tr", [.optional("class", row.stuckReasons.isEmpty ? nil : "is-stuck")]) {
                    Tag("td") { Tag("a", [.attr("href", SiteRoute.deal(deal.id).path)], text: deal.title) }
                    Tag("td", text: row.customerName)
                    Tag("td", text: row.ownerName)
                    Tag(
                        "td",
                        text: deal.status == .open
                            ? stageName : stageName + " (" + context.statusLabel(deal.status) + ")")
                    Tag(
                        "td", [.attr("class", "number")],
                        text: context.format.money(minorUnits: deal.amountMinor, currency: deal.currency))
                    Tag("td", text: context.dayText(deal.expectedClose))
                    Tag("td", [.attr("class", "number")], text: context.days(since: deal.stageEnteredAt, now: now))
                    Tag("td") {
                        if !row.stuckReasons.isEmpty {
                            StuckReasons(context: context, reasons: row.stuckReasons, stageName: stageName)
                        }
                    }
                }
            }
        }
    }
}

extension PageView where Model == SnoozedDealsPage.Model {
    public func render() -> String {
        let t = context.t
        return Layout.render(context: context, title: t(.snoozedTitle)) {
            Tag("p") { Tag("a", [.attr("href", SiteRoute.deals.path)], text: "← " + t(.dealsTitle)) }
            Tag("h1", text: t(.snoozedTitle))
            Tag("p", text: t(.snoozedIntro))
            if model.rows.isEmpty {
                Tag("p", text: t(.noSnoozed))
            } else {
                DataTable(headers: [
                    t(.dealTitle), t(.customer), t(.owner), t(.stage), t(.snoozeUntil), t(.snoozeReason), t(.snoozedBy),
                ]) {
                    for row in model.rows {
                        let deal = row.deal
                        Tag("tr") {
                            Tag("td") { Tag("a", [.attr("href", SiteRoute.deal(deal.id).path)], text: deal.title) }
                            Tag("td", text: row.customerName)
                            Tag("td", text: row.ownerName)
                            Tag("td", text: model.stages.name(deal.stageID, context.locale))
                            Tag("td", text: context.dayText(deal.snooze?.until))
                            Tag("td", text: deal.snooze?.reason ?? "")
                            Tag("td", text: deal.snooze?.byUserID.flatMap { model.people[$0] } ?? "")
                        }
                    }
                }
            }
        }
    }
}
