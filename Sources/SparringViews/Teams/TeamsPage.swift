import Foundation
import Plot
import SparringDomain

/// The admin's list of teams.
public enum TeamsPage {
    public struct Row: Sendable {
        public var id: UUID
        public var name: String
        public var leaders: [String]
        public var memberCount: Int

        public init(id: UUID, name: String, leaders: [String], memberCount: Int) {
            self.id = id
            self.name = name
            self.leaders = leaders
            self.memberCount = memberCount
        }
    }

    public struct Model: Sendable {
        public var rows: [Row]
        /// Set when this is not the first page.
        public var firstPath: String?
        public var nextPath: String?

        public init(rows: [Row], firstPath: String? = nil, nextPath: String? = nil) {
            self.rows = rows
            self.firstPath = firstPath
            self.nextPath = nextPath
        }
    }

    public typealias View = PageView<Model>
}

/// Create or edit a team: name, leaders, members.
public enum TeamFormPage {
    public struct Model: Sendable {
        /// `nil` when creating.
        public var teamID: UUID?
        public var version: Int
        public var state: FormState
        /// The people the checkboxes offer: the team's current leaders and members. Others are added by
        /// e-mail address, so the form stays usable with thousands of people in the organisation.
        public var people: [(id: UUID, name: String)]

        public init(teamID: UUID?, version: Int, state: FormState, people: [(id: UUID, name: String)]) {
            self.teamID = teamID
            self.version = version
            self.state = state
            self.people = people
        }
    }

    public typealias View = PageView<Model>
}

extension PageView where Model == TeamsPage.Model {
    public func render() -> String {
        let t = context.t
        return Layout.render(context: context, title: t(.teamsTitle)) {
            ListHeader(title: t(.teamsTitle), intro: t(.teamsIntro), newLabel: t(.newTeam), newRoute: .teamNew)
            if model.rows.isEmpty {
                Tag("p", text: t(.noTeams))
            } else {
                DataTable(headers: [t(.teamName), t(.teamLeaders), t(.teamMembers)]) {
                    for row in model.rows {
                        Tag("tr") {
                            Tag("td") { Tag("a", [.attr("href", SiteRoute.team(row.id).path)], text: row.name) }
                            Tag("td", text: row.leaders.joined(separator: ", "))
                            Tag("td", [.attr("class", "number")], text: context.format.integer(row.memberCount))
                        }
                    }
                }
            }
            PageLinks(context: context, firstPath: model.firstPath, nextPath: model.nextPath)
        }
    }
}

extension PageView where Model == TeamFormPage.Model {
    public func render() -> String {
        let t = context.t, state = model.state
        let title = model.teamID == nil ? t(.newTeam) : t(.editTeam)
        let labels = [
            "name": t(.teamName), "leaderIDs": t(.teamLeaders), "memberIDs": t(.teamMembers),
            "version": t(.editTeam), "addLeaders": t(.addLeaders), "addMembers": t(.addMembers),
        ]
        let options = model.people.map { (value: $0.id.uuidString, label: $0.name) }
        return Layout.render(context: context, title: title) {
            Tag("p") { Tag("a", [.attr("href", SiteRoute.teams.path)], text: "← " + t(.teamsTitle)) }
            Tag("h1", text: title)
            ErrorSummary(context: context, state: state, labels: labels)
            PostForm(context: context, action: model.teamID.map(SiteRoute.team) ?? .teamNew) {
                VoidTag(
                    "input",
                    [.attr("type", "hidden"), .attr("name", "version"), .attr("value", String(model.version))])
                TextInput(
                    context: context, name: "name", label: labels["name"]!, value: state["name"],
                    error: state.error("name"))
                CheckboxGroup(
                    context: context, name: "leaderIDs", legend: labels["leaderIDs"]!, options: options,
                    checked: state.list("leaderIDs"), error: state.error("leaderIDs"))
                CheckboxGroup(
                    context: context, name: "memberIDs", legend: labels["memberIDs"]!, options: options,
                    checked: state.list("memberIDs"), error: state.error("memberIDs"))
                TextAreaInput(
                    context: context, name: "addLeaders", label: labels["addLeaders"]!,
                    value: state["addLeaders"], hint: t(.addByEmailHint), error: state.error("addLeaders"))
                TextAreaInput(
                    context: context, name: "addMembers", label: labels["addMembers"]!,
                    value: state["addMembers"], hint: t(.addByEmailHint), error: state.error("addMembers"))
                Tag("div", [.attr("class", "actions")]) {
                    Tag(
                        "button", [.attr("type", "submit"), .attr("class", "primary")],
                        text: model.teamID == nil ? t(.create) : t(.save))
                    Tag("a", [.attr("href", SiteRoute.teams.path)], text: t(.cancel))
                }
            }
        }
    }
}
