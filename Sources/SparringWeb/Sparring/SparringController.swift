import Foundation
import SparringDomain
import SparringStorage
import SparringViews
import Vapor

/// Sparring sessions on the pages: a seller asks from a deal, the leader suggests and opens the
/// discussion, the two write, a suggestion becomes a plan, they agree and the seller gives a verdict.
/// Whoever may work on the deal (`Policy.workOnDeal`) sees its sessions and writes in them; the
/// leader's steps need `Policy.coachDeal`. A refused form shows the page again with what was typed.
struct SparringController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.sparring, use: list)
        routes.get(.sparringRequest(UUID()), use: requestForm)
        routes.post(.sparringRequest(UUID()), use: request)
        routes.get(.session(UUID()), use: show)
        routes.post(.sessionSuggestions(UUID()), use: addSuggestion)
        routes.post(.sessionSuggestion(UUID(), UUID()), use: editSuggestion)
        routes.post(.sessionSuggestionPlan(UUID(), UUID()), use: makePlan)
        routes.post(.sessionReady(UUID()), use: ready)
        routes.post(.sessionMessages(UUID()), use: addMessage)
        routes.post(.sessionMessage(UUID(), UUID()), use: editMessage)
        routes.post(.sessionAgree(UUID()), use: agree)
        routes.post(.sessionVerdict(UUID()), use: verdict)
        routes.post(.sessionWithdraw(UUID()), use: withdraw)
    }

    func list(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        // The person's own log first, then (for a leader) the people of the teams they lead.
        let led = try await req.people(inTeams: identity.user.leads).filter { $0.id != identity.user.id }
        let model = SparringListPage.Model(
            queue: try await req.sparringQueue(), mine: try await req.mySessions(openOnly: false),
            blockerTeams: try await req.blockerTeams(),
            coachingLogs: [(id: identity.user.id, name: identity.user.name)] + led, now: req.now)
        return htmlResponse(SparringListPage.View(model: model, context: try await req.pageContext()).render())
    }

    func requestForm(req: Request) async throws -> Response {
        let deal = try await req.visibleDeal(try req.id("dealID"))
        if let open = try await req.sparring().sessions(dealID: deal.id).first(where: \.state.isOpen) {
            return req.redirect(to: .session(open.id), notice: .sparringOpenSession)
        }
        return try await requestPage(
            req, deal: deal, state: FormState(values: ["context": try await req.sparringBrief(for: deal)]))
    }

    func requestPage(
        _ req: Request, deal: Deal, state: FormState, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        htmlResponse(
            SparringRequestPage.View(model: .init(deal: deal, state: state), context: try await req.pageContext())
                .render(),
            status: status)
    }

    struct RequestForm: Content {
        var question: String?
        var context: String?
    }

    func request(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let deal = try await req.visibleDeal(try req.id("dealID"))
        let form = try req.content.decode(RequestForm.self)
        let state = FormState(values: ["question": form.question ?? "", "context": form.context ?? ""])
        do {
            let session = try await req.requestSparring(
                on: deal, question: form.question, context: form.context, by: identity)
            return req.redirect(to: .session(session.id), notice: .sparringRequested)
        } catch AppError.validation(let errors) {
            var state = state
            state.errors = errors
            return try await requestPage(req, deal: deal, state: state, status: .unprocessableEntity)
        } catch AppError.duplicate(let message, let field) {
            // Somebody asked on this deal meanwhile: what was typed stays on the page with the reason.
            var state = state
            state.errors = [FieldError(field ?? "deal", message)]
            return try await requestPage(req, deal: deal, state: state, status: .conflict)
        }
    }

    func show(req: Request) async throws -> Response {
        try await page(req, state: FormState(), failedForm: nil)
    }

    func page(
        _ req: Request, state: FormState, failedForm: String?, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let identity = try req.signedIn()
        let (session, deal) = try await req.visibleSession(try req.id("sessionID"))
        let store = try req.sparring()
        let suggestions = try await store.suggestions(session.id)
        let messages = try await store.messages(session.id)
        let tenant = try req.tenant()
        let owners = try await req.people(inTeams: [deal.teamID], plus: [deal.ownerID, session.requesterID])
        var ids = [session.requesterID] + suggestions.map(\.authorID) + messages.map(\.authorID)
        ids += [session.coachID, session.agreement?.ownerID].compactMap { $0 }
        var people = try await tenant.users.names(of: ids)
        for owner in owners { people[owner.id] = owner.name }
        let outcome = try await store.outcome(of: session, now: req.now)
        let model = SessionPage.Model(
            session: session, deal: deal, suggestions: suggestions, messages: messages,
            plans: try await tenant.dealCase(deal.id).plans(), people: people, owners: owners,
            viewerID: identity.user.id,
            canCoach: Policy().allows(identity.actor, .coachDeal(teamID: session.teamID)), outcome: outcome,
            state: state, failedForm: failedForm, today: Day(req.now, in: req.organisationTimeZone))
        return htmlResponse(
            SessionPage.View(model: model, context: try await req.pageContext()).render(), status: status)
    }

    /// Runs a step; a refused one shows the session again with what was typed, under the form it came from.
    func attempt(
        _ req: Request, form: String, typed: [String: String], notice: L10nKey, anchor: String,
        _ change: () async throws -> Void
    ) async throws -> Response {
        do {
            try await change()
            return req.redirect(to: SiteRoute.session(try req.id("sessionID")).path + "#" + anchor, notice: notice)
        } catch AppError.validation(let errors) {
            return try await page(
                req, state: FormState(values: typed, errors: errors), failedForm: form, status: .unprocessableEntity)
        } catch AppError.conflict {
            return try await page(
                req, state: FormState(values: typed, errors: [FieldError("version", .errorConflict)]), failedForm: form,
                status: .conflict)
        }
    }

    struct SuggestionForm: Content {
        var version: Int?
        var title: String?
        var detail: String?
    }

    func addSuggestion(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let (session, _) = try await req.visibleSession(try req.id("sessionID"))
        try req.requireCoach(session)
        let form = try req.content.decode(SuggestionForm.self)
        let typed = ["title": form.title ?? "", "detail": form.detail ?? ""]
        return try await attempt(req, form: "suggestion", typed: typed, notice: .suggestionAdded, anchor: "suggestions")
        {
            let input = try SparringInput.suggestion(title: form.title, detail: form.detail)
            _ = try await req.sparring().addSuggestion(
                session.id, title: input.title, detail: input.detail, by: identity.user.id, at: req.now)
        }
    }

    func editSuggestion(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let (session, _) = try await req.visibleSession(try req.id("sessionID"))
        let id = try req.id("suggestionID")
        let form = try req.content.decode(SuggestionForm.self)
        let typed = ["title": form.title ?? "", "detail": form.detail ?? ""]
        return try await attempt(req, form: id.uuidString, typed: typed, notice: .caseSaved, anchor: "suggestions") {
            let input = try SparringInput.suggestion(title: form.title, detail: form.detail)
            try await req.sparring().editSuggestion(
                session.id, id, expectedVersion: form.version ?? 0, title: input.title, detail: input.detail,
                by: identity.user.id, at: req.now)
        }
    }

    func makePlan(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let (session, _) = try await req.visibleSession(try req.id("sessionID"))
        return try await attempt(req, form: "suggestion", typed: [:], notice: .planMade, anchor: "agree") {
            _ = try await req.sparring().adoptSuggestion(
                session.id, try req.id("suggestionID"), by: identity.user.id, at: req.now)
        }
    }

    struct VersionForm: Content {
        var version: Int?
    }

    func ready(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let (session, _) = try await req.visibleSession(try req.id("sessionID"))
        try req.requireCoach(session)
        let form = try req.content.decode(VersionForm.self)
        return try await attempt(req, form: "ready", typed: [:], notice: .sessionReadyNotice, anchor: "thread") {
            try await req.sparring().markReady(
                session.id, expectedVersion: form.version ?? 0, by: identity.user.id, at: req.now)
        }
    }

    struct MessageForm: Content {
        var version: Int?
        var text: String?
        var replyTo: String?
    }

    func addMessage(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let (session, _) = try await req.visibleSession(try req.id("sessionID"))
        let form = try req.content.decode(MessageForm.self)
        return try await attempt(
            req, form: "message", typed: ["text": form.text ?? ""], notice: .messageSent, anchor: "thread"
        ) {
            let text = try SparringInput.message(form.text)
            _ = try await req.sparring().addMessage(
                session.id, text: text, replyTo: form.replyTo.flatMap(UUID.init(uuidString:)), by: identity.user.id,
                at: req.now)
        }
    }

    func editMessage(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let (session, _) = try await req.visibleSession(try req.id("sessionID"))
        let id = try req.id("messageID")
        let form = try req.content.decode(MessageForm.self)
        return try await attempt(
            req, form: id.uuidString, typed: ["text": form.text ?? ""], notice: .caseSaved, anchor: "thread"
        ) {
            let text = try SparringInput.message(form.text)
            try await req.sparring().editMessage(
                session.id, id, expectedVersion: form.version ?? 0, text: text, by: identity.user.id, at: req.now)
        }
    }

    struct AgreeForm: Content {
        var version: Int?
        var planID: String?
        var nextStep: String?
        var ownerID: String?
        var followUpOn: String?
    }

    func agree(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let (session, deal) = try await req.visibleSession(try req.id("sessionID"))
        let form = try req.content.decode(AgreeForm.self)
        let typed = [
            "planID": form.planID ?? "", "nextStep": form.nextStep ?? "", "ownerID": form.ownerID ?? "",
            "followUpOn": form.followUpOn ?? "",
        ]
        return try await attempt(req, form: "agree", typed: typed, notice: .agreedNotice, anchor: "agreement") {
            try await req.agree(
                session, deal: deal, version: form.version ?? 0, planID: form.planID, nextStep: form.nextStep,
                ownerID: form.ownerID, followUpOn: form.followUpOn, by: identity)
        }
    }

    struct VerdictForm: Content {
        var version: Int?
        var verdict: String?
        var verdictNote: String?
    }

    func verdict(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let (session, _) = try await req.visibleSession(try req.id("sessionID"))
        let form = try req.content.decode(VerdictForm.self)
        let typed = ["verdict": form.verdict ?? "", "verdictNote": form.verdictNote ?? ""]
        return try await attempt(req, form: "verdict", typed: typed, notice: .verdictGiven, anchor: "agreement") {
            let (verdict, note) = try SparringInput.verdict(form.verdict, note: form.verdictNote)
            try await req.sparring().giveVerdict(
                session.id, expectedVersion: form.version ?? 0, verdict, note: note, by: identity.user.id, at: req.now)
        }
    }

    func withdraw(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let (session, _) = try await req.visibleSession(try req.id("sessionID"))
        let form = try req.content.decode(VersionForm.self)
        return try await attempt(req, form: "ready", typed: [:], notice: .sessionWithdrawn, anchor: "request") {
            try await req.sparring().withdraw(
                session.id, expectedVersion: form.version ?? 0, by: identity.user.id, at: req.now)
        }
    }
}

extension Request {
    /// Asks for sparring on a deal (page and API): one session under way per deal at a time.
    func requestSparring(
        on deal: Deal, question: String?, context: String?, by identity: Identity
    ) async throws -> SparringSession {
        let input = try SparringInput.request(question: question, context: context)
        guard deal.status == .open || deal.status == .onHold else {
            throw AppError.invalid("deal", .sessionWrongState)
        }
        let store = try sparring()
        // A friendly answer for the usual case; the unique index answers the race the same way.
        if try await store.sessions(dealID: deal.id).contains(where: \.state.isOpen) {
            throw AppError.duplicate(.sparringOpenSession, field: "deal")
        }
        return try await store.request(
            deal: deal, question: input.question, context: input.context, by: identity.user.id, at: now)
    }

    /// Records the agreement (page and API): the plan chosen on the case, the follow-up set.
    func agree(
        _ session: SparringSession, deal: Deal, version: Int, planID: String?, nextStep: String?, ownerID: String?,
        followUpOn: String?, by identity: Identity
    ) async throws {
        let input = try SparringInput.agreement(
            planID: planID, plans: try await tenant().dealCase(deal.id).plans(), nextStep: nextStep, ownerID: ownerID,
            followUpOn: followUpOn,
            allowed: try await planOwners(of: deal).union([session.requesterID]), timeZone: organisationTimeZone)
        try await sparring().agree(
            session.id, expectedVersion: version, planID: input.plan.id, planVersion: input.plan.version,
            ownerID: input.ownerID, nextStep: input.nextStep, followUpOn: input.followUpOn, by: identity.user.id,
            at: now)
    }

    /// The queue of the teams the person coaches (every team for an admin); nil for those who coach none.
    func sparringQueue() async throws -> [SparringListPage.QueueEntry]? {
        guard let items = try await queueItems() else { return nil }
        let base = try signedIn().organisation.baseCurrency
        let names = try await tenant().users.names(of: items.map(\.session.requesterID))
        return items.map {
            SparringListPage.QueueEntry(
                session: $0.session, dealTitle: $0.dealTitle, requesterName: names[$0.session.requesterID] ?? "—",
                valueAtRiskMinor: $0.amountMinor == nil ? nil : $0.valueAtRisk, baseCurrency: base)
        }
    }

    /// The queue of the teams the person coaches (every team for an admin), for the page and the API;
    /// nil for those who coach none.
    func queueItems() async throws -> [SparringStore.QueueItem]? {
        let identity = try signedIn()
        let teams: [UUID]? = identity.user.role == .admin ? nil : identity.user.leads
        if let teams, teams.isEmpty { return nil }
        return try await sparring().queue(teamIDs: teams, rates: try await exchangeRates(), now: now)
    }

    /// The person's own sessions with their deals' titles.
    func mySessions(openOnly: Bool) async throws -> [SparringListPage.SessionLine] {
        let identity = try signedIn()
        let sessions = try await sparring().sessions(requesterID: identity.user.id, openOnly: openOnly, limit: 100)
        let titles = try await tenant().deals.titles(of: sessions.map(\.dealID))
        return sessions.map { SparringListPage.SessionLine(session: $0, dealTitle: titles[$0.dealID] ?? "—") }
    }

    /// Teams whose blocker view the person may open.
    func blockerTeams() async throws -> [(id: UUID, name: String)] {
        let actor = try signedIn().actor
        return try await tenant().teams.names().filter { Policy().allows(actor, .viewTeamBlockers($0.id)) }
            .map { (id: $0.id, name: $0.name) }
    }
}
