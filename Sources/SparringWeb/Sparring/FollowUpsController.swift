import Foundation
import SparringDomain
import SparringStorage
import SparringViews
import Vapor

/// Follow-ups and the private calendar feed, notifications, coaching logs and the team's blocker view.
struct FollowUpsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.followUps, use: followUps)
        routes.post(.followUp(UUID()), use: setDone)
        routes.post(.profileCalendar, use: calendar)
        routes.get(.calendarFeed("file"), use: feed)
        routes.get(.notifications, use: notifications)
        routes.post(.notificationsRead, use: markRead)
        routes.get(.coaching(UUID()), use: coaching)
        routes.get(.teamBlockers(UUID()), use: blockers)
    }

    func followUps(req: Request) async throws -> Response {
        try await followUpsPage(req, newCalendarURL: nil)
    }

    func followUpsPage(_ req: Request, newCalendarURL: String?) async throws -> Response {
        let identity = try req.signedIn()
        let store = try req.sparring()
        let model = FollowUpsPage.Model(
            rows: try await req.followUpRows(), today: Day(req.now, in: req.organisationTimeZone),
            calendarSince: try await store.calendarFeedCreated(for: identity.user.id), newCalendarURL: newCalendarURL)
        let response = htmlResponse(FollowUpsPage.View(model: model, context: try await req.pageContext()).render())
        // The page may carry the feed's secret: never kept by a cache.
        response.headers.replaceOrAdd(name: .cacheControl, value: "no-store")
        return response
    }

    struct DoneForm: Content {
        var version: Int?
        var done: String?
    }

    func setDone(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let form = try req.content.decode(DoneForm.self)
        do {
            try await req.sparring().setFollowUpDone(
                try req.id("followUpID"), expectedVersion: form.version ?? 0, done: form.done != "false",
                by: identity.user.id, at: req.now)
        } catch AppError.conflict {
            return req.redirect(to: .followUps, notice: .errorConflict)
        }
        return req.redirect(to: .followUps, notice: .caseSaved)
    }

    /// Makes a new private feed address (revoking the old one) or turns the feed off.
    func calendar(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let store = try req.sparring()
        if (try? req.content.get(String.self, at: "action")) == "revoke" {
            try await store.revokeCalendarFeed(for: identity.user.id)
            return req.redirect(to: SiteRoute.followUps.path + "#calendar", notice: .calendarRevoked)
        }
        let secret = Secrets.random()
        try await store.replaceCalendarFeed(for: identity.user.id, tokenHash: Secrets.hash(secret), at: req.now)
        return try await followUpsPage(req, newCalendarURL: req.absoluteURL(SiteRoute.calendarFeed(secret + ".ics")))
    }

    /// The feed itself: no session, the secret in the address is the key. An unknown or revoked secret
    /// is a plain 404.
    func feed(req: Request) async throws -> Response {
        guard let file = req.parameters.get("file"), file.hasSuffix(".ics"), file.count < 200 else {
            throw AppError.notFound
        }
        let secret = String(file.dropLast(4))
        guard let user = try await CalendarFeedStore(db: req.db).owner(tokenHash: Secrets.hash(secret)) else {
            throw AppError.notFound
        }
        let organisation = try await OrganisationStore(db: req.db).find(user.organisationID)
        let zone = TimeZone(identifier: organisation.timeZone) ?? .gmt
        let store = SparringStore(db: req.db, organisationID: organisation.id, timeZone: zone)
        let t = Localizer(user.locale ?? organisation.defaultLocale)
        let rows = try await store.followUps(for: user.id)
        let names = try await Tenant(db: req.db, organisationID: organisation.id).users.names(
            of: rows.map(\.followUp.ownerID))
        let entries = rows.map { row in
            CalendarEntry(
                uid: row.followUp.id.uuidString.lowercased() + "@sparring", day: row.followUp.dueOn,
                summary: t(
                    row.followUp.doneAt == nil ? .calendarEventSummary : .calendarEventDone, ["deal": row.dealTitle]),
                description: row.followUp.what + " (" + (names[row.followUp.ownerID] ?? "") + ")",
                url: req.absoluteURL(SiteRoute.source(of: row.followUp)),
                lastModified: row.updatedAt)
        }
        var headers = HTTPHeaders()
        headers.contentType = HTTPMediaType(type: "text", subType: "calendar", parameters: ["charset": "utf-8"])
        headers.replaceOrAdd(name: .cacheControl, value: "private, no-store")
        return Response(
            status: .ok, headers: headers,
            body: .init(string: CalendarFeed.render(name: t(.calendarName), entries: entries, now: req.now)))
    }

    func notifications(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let model = NotificationsPage.Model(
            notifications: try await req.sparring().notifications(for: identity.user.id),
            due: try await req.dueFollowUps())
        return htmlResponse(NotificationsPage.View(model: model, context: try await req.pageContext()).render())
    }

    func markRead(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        try await req.sparring().markNotificationsRead(for: identity.user.id, at: req.now)
        return req.redirect(to: .notifications)
    }

    /// A seller's coaching log: seen by the seller, the leaders of their teams and admins; to anybody
    /// else the person is simply not found.
    func coaching(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let seller = try await req.tenant().users.find(try req.id("userID"))
        guard
            Policy().allows(
                identity.actor, .viewCoachingLog(sellerID: seller.id, sellerTeams: Set(seller.memberOf)))
        else { throw AppError.notFound }
        let log = try await req.sparring().coachingLog(sellerID: seller.id, now: req.now)
        let coaches = try await req.tenant().users.names(of: log.compactMap(\.session.coachID))
        let model = CoachingPage.Model(
            sellerName: seller.name,
            entries: log.map {
                CoachingPage.Entry(
                    session: $0.session, dealTitle: $0.dealTitle, outcome: $0.outcome,
                    coachName: $0.session.coachID.flatMap { coaches[$0] })
            })
        return htmlResponse(CoachingPage.View(model: model, context: try await req.pageContext()).render())
    }

    /// The team's blocking phrases per month over the last twelve months.
    func blockers(req: Request) async throws -> Response {
        let teamID = try req.id("teamID")
        let team = try await req.tenant().teams.find(teamID)
        try req.authorize(.viewTeamBlockers(team.id))
        let today = Day(req.now, in: req.organisationTimeZone)
        let first = Day(year: today.month == 12 ? today.year : today.year - 1, month: today.month % 12 + 1, day: 1)!
        let tally = try await req.sparring().blockerTally(teamIDs: [team.id], fromMonth: first.monthKey)
        let model = TeamBlockersPage.Model(
            teamName: team.name, rows: tally.rows(from: first.monthKey, through: today.monthKey), largest: tally.largest
        )
        return htmlResponse(TeamBlockersPage.View(model: model, context: try await req.pageContext()).render())
    }
}

extension Request {
    /// The person's follow-ups with deal titles and owners' names.
    func followUpRows() async throws -> [FollowUpsPage.Row] {
        try await followUpPageRows(try await sparring().followUps(for: try signedIn().user.id))
    }

    /// Follow-ups as the pages list them, with their owners' names (one query for all).
    func followUpPageRows(_ rows: [FollowUpRow]) async throws -> [FollowUpsPage.Row] {
        let names = try await tenant().users.names(of: rows.map(\.followUp.ownerID))
        return rows.map {
            FollowUpsPage.Row(
                followUp: $0.followUp, dealTitle: $0.dealTitle, ownerName: names[$0.followUp.ownerID] ?? "—")
        }
    }

    /// Follow-ups due today or overdue and not done: the "follow-up due" notifications.
    func dueFollowUps() async throws -> [FollowUpsPage.Row] {
        let today = Day(now, in: organisationTimeZone)
        return try await followUpRows().filter {
            let status = $0.followUp.status(today: today)
            return status == .due || status == .overdue
        }
    }

    /// An address to give out of the app (a calendar application), built from the request's own host.
    func absoluteURL(_ route: SiteRoute) -> String {
        let scheme = application.sparringConfig.secureCookies ? "https" : "http"
        let host = headers.first(name: .host) ?? "127.0.0.1:8080"
        return scheme + "://" + host + route.path
    }
}
