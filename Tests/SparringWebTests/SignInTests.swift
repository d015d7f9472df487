import Foundation
import SparringDomain
import SparringStorage
import SparringTestSupport
import SparringWeb
import Testing
import Vapor

@Suite struct SignInTests {
    @Test func theSignInPageSpeaksTheBrowsersLanguage() async throws {
        try await withSparring { ctx in
            _ = try await Fixtures.organisation(ctx.app, tag: "a")
            let nb = try await Browser(ctx.app, acceptLanguage: "nb-NO,nb;q=0.9").get("/sign-in")
            let en = try await Browser(ctx.app, acceptLanguage: "en-GB").get("/sign-in")
            #expect(nb.body.contains("<h1>Logg inn</h1>") && nb.body.contains(#"lang="nb""#))
            #expect(en.body.contains("<h1>Sign in</h1>") && en.body.contains(#"lang="en""#))
        }
    }

    @Test func signInRenewsTheSessionAndSignOutEndsIt() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let browser = Browser(ctx.app)
            // A session id planted before sign-in must not survive it (fixation).
            browser.cookies["sparring_session"] = "planted-by-attacker"
            try await browser.signIn(org.leader.email, Fixtures.password)
            let session = try #require(browser.cookies["sparring_session"])
            #expect(session != "planted-by-attacker")
            #expect(try await browser.get("/").body.contains("Welcome, Leader a"))

            let signOut = try await browser.post("/sign-out")
            #expect(signOut.status == .seeOther && signOut.location == "/sign-in")
            #expect(browser.cookies["sparring_session"] == nil)

            // The old cookie is dead on the server, not just forgotten by this browser.
            let replay = Browser(ctx.app)
            replay.cookies["sparring_session"] = session
            let page = try await replay.get("/profile")
            #expect(page.status == .seeOther && page.location == "/sign-in?next=/profile")

            // Signing in from there goes back to where the person was going.
            let form = try await replay.get("/sign-in?next=/profile")
            #expect(form.body.contains(#"name="next" value="/profile""#))
            let back = try await replay.post(
                "/sign-in", [("email", org.leader.email), ("password", Fixtures.password), ("next", "/profile")])
            #expect(back.location == "/profile")
            // An outside address is never where sign-in leads.
            try await replay.post("/sign-out")
            try await replay.get("/sign-in")
            let evil = try await replay.post(
                "/sign-in", [("email", org.leader.email), ("password", Fixtures.password), ("next", "//evil.example")])
            #expect(evil.location == "/")
        }
    }

    /// `next=` and `back=` lead only to a path of ours: browsers drop tabs and newlines from a URL and
    /// read a backslash as a slash, so each of these would reach another host.
    @Test func redirectsNeverLeadToAnotherHost() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let hostile = [
                "/\t/evil.example/", "/\n/evil.example", "/\r\n/evil.example", "/\\evil.example", "/\\/evil.example",
                "//evil.example", "/ /evil.example", "/\u{0B}/evil.example", "/\u{00A0}/evil.example",
                "/\u{200B}/evil.example", "https://evil.example", "\t//evil.example", "/deals\\..\\..\\evil",
            ]
            for target in hostile {
                let browser = Browser(ctx.app)
                let page = try await browser.get("/sign-in?next=" + Browser.encode(target))
                #expect(page.status == .ok && !page.body.contains("evil"), "the sign-in form does not carry it on")
                let signIn = try await browser.post(
                    "/sign-in", [("email", org.leader.email), ("password", Fixtures.password), ("next", target)])
                #expect(signIn.status == .seeOther && signIn.location == "/", "next=\(target.debugDescription)")
                try await browser.get("/")  // the signed-in session's CSRF token
                let language = try await browser.post("/language", [("locale", "nb"), ("back", target)])
                #expect(language.location == "/", "back=\(target.debugDescription)")
            }
            // A path of ours, with its query, still works.
            let browser = Browser(ctx.app)
            try await browser.signIn(org.leader.email, Fixtures.password)
            #expect(
                try await browser.post("/language", [("locale", "en"), ("back", "/deals?q=x")]).location == "/deals?q=x"
            )
        }
    }

    @Test func wrongPasswordIsExplainedAndRepeatedFailuresAreThrottled() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let browser = Browser(ctx.app, acceptLanguage: "nb")
            try await browser.get("/sign-in")
            for _ in 0..<5 {
                let page = try await browser.post(
                    "/sign-in", [("email", org.seller.email), ("password", "wrong password")])
                #expect(page.status == .unauthorized)
                #expect(page.body.contains("E-postadressen eller passordet er feil."))
                #expect(page.body.contains(#"value="seller@a.example""#), "the address stays filled in")
            }
            // Even the right password waits now, with a clear message.
            let throttled = try await browser.post(
                "/sign-in", [("email", org.seller.email), ("password", Fixtures.password)])
            #expect(throttled.status == .tooManyRequests)
            #expect(throttled.body.contains("For mange mislykkede forsøk. Prøv igjen om 15 minutter."))
            #expect(browser.cookies["sparring_session"] == nil)

            ctx.clock.advance(by: 15 * 60 + 1)
            try await browser.signIn(org.seller.email, Fixtures.password)
        }
    }

    @Test func formsWithoutTheCSRFTokenAreRefused() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let browser = Browser(ctx.app)
            try await browser.signIn(org.admin.email, Fixtures.password)
            let missing = try await browser.post("/admin/teams/new", [("name", "Sneaky")], csrf: false)
            let wrong = try await browser.post("/admin/teams/new", [("name", "Sneaky"), ("csrfToken", "guess")])
            let anonymous = try await Browser(ctx.app).post(
                "/sign-in",
                [
                    ("email", org.admin.email),
                    ("password", Fixtures.password),
                ], csrf: false)
            for page in [missing, wrong, anonymous] {
                #expect(page.status == .forbidden)
                #expect(page.body.contains("The form had expired or came from elsewhere."))
            }
            #expect(try await Tenant(db: ctx.app.db, organisationID: org.organisation.id).teams.all().count == 1)
        }
    }

    @Test func deactivatedPeopleCannotSignInAndLoseTheirSessions() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let seller = Browser(ctx.app)
            try await seller.signIn(org.seller.email, Fixtures.password)
            let admin = Browser(ctx.app)
            try await admin.signIn(org.admin.email, Fixtures.password)

            let done = try await admin.post(
                "/admin/people/\(org.seller.id.uuidString)/activation", [("active", "false")])
            #expect(done.status == .seeOther)

            #expect(try await seller.get("/").location == "/sign-in")
            let again = Browser(ctx.app)
            try await again.get("/sign-in")
            let refused = try await again.post(
                "/sign-in", [("email", org.seller.email), ("password", Fixtures.password)])
            #expect(refused.status == .forbidden && refused.body.contains("This account has been deactivated."))
            // History stays: the person is still listed for admins who ask for deactivated people.
            #expect(try await admin.get("/admin/people?all=1").body.contains("Seller a"))
            #expect(!(try await admin.get("/admin/people").body.contains("Seller a")))
        }
    }

    @Test func passwordChangeNeedsTheCurrentPasswordAndEndsOtherSessions() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let laptop = Browser(ctx.app), phone = Browser(ctx.app)
            try await laptop.signIn(org.leader.email, Fixtures.password)
            try await phone.signIn(org.leader.email, Fixtures.password)

            let wrong = try await laptop.post(
                "/profile/password",
                [
                    ("currentPassword", "nope"), ("password", "a new long password"),
                    ("passwordConfirmation", "a new long password"),
                ])
            #expect(wrong.status == .unprocessableEntity && wrong.body.contains("The current password is wrong."))

            let changed = try await laptop.post(
                "/profile/password",
                [
                    ("currentPassword", Fixtures.password), ("password", "a new long password"),
                    ("passwordConfirmation", "a new long password"),
                ])
            #expect(changed.status == .seeOther)
            #expect(try await laptop.get("/profile").status == .ok)
            #expect(try await phone.get("/profile").status == .seeOther, "the other session was signed out")
            try await Browser(ctx.app).signIn(org.leader.email, "a new long password")
        }
    }

    @Test func theLanguageSwitchWorksWithoutJavaScriptAndIsRemembered() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let browser = Browser(ctx.app, acceptLanguage: "en")
            try await browser.signIn(org.seller.email, Fixtures.password)
            let switched = try await browser.post("/language", [("locale", "nb"), ("back", "/profile")])
            #expect(switched.status == .seeOther && switched.location == "/profile")
            #expect(try await browser.get("/profile").body.contains("<h1>Din profil</h1>"))
            // Saved as the person's setting: another browser in English gets Norwegian too.
            let other = Browser(ctx.app, acceptLanguage: "en")
            try await other.signIn(org.seller.email, Fixtures.password)
            #expect(try await other.get("/").body.contains("Velkommen"))
            // An outside address is never a redirect target.
            let evil = try await browser.post("/language", [("locale", "en"), ("back", "//evil.example/x")])
            #expect(evil.location == "/")
        }
    }
}
