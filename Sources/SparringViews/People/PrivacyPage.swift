import Foundation
import Plot
import SparringDomain

/// `/admin/privacy`: find a person, export what is held about them, or erase them.
public enum PrivacyPage {
    public struct Colleague: Sendable {
        public var id: UUID
        public var name: String
        public var email: String
        public var isActive: Bool
        /// The administrator looking: they may export their own data, not erase themselves.
        public var isSelf: Bool

        public init(id: UUID, name: String, email: String, isActive: Bool, isSelf: Bool = false) {
            self.id = id
            self.name = name
            self.email = email
            self.isActive = isActive
            self.isSelf = isSelf
        }
    }

    public struct Model: Sendable {
        public var query: String
        /// Nil before a search.
        public var colleagues: [Colleague]?
        public var contacts: [(name: String, deals: Int)]
        public var state: FormState
        /// After an erasure: rows changed, tables touched.
        public var erased: (rows: Int, tables: Int)?

        public init(
            query: String, colleagues: [Colleague]?, contacts: [(name: String, deals: Int)], state: FormState,
            erased: (rows: Int, tables: Int)? = nil
        ) {
            self.query = query
            self.colleagues = colleagues
            self.contacts = contacts
            self.state = state
            self.erased = erased
        }
    }

    public typealias View = PageView<Model>
}

extension PageView where Model == PrivacyPage.Model {
    public func render() -> String {
        let t = context.t
        return Layout.render(context: context, title: t(.privacyTitle)) {
            Tag("p") { Tag("a", [.attr("href", SiteRoute.people.path)], text: "← " + t(.peopleTitle)) }
            Tag("h1", text: t(.privacyTitle))
            Tag("p", [.attr("class", "lead")], text: t(.privacyIntro))
            if let erased = model.erased {
                Tag(
                    "p", [.attr("class", "notice"), .attr("role", "status"), .attr("id", "erased")],
                    text: t(.privacyErased, ["rows": String(erased.rows), "tables": String(erased.tables)]))
            }
            ErrorSummary(
                context: context, state: model.state,
                labels: ["q": t(.privacySearch), "confirm": t(.privacyEraseConfirm), "subject": t(.privacyTitle)])
            Tag(
                "form",
                [.attr("method", "get"), .attr("action", SiteRoute.privacy.path), .attr("role", "search")]
            ) {
                TextInput(
                    context: context, name: "q", label: t(.privacySearch), value: model.query, type: "search",
                    error: model.state.error("q"))
                Tag("button", [.attr("type", "submit"), .attr("class", "primary")], text: t(.privacyFind))
            }
            if let colleagues = model.colleagues {
                if colleagues.isEmpty && model.contacts.isEmpty {
                    Tag("p", text: t(.privacyNoMatches))
                }
                if !colleagues.isEmpty {
                    Tag("h2", text: t(.privacyColleagues))
                    for (index, person) in colleagues.enumerated() {
                        subject(
                            name: person.name, detail: person.email + (person.isActive ? "" : " · " + t(.deactivated)),
                            field: "user", value: person.id.uuidString, suffix: "-u\(index)", erasable: !person.isSelf)
                    }
                }
                if !model.contacts.isEmpty {
                    Tag("h2", text: t(.privacyContacts))
                    for (index, contact) in model.contacts.enumerated() {
                        subject(
                            name: contact.name, detail: t(.privacyContactDeals, ["count": String(contact.deals)]),
                            field: "contact", value: contact.name, suffix: "-c\(index)")
                    }
                }
            }
        }
    }

    /// One person found: their export link and the erase form, which asks for the name typed again.
    private func subject(
        name: String, detail: String, field: String, value: String, suffix: String, erasable: Bool = true
    ) -> Component {
        let t = context.t
        var export = URLComponents()
        export.path = SiteRoute.privacyExport.path
        export.queryItems = [URLQueryItem(name: field, value: value)]
        return Tag("section", [.attr("class", "card privacy-subject")]) {
            Tag("h3", text: name)
            Tag("p", [.attr("class", "muted")], text: detail)
            Tag("p") {
                Tag(
                    "a", [.attr("class", "button secondary"), .attr("href", export.string ?? "")],
                    text: t(.privacyExport))
            }
            if erasable {
                eraseForm(field: field, value: value, suffix: suffix)
            }
        }
    }

    private func eraseForm(field: String, value: String, suffix: String) -> Component {
        let t = context.t
        return ComponentGroup {
            Tag("details") {
                Tag("summary", text: t(.privacyErase))
                PostForm(context: context, action: .privacyErase) {
                    HiddenField(name: field, value: value)
                    Tag("p", [.attr("class", "muted")], text: t(.privacyEraseHint))
                    TextInput(
                        context: context, name: "confirm", label: t(.privacyEraseConfirm), autocomplete: "off",
                        idSuffix: suffix)
                    Tag("button", [.attr("type", "submit"), .attr("class", "danger")], text: t(.privacyErase))
                }
            }
        }
    }
}
