import Plot
import SparringDomain

/// What a page that shows a team's work says when the viewer has no team to show: an admin of a new
/// organisation is pointed to creating the first team (they are the administrator the seller's
/// message speaks of), a leader is told who makes them one, a seller who adds them.
public struct NoTeamNotice: Component {
    let context: PageContext

    public init(context: PageContext) { self.context = context }

    public var body: Component {
        let t = context.t
        return Tag("section", [.attr("class", "panel empty-state"), .attr("id", "no-team")]) {
            switch context.viewer?.role {
            case .admin:
                Tag("p", text: t(.noTeamAdmin))
                Tag("p") {
                    Tag(
                        "a", [.attr("class", "button primary"), .attr("href", SiteRoute.teamNew.path)],
                        text: t(.noTeamCreate))
                }
            case .leader: Tag("p", text: t(.noTeamLeader))
            default: Tag("p", text: t(.boardNoTeam))
            }
        }
    }
}

/// A page of a team's work (the board) for a viewer without a team: the notice alone.
public enum NoTeamPage {
    public static func render(context: PageContext, title: L10nKey) -> String {
        Layout.render(context: context, title: context.t(title)) {
            Tag("h1", text: context.t(title))
            NoTeamNotice(context: context)
        }
    }
}
