import Foundation
import Plot
import SparringDomain

/// The page that starts the day. A seller sees their stuck deals with the reasons, their open sparring
/// sessions and follow-ups; a leader the sparring queue, each team's stuck deals and the follow-ups
/// coming due. Everybody sees what is new for them.
public enum HomePage {
    /// Follow-ups the home page lists in each of its sections; the rest are a link away. A leader of
    /// busy teams can have hundreds coming due, and a home page of hundreds of lines is read by nobody.
    public static let followUpsShown = 10

    public struct Model: Sendable {
        public var name: String
        public var role: Role
        public var organisationName: String
        public var teamsLed: [String]
        public var teamsMemberOf: [String]
        public var notifications: [AppNotification]
        /// The first follow-ups due today or overdue, and how many there are in all.
        public var due: [FollowUpsPage.Row]
        public var dueTotal: Int
        /// The first follow-ups due in the next two weeks (or overdue), and how many there are in all.
        public var followUps: [FollowUpsPage.Row]
        public var followUpsTotal: Int
        public var myStuck: [StuckLine]
        public var mySessions: [SparringListPage.SessionLine]
        /// Nil for people who coach no team.
        public var queue: [SparringListPage.QueueEntry]?
        public var teamStuck: [TeamStuck]
        public var stages: StageDirectory
        public var today: Day
        public var now: Date

        public init(
            name: String, role: Role, organisationName: String, teamsLed: [String], teamsMemberOf: [String],
            notifications: [AppNotification] = [], due: [FollowUpsPage.Row] = [],
            followUps: [FollowUpsPage.Row] = [], dueTotal: Int? = nil, followUpsTotal: Int? = nil,
            myStuck: [StuckLine] = [],
            mySessions: [SparringListPage.SessionLine] = [], queue: [SparringListPage.QueueEntry]? = nil,
            teamStuck: [TeamStuck] = [], stages: StageDirectory = StageDirectory([]), today: Day, now: Date
        ) {
            self.name = name
            self.role = role
            self.organisationName = organisationName
            self.teamsLed = teamsLed
            self.teamsMemberOf = teamsMemberOf
            self.notifications = notifications
            self.due = due
            self.dueTotal = dueTotal ?? due.count
            self.followUps = followUps
            self.followUpsTotal = followUpsTotal ?? followUps.count
            self.myStuck = myStuck
            self.mySessions = mySessions
            self.queue = queue
            self.teamStuck = teamStuck
            self.stages = stages
            self.today = today
            self.now = now
        }
    }

    public struct StuckLine: Sendable {
        public var deal: Deal
        public var reasons: [StuckReason]

        public init(deal: Deal, reasons: [StuckReason]) {
            self.deal = deal
            self.reasons = reasons
        }
    }

    public struct TeamStuck: Sendable {
        public var teamID: UUID
        public var teamName: String
        public var lines: [StuckLine]
        public var total: Int

        public init(teamID: UUID, teamName: String, lines: [StuckLine], total: Int) {
            self.teamID = teamID
            self.teamName = teamName
            self.lines = lines
            self.total = total
        }
    }

    public typealias View = PageView<Model>
}

extension PageView where Model == HomePage.Model {
    public func render() -> String {
        let t = context.t
        return Layout.render(context: context, title: t(.homeTitle)) {
            Tag("h1", text: t(.homeWelcome, ["name": model.name]))
            Tag("p", [.attr("class", "lead")], text: t(.homeYourRole, ["role": t.role(model.role)]))
            if model.role == .admin {
                Tag("p", text: t(.homeAdminHint, ["organisation": model.organisationName]))
            }
            if !model.notifications.isEmpty || !model.due.isEmpty {
                Tag("section", [.attr("id", "home-new")]) {
                    Tag("h2") {
                        Tag("a", [.attr("href", SiteRoute.notifications.path)], text: t(.homeNotificationsHeading))
                    }
                    NotificationList(context: context, notifications: model.notifications, due: model.due)
                    if model.dueTotal > model.due.count {
                        Tag("p") {
                            Tag(
                                "a", [.attr("href", SiteRoute.followUps.path)],
                                text: t(.homeAllDue, ["count": context.format.integer(model.dueTotal)]))
                        }
                    }
                }
            }
            if let queue = model.queue {
                Tag("section", [.attr("id", "home-queue")]) {
                    Tag("h2") { Tag("a", [.attr("href", SiteRoute.sparring.path)], text: t(.homeQueueHeading)) }
                    if queue.isEmpty {
                        Tag("p", [.attr("class", "empty")], text: t(.sparringNoQueue))
                    } else {
                        SparringQueueTable(context: context, entries: queue, now: model.now)
                    }
                }
            }
            if model.role == .seller || !model.myStuck.isEmpty {
                Tag("section", [.attr("id", "home-stuck")]) {
                    Tag("h2", text: t(.homeStuckHeading))
                    if model.myStuck.isEmpty {
                        Tag("p", [.attr("class", "empty")], text: t(.homeNoStuck))
                    } else {
                        stuckList(model.myStuck, askSparring: true)
                    }
                }
            }
            for team in model.teamStuck {
                Tag("section", [.attr("class", "home-team-stuck")]) {
                    Tag("h2", text: t(.homeTeamStuckHeading, ["team": team.teamName]))
                    if team.lines.isEmpty {
                        Tag("p", [.attr("class", "empty")], text: t(.noDeals))
                    } else {
                        stuckList(team.lines, askSparring: false)
                        Tag("p") {
                            Tag(
                                "a",
                                [.attr("href", SiteRoute.deals.path + "?team=\(team.teamID.uuidString)&stuck=true")],
                                text: t(.homeAllStuck, ["count": context.format.integer(team.total)]))
                        }
                    }
                }
            }
            if !model.mySessions.isEmpty {
                Tag("section", [.attr("id", "home-sessions")]) {
                    Tag("h2", text: t(.homeSessionsHeading))
                    SessionList(context: context, lines: model.mySessions)
                }
            }
            Tag("section", [.attr("id", "home-follow-ups")]) {
                Tag("h2") { Tag("a", [.attr("href", SiteRoute.followUps.path)], text: t(.homeFollowUpsHeading)) }
                if model.followUps.isEmpty {
                    Tag("p", [.attr("class", "empty")], text: t(.homeNoFollowUps))
                } else {
                    Tag("ul") {
                        for row in model.followUps {
                            Tag("li", [.attr("class", row.followUp.status(today: model.today).rawValue)]) {
                                Txt(context.dayText(row.followUp.dueOn) + " · ")
                                Tag(
                                    "a",
                                    [
                                        .attr(
                                            "href",
                                            SiteRoute.source(of: row.followUp).path)
                                    ], text: row.dealTitle)
                                Txt(" · " + row.followUp.what + " (" + row.ownerName + ")")
                            }
                        }
                    }
                    if model.followUpsTotal > model.followUps.count {
                        Tag("p") {
                            Tag(
                                "a", [.attr("href", SiteRoute.followUps.path)],
                                text: t(.homeAllFollowUps, ["count": context.format.integer(model.followUpsTotal)]))
                        }
                    }
                }
            }
            Tag("div", [.attr("class", "cards")]) {
                if !model.teamsLed.isEmpty { teamCard(title: t(.homeTeamsYouLead), teams: model.teamsLed) }
                if !model.teamsMemberOf.isEmpty {
                    teamCard(title: t(.homeTeamsYouBelongTo), teams: model.teamsMemberOf)
                }
            }
            if model.teamsLed.isEmpty && model.teamsMemberOf.isEmpty {
                Tag("p", text: t(.homeNoTeams))
            }
        }
    }

    private func teamCard(title: String, teams: [String]) -> Component {
        Tag("section", [.attr("class", "card")]) {
            Tag("h2", text: title)
            Tag("ul") {
                for team in teams { Tag("li", text: team) }
            }
        }
    }

    private func stuckList(_ lines: [HomePage.StuckLine], askSparring: Bool) -> Component {
        let t = context.t
        return Tag("ul", [.attr("class", "stuck-list")]) {
            for line in lines {
                Tag("li") {
                    Tag("a", [.attr("href", SiteRoute.deal(line.deal.id).path)], text: line.deal.title)
                    if askSparring {
                        Txt(" · ")
                        // A deal with a session under way links to it, not to a new request.
                        if let open = model.mySessions.first(where: { $0.session.dealID == line.deal.id }) {
                            Tag("a", [.attr("href", SiteRoute.session(open.session.id).path)], text: t(.sessionOnDeal))
                        } else {
                            Tag(
                                "a", [.attr("href", SiteRoute.sparringRequest(line.deal.id).path)],
                                text: t(.sparringRequest))
                        }
                    }
                    StuckReasons(
                        context: context, reasons: line.reasons,
                        stageName: model.stages.name(line.deal.stageID, context.locale))
                }
            }
        }
    }
}
