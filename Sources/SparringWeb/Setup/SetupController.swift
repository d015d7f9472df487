import Foundation
import SparringDomain
import SparringStorage
import SparringViews
import Vapor

/// The first-run page. Offered only while no organisation exists; afterwards it sends people to sign in.
struct SetupController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.setup, use: show)
        routes.post(.setup, use: submit)
    }

    struct SetupForm: Content {
        var organisationName: String?
        var defaultLocale: String?
        var baseCurrency: String?
        var timeZone: String?
        var name: String?
        var email: String?
        var password: String?
        var passwordConfirmation: String?
    }

    func show(req: Request) async throws -> Response {
        if try await InstallationStore(db: req.db).isSetUp() { return req.redirect(to: .signIn) }
        return htmlResponse(SetupPage.View(model: .init(), context: try await req.pageContext()).render())
    }

    func submit(req: Request) async throws -> Response {
        let installation = InstallationStore(db: req.db)
        if try await installation.isSetUp() { throw AppError.alreadySetUp }
        let form = try req.content.decode(SetupForm.self)
        var errors: [FieldError] = []
        let (organisation, admin) = NewOrganisation.validatedWithAdmin(
            name: form.organisationName ?? "", defaultLocale: form.defaultLocale ?? "",
            baseCurrency: form.baseCurrency ?? "", timeZone: form.timeZone ?? "", adminName: form.name ?? "",
            adminEmail: form.email ?? "", password: form.password ?? "",
            confirmation: form.passwordConfirmation ?? "", into: &errors)

        func again(_ errors: [FieldError]) -> Response {
            let state = FormState(
                values: [
                    "organisationName": form.organisationName ?? "", "defaultLocale": form.defaultLocale ?? "",
                    "baseCurrency": form.baseCurrency ?? "", "timeZone": form.timeZone ?? "", "name": form.name ?? "",
                    "email": form.email ?? "",
                ], errors: errors)
            // Nobody is signed in before setup: no menu, no unread count.
            return htmlResponse(
                SetupPage.View(model: .init(state: state), context: req.pageContext(unread: 0)).render(),
                status: .unprocessableEntity)
        }
        guard errors.isEmpty else { return again(errors) }

        let hash = try await req.hashPassword(form.password ?? "")
        let user: User
        do {
            (_, user) = try await installation.setUp(
                organisation: organisation, admin: admin, passwordHash: hash, now: req.now)
        } catch AppError.validation(let errors) {
            return again(errors)
        }
        let response = req.redirect(to: .home, notice: .setupDone)
        try await SessionIssuer.signIn(user, request: req, response: response)
        return response
    }
}
