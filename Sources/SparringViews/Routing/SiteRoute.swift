import Foundation
import SparringDomain

/// Every URL of Sparring. The web target registers routes from `pattern` and every link in the views
/// is built from `path`, so the two cannot drift apart (a test round-trips each case).
public enum SiteRoute: Hashable, Sendable {
    case home
    case setup
    case signIn
    case signOut
    case language
    case profile
    case profileSettings
    case profilePassword
    case profileTokens
    case profileTokenRevoke(UUID)
    case teams
    case teamNew
    case team(UUID)
    case people
    case personNew
    case person(UUID)
    case personActivation(UUID)
    case personPasswordReset(UUID)
    case privacy
    case audit
    case privacyExport
    case privacyErase
    case deals
    case dealsExport
    case dealsSnoozed
    case dealNew
    case deal(UUID)
    case dealEdit(UUID)
    case dealStage(UUID)
    case dealClose(UUID)
    case dealSnooze(UUID)
    case dealCustomer(UUID)
    case dealCase(UUID)
    case caseObstacles(UUID)
    case caseObstacle(UUID, UUID)
    case caseAnswers(UUID)
    case caseInfluences(UUID)
    case caseInfluence(UUID, UUID)
    case caseEvidence(UUID)
    case caseEvidenceEntry(UUID, UUID)
    case caseComments(UUID)
    case caseGuests(UUID)
    case caseGuest(UUID, UUID)
    case dealPlans(UUID)
    case planNew(UUID)
    case plan(UUID, UUID)
    case planChoose(UUID, UUID)
    case planOutcome(UUID, UUID)
    case sparring
    case sparringRequest(UUID)
    case session(UUID)
    case sessionSuggestions(UUID)
    case sessionSuggestion(UUID, UUID)
    case sessionSuggestionPlan(UUID, UUID)
    case sessionReady(UUID)
    case sessionMessages(UUID)
    case sessionMessage(UUID, UUID)
    case sessionAgree(UUID)
    case sessionVerdict(UUID)
    case sessionWithdraw(UUID)
    case followUps
    case followUp(UUID)
    case profileCalendar
    /// A private calendar feed: the secret is the file name (`/calendar/SECRET.ics`).
    case calendarFeed(String)
    case notifications
    case notificationsRead
    case coaching(UUID)
    case teamBlockers(UUID)
    case tactics
    case tactic(UUID)
    case cases
    case caseStory(UUID)
    case caseStoryEdit(UUID)
    case caseStoryFeature(UUID)
    case dealStory(UUID)
    case bulletins
    case bulletinNew
    case bulletin(UUID)
    case bulletinEdit(UUID)
    case bulletinReaction(UUID)
    case bulletinDeals(UUID)
    case leadership
    case leadershipAssessment
    case pulse
    case pulseRound(UUID)
    case pulseAnswer(UUID)
    case pulseClose(UUID)
    case dashboard
    case allocation
    case allocationConfirm
    case resourcePools
    case resourcePool(UUID)
    case dealResources(UUID)
    case obstacleTaxonomy
    case obstacleCategory(UUID)
    case board
    case teamBoard(UUID)
    case imports
    case importPreview
    case importRun
    case pipelinesAdmin
    case pipelineAdmin(UUID)
    case stageAdmin(UUID)
    case stageNew(UUID)
    case exchangeRates
    case script
    case stylesheet
    case healthz
    case openAPI
    case api(APIRoute)

    public enum APIRoute: Hashable, Sendable {
        case me
        case teams
        case users
        case pipelines
        case deals
        case deal(UUID)
        case dealStage(UUID)
        case dealSnooze(UUID)
        case imports
        case dealCase(UUID)
        case dealObstacles(UUID)
        case dealObstacle(UUID, UUID)
        case dealAnswers(UUID)
        case dealInfluences(UUID)
        case dealInfluence(UUID, UUID)
        case dealEvidence(UUID)
        case dealEvidenceEntry(UUID, UUID)
        case dealPlans(UUID)
        case dealPlan(UUID, UUID)
        case dealPlanChoose(UUID, UUID)
        case dealPlanOutcome(UUID, UUID)
        case tactics
        case textBlockers
        case sessions
        case session(UUID)
        case sessionSuggestions(UUID)
        case sessionSuggestion(UUID, UUID)
        case sessionSuggestionPlan(UUID, UUID)
        case sessionReady(UUID)
        case sessionMessages(UUID)
        case sessionMessage(UUID, UUID)
        case sessionAgree(UUID)
        case sessionVerdict(UUID)
        case followUps
        case followUp(UUID)
        case notifications
        case cases
        case caseStory(UUID)
        case caseStoryFeature(UUID)
        case dealSimilarCases(UUID)
        case bulletins
        case bulletin(UUID)
        case bulletinReaction(UUID)
        case bulletinDeals(UUID)
        case dealComments(UUID)
        case dealGuests(UUID)
        case dealGuest(UUID, UUID)
        case resourcePools
        case resourcePool(UUID)
        case dealResourceRequests(UUID)
        case allocation
        case dashboard
        case selfAssessments
        case selfAssessment(String)
        case pulseRounds
        case pulseRound(UUID)
        case pulseRoundClose(UUID)
        case pulseRoundAnswers(UUID)

        public static func samples(id: UUID) -> [APIRoute] {
            [
                .me, .teams, .users, .pipelines, .deals, .deal(id), .dealStage(id), .dealSnooze(id), .imports,
                .dealCase(id), .dealObstacles(id), .dealObstacle(id, id), .dealAnswers(id), .dealInfluences(id),
                .dealInfluence(id, id), .dealEvidence(id), .dealEvidenceEntry(id, id), .dealPlans(id),
                .dealPlan(id, id),
                .dealPlanChoose(id, id), .dealPlanOutcome(id, id), .tactics, .textBlockers, .sessions, .session(id),
                .sessionSuggestions(id), .sessionSuggestion(id, id), .sessionSuggestionPlan(id, id), .sessionReady(id),
                .sessionMessages(id), .sessionMessage(id, id), .sessionAgree(id), .sessionVerdict(id), .followUps,
                .followUp(id), .notifications, .cases, .caseStory(id), .caseStoryFeature(id), .dealSimilarCases(id),
                .bulletins, .bulletin(id), .bulletinReaction(id), .bulletinDeals(id), .dealComments(id),
                .dealGuests(id), .dealGuest(id, id), .resourcePools, .resourcePool(id), .dealResourceRequests(id),
                .allocation, .dashboard, .selfAssessments, .selfAssessment("2026-Q4"), .pulseRounds,
                .pulseRound(id),
                .pulseRoundClose(id), .pulseRoundAnswers(id),
            ]
        }
    }

    public enum Segment: Hashable, Sendable {
        case constant(String)
        case parameter(String, UUID)
        /// A parameter that is not an id: a secret, kept as text.
        case text(String, String)
    }

    public var segments: [Segment] {
        switch self {
        case .home: []
        case .setup: [.constant("setup")]
        case .signIn: [.constant("sign-in")]
        case .signOut: [.constant("sign-out")]
        case .language: [.constant("language")]
        case .profile: [.constant("profile")]
        case .profileSettings: [.constant("profile"), .constant("settings")]
        case .profilePassword: [.constant("profile"), .constant("password")]
        case .profileTokens: [.constant("profile"), .constant("tokens")]
        case .profileTokenRevoke(let id):
            [.constant("profile"), .constant("tokens"), .parameter("tokenID", id), .constant("revoke")]
        case .teams: [.constant("admin"), .constant("teams")]
        case .teamNew: [.constant("admin"), .constant("teams"), .constant("new")]
        case .team(let id): [.constant("admin"), .constant("teams"), .parameter("teamID", id)]
        case .people: [.constant("admin"), .constant("people")]
        case .personNew: [.constant("admin"), .constant("people"), .constant("new")]
        case .person(let id): [.constant("admin"), .constant("people"), .parameter("userID", id)]
        case .personActivation(let id):
            [.constant("admin"), .constant("people"), .parameter("userID", id), .constant("activation")]
        case .personPasswordReset(let id):
            [.constant("admin"), .constant("people"), .parameter("userID", id), .constant("password-reset")]
        case .privacy: [.constant("admin"), .constant("privacy")]
        case .audit: [.constant("admin"), .constant("audit")]
        case .privacyExport: [.constant("admin"), .constant("privacy"), .constant("export")]
        case .privacyErase: [.constant("admin"), .constant("privacy"), .constant("erase")]
        case .deals: [.constant("deals")]
        case .dealsExport: [.constant("deals"), .constant("export.csv")]
        case .dealsSnoozed: [.constant("deals"), .constant("snoozed")]
        case .dealNew: [.constant("deals"), .constant("new")]
        case .deal(let id): [.constant("deals"), .parameter("dealID", id)]
        case .dealEdit(let id): [.constant("deals"), .parameter("dealID", id), .constant("edit")]
        case .dealStage(let id): [.constant("deals"), .parameter("dealID", id), .constant("stage")]
        case .dealClose(let id): [.constant("deals"), .parameter("dealID", id), .constant("close")]
        case .dealSnooze(let id): [.constant("deals"), .parameter("dealID", id), .constant("snooze")]
        case .dealCustomer(let id): [.constant("deals"), .parameter("dealID", id), .constant("customer")]
        case .dealCase(let id): [.constant("deals"), .parameter("dealID", id), .constant("case")]
        case .caseObstacles(let id): Self.dealCase(id).segments + [.constant("obstacles")]
        case .caseObstacle(let id, let obstacle):
            Self.dealCase(id).segments + [.constant("obstacles"), .parameter("obstacleID", obstacle)]
        case .caseAnswers(let id): Self.dealCase(id).segments + [.constant("answers")]
        case .caseInfluences(let id): Self.dealCase(id).segments + [.constant("influences")]
        case .caseInfluence(let id, let influence):
            Self.dealCase(id).segments + [.constant("influences"), .parameter("influenceID", influence)]
        case .caseEvidence(let id): Self.dealCase(id).segments + [.constant("evidence")]
        case .caseEvidenceEntry(let id, let entry):
            Self.dealCase(id).segments + [.constant("evidence"), .parameter("entryID", entry)]
        case .caseComments(let id): Self.dealCase(id).segments + [.constant("comments")]
        case .caseGuests(let id): Self.dealCase(id).segments + [.constant("guests")]
        case .caseGuest(let id, let user):
            Self.dealCase(id).segments + [.constant("guests"), .parameter("userID", user)]
        case .dealPlans(let id): [.constant("deals"), .parameter("dealID", id), .constant("plans")]
        case .planNew(let id): Self.dealPlans(id).segments + [.constant("new")]
        case .plan(let id, let plan): Self.dealPlans(id).segments + [.parameter("planID", plan)]
        case .planChoose(let id, let plan): Self.plan(id, plan).segments + [.constant("choose")]
        case .planOutcome(let id, let plan): Self.plan(id, plan).segments + [.constant("outcome")]
        case .sparring: [.constant("sparring")]
        case .sparringRequest(let id): [.constant("deals"), .parameter("dealID", id), .constant("sparring")]
        case .session(let id): [.constant("sparring"), .parameter("sessionID", id)]
        case .sessionSuggestions(let id): Self.session(id).segments + [.constant("suggestions")]
        case .sessionSuggestion(let id, let suggestion):
            Self.session(id).segments + [.constant("suggestions"), .parameter("suggestionID", suggestion)]
        case .sessionSuggestionPlan(let id, let suggestion):
            Self.sessionSuggestion(id, suggestion).segments + [.constant("plan")]
        case .sessionReady(let id): Self.session(id).segments + [.constant("ready")]
        case .sessionMessages(let id): Self.session(id).segments + [.constant("messages")]
        case .sessionMessage(let id, let message):
            Self.session(id).segments + [.constant("messages"), .parameter("messageID", message)]
        case .sessionAgree(let id): Self.session(id).segments + [.constant("agree")]
        case .sessionVerdict(let id): Self.session(id).segments + [.constant("verdict")]
        case .sessionWithdraw(let id): Self.session(id).segments + [.constant("withdraw")]
        case .followUps: [.constant("follow-ups")]
        case .followUp(let id): [.constant("follow-ups"), .parameter("followUpID", id)]
        case .profileCalendar: [.constant("profile"), .constant("calendar")]
        case .calendarFeed(let file): [.constant("calendar"), .text("file", file)]
        case .notifications: [.constant("notifications")]
        case .notificationsRead: [.constant("notifications"), .constant("read")]
        case .coaching(let id): [.constant("coaching"), .parameter("userID", id)]
        case .teamBlockers(let id): [.constant("blockers"), .parameter("teamID", id)]
        case .tactics: [.constant("tactics")]
        case .tactic(let id): [.constant("tactics"), .parameter("tacticID", id)]
        case .cases: [.constant("cases")]
        case .caseStory(let id): [.constant("cases"), .parameter("storyID", id)]
        case .caseStoryEdit(let id): [.constant("cases"), .parameter("storyID", id), .constant("edit")]
        case .caseStoryFeature(let id): [.constant("cases"), .parameter("storyID", id), .constant("feature")]
        case .dealStory(let id): [.constant("deals"), .parameter("dealID", id), .constant("story")]
        case .bulletins: [.constant("bulletins")]
        case .bulletinNew: [.constant("bulletins"), .constant("new")]
        case .bulletin(let id): [.constant("bulletins"), .parameter("bulletinID", id)]
        case .bulletinEdit(let id): [.constant("bulletins"), .parameter("bulletinID", id), .constant("edit")]
        case .bulletinReaction(let id): [.constant("bulletins"), .parameter("bulletinID", id), .constant("reaction")]
        case .bulletinDeals(let id): [.constant("bulletins"), .parameter("bulletinID", id), .constant("deals")]
        case .leadership: [.constant("leadership")]
        case .leadershipAssessment: [.constant("leadership"), .constant("assessment")]
        case .pulse: [.constant("pulse")]
        case .pulseRound(let id): [.constant("pulse"), .parameter("roundID", id)]
        case .pulseAnswer(let id): [.constant("pulse"), .parameter("roundID", id), .constant("answer")]
        case .pulseClose(let id): [.constant("pulse"), .parameter("roundID", id), .constant("close")]
        case .dashboard: [.constant("dashboard")]
        case .allocation: [.constant("allocation")]
        case .allocationConfirm: [.constant("allocation"), .constant("confirm")]
        case .resourcePools: [.constant("allocation"), .constant("pools")]
        case .resourcePool(let id): [.constant("allocation"), .constant("pools"), .parameter("poolID", id)]
        case .dealResources(let id): [.constant("deals"), .parameter("dealID", id), .constant("resources")]
        case .obstacleTaxonomy: [.constant("admin"), .constant("obstacles")]
        case .obstacleCategory(let id): [.constant("admin"), .constant("obstacles"), .parameter("categoryID", id)]
        case .board: [.constant("board")]
        case .teamBoard(let id): [.constant("board"), .parameter("teamID", id)]
        case .imports: [.constant("imports")]
        case .importPreview: [.constant("imports"), .constant("preview")]
        case .importRun: [.constant("imports"), .constant("run")]
        case .pipelinesAdmin: [.constant("admin"), .constant("pipelines")]
        case .pipelineAdmin(let id): [.constant("admin"), .constant("pipelines"), .parameter("pipelineID", id)]
        case .stageAdmin(let id): [.constant("admin"), .constant("stages"), .parameter("stageID", id)]
        case .stageNew(let id):
            [.constant("admin"), .constant("pipelines"), .parameter("pipelineID", id), .constant("stages")]
        case .exchangeRates: [.constant("admin"), .constant("exchange-rates")]
        case .script: [.constant("static"), .constant("sparring.js")]
        case .stylesheet: [.constant("static"), .constant("sparring.css")]
        case .healthz: [.constant("healthz")]
        case .openAPI: [.constant("api"), .constant("openapi.json")]
        case .api(let route):
            [.constant("api"), .constant("v1")]
                + {
                    switch route {
                    case .me: [Segment.constant("me")]
                    case .teams: [.constant("teams")]
                    case .users: [.constant("users")]
                    case .pipelines: [.constant("pipelines")]
                    case .deals: [.constant("deals")]
                    case .deal(let id): [.constant("deals"), .parameter("dealID", id)]
                    case .dealStage(let id): [.constant("deals"), .parameter("dealID", id), .constant("stage")]
                    case .dealSnooze(let id): [.constant("deals"), .parameter("dealID", id), .constant("snooze")]
                    case .imports: [.constant("imports")]
                    case .dealCase(let id): [.constant("deals"), .parameter("dealID", id), .constant("case")]
                    case .dealObstacles(let id): [.constant("deals"), .parameter("dealID", id), .constant("obstacles")]
                    case .dealObstacle(let id, let obstacle):
                        [
                            .constant("deals"), .parameter("dealID", id), .constant("obstacles"),
                            .parameter("obstacleID", obstacle),
                        ]
                    case .dealAnswers(let id): [.constant("deals"), .parameter("dealID", id), .constant("answers")]
                    case .dealInfluences(let id):
                        [.constant("deals"), .parameter("dealID", id), .constant("influences")]
                    case .dealInfluence(let id, let person):
                        [
                            .constant("deals"), .parameter("dealID", id), .constant("influences"),
                            .parameter("influenceID", person),
                        ]
                    case .dealEvidence(let id): [.constant("deals"), .parameter("dealID", id), .constant("evidence")]
                    case .dealEvidenceEntry(let id, let entry):
                        [
                            .constant("deals"), .parameter("dealID", id), .constant("evidence"),
                            .parameter("entryID", entry),
                        ]
                    case .dealPlans(let id): [.constant("deals"), .parameter("dealID", id), .constant("plans")]
                    case .dealPlan(let id, let plan):
                        [.constant("deals"), .parameter("dealID", id), .constant("plans"), .parameter("planID", plan)]
                    case .dealPlanChoose(let id, let plan):
                        [
                            .constant("deals"), .parameter("dealID", id), .constant("plans"),
                            .parameter("planID", plan),
                            .constant("choose"),
                        ]
                    case .dealPlanOutcome(let id, let plan):
                        [
                            .constant("deals"), .parameter("dealID", id), .constant("plans"),
                            .parameter("planID", plan),
                            .constant("outcome"),
                        ]
                    case .tactics: [.constant("tactics")]
                    case .textBlockers: [.constant("text"), .constant("blockers")]
                    case .sessions: [.constant("sparring")]
                    case .session(let id): [.constant("sparring"), .parameter("sessionID", id)]
                    case .sessionSuggestions(let id):
                        [.constant("sparring"), .parameter("sessionID", id), .constant("suggestions")]
                    case .sessionSuggestion(let id, let suggestion):
                        [
                            .constant("sparring"), .parameter("sessionID", id), .constant("suggestions"),
                            .parameter("suggestionID", suggestion),
                        ]
                    case .sessionSuggestionPlan(let id, let suggestion):
                        [
                            .constant("sparring"), .parameter("sessionID", id), .constant("suggestions"),
                            .parameter("suggestionID", suggestion), .constant("plan"),
                        ]
                    case .sessionReady(let id):
                        [.constant("sparring"), .parameter("sessionID", id), .constant("ready")]
                    case .sessionMessages(let id):
                        [.constant("sparring"), .parameter("sessionID", id), .constant("messages")]
                    case .sessionMessage(let id, let message):
                        [
                            .constant("sparring"), .parameter("sessionID", id), .constant("messages"),
                            .parameter("messageID", message),
                        ]
                    case .sessionAgree(let id):
                        [.constant("sparring"), .parameter("sessionID", id), .constant("agree")]
                    case .sessionVerdict(let id):
                        [.constant("sparring"), .parameter("sessionID", id), .constant("verdict")]
                    case .followUps: [.constant("follow-ups")]
                    case .followUp(let id): [.constant("follow-ups"), .parameter("followUpID", id)]
                    case .notifications: [.constant("notifications")]
                    case .cases: [.constant("cases")]
                    case .caseStory(let id): [.constant("cases"), .parameter("storyID", id)]
                    case .caseStoryFeature(let id):
                        [.constant("cases"), .parameter("storyID", id), .constant("feature")]
                    case .dealSimilarCases(let id):
                        [.constant("deals"), .parameter("dealID", id), .constant("similar-cases")]
                    case .dealComments(let id): [.constant("deals"), .parameter("dealID", id), .constant("comments")]
                    case .dealGuests(let id): [.constant("deals"), .parameter("dealID", id), .constant("guests")]
                    case .dealGuest(let id, let user):
                        [.constant("deals"), .parameter("dealID", id), .constant("guests"), .parameter("userID", user)]
                    case .bulletins: [.constant("bulletins")]
                    case .bulletin(let id): [.constant("bulletins"), .parameter("bulletinID", id)]
                    case .bulletinReaction(let id):
                        [.constant("bulletins"), .parameter("bulletinID", id), .constant("reaction")]
                    case .bulletinDeals(let id):
                        [.constant("bulletins"), .parameter("bulletinID", id), .constant("deals")]
                    case .resourcePools: [.constant("resource-pools")]
                    case .resourcePool(let id): [.constant("resource-pools"), .parameter("poolID", id)]
                    case .dealResourceRequests(let id):
                        [.constant("deals"), .parameter("dealID", id), .constant("resource-requests")]
                    case .allocation: [.constant("allocation")]
                    case .dashboard: [.constant("dashboard")]
                    case .selfAssessments: [.constant("self-assessments")]
                    case .selfAssessment(let quarter): [.constant("self-assessments"), .text("quarter", quarter)]
                    case .pulseRounds: [.constant("pulse-rounds")]
                    case .pulseRound(let id): [.constant("pulse-rounds"), .parameter("roundID", id)]
                    case .pulseRoundClose(let id):
                        [.constant("pulse-rounds"), .parameter("roundID", id), .constant("close")]
                    case .pulseRoundAnswers(let id):
                        [.constant("pulse-rounds"), .parameter("roundID", id), .constant("answers")]
                    }
                }()
        }
    }

    /// The path to link to: `/admin/teams/6F…`.
    public var path: String {
        "/"
            + segments.map { segment in
                switch segment {
                case .constant(let text): text
                case .parameter(_, let id): id.uuidString
                case .text(_, let value): value
                }
            }.joined(separator: "/")
    }

    /// A query string (`?q=kunder&page=2`) from name–value pairs, percent-encoded; empty without pairs.
    public static func query(_ items: [(String, String)]) -> String {
        var allowed = CharacterSet.urlQueryAllowed
        allowed.remove(charactersIn: "&=+?#")
        func encode(_ text: String) -> String { text.addingPercentEncoding(withAllowedCharacters: allowed) ?? "" }
        return items.isEmpty ? "" : "?" + items.map { encode($0.0) + "=" + encode($0.1) }.joined(separator: "&")
    }

    /// A request path as it may be written to a log: a private calendar feed's secret is left out.
    public static func loggablePath(_ path: String) -> String {
        let prefix = calendarFeed("").path
        return path.hasPrefix(prefix) ? prefix + "…" : path
    }

    /// The pattern to register: `["admin", "teams", ":teamID"]`.
    public var pattern: [String] {
        segments.map { segment in
            switch segment {
            case .constant(let text): text
            case .parameter(let name, _), .text(let name, _): ":" + name
            }
        }
    }

    /// One instance of every case, for registration checks and tests.
    public static func samples(id: UUID = UUID(uuidString: "00000000-0000-0000-0000-000000000001")!) -> [SiteRoute] {
        [
            .home, .setup, .signIn, .signOut, .language, .profile, .profileSettings, .profilePassword, .profileTokens,
            .profileTokenRevoke(id), .teams, .teamNew, .team(id), .people, .personNew, .person(id),
            .personActivation(id), .personPasswordReset(id), .privacy, .audit, .privacyExport, .privacyErase, .deals,
            .dealsExport, .dealsSnoozed, .dealNew, .deal(id),
            .dealEdit(id),
            .dealStage(id), .dealClose(id), .dealSnooze(id), .dealCustomer(id), .dealCase(id), .caseObstacles(id),
            .caseObstacle(id, id), .caseAnswers(id), .caseInfluences(id), .caseInfluence(id, id), .caseEvidence(id),
            .caseEvidenceEntry(id, id), .caseComments(id), .caseGuests(id), .caseGuest(id, id), .dealPlans(id),
            .planNew(id), .plan(id, id), .planChoose(id, id),
            .planOutcome(id, id), .sparring, .sparringRequest(id), .session(id), .sessionSuggestions(id),
            .sessionSuggestion(id, id), .sessionSuggestionPlan(id, id), .sessionReady(id), .sessionMessages(id),
            .sessionMessage(id, id), .sessionAgree(id), .sessionVerdict(id), .sessionWithdraw(id), .followUps,
            .followUp(id), .profileCalendar, .calendarFeed("secret.ics"), .notifications, .notificationsRead,
            .coaching(id), .teamBlockers(id), .tactics, .tactic(id), .cases, .caseStory(id), .caseStoryEdit(id),
            .caseStoryFeature(id), .dealStory(id), .bulletins, .bulletinNew, .bulletin(id), .bulletinEdit(id),
            .bulletinReaction(id), .bulletinDeals(id), .leadership, .leadershipAssessment, .pulse, .pulseRound(id),
            .pulseAnswer(id), .pulseClose(id), .dashboard, .allocation, .allocationConfirm, .resourcePools,
            .resourcePool(id), .dealResources(id), .obstacleTaxonomy, .obstacleCategory(id), .board,
            .teamBoard(id), .imports,
            .importPreview,
            .importRun, .pipelinesAdmin, .pipelineAdmin(id), .stageAdmin(id), .stageNew(id), .exchangeRates,
            .script, .stylesheet, .healthz, .openAPI,
        ] + APIRoute.samples(id: id).map(SiteRoute.api)
    }
}

extension SiteRoute {
    /// Where a follow-up came from: the agreement's session, else the chosen plan, else the deal.
    public static func source(of followUp: FollowUp) -> SiteRoute {
        if let session = followUp.sessionID { return .session(session) }
        if let plan = followUp.planID { return .plan(followUp.dealID, plan) }
        return .deal(followUp.dealID)
    }
}
