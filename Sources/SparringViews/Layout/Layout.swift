import Plot
import SparringDomain

/// The one shared page shell: skip link, header with navigation and language switch, notice, content.
public struct Layout: Component {
    let context: PageContext
    let title: String
    let content: ContentProvider

    public init(context: PageContext, title: String, @ComponentBuilder content: @escaping ContentProvider) {
        self.context = context
        self.title = title
        self.content = content
    }

    /// The whole document as a string.
    public static func render(
        context: PageContext, title: String,
        @ComponentBuilder content: @escaping ContentProvider
    ) -> String {
        "<!DOCTYPE html>" + HTMLWriter.render(Layout(context: context, title: title, content: content))
    }

    public var body: Component {
        let t = context.t
        return Tag("html", [.attr("lang", context.locale.rawValue)]) {
            Tag("head") {
                VoidTag("meta", [.attr("charset", "utf-8")])
                VoidTag("meta", [.attr("name", "viewport"), .attr("content", "width=device-width, initial-scale=1")])
                Tag("title", text: title + " · " + t(.appName))
                VoidTag("link", [.attr("rel", "stylesheet"), .attr("href", SiteRoute.stylesheet.path)])
            }
            Tag("body") {
                Tag("a", [.attr("class", "skip-link"), .attr("href", "#main")], text: t(.skipToContent))
                header
                Tag("main", [.attr("id", "main"), .attr("tabindex", "-1")]) {
                    if let notice = context.notice {
                        Tag("p", [.attr("class", "notice"), .attr("role", "status")], text: t(notice))
                    }
                    content()
                }
                Tag("footer", [.attr("class", "site-footer")]) {
                    Tag("p", text: t(.appTagline))
                }
            }
        }
    }

    private var header: Component {
        let t = context.t
        return Tag("header", [.attr("class", "site-header")]) {
            Tag("a", [.attr("class", "brand"), .attr("href", SiteRoute.home.path)], text: t(.appName))
            if !context.navigation.isEmpty {
                Tag("nav", [.attr("aria-label", t(.mainNavigation))]) {
                    Tag("ul") {
                        for item in context.navigation {
                            Tag("li") {
                                Tag(
                                    "a",
                                    [
                                        .attr("href", item.route.path),
                                        .optional("aria-current", isCurrent(item.route) ? "page" : nil),
                                    ]
                                ) {
                                    Txt(t(item.label))
                                    if item.badge > 0 {
                                        Tag(
                                            "span",
                                            [
                                                .attr("class", "badge count"),
                                                .attr("title", t(.notificationsUnread, ["count": String(item.badge)])),
                                            ], text: String(item.badge))
                                    }
                                }
                            }
                        }
                    }
                }
            }
            Tag("div", [.attr("class", "header-tools")]) {
                if let viewer = context.viewer {
                    Tag("span", [.attr("class", "viewer")], text: t(.signedInAs, ["name": viewer.name]))
                    PostButton(context: context, action: .signOut, label: t(.navSignOut), style: "link-button")
                }
                languageSwitch
            }
        }
    }

    private func isCurrent(_ route: SiteRoute) -> Bool {
        route == .home ? context.currentPath == "/" : context.currentPath.hasPrefix(route.path)
    }

    /// A plain form, so the switch works without JavaScript.
    private var languageSwitch: Component {
        let t = context.t
        return Tag(
            "form",
            [.attr("method", "post"), .attr("action", SiteRoute.language.path), .attr("class", "language-switch")]
        ) {
            CSRFField(token: context.csrfToken)
            VoidTag("input", [.attr("type", "hidden"), .attr("name", "back"), .attr("value", context.currentPath)])
            Tag("label", [.attr("for", "language-select")], text: t(.languageSwitchLabel))
            Tag("select", [.attr("id", "language-select"), .attr("name", "locale")]) {
                for locale in AppLocale.allCases {
                    Tag(
                        "option",
                        [
                            .attr("value", locale.rawValue), .attr("lang", locale.rawValue),
                            .flag("selected", locale == context.locale),
                        ], text: locale.nativeName)
                }
            }
            Tag("button", [.attr("type", "submit")], text: t(.languageSwitchSubmit))
        }
    }
}

/// The hidden CSRF field every state-changing form carries.
public struct CSRFField: Component {
    let token: String
    public init(token: String) { self.token = token }
    public var body: Component {
        VoidTag("input", [.attr("type", "hidden"), .attr("name", "csrfToken"), .attr("value", token)])
    }
}

/// A one-button form for an action such as sign-out or revoke (POST, with the CSRF token).
public struct PostButton: Component {
    let context: PageContext
    let action: SiteRoute
    let label: String
    let style: String

    public init(context: PageContext, action: SiteRoute, label: String, style: String = "secondary") {
        self.context = context
        self.action = action
        self.label = label
        self.style = style
    }

    public var body: Component {
        Tag("form", [.attr("method", "post"), .attr("action", action.path), .attr("class", "inline-form")]) {
            CSRFField(token: context.csrfToken)
            Tag("button", [.attr("type", "submit"), .attr("class", style)], text: label)
        }
    }
}
