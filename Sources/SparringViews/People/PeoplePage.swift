import Foundation
import Plot
import SparringDomain

/// The admin's list of people.
public enum PeoplePage {
    public struct Row: Sendable {
        public var id: UUID
        public var name: String
        public var email: String
        public var role: Role
        public var teams: [String]
        public var isActive: Bool

        public init(id: UUID, name: String, email: String, role: Role, teams: [String], isActive: Bool) {
            self.id = id
            self.name = name
            self.email = email
            self.role = role
            self.teams = teams
            self.isActive = isActive
        }
    }

    public struct Model: Sendable {
        public var rows: [Row]
        public var showingDeactivated: Bool
        /// Set when this is not the first page.
        public var firstPath: String?
        public var nextPath: String?

        public init(rows: [Row], showingDeactivated: Bool, firstPath: String? = nil, nextPath: String? = nil) {
            self.rows = rows
            self.showingDeactivated = showingDeactivated
            self.firstPath = firstPath
            self.nextPath = nextPath
        }
    }

    public typealias View = PageView<Model>
}

/// Create or edit a person: name, e-mail, role, language, teams; deactivate or reactivate.
public enum PersonFormPage {
    public struct Model: Sendable {
        /// `nil` when creating.
        public var userID: UUID?
        public var version: Int
        public var isActive: Bool
        public var isSelf: Bool
        public var state: FormState
        public var teams: [(id: UUID, name: String)]
        /// Shown once, on the page that answers an administrator's password reset.
        public var temporaryPassword: (name: String, password: String)?

        public init(
            userID: UUID?, version: Int, isActive: Bool, isSelf: Bool, state: FormState,
            teams: [(id: UUID, name: String)], temporaryPassword: (name: String, password: String)? = nil
        ) {
            self.userID = userID
            self.version = version
            self.isActive = isActive
            self.isSelf = isSelf
            self.state = state
            self.teams = teams
            self.temporaryPassword = temporaryPassword
        }
    }

    public typealias View = PageView<Model>
}

extension PageView where Model == PeoplePage.Model {
    public func render() -> String {
        let t = context.t
        return Layout.render(context: context, title: t(.peopleTitle)) {
            ListHeader(title: t(.peopleTitle), intro: t(.peopleIntro), newLabel: t(.newPerson), newRoute: .personNew)
            Tag("p", [.attr("class", "related-links")]) {
                Tag("a", [.attr("href", SiteRoute.privacy.path)], text: t(.privacyTitle) + " →")
                Text(" ")
                Tag("a", [.attr("href", SiteRoute.audit.path)], text: t(.auditTitle) + " →")
            }
            // A GET filter form: no state changes, so no CSRF token, and it works without JavaScript.
            Tag(
                "form", [.attr("method", "get"), .attr("action", SiteRoute.people.path), .attr("class", "filters")]
            ) {
                Tag("div", [.attr("class", "checkbox")]) {
                    VoidTag(
                        "input",
                        [
                            .attr("type", "checkbox"), .attr("id", "show-all"), .attr("name", "all"),
                            .attr("value", "1"),
                            .flag("checked", model.showingDeactivated),
                        ])
                    Tag("label", [.attr("for", "show-all")], text: t(.showDeactivated))
                }
                Tag("button", [.attr("type", "submit"), .attr("class", "secondary")], text: t(.save))
            }
            if model.rows.isEmpty {
                Tag("p", text: t(.noPeople))
            } else {
                DataTable(headers: [t(.name), t(.email), t(.role), t(.teams), t(.status)]) {
                    for row in model.rows {
                        Tag("tr", [.optional("class", row.isActive ? nil : "inactive")]) {
                            Tag("td") {
                                Tag("a", [.attr("href", SiteRoute.person(row.id).path)], text: row.name)
                            }
                            Tag("td", text: row.email)
                            Tag("td", text: t.role(row.role))
                            Tag("td", text: row.teams.joined(separator: ", "))
                            Tag("td", text: row.isActive ? t(.active) : t(.deactivated))
                        }
                    }
                }
            }
            PageLinks(context: context, firstPath: model.firstPath, nextPath: model.nextPath)
        }
    }
}

extension PageView where Model == PersonFormPage.Model {
    public func render() -> String {
        let t = context.t, state = model.state
        let title = model.userID == nil ? t(.newPerson) : t(.editPerson)
        let labels = [
            "name": t(.name), "email": t(.email), "role": t(.role), "locale": t(.locale),
            "memberOf": t(.memberOfTeams), "leads": t(.leadsTeams), "password": t(.initialPassword),
            "active": t(.status), "version": t(.editPerson),
        ]
        let teamOptions = model.teams.map { (value: $0.id.uuidString, label: $0.name) }
        return Layout.render(context: context, title: title) {
            Tag("p") { Tag("a", [.attr("href", SiteRoute.people.path)], text: "← " + t(.peopleTitle)) }
            Tag("h1", text: title)
            if !model.isActive {
                Tag("p", [.attr("class", "notice warning")], text: t(.deactivatedNote))
            }
            ErrorSummary(context: context, state: state, labels: labels)
            PostForm(context: context, action: model.userID.map(SiteRoute.person) ?? .personNew) {
                VoidTag(
                    "input",
                    [.attr("type", "hidden"), .attr("name", "version"), .attr("value", String(model.version))])
                TextInput(
                    context: context, name: "name", label: labels["name"]!, value: state["name"],
                    error: state.error("name"))
                TextInput(
                    context: context, name: "email", label: labels["email"]!, value: state["email"],
                    type: "email", error: state.error("email"))
                SelectInput(
                    context: context, name: "role", label: labels["role"]!,
                    options: Role.allCases.map { ($0.rawValue, t.role($0)) },
                    selected: state["role"], error: state.error("role"))
                SelectInput(
                    context: context, name: "locale", label: labels["locale"]!,
                    options: [("", t(.localeFromBrowser))]
                        + AppLocale.allCases.map { ($0.rawValue, $0.nativeName) },
                    selected: state["locale"], error: state.error("locale"))
                CheckboxGroup(
                    context: context, name: "memberOf", legend: labels["memberOf"]!, options: teamOptions,
                    checked: state.list("memberOf"), error: state.error("memberOf"))
                CheckboxGroup(
                    context: context, name: "leads", legend: labels["leads"]!, options: teamOptions,
                    checked: state.list("leads"), hint: t(.leadsHint), error: state.error("leads"))
                if model.userID == nil {
                    TextInput(
                        context: context, name: "password", label: labels["password"]!, type: "password",
                        autocomplete: "new-password", hint: t(.initialPasswordHint),
                        error: state.error("password"))
                }
                Tag("div", [.attr("class", "actions")]) {
                    Tag(
                        "button", [.attr("type", "submit"), .attr("class", "primary")],
                        text: model.userID == nil ? t(.create) : t(.save))
                    Tag("a", [.attr("href", SiteRoute.people.path)], text: t(.cancel))
                }
            }
            if let id = model.userID, !model.isSelf, model.isActive {
                Tag("section", [.attr("class", "card"), .attr("aria-labelledby", "reset-title")]) {
                    Tag("h2", [.attr("id", "reset-title")], text: t(.resetPasswordTitle))
                    if let reset = model.temporaryPassword {
                        Tag("div", [.attr("class", "notice"), .attr("role", "status")]) {
                            Tag("p", text: t(.temporaryPasswordOnce, ["name": reset.name]))
                            Tag(
                                "code", [.attr("class", "secret"), .attr("id", "temporary-password")],
                                text: reset.password)
                        }
                    }
                    Tag("p", [.attr("class", "muted")], text: t(.resetPasswordIntro))
                    PostForm(context: context, action: .personPasswordReset(id)) {
                        Tag(
                            "button", [.attr("type", "submit"), .attr("class", "secondary")],
                            text: t(.resetPasswordSubmit))
                    }
                }
            }
            if let id = model.userID, !model.isSelf {
                Tag("section", [.attr("class", "card danger-zone")]) {
                    Tag("h2", text: model.isActive ? t(.deactivate) : t(.reactivate))
                    Tag("p", [.attr("class", "muted")], text: t(.deactivatedNote))
                    PostForm(context: context, action: .personActivation(id)) {
                        VoidTag(
                            "input",
                            [
                                .attr("type", "hidden"), .attr("name", "active"),
                                .attr("value", model.isActive ? "false" : "true"),
                            ])
                        Tag(
                            "button",
                            [.attr("type", "submit"), .attr("class", model.isActive ? "danger" : "secondary")],
                            text: model.isActive ? t(.deactivate) : t(.reactivate))
                    }
                }
            }
        }
    }
}
