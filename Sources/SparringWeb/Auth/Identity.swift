import Foundation
import SparringDomain
import SparringStorage
import SparringViews
import Vapor

/// Who a request acts as, found from the session cookie (pages) or the bearer token (API).
struct Identity: Sendable {
    var user: User
    var organisation: Organisation
    /// Set for browser sessions; API tokens have none.
    var session: AccountStore.Session?
    /// Deals whose case the person is a guest of (read with the identity on every request, so removing
    /// a guest takes effect at once).
    var guestOf: Set<UUID> = []

    var actor: Actor {
        var actor = user.actor
        actor.guestOf = guestOf
        return actor
    }
}

/// What `RequestContextMiddleware` makes of a request, kept for handlers, views and the error renderer.
struct RequestContext: Sendable {
    var identity: Identity?
    var locale: AppLocale
    var timeZone: TimeZone
    /// The CSRF token forms must carry: the session's, or the anonymous cookie's before sign-in.
    var csrfToken: String
    var notice: L10nKey?
}

enum Cookies {
    static let session = "sparring_session"
    static let csrf = "sparring_csrf"
    static let locale = "sparring_locale"
    static let notice = "sparring_notice"
}

extension Request {
    private struct ContextKey: StorageKey { typealias Value = RequestContext }

    var context: RequestContext {
        get { storage[ContextKey.self] ?? RequestContext(identity: nil, locale: .en, timeZone: .gmt, csrfToken: "") }
        set { storage[ContextKey.self] = newValue }
    }

    var identity: Identity? { context.identity }
    var isAPI: Bool { url.path.hasPrefix("/api/") }

    /// The signed-in identity, or `unauthenticated`.
    func signedIn() throws -> Identity {
        guard let identity = context.identity else { throw AppError.unauthenticated }
        return identity
    }

    /// The signed-in identity, after the one policy allows the action.
    @discardableResult
    func authorize(_ action: Action) throws -> Identity {
        let identity = try signedIn()
        try Policy().authorize(identity.actor, action)
        return identity
    }

    /// The signed-in person's organisation's storage: the only way handlers reach tenant data. A read
    /// (GET or HEAD) shares one `ReadMemo` across its stores, so a page made of several parts loads the
    /// sales process and the stuck statistics once; a request that writes gets none and reads afresh.
    func tenant() throws -> Tenant {
        let organisationID = try signedIn().organisation.id
        guard method == .GET || method == .HEAD else { return Tenant(db: db, organisationID: organisationID) }
        if storage[ReadMemoKey.self] == nil { storage[ReadMemoKey.self] = ReadMemo() }
        return Tenant(db: db, organisationID: organisationID, memo: storage[ReadMemoKey.self])
    }

    private struct ReadMemoKey: StorageKey { typealias Value = ReadMemo }

    var t: Localizer { Localizer(context.locale) }

    /// The layout's view of this request, with the menu's unread count (one indexed count, made only
    /// for the pages that show it).
    func pageContext() async throws -> PageContext {
        var unread = 0
        if let identity = context.identity {
            unread = try await SparringStore(
                db: db, organisationID: identity.organisation.id, timeZone: context.timeZone
            )
            .unreadCount(for: identity.user.id)
        }
        return pageContext(unread: unread)
    }

    /// The layout's view of this request with a known unread count: error pages, which are rendered
    /// where no query can be awaited, show none.
    func pageContext(unread: Int) -> PageContext {
        let context = self.context
        let identity = context.identity
        var navigation: [NavigationItem] = []
        if let identity {
            navigation.append(NavigationItem(.home, .navHome))
            navigation.append(NavigationItem(.board, .navBoard))
            navigation.append(NavigationItem(.deals, .navDeals))
            navigation.append(NavigationItem(.sparring, .navSparring))
            navigation.append(NavigationItem(.followUps, .navFollowUps))
            navigation.append(NavigationItem(.cases, .navLibrary))
            navigation.append(NavigationItem(.bulletins, .navBulletins))
            navigation.append(NavigationItem(.tactics, .navTactics))
            // Leaders reach the outcome dashboard, allocation and pulse from their leadership page.
            navigation.append(
                Policy().allows(identity.actor, .assessSelf)
                    ? NavigationItem(.leadership, .navLeadership) : NavigationItem(.pulse, .navPulse))
            if Policy().allows(identity.actor, .importDeals) { navigation.append(NavigationItem(.imports, .navImport)) }
            if Policy().allows(identity.actor, .manageSalesProcess) {
                navigation.append(NavigationItem(.pipelinesAdmin, .navSalesProcess))
            }
            if Policy().allows(identity.actor, .manageObstacleTaxonomy) {
                navigation.append(NavigationItem(.obstacleTaxonomy, .navObstacles))
            }
            if Policy().allows(identity.actor, .manageTeams) { navigation.append(NavigationItem(.teams, .navTeams)) }
            if Policy().allows(identity.actor, .manageUsers) { navigation.append(NavigationItem(.people, .navPeople)) }
            navigation.append(NavigationItem(.notifications, .navNotifications, badge: unread))
            navigation.append(NavigationItem(.profile, .navProfile))
        }
        return PageContext(
            locale: context.locale, format: LocaleFormat(context.locale, timeZone: context.timeZone),
            currentPath: url.path, csrfToken: context.csrfToken,
            viewer: identity.map {
                .init(name: $0.user.name, role: $0.user.role, organisationName: $0.organisation.name)
            },
            notice: context.notice, navigation: navigation)
    }

    /// A cookie with the attributes every Sparring cookie has: HttpOnly, SameSite=Lax, Secure over https.
    func cookie(_ value: String, maxAge: Int?) -> HTTPCookies.Value {
        HTTPCookies.Value(
            string: value, maxAge: maxAge, path: "/", isSecure: application.sparringConfig.secureCookies,
            isHTTPOnly: true, sameSite: .lax)
    }
}
