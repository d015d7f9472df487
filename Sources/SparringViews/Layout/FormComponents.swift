import Plot
import SparringDomain

/// The error summary at the top of a failed form: each error names its field and links to it.
public struct ErrorSummary: Component {
    let context: PageContext
    let state: FormState
    let labels: [String: String]

    public init(context: PageContext, state: FormState, labels: [String: String]) {
        self.context = context
        self.state = state
        self.labels = labels
    }

    public var body: Component {
        let t = context.t
        return ComponentGroup {
            if !state.errors.isEmpty {
                Tag(
                    "div",
                    [
                        .attr("class", "error-summary"), .attr("role", "alert"), .attr("tabindex", "-1"),
                        .attr("id", "error-summary"),
                    ]
                ) {
                    Tag("h2", text: t(.errorSummaryTitle))
                    Tag("ul") {
                        for error in state.errors {
                            Tag("li") {
                                Tag(
                                    "a", [.attr("href", "#field-" + error.field)],
                                    text: (labels[error.field] ?? error.field) + ": "
                                        + t(error.message, error.arguments))
                            }
                        }
                    }
                }
            }
        }
    }
}

/// A labelled input with its error message, wired for screen readers.
public struct TextInput: Component {
    let context: PageContext
    let name: String
    let label: String
    let value: String
    let type: String
    let required: Bool
    let autocomplete: String?
    let hint: String?
    let error: FieldError?
    let idSuffix: String

    public init(
        context: PageContext, name: String, label: String, value: String = "", type: String = "text",
        required: Bool = true, autocomplete: String? = nil, hint: String? = nil, error: FieldError? = nil,
        idSuffix: String = ""
    ) {
        self.idSuffix = idSuffix
        self.context = context
        self.name = name
        self.label = label
        self.value = value
        self.type = type
        self.required = required
        self.autocomplete = autocomplete
        self.hint = hint
        self.error = error
    }

    public var body: Component {
        FieldFrame(context: context, name: name, label: label, hint: hint, error: error, idSuffix: idSuffix) {
            id, aria in
            VoidTag(
                "input",
                [
                    .attr("type", type), .attr("id", id), .attr("name", name),
                    .optional("value", type == "password" ? nil : value),
                    .flag("required", required), .optional("autocomplete", autocomplete),
                ] + aria)
        }
    }
}

/// A labelled select with its error message.
public struct SelectInput: Component {
    let context: PageContext
    let name: String
    let label: String
    let options: [(value: String, label: String)]
    let selected: String
    let error: FieldError?
    let idSuffix: String

    public init(
        context: PageContext, name: String, label: String, options: [(value: String, label: String)],
        selected: String, error: FieldError? = nil, idSuffix: String = ""
    ) {
        self.idSuffix = idSuffix
        self.context = context
        self.name = name
        self.label = label
        self.options = options
        self.selected = selected
        self.error = error
    }

    public var body: Component {
        FieldFrame(context: context, name: name, label: label, hint: nil, error: error, idSuffix: idSuffix) {
            id, aria in
            Tag("select", [.attr("id", id), .attr("name", name)] + aria) {
                for option in options {
                    Tag(
                        "option", [.attr("value", option.value), .flag("selected", option.value == selected)],
                        text: option.label)
                }
            }
        }
    }
}

/// A group of checkboxes in a fieldset (teams a person belongs to, people in a team).
public struct CheckboxGroup: Component {
    let context: PageContext
    let name: String
    let legend: String
    let options: [(value: String, label: String)]
    let checked: Set<String>
    let hint: String?
    let error: FieldError?

    public init(
        context: PageContext, name: String, legend: String, options: [(value: String, label: String)],
        checked: Set<String>, hint: String? = nil, error: FieldError? = nil
    ) {
        self.context = context
        self.name = name
        self.legend = legend
        self.options = options
        self.checked = checked
        self.hint = hint
        self.error = error
    }

    public var body: Component {
        Tag(
            "fieldset",
            [
                .attr("class", error == nil ? "field checkboxes" : "field checkboxes has-error"),
                .attr("id", "field-" + name),
            ]
        ) {
            Tag("legend", text: legend)
            if let hint { Tag("p", [.attr("class", "hint")], text: hint) }
            if let error {
                Tag("p", [.attr("class", "field-error")], text: context.t(error.message, error.arguments))
            }
            for (index, option) in options.enumerated() {
                Tag("div", [.attr("class", "checkbox")]) {
                    VoidTag(
                        "input",
                        [
                            .attr("type", "checkbox"), .attr("id", "\(name)-\(index)"), .attr("name", name + "[]"),
                            .attr("value", option.value), .flag("checked", checked.contains(option.value)),
                        ])
                    Tag("label", [.attr("for", "\(name)-\(index)")], text: option.label)
                }
            }
        }
    }
}

/// A form that posts to a route with the CSRF token.
public struct PostForm: Component {
    let context: PageContext
    let action: SiteRoute
    let content: ContentProvider

    public init(context: PageContext, action: SiteRoute, @ComponentBuilder content: @escaping ContentProvider) {
        self.context = context
        self.action = action
        self.content = content
    }

    public var body: Component {
        Tag("form", [.attr("method", "post"), .attr("action", action.path), .attr("novalidate", "novalidate")]) {
            CSRFField(token: context.csrfToken)
            content()
        }
    }
}

/// A labelled multi-line text field with its hint and error.
public struct TextAreaInput: Component {
    let context: PageContext
    let name: String
    let label: String
    let value: String
    let hint: String?
    let error: FieldError?
    let idSuffix: String

    public init(
        context: PageContext, name: String, label: String, value: String = "", hint: String? = nil,
        error: FieldError? = nil, idSuffix: String = ""
    ) {
        self.idSuffix = idSuffix
        self.context = context
        self.name = name
        self.label = label
        self.value = value
        self.hint = hint
        self.error = error
    }

    public var body: Component {
        FieldFrame(context: context, name: name, label: label, hint: hint, error: error, idSuffix: idSuffix) {
            id, aria in
            Tag("textarea", [.attr("id", id), .attr("name", name), .attr("rows", "3")] + aria, text: value)
        }
    }
}

/// "First page" and "Next page" links of a keyset-paginated list (keyset pages have no numbers).
public struct PageLinks: Component {
    let context: PageContext
    let firstPath: String?
    let nextPath: String?

    public init(context: PageContext, firstPath: String?, nextPath: String?) {
        self.context = context
        self.firstPath = firstPath
        self.nextPath = nextPath
    }

    public var body: Component {
        let t = context.t
        return ComponentGroup {
            if firstPath != nil || nextPath != nil {
                Tag("nav", [.attr("class", "pagination"), .attr("aria-label", t(.pagination))]) {
                    if let firstPath { Tag("a", [.attr("href", firstPath)], text: "« " + t(.firstPage)) }
                    if let nextPath {
                        Tag("a", [.attr("href", nextPath), .attr("rel", "next")], text: t(.nextPage) + " »")
                    }
                }
            }
        }
    }
}

/// What every single-control field shows around its control: the label, an optional hint and the
/// error, with the control told (through `aria-describedby` and `aria-invalid`) which ones apply.
struct FieldFrame: Component {
    let context: PageContext
    let name: String
    let label: String
    let hint: String?
    let error: FieldError?
    /// Tells apart the same field in several forms of one page (one form per plan).
    var idSuffix = ""
    /// Builds the control from its id and the ARIA attributes it must carry.
    let control: (_ id: String, _ aria: [Attr]) -> Component

    var body: Component {
        let id = "field-" + name + idSuffix
        let described = [hint.map { _ in id + "-hint" }, error.map { _ in id + "-error" }].compactMap { $0 }
        let aria: [Attr] = [
            .optional("aria-describedby", described.isEmpty ? nil : described.joined(separator: " ")),
            .optional("aria-invalid", error == nil ? nil : "true"),
        ]
        return Tag("div", [.attr("class", error == nil ? "field" : "field has-error")]) {
            Tag("label", [.attr("for", id)], text: label)
            if let hint { Tag("p", [.attr("class", "hint"), .attr("id", id + "-hint")], text: hint) }
            if let error {
                Tag(
                    "p", [.attr("class", "field-error"), .attr("id", id + "-error")],
                    text: context.t(error.message, error.arguments))
            }
            control(id, aria)
        }
    }
}

/// A table with column headers and the rows its content provides.
public struct DataTable: Component {
    let headers: [String]
    let rows: ContentProvider

    public init(headers: [String], @ComponentBuilder rows: @escaping ContentProvider) {
        self.headers = headers
        self.rows = rows
    }

    public var body: Component {
        Tag("table") {
            Tag("thead") {
                Tag("tr") {
                    for header in headers { Tag("th", [.attr("scope", "col")], text: header) }
                }
            }
            Tag("tbody", content: rows)
        }
    }
}

/// The head of an admin list: title, a button to create one more, and a line saying what it lists.
public struct ListHeader: Component {
    let title: String
    let intro: String
    let newLabel: String
    let newRoute: SiteRoute

    public init(title: String, intro: String, newLabel: String, newRoute: SiteRoute) {
        self.title = title
        self.intro = intro
        self.newLabel = newLabel
        self.newRoute = newRoute
    }

    public var body: Component {
        ComponentGroup {
            Tag("div", [.attr("class", "page-head")]) {
                Tag("h1", text: title)
                Tag("a", [.attr("class", "button primary"), .attr("href", newRoute.path)], text: newLabel)
            }
            Tag("p", [.attr("class", "lead")], text: intro)
        }
    }
}

/// A new password and its repetition, with the length rule as a hint (setup and profile).
public struct NewPasswordFields: Component {
    let context: PageContext
    let state: FormState
    let label: String
    let confirmationLabel: String

    public init(context: PageContext, state: FormState, label: String, confirmationLabel: String) {
        self.context = context
        self.state = state
        self.label = label
        self.confirmationLabel = confirmationLabel
    }

    public var body: Component {
        ComponentGroup {
            TextInput(
                context: context, name: "password", label: label, type: "password", autocomplete: "new-password",
                hint: context.t(.errorPasswordShort, ["min": String(Validate.minimumPasswordLength)]),
                error: state.error("password"))
            TextInput(
                context: context, name: "passwordConfirmation", label: confirmationLabel, type: "password",
                autocomplete: "new-password", error: state.error("passwordConfirmation"))
        }
    }
}
