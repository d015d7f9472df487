import Plot
import SparringDomain

/// The page that starts the day. For now: who you are and your teams; later issues add stuck deals,
/// sparring sessions and follow-ups.
public enum HomePage {
    public struct Model: Sendable {
        public var name: String
        public var role: Role
        public var organisationName: String
        public var teamsLed: [String]
        public var teamsMemberOf: [String]

        public init(name: String, role: Role, organisationName: String, teamsLed: [String], teamsMemberOf: [String]) {
            self.name = name
            self.role = role
            self.organisationName = organisationName
            self.teamsLed = teamsLed
            self.teamsMemberOf = teamsMemberOf
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
            Tag("div", [.attr("class", "cards")]) {
                if !model.teamsLed.isEmpty {
                    teamCard(title: t(.homeTeamsYouLead), teams: model.teamsLed)
                }
                if !model.teamsMemberOf.isEmpty {
                    teamCard(title: t(.homeTeamsYouBelongTo), teams: model.teamsMemberOf)
                }
            }
            if model.teamsLed.isEmpty && model.teamsMemberOf.isEmpty {
                Tag("p", text: t(.homeNoTeams))
            }
            Tag("p", [.attr("class", "muted")], text: t(.homeComingSoon))
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
}
