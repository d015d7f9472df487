import Foundation
import Plot
import SparringDomain

/// `/admin/audit`: who changed which person and team, and when, newest first.
public enum AuditPage {
    public struct Row: Sendable {
        public var event: AuditEvent
        public var actorName: String?
        public var subjectName: String?
        public var teamName: String?

        public init(event: AuditEvent, actorName: String?, subjectName: String?, teamName: String?) {
            self.event = event
            self.actorName = actorName
            self.subjectName = subjectName
            self.teamName = teamName
        }
    }

    public struct Model: Sendable {
        public var rows: [Row]
        public var firstPath: String?
        public var nextPath: String?

        public init(rows: [Row], firstPath: String?, nextPath: String?) {
            self.rows = rows
            self.firstPath = firstPath
            self.nextPath = nextPath
        }
    }

    public typealias View = PageView<Model>
}

extension PageView where Model == AuditPage.Model {
    public func render() -> String {
        let t = context.t
        return Layout.render(context: context, title: t(.auditTitle)) {
            Tag("p") { Tag("a", [.attr("href", SiteRoute.people.path)], text: "← " + t(.peopleTitle)) }
            Tag("h1", text: t(.auditTitle))
            Tag("p", [.attr("class", "lead")], text: t(.auditIntro))
            if model.rows.isEmpty { Tag("p", [.attr("class", "empty")], text: t(.auditNone)) }
            if !model.rows.isEmpty {
                DataTable(headers: [t(.auditWhen), t(.auditWho), t(.auditWhat), t(.auditBy)]) {
                    for row in model.rows {
                        Tag("tr") {
                            Tag("td", text: context.format.dateTime(row.event.at))
                            Tag("th", [.attr("scope", "row")]) {
                                if let subject = row.event.subjectID {
                                    Tag(
                                        "a", [.attr("href", SiteRoute.person(subject).path)],
                                        text: row.subjectName ?? "—")
                                }
                            }
                            Tag("td", text: t(row.event.kind.label, arguments(row)))
                            Tag("td", text: row.actorName ?? t(.auditCommandLine))
                        }
                    }
                }
            }
            PageLinks(context: context, firstPath: model.firstPath, nextPath: model.nextPath)
        }
    }

    private func arguments(_ row: AuditPage.Row) -> [String: String] {
        let t = context.t
        var detail = row.event.detail ?? ""
        // Roles and place kinds are stored as codes; they are shown in the reader's language.
        let words: [String: String] = [
            "admin": t(.roleAdmin), "leader": t(.roleLeader), "seller": t(.roleSeller),
            "member": t(.auditAsMember),
        ]
        for (code, word) in words { detail = detail.replacingOccurrences(of: code, with: word.lowercased()) }
        return ["detail": detail, "team": row.teamName ?? "—"]
    }
}
