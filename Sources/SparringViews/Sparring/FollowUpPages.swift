import Foundation
import Plot
import SparringDomain

/// `/follow-ups`: what I agreed to follow up (overdue, due, coming, done), and my private calendar address.
public enum FollowUpsPage {
    public struct Model: Sendable {
        public var rows: [Row]
        public var today: Day
        /// When the person's calendar address was made, if they have one.
        public var calendarSince: Date?
        /// The whole address, right after it was made: shown once.
        public var newCalendarURL: String?

        public init(rows: [Row], today: Day, calendarSince: Date?, newCalendarURL: String?) {
            self.rows = rows
            self.today = today
            self.calendarSince = calendarSince
            self.newCalendarURL = newCalendarURL
        }
    }

    public struct Row: Sendable {
        public var followUp: FollowUp
        public var dealTitle: String
        public var ownerName: String

        public init(followUp: FollowUp, dealTitle: String, ownerName: String) {
            self.followUp = followUp
            self.dealTitle = dealTitle
            self.ownerName = ownerName
        }
    }

    public typealias View = PageView<Model>

    public static func label(_ status: FollowUp.Status) -> L10nKey {
        switch status {
        case .overdue: .followUpOverdue
        case .due: .followUpDue
        case .upcoming: .followUpUpcoming
        case .done: .followUpDone
        }
    }
}

extension PageView where Model == FollowUpsPage.Model {
    public func render() -> String {
        let t = context.t
        let grouped = Dictionary(grouping: model.rows) { $0.followUp.status(today: model.today) }
        return Layout.render(context: context, title: t(.followUpsTitle)) {
            Tag("h1", text: t(.followUpsTitle))
            Tag("p", [.attr("class", "lead")], text: t(.followUpsIntro))
            if model.rows.isEmpty { Tag("p", [.attr("class", "empty")], text: t(.followUpsNone)) }
            for status in FollowUp.Status.allCases {
                if let rows = grouped[status], !rows.isEmpty {
                    Tag("section", [.attr("id", "follow-ups-" + status.rawValue), .attr("class", "follow-ups")]) {
                        Tag("h2", text: t(FollowUpsPage.label(status)))
                        DataTable(headers: [
                            t(.planDue), t(.coachingDeal), t(.planNextStep), t(.followUpOwner), t(.actions),
                        ]) {
                            for row in status == .done ? rows.reversed() : rows {
                                Tag("tr", [.attr("class", status.rawValue)]) {
                                    Tag("td", text: context.dayText(row.followUp.dueOn))
                                    Tag("td") {
                                        Tag(
                                            "a",
                                            [
                                                .attr(
                                                    "href",
                                                    SiteRoute.source(of: row.followUp).path)
                                            ], text: row.dealTitle)
                                    }
                                    Tag("td", text: row.followUp.what)
                                    Tag("td", text: row.ownerName)
                                    Tag("td") {
                                        PostForm(context: context, action: .followUp(row.followUp.id)) {
                                            HiddenField(name: "version", value: String(row.followUp.version))
                                            HiddenField(name: "done", value: status == .done ? "false" : "true")
                                            Tag(
                                                "button", [.attr("type", "submit"), .attr("class", "secondary")],
                                                text: t(status == .done ? .followUpReopen : .followUpMarkDone))
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
            calendar
        }
    }

    private var calendar: Component {
        let t = context.t
        return Tag("section", [.attr("class", "panel"), .attr("id", "calendar")]) {
            Tag("h2", text: t(.calendarHeading))
            Tag("p", text: t(.calendarIntro))
            if let url = model.newCalendarURL {
                Tag("p", text: t(.calendarCreatedOnce))
                Tag("p") { Tag("code", [.attr("class", "secret"), .attr("id", "calendar-url")], text: url) }
            } else if let since = model.calendarSince {
                Tag("p", text: t(.calendarActiveSince, ["date": context.format.date(since)]))
            }
            Tag("div", [.attr("class", "actions")]) {
                PostForm(context: context, action: .profileCalendar) {
                    HiddenField(name: "action", value: "create")
                    Tag(
                        "button", [.attr("type", "submit"), .attr("class", "secondary")],
                        text: t(model.calendarSince == nil ? .calendarCreate : .calendarReplace))
                }
                if model.calendarSince != nil {
                    PostForm(context: context, action: .profileCalendar) {
                        HiddenField(name: "action", value: "revoke")
                        Tag(
                            "button", [.attr("type", "submit"), .attr("class", "link-button")], text: t(.calendarRevoke)
                        )
                    }
                }
            }
        }
    }
}

/// `/notifications`: what happened in my sessions, and follow-ups that are due.
public enum NotificationsPage {
    public struct Model: Sendable {
        public var notifications: [AppNotification]
        public var due: [FollowUpsPage.Row]

        public init(notifications: [AppNotification], due: [FollowUpsPage.Row]) {
            self.notifications = notifications
            self.due = due
        }
    }

    public typealias View = PageView<Model>
}

extension PageView where Model == NotificationsPage.Model {
    public func render() -> String {
        let t = context.t
        return Layout.render(context: context, title: t(.notificationsTitle)) {
            Tag("div", [.attr("class", "page-head")]) {
                Tag("h1", text: t(.notificationsTitle))
                if model.notifications.contains(where: { !$0.isRead }) {
                    PostButton(context: context, action: .notificationsRead, label: t(.notificationsMarkRead))
                }
            }
            NotificationList(context: context, notifications: model.notifications, due: model.due)
            if model.notifications.isEmpty && model.due.isEmpty {
                Tag("p", [.attr("class", "empty")], text: t(.notificationsNone))
            }
        }
    }
}

/// Due follow-ups first, then the notifications, newest first; unread ones stand out.
struct NotificationList: Component {
    let context: PageContext
    let notifications: [AppNotification]
    let due: [FollowUpsPage.Row]

    var body: Component {
        let t = context.t
        return Tag("ul", [.attr("class", "notifications")]) {
            for row in due {
                Tag("li", [.attr("class", "unread due")]) {
                    Tag(
                        "a", [.attr("href", SiteRoute.followUps.path)],
                        text: t(.notifyFollowUpDue, ["deal": row.dealTitle, "what": row.followUp.what]))
                    Txt(" · " + context.dayText(row.followUp.dueOn))
                }
            }
            for notification in notifications {
                Tag("li", [.attr("class", notification.isRead ? "read" : "unread")]) {
                    Tag(
                        "a",
                        [
                            .attr(
                                "href",
                                notification.sessionID.map { SiteRoute.session($0).path }
                                    ?? notification.dealID.map { SiteRoute.deal($0).path } ?? SiteRoute.home.path)
                        ],
                        text: t(
                            notification.kind.label, ["actor": notification.actorName, "deal": notification.dealTitle]))
                    Txt(" · " + context.format.dateTime(notification.at))
                }
            }
        }
    }
}

/// `/coaching/{seller}`: the seller's sessions, their verdicts and what became of the deals — outcomes,
/// never a count of meetings on its own.
public enum CoachingPage {
    public struct Model: Sendable {
        public var sellerName: String
        public var entries: [Entry]

        public init(sellerName: String, entries: [Entry]) {
            self.sellerName = sellerName
            self.entries = entries
        }
    }

    public struct Entry: Sendable {
        public var session: SparringSession
        public var dealTitle: String
        public var outcome: SessionOutcome
        public var coachName: String?

        public init(session: SparringSession, dealTitle: String, outcome: SessionOutcome, coachName: String?) {
            self.session = session
            self.dealTitle = dealTitle
            self.outcome = outcome
            self.coachName = coachName
        }
    }

    public typealias View = PageView<Model>
}

extension PageView where Model == CoachingPage.Model {
    public func render() -> String {
        let t = context.t, format = context.format
        let title = t(.coachingTitle, ["name": model.sellerName])
        let verdicts = Dictionary(grouping: model.entries.compactMap(\.session.verdict)) { $0 }.mapValues(\.count)
        let outcomes = Dictionary(grouping: model.entries.map(\.outcome)) { $0 }.mapValues(\.count)
        return Layout.render(context: context, title: title) {
            Tag("h1", text: title)
            Tag("p", [.attr("class", "lead")], text: t(.coachingIntro))
            if model.entries.isEmpty {
                Tag("p", [.attr("class", "empty")], text: t(.coachingNone))
            } else {
                Tag("div", [.attr("class", "cards")]) {
                    Tag("section", [.attr("class", "card"), .attr("id", "verdicts")]) {
                        Tag("h2", text: t(.coachingVerdict))
                        Tag(
                            "p",
                            text: t(
                                .coachingSolution,
                                [
                                    "yes": format.integer(verdicts[.yes] ?? 0),
                                    "partly": format.integer(verdicts[.partly] ?? 0),
                                    "no": format.integer(verdicts[.no] ?? 0),
                                ]))
                    }
                    Tag("section", [.attr("class", "card"), .attr("id", "outcomes")]) {
                        Tag("h2", text: t(.coachingSince))
                        Tag(
                            "p",
                            text: t(
                                .coachingOutcomes,
                                Dictionary(
                                    uniqueKeysWithValues: SessionOutcome.allCases.map {
                                        ($0.rawValue, format.integer(outcomes[$0] ?? 0))
                                    })))
                    }
                }
                DataTable(
                    headers: [t(.coachingDeal), t(.coachingAsked), t(.status), t(.coachingVerdict), t(.coachingSince)]
                ) {
                    for entry in model.entries {
                        Tag("tr") {
                            Tag("td") {
                                Tag(
                                    "a", [.attr("href", SiteRoute.session(entry.session.id).path)],
                                    text: entry.dealTitle)
                            }
                            Tag("td", text: format.date(entry.session.requestedAt))
                            Tag("td", text: t(entry.session.state.label))
                            Tag("td", text: entry.session.verdict.map { t($0.label) } ?? t(.coachingPending))
                            Tag(
                                "td", [.attr("class", "outcome-" + entry.outcome.rawValue)],
                                text: t(entry.outcome.label))
                        }
                    }
                }
            }
        }
    }
}

/// `/blockers/{team}`: how often each blocking reflex appeared in the team's discussions per month, as
/// an SVG chart with the numbers in a table under it.
public enum TeamBlockersPage {
    public struct Model: Sendable {
        public var teamName: String
        public var rows: [(month: String, counts: [BlockerBias: Int])]
        public var largest: Int

        public init(teamName: String, rows: [(month: String, counts: [BlockerBias: Int])], largest: Int) {
            self.teamName = teamName
            self.rows = rows
            self.largest = largest
        }
    }

    public typealias View = PageView<Model>

    public static func label(_ bias: BlockerBias) -> L10nKey {
        switch bias {
        case .practicality: .biasPracticality
        case .legacy: .biasLegacy
        case .personal: .biasPersonal
        case .exportability: .biasExportability
        }
    }
}

extension PageView where Model == TeamBlockersPage.Model {
    public func render() -> String {
        let t = context.t
        return Layout.render(context: context, title: t(.blockersTitle)) {
            Tag("h1", text: t(.blockersTitle))
            Tag("p", [.attr("class", "lead")], text: t(.blockersIntro, ["team": model.teamName]))
            if model.largest == 0 {
                Tag("p", [.attr("class", "empty")], text: t(.blockersNone))
            } else {
                Tag("figure", [.attr("class", "chart")]) {
                    chart
                    Tag("figcaption") {
                        Tag("ul", [.attr("class", "legend")]) {
                            for bias in BlockerBias.allCases {
                                Tag(
                                    "li", [.attr("class", "bias-" + bias.rawValue)],
                                    text: t(TeamBlockersPage.label(bias)))
                            }
                        }
                    }
                }
            }
            DataTable(headers: [t(.blockersMonth)] + BlockerBias.allCases.map { t(TeamBlockersPage.label($0)) }) {
                for row in model.rows {
                    Tag("tr") {
                        Tag("th", [.attr("scope", "row")], text: row.month)
                        for bias in BlockerBias.allCases {
                            Tag("td", [.attr("class", "number")], text: context.format.integer(row.counts[bias] ?? 0))
                        }
                    }
                }
            }
        }
    }

    /// Grouped bars, one group per month, one bar per kind; the table under it is the text alternative.
    private var chart: Component {
        let barWidth = 8, gap = 12, height = 160, top = 10, bottom = 24
        let groupWidth = BlockerBias.allCases.count * barWidth + gap
        let width = max(groupWidth * model.rows.count + 40, 200)
        let scale = Double(height - top - bottom) / Double(max(model.largest, 1))
        return Tag(
            "svg",
            [
                .attr("xmlns", "http://www.w3.org/2000/svg"), .attr("viewBox", "0 0 \(width) \(height)"),
                .attr("role", "img"), .attr("aria-label", context.t(.blockersTitle)),
            ]
        ) {
            VoidTag(
                "line",
                [
                    .attr("x1", "30"), .attr("y1", "\(height - bottom)"), .attr("x2", "\(width)"),
                    .attr("y2", "\(height - bottom)"), .attr("class", "axis"),
                ])
            Tag("text", [.attr("x", "0"), .attr("y", "\(top + 8)"), .attr("class", "tick")], text: "\(model.largest)")
            for (index, row) in model.rows.enumerated() {
                for (offset, bias) in BlockerBias.allCases.enumerated() {
                    let count = row.counts[bias] ?? 0
                    let barHeight = Int((Double(count) * scale).rounded())
                    Tag(
                        "rect",
                        [
                            .attr("x", "\(34 + index * groupWidth + offset * barWidth)"),
                            .attr("y", "\(height - bottom - barHeight)"), .attr("width", "\(barWidth - 1)"),
                            .attr("height", "\(barHeight)"), .attr("class", "bias-" + bias.rawValue),
                        ]
                    ) {
                        Tag("title", text: row.month + ": " + String(count))
                    }
                }
                Tag(
                    "text",
                    [.attr("x", "\(34 + index * groupWidth)"), .attr("y", "\(height - 8)"), .attr("class", "tick")],
                    text: String(row.month.suffix(2)))
            }
        }
    }
}
