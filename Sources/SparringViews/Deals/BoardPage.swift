import Foundation
import Plot
import SparringDomain

/// A team's pipeline board: the forecast, then a column per open stage with its cards.
public enum BoardPage {
    public struct Model: Sendable {
        public var teamID: UUID
        public var teamName: String
        public var teams: [(id: UUID, name: String)]
        public var pipelines: [Pipeline]
        public var pipelineID: UUID
        public var columns: [BoardColumn]
        public var forecast: Forecast
        public var quarter: Quarter
        public var baseCurrency: String
        public var rates: [ExchangeRateEntry]
        /// Set when the cards are only the viewer's own (a seller).
        public var ownCardsOnly: Bool
        public var now: Date

        public init(
            teamID: UUID, teamName: String, teams: [(id: UUID, name: String)], pipelines: [Pipeline], pipelineID: UUID,
            columns: [BoardColumn], forecast: Forecast, quarter: Quarter, baseCurrency: String,
            rates: [ExchangeRateEntry], ownCardsOnly: Bool, now: Date
        ) {
            self.teamID = teamID
            self.teamName = teamName
            self.teams = teams
            self.pipelines = pipelines
            self.pipelineID = pipelineID
            self.columns = columns
            self.forecast = forecast
            self.quarter = quarter
            self.baseCurrency = baseCurrency
            self.rates = rates
            self.ownCardsOnly = ownCardsOnly
            self.now = now
        }
    }

    public typealias View = PageView<Model>
}

extension PageView where Model == BoardPage.Model {
    public func render() -> String {
        let t = context.t, format = context.format
        let title = t(.boardTitle, ["team": model.teamName])
        let forecast = model.forecast
        return Layout.render(context: context, title: title) {
            Tag("h1", text: title)
            if model.teams.count > 1 || model.pipelines.count > 1 {
                Tag("form", [.attr("method", "get"), .attr("action", SiteRoute.board.path), .attr("class", "filters")])
                {
                    SelectInput(
                        context: context, name: "team", label: t(.team),
                        options: model.teams.map { (value: $0.id.uuidString, label: $0.name) },
                        selected: model.teamID.uuidString)
                    if model.pipelines.count > 1 {
                        SelectInput(
                            context: context, name: "pipeline", label: t(.pipeline),
                            options: model.pipelines.map { (value: $0.id.uuidString, label: $0.name(context.locale)) },
                            selected: model.pipelineID.uuidString)
                    }
                    Tag("div", [.attr("class", "actions")]) {
                        Tag("button", [.attr("type", "submit")], text: t(.show))
                    }
                }
            }
            Tag("section", [.attr("class", "forecast"), .attr("aria-label", t(.forecastTitle))]) {
                Tag(
                    "h2",
                    text: t(.forecastTitle) + " · "
                        + t(.quarterName, ["q": String(model.quarter.number), "year": String(model.quarter.year)]))
                Tag("dl", [.attr("class", "figures")]) {
                    figure(t(.forecastOpen, ["count": format.integer(forecast.openCount)]), forecast.open)
                    figure(t(.forecastWeighted), forecast.weighted)
                    figure(t(.forecastWon, ["count": format.integer(forecast.wonCount)]), forecast.won)
                    figure(t(.forecastLost, ["count": format.integer(forecast.lostCount)]), forecast.lost)
                }
                Tag("p", [.attr("class", "hint")], text: ratesNote)
            }
            if model.ownCardsOnly { Tag("p", [.attr("class", "hint")], text: t(.boardOwnCardsOnly)) }
            // Where the script says that a drag was refused (it used to snap back without a word).
            Tag(
                "div",
                [
                    .attr("class", "error-summary"), .attr("id", "board-message"), .attr("role", "alert"),
                    .attr("tabindex", "-1"),
                    .flag("hidden"), .attr("data-conflict", t(.boardMoveConflict)),
                    .attr("data-failed", t(.boardMoveFailed)),
                ]
            ) {
                Tag("p", [.attr("class", "board-message-text")], text: "")
                Tag("p") {
                    Tag(
                        "a",
                        [
                            .attr(
                                "href",
                                SiteRoute.teamBoard(model.teamID).path + "?pipeline=" + model.pipelineID.uuidString)
                        ],
                        text: t(.boardReload))
                }
            }
            Tag("div", [.attr("class", "board"), .attr("data-board", "true")]) {
                for column in model.columns {
                    let stageName = column.stage.name(context.locale)
                    Tag("section", [.attr("class", "column"), .attr("data-stage", column.stage.id.uuidString)]) {
                        Tag("h2", text: stageName)
                        Tag("p", [.attr("class", "column-totals")]) {
                            Tag("span", text: t(.columnCount, ["count": format.integer(column.count)]))
                            Tag("span") {
                                MoneyTotalText(context: context, total: column.total, base: model.baseCurrency)
                            }
                            Tag("span") {
                                Txt(t(.columnWeighted, ["percent": String(column.stage.probability)]) + " ")
                                MoneyTotalText(context: context, total: column.weighted, base: model.baseCurrency)
                            }
                        }
                        Tag("ol", [.attr("class", "deal-cards")]) {
                            for card in column.cards {
                                let deal = card.deal
                                Tag(
                                    "li",
                                    [
                                        .attr("class", card.stuckReasons.isEmpty ? "deal-card" : "deal-card is-stuck"),
                                        .attr("data-deal", deal.id.uuidString),
                                        .attr("data-version", String(deal.version)),
                                    ]
                                ) {
                                    Tag("a", [.attr("href", SiteRoute.deal(deal.id).path)], text: card.customerName)
                                    Tag("span", [.attr("class", "card-title")], text: deal.title)
                                    Tag(
                                        "span", [.attr("class", "money")],
                                        text: format.money(minorUnits: deal.amountMinor, currency: deal.currency))
                                    Tag(
                                        "span", [.attr("class", "days")],
                                        text: t(
                                            .cardDays,
                                            ["days": context.days(since: deal.stageEnteredAt, now: model.now)]))
                                    if !card.stuckReasons.isEmpty {
                                        Tag(
                                            "span",
                                            [
                                                .attr("class", "badge stuck-badge"),
                                                .attr(
                                                    "title",
                                                    card.stuckReasons.map {
                                                        $0.message(stage: stageName, t, format: format)
                                                    }.joined(separator: "; ")),
                                            ], text: t(.stuckBadge))
                                    }
                                }
                            }
                        }
                        if column.count > column.cards.count && !model.ownCardsOnly {
                            Tag(
                                "a",
                                [
                                    .attr("class", "more"),
                                    .attr(
                                        "href",
                                        SiteRoute.deals.path + "?team=" + model.teamID.uuidString + "&stage="
                                            + column.stage.id.uuidString),
                                ], text: t(.columnMore, ["count": format.integer(column.count - column.cards.count)]))
                        }
                    }
                }
            }
            Tag("script", [.attr("src", SiteRoute.script.path), .attr("defer", "defer")], text: "")
        }
    }

    private func figure(_ label: String, _ total: MoneyTotal) -> Component {
        Tag("div", [.attr("class", "figure")]) {
            Tag("dt", text: label)
            Tag("dd") { MoneyTotalText(context: context, total: total, base: model.baseCurrency) }
        }
    }

    private var ratesNote: String {
        let t = context.t
        guard !model.rates.isEmpty else { return t(.ratesNone, ["base": model.baseCurrency]) }
        let list = model.rates.map { entry in
            t(
                .rateEntry,
                [
                    "currency": entry.currency, "rate": NSDecimalNumber(decimal: entry.rate).stringValue,
                    "date": context.dayText(entry.setOn),
                ])
        }
        return t(.ratesUsed, ["base": model.baseCurrency, "rates": list.joined(separator: ", ")])
    }
}
