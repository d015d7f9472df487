import Foundation
import SparringDomain
import SparringViews
import Testing

@Suite struct SiteRouteTests {
    @Test(arguments: SiteRoute.samples())
    func pathMatchesThePatternItIsRegisteredWith(route: SiteRoute) {
        let path = route.path.split(separator: "/").map(String.init)
        #expect(path.count == route.pattern.count)
        for (segment, (pattern, typed)) in zip(path, zip(route.pattern, route.segments)) {
            switch typed {
            case .parameter: #expect(pattern.hasPrefix(":") && UUID(uuidString: segment) != nil)
            case .text(_, let value): #expect(pattern.hasPrefix(":") && segment == value)
            case .constant: #expect(segment == pattern)
            }
        }
    }

    @Test func aCalendarFeedSecretNeverReachesTheLog() {
        let feed = SiteRoute.calendarFeed("s3cr3t-value.ics").path
        #expect(!SiteRoute.loggablePath(feed).contains("s3cr3t"))
        #expect(SiteRoute.loggablePath("/deals/x") == "/deals/x")
    }

    @Test func pathsAreDistinct() {
        let paths = SiteRoute.samples().map(\.path)
        #expect(Set(paths).count == paths.count)
        #expect(
            SiteRoute.team(UUID(uuidString: "00000000-0000-0000-0000-00000000000A")!).path
                == "/admin/teams/00000000-0000-0000-0000-00000000000A")
        #expect(SiteRoute.home.path == "/")
    }
}

@Suite struct ViewRenderingTests {
    func context(_ locale: AppLocale, viewer: PageContext.Viewer? = nil) -> PageContext {
        PageContext(locale: locale, currentPath: "/sign-in", csrfToken: "tok", viewer: viewer)
    }

    @Test func textAndAttributesAreEscaped() {
        let payload = #"<script>alert("x")</script>' onmouseover="y"#
        let html = SignInPage.View(model: .init(email: payload), context: context(.en)).render()
        #expect(!html.contains("<script>alert"))
        #expect(!html.contains(#"" onmouseover=""#))
        #expect(html.contains("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&#39; onmouseover=&quot;y"))
    }

    @Test func signInPageSpeaksTheLanguage() {
        #expect(SignInPage.View(model: .init(), context: context(.nb)).render().contains("<h1>Logg inn</h1>"))
        #expect(SignInPage.View(model: .init(), context: context(.en)).render().contains("<h1>Sign in</h1>"))
        #expect(SignInPage.View(model: .init(), context: context(.nb)).render().contains(#"<html lang="nb">"#))
    }

    @Test func errorSummaryNamesEachFieldAndLinksToIt() {
        let state = FormState(
            values: ["organisationName": ""],
            errors: [
                FieldError("organisationName", .errorRequired),
                FieldError("password", .errorPasswordShort, ["min": "10"]),
            ])
        let html = SetupPage.View(model: .init(state: state), context: context(.nb)).render()
        #expect(
            html.contains(##"<a href="#field-organisationName">Organisasjonens navn: Dette feltet må fylles ut.</a>"##))
        #expect(html.contains("Passord: Bruk minst 10 tegn."))
        #expect(html.contains(#"aria-invalid="true""#))
    }

    @Test func passwordsAreNeverWrittenBackIntoThePage() {
        let state = FormState(values: ["password": "hunter2hunter2"], errors: [FieldError("name", .errorRequired)])
        let html = SetupPage.View(model: .init(state: state), context: context(.en)).render()
        #expect(!html.contains("hunter2"))
    }

    @Test func theDirectWriterProducesExactlyWhatPlotRenders() {
        var ctx = context(.nb, viewer: .init(name: "Kari <K>", role: .admin, organisationName: "X"))
        ctx.navigation = [NavigationItem(.home, .navHome), NavigationItem(.teams, .navTeams)]
        ctx.notice = .teamSaved
        let state = FormState(
            values: ["name": #"Team "Øst" & co"#], lists: ["leaderIDs": ["00000000-0000-0000-0000-000000000001"]],
            errors: [FieldError("name", .errorTeamNameTaken)])
        let model = TeamFormPage.Model(
            teamID: nil, version: 3, state: state,
            people: [(UUID(uuidString: "00000000-0000-0000-0000-000000000001")!, "Ola <b>")])
        let page = Layout(context: ctx, title: "T") {
            Tag("p", text: "x")
            ErrorSummary(context: ctx, state: state, labels: ["name": "Navn"])
            TextInput(
                context: ctx, name: "name", label: "Navn", value: state["name"], hint: "h", error: state.error("name"))
            CheckboxGroup(
                context: ctx, name: "leaderIDs", legend: "L", options: [("1", "a"), ("2", "b")], checked: ["1"])
        }
        #expect(HTMLWriter.render(page) == page.render())
        #expect(TeamFormPage.View(model: model, context: ctx).render().contains("Team &quot;Øst&quot; &amp; co"))
    }

    @Test func navigationShowsOnlyWhatItIsGiven() {
        var ctx = context(.en, viewer: .init(name: "Kari", role: .seller, organisationName: "X"))
        ctx.navigation = [NavigationItem(.home, .navHome), NavigationItem(.profile, .navProfile)]
        let html = HomePage.View(
            model: .init(
                name: "Kari", role: .seller, organisationName: "X", teamsLed: [],
                teamsMemberOf: ["Team Øst"], today: Day(year: 2026, month: 11, day: 27)!, now: Date()), context: ctx
        ).render()
        #expect(html.contains(#"href="/profile""#))
        #expect(!html.contains(#"href="/admin/teams""#))
        #expect(html.contains("Team Øst"))
        #expect(html.contains("Signed in as Kari"))
    }
}
