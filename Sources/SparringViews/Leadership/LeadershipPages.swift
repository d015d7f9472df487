import Foundation
import Plot
import SparringDomain

/// A 1–5 rating as five radio buttons in a fieldset, the statement as its legend.
struct RatingInput: Component {
    let context: PageContext
    let name: String
    let statement: String
    let selected: String
    let error: FieldError?

    var body: Component {
        let t = context.t
        return Tag(
            "fieldset",
            [.attr("class", error == nil ? "field rating" : "field rating has-error"), .attr("id", "field-" + name)]
        ) {
            Tag("legend", text: statement)
            if let error { Tag("p", [.attr("class", "field-error")], text: t(error.message, error.arguments)) }
            Tag("div", [.attr("class", "scale")]) {
                Tag("span", [.attr("class", "hint")], text: t(.ratingDisagree))
                for score in 1...5 {
                    Tag("label", [.attr("class", "score")]) {
                        VoidTag(
                            "input",
                            [
                                .attr("type", "radio"), .attr("name", name), .attr("value", String(score)),
                                .flag("checked", selected == String(score)),
                            ])
                        Txt(String(score))
                    }
                }
                Tag("span", [.attr("class", "hint")], text: t(.ratingAgree))
            }
        }
    }
}

/// A pulse round with what the viewer may do with it.
public struct PulseRoundItem: Sendable {
    public var round: PulseRound
    public var teamName: String
    public var leaderName: String
    public var canAnswer: Bool
    public var hasAnswered: Bool
    public var canRun: Bool
    public var canSeeResults: Bool
    /// A member of the team now (who may not be one who answers: joined after the round opened).
    public var isMember: Bool
    /// Who may answer, for the round's page (nil in lists).
    public var eligibility: PulseEligibility?

    public init(
        round: PulseRound, teamName: String, leaderName: String, canAnswer: Bool, hasAnswered: Bool, canRun: Bool,
        canSeeResults: Bool, isMember: Bool = false, eligibility: PulseEligibility? = nil
    ) {
        self.round = round
        self.teamName = teamName
        self.leaderName = leaderName
        self.canAnswer = canAnswer
        self.hasAnswered = hasAnswered
        self.canRun = canRun
        self.canSeeResults = canSeeResults
        self.isMember = isMember
        self.eligibility = eligibility
    }
}

/// A closed round's released results with the round's team, for the leader's trend.
public struct ReleasedRound: Sendable {
    public var round: PulseRound
    public var teamName: String
    public var results: PulseResults

    public init(round: PulseRound, teamName: String, results: PulseResults) {
        self.round = round
        self.teamName = teamName
        self.results = results
    }
}

/// `/leadership`: the leader's own page — this quarter's self-assessment, the team's view beside it per
/// behaviour, the trend across pulse rounds and quarters, and earlier assessments with reflections.
public enum LeadershipPage {
    public struct Model: Sendable {
        public var quarter: AssessmentQuarter
        public var version: Int
        public var state: FormState
        public var history: [SelfAssessment]
        /// Oldest first.
        public var released: [ReleasedRound]
        public var savedMeanwhile: SelfAssessment?

        public init(
            quarter: AssessmentQuarter, version: Int, state: FormState, history: [SelfAssessment],
            released: [ReleasedRound], savedMeanwhile: SelfAssessment? = nil
        ) {
            self.quarter = quarter
            self.version = version
            self.state = state
            self.history = history
            self.released = released
            self.savedMeanwhile = savedMeanwhile
        }
    }

    public typealias View = PageView<Model>

    public static func state(_ assessment: SelfAssessment?) -> FormState {
        guard let assessment else { return FormState() }
        var values: [String: String] = [:]
        for (statement, score) in assessment.scores { values[statement.rawValue] = String(score) }
        for (question, text) in assessment.reflections { values[question.rawValue] = text }
        return FormState(values: values)
    }
}

extension LeaderBehaviour {
    var chartClass: String { "series-" + rawValue }
}

extension PageContext {
    /// A mean rating on the 1–5 scale, `4.3`; a dash when there is none.
    func rating(_ value: Double?) -> String { value.map { format.decimal($0, fractionDigits: 1) } ?? "—" }
}

/// One row per behaviour, with a mean rating in each column (the leader's own, the team's, …).
struct BehaviourRows: Component {
    let context: PageContext
    let columns: [[LeaderBehaviour: Double]?]

    var body: Component {
        ComponentGroup {
            for behaviour in LeaderBehaviour.allCases {
                Tag("tr") {
                    Tag("th", [.attr("scope", "row")], text: context.t(behaviour.label))
                    for column in columns {
                        Tag("td", [.attr("class", "number")], text: context.rating(column?[behaviour]))
                    }
                }
            }
        }
    }
}

extension PageView where Model == LeadershipPage.Model {
    public func render() -> String {
        let t = context.t
        let latest = model.history.first
        let team = model.released.last
        return Layout.render(context: context, title: t(.leadershipTitle)) {
            LeaderNavigation(context: context)
            Tag("h1", text: t(.leadershipTitle))
            Tag("p", [.attr("class", "lead")], text: t(.leadershipIntro))
            Tag("section", [.attr("class", "panel"), .attr("id", "beside")]) {
                Tag("h2", text: t(.leadershipBeside))
                if latest == nil && team == nil {
                    Tag("p", [.attr("class", "empty")], text: t(.leadershipNothingYet))
                } else {
                    DataTable(
                        headers: [
                            t(.behaviour), t(.leadershipYou, ["quarter": latest?.quarter.description ?? "—"]),
                            team.map { t(.leadershipTeam, ["count": String($0.results.answers)]) }
                                ?? t(.leadershipTeamNone),
                        ]
                    ) {
                        BehaviourRows(context: context, columns: [latest?.behaviours, team?.results.behaviours])
                    }
                }
                if model.released.count > 0 {
                    LineChart(
                        context: context, id: "pulse-trend", title: t(.leadershipPulseTrend),
                        summary: t(.leadershipPulseTrendSummary, ["count": String(model.released.count)]),
                        xLabels: model.released.map { context.format.date($0.round.closedAt ?? $0.round.openedAt) },
                        series: LeaderBehaviour.allCases.map { behaviour in
                            (
                                t(behaviour.label), behaviour.chartClass,
                                model.released.map { $0.results.behaviours[behaviour] }
                            )
                        }, range: 1...5)
                }
                if model.history.count > 0 {
                    let quarters = Array(model.history.reversed())
                    LineChart(
                        context: context, id: "self-trend", title: t(.leadershipSelfTrend),
                        summary: t(.leadershipSelfTrendSummary, ["count": String(quarters.count)]),
                        xLabels: quarters.map(\.quarter.description),
                        series: LeaderBehaviour.allCases.map { behaviour in
                            (t(behaviour.label), behaviour.chartClass, quarters.map { $0.behaviours[behaviour] })
                        }, range: 1...5)
                }
                if !model.released.isEmpty || !model.history.isEmpty {
                    ChartLegend(items: LeaderBehaviour.allCases.map { (t($0.label), $0.chartClass) })
                }
            }
            form
            if model.history.contains(where: { $0.quarter != model.quarter }) {
                Tag("section", [.attr("class", "panel"), .attr("id", "history")]) {
                    Tag("h2", text: t(.leadershipHistory))
                    for assessment in model.history where assessment.quarter != model.quarter {
                        Tag("details", [.attr("class", "assessment")]) {
                            Tag(
                                "summary",
                                text: assessment.quarter.description + " — "
                                    + LeaderBehaviour.allCases.map {
                                        t($0.label) + " "
                                            + context.rating(assessment.behaviours[$0])
                                    }.joined(separator: " · "))
                            for question in ReflectionQuestion.allCases {
                                if let text = assessment.reflections[question] {
                                    Tag("h3", text: t(question.text))
                                    Tag("p", text: text)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private var form: Component {
        let t = context.t
        let state = model.state
        var labels: [String: String] = [:]
        for statement in SelfStatement.allCases { labels[statement.rawValue] = t(statement.text) }
        for question in ReflectionQuestion.allCases { labels[question.rawValue] = t(question.text) }
        labels["version"] = t(.leadershipAssessment, ["quarter": model.quarter.description])
        return Tag("section", [.attr("class", "panel"), .attr("id", "assessment")]) {
            Tag("h2", text: t(.leadershipAssessment, ["quarter": model.quarter.description]))
            Tag("p", [.attr("class", "hint")], text: t(.leadershipAssessmentHint))
            ErrorSummary(context: context, state: state, labels: labels)
            if let saved = model.savedMeanwhile {
                Tag(
                    "p", [.attr("class", "notice")],
                    text: t(.leadershipSavedMeanwhile, ["time": context.format.dateTime(saved.updatedAt)]))
            }
            PostForm(context: context, action: .leadershipAssessment) {
                HiddenField(name: "quarter", value: model.quarter.description)
                HiddenField(name: "version", value: String(model.version))
                for behaviour in LeaderBehaviour.allCases {
                    Tag("h3", text: t(behaviour.label))
                    for statement in SelfStatement.allCases where statement.behaviour == behaviour {
                        RatingInput(
                            context: context, name: statement.rawValue, statement: t(statement.text),
                            selected: state[statement.rawValue], error: state.error(statement.rawValue))
                    }
                }
                Tag("h3", text: t(.leadershipReflections))
                for question in ReflectionQuestion.allCases {
                    TextAreaInput(
                        context: context, name: question.rawValue, label: t(question.text),
                        value: state[question.rawValue],
                        error: state.error(question.rawValue))
                }
                Tag("button", [.attr("type", "submit"), .attr("class", "primary")], text: t(.leadershipSave))
            }
        }
    }
}

/// `/pulse`: the rounds the viewer may answer or runs, and opening a new one.
public enum PulseListPage {
    public struct Model: Sendable {
        public var items: [PulseRoundItem]
        /// Teams the viewer may open a round for, with the leaders who could be rated.
        public var teams: [(id: UUID, name: String, leaders: [(id: UUID, name: String)])]
        public var state: FormState

        public init(
            items: [PulseRoundItem], teams: [(id: UUID, name: String, leaders: [(id: UUID, name: String)])],
            state: FormState
        ) {
            self.items = items
            self.teams = teams
            self.state = state
        }
    }

    public typealias View = PageView<Model>
}

/// `/pulse/{id}`: answer the round, or (for the leader rated and admins) its released results.
public enum PulseRoundPage {
    public struct Model: Sendable {
        public var item: PulseRoundItem
        public var results: PulseResults?
        /// Answers of a closed round (nil while open).
        public var answers: Int?
        /// The leader's own latest self-assessment per behaviour, when the viewer is the leader rated.
        public var selfBehaviours: [LeaderBehaviour: Double]?
        public var state: FormState

        public init(
            item: PulseRoundItem, results: PulseResults?, answers: Int?, selfBehaviours: [LeaderBehaviour: Double]?,
            state: FormState
        ) {
            self.item = item
            self.results = results
            self.answers = answers
            self.selfBehaviours = selfBehaviours
            self.state = state
        }
    }

    public typealias View = PageView<Model>
}

extension PulseRoundItem {
    func status(_ context: PageContext) -> String {
        let t = context.t
        if let closed = round.closedAt { return t(.pulseClosedOn, ["date": context.format.date(closed)]) }
        return t(.pulseOpenSince, ["date": context.format.date(round.openedAt)])
    }
}

extension PageView where Model == PulseListPage.Model {
    public func render() -> String {
        let t = context.t
        return Layout.render(context: context, title: t(.pulseTitle)) {
            LeaderNavigation(context: context)
            Tag("h1", text: t(.pulseTitle))
            Tag("p", [.attr("class", "lead")], text: t(.pulseIntro))
            if model.items.isEmpty { Tag("p", [.attr("class", "empty")], text: t(.pulseNone)) }
            if !model.items.isEmpty {
                DataTable(headers: [t(.pulseRound), t(.pulseStatus), ""]) {
                    for item in model.items {
                        Tag("tr") {
                            Tag("th", [.attr("scope", "row")]) {
                                Tag(
                                    "a", [.attr("href", SiteRoute.pulseRound(item.round.id).path)],
                                    text: t(.pulseRoundName, ["leader": item.leaderName, "team": item.teamName]))
                            }
                            Tag("td", text: item.status(context))
                            Tag("td") {
                                if item.canAnswer && !item.round.isClosed {
                                    if item.hasAnswered {
                                        Tag("span", [.attr("class", "badge")], text: t(.pulseYouAnswered))
                                    } else {
                                        Tag(
                                            "a",
                                            [
                                                .attr("class", "button primary"),
                                                .attr("href", SiteRoute.pulseRound(item.round.id).path),
                                            ],
                                            text: t(.pulseAnswerNow))
                                    }
                                }
                            }
                        }
                    }
                }
            }
            if !model.teams.isEmpty {
                Tag("section", [.attr("class", "panel"), .attr("id", "open-round")]) {
                    Tag("h2", text: t(.pulseOpenTitle))
                    Tag(
                        "p", [.attr("class", "hint")],
                        text: t(.pulseOpenHint, ["minimum": String(PulseResults.minimumAnswers)]))
                    ErrorSummary(
                        context: context, state: model.state,
                        labels: ["leader": t(.pulseLeader), "leaderID": t(.pulseLeader)])
                    PostForm(context: context, action: .pulse) {
                        SelectInput(
                            context: context, name: "leader", label: t(.pulseLeader),
                            options: model.teams.flatMap { team in
                                team.leaders.map {
                                    (team.id.uuidString + ":" + $0.id.uuidString, $0.name + " — " + team.name)
                                }
                            }, selected: model.state["leader"],
                            error: model.state.error("leader") ?? model.state.error("leaderID"))
                        Tag("button", [.attr("type", "submit"), .attr("class", "primary")], text: t(.pulseOpen))
                    }
                }
            }
        }
    }
}

extension PageView where Model == PulseRoundPage.Model {
    public func render() -> String {
        let t = context.t
        let item = model.item
        let title = t(.pulseRoundName, ["leader": item.leaderName, "team": item.teamName])
        return Layout.render(context: context, title: title) {
            LeaderNavigation(context: context)
            Tag("h1", text: title)
            Tag("p", [.attr("class", "lead")], text: item.status(context))
            Tag(
                "p", [.attr("class", "hint")],
                text: t(.pulseAnonymity, ["minimum": String(PulseResults.minimumAnswers)]))
            if let eligibility = item.eligibility {
                // Shown to everyone who sees the round: a team can tell if people were added just before.
                Tag(
                    "p", [.attr("class", "hint"), .attr("id", "eligibility")],
                    text: t(
                        .pulseEligibility,
                        [
                            "count": String(eligibility.mayAnswer), "recent": String(eligibility.joinedRecently),
                            "minimum": String(PulseResults.minimumAnswers),
                        ]))
            }
            if item.isMember && !item.canAnswer && !item.round.isClosed {
                Tag("p", [.attr("class", "notice"), .attr("id", "not-eligible")], text: t(.pulseNotEligible))
            }
            if item.canRun && !item.round.isClosed {
                PostButton(context: context, action: .pulseClose(item.round.id), label: t(.pulseClose))
            }
            if item.canAnswer && !item.round.isClosed {
                if item.hasAnswered {
                    Tag("p", [.attr("class", "notice"), .attr("id", "answered")], text: t(.pulseThanks))
                } else {
                    answerForm
                }
            }
            if item.canSeeResults { results }
        }
    }

    private var answerForm: Component {
        let t = context.t
        var labels: [String: String] = ["comment": t(.pulseComment), "round": t(.pulseRound)]
        for statement in PulseStatement.allCases { labels[statement.rawValue] = t(statement.text) }
        return Tag("section", [.attr("class", "panel"), .attr("id", "answer")]) {
            Tag("h2", text: t(.pulseAnswerTitle))
            ErrorSummary(context: context, state: model.state, labels: labels)
            PostForm(context: context, action: .pulseAnswer(model.item.round.id)) {
                for statement in PulseStatement.allCases {
                    RatingInput(
                        context: context, name: statement.rawValue, statement: t(statement.text),
                        selected: model.state[statement.rawValue], error: model.state.error(statement.rawValue))
                }
                TextAreaInput(
                    context: context, name: "comment", label: t(.pulseComment), value: model.state["comment"],
                    hint: t(.pulseCommentHint), error: model.state.error("comment"))
                Tag("button", [.attr("type", "submit"), .attr("class", "primary")], text: t(.pulseSend))
            }
        }
    }

    private var results: Component {
        let t = context.t
        return Tag("section", [.attr("class", "panel"), .attr("id", "results")]) {
            Tag("h2", text: t(.pulseResults))
            if !model.item.round.isClosed {
                Tag("p", [.attr("class", "empty")], text: t(.pulseResultsWhenClosed))
            } else if let results = model.results {
                Tag("p", text: t(.pulseAnswers, ["count": String(results.answers)]))
                BarChart(
                    context: context, id: "pulse-behaviours", title: t(.pulseByBehaviour),
                    summary: t(.pulseByBehaviourSummary, ["count": String(results.answers)]),
                    bars: LeaderBehaviour.allCases.compactMap { behaviour in
                        results.behaviours[behaviour].map {
                            ChartBar(
                                label: t(behaviour.label), value: $0,
                                display: context.format.decimal($0, fractionDigits: 1))
                        }
                    }, maximum: 5, valueHeader: t(.pulseMean))
                if let mine = model.selfBehaviours {
                    DataTable(headers: [t(.behaviour), t(.pulseTeamView), t(.pulseYourView)]) {
                        BehaviourRows(context: context, columns: [results.behaviours, mine])
                    }
                }
                DataTable(headers: [t(.pulseStatement), t(.pulseMean)]) {
                    for statement in PulseStatement.allCases {
                        Tag("tr") {
                            Tag("th", [.attr("scope", "row")], text: t(statement.text))
                            Tag(
                                "td", [.attr("class", "number")],
                                text: context.rating(results.statements[statement]))
                        }
                    }
                }
                Tag("h3", text: t(.pulseComments))
                if results.comments.isEmpty { Tag("p", [.attr("class", "empty")], text: t(.pulseNoComments)) }
                Tag("ul", [.attr("class", "pulse-comments")]) {
                    for comment in results.comments { Tag("li", text: comment) }
                }
            } else {
                Tag(
                    "p", [.attr("class", "empty"), .attr("id", "too-few")],
                    text: t(
                        (model.answers ?? 0) >= PulseResults.minimumAnswers ? .pulseTooFewSettled : .pulseTooFew,
                        ["count": String(model.answers ?? 0), "minimum": String(PulseResults.minimumAnswers)]))
            }
        }
    }
}
