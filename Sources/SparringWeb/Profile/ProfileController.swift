import Fluent
import Foundation
import SparringDomain
import SparringStorage
import SparringViews
import Vapor

/// The person's own settings, password and API tokens.
struct ProfileController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.profile, use: show)
        routes.post(.profileSettings, use: saveSettings)
        routes.post(.profilePassword, use: changePassword)
        routes.post(.profileTokens, use: createToken)
        routes.post(.profileTokenRevoke(UUID()), use: revokeToken)
    }

    private func render(
        _ req: Request, status: HTTPResponseStatus = .ok, newTokenSecret: String? = nil,
        passwordForm: FormState = FormState(), tokenForm: FormState = FormState()
    ) async throws -> Response {
        let identity = try req.authorize(.manageOwnAccount)
        let tokens = try await AccountStore(db: req.db).tokens(userID: identity.user.id)
        let model = ProfilePage.Model(
            name: identity.user.name, email: identity.user.email, role: identity.user.role,
            locale: identity.user.locale, tokens: tokens, newTokenSecret: newTokenSecret,
            passwordForm: passwordForm, tokenForm: tokenForm, mustChangePassword: identity.user.mustChangePassword)
        return htmlResponse(
            ProfilePage.View(model: model, context: try await req.pageContext()).render(), status: status)
    }

    func show(req: Request) async throws -> Response {
        try await render(req)
    }

    struct SettingsForm: Content {
        var locale: String?
    }

    func saveSettings(req: Request) async throws -> Response {
        let identity = try req.authorize(.manageOwnAccount)
        let form = try req.content.decode(SettingsForm.self)
        var errors: [FieldError] = []
        let locale = Validate.locale(form.locale ?? "", into: &errors)
        guard errors.isEmpty else { throw AppError.validation(errors) }
        try await req.tenant().users.setLocale(identity.user.id, locale)
        let response = req.redirect(to: .profile, notice: .settingsSaved)
        // "As my browser" also forgets this browser's earlier switch, or it would keep winning.
        response.cookies[Cookies.locale] =
            locale.map { req.cookie($0.rawValue, maxAge: 365 * 24 * 3600) }
            ?? req.cookie("", maxAge: 0)
        return response
    }

    struct PasswordForm: Content {
        var currentPassword: String?
        var password: String?
        var passwordConfirmation: String?
    }

    func changePassword(req: Request) async throws -> Response {
        let identity = try req.authorize(.manageOwnAccount)
        let form = try req.content.decode(PasswordForm.self)
        let accounts = AccountStore(db: req.db)
        var errors: [FieldError] = []
        let currentHash = try await accounts.passwordHash(userID: identity.user.id) ?? ""
        if try await !req.verifyPassword(form.currentPassword ?? "", against: currentHash) {
            errors.append(FieldError("currentPassword", .wrongCurrentPassword))
        }
        Validate.newPassword(form.password ?? "", confirmation: form.passwordConfirmation ?? "", into: &errors)
        guard errors.isEmpty else {
            return try await render(req, status: .unprocessableEntity, passwordForm: FormState(errors: errors))
        }
        let hash = try await req.hashPassword(form.password ?? "")
        try await accounts.changePassword(
            userID: identity.user.id, newHash: hash,
            keepingSession: identity.session?.tokenHash)
        // After an administrator's reset the person was on their way somewhere: let them in.
        return req.redirect(to: identity.user.mustChangePassword ? .home : .profile, notice: .passwordChanged)
    }

    struct TokenForm: Content {
        var name: String?
    }

    /// Creates a token and shows it once on the page that answers the POST (never stored in clear).
    func createToken(req: Request) async throws -> Response {
        let identity = try req.authorize(.manageOwnAccount)
        let form = try req.content.decode(TokenForm.self)
        var errors: [FieldError] = []
        let name = Validate.name(form.name ?? "", field: "name", into: &errors)
        guard errors.isEmpty else {
            return try await render(
                req, status: .unprocessableEntity,
                tokenForm: FormState(values: ["name": form.name ?? ""], errors: errors))
        }
        let secret = try await TokenIssuer.create(
            userID: identity.user.id, organisationID: identity.organisation.id,
            name: name, db: req.db, now: req.now)
        return try await render(req, status: .created, newTokenSecret: secret)
    }

    func revokeToken(req: Request) async throws -> Response {
        let identity = try req.authorize(.manageOwnAccount)
        try await AccountStore(db: req.db).revokeToken(
            id: try req.id("tokenID"), userID: identity.user.id, now: req.now)
        return req.redirect(to: .profile, notice: .tokenRevoked)
    }
}

/// Creating personal API tokens, for the profile page and `sparring token create`.
public enum TokenIssuer {
    /// Returns the secret, which exists only in this return value; the database keeps its hash.
    public static func create(
        userID: UUID, organisationID: UUID, name: String, db: any Database, now: Date
    )
        async throws -> String
    {
        let secret = Secrets.random(prefix: Secrets.apiTokenPrefix)
        _ = try await AccountStore(db: db).createToken(
            userID: userID, organisationID: organisationID, name: name,
            tokenHash: Secrets.hash(secret), now: now)
        return secret
    }
}
