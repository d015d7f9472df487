import Foundation
import Plot
import SparringDomain

/// Make or edit a plan (Create), with the idea prompts beside the form.
public enum PlanFormPage {
    public struct Model: Sendable {
        public var deal: Deal
        /// Nil when making a new plan.
        public var plan: Plan?
        /// The version the form was read at.
        public var version: Int
        public var tactics: [Tactic]
        public var state: FormState
        /// After a conflict: the plan as it is saved now, shown above what was typed.
        public var savedMeanwhile: Plan?

        public init(
            deal: Deal, plan: Plan?, version: Int, tactics: [Tactic], state: FormState, savedMeanwhile: Plan? = nil
        ) {
            self.deal = deal
            self.plan = plan
            self.version = version
            self.tactics = tactics
            self.state = state
            self.savedMeanwhile = savedMeanwhile
        }
    }

    public typealias View = PageView<Model>

    /// The plan's text fields in the order forms and the comparison show them.
    public static var fields: [(name: String, label: L10nKey, keyPath: KeyPath<PlanText, String>)] {
        [
            ("approach", .planApproach, \.approach), ("steps", .planSteps, \.steps),
            ("consequences", .planConsequences, \.consequences), ("risks", .planRisks, \.risks),
            ("positioning", .planPositioning, \.positioning), ("resources", .planResources, \.resources),
            ("expectedEffect", .planExpectedEffect, \.expectedEffect),
        ]
    }
}

/// The deal's plans side by side; choose one, record how it went.
public enum PlansPage {
    public struct Model: Sendable {
        public var deal: Deal
        public var plans: [Plan]
        public var tactics: [Tactic]
        public var people: [UUID: String]
        /// Who may own the next step: the deal's owner and team.
        public var owners: [(id: UUID, name: String)]
        public var state: FormState
        /// The plan whose form failed, so its errors show under it and not under the others.
        public var failedPlanID: UUID?
        public var today: Day
        /// False for a guest of the case: they compare plans but do not edit or choose them.
        public var canWork: Bool

        public init(
            deal: Deal, plans: [Plan], tactics: [Tactic], people: [UUID: String], owners: [(id: UUID, name: String)],
            state: FormState, failedPlanID: UUID?, today: Day, canWork: Bool = true
        ) {
            self.canWork = canWork
            self.deal = deal
            self.plans = plans
            self.tactics = tactics
            self.people = people
            self.owners = owners
            self.state = state
            self.failedPlanID = failedPlanID
            self.today = today
        }
    }

    public typealias View = PageView<Model>
}

extension PageView where Model == PlanFormPage.Model {
    public func render() -> String {
        let t = context.t, state = model.state, deal = model.deal
        let title =
            model.plan.map { t(.planEditTitle, ["letter": $0.letter]) } ?? t(.planNew)
        var labels = ["title": t(.planTitle), "version": t(.planEdit), "tactics": t(.planTactics)]
        for field in PlanFormPage.fields { labels[field.name] = t(field.label) }
        return Layout.render(context: context, title: title + " · " + deal.title) {
            Tag("p") { Tag("a", [.attr("href", SiteRoute.dealCase(deal.id).path)], text: "← " + deal.title) }
            Tag("h1", text: title)
            ErrorSummary(context: context, state: state, labels: labels)
            if let current = model.savedMeanwhile {
                Tag("div", [.attr("class", "conflict panel")]) {
                    Tag("p", text: t(.conflictPlanSavedMeanwhile))
                    Tag("h2", text: t(.planHeading, ["letter": current.letter, "title": current.text.title]))
                    Tag("dl", [.attr("class", "facts")]) {
                        for field in PlanFormPage.fields where !current.text[keyPath: field.keyPath].isEmpty {
                            Tag("dt", text: t(field.label))
                            Tag("dd", text: current.text[keyPath: field.keyPath])
                        }
                    }
                    Tag("p", [.attr("class", "hint")], text: t(.conflictKeepTyped))
                }
            }
            Tag("div", [.attr("class", "with-aside")]) {
                PostForm(context: context, action: model.plan.map { .plan(deal.id, $0.id) } ?? .dealPlans(deal.id)) {
                    HiddenField(name: "version", value: String(model.version))
                    TextInput(
                        context: context, name: "title", label: t(.planTitle), value: state["title"],
                        error: state.error("title"))
                    for field in PlanFormPage.fields {
                        TextAreaInput(
                            context: context, name: field.name, label: t(field.label), value: state[field.name],
                            error: state.error(field.name))
                    }
                    if !model.tactics.isEmpty {
                        CheckboxGroup(
                            context: context, name: "tactics", legend: t(.planTactics),
                            options: model.tactics.map { (value: $0.id.uuidString, label: $0.name) },
                            checked: state.list("tactics"), error: state.error("tactics"))
                    }
                    Tag("div", [.attr("class", "actions")]) {
                        Tag(
                            "button", [.attr("type", "submit"), .attr("class", "primary")],
                            text: model.plan == nil ? t(.create) : t(.save))
                        Tag("a", [.attr("href", SiteRoute.dealCase(deal.id).path)], text: t(.cancel))
                    }
                }
                Tag("aside", [.attr("class", "prompts")]) {
                    Tag("h2", text: t(.promptsHeading))
                    Tag("h3", text: t(.promptsOpening))
                    Tag("ul") {
                        for prompt in IdeaPrompt.allCases where prompt.isOpeningQuestion {
                            Tag("li", text: t(prompt.text))
                        }
                    }
                    Tag("h3", text: t(.promptsScamper))
                    Tag("ul") {
                        for prompt in IdeaPrompt.allCases where !prompt.isOpeningQuestion {
                            Tag("li", text: t(prompt.text))
                        }
                    }
                }
            }
        }
    }
}

extension PageView where Model == PlansPage.Model {
    public func render() -> String {
        let t = context.t, deal = model.deal
        let tacticNames = Dictionary(model.tactics.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        let labels = [
            "nextStep": t(.planNextStep), "ownerID": t(.planOwner), "dueOn": t(.planDue), "version": t(.plansHeading),
            "outcome": t(.planOutcomeLabel), "outcomeNote": t(.planOutcomeNote),
        ]
        let title = t(.plansCompareTitle, ["title": deal.title])
        return Layout.render(context: context, title: title) {
            Tag("p") { Tag("a", [.attr("href", SiteRoute.dealCase(deal.id).path)], text: "← " + deal.title) }
            Tag("h1", text: title)
            ErrorSummary(context: context, state: model.state, labels: labels)
            if model.plans.isEmpty { Tag("p", [.attr("class", "empty")], text: t(.noPlans)) }
            Tag("div", [.attr("class", "table-scroll")]) {
                Tag("table", [.attr("class", "compare")]) {
                    Tag("thead") {
                        Tag("tr") {
                            Tag("th", [.attr("scope", "col")], text: "")
                            for plan in model.plans {
                                Tag("th", [.attr("scope", "col"), .attr("class", plan.isChosen ? "chosen" : "")]) {
                                    if model.canWork {
                                        Tag(
                                            "a", [.attr("href", SiteRoute.plan(deal.id, plan.id).path)],
                                            text: t(.planHeading, ["letter": plan.letter, "title": plan.text.title]))
                                    } else {
                                        Txt(t(.planHeading, ["letter": plan.letter, "title": plan.text.title]))
                                    }
                                }
                            }
                        }
                    }
                    Tag("tbody") {
                        for field in PlanFormPage.fields {
                            Tag("tr") {
                                Tag("th", [.attr("scope", "row")], text: t(field.label))
                                for plan in model.plans {
                                    Tag("td") { BlockerText(context: context, text: plan.text[keyPath: field.keyPath]) }
                                }
                            }
                        }
                        Tag("tr") {
                            Tag("th", [.attr("scope", "row")], text: t(.planTactics))
                            for plan in model.plans {
                                Tag("td", text: plan.tacticIDs.compactMap { tacticNames[$0] }.joined(separator: ", "))
                            }
                        }
                        Tag("tr") {
                            Tag("th", [.attr("scope", "row")], text: t(.status))
                            for plan in model.plans {
                                Tag("td") {
                                    Tag("p", text: context.planStatus(plan, model.people))
                                    // A plan replaced by another may be chosen again, and may still
                                    // get its outcome.
                                    if !plan.isChosen, model.canWork { chooseForm(plan) }
                                    if plan.choice != nil, plan.outcome == nil {
                                        if model.canWork { outcomeForm(plan) }
                                    } else if let note = plan.outcome?.note {
                                        Tag("p", text: note)
                                    }
                                    // The plan's outcome beside the deal's result, once the deal is closed.
                                    if plan.choice != nil, deal.status == .won || deal.status == .lost {
                                        Tag(
                                            "p", [.attr("class", "deal-result")],
                                            text: t(
                                                .planDealResult,
                                                ["status": context.statusLabel(deal.status).lowercased()]))
                                    }
                                }
                            }
                        }
                    }
                }
            }
            Tag("p", [.attr("class", "actions")]) {
                Tag("a", [.attr("class", "button"), .attr("href", SiteRoute.planNew(deal.id).path)], text: t(.planNew))
            }
        }
    }

    /// Errors and typed values belong to the plan whose form failed.
    private func state(for plan: Plan) -> FormState {
        model.failedPlanID == plan.id ? model.state : FormState()
    }

    private func chooseForm(_ plan: Plan) -> Component {
        let t = context.t, state = state(for: plan), suffix = "-" + plan.letter
        return Tag("details", [.flag("open", !state.errors.isEmpty)]) {
            Tag("summary", text: t(.planChoose))
            PostForm(context: context, action: .planChoose(model.deal.id, plan.id)) {
                HiddenField(name: "version", value: String(plan.version))
                TextAreaInput(
                    context: context, name: "nextStep", label: t(.planNextStep), value: state["nextStep"],
                    error: state.error("nextStep"), idSuffix: suffix)
                SelectInput(
                    context: context, name: "ownerID", label: t(.planOwner),
                    options: model.owners.map { (value: $0.id.uuidString, label: $0.name) },
                    selected: state.values["ownerID"] ?? model.deal.ownerID.uuidString,
                    error: state.error("ownerID"), idSuffix: suffix)
                TextInput(
                    context: context, name: "dueOn", label: t(.planDue),
                    value: state.values["dueOn"] ?? model.today.description, type: "date",
                    error: state.error("dueOn"), idSuffix: suffix)
                Tag("button", [.attr("type", "submit"), .attr("class", "primary")], text: t(.planChoose))
            }
        }
    }

    private func outcomeForm(_ plan: Plan) -> Component {
        let t = context.t, state = state(for: plan), suffix = "-" + plan.letter
        return Tag("details", [.flag("open", !state.errors.isEmpty)]) {
            Tag("summary", text: t(.planRecordOutcome))
            PostForm(context: context, action: .planOutcome(model.deal.id, plan.id)) {
                HiddenField(name: "version", value: String(plan.version))
                SelectInput(
                    context: context, name: "outcome", label: t(.planOutcomeLabel),
                    options: PlanOutcome.allCases.map { (value: $0.rawValue, label: t($0.label)) },
                    selected: state["outcome"], error: state.error("outcome"), idSuffix: suffix)
                TextAreaInput(
                    context: context, name: "outcomeNote", label: t(.planOutcomeNote), value: state["outcomeNote"],
                    error: state.error("outcomeNote"), idSuffix: suffix)
                Tag("button", [.attr("type", "submit")], text: t(.planRecordOutcome))
            }
        }
    }
}
