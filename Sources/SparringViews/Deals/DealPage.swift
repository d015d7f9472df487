import Foundation
import Plot
import SparringDomain

/// One deal: its facts, why it is stuck (and the snooze), the stage timeline, and the actions.
public enum DealPage {
    public struct Model: Sendable {
        public var detail: DealDetail
        public var stages: StageDirectory
        public var now: Date
        /// Values and errors of the last failed action (stage, close or snooze form).
        public var state: FormState
        /// The deal's sparring sessions, newest first.
        public var sessions: [SparringSession]
        /// Stories published from the deal, newest first.
        public var stories: [CaseStory]
        /// Whether the deal's case can be published as a story now (`StoryEligibility`).
        public var canPublishStory: Bool
        /// Similar cases and what beat its obstacles before: open deals only.
        public var similar: SimilarCasesSection.Model?
        /// Bulletins linked to the deal that the reader may read, newest first.
        public var bulletins: [Bulletin]
        /// The deal's resource requests and its team's pools (requests are made on open deals).
        public var resources: DealResources?

        public init(
            detail: DealDetail, stages: StageDirectory, now: Date, state: FormState = FormState(),
            sessions: [SparringSession] = [], stories: [CaseStory] = [], canPublishStory: Bool = false,
            similar: SimilarCasesSection.Model? = nil, bulletins: [Bulletin] = [], resources: DealResources? = nil
        ) {
            self.resources = resources
            self.bulletins = bulletins
            self.detail = detail
            self.stages = stages
            self.now = now
            self.state = state
            self.sessions = sessions
            self.stories = stories
            self.canPublishStory = canPublishStory
            self.similar = similar
        }
    }

    public typealias View = PageView<Model>
}

/// Create or edit a deal.
public enum DealFormPage {
    public struct Model: Sendable {
        /// `nil` when creating.
        public var dealID: UUID?
        public var version: Int
        public var state: FormState
        public var stages: StageDirectory
        public var teams: [(id: UUID, name: String)]
        public var owners: [(id: UUID, name: String)]
        /// After a stale save: the deal as it is now, shown above the form.
        public var meanwhile: Meanwhile?

        public init(
            dealID: UUID?, version: Int, state: FormState, stages: StageDirectory, teams: [(id: UUID, name: String)],
            owners: [(id: UUID, name: String)], meanwhile: Meanwhile? = nil
        ) {
            self.meanwhile = meanwhile
            self.dealID = dealID
            self.version = version
            self.state = state
            self.stages = stages
            self.teams = teams
            self.owners = owners
        }
    }

    /// The version saved while the form was open: who saved it (the same person, in another tab, or
    /// someone by name), when, and its values by form field.
    public struct Meanwhile: Sendable {
        public var byYou: Bool
        public var name: String?
        public var at: Date?
        public var values: [String: String]
        /// The form's fields whose value differs from what was typed, in the form's order.
        public var differing: [String]

        public init(byYou: Bool, name: String?, at: Date?, values: [String: String], differing: [String]) {
            self.byYou = byYou
            self.name = name
            self.at = at
            self.values = values
            self.differing = differing
        }
    }

    public typealias View = PageView<Model>
}

extension PageView where Model == DealPage.Model {
    public func render() -> String {
        let t = context.t, detail = model.detail, deal = detail.deal, format = context.format
        let stageName = model.stages.name(deal.stageID, context.locale)
        let state = model.state
        let labels = [
            "stageID": t(.stage), "reason": t(.closeReason), "until": t(.snoozeUntil), "snoozeReason": t(.snoozeReason),
            "version": t(.dealTitle), "outcome": t(.closeOutcome), "customerName": t(.customer),
            "industry": t(.industry), "sizeBand": t(.sizeBand), "segment": t(.segment),
            "customerVersion": t(.editCustomer),
        ]
        return Layout.render(context: context, title: deal.title) {
            Tag("p") { Tag("a", [.attr("href", SiteRoute.deals.path)], text: "← " + t(.dealsTitle)) }
            Tag("div", [.attr("class", "list-header")]) {
                Tag("h1", text: deal.title)
                Tag("div", [.attr("class", "actions")]) {
                    Tag(
                        "a", [.attr("class", "button primary"), .attr("href", SiteRoute.dealCase(deal.id).path)],
                        text: t(.caseOpen))
                    // One session at a time per deal: while one is under way, the page links to it instead.
                    if let open = model.sessions.first(where: \.state.isOpen) {
                        Tag(
                            "a", [.attr("class", "button"), .attr("href", SiteRoute.session(open.id).path)],
                            text: t(.sessionOnDeal))
                    } else if deal.status == .open {
                        Tag(
                            "a", [.attr("class", "button"), .attr("href", SiteRoute.sparringRequest(deal.id).path)],
                            text: t(.sparringRequest))
                    }
                    Tag(
                        "a", [.attr("class", "button"), .attr("href", SiteRoute.dealEdit(deal.id).path)], text: t(.edit)
                    )
                }
            }
            if !model.sessions.isEmpty {
                Tag("section", [.attr("id", "deal-sessions")]) {
                    Tag("h2", text: t(.sessionOnDeal))
                    SessionList(
                        context: context,
                        lines: model.sessions.map { SparringListPage.SessionLine(session: $0, dealTitle: deal.title) })
                }
            }
            ErrorSummary(context: context, state: state, labels: labels)
            Tag("dl", [.attr("class", "facts")]) {
                fact(t(.customer), detail.customer.name + (detail.customer.industry.map { " · " + $0 } ?? ""))
                fact(t(.owner), detail.ownerName)
                fact(t(.team), detail.teamName)
                fact(t(.stage), stageName)
                fact(t(.status), context.statusLabel(deal.status))
                fact(t(.amount), format.money(minorUnits: deal.amountMinor, currency: deal.currency))
                fact(t(.expectedClose), context.dayText(deal.expectedClose))
                fact(t(.daysInStage), context.days(since: deal.stageEnteredAt, now: model.now))
                if let reason = deal.closeReason { fact(t(.closeReason), reason) }
                if let next = deal.nextStep { fact(t(.nextStep), next) }
                if let source = deal.externalSource {
                    fact(t(.importedFrom), source + (deal.externalID.map { " · " + $0 } ?? ""))
                }
            }
            stuckSection
            if !model.bulletins.isEmpty {
                Tag("section", [.attr("id", "deal-bulletins"), .attr("class", "panel")]) {
                    Tag("h2", text: t(.dealBulletinsHeading))
                    Tag("ul") {
                        for bulletin in model.bulletins {
                            Tag("li") {
                                Tag(
                                    "a", [.attr("href", SiteRoute.bulletin(bulletin.id).path)],
                                    text: bulletin.text.title)
                                Txt(" — " + bulletin.text.why)
                            }
                        }
                    }
                }
            }
            if let resources = model.resources {
                DealResourcesSection(
                    context: context, dealID: deal.id, resources: resources, canRequest: deal.status == .open)
            }
            if let similar = model.similar { SimilarCasesView(context: context, model: similar) }
            if !model.stories.isEmpty || model.canPublishStory {
                Tag("section", [.attr("id", "deal-stories")]) {
                    Tag("h2", text: t(.dealStoriesHeading))
                    if !model.stories.isEmpty {
                        Tag("ul") {
                            for story in model.stories {
                                Tag("li") {
                                    Tag(
                                        "a", [.attr("href", SiteRoute.caseStory(story.id).path)], text: story.text.title
                                    )
                                    Txt(" · " + context.format.date(story.publishedAt))
                                }
                            }
                        }
                    }
                    if model.canPublishStory {
                        Tag(
                            "a", [.attr("class", "button"), .attr("href", SiteRoute.dealStory(deal.id).path)],
                            text: t(.dealPublishStory))
                    }
                }
            }
            customerSection
            if deal.status == .open || deal.status == .onHold {
                Tag("section", [.attr("class", "panel")]) {
                    Tag("h2", text: t(.changeStage))
                    PostForm(context: context, action: .dealStage(deal.id)) {
                        HiddenField(name: "version", value: String(deal.version))
                        SelectInput(
                            context: context, name: "stageID", label: t(.stage),
                            options: model.stages.options(context.locale, openOnly: true, in: deal.pipelineID),
                            selected: deal.stageID.uuidString, error: state.error("stageID"))
                        Tag("button", [.attr("type", "submit")], text: t(.moveDeal))
                    }
                }
                Tag("section", [.attr("class", "panel")]) {
                    Tag("h2", text: t(.closeDeal))
                    PostForm(context: context, action: .dealClose(deal.id)) {
                        HiddenField(name: "version", value: String(deal.version))
                        SelectInput(
                            context: context, name: "outcome", label: t(.closeOutcome),
                            options: [(value: "won", label: t(.statusWon)), (value: "lost", label: t(.statusLost))],
                            selected: state["outcome"].isEmpty ? "won" : state["outcome"], error: state.error("outcome")
                        )
                        TextAreaInput(
                            context: context, name: "reason", label: t(.closeReason), value: state["reason"],
                            hint: t(.closeReasonHint), error: state.error("reason"))
                        Tag("button", [.attr("type", "submit")], text: t(.closeDeal))
                    }
                }
            } else {
                Tag("section", [.attr("class", "panel")]) {
                    Tag("h2", text: t(.reopenDeal))
                    PostForm(context: context, action: .dealStage(deal.id)) {
                        HiddenField(name: "version", value: String(deal.version))
                        SelectInput(
                            context: context, name: "stageID", label: t(.stage),
                            options: model.stages.options(context.locale, openOnly: true, in: deal.pipelineID),
                            selected: "", error: state.error("stageID"))
                        Tag("button", [.attr("type", "submit")], text: t(.reopenDeal))
                    }
                }
            }
            timeline
        }
    }

    private func fact(_ term: String, _ value: String) -> Component {
        ComponentGroup {
            Tag("dt", text: term)
            Tag("dd", text: value)
        }
    }

    private var stuckSection: Component {
        let t = context.t, detail = model.detail, deal = detail.deal, state = model.state
        let stageName = model.stages.name(deal.stageID, context.locale)
        let today = Day(model.now, in: context.format.timeZone)
        return ComponentGroup {
            if let snooze = deal.snooze, snooze.isActive(on: today) {
                Tag("section", [.attr("class", "panel snoozed"), .attr("id", "stuck")]) {
                    Tag("h2", text: t(.snoozedHeading))
                    Tag(
                        "p",
                        text: t(
                            .snoozedUntilText,
                            [
                                "date": context.dayText(snooze.until),
                                "name": snooze.byUserID.flatMap { detail.people[$0] } ?? "—",
                            ]))
                    Tag("blockquote", text: snooze.reason)
                    if !detail.stuckReasons.isEmpty {
                        StuckReasons(context: context, reasons: detail.stuckReasons, stageName: stageName)
                    }
                    PostForm(context: context, action: .dealSnooze(deal.id)) {
                        HiddenField(name: "wake", value: "true")
                        Tag("button", [.attr("type", "submit")], text: t(.wakeSnooze))
                    }
                }
            } else if !detail.stuckReasons.isEmpty {
                Tag("section", [.attr("class", "panel stuck-panel"), .attr("id", "stuck")]) {
                    Tag("h2", text: t(.stuckHeading))
                    StuckReasons(context: context, reasons: detail.stuckReasons, stageName: stageName)
                    Tag(
                        "details",
                        [.flag("open", !state.errors.filter { ["until", "snoozeReason"].contains($0.field) }.isEmpty)]
                    ) {
                        Tag("summary", text: t(.snoozeFlag))
                        PostForm(context: context, action: .dealSnooze(deal.id)) {
                            TextInput(
                                context: context, name: "until", label: t(.snoozeUntil), value: state["until"],
                                type: "date",
                                hint: t(.snoozeUntilHint), error: state.error("until"))
                            TextAreaInput(
                                context: context, name: "snoozeReason", label: t(.snoozeReason),
                                value: state["snoozeReason"],
                                hint: t(.snoozeReasonHint), error: state.error("snoozeReason"))
                            Tag("button", [.attr("type", "submit")], text: t(.snoozeFlag))
                        }
                    }
                }
            }
        }
    }

    /// The customer's own facts, shared by all its deals; the form opens by itself after an error.
    private var customerSection: Component {
        let t = context.t, customer = model.detail.customer, state = model.state
        let customerFields = ["customerName", "industry", "sizeBand", "segment", "customerVersion"]
        let failed = state.errors.contains { customerFields.contains($0.field) }
        func value(_ field: String, _ current: String?) -> String { failed ? state[field] : current ?? "" }
        return Tag("section", [.attr("class", "panel")]) {
            Tag("details", [.flag("open", failed)]) {
                Tag("summary", text: t(.editCustomer))
                Tag("p", [.attr("class", "hint")], text: t(.customerHintShared))
                PostForm(context: context, action: .dealCustomer(model.detail.deal.id)) {
                    HiddenField(name: "customerVersion", value: String(customer.version))
                    TextInput(
                        context: context, name: "customerName", label: t(.customer),
                        value: value("customerName", customer.name), error: state.error("customerName"))
                    TextInput(
                        context: context, name: "industry", label: t(.industry),
                        value: value("industry", customer.industry),
                        required: false, error: state.error("industry"))
                    TextInput(
                        context: context, name: "sizeBand", label: t(.sizeBand),
                        value: value("sizeBand", customer.sizeBand),
                        required: false, error: state.error("sizeBand"))
                    TextInput(
                        context: context, name: "segment", label: t(.segment),
                        value: value("segment", customer.segment),
                        required: false, error: state.error("segment"))
                    Tag("button", [.attr("type", "submit")], text: t(.save))
                }
            }
        }
    }

    private var timeline: Component {
        let t = context.t, detail = model.detail, format = context.format
        let changes = detail.history
        return Tag("section", [.attr("class", "panel")]) {
            Tag("h2", text: t(.stageTimeline))
            Tag("ol", [.attr("class", "timeline")]) {
                for (index, change) in changes.enumerated() {
                    let leftAt = index + 1 < changes.count ? changes[index + 1].changedAt : model.now
                    Tag("li") {
                        Tag("time", text: format.dateTime(change.changedAt))
                        Txt(" ")
                        Tag("strong", text: model.stages.name(change.toStageID, context.locale))
                        if let from = change.fromStageID {
                            Txt(" " + t(.timelineFrom, ["stage": model.stages.name(from, context.locale)]))
                        }
                        Txt(" · " + (change.changedBy.flatMap { detail.people[$0] } ?? "—"))
                        Txt(" · " + (change.origin == .imported ? t(.originImported) : t(.originManual)))
                        Txt(" · " + t(.timelineDays, ["days": context.days(since: change.changedAt, now: leftAt)]))
                    }
                }
            }
        }
    }
}

extension PageView where Model == DealFormPage.Model {
    public func render() -> String {
        let t = context.t, state = model.state
        let title = model.dealID == nil ? t(.newDeal) : t(.editDeal)
        let labels = [
            "title": t(.dealTitle), "customer": t(.customer), "industry": t(.industry), "ownerID": t(.owner),
            "teamID": t(.team), "stageID": t(.stage), "amount": t(.amount), "currency": t(.currency),
            "expectedClose": t(.expectedClose), "nextStep": t(.nextStep), "version": t(.editDeal),
            "onHold": t(.statusOnHold),
        ]
        return Layout.render(context: context, title: title) {
            Tag("p") {
                Tag(
                    "a", [.attr("href", model.dealID.map { SiteRoute.deal($0).path } ?? SiteRoute.deals.path)],
                    text: "← " + t(.back))
            }
            Tag("h1", text: title)
            ErrorSummary(context: context, state: state, labels: labels)
            if let meanwhile = model.meanwhile { savedMeanwhile(meanwhile, labels: labels) }
            PostForm(context: context, action: model.dealID.map(SiteRoute.dealEdit) ?? .dealNew) {
                HiddenField(name: "version", value: String(model.version))
                TextInput(
                    context: context, name: "title", label: labels["title"]!, value: state["title"],
                    error: state.error("title"))
                TextInput(
                    context: context, name: "customer", label: labels["customer"]!, value: state["customer"],
                    hint: t(.customerHint), error: state.error("customer"))
                if model.dealID == nil {
                    TextInput(
                        context: context, name: "industry", label: labels["industry"]!, value: state["industry"],
                        required: false, error: state.error("industry"))
                }
                SelectInput(
                    context: context, name: "teamID", label: labels["teamID"]!,
                    options: model.teams.map { (value: $0.id.uuidString, label: $0.name) }, selected: state["teamID"],
                    error: state.error("teamID"))
                SelectInput(
                    context: context, name: "ownerID", label: labels["ownerID"]!,
                    options: model.owners.map { (value: $0.id.uuidString, label: $0.name) }, selected: state["ownerID"],
                    error: state.error("ownerID"))
                if model.dealID == nil {
                    SelectInput(
                        context: context, name: "stageID", label: labels["stageID"]!,
                        options: model.stages.options(context.locale, openOnly: true),
                        selected: state["stageID"], error: state.error("stageID"))
                }
                TextInput(
                    context: context, name: "amount", label: labels["amount"]!, value: state["amount"],
                    hint: t(.amountHint),
                    error: state.error("amount"))
                TextInput(
                    context: context, name: "currency", label: labels["currency"]!, value: state["currency"],
                    error: state.error("currency"))
                TextInput(
                    context: context, name: "expectedClose", label: labels["expectedClose"]!,
                    value: state["expectedClose"],
                    type: "date", required: false, error: state.error("expectedClose"))
                TextAreaInput(
                    context: context, name: "nextStep", label: labels["nextStep"]!, value: state["nextStep"],
                    error: state.error("nextStep"))
                if model.dealID != nil {
                    Tag("div", [.attr("class", "field checkbox")]) {
                        Tag("label") {
                            VoidTag(
                                "input",
                                [
                                    .attr("type", "checkbox"), .attr("name", "onHold"), .attr("value", "true"),
                                    .flag("checked", state["onHold"] == "true"),
                                ])
                            Txt(" " + t(.putOnHold))
                        }
                    }
                }
                Tag("div", [.attr("class", "actions")]) {
                    Tag(
                        "button", [.attr("type", "submit"), .attr("class", "primary")],
                        text: model.dealID == nil ? t(.create) : t(.save))
                    Tag(
                        "a", [.attr("href", model.dealID.map { SiteRoute.deal($0).path } ?? SiteRoute.deals.path)],
                        text: t(.cancel))
                }
            }
        }
    }

    /// A field's value as the form shows it: names for people and teams, yes or no for on hold.
    private func shown(_ field: String, _ value: String) -> String {
        switch field {
        case "ownerID": return model.owners.first { $0.id.uuidString == value }?.name ?? value
        case "teamID": return model.teams.first { $0.id.uuidString == value }?.name ?? value
        case "onHold": return context.t(value == "true" ? .yes : .no)
        default: return value.trimmed.isEmpty ? "—" : value
        }
    }

    /// Who saved the deal while the form was open, and each field where their version and what was
    /// typed differ; the form below keeps what was typed, at their version.
    private func savedMeanwhile(_ meanwhile: DealFormPage.Meanwhile, labels: [String: String]) -> Component {
        let t = context.t
        let date = meanwhile.at.map(context.format.dateTime) ?? "—"
        let differing = meanwhile.differing
        return Tag(
            "div", [.attr("class", "conflict panel"), .attr("id", "saved-meanwhile"), .attr("role", "alert")]
        ) {
            Tag(
                "p",
                text: meanwhile.byYou
                    ? t(.dealSavedByYouMeanwhile, ["date": date])
                    // Saves from before the editor was kept, and imports from the command line, name nobody.
                    : meanwhile.name.map { t(.dealSavedMeanwhile, ["name": $0, "date": date]) }
                        ?? t(.dealSavedMeanwhileUnknown, ["date": date]))
            if differing.isEmpty {
                Tag("p", text: t(.dealSavedMeanwhileElsewhere))
            } else {
                DataTable(headers: [t(.dealMeanwhileField), t(.dealNow), t(.dealYours)]) {
                    for field in differing {
                        Tag("tr", [.attr("data-field", field)]) {
                            Tag("th", [.attr("scope", "row")], text: labels[field] ?? field)
                            Tag("td", [.attr("class", "theirs")], text: shown(field, meanwhile.values[field] ?? ""))
                            Tag("td", [.attr("class", "yours")], text: shown(field, model.state[field]))
                        }
                    }
                }
            }
            Tag("p", [.attr("class", "hint")], text: t(.conflictKeepTyped))
        }
    }
}
