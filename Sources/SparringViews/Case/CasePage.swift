import Foundation
import Plot
import SparringDomain

/// A deal's case workbench (Investigate): obstacles, the four questions, the people in the decision,
/// what was tried, the plans so far and the audit trail. Each part has its own small form, so a save
/// in one never touches what is typed in another.
public enum CasePage {
    public struct Model: Sendable {
        public var deal: Deal
        public var customerName: String
        /// Every category, retired ones too: old obstacles keep their names.
        public var categories: [ObstacleCategory]
        public var obstacles: [Obstacle]
        public var answers: [CaseQuestion: CaseAnswer]
        public var revisions: [CaseAnswer]
        public var influences: [BuyingInfluence]
        public var evidence: [EvidenceEntry]
        public var plans: [Plan]
        public var people: [UUID: String]
        public var events: [CaseEvent]
        /// Values and errors of the last failed form; a conflict keeps what was typed.
        public var state: FormState
        public var today: Day
        /// False for a guest contributor: they read the case, comment and propose plans only.
        public var canWork: Bool
        /// Whether the reader may invite and remove guests.
        public var canInvite: Bool
        public var comments: [CaseComment]
        public var guests: [CaseGuest]

        public init(
            deal: Deal, customerName: String, categories: [ObstacleCategory], obstacles: [Obstacle],
            answers: [CaseQuestion: CaseAnswer], revisions: [CaseAnswer], influences: [BuyingInfluence],
            evidence: [EvidenceEntry], plans: [Plan], people: [UUID: String], events: [CaseEvent], state: FormState,
            today: Day, canWork: Bool = true, canInvite: Bool = false, comments: [CaseComment] = [],
            guests: [CaseGuest] = []
        ) {
            self.canWork = canWork
            self.canInvite = canInvite
            self.comments = comments
            self.guests = guests
            self.deal = deal
            self.customerName = customerName
            self.categories = categories
            self.obstacles = obstacles
            self.answers = answers
            self.revisions = revisions
            self.influences = influences
            self.evidence = evidence
            self.plans = plans
            self.people = people
            self.events = events
            self.state = state
            self.today = today
        }

        func categoryName(_ id: UUID, _ locale: AppLocale) -> String {
            categories.first { $0.id == id }?.name(locale) ?? "—"
        }
    }

    public typealias View = PageView<Model>

    /// Field names of the answer form for one question (one form per question on the page).
    public static func answerField(_ question: CaseQuestion) -> String { "answer-" + question.rawValue }
    public static func versionField(_ question: CaseQuestion) -> String { "version-" + question.rawValue }
}

extension PageView where Model == CasePage.Model {
    public func render() -> String {
        let t = context.t, deal = model.deal
        var labels = [
            "categoryID": t(.obstacleCategory), "detail": t(.obstacleDetail), "resolution": t(.obstacleResolution),
            "obstacleVersion": t(.obstaclesHeading), "name": t(.influenceName), "title": t(.influenceTitle),
            "role": t(.influenceRole), "stance": t(.influenceStance), "note": t(.influenceNote),
            "influenceVersion": t(.influencesHeading), "tried": t(.evidenceTried), "result": t(.evidenceResult),
            "evidenceNote": t(.evidenceNote), "triedOn": t(.evidenceTriedOn),
        ]
        for question in CaseQuestion.allCases {
            labels[CasePage.answerField(question)] = t(question.label)
            labels[CasePage.versionField(question)] = t(question.label)
        }
        return Layout.render(context: context, title: t(.caseTitle, ["title": deal.title])) {
            if model.canWork {
                Tag("p") { Tag("a", [.attr("href", SiteRoute.deal(deal.id).path)], text: "← " + deal.title) }
            } else {
                Tag("p", [.attr("class", "notice")], text: t(.guestYouAreGuest))
            }
            Tag("h1", text: t(.caseTitle, ["title": deal.title]))
            Tag("p", [.attr("class", "hint")], text: model.customerName + " · " + t(.caseIntro))
            ErrorSummary(context: context, state: model.state, labels: labels)
            obstaclesSection
            questionsSection
            influencesSection
            evidenceSection
            plansSection
            commentsSection
            if model.canInvite || !model.guests.isEmpty { guestsSection }
            auditSection
        }
    }

    private var obstaclesSection: Component {
        let t = context.t, state = model.state, dealID = model.deal.id
        let offered = model.categories.filter { !$0.isRetired }
        return Tag("section", [.attr("class", "panel"), .attr("id", "obstacles")]) {
            Tag("h2", text: t(.obstaclesHeading))
            if model.obstacles.isEmpty { Tag("p", [.attr("class", "empty")], text: t(.noObstacles)) }
            Tag("ul", [.attr("class", "case-list")]) {
                for obstacle in model.obstacles {
                    Tag("li", [.attr("class", obstacle.isOpen ? "obstacle open" : "obstacle resolved")]) {
                        Tag("strong", text: model.categoryName(obstacle.categoryID, context.locale))
                        if !obstacle.detail.isEmpty { Txt(" — " + obstacle.detail) }
                        if let resolvedAt = obstacle.resolvedAt {
                            Tag(
                                "p",
                                text: t(
                                    .obstacleResolvedText,
                                    ["date": context.format.dateTime(resolvedAt), "how": obstacle.resolution ?? ""]))
                            if model.canWork {
                                PostForm(context: context, action: .caseObstacle(dealID, obstacle.id)) {
                                    HiddenField(name: "obstacleVersion", value: String(obstacle.version))
                                    HiddenField(name: "reopen", value: "true")
                                    Tag(
                                        "button", [.attr("type", "submit"), .attr("class", "link-button")],
                                        text: t(.obstacleReopen))
                                }
                            }
                        } else {
                            if model.canWork {
                                Tag("details") {
                                    Tag("summary", text: t(.obstacleResolve))
                                    PostForm(context: context, action: .caseObstacle(dealID, obstacle.id)) {
                                        HiddenField(name: "obstacleVersion", value: String(obstacle.version))
                                        TextAreaInput(
                                            context: context, name: "resolution-" + obstacle.id.uuidString,
                                            label: t(.obstacleResolution))
                                        Tag("button", [.attr("type", "submit")], text: t(.obstacleResolve))
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if model.canWork {
                PostForm(context: context, action: .caseObstacles(dealID)) {
                    SelectInput(
                        context: context, name: "categoryID", label: t(.obstacleCategory),
                        options: offered.map { (value: $0.id.uuidString, label: $0.name(context.locale)) },
                        selected: state["categoryID"], error: state.error("categoryID"))
                    TextInput(
                        context: context, name: "detail", label: t(.obstacleDetail), value: state["detail"],
                        required: false, error: state.error("detail"))
                    Tag("button", [.attr("type", "submit")], text: t(.obstacleAdd))
                }
            }
        }
    }

    private var questionsSection: Component {
        let t = context.t, state = model.state, dealID = model.deal.id
        return Tag("section", [.attr("class", "panel"), .attr("id", "questions")]) {
            Tag("h2", text: t(.questionsHeading))
            for question in CaseQuestion.allCases {
                let field = CasePage.answerField(question)
                let current = model.answers[question]
                let conflict = state.error(field)?.message == .errorConflict
                let earlier = model.revisions.filter { $0.question == question && $0.version != current?.version }
                Tag("div", [.attr("class", "case-question"), .attr("id", field)]) {
                    if conflict, let current {
                        Tag("div", [.attr("class", "conflict")]) {
                            Tag(
                                "p",
                                text: t(
                                    .conflictSavedMeanwhile,
                                    ["name": current.answeredBy, "date": context.format.dateTime(current.answeredAt)]))
                            Tag("blockquote", text: current.text)
                            Tag("p", [.attr("class", "hint")], text: t(.conflictKeepTyped))
                        }
                    }
                    if model.canWork {
                        PostForm(context: context, action: .caseAnswers(dealID)) {
                            HiddenField(name: "question", value: question.rawValue)
                            HiddenField(name: CasePage.versionField(question), value: String(current?.version ?? 0))
                            TextAreaInput(
                                context: context, name: field, label: t(question.label),
                                value: state.values[field] ?? current?.text ?? "",
                                hint: current.map {
                                    t(
                                        .answeredBy,
                                        ["name": $0.answeredBy, "date": context.format.dateTime($0.answeredAt)])
                                },
                                error: conflict ? nil : state.error(field))
                            Tag("button", [.attr("type", "submit")], text: t(.answerSave))
                        }
                    } else {
                        Tag("h3", text: t(question.label))
                        Tag("p", text: current?.text ?? "—")
                    }
                    if !earlier.isEmpty {
                        Tag("details", [.attr("class", "revisions")]) {
                            Tag("summary", text: t(.answerRevisions, ["count": String(earlier.count)]))
                            Tag("ol") {
                                for revision in earlier {
                                    Tag("li") {
                                        Tag(
                                            "span", [.attr("class", "hint")],
                                            text: revision.answeredBy + ", "
                                                + context.format.dateTime(revision.answeredAt) + ": ")
                                        Txt(revision.text)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private var influencesSection: Component {
        let t = context.t, state = model.state, dealID = model.deal.id
        let roles = InfluenceRole.allCases.map { (value: $0.rawValue, label: t($0.label)) }
        let stances = InfluenceStance.allCases.map { (value: $0.rawValue, label: t($0.label)) }
        return Tag("section", [.attr("class", "panel"), .attr("id", "influences")]) {
            Tag("h2", text: t(.influencesHeading))
            if model.influences.isEmpty {
                Tag("p", [.attr("class", "empty")], text: t(.noInfluences))
            } else {
                DataTable(headers: [t(.influenceName), t(.influenceRole), t(.influenceStance), t(.influenceNote), ""]) {
                    for person in model.influences {
                        Tag("tr") {
                            Tag("td", text: person.name + (person.title.map { ", " + $0 } ?? ""))
                            Tag("td", text: t(person.role.label))
                            Tag("td", [.attr("class", "stance-" + person.stance.rawValue)]) {
                                // The stance moves as the case moves: changed in place, versioned.
                                if model.canWork {
                                    PostForm(context: context, action: .caseInfluence(dealID, person.id)) {
                                        HiddenField(name: "influenceVersion", value: String(person.version))
                                        SelectInput(
                                            context: context, name: "stance", label: t(.influenceStance),
                                            options: stances, selected: person.stance.rawValue,
                                            idSuffix: "-" + person.id.uuidString.prefix(8))
                                        Tag(
                                            "button", [.attr("type", "submit"), .attr("class", "link-button")],
                                            text: t(.save))
                                    }
                                } else {
                                    Txt(t(person.stance.label))
                                }
                            }
                            Tag("td", text: person.note ?? "")
                            Tag("td") {
                                if model.canWork {
                                    PostForm(context: context, action: .caseInfluence(dealID, person.id)) {
                                        HiddenField(name: "remove", value: "true")
                                        Tag(
                                            "button", [.attr("type", "submit"), .attr("class", "link-button")],
                                            text: t(.influenceRemove))
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if model.canWork {
                Tag("details", [.flag("open", ["name", "role", "stance"].contains { state.error($0) != nil })]) {
                    Tag("summary", text: t(.influenceAdd))
                    PostForm(context: context, action: .caseInfluences(dealID)) {
                        TextInput(
                            context: context, name: "name", label: t(.influenceName), value: state["name"],
                            error: state.error("name"))
                        TextInput(
                            context: context, name: "title", label: t(.influenceTitle), value: state["title"],
                            required: false, error: state.error("title"))
                        SelectInput(
                            context: context, name: "role", label: t(.influenceRole), options: roles,
                            selected: state["role"], error: state.error("role"))
                        SelectInput(
                            context: context, name: "stance", label: t(.influenceStance), options: stances,
                            selected: state["stance"].isEmpty ? InfluenceStance.unknown.rawValue : state["stance"],
                            error: state.error("stance"))
                        TextInput(
                            context: context, name: "note", label: t(.influenceNote), value: state["note"],
                            required: false, error: state.error("note"))
                        Tag("button", [.attr("type", "submit")], text: t(.influenceAdd))
                    }
                }
            }
        }
    }

    private var evidenceSection: Component {
        let t = context.t, state = model.state, dealID = model.deal.id
        return Tag("section", [.attr("class", "panel"), .attr("id", "evidence")]) {
            Tag("h2", text: t(.evidenceHeading))
            if model.evidence.isEmpty {
                Tag("p", [.attr("class", "empty")], text: t(.noEvidence))
            } else {
                DataTable(headers: [t(.evidenceTriedOn), t(.evidenceTried), t(.evidenceResult), t(.evidenceNote), ""]) {
                    for entry in model.evidence {
                        Tag("tr") {
                            Tag("td", text: context.dayText(entry.triedOn))
                            Tag("td", text: entry.tried)
                            Tag("td", [.attr("class", "result-" + entry.result.rawValue)], text: t(entry.result.label))
                            Tag("td", text: (entry.note ?? "") + " (" + entry.recordedBy + ")")
                            Tag("td") {
                                if model.canWork {
                                    PostForm(context: context, action: .caseEvidenceEntry(dealID, entry.id)) {
                                        HiddenField(name: "remove", value: "true")
                                        Tag(
                                            "button", [.attr("type", "submit"), .attr("class", "link-button")],
                                            text: t(.evidenceRemove))
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if model.canWork {
                PostForm(context: context, action: .caseEvidence(dealID)) {
                    TextInput(
                        context: context, name: "tried", label: t(.evidenceTried), value: state["tried"],
                        error: state.error("tried"))
                    SelectInput(
                        context: context, name: "result", label: t(.evidenceResult),
                        options: EvidenceResult.allCases.map { (value: $0.rawValue, label: t($0.label)) },
                        selected: state["result"], error: state.error("result"))
                    TextInput(
                        context: context, name: "evidenceNote", label: t(.evidenceNote), value: state["evidenceNote"],
                        required: false, error: state.error("evidenceNote"))
                    TextInput(
                        context: context, name: "triedOn", label: t(.evidenceTriedOn),
                        value: state.values["triedOn"] ?? model.today.description, type: "date",
                        error: state.error("triedOn"))
                    Tag("button", [.attr("type", "submit")], text: t(.evidenceAdd))
                }
            }
        }
    }

    private var plansSection: Component {
        let t = context.t, dealID = model.deal.id
        return Tag("section", [.attr("class", "panel"), .attr("id", "plans")]) {
            Tag("h2", text: t(.plansHeading))
            if model.plans.isEmpty {
                Tag("p", [.attr("class", "empty")], text: t(.noPlans))
            } else {
                Tag("ul", [.attr("class", "case-list")]) {
                    for plan in model.plans {
                        Tag("li") {
                            if model.canWork {
                                Tag(
                                    "a", [.attr("href", SiteRoute.plan(dealID, plan.id).path)],
                                    text: t(.planHeading, ["letter": plan.letter, "title": plan.text.title]))
                            } else {
                                Txt(t(.planHeading, ["letter": plan.letter, "title": plan.text.title]))
                            }
                            Txt(" — ")
                            if plan.choice != nil {
                                Tag("strong", text: context.planStatus(plan, model.people))
                            } else {
                                Txt(t(.planConsidered))
                            }
                        }
                    }
                }
            }
            Tag("p", [.attr("class", "actions")]) {
                Tag("a", [.attr("class", "button"), .attr("href", SiteRoute.planNew(dealID).path)], text: t(.planNew))
                if !model.plans.isEmpty {
                    Tag("a", [.attr("href", SiteRoute.dealPlans(dealID).path)], text: t(.plansCompare))
                }
            }
        }
    }

    private var commentsSection: Component {
        let t = context.t, state = model.state
        return Tag("section", [.attr("class", "panel"), .attr("id", "comments")]) {
            Tag("h2", text: t(.commentsHeading))
            if model.comments.isEmpty { Tag("p", [.attr("class", "empty")], text: t(.noComments)) }
            Tag("ol", [.attr("class", "case-list comments")]) {
                for comment in model.comments {
                    Tag("li") {
                        Tag(
                            "p", [.attr("class", "hint")],
                            text: (model.people[comment.authorID] ?? "—") + ", "
                                + context.format.dateTime(comment.createdAt))
                        BlockerText(context: context, text: comment.text)
                    }
                }
            }
            PostForm(context: context, action: .caseComments(model.deal.id)) {
                TextAreaInput(
                    context: context, name: "comment", label: t(.commentAdd), value: state["comment"],
                    error: state.error("comment"))
                Tag("button", [.attr("type", "submit")], text: t(.commentAdd))
            }
        }
    }

    private var guestsSection: Component {
        let t = context.t, state = model.state
        return Tag("section", [.attr("class", "panel"), .attr("id", "guests")]) {
            Tag("h2", text: t(.guestsHeading))
            Tag("p", [.attr("class", "hint")], text: t(.guestsIntro))
            if !model.guests.isEmpty {
                Tag("ul", [.attr("class", "case-list")]) {
                    for guest in model.guests {
                        Tag("li") {
                            Txt(
                                t(
                                    .guestLine,
                                    [
                                        "name": model.people[guest.userID] ?? "—",
                                        "by": model.people[guest.invitedBy] ?? "—",
                                        "date": context.format.date(guest.invitedAt),
                                    ]))
                            if model.canInvite {
                                PostForm(context: context, action: .caseGuest(model.deal.id, guest.userID)) {
                                    Tag(
                                        "button", [.attr("type", "submit"), .attr("class", "link-button")],
                                        text: t(.guestRemove))
                                }
                            }
                        }
                    }
                }
            }
            if model.canInvite {
                PostForm(context: context, action: .caseGuests(model.deal.id)) {
                    TextInput(
                        context: context, name: "email", label: t(.guestEmail), value: state["email"], type: "email",
                        error: state.error("email"))
                    Tag("button", [.attr("type", "submit")], text: t(.guestInvite))
                }
            }
        }
    }

    private var auditSection: Component {
        let t = context.t
        return Tag("section", [.attr("class", "panel"), .attr("id", "audit")]) {
            Tag("details") {
                Tag("summary", text: t(.auditHeading))
                if model.events.isEmpty { Tag("p", [.attr("class", "empty")], text: t(.noAudit)) }
                Tag("ol", [.attr("class", "timeline")]) {
                    for event in model.events {
                        Tag("li") {
                            Tag("time", text: context.format.dateTime(event.at))
                            Txt(
                                " "
                                    + t(
                                        .auditLine,
                                        [
                                            "name": event.actorName, "action": t(event.action.label),
                                            "subject": subject(event),
                                        ]))
                        }
                    }
                }
            }
        }
    }

    /// The event's subject in the reader's language where it names a category or a question.
    private func subject(_ event: CaseEvent) -> String {
        if let id = UUID(uuidString: event.subject) { return model.categoryName(id, context.locale) }
        if event.action == .answerSaved, let question = CaseQuestion(rawValue: event.subject) {
            return "«" + context.t(question.label) + "»"
        }
        return "«" + event.subject + "»"
    }
}

extension PageContext {
    /// "Chosen by …, next step …" or the outcome, for a plan in lists.
    func planStatus(_ plan: Plan, _ people: [UUID: String]) -> String {
        guard let choice = plan.choice else { return t(.planConsidered) }
        if let replaced = choice.replacedAt {
            var text = t(
                .planReplacedText,
                [
                    "name": people[choice.chosenBy] ?? "—", "date": format.dateTime(choice.chosenAt),
                    "replaced": format.dateTime(replaced),
                ])
            if let outcome = plan.outcome { text += " " + t(.planOutcomeText, ["outcome": t(outcome.result.label)]) }
            return text
        }
        var text = t(
            .planChosenText,
            [
                "name": people[choice.chosenBy] ?? "—", "date": format.dateTime(choice.chosenAt),
                "next": choice.nextStep, "owner": people[choice.ownerID] ?? "—", "due": dayText(choice.dueOn),
            ])
        if let outcome = plan.outcome { text += " " + t(.planOutcomeText, ["outcome": t(outcome.result.label)]) }
        return text
    }
}
