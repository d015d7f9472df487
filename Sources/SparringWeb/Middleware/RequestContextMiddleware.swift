import Foundation
import SparringDomain
import SparringStorage
import SparringViews
import Vapor

/// Paths that need no identity: load-balancer health checks and the stylesheet come without cookies,
/// many times a minute, and must not cost database queries for nothing.
let anonymousPaths: Set<String> = [SiteRoute.healthz.path, SiteRoute.stylesheet.path]

/// Who is asking: the session cookie (pages) or the bearer token (API), resolved to an identity with
/// the person's guest rights, or nobody. Sessions and tokens are looked up in the database on every
/// request, so signing out, a changed role or a deactivation takes effect on every server at once.
struct AuthenticationMiddleware: AsyncMiddleware {
    /// Wrong API tokens tolerated per client address: generous for a misconfigured script, far too
    /// few for guessing (tokens have 256 random bits; this is defence in depth).
    static let tokenThrottle = SignInThrottle(maximumFailures: 20, window: 15 * 60)

    /// Sessions are slid forward at most this often, to spare a write per request.
    static let touchInterval: TimeInterval = 5 * 60

    fileprivate struct Key: StorageKey { typealias Value = Identity }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if anonymousPaths.contains(request.url.path) { return try await next.respond(to: request) }
        var slidSessionCookie: String?
        do {
            var identity: Identity?
            if request.isAPI {
                // The API takes bearer tokens only (no cookies), which keeps it out of CSRF's reach.
                if let bearer = request.headers.bearerAuthorization {
                    identity = try await token(bearer.token, request)
                }
            } else if let cookie = request.cookies[Cookies.session]?.string, !cookie.isEmpty {
                (identity, slidSessionCookie) = try await session(cookie, request)
            }
            if let user = identity?.user {
                identity?.guestOf = try await GuestAccess(db: request.db).deals(
                    of: user.id, organisationID: user.organisationID)
            }
            request.storage[Key.self] = identity
        } catch {
            return ErrorRenderer.response(for: error, request: request)
        }
        let response = try await next.respond(to: request)
        if let cookie = slidSessionCookie, response.cookies[Cookies.session] == nil {
            // The browser's copy of the cookie expires on its own clock: slide it too.
            response.cookies[Cookies.session] = request.cookie(
                cookie, maxAge: Int(request.application.sparringConfig.sessionLifetime))
        }
        return response
    }

    /// The person a bearer token belongs to. Wrong tokens are counted per client address (a token names
    /// no account), in the sign-in failures table, so every server sees them. Checked before the token,
    /// or a guess would still be answered while throttled.
    private func token(_ token: String, _ request: Request) async throws -> Identity {
        let now = request.now
        let accounts = AccountStore(db: request.db)
        let key = "api-token " + (request.remoteAddress?.ipAddress ?? "unknown")
        let failures = try await accounts.signInFailures(email: key, since: Self.tokenThrottle.windowStart(now: now))
        if let wait = Self.tokenThrottle.retryAfter(failures: failures, now: now) {
            throw AppError.throttled(retryAfterSeconds: Int(wait.rounded(.up)))
        }
        guard let user = try await accounts.authenticate(tokenHash: Secrets.hash(token), now: now) else {
            // A wrong token is answered only after its attempt is counted atomically with the others
            // (`reserveAttempt`): of many sent at once, at most the allowance learn "wrong", the rest are
            // throttled. A right token is not made to wait for a write: tokens have 256 random bits, and a
            // write per API request would cost every client.
            if case .throttled(let wait) = try await accounts.reserveAttempt(
                key: key, throttle: Self.tokenThrottle, now: now)
            {
                throw AppError.throttled(retryAfterSeconds: Int(wait.rounded(.up)))
            }
            throw AppError.unauthenticated
        }
        return Identity(
            user: user, organisation: try await OrganisationStore(db: request.db).find(user.organisationID),
            session: nil)
    }

    /// The person a session cookie belongs to, and the cookie when the session was slid forward.
    private func session(_ cookie: String, _ request: Request) async throws -> (Identity?, slid: String?) {
        let now = request.now
        let accounts = AccountStore(db: request.db)
        let hash = Secrets.hash(cookie)
        guard let (session, user) = try await accounts.session(tokenHash: hash, now: now) else { return (nil, nil) }
        var slid: String?
        if now.timeIntervalSince(session.lastSeenAt) > Self.touchInterval {
            try await accounts.touchSession(
                tokenHash: hash, now: now, lifetime: request.application.sparringConfig.sessionLifetime)
            slid = cookie
        }
        let identity = Identity(
            user: user, organisation: try await OrganisationStore(db: request.db).find(user.organisationID),
            session: session)
        return (identity, slid)
    }
}

extension Request {
    /// Who `AuthenticationMiddleware` found, before the request context is made from it.
    fileprivate var authenticated: Identity? { storage[AuthenticationMiddleware.Key.self] }
}

/// The request context every handler, service and view reads (`Request.context`): the identity, the
/// language, the organisation's time zone, the CSRF token forms carry (the anonymous cookie's before
/// sign-in) and the one-time notice. Made once per request, from what authentication found.
struct RequestContextMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if anonymousPaths.contains(request.url.path) { return try await next.respond(to: request) }
        let identity = request.authenticated
        var setAnonymousCSRF: String?
        var csrf = identity?.session?.csrfToken ?? ""
        if identity == nil && !request.isAPI {
            if let existing = request.cookies[Cookies.csrf]?.string, existing.count >= 40 {
                csrf = existing
            } else {
                csrf = Secrets.random()
                setAnonymousCSRF = csrf
            }
        }
        do {
            let chosen = (request.cookies[Cookies.locale]?.string).flatMap(AppLocale.init(rawValue:))
            var organisationDefault = identity?.organisation.defaultLocale
            if identity == nil, chosen == nil,
                AppLocale.fromAcceptLanguage(request.headers.first(name: .acceptLanguage)) == nil
            {
                // Nobody said which language: speak the installation's, as its first organisation set it.
                organisationDefault = try await OrganisationStore(db: request.db).firstDefaultLocale()
            }
            let locale = resolveLocale(
                user: identity?.user.locale, chosen: chosen,
                acceptLanguage: request.headers.first(name: .acceptLanguage),
                organisationDefault: organisationDefault ?? .nb)
            let timeZone =
                identity.flatMap { TimeZone(identifier: $0.organisation.timeZone) } ?? TimeZone(
                    identifier: "Europe/Oslo") ?? .gmt
            let notice = (request.cookies[Cookies.notice]?.string).flatMap(L10nKey.init(rawValue:))
            request.context = RequestContext(
                identity: identity, locale: locale, timeZone: timeZone, csrfToken: csrf, notice: notice)
        } catch {
            return ErrorRenderer.response(for: error, request: request)
        }

        let response = try await next.respond(to: request)
        if let token = setAnonymousCSRF {
            response.cookies[Cookies.csrf] = request.cookie(token, maxAge: nil)
        }
        // A notice is shown once: clear it unless this response (a redirect) sets a new one.
        if request.context.notice != nil, response.cookies[Cookies.notice] == nil {
            response.cookies[Cookies.notice] = request.cookie("", maxAge: 0)
        }
        return response
    }
}

/// After an administrator's reset, only the password form (and signing out) is open.
struct PasswordChangeGate: AsyncMiddleware {
    /// What a person whose password was reset may still do: read and use the password form, switch
    /// language, sign out, and load the assets those pages need.
    static func allowedBeforePasswordChange(_ request: Request) -> Bool {
        let path = request.url.path
        if path.hasPrefix("/static/") { return true }
        switch request.method {
        case .GET, .HEAD: return path == SiteRoute.profile.path
        case .POST:
            return [SiteRoute.profilePassword.path, SiteRoute.signOut.path, SiteRoute.language.path].contains(path)
        default: return false
        }
    }

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        if request.identity?.user.mustChangePassword == true, !Self.allowedBeforePasswordChange(request) {
            if request.method == .GET, !request.isAPI { return request.redirect(to: SiteRoute.profile.path) }
            return ErrorRenderer.response(for: WebError.passwordChangeRequired, request: request)
        }
        return try await next.respond(to: request)
    }
}

/// Refuses state-changing page requests whose form lacks the right CSRF token.
struct CSRFMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        guard request.method != .GET, request.method != .HEAD else { return try await next.respond(to: request) }
        if request.body.data == nil {
            // Export files are uploaded as multipart forms, which may be larger than other forms.
            let limit =
                request.headers.contentType?.type == "multipart"
                ? ImportController.uploadLimit.value : request.application.routes.defaultMaxBodySize.value
            _ = try await request.body.collect(max: limit).get()
        }
        let sent = (try? request.content.get(String.self, at: "csrfToken")) ?? ""
        let expected = request.context.csrfToken
        guard !expected.isEmpty, Secrets.constantTimeEquals(sent, expected) else { throw WebError.csrf }
        if request.headers.contentType == .urlEncodedForm, let buffer = request.body.data {
            // Browsers send forms as UTF-8. Anything else would be saved as replacement characters.
            guard let text = String(bytes: buffer.readableBytesView, encoding: .utf8),
                text.split(separator: "&").allSatisfy({
                    $0.replacingOccurrences(of: "+", with: " ").removingPercentEncoding != nil
                })
            else { throw AppError.badRequest(.errorBadRequest, field: nil) }
        }
        return try await next.respond(to: request)
    }
}

/// Security headers on every response. The policy allows no inline script: pages work without any.
struct SecurityHeadersMiddleware: AsyncMiddleware {
    let https: Bool

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        let response = try await next.respond(to: request)
        let headers: [(String, String)] = [
            (
                "Content-Security-Policy",
                "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'"
            ),
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "same-origin"),
            ("X-Frame-Options", "DENY"),
        ]
        for (name, value) in headers where !response.headers.contains(name: name) {
            response.headers.replaceOrAdd(name: name, value: value)
        }
        if https {
            response.headers.replaceOrAdd(
                name: "Strict-Transport-Security", value: "max-age=31536000; includeSubDomains")
        }
        if response.headers.contentType == .html {
            // A page differs by language and by who is signed in: shared caches must not mix them up.
            response.headers.replaceOrAdd(name: .vary, value: "Accept-Language, Cookie")
        }
        if request.identity != nil, !response.headers.contains(name: .cacheControl) {
            // Signed-in pages hold confidential sales data: keep them out of shared caches.
            response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        }
        return response
    }
}
