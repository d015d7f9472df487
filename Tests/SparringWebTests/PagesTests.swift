import Foundation
import SparringDomain
import SparringStorage
import SparringTestSupport
import SparringViews
import SparringWeb
import Testing
import Vapor

@Suite struct PagesTests {
    /// Every page, in both languages: no raw catalogue key, the right `lang`, and the security headers.
    @Test(arguments: AppLocale.allCases)
    func everyPageIsFullyTranslatedAndCarriesTheSecurityHeaders(locale: AppLocale) async throws {
        try await withSparring { ctx in
            let setup = try await Browser(ctx.app, acceptLanguage: locale.rawValue).get("/setup")
            var pages = [("/setup", setup)]
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let admin = Browser(ctx.app, acceptLanguage: locale.rawValue)
            pages.append(("/sign-in", try await admin.get("/sign-in")))
            try await admin.signIn(org.admin.email, Fixtures.password)
            for path in [
                "/", "/profile", "/admin/teams", "/admin/teams/new", "/admin/teams/\(org.team.id.uuidString)",
                "/admin/people", "/admin/people?all=1", "/admin/people/new",
                "/admin/people/\(org.seller.id.uuidString)", "/no/such/page",
            ] {
                pages.append((path, try await admin.get(path)))
            }
            let seller = Browser(ctx.app, acceptLanguage: locale.rawValue)
            try await seller.signIn(org.seller.email, Fixtures.password)
            pages.append(("403", try await seller.get("/admin/teams")))

            for (path, page) in pages {
                #expect(!page.body.contains("⟦"), "\(path) shows a raw key in \(locale)")
                #expect(page.body.contains(#"<html lang="\#(locale.rawValue)">"#), "\(path) in \(locale)")
                #expect(page.headers.first(name: "Content-Security-Policy")?.contains("script-src 'self'") == true)
                #expect(page.headers.first(name: "X-Content-Type-Options") == "nosniff")
                #expect(page.headers.first(name: "X-Frame-Options") == "DENY")
            }
            #expect(pages.last { $0.0 == "/no/such/page" }?.1.status == .notFound)
        }
    }

    @Test func cookiesAreHttpOnlyAndSameSiteLax() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let browser = Browser(ctx.app)
            try await browser.get("/sign-in")
            let response = try await browser.post(
                "/sign-in", [("email", org.seller.email), ("password", Fixtures.password)])
            let cookie = try #require(response.headers[.setCookie].first { $0.hasPrefix("sparring_session=") })
            #expect(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax") && !cookie.contains("Secure"))
        }
    }

    @Test func everyTypedRouteIsRegisteredAndNothingElseIs() async throws {
        try await withSparring { ctx in
            let registered = Set(ctx.app.routes.all.map { $0.path.map(\.description).joined(separator: "/") })
            let typed = Set(SiteRoute.samples().map { $0.pattern.joined(separator: "/") })
            #expect(registered == typed)
        }
    }
}
