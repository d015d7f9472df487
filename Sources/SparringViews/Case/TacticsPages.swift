import Foundation
import Plot
import SparringDomain

/// The tactics catalogue with what the closed deals say about each against each obstacle category.
public enum TacticsPage {
    public struct Model: Sendable {
        public var tactics: [Tactic]
        public var categories: [ObstacleCategory]
        public var evidence: [TacticEvidence]
        /// When the evidence was counted (it is recounted every few minutes, not on every view).
        public var computedAt: Date
        public var canManage: Bool
        /// The add form after a failed save.
        public var state: FormState

        public init(
            tactics: [Tactic], categories: [ObstacleCategory], evidence: [TacticEvidence], computedAt: Date,
            canManage: Bool, state: FormState
        ) {
            self.tactics = tactics
            self.categories = categories
            self.evidence = evidence
            self.computedAt = computedAt
            self.canManage = canManage
            self.state = state
        }
    }

    public typealias View = PageView<Model>
}

/// Edit one tactic: its name, description, the categories it aims at, retired or not.
public enum TacticFormPage {
    public struct Model: Sendable {
        public var tactic: Tactic
        public var version: Int
        public var categories: [ObstacleCategory]
        public var state: FormState

        public init(tactic: Tactic, version: Int, categories: [ObstacleCategory], state: FormState) {
            self.tactic = tactic
            self.version = version
            self.categories = categories
            self.state = state
        }
    }

    public typealias View = PageView<Model>
}

/// The organisation's obstacle taxonomy (admins).
public enum ObstacleTaxonomyPage {
    public struct Model: Sendable {
        public var categories: [ObstacleCategory]
        public var state: FormState
        /// The category whose form failed.
        public var failedID: UUID?

        public init(categories: [ObstacleCategory], state: FormState, failedID: UUID?) {
            self.categories = categories
            self.state = state
            self.failedID = failedID
        }
    }

    public typealias View = PageView<Model>
}

extension PageView where Model == TacticsPage.Model {
    public func render() -> String {
        let t = context.t, state = model.state
        let names = Dictionary(
            model.categories.map { ($0.id, $0.name(context.locale)) }, uniquingKeysWith: { a, _ in a })
        let labels = ["name": t(.tacticName), "summary": t(.tacticSummary), "categories": t(.tacticCategories)]
        return Layout.render(context: context, title: t(.tacticsTitle)) {
            Tag("h1", text: t(.tacticsTitle))
            Tag("p", text: t(.tacticsIntro))
            Tag(
                "p", [.attr("class", "hint")],
                text: t(.tacticsAssociation) + " "
                    + t(.evidenceAsOf, ["time": context.format.dateTime(model.computedAt)]))
            ErrorSummary(context: context, state: state, labels: labels)
            if model.tactics.isEmpty { Tag("p", [.attr("class", "empty")], text: t(.noTactics)) }
            for tactic in model.tactics {
                Tag("section", [.attr("class", "panel tactic")]) {
                    Tag("div", [.attr("class", "list-header")]) {
                        Tag("h2", text: tactic.name)
                        if model.canManage {
                            Tag("a", [.attr("href", SiteRoute.tactic(tactic.id).path)], text: t(.tacticEdit))
                        }
                    }
                    if !tactic.summary.isEmpty { Tag("p", text: tactic.summary) }
                    Tag(
                        "p", [.attr("class", "hint")],
                        text: t(.tacticCategories) + ": "
                            + tactic.categoryIDs.compactMap { names[$0] }.sorted().joined(separator: ", "))
                    let rows = model.evidence.filter { $0.tacticID == tactic.id }
                        .sorted { (names[$0.categoryID] ?? "") < (names[$1.categoryID] ?? "") }
                    Tag("ul", [.attr("class", "evidence")]) {
                        for evidence in rows {
                            Tag("li") {
                                Tag(
                                    "strong",
                                    text: t(.evidenceAgainst, ["category": names[evidence.categoryID] ?? "—"]))
                                if evidence.isShown {
                                    Tag("div", text: rate(.evidenceWith, evidence.applied))
                                    Tag("div", text: rate(.evidenceWithout, evidence.notApplied))
                                } else {
                                    Tag(
                                        "div", [.attr("class", "hint")],
                                        text: t(
                                            .evidenceTooFew,
                                            [
                                                "with": String(evidence.applied.deals),
                                                "without": String(evidence.notApplied.deals),
                                                "minimum": String(TacticEvidence.minimumDeals),
                                            ]))
                                }
                            }
                        }
                    }
                }
            }
            if model.canManage {
                Tag("section", [.attr("class", "panel")]) {
                    Tag("h2", text: t(.tacticAdd))
                    PostForm(context: context, action: .tactics) {
                        TacticFields(context: context, state: state, categories: model.categories)
                        Tag("button", [.attr("type", "submit"), .attr("class", "primary")], text: t(.tacticAdd))
                    }
                }
            }
        }
    }

    /// "6 of 7 won (86 %, 95 % CI 49–97 %)".
    private func rate(_ key: L10nKey, _ rate: WinRate) -> String {
        let format = context.format
        let interval = rate.interval ?? 0...0
        return context.t(
            key,
            [
                "wins": String(rate.wins), "deals": String(rate.deals), "rate": format.percent(rate.rate ?? 0),
                "low": format.percent(interval.lowerBound), "high": format.percent(interval.upperBound),
            ])
    }
}

/// Name, description and categories of a tactic, shared by the add and edit forms.
struct TacticFields: Component {
    let context: PageContext
    let state: FormState
    let categories: [ObstacleCategory]

    var body: Component {
        let t = context.t
        return ComponentGroup {
            TextInput(
                context: context, name: "name", label: t(.tacticName), value: state["name"], error: state.error("name"))
            TextAreaInput(
                context: context, name: "summary", label: t(.tacticSummary), value: state["summary"],
                error: state.error("summary"))
            CheckboxGroup(
                context: context, name: "categories", legend: t(.tacticCategories),
                options: categories.filter { !$0.isRetired }.map {
                    (value: $0.id.uuidString, label: $0.name(context.locale))
                },
                checked: state.list("categories"), error: state.error("categories"))
        }
    }
}

extension PageView where Model == TacticFormPage.Model {
    public func render() -> String {
        let t = context.t, state = model.state
        let labels = [
            "name": t(.tacticName), "summary": t(.tacticSummary), "categories": t(.tacticCategories),
            "version": t(.tacticEdit),
        ]
        return Layout.render(context: context, title: t(.tacticEdit) + " · " + model.tactic.name) {
            Tag("p") { Tag("a", [.attr("href", SiteRoute.tactics.path)], text: "← " + t(.navTactics)) }
            Tag("h1", text: t(.tacticEdit))
            ErrorSummary(context: context, state: state, labels: labels)
            PostForm(context: context, action: .tactic(model.tactic.id)) {
                HiddenField(name: "version", value: String(model.version))
                TacticFields(context: context, state: state, categories: model.categories)
                Tag("div", [.attr("class", "field checkbox")]) {
                    Tag("label") {
                        VoidTag(
                            "input",
                            [
                                .attr("type", "checkbox"), .attr("name", "retired"), .attr("value", "true"),
                                .flag("checked", state["retired"] == "true"),
                            ])
                        Txt(" " + t(.tacticRetired))
                    }
                }
                Tag("div", [.attr("class", "actions")]) {
                    Tag("button", [.attr("type", "submit"), .attr("class", "primary")], text: t(.save))
                    Tag("a", [.attr("href", SiteRoute.tactics.path)], text: t(.cancel))
                }
            }
        }
    }
}

extension PageView where Model == ObstacleTaxonomyPage.Model {
    public func render() -> String {
        let t = context.t
        let labels = ["nameNB": t(.categoryNameNB), "nameEN": t(.categoryNameEN), "version": t(.obstacleTaxonomyTitle)]
        return Layout.render(context: context, title: t(.obstacleTaxonomyTitle)) {
            Tag("h1", text: t(.obstacleTaxonomyTitle))
            Tag("p", text: t(.obstacleTaxonomyIntro))
            ErrorSummary(context: context, state: model.state, labels: labels)
            for category in model.categories {
                let state = model.failedID == category.id ? model.state : FormState()
                let suffix = "-" + category.id.uuidString.prefix(8)
                Tag("section", [.attr("class", category.isRetired ? "panel retired" : "panel")]) {
                    PostForm(context: context, action: .obstacleCategory(category.id)) {
                        HiddenField(name: "version", value: String(category.version))
                        TextInput(
                            context: context, name: "nameNB", label: t(.categoryNameNB),
                            value: state.values["nameNB"] ?? category.nameNB, error: state.error("nameNB"),
                            idSuffix: String(suffix))
                        TextInput(
                            context: context, name: "nameEN", label: t(.categoryNameEN),
                            value: state.values["nameEN"] ?? category.nameEN, error: state.error("nameEN"),
                            idSuffix: String(suffix))
                        Tag("div", [.attr("class", "field checkbox")]) {
                            Tag("label") {
                                VoidTag(
                                    "input",
                                    [
                                        .attr("type", "checkbox"), .attr("name", "retired"), .attr("value", "true"),
                                        .flag("checked", category.isRetired),
                                    ])
                                Txt(" " + t(.categoryRetire))
                            }
                        }
                        Tag("button", [.attr("type", "submit")], text: t(.save))
                    }
                }
            }
            Tag("section", [.attr("class", "panel")]) {
                Tag("h2", text: t(.categoryAdd))
                let state = model.failedID == nil ? model.state : FormState()
                PostForm(context: context, action: .obstacleTaxonomy) {
                    TextInput(
                        context: context, name: "nameNB", label: t(.categoryNameNB), value: state["nameNB"],
                        error: state.error("nameNB"))
                    TextInput(
                        context: context, name: "nameEN", label: t(.categoryNameEN), value: state["nameEN"],
                        error: state.error("nameEN"))
                    Tag("button", [.attr("type", "submit"), .attr("class", "primary")], text: t(.categoryAdd))
                }
            }
        }
    }
}
