import Foundation
import SparringDomain
import SparringStorage
import SparringViews
import Vapor

/// The case workbench on a deal: who may work on the deal (`Policy.workOnDeal`, checked by
/// `visibleDeal`) works on its case. Every form re-renders the page with what was typed when it fails:
/// 422 for invalid input, 409 when somebody saved first — and then the page shows their change.
struct CaseController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.dealCase(UUID()), use: show)
        routes.post(.caseObstacles(UUID()), use: addObstacle)
        routes.post(.caseObstacle(UUID(), UUID()), use: changeObstacle)
        routes.post(.caseAnswers(UUID()), use: saveAnswer)
        routes.post(.caseInfluences(UUID()), use: addInfluence)
        routes.post(.caseInfluence(UUID(), UUID()), use: changeInfluence)
        routes.post(.caseEvidence(UUID()), use: addEvidence)
        routes.post(.caseEvidenceEntry(UUID(), UUID()), use: removeEvidence)
        routes.post(.caseComments(UUID()), use: addComment)
        routes.post(.caseGuests(UUID()), use: invite)
        routes.post(.caseGuest(UUID(), UUID()), use: removeGuest)
    }

    func show(req: Request) async throws -> Response {
        try await page(req, state: FormState())
    }

    func page(_ req: Request, state: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let actor = try req.signedIn().actor
        let deal = try await req.caseDeal(try req.id("dealID"))
        let tenant = try req.tenant()
        let work = tenant.dealCase(deal.id)
        let plans = try await work.plans()
        let comments = try await work.comments()
        let guests = try await work.guests()
        let people = try await tenant.users.names(
            of: plans.compactMap(\.choice).flatMap { [$0.chosenBy, $0.ownerID] } + comments.map(\.authorID)
                + guests.flatMap { [$0.userID, $0.invitedBy] })
        // One read of the revisions serves both the answers and their history.
        let revisions = try await work.revisions(nil)
        let model = CasePage.Model(
            deal: deal, customerName: try await tenant.deals.customer(deal.customerID).name,
            categories: try await tenant.taxonomy.categories(includeRetired: true),
            obstacles: try await work.obstacles(),
            answers: CaseStore.current(of: revisions), revisions: revisions,
            influences: try await work.influences(), evidence: try await work.evidence(), plans: plans,
            people: people, events: try await work.events(), state: state,
            today: Day(req.now, in: req.organisationTimeZone),
            canWork: Policy().allows(actor, .workOnDeal(ownerID: deal.ownerID, teamID: deal.teamID)),
            canInvite: Policy().allows(actor, .inviteGuest(ownerID: deal.ownerID, teamID: deal.teamID)),
            comments: comments, guests: guests)
        return htmlResponse(CasePage.View(model: model, context: try await req.pageContext()).render(), status: status)
    }

    /// Runs a change; a refused one shows the page again with what was typed and why.
    func attempt(
        _ req: Request, typed: [String: String], conflictField: String, anchor: String,
        _ change: () async throws -> Void
    ) async throws -> Response {
        do {
            try await change()
            return req.redirect(to: SiteRoute.dealCase(try req.id("dealID")).path + "#" + anchor, notice: .caseSaved)
        } catch AppError.validation(let errors) {
            return try await page(req, state: FormState(values: typed, errors: errors), status: .unprocessableEntity)
        } catch AppError.conflict {
            return try await page(
                req, state: FormState(values: typed, errors: [FieldError(conflictField, .errorConflict)]),
                status: .conflict)
        }
    }

    struct ObstacleForm: Content {
        var categoryID: String?
        var detail: String?
    }

    func addObstacle(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let deal = try await req.visibleDeal(try req.id("dealID"))
        let form = try req.content.decode(ObstacleForm.self)
        let typed = ["categoryID": form.categoryID ?? "", "detail": form.detail ?? ""]
        return try await attempt(req, typed: typed, conflictField: "categoryID", anchor: "obstacles") {
            let input = try CaseInput.obstacle(categoryID: form.categoryID, detail: form.detail)
            do {
                _ = try await req.tenant().dealCase(deal.id).addObstacle(
                    categoryID: input.categoryID, detail: input.detail, by: identity.user.id, at: req.now)
            } catch AppError.notFound {
                throw AppError.invalid("categoryID", .errorRequired)
            }
        }
    }

    /// Resolves an obstacle (with how) or reopens it.
    func changeObstacle(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let deal = try await req.visibleDeal(try req.id("dealID"))
        let obstacleID = try req.id("obstacleID")
        let field = "resolution-" + obstacleID.uuidString
        let resolution = (try? req.content.get(String.self, at: field)) ?? ""
        let reopen = (try? req.content.get(String.self, at: "reopen")) == "true"
        let version = (try? req.content.get(Int.self, at: "obstacleVersion")) ?? 0
        return try await attempt(req, typed: [field: resolution], conflictField: field, anchor: "obstacles") {
            let how = try CaseInput.resolution(resolution, reopen: reopen, field: field)
            try await req.tenant().dealCase(deal.id).resolveObstacle(
                obstacleID, expectedVersion: version, resolution: how, by: identity.user.id, at: req.now)
        }
    }

    /// Saves one question's answer as a new revision of the one the form was read at.
    func saveAnswer(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let deal = try await req.visibleDeal(try req.id("dealID"))
        guard let question = CaseQuestion(rawValue: (try? req.content.get(String.self, at: "question")) ?? "") else {
            throw AppError.badRequest(.errorRequired, field: "question")
        }
        let field = CasePage.answerField(question)
        let text = (try? req.content.get(String.self, at: field)) ?? ""
        let version = (try? req.content.get(Int.self, at: CasePage.versionField(question))) ?? 0
        return try await attempt(req, typed: [field: text], conflictField: field, anchor: field) {
            let answer = try CaseInput.answer(text, field: field)
            try await req.tenant().dealCase(deal.id).saveAnswer(
                question, text: answer, expectedVersion: version, by: identity.user.id, at: req.now)
        }
    }

    struct InfluenceForm: Content {
        var name: String?
        var title: String?
        var role: String?
        var stance: String?
        var note: String?
    }

    func addInfluence(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let deal = try await req.visibleDeal(try req.id("dealID"))
        let form = try req.content.decode(InfluenceForm.self)
        let typed = [
            "name": form.name ?? "", "title": form.title ?? "", "role": form.role ?? "", "stance": form.stance ?? "",
            "note": form.note ?? "",
        ]
        return try await attempt(req, typed: typed, conflictField: "name", anchor: "influences") {
            let person = try CaseInput.influence(
                id: UUID(), version: 1, name: form.name, title: form.title, role: form.role, stance: form.stance,
                note: form.note)
            try await req.tenant().dealCase(deal.id).saveInfluence(
                person, isNew: true, by: identity.user.id, at: req.now)
        }
    }

    /// Removes a person (`remove=true`) or changes their stance as read at `influenceVersion`.
    func changeInfluence(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let deal = try await req.visibleDeal(try req.id("dealID"))
        let id = try req.id("influenceID")
        let store = try req.tenant().dealCase(deal.id)
        if (try? req.content.get(String.self, at: "remove")) == "true" {
            try await store.removeInfluence(id, by: identity.user.id, at: req.now)
            return req.redirect(to: SiteRoute.dealCase(deal.id).path + "#influences", notice: .caseSaved)
        }
        let stance = (try? req.content.get(String.self, at: "stance")) ?? ""
        let version = (try? req.content.get(Int.self, at: "influenceVersion")) ?? 0
        return try await attempt(
            req, typed: ["stance": stance], conflictField: "influenceVersion", anchor: "influences"
        ) {
            guard let person = try await store.influences().first(where: { $0.id == id }) else {
                throw AppError.notFound
            }
            let changed = try CaseInput.influence(
                id: id, version: version, name: person.name, title: person.title, role: person.role.rawValue,
                stance: stance, note: person.note)
            try await store.saveInfluence(changed, isNew: false, by: identity.user.id, at: req.now)
        }
    }

    struct EvidenceForm: Content {
        var tried: String?
        var result: String?
        var evidenceNote: String?
        var triedOn: String?
    }

    func addEvidence(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let deal = try await req.visibleDeal(try req.id("dealID"))
        let form = try req.content.decode(EvidenceForm.self)
        let typed = [
            "tried": form.tried ?? "", "result": form.result ?? "", "evidenceNote": form.evidenceNote ?? "",
            "triedOn": form.triedOn ?? "",
        ]
        return try await attempt(req, typed: typed, conflictField: "tried", anchor: "evidence") {
            let entry = try CaseInput.evidence(
                tried: form.tried, result: form.result, note: form.evidenceNote, triedOn: form.triedOn,
                noteField: "evidenceNote", timeZone: req.organisationTimeZone)
            try await req.tenant().dealCase(deal.id).saveEvidence(entry, isNew: true, by: identity.user.id, at: req.now)
        }
    }

    func removeEvidence(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let deal = try await req.visibleDeal(try req.id("dealID"))
        try await req.tenant().dealCase(deal.id).removeEvidence(
            try req.id("entryID"), by: identity.user.id, at: req.now)
        return req.redirect(to: SiteRoute.dealCase(deal.id).path + "#evidence", notice: .caseSaved)
    }

    /// A comment, by anybody who may work on the deal or a guest of its case.
    func addComment(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let deal = try await req.caseDeal(try req.id("dealID"), contribute: true)
        let text = ((try? req.content.get(String.self, at: "comment")) ?? "").trimmed
        do {
            _ = try await req.tenant().dealCase(deal.id).addComment(text, by: identity.user.id, at: req.now)
        } catch AppError.validation(let errors) {
            return try await page(
                req, state: FormState(values: ["comment": text], errors: errors), status: .unprocessableEntity)
        }
        return req.redirect(to: SiteRoute.dealCase(deal.id).path + "#comments", notice: .commentSaved)
    }

    /// Invites a colleague (by e-mail) into the case: the deal's owner, the team's leaders, admins.
    func invite(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let deal = try await req.visibleDeal(try req.id("dealID"))
        try req.authorize(.inviteGuest(ownerID: deal.ownerID, teamID: deal.teamID))
        let email = ((try? req.content.get(String.self, at: "email")) ?? "").trimmed
        do {
            guard !email.isEmpty else { throw AppError.invalid("email", .errorRequired) }
            _ = try await req.tenant().dealCase(deal.id).invite(email: email, by: identity.user.id, at: req.now)
        } catch AppError.validation(let errors) {
            return try await page(
                req, state: FormState(values: ["email": email], errors: errors), status: .unprocessableEntity)
        }
        return req.redirect(to: SiteRoute.dealCase(deal.id).path + "#guests", notice: .guestInvited)
    }

    func removeGuest(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let deal = try await req.visibleDeal(try req.id("dealID"))
        try req.authorize(.inviteGuest(ownerID: deal.ownerID, teamID: deal.teamID))
        try await req.tenant().dealCase(deal.id).removeGuest(try req.id("userID"), by: identity.user.id, at: req.now)
        return req.redirect(to: SiteRoute.dealCase(deal.id).path + "#guests", notice: .guestRemoved)
    }
}
