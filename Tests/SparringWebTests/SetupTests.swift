import Foundation
import SparringDomain
import SparringStorage
import SparringTestSupport
import SparringWeb
import Testing
import Vapor

@Suite struct SetupTests {
    let validForm: [(String, String)] = [
        ("organisationName", "Fjordsalg AS"), ("defaultLocale", "nb"), ("baseCurrency", "nok"),
        ("timeZone", "Europe/Oslo"), ("name", "Kari Nordmann"), ("email", "Kari@Fjordsalg.no"),
        ("password", "et langt passord"), ("passwordConfirmation", "et langt passord"),
    ]

    @Test func anEmptyInstallationOffersSetupOnceAndSignsTheAdminIn() async throws {
        try await withSparring { ctx in
            // setup
            let browser = Browser(ctx.app, acceptLanguage: "nb")
            // act
            let root = try await browser.get("/")
            let form = try await browser.get("/setup")
            let created = try await browser.post("/setup", validForm)
            let home = try await browser.get("/")
            // check
            #expect(root.status == .seeOther && root.location == "/setup")
            #expect(form.status == .ok && form.body.contains("Sett opp Sparring"))
            #expect(created.status == .seeOther && created.location == "/")
            #expect(browser.cookies["sparring_session"] != nil)
            #expect(home.status == .ok && home.body.contains("Velkommen, Kari Nordmann"))
            #expect(home.body.contains("Organisasjonen er klar"), "the one-time notice is shown")
            let org = try await OrganisationStore(db: ctx.app.db).all()
            #expect(org.map(\.name) == ["Fjordsalg AS"] && org.first?.baseCurrency == "NOK")

            // Never again: the page sends people to sign in, and a forged POST is refused.
            let stranger = Browser(ctx.app)
            let again = try await stranger.get("/setup")
            #expect(again.status == .seeOther && again.location == "/sign-in")
            let forged = try await stranger.post("/setup", validForm.map { $0.0 == "email" ? ($0.0, "x@y.no") : $0 })
            #expect(forged.status == .conflict)
            #expect(try await OrganisationStore(db: ctx.app.db).count() == 1)
        }
    }

    @Test func invalidSetupKeepsWhatWasTypedAndNamesEachField() async throws {
        try await withSparring { ctx in
            let browser = Browser(ctx.app, acceptLanguage: "en")
            try await browser.get("/setup")
            let page = try await browser.post(
                "/setup",
                [
                    ("organisationName", "  "), ("defaultLocale", "nb"), ("baseCurrency", "kroner"),
                    ("timeZone", "Mars/Base"),
                    ("name", "Ola"), ("email", "ola@"), ("password", "short"), ("passwordConfirmation", "other"),
                ])
            #expect(page.status == .unprocessableEntity)
            #expect(page.body.contains("Please correct the following:"))
            for message in [
                "Organisation name: This field is required.", "Base currency: Use a three-letter currency code",
                "Time zone: Unknown time zone.", "E-mail: This is not a valid e-mail address.",
                "Password: Use at least 10 characters.", "Repeat password: The two passwords are not the same.",
            ] {
                #expect(page.body.contains(message), "missing: \(message)")
            }
            #expect(page.body.contains(#"value="Ola""#) && page.body.contains(#"value="kroner""#))
            #expect(try await OrganisationStore(db: ctx.app.db).count() == 0, "nothing half-created")
        }
    }
}
