import Foundation
import SparringDomain
import SparringStorage
import SparringTestSupport
import SparringWeb
import Testing
import Vapor

/// Issue 8's account rules: an administrator's password reset, throttled API tokens, and CSRF on
/// every state-changing page route.
@Suite struct AccountSecurityTests {
    @Test func anAdminResetsAPasswordAndThePersonMustChooseANewOneFirst() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let other = try await Fixtures.organisation(ctx.app, tag: "b")
            let token = try await AdminTasks.createToken(
                db: ctx.app.db, email: org.seller.email, name: "script", now: Date())
            let sellerLaptop = Browser(ctx.app)
            try await sellerLaptop.signIn(org.seller.email, Fixtures.password)

            let admin = Browser(ctx.app)
            try await admin.signIn(org.admin.email, Fixtures.password)
            let edit = try await admin.get("/admin/people/\(org.seller.id)")
            #expect(edit.body.contains("Reset password"))
            let reset = try await admin.post("/admin/people/\(org.seller.id)/password-reset")
            #expect(reset.status == .ok)
            #expect(reset.body.contains("Temporary password for Seller a."))
            let temporary = try #require(
                reset.body.firstMatch(of: /id="temporary-password">([a-z2-9-]{19})</)?.1
            ).description
            // Shown once: the person's page does not show it again.
            #expect(!(try await admin.get("/admin/people/\(org.seller.id)").body.contains(temporary)))

            // The seller's open session ended on every server; the old password no longer works.
            #expect(try await sellerLaptop.get("/deals").location == "/sign-in?next=/deals")
            let old = Browser(ctx.app)
            try await old.get("/sign-in")
            #expect(
                try await old.post("/sign-in", [("email", org.seller.email), ("password", Fixtures.password)])
                    .status == .unauthorized)

            // With the temporary password, every page leads to the password form, and nothing else works.
            let seller = Browser(ctx.app)
            try await seller.signIn(org.seller.email, temporary)
            #expect(try await seller.get("/deals").location == "/profile")
            let profile = try await seller.get("/profile")
            #expect(profile.body.contains("Your administrator has reset your password."))
            #expect(!profile.body.contains("API tokens"))
            let blocked = try await seller.post("/deals/new", [("name", "Sneaky deal")])
            #expect(blocked.status == .forbidden && blocked.body.contains("Choose a new one to continue."))
            let api = try await APIClient(ctx.app, token: token).get("/api/v1/deals")
            #expect(api.status == .forbidden && api.body.contains("password_change_required"))

            let changed = try await seller.post(
                "/profile/password",
                [
                    ("currentPassword", temporary), ("password", "my very own password"),
                    ("passwordConfirmation", "my very own password"),
                ])
            #expect(changed.status == .seeOther && changed.location == "/")
            #expect(try await seller.get("/deals").status == .ok)
            #expect(try await APIClient(ctx.app, token: token).get("/api/v1/deals").status == .ok)

            // Not for sellers, not for oneself, and another organisation's person is not found.
            let plain = Browser(ctx.app)
            try await plain.signIn(org.leader.email, Fixtures.password)
            #expect(try await plain.post("/admin/people/\(org.seller.id)/password-reset").status == .forbidden)
            #expect(try await admin.post("/admin/people/\(org.admin.id)/password-reset").status == .forbidden)
            #expect(try await admin.post("/admin/people/\(other.seller.id)/password-reset").status == .notFound)
            try await Browser(ctx.app).signIn(other.seller.email, Fixtures.password)
        }
    }

    @Test func theCommandLineResetWorksTheSameWay() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let temporary = try await AdminTasks.resetPassword(
                db: ctx.app.db, hasher: BcryptHasher(cost: 4), email: " Admin@A.example ", now: TestClock().now)
            let admin = Browser(ctx.app)
            try await admin.signIn(org.admin.email, temporary)
            #expect(try await admin.get("/admin/people").location == "/profile")
            await #expect(throws: AdminTasks.TaskError.self) {
                _ = try await AdminTasks.resetPassword(
                    db: ctx.app.db, hasher: BcryptHasher(cost: 4), email: "nobody@a.example", now: TestClock().now)
            }
        }
    }

    @Test func wrongAPITokensAreThrottledBeforeAnyTokenIsChecked() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let token = try await AdminTasks.createToken(
                db: ctx.app.db, email: org.seller.email, name: "script", now: Date())
            let guesser = APIClient(ctx.app, token: "sp_guess")
            for _ in 0..<20 {
                #expect(try await guesser.get("/api/v1/deals").status == .unauthorized)
            }
            let throttled = try await guesser.get("/api/v1/deals")
            #expect(throttled.status == .tooManyRequests)
            #expect(throttled.body.contains("throttled"))
            // A correct guess from there gains nothing until the window has passed.
            #expect(try await APIClient(ctx.app, token: token).get("/api/v1/deals").status == .tooManyRequests)
            ctx.clock.advance(by: 15 * 60 + 1)
            #expect(try await APIClient(ctx.app, token: token).get("/api/v1/deals").status == .ok)
        }
    }

    /// Thirty sign-ins at once, half on each of two servers, 29 with a wrong password and the last with
    /// the right one: at most five passwords are checked, the others are throttled before bcrypt runs.
    @Test func simultaneousSignInsAreCountedBeforeAnyPasswordIsChecked() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            try await withPeer(of: ctx) { peer in
                // setup: thirty browsers with their sign-in forms open.
                var browsers: [Browser] = []
                for index in 0..<30 {
                    let browser = Browser(index % 2 == 0 ? ctx.app : peer)
                    try await browser.get("/sign-in")
                    browsers.append(browser)
                }
                // act: all thirty post at once.
                let statuses = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                    for (index, browser) in browsers.enumerated() {
                        let password = index == 29 ? Fixtures.password : "wrong password \(index)"
                        group.addTask {
                            try await browser.post("/sign-in", [("email", org.seller.email), ("password", password)])
                                .status
                        }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                // check: at most five were checked (401 for a wrong password, 303 for the right one).
                let checked = statuses.filter { $0 == .unauthorized || $0 == .seeOther }
                #expect(checked.count <= 5, "\(checked.count) of 30 were checked")
                #expect(statuses.filter { $0 == .tooManyRequests }.count >= 25)
                #expect(statuses.allSatisfy { [.unauthorized, .seeOther, .tooManyRequests].contains($0) })
                // And the address is paused for the right password too, until the window has passed.
                let later = Browser(peer)
                try await later.get("/sign-in")
                let paused = try await later.post(
                    "/sign-in", [("email", org.seller.email), ("password", Fixtures.password)])
                #expect(paused.status == .tooManyRequests || statuses.contains(.seeOther))
            }
        }
    }

    /// Forty wrong tokens at once from one client address, over two servers: at most the allowance (20)
    /// are answered "wrong", the rest are throttled, so guessing gains nothing from sending in parallel.
    @Test func simultaneousWrongTokensAreCountedBeforeAnyIsAnswered() async throws {
        try await withSparring { ctx in
            _ = try await Fixtures.organisation(ctx.app, tag: "a")
            try await withPeer(of: ctx) { peer in
                let statuses = try await withThrowingTaskGroup(of: HTTPResponseStatus.self) { group in
                    for index in 0..<40 {
                        let client = APIClient(index % 2 == 0 ? ctx.app : peer, token: "sp_guess_\(index)")
                        group.addTask { try await client.get("/api/v1/me").status }
                    }
                    return try await group.reduce(into: []) { $0.append($1) }
                }
                let answered = statuses.filter { $0 == .unauthorized }.count
                #expect(answered <= 20, "\(answered) of 40 answered")
                #expect(statuses.filter { $0 == .tooManyRequests }.count == 40 - answered, "\(statuses)")
            }
        }
    }

    @Test func everyStateChangingPageRouteRefusesAFormWithoutTheToken() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let admin = Browser(ctx.app)
            try await admin.signIn(org.admin.email, Fixtures.password)
            let anonymous = Browser(ctx.app)
            try await anonymous.get("/sign-in")
            // Every registered page route that changes state, with real-looking ids: the token is checked
            // before anything else, so none of them may answer anything but 403.
            let routes = ctx.app.routes.all.filter { route in
                route.method != .GET && route.method != .HEAD
                    && route.path.first.map { "\($0)" != "api" } ?? true
            }
            #expect(routes.count >= 40, "found \(routes.count) state-changing page routes")
            for route in routes {
                let path =
                    "/"
                    + route.path.map { component -> String in
                        if case .parameter = component { return UUID().uuidString }
                        return "\(component)"
                    }.joined(separator: "/")
                for browser in [admin, anonymous] {
                    let page = try await browser.send(
                        route.method, path, body: "name=x",
                        headers: [("Content-Type", "application/x-www-form-urlencoded")])
                    #expect(page.status == .forbidden, "\(route.method) \(path) answered \(page.status)")
                    #expect(page.body.contains("The form had expired or came from elsewhere."))
                }
            }
            #expect(try await Tenant(db: ctx.app.db, organisationID: org.organisation.id).teams.all().count == 1)
        }
    }
}
