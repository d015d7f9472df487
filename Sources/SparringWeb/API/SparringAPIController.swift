import Foundation
import SparringDomain
import SparringStorage
import SparringViews
import Vapor

struct AgreementDTO: Content {
    var planID: UUID
    var ownerID: UUID
    var nextStep: String
    var followUpOn: Day
}

struct SessionDTO: Content {
    var id: UUID
    var version: Int
    var dealID: UUID
    var teamID: UUID
    var requesterID: UUID
    var coachID: UUID?
    var state: String
    var question: String
    var context: String
    var requestedAt: Date
    var readyAt: Date?
    var agreedAt: Date?
    var closedAt: Date?
    var agreement: AgreementDTO?
    var verdict: String?
    var verdictNote: String?
    /// What became of the deal since (closed and agreed sessions).
    var outcome: String?
    var blockers: [BlockerFindingDTO]

    init(_ session: SparringSession, outcome: SessionOutcome? = nil, t: Localizer) {
        id = session.id
        version = session.version
        dealID = session.dealID
        teamID = session.teamID
        requesterID = session.requesterID
        coachID = session.coachID
        state = session.state.rawValue
        question = session.question
        context = session.context
        requestedAt = session.requestedAt
        readyAt = session.readyAt
        agreedAt = session.agreedAt
        closedAt = session.closedAt
        agreement = session.agreement.map {
            AgreementDTO(planID: $0.planID, ownerID: $0.ownerID, nextStep: $0.nextStep, followUpOn: $0.followUpOn)
        }
        verdict = session.verdict?.rawValue
        verdictNote = session.verdictNote
        self.outcome = outcome?.rawValue
        blockers = BlockerFindingDTO.all(in: session.question, t)
    }
}

struct SuggestionDTO: Content {
    var id: UUID
    var version: Int
    var authorID: UUID
    var title: String
    var detail: String
    var planID: UUID?
    var createdAt: Date
    var editedAt: Date?
    var blockers: [BlockerFindingDTO]

    init(_ suggestion: Suggestion, t: Localizer) {
        id = suggestion.id
        version = suggestion.version
        authorID = suggestion.authorID
        title = suggestion.title
        detail = suggestion.detail
        planID = suggestion.planID
        createdAt = suggestion.createdAt
        editedAt = suggestion.editedAt
        // Offsets are in the detail, where a suggestion says how it would work.
        blockers = BlockerFindingDTO.all(in: suggestion.detail, t)
    }
}

struct MessageDTO: Content {
    var id: UUID
    var version: Int
    var authorID: UUID
    var replyTo: UUID?
    var text: String
    var createdAt: Date
    var editedAt: Date?
    var blockers: [BlockerFindingDTO]

    init(_ message: SparringMessage, t: Localizer) {
        id = message.id
        version = message.version
        authorID = message.authorID
        replyTo = message.replyToID
        text = message.text
        createdAt = message.createdAt
        editedAt = message.editedAt
        blockers = BlockerFindingDTO.all(in: message.text, t)
    }
}

struct SessionDetailDTO: Content {
    var session: SessionDTO
    var suggestions: [SuggestionDTO]
    var messages: [MessageDTO]
}

struct FollowUpDTO: Content {
    var id: UUID
    var version: Int
    var dealID: UUID
    var dealTitle: String
    var sessionID: UUID?
    var planID: UUID?
    var ownerID: UUID
    var coachID: UUID?
    var what: String
    var dueOn: Day
    var status: String
    var doneAt: Date?

    init(_ row: FollowUpRow, today: Day) {
        id = row.followUp.id
        version = row.followUp.version
        dealID = row.followUp.dealID
        dealTitle = row.dealTitle
        sessionID = row.followUp.sessionID
        planID = row.followUp.planID
        ownerID = row.followUp.ownerID
        coachID = row.followUp.coachID
        what = row.followUp.what
        dueOn = row.followUp.dueOn
        status = row.followUp.status(today: today).rawValue
        doneAt = row.followUp.doneAt
    }
}

struct NotificationDTO: Content {
    var id: UUID
    var kind: String
    var sessionID: UUID?
    var dealID: UUID?
    var text: String
    var at: Date
    var read: Bool
}

struct ItemsDTO<Item: Content>: Content {
    var items: [Item]
}

/// `/api/v1/sparring…`, `/api/v1/follow-ups…` and `/api/v1/notifications`: sparring sessions with the
/// same checks (`SparringInput`), rules (`SparringFlow`) and conflicts as their pages.
struct SparringAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.api(.sessions), use: list)
        routes.post(.api(.sessions), use: create)
        routes.get(.api(.session(UUID())), use: show)
        routes.post(.api(.sessionSuggestions(UUID())), use: addSuggestion)
        routes.on(.PATCH, SiteRoute.api(.sessionSuggestion(UUID(), UUID())).pathComponents, use: editSuggestion)
        routes.post(.api(.sessionSuggestionPlan(UUID(), UUID())), use: makePlan)
        routes.post(.api(.sessionReady(UUID())), use: ready)
        routes.post(.api(.sessionMessages(UUID())), use: addMessage)
        routes.on(.PATCH, SiteRoute.api(.sessionMessage(UUID(), UUID())).pathComponents, use: editMessage)
        routes.post(.api(.sessionAgree(UUID())), use: agree)
        routes.post(.api(.sessionVerdict(UUID())), use: verdict)
        routes.get(.api(.followUps), use: followUps)
        routes.on(.PATCH, SiteRoute.api(.followUp(UUID())).pathComponents, use: patchFollowUp)
        routes.get(.api(.notifications), use: notifications)
    }

    private func version(_ value: Int?) throws -> Int {
        guard let value else { throw AppError.invalid("version", .errorRequired) }
        return value
    }

    /// A 409 body: the error and the object as it is now; a stale write changes nothing.
    private func conflict<T: Content>(_ req: Request, current: T) throws -> Response {
        try json(
            CaseConflictDTO(
                error: .init(code: "conflict", message: "version: " + req.t(.errorConflict), field: "version"),
                current: current),
            status: .conflict)
    }

    /// The session as it is now, as a 409 body.
    private func conflict(_ req: Request, _ id: UUID) async throws -> Response {
        try conflict(req, current: SessionDTO(try await req.sparring().session(id), t: req.t))
    }

    private func sessionResponse(
        _ req: Request, _ id: UUID, status: HTTPResponseStatus = .ok
    ) async throws
        -> Response
    {
        try json(SessionDTO(try await req.sparring().session(id), t: req.t), status: status)
    }

    /// `?view=queue`: the requests of the teams the caller coaches, in queue order; otherwise the
    /// caller's own sessions, newest first.
    func list(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        if (try? req.query.get(String.self, at: "view")) == "queue" {
            let items = try await req.queueItems() ?? []
            return try json(ItemsDTO(items: items.map { SessionDTO($0.session, t: req.t) }))
        }
        let sessions = try await req.sparring().sessions(requesterID: identity.user.id)
        return try json(ItemsDTO(items: sessions.map { SessionDTO($0, t: req.t) }))
    }

    struct CreateBody: Content {
        var dealID: UUID?
        var question: String?
        var context: String?
    }

    /// Asks for sparring; without `context`, the request is pre-filled from the deal's case as on the page.
    func create(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let body = try req.decodeJSON(CreateBody.self)
        guard let dealID = body.dealID else { throw AppError.invalid("dealID", .errorRequired) }
        let deal: Deal
        do {
            deal = try await req.visibleDeal(dealID)
        } catch AppError.notFound {
            throw AppError.invalid("dealID", .errorChoice)
        }
        let context: String
        if let given = body.context { context = given } else { context = try await req.sparringBrief(for: deal) }
        let session = try await req.requestSparring(
            on: deal, question: body.question, context: context, by: identity)
        return try json(SessionDTO(session, t: req.t), status: .created)
    }

    func show(req: Request) async throws -> Response {
        let (session, _) = try await req.visibleSession(try req.id("sessionID"))
        let store = try req.sparring()
        let outcome = try await store.outcome(of: session, now: req.now)
        return try json(
            SessionDetailDTO(
                session: SessionDTO(session, outcome: outcome, t: req.t),
                suggestions: try await store.suggestions(session.id).map { SuggestionDTO($0, t: req.t) },
                messages: try await store.messages(session.id).map { MessageDTO($0, t: req.t) }))
    }

    struct SuggestionBody: Content {
        var version: Int?
        var title: String?
        var detail: String?
    }

    func addSuggestion(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let (session, _) = try await req.visibleSession(try req.id("sessionID"))
        try req.requireCoach(session)
        let body = try req.decodeJSON(SuggestionBody.self)
        let input = try SparringInput.suggestion(title: body.title, detail: body.detail)
        let suggestion = try await req.sparring().addSuggestion(
            session.id, title: input.title, detail: input.detail, by: identity.user.id, at: req.now)
        return try json(SuggestionDTO(suggestion, t: req.t), status: .created)
    }

    func editSuggestion(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let (session, _) = try await req.visibleSession(try req.id("sessionID"))
        let id = try req.id("suggestionID")
        let body = try req.decodeJSON(SuggestionBody.self)
        let expected = try version(body.version)
        let store = try req.sparring()
        guard let existing = try await store.suggestions(session.id).first(where: { $0.id == id }) else {
            throw AppError.notFound
        }
        let input = try SparringInput.suggestion(
            title: body.title ?? existing.title, detail: body.detail ?? existing.detail)
        do {
            try await store.editSuggestion(
                session.id, id, expectedVersion: expected, title: input.title, detail: input.detail,
                by: identity.user.id, at: req.now)
        } catch AppError.conflict {
            let current = try await store.suggestions(session.id).first { $0.id == id }!
            return try conflict(req, current: SuggestionDTO(current, t: req.t))
        }
        return try json(SuggestionDTO(try await store.suggestions(session.id).first { $0.id == id }!, t: req.t))
    }

    func makePlan(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let (session, _) = try await req.visibleSession(try req.id("sessionID"))
        let plan = try await req.sparring().adoptSuggestion(
            session.id, try req.id("suggestionID"), by: identity.user.id, at: req.now)
        return try json(PlanDTO(plan), status: .created)
    }

    struct VersionBody: Content {
        var version: Int?
    }

    func ready(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let (session, _) = try await req.visibleSession(try req.id("sessionID"))
        try req.requireCoach(session)
        let expected = try version(try req.decodeJSON(VersionBody.self).version)
        do {
            try await req.sparring().markReady(session.id, expectedVersion: expected, by: identity.user.id, at: req.now)
        } catch AppError.conflict {
            return try await conflict(req, session.id)
        }
        return try await sessionResponse(req, session.id)
    }

    struct MessageBody: Content {
        var version: Int?
        var text: String?
        var replyTo: UUID?
    }

    func addMessage(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let (session, _) = try await req.visibleSession(try req.id("sessionID"))
        let body = try req.decodeJSON(MessageBody.self)
        let text = try SparringInput.message(body.text)
        let message = try await req.sparring().addMessage(
            session.id, text: text, replyTo: body.replyTo, by: identity.user.id, at: req.now)
        return try json(MessageDTO(message, t: req.t), status: .created)
    }

    func editMessage(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let (session, _) = try await req.visibleSession(try req.id("sessionID"))
        let id = try req.id("messageID")
        let body = try req.decodeJSON(MessageBody.self)
        let expected = try version(body.version)
        let text = try SparringInput.message(body.text)
        let store = try req.sparring()
        do {
            try await store.editMessage(
                session.id, id, expectedVersion: expected, text: text, by: identity.user.id, at: req.now)
        } catch AppError.conflict {
            let current = try await store.messages(session.id).first { $0.id == id }!
            return try conflict(req, current: MessageDTO(current, t: req.t))
        }
        return try json(MessageDTO(try await store.messages(session.id).first { $0.id == id }!, t: req.t))
    }

    struct AgreeBody: Content {
        var version: Int?
        var planID: String?
        var nextStep: String?
        var ownerID: String?
        var followUpOn: String?
    }

    func agree(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let (session, deal) = try await req.visibleSession(try req.id("sessionID"))
        let body = try req.decodeJSON(AgreeBody.self)
        let expected = try version(body.version)
        do {
            try await req.agree(
                session, deal: deal, version: expected, planID: body.planID, nextStep: body.nextStep,
                ownerID: body.ownerID, followUpOn: body.followUpOn, by: identity)
        } catch AppError.conflict {
            return try await conflict(req, session.id)
        }
        return try await sessionResponse(req, session.id)
    }

    struct VerdictBody: Content {
        var version: Int?
        var verdict: String?
        var note: String?
    }

    func verdict(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let (session, _) = try await req.visibleSession(try req.id("sessionID"))
        let body = try req.decodeJSON(VerdictBody.self)
        let expected = try version(body.version)
        let (verdict, note) = try SparringInput.verdict(body.verdict, note: body.note)
        do {
            try await req.sparring().giveVerdict(
                session.id, expectedVersion: expected, verdict, note: note, by: identity.user.id, at: req.now)
        } catch AppError.conflict {
            return try await conflict(req, session.id)
        }
        return try await sessionResponse(req, session.id)
    }

    func followUps(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let today = Day(req.now, in: req.organisationTimeZone)
        let rows = try await req.sparring().followUps(for: identity.user.id)
        return try json(ItemsDTO(items: rows.map { FollowUpDTO($0, today: today) }))
    }

    struct FollowUpBody: Content {
        var version: Int?
        var done: Bool?
    }

    func patchFollowUp(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let id = try req.id("followUpID")
        let body = try req.decodeJSON(FollowUpBody.self)
        let expected = try version(body.version)
        guard let done = body.done else { throw AppError.invalid("done", .errorRequired) }
        let store = try req.sparring()
        let today = Day(req.now, in: req.organisationTimeZone)
        do {
            try await store.setFollowUpDone(
                id, expectedVersion: expected, done: done, by: identity.user.id, at: req.now)
        } catch AppError.conflict {
            return try conflict(req, current: FollowUpDTO(try await store.followUp(id), today: today))
        }
        return try json(FollowUpDTO(try await store.followUp(id), today: today))
    }

    func notifications(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let t = req.t
        let items = try await req.sparring().notifications(for: identity.user.id).map {
            NotificationDTO(
                id: $0.id, kind: $0.kind.rawValue, sessionID: $0.sessionID, dealID: $0.dealID,
                text: t($0.kind.label, ["actor": $0.actorName, "deal": $0.dealTitle]), at: $0.at, read: $0.isRead)
        }
        return try json(ItemsDTO(items: items))
    }
}
