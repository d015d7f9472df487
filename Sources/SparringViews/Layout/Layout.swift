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
    public static func render(context: PageContext, title: String,
                              @ComponentBuilder content: @escaping ContentProvider) -> String {
        "<!DOCTYPE html>" + Layout(context: context, title: title, content: content).render()
    }

    public var body: Component {
        let t = context.t
        return Tag("html", [._("lang", context.locale.rawValue)]) {
            Tag("head") {
                VoidTag("meta", [._("charset", "utf-8")])
                VoidTag("meta", [._("name", "viewport"), ._("content", "width=device-width, initial-scale=1")])
                Tag("title", text: title + " · " + t(.appName))
                VoidTag("link", [._("rel", "stylesheet"), ._("href", SiteRoute.stylesheet.path)])
            }
            Tag("body") {
                Tag("a", [._("class", "skip-link"), ._("href", "#main")], text: t(.skipToContent))
                header
                Tag("main", [._("id", "main"), ._("tabindex", "-1")]) {
                    if let notice = context.notice {
                        Tag("p", [._("class", "notice"), ._("role", "status")], text: t(notice))
                    }
                    content()
                }
                Tag("footer", [._("class", "site-footer")]) {
                    Tag("p", text: t(.appTagline))
                }
            }
        }
    }

    private var header: Component {
        let t = context.t
        return Tag("header", [._("class", "site-header")]) {
            Tag("a", [._("class", "brand"), ._("href", SiteRoute.home.path)], text: t(.appName))
            if !context.navigation.isEmpty {
                Tag("nav", [._("aria-label", t(.mainNavigation))]) {
                    Tag("ul") {
                        for item in context.navigation {
                            Tag("li") {
                                Tag("a", [._("href", item.route.path),
                                          .optional("aria-current", isCurrent(item.route) ? "page" : nil)],
                                    text: t(item.label))
                            }
                        }
                    }
                }
            }
            Tag("div", [._("class", "header-tools")]) {
                if let viewer = context.viewer {
                    Tag("span", [._("class", "viewer")], text: t(.signedInAs, ["name": viewer.name]))
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
        return Tag("form", [._("method", "post"), ._("action", SiteRoute.language.path), ._("class", "language-switch")]) {
            CSRFField(token: context.csrfToken)
            VoidTag("input", [._("type", "hidden"), ._("name", "back"), ._("value", context.currentPath)])
            Tag("label", [._("for", "language-select")], text: t(.languageSwitchLabel))
            Tag("select", [._("id", "language-select"), ._("name", "locale")]) {
                for locale in AppLocale.allCases {
                    Tag("option", [._("value", locale.rawValue), ._("lang", locale.rawValue),
                                   .flag("selected", locale == context.locale)], text: locale.nativeName)
                }
            }
            Tag("button", [._("type", "submit")], text: t(.languageSwitchSubmit))
        }
    }
}

/// The hidden CSRF field every state-changing form carries.
public struct CSRFField: Component {
    let token: String
    public init(token: String) { self.token = token }
    public var body: Component {
        VoidTag("input", [._("type", "hidden"), ._("name", "csrfToken"), ._("value", token)])
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
        Tag("form", [._("method", "post"), ._("action", action.path), ._("class", "inline-form")]) {
            CSRFField(token: context.csrfToken)
            Tag("button", [._("type", "submit"), ._("class", style)], text: label)
        }
    }
}
