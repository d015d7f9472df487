import Foundation
import SparringDomain
import SparringStorage
import SparringViews
import Vapor

/// Sign-in, sign-out and the language switch.
struct AuthController: RouteCollection {
    let throttle = SignInThrottle()
    /// A real hash of a random secret, for the no-such-account path (same cost as real hashes).
    let decoyHash: String

    init(hasher: any PasswordHashing) throws {
        decoyHash = try hasher.hash(Secrets.random())
    }

    func boot(routes: any RoutesBuilder) throws {
        routes.get(.signIn, use: show)
        routes.post(.signIn, use: signIn)
        routes.post(.signOut, use: signOut)
        routes.post(.language, use: switchLanguage)
    }

    struct SignInForm: Content {
        var email: String?
        var password: String?
        var next: String?
    }

    func show(req: Request) async throws -> Response {
        if req.identity != nil { return req.redirect(to: .home) }
        let next = safeLocalPath(try? req.query.get(String.self, at: "next"))
        return htmlResponse(SignInPage.View(model: .init(next: next), context: try await req.pageContext()).render())
    }

    func signIn(req: Request) async throws -> Response {
        let form = try req.content.decode(SignInForm.self)
        let email = (form.email ?? "").trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let password = form.password ?? ""
        let accounts = AccountStore(db: req.db)
        let now = req.now

        func refuse(_ key: L10nKey, _ arguments: [String: String] = [:], status: HTTPResponseStatus) -> Response {
            htmlResponse(
                SignInPage.View(
                    model: .init(email: email, next: safeLocalPath(form.next), failure: (key, arguments)),
                    context: req.pageContext(unread: 0)  // signed out: no menu
                )
                .render(),
                status: status)
        }

        // The attempt is counted before the password is checked, so however many arrive at once, at
        // most `throttle.maximumFailures` are checked in a window. Kept to an address's length: a
        // megabyte of "e-mail" must not become a megabyte in the database.
        let attempt: UUID
        switch try await accounts.reserveAttempt(key: String(email.prefix(254)), throttle: throttle, now: now) {
        case .throttled(let wait):
            let response = refuse(
                .signInThrottled, ["minutes": String(Int((wait / 60).rounded(.up)))],
                status: .tooManyRequests)
            response.headers.replaceOrAdd(name: .retryAfter, value: String(Int(wait.rounded(.up))))
            return response
        case .reserved(let id):
            attempt = id
        }

        // No address is longer than 254 characters; such input is not worth a database lookup.
        let found = email.isEmpty || email.count > 254 ? nil : try await accounts.credentials(email: email)
        // Without an account we still run bcrypt once, so timing does not reveal which addresses exist.
        let valid = try await req.verifyPassword(password, against: found?.passwordHash ?? decoyHash)
        // A wrong password keeps the reserved attempt as its failure.
        guard let found, valid else { return refuse(.signInFailed, status: .unauthorized) }
        guard found.user.isActive else {
            try await accounts.releaseAttempt(attempt)
            return refuse(.signInDeactivated, status: .forbidden)
        }

        try await accounts.clearSignInFailures(email: email)
        // Sign-in is frequent enough to keep the session and failure tables small, without a scheduler.
        try await accounts.purge(now: now, failuresBefore: throttle.windowStart(now: now))
        let response = req.redirect(to: safeLocalPath(form.next) ?? SiteRoute.home.path, notice: nil)
        try await SessionIssuer.signIn(found.user, request: req, response: response)
        return response
    }

    func signOut(req: Request) async throws -> Response {
        let response = req.redirect(to: .signIn, notice: .signedOut)
        try await SessionIssuer.signOut(request: req, response: response)
        return response
    }

    struct LanguageForm: Content {
        var locale: String?
        var back: String?
    }

    /// Sets the language for this browser and, when signed in, as the person's own setting.
    func switchLanguage(req: Request) async throws -> Response {
        let form = try req.content.decode(LanguageForm.self)
        guard let locale = form.locale.flatMap(AppLocale.init(rawValue:)) else {
            throw AppError.invalid("locale", .errorChoice)
        }
        if let identity = req.identity {
            try await req.tenant().users.setLocale(identity.user.id, locale)
        }
        let response = req.redirect(to: safeLocalPath(form.back) ?? SiteRoute.home.path, notice: nil)
        response.cookies[Cookies.locale] = req.cookie(locale.rawValue, maxAge: 365 * 24 * 3600)
        return response
    }
}
