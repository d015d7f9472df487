import Foundation
import Plot
import SparringDomain

/// The admin's sales process: pipelines with their stages, and forms to add and rename.
public enum SalesProcessPage {
    public struct Model: Sendable {
        public var pipelines: [Pipeline]
        /// Errors and typed values of the last failed form, keyed by field (`nameNB`, `stage.nameNB`, …).
        public var state: FormState

        public init(pipelines: [Pipeline], state: FormState = FormState()) {
            self.pipelines = pipelines
            self.state = state
        }
    }

    public typealias View = PageView<Model>
}

/// Edit one stage, retire or restore it, or delete it while unused.
public enum StageFormPage {
    public struct Model: Sendable {
        public var stage: Stage
        public var pipelineName: String
        public var state: FormState

        public init(stage: Stage, pipelineName: String, state: FormState) {
            self.stage = stage
            self.pipelineName = pipelineName
            self.state = state
        }
    }

    public typealias View = PageView<Model>
}

/// The admin's exchange rates into the base currency.
public enum ExchangeRatesPage {
    public struct Model: Sendable {
        public var base: String
        public var entries: [ExchangeRateEntry]
        public var state: FormState

        public init(base: String, entries: [ExchangeRateEntry], state: FormState = FormState()) {
            self.base = base
            self.entries = entries
            self.state = state
        }
    }

    public typealias View = PageView<Model>
}

extension PageContext {
    func stageKindLabel(_ kind: StageKind) -> String {
        switch kind {
        case .open: t(.stageKindOpen)
        case .won: t(.stageKindWon)
        case .lost: t(.stageKindLost)
        }
    }
}

/// The fields a stage has, for the add and edit forms.
struct StageFields: Component {
    let context: PageContext
    let state: FormState

    var body: Component {
        let t = context.t
        return ComponentGroup {
            TextInput(
                context: context, name: "nameNB", label: t(.stageNameNB), value: state["nameNB"],
                error: state.error("nameNB"))
            TextInput(
                context: context, name: "nameEN", label: t(.stageNameEN), value: state["nameEN"],
                error: state.error("nameEN"))
            TextInput(
                context: context, name: "probability", label: t(.probability), value: state["probability"],
                type: "number",
                error: state.error("probability"))
            TextInput(
                context: context, name: "expectedDays", label: t(.expectedDays), value: state["expectedDays"],
                type: "number",
                required: false, hint: t(.expectedDaysHint), error: state.error("expectedDays"))
        }
    }
}

extension PageView where Model == SalesProcessPage.Model {
    public func render() -> String {
        let t = context.t, state = model.state
        let labels = [
            "nameNB": t(.pipelineNameNB), "nameEN": t(.pipelineNameEN), "probability": t(.probability),
            "expectedDays": t(.expectedDays), "version": t(.pipeline),
        ]
        return Layout.render(context: context, title: t(.salesProcessTitle)) {
            Tag("h1", text: t(.salesProcessTitle))
            Tag("p", text: t(.salesProcessIntro))
            Tag("p") { Tag("a", [.attr("href", SiteRoute.exchangeRates.path)], text: t(.exchangeRatesTitle) + " →") }
            ErrorSummary(context: context, state: state, labels: labels)
            for pipeline in model.pipelines {
                Tag("section", [.attr("class", "panel")]) {
                    Tag("h2", text: pipeline.name(context.locale))
                    DataTable(headers: [
                        t(.stage), t(.probability), t(.expectedDays), t(.stageKind), t(.status), t(.actions),
                    ]) {
                        for stage in pipeline.stages {
                            Tag("tr") {
                                Tag("td", text: stage.name(context.locale))
                                Tag("td", [.attr("class", "number")], text: String(stage.probability) + " %")
                                Tag("td", [.attr("class", "number")], text: stage.expectedDays.map(String.init) ?? "—")
                                Tag("td", text: context.stageKindLabel(stage.kind))
                                Tag("td", text: stage.isRetired ? t(.retired) : t(.active))
                                Tag("td") {
                                    Tag("a", [.attr("href", SiteRoute.stageAdmin(stage.id).path)], text: t(.edit))
                                }
                            }
                        }
                    }
                    Tag("details") {
                        Tag("summary", text: t(.addStage))
                        PostForm(context: context, action: .stageNew(pipeline.id)) {
                            StageFields(context: context, state: FormState())
                            Tag("button", [.attr("type", "submit")], text: t(.addStage))
                        }
                    }
                    Tag("details") {
                        Tag("summary", text: t(.edit) + ": " + t(.pipeline))
                        PostForm(context: context, action: .pipelineAdmin(pipeline.id)) {
                            HiddenField(name: "version", value: String(pipeline.version))
                            TextInput(
                                context: context, name: "nameNB", label: t(.pipelineNameNB), value: pipeline.nameNB)
                            TextInput(
                                context: context, name: "nameEN", label: t(.pipelineNameEN), value: pipeline.nameEN)
                            Tag("button", [.attr("type", "submit")], text: t(.save))
                        }
                    }
                }
            }
            Tag("section", [.attr("class", "panel")]) {
                Tag("h2", text: t(.newPipeline))
                PostForm(context: context, action: .pipelinesAdmin) {
                    TextInput(
                        context: context, name: "nameNB", label: t(.pipelineNameNB), value: state["nameNB"],
                        error: state.error("nameNB"))
                    TextInput(
                        context: context, name: "nameEN", label: t(.pipelineNameEN), value: state["nameEN"],
                        error: state.error("nameEN"))
                    Tag("button", [.attr("type", "submit"), .attr("class", "primary")], text: t(.create))
                }
            }
        }
    }
}

extension PageView where Model == StageFormPage.Model {
    public func render() -> String {
        let t = context.t, stage = model.stage, state = model.state
        let labels = [
            "nameNB": t(.stageNameNB), "nameEN": t(.stageNameEN), "probability": t(.probability),
            "expectedDays": t(.expectedDays), "version": t(.editStage), "stage": t(.stage),
        ]
        return Layout.render(context: context, title: t(.editStage)) {
            Tag("p") { Tag("a", [.attr("href", SiteRoute.pipelinesAdmin.path)], text: "← " + t(.salesProcessTitle)) }
            Tag("h1", text: t(.editStage) + ": " + stage.name(context.locale))
            Tag(
                "p",
                text: model.pipelineName + " · " + context.stageKindLabel(stage.kind)
                    + (stage.isRetired ? " · " + t(.retired) : ""))
            ErrorSummary(context: context, state: state, labels: labels)
            PostForm(context: context, action: .stageAdmin(stage.id)) {
                HiddenField(name: "version", value: String(stage.version))
                HiddenField(name: "action", value: "save")
                StageFields(context: context, state: state)
                Tag("button", [.attr("type", "submit"), .attr("class", "primary")], text: t(.save))
            }
            Tag("div", [.attr("class", "actions")]) {
                if stage.kind == .open {
                    for (action, label) in [("up", t(.moveEarlier)), ("down", t(.moveLater))] {
                        PostForm(context: context, action: .stageAdmin(stage.id)) {
                            HiddenField(name: "action", value: action)
                            Tag("button", [.attr("type", "submit")], text: label)
                        }
                    }
                }
                PostForm(context: context, action: .stageAdmin(stage.id)) {
                    HiddenField(name: "action", value: stage.isRetired ? "restore" : "retire")
                    Tag("button", [.attr("type", "submit")], text: stage.isRetired ? t(.restoreStage) : t(.retireStage))
                }
                PostForm(context: context, action: .stageAdmin(stage.id)) {
                    HiddenField(name: "action", value: "delete")
                    Tag("button", [.attr("type", "submit"), .attr("class", "danger")], text: t(.deleteStage))
                }
            }
        }
    }
}

extension PageView where Model == ExchangeRatesPage.Model {
    public func render() -> String {
        let t = context.t, state = model.state
        return Layout.render(context: context, title: t(.exchangeRatesTitle)) {
            Tag("h1", text: t(.exchangeRatesTitle))
            Tag("p", text: t(.exchangeRatesIntro, ["base": model.base]))
            ErrorSummary(context: context, state: state, labels: ["currency": t(.currency), "rate": t(.rate)])
            if model.entries.isEmpty {
                Tag("p", text: t(.noRates))
            } else {
                DataTable(headers: [t(.currency), t(.rate), t(.rateSetOn), t(.actions)]) {
                    for entry in model.entries {
                        Tag("tr") {
                            Tag("td", text: entry.currency)
                            Tag(
                                "td", [.attr("class", "number")], text: NSDecimalNumber(decimal: entry.rate).stringValue
                            )
                            Tag("td", text: context.dayText(entry.setOn))
                            Tag("td") {
                                PostForm(context: context, action: .exchangeRates) {
                                    HiddenField(name: "currency", value: entry.currency)
                                    HiddenField(name: "remove", value: "true")
                                    Tag(
                                        "button", [.attr("type", "submit"), .attr("class", "link-button")],
                                        text: t(.removeRate))
                                }
                            }
                        }
                    }
                }
            }
            PostForm(context: context, action: .exchangeRates) {
                TextInput(
                    context: context, name: "currency", label: t(.currency), value: state["currency"],
                    error: state.error("currency"))
                TextInput(
                    context: context, name: "rate", label: t(.rate) + " (" + model.base + ")", value: state["rate"],
                    error: state.error("rate"))
                Tag("button", [.attr("type", "submit"), .attr("class", "primary")], text: t(.save))
            }
        }
    }
}
