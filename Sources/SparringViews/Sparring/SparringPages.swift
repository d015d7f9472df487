import Foundation
import Plot
import SparringDomain

/// `/sparring`: for a leader the queue of their teams' requests, for everybody their own sessions.
public enum SparringListPage {
    public struct Model: Sendable {
        /// Nil for people who coach no team (sellers).
        public var queue: [QueueEntry]?
        public var mine: [SessionLine]
        /// Teams whose blocker view the person may open.
        public var blockerTeams: [(id: UUID, name: String)]
        /// People whose coaching log the person may open: themself, and a leader's sellers.
        public var coachingLogs: [(id: UUID, name: String)]
        public var now: Date

        public init(
            queue: [QueueEntry]?, mine: [SessionLine], blockerTeams: [(id: UUID, name: String)],
            coachingLogs: [(id: UUID, name: String)] = [], now: Date
        ) {
            self.queue = queue
            self.mine = mine
            self.blockerTeams = blockerTeams
            self.coachingLogs = coachingLogs
            self.now = now
        }
    }

    public struct QueueEntry: Sendable {
        public var session: SparringSession
        public var dealTitle: String
        public var requesterName: String
        /// In the base currency; nil when the deal's currency has no rate.
        public var valueAtRiskMinor: Int64?
        public var baseCurrency: String

        public init(
            session: SparringSession, dealTitle: String, requesterName: String, valueAtRiskMinor: Int64?,
            baseCurrency: String
        ) {
            self.session = session
            self.dealTitle = dealTitle
            self.requesterName = requesterName
            self.valueAtRiskMinor = valueAtRiskMinor
            self.baseCurrency = baseCurrency
        }
    }

    public struct SessionLine: Sendable {
        public var session: SparringSession
        public var dealTitle: String

        public init(session: SparringSession, dealTitle: String) {
            self.session = session
            self.dealTitle = dealTitle
        }
    }

    public typealias View = PageView<Model>
}

extension PageView where Model == SparringListPage.Model {
    public func render() -> String {
        let t = context.t
        return Layout.render(context: context, title: t(.sparringTitle)) {
            Tag("h1", text: t(.sparringTitle))
            Tag("p", [.attr("class", "lead")], text: t(.sparringIntro))
            if let queue = model.queue {
                Tag("section", [.attr("id", "queue")]) {
                    Tag("h2", text: t(.sparringQueueHeading))
                    Tag("p", [.attr("class", "hint")], text: t(.sparringQueueHint))
                    if queue.isEmpty {
                        Tag("p", [.attr("class", "empty")], text: t(.sparringNoQueue))
                    } else {
                        SparringQueueTable(context: context, entries: queue, now: model.now)
                    }
                }
            }
            Tag("section", [.attr("id", "mine")]) {
                Tag("h2", text: t(.sparringMineHeading))
                if model.mine.isEmpty {
                    Tag("p", [.attr("class", "empty")], text: t(.sparringNoSessions))
                } else {
                    SessionList(context: context, lines: model.mine)
                }
            }
            if !model.coachingLogs.isEmpty {
                Tag("section", [.attr("id", "coaching")]) {
                    Tag("h2", text: t(.coachingLink))
                    Tag("ul") {
                        for person in model.coachingLogs {
                            Tag("li") {
                                Tag("a", [.attr("href", SiteRoute.coaching(person.id).path)], text: person.name)
                            }
                        }
                    }
                }
            }
            if !model.blockerTeams.isEmpty {
                Tag("section") {
                    Tag("h2", text: t(.blockersLink))
                    Tag("ul") {
                        for team in model.blockerTeams {
                            Tag("li") {
                                Tag("a", [.attr("href", SiteRoute.teamBlockers(team.id).path)], text: team.name)
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The leader's queue: deal, who asked, value at risk, how long it has waited, where it stands.
struct SparringQueueTable: Component {
    let context: PageContext
    let entries: [SparringListPage.QueueEntry]
    let now: Date

    var body: Component {
        let t = context.t
        return DataTable(
            headers: [t(.coachingDeal), t(.sparringAskedBy), t(.sparringValueAtRisk), t(.sparringWaiting), t(.status)]
        ) {
            for entry in entries {
                Tag("tr") {
                    Tag("td") {
                        Tag("a", [.attr("href", SiteRoute.session(entry.session.id).path)], text: entry.dealTitle)
                    }
                    Tag("td", text: entry.requesterName)
                    Tag(
                        "td", [.attr("class", "number")],
                        text: entry.valueAtRiskMinor.map {
                            context.format.money(minorUnits: $0, currency: entry.baseCurrency)
                        } ?? "—")
                    Tag(
                        "td", [.attr("class", "number")],
                        text: t(
                            .sparringWaitingDays, ["days": context.days(since: entry.session.requestedAt, now: now)]))
                    Tag("td", text: t(entry.session.state.label))
                }
            }
        }
    }
}

/// Sessions as a list of links with their state and, once given, the verdict.
struct SessionList: Component {
    let context: PageContext
    let lines: [SparringListPage.SessionLine]

    var body: Component {
        let t = context.t
        return Tag("ul", [.attr("class", "sessions")]) {
            for line in lines {
                Tag("li") {
                    Tag("a", [.attr("href", SiteRoute.session(line.session.id).path)], text: line.dealTitle)
                    Txt(" · " + t(line.session.state.label) + " · " + context.format.date(line.session.requestedAt))
                    if let verdict = line.session.verdict {
                        Txt(" · " + t(.verdictText, ["verdict": t(verdict.label)]))
                    }
                }
            }
        }
    }
}

/// Ask for sparring on a deal: the question and the case, pre-filled.
public enum SparringRequestPage {
    public struct Model: Sendable {
        public var deal: Deal
        public var state: FormState

        public init(deal: Deal, state: FormState) {
            self.deal = deal
            self.state = state
        }
    }

    public typealias View = PageView<Model>
}

extension PageView where Model == SparringRequestPage.Model {
    public func render() -> String {
        let t = context.t, deal = model.deal, state = model.state
        let title = t(.sparringRequestTitle, ["deal": deal.title])
        return Layout.render(context: context, title: title) {
            Tag("p") { Tag("a", [.attr("href", SiteRoute.deal(deal.id).path)], text: "← " + deal.title) }
            Tag("h1", text: title)
            Tag("p", [.attr("class", "lead")], text: t(.sparringRequestIntro))
            ErrorSummary(
                context: context, state: state,
                labels: ["question": t(.sparringQuestion), "context": t(.sparringContext), "deal": t(.coachingDeal)])
            PostForm(context: context, action: .sparringRequest(deal.id)) {
                TextAreaInput(
                    context: context, name: "question", label: t(.sparringQuestion), value: state["question"],
                    error: state.error("question"))
                Tag("div", [.attr("class", "tall")]) {
                    TextAreaInput(
                        context: context, name: "context", label: t(.sparringContext), value: state["context"],
                        error: state.error("context"))
                }
                Tag("div", [.attr("class", "actions")]) {
                    Tag(
                        "button", [.attr("type", "submit"), .attr("class", "primary")], text: t(.sparringRequestSubmit))
                    Tag("a", [.attr("href", SiteRoute.deal(deal.id).path)], text: t(.cancel))
                }
            }
        }
    }
}

/// One session: the request, the suggestions, the discussion, the agreement and the verdict. Every
/// text the two write is shown with its blocking phrases marked and answered by a question.
public enum SessionPage {
    public struct Model: Sendable {
        public var session: SparringSession
        public var deal: Deal
        public var suggestions: [Suggestion]
        public var messages: [SparringMessage]
        public var plans: [Plan]
        public var people: [UUID: String]
        /// Who may own the agreed next step.
        public var owners: [(id: UUID, name: String)]
        public var viewerID: UUID
        /// The viewer may give suggestions and open the discussion.
        public var canCoach: Bool
        /// What became of the deal, once the session is closed.
        public var outcome: SessionOutcome?
        public var state: FormState
        /// The form whose errors `state` carries ("suggestion", "message", "agree", "verdict", "ready", or an
        /// edited message's or suggestion's id).
        public var failedForm: String?
        public var today: Day

        public init(
            session: SparringSession, deal: Deal, suggestions: [Suggestion], messages: [SparringMessage],
            plans: [Plan], people: [UUID: String], owners: [(id: UUID, name: String)], viewerID: UUID,
            canCoach: Bool, outcome: SessionOutcome?, state: FormState, failedForm: String?, today: Day
        ) {
            self.session = session
            self.deal = deal
            self.suggestions = suggestions
            self.messages = messages
            self.plans = plans
            self.people = people
            self.owners = owners
            self.viewerID = viewerID
            self.canCoach = canCoach
            self.outcome = outcome
            self.state = state
            self.failedForm = failedForm
            self.today = today
        }
    }

    public typealias View = PageView<Model>
}

extension PageView where Model == SessionPage.Model {
    public func render() -> String {
        let t = context.t, session = model.session, deal = model.deal
        let title = t(.sessionTitle, ["deal": deal.title])
        let labels = [
            "title": t(.suggestionTitle), "detail": t(.suggestionDetail), "text": t(.messageText),
            "planID": t(.agreePlan), "ownerID": t(.planOwner), "nextStep": t(.planNextStep),
            "followUpOn": t(.agreeFollowUp), "verdict": t(.verdictHeading), "verdictNote": t(.verdictNote),
            "suggestions": t(.suggestionsHeading), "state": t(.status), "version": t(.status),
            "replyTo": t(.messageReply),
        ]
        return Layout.render(context: context, title: title) {
            Tag("p") {
                Tag("a", [.attr("href", SiteRoute.deal(deal.id).path)], text: "← " + deal.title)
                Txt(" · ")
                Tag("a", [.attr("href", SiteRoute.dealCase(deal.id).path)], text: t(.caseTitle, ["title": deal.title]))
            }
            Tag("h1", text: title)
            Tag("p", [.attr("class", "lead")]) {
                Tag("span", [.attr("class", "badge state-\(session.state.rawValue)")], text: t(session.state.label))
                Txt(
                    " "
                        + t(
                            .sessionAskedBy,
                            ["name": name(session.requesterID), "date": context.format.date(session.requestedAt)]))
                if let coach = session.coachID { Txt(" · " + t(.sessionCoach, ["name": name(coach)])) }
            }
            ErrorSummary(context: context, state: model.state, labels: labels)
            Tag("section", [.attr("class", "panel"), .attr("id", "request")]) {
                Tag("h2", text: t(.sparringQuestion))
                Tag("p", [.attr("class", "prose")]) { BlockerText(context: context, text: session.question) }
                if !session.context.isEmpty {
                    Tag("details") {
                        Tag("summary", text: t(.sparringContext))
                        Tag("p", [.attr("class", "prose")], text: session.context)
                    }
                }
            }
            agreementAndVerdict
            suggestionsSection
            threadSection
            // The next step comes after what it is chosen from: the suggestions and the discussion.
            if session.state == .ready { agreeForm }
            if session.state == .agreed, session.requesterID == model.viewerID { verdictForm }
            if session.requesterID == model.viewerID, session.state == .requested || session.state == .ready {
                PostForm(context: context, action: .sessionWithdraw(session.id)) {
                    HiddenField(name: "version", value: String(session.version))
                    Tag("button", [.attr("type", "submit"), .attr("class", "link-button")], text: t(.sessionWithdraw))
                }
            }
        }
    }

    private func name(_ id: UUID) -> String { model.people[id] ?? "—" }

    private func state(for form: String) -> FormState { model.failedForm == form ? model.state : FormState() }

    private var suggestionsSection: Component {
        let t = context.t, session = model.session
        let plansByID = Dictionary(model.plans.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        let open = session.state == .requested || session.state == .ready
        return Tag("section", [.attr("id", "suggestions")]) {
            Tag("h2", text: t(.suggestionsHeading))
            if model.suggestions.isEmpty { Tag("p", [.attr("class", "empty")], text: t(.suggestionsNone)) }
            Tag("ol", [.attr("class", "suggestions")]) {
                for suggestion in model.suggestions {
                    Tag("li", [.attr("class", "suggestion"), .attr("id", "suggestion-" + suggestion.id.uuidString)]) {
                        Tag("h3") { BlockerText(context: context, text: suggestion.title) }
                        Tag("div", [.attr("class", "prose")]) { BlockerText(context: context, text: suggestion.detail) }
                        Tag("p", [.attr("class", "meta")]) {
                            Txt(name(suggestion.authorID) + " · " + context.format.dateTime(suggestion.createdAt))
                            if suggestion.editedAt != nil {
                                Tag("span", [.attr("class", "edited")], text: " · " + t(.edited))
                            }
                        }
                        if let planID = suggestion.planID, let plan = plansByID[planID] {
                            Tag("p") {
                                Tag(
                                    "a",
                                    [.attr("class", "badge"), .attr("href", SiteRoute.dealPlans(model.deal.id).path)],
                                    text: t(.suggestionIsPlan, ["letter": plan.letter]))
                            }
                        } else if session.state.isOpen {
                            PostButton(
                                context: context, action: .sessionSuggestionPlan(session.id, suggestion.id),
                                label: t(.suggestionMakePlan))
                        }
                        if open, suggestion.authorID == model.viewerID {
                            editSuggestionForm(suggestion)
                        }
                    }
                }
            }
            if model.canCoach, open {
                let state = state(for: "suggestion")
                Tag(
                    "details",
                    [.attr("class", "panel"), .flag("open", session.state == .requested || !state.errors.isEmpty)]
                ) {
                    Tag("summary", text: t(.suggestionAdd))
                    PostForm(context: context, action: .sessionSuggestions(session.id)) {
                        TextInput(
                            context: context, name: "title", label: t(.suggestionTitle), value: state["title"],
                            error: state.error("title"))
                        TextAreaInput(
                            context: context, name: "detail", label: t(.suggestionDetail), value: state["detail"],
                            error: state.error("detail"))
                        Tag("button", [.attr("type", "submit"), .attr("class", "primary")], text: t(.suggestionAdd))
                    }
                }
            }
            if model.canCoach, session.state == .requested {
                Tag("div", [.attr("class", "ready")]) {
                    Tag(
                        "p", [.attr("class", "hint")],
                        text: t(.sessionReadyHint, ["count": String(SparringFlow.minimumSuggestions)]))
                    PostForm(context: context, action: .sessionReady(session.id)) {
                        HiddenField(name: "version", value: String(session.version))
                        Tag("button", [.attr("type", "submit"), .attr("class", "primary")], text: t(.sessionMarkReady))
                    }
                }
            }
        }
    }

    private func editSuggestionForm(_ suggestion: Suggestion) -> Component {
        let t = context.t, key = suggestion.id.uuidString, failed = model.failedForm == key
        let state = failed ? model.state : FormState(values: ["title": suggestion.title, "detail": suggestion.detail])
        return Tag("details", [.flag("open", failed)]) {
            Tag("summary", text: t(.edit))
            PostForm(context: context, action: .sessionSuggestion(model.session.id, suggestion.id)) {
                HiddenField(name: "version", value: String(suggestion.version))
                TextInput(
                    context: context, name: "title", label: t(.suggestionTitle), value: state["title"],
                    error: state.error("title"), idSuffix: "-" + key)
                TextAreaInput(
                    context: context, name: "detail", label: t(.suggestionDetail), value: state["detail"],
                    error: state.error("detail"), idSuffix: "-" + key)
                Tag("button", [.attr("type", "submit")], text: t(.save))
            }
        }
    }

    private var threadSection: Component {
        let t = context.t, session = model.session
        let byID = Dictionary(model.messages.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return Tag("section", [.attr("id", "thread")]) {
            Tag("h2", text: t(.threadHeading))
            if model.messages.isEmpty { Tag("p", [.attr("class", "empty")], text: t(.threadNone)) }
            Tag("ol", [.attr("class", "thread")]) {
                for message in model.messages {
                    Tag(
                        "li",
                        [
                            .attr("class", message.replyToID == nil ? "message" : "message reply"),
                            .attr("id", "message-" + message.id.uuidString),
                        ]
                    ) {
                        Tag("p", [.attr("class", "meta")]) {
                            Tag("strong", text: name(message.authorID))
                            Txt(" · " + context.format.dateTime(message.createdAt))
                            if message.editedAt != nil {
                                Tag("span", [.attr("class", "edited")], text: " · " + t(.edited))
                            }
                            if let replyTo = message.replyToID.flatMap({ byID[$0] }) {
                                Txt(" · ")
                                Tag(
                                    "a", [.attr("href", "#message-" + replyTo.id.uuidString)],
                                    text: t(.messageInReplyTo, ["name": name(replyTo.authorID)]))
                            }
                        }
                        Tag("div", [.attr("class", "prose")]) { BlockerText(context: context, text: message.text) }
                        if session.state.isOpen { messageActions(message) }
                    }
                }
            }
            if session.state.isOpen {
                let state = state(for: "message")
                PostForm(context: context, action: .sessionMessages(session.id)) {
                    TextAreaInput(
                        context: context, name: "text", label: t(.messageText), value: state["text"],
                        error: state.error("text"))
                    Tag("button", [.attr("type", "submit"), .attr("class", "primary")], text: t(.messageSend))
                }
            }
        }
    }

    /// Reply to any message; edit one's own.
    private func messageActions(_ message: SparringMessage) -> Component {
        let t = context.t, key = message.id.uuidString, failed = model.failedForm == key
        return ComponentGroup {
            Tag("details", [.attr("class", "reply-form")]) {
                Tag("summary", text: t(.messageReply))
                PostForm(context: context, action: .sessionMessages(model.session.id)) {
                    HiddenField(name: "replyTo", value: key)
                    TextAreaInput(context: context, name: "text", label: t(.messageText), idSuffix: "-reply-" + key)
                    Tag("button", [.attr("type", "submit")], text: t(.messageSend))
                }
            }
            if message.authorID == model.viewerID {
                let state = failed ? model.state : FormState(values: ["text": message.text])
                Tag("details", [.attr("class", "edit-form"), .flag("open", failed)]) {
                    Tag("summary", text: t(.edit))
                    PostForm(context: context, action: .sessionMessage(model.session.id, message.id)) {
                        HiddenField(name: "version", value: String(message.version))
                        TextAreaInput(
                            context: context, name: "text", label: t(.messageText), value: state["text"],
                            error: state.error("text"), idSuffix: "-edit-" + key)
                        Tag("button", [.attr("type", "submit")], text: t(.messageSave))
                    }
                }
            }
        }
    }

    private var agreementAndVerdict: Component {
        let t = context.t, session = model.session
        let plans = Dictionary(model.plans.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        return ComponentGroup {
            if let agreement = session.agreement {
                Tag("section", [.attr("class", "panel agreement"), .attr("id", "agreement")]) {
                    Tag("h2", text: t(.sessionStateAgreed))
                    Tag(
                        "p",
                        text: t(
                            .agreementText,
                            [
                                "letter": plans[agreement.planID]?.letter ?? "?",
                                "title": plans[agreement.planID]?.text.title ?? "",
                                "step": agreement.nextStep, "owner": name(agreement.ownerID),
                                "date": context.dayText(agreement.followUpOn),
                            ]))
                    if let verdict = session.verdict {
                        Tag("p", [.attr("class", "verdict")], text: t(.verdictText, ["verdict": t(verdict.label)]))
                        if let note = session.verdictNote { Tag("p", [.attr("class", "prose")], text: note) }
                    }
                    if let outcome = model.outcome {
                        Tag(
                            "p", [.attr("class", "deal-result")],
                            text: t(.sessionDealResult, ["outcome": t(outcome.label)]))
                    }
                }
            }
        }
    }

    private var verdictForm: Component {
        let t = context.t, state = state(for: "verdict")
        return Tag("section", [.attr("class", "panel"), .attr("id", "verdict")]) {
            Tag("h2", text: t(.verdictHeading))
            PostForm(context: context, action: .sessionVerdict(model.session.id)) {
                HiddenField(name: "version", value: String(model.session.version))
                Tag("fieldset", [.attr("class", state.error("verdict") == nil ? "choices" : "choices has-error")]) {
                    Tag("legend", text: t(.verdictHeading))
                    if let error = state.error("verdict") {
                        Tag("p", [.attr("class", "field-error")], text: t(error.message, error.arguments))
                    }
                    for verdict in Verdict.allCases {
                        Tag("label") {
                            VoidTag(
                                "input",
                                [
                                    .attr("type", "radio"), .attr("name", "verdict"), .attr("value", verdict.rawValue),
                                    .flag("checked", state["verdict"] == verdict.rawValue),
                                ])
                            Txt(" " + t(verdict.label))
                        }
                    }
                }
                TextAreaInput(
                    context: context, name: "verdictNote", label: t(.verdictNote), value: state["verdictNote"],
                    error: state.error("verdictNote"))
                Tag("button", [.attr("type", "submit"), .attr("class", "primary")], text: t(.verdictSubmit))
            }
        }
    }

    private var agreeForm: Component {
        let t = context.t, state = state(for: "agree")
        // Every plan, the chosen one too: agreeing on it confirms it with this next step.
        let choosable = model.plans
        return Tag("section", [.attr("class", "panel"), .attr("id", "agree")]) {
            Tag("h2", text: t(.agreeHeading))
            if choosable.isEmpty {
                Tag("p", [.attr("class", "hint")], text: t(.agreeNoPlans))
            } else {
                PostForm(context: context, action: .sessionAgree(model.session.id)) {
                    HiddenField(name: "version", value: String(model.session.version))
                    SelectInput(
                        context: context, name: "planID", label: t(.agreePlan),
                        options: choosable.map {
                            (
                                value: $0.id.uuidString,
                                label: t(.planHeading, ["letter": $0.letter, "title": $0.text.title])
                            )
                        },
                        selected: state.values["planID"] ?? suggestedPlan(choosable) ?? "", error: state.error("planID")
                    )
                    TextAreaInput(
                        context: context, name: "nextStep", label: t(.planNextStep), value: state["nextStep"],
                        error: state.error("nextStep"))
                    SelectInput(
                        context: context, name: "ownerID", label: t(.planOwner),
                        options: model.owners.map { (value: $0.id.uuidString, label: $0.name) },
                        selected: state.values["ownerID"] ?? model.session.requesterID.uuidString,
                        error: state.error("ownerID"))
                    TextInput(
                        context: context, name: "followUpOn", label: t(.agreeFollowUp),
                        value: state.values["followUpOn"] ?? model.today.description, type: "date",
                        error: state.error("followUpOn"))
                    Tag("button", [.attr("type", "submit"), .attr("class", "primary")], text: t(.agreeSubmit))
                }
            }
        }
    }

    /// The newest plan made from one of this session's suggestions, else none.
    private func suggestedPlan(_ plans: [Plan]) -> String? {
        let fromSuggestions = Set(model.suggestions.compactMap(\.planID))
        return plans.last { fromSuggestions.contains($0.id) }?.id.uuidString
    }
}
