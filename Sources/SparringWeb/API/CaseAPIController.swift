import Foundation
import SparringDomain
import SparringStorage
import SparringViews
import Vapor

struct ObstacleDTO: Content {
    var id: UUID
    var version: Int
    var categoryID: UUID
    var detail: String
    var resolution: String?
    var resolvedAt: Date?
    var createdAt: Date

    init(_ obstacle: Obstacle) {
        id = obstacle.id
        version = obstacle.version
        categoryID = obstacle.categoryID
        detail = obstacle.detail
        resolution = obstacle.resolution
        resolvedAt = obstacle.resolvedAt
        createdAt = obstacle.createdAt
    }
}

struct AnswerDTO: Content {
    var question: String
    var version: Int
    var text: String
    var answeredAt: Date
    var answeredBy: String

    init(_ answer: CaseAnswer) {
        question = answer.question.rawValue
        version = answer.version
        text = answer.text
        answeredAt = answer.answeredAt
        answeredBy = answer.answeredBy
    }
}

struct InfluenceDTO: Content {
    var id: UUID
    var version: Int
    var name: String
    var title: String?
    var role: String
    var stance: String
    var note: String?

    init(_ person: BuyingInfluence) {
        id = person.id
        version = person.version
        name = person.name
        title = person.title
        role = person.role.rawValue
        stance = person.stance.rawValue
        note = person.note
    }
}

struct EvidenceDTO: Content {
    var id: UUID
    var version: Int
    var tried: String
    var result: String
    var note: String?
    var triedOn: String
    var recordedBy: String

    init(_ entry: EvidenceEntry) {
        id = entry.id
        version = entry.version
        tried = entry.tried
        result = entry.result.rawValue
        note = entry.note
        triedOn = entry.triedOn.description
        recordedBy = entry.recordedBy
    }
}

struct PlanDTO: Content {
    struct Choice: Content {
        var chosenBy: UUID
        var chosenAt: Date
        var nextStep: String
        var ownerID: UUID
        var dueOn: String
        /// When another plan was chosen instead; absent while this one is the deal's plan.
        var replacedAt: Date?
    }

    struct Outcome: Content {
        var result: String
        var note: String?
        var recordedAt: Date
    }

    var id: UUID
    var version: Int
    var letter: String
    var title: String
    var approach: String
    var steps: String
    var consequences: String
    var risks: String
    var positioning: String
    var resources: String
    var expectedEffect: String
    var tactics: [UUID]
    /// The deal's plan now: one at a time.
    var chosen: Bool
    var choice: Choice?
    var outcome: Outcome?

    init(_ plan: Plan) {
        id = plan.id
        version = plan.version
        letter = plan.letter
        title = plan.text.title
        approach = plan.text.approach
        steps = plan.text.steps
        consequences = plan.text.consequences
        risks = plan.text.risks
        positioning = plan.text.positioning
        resources = plan.text.resources
        expectedEffect = plan.text.expectedEffect
        tactics = plan.tacticIDs
        chosen = plan.isChosen
        choice = plan.choice.map {
            Choice(
                chosenBy: $0.chosenBy, chosenAt: $0.chosenAt, nextStep: $0.nextStep, ownerID: $0.ownerID,
                dueOn: $0.dueOn.description, replacedAt: $0.replacedAt)
        }
        outcome = plan.outcome.map { Outcome(result: $0.result.rawValue, note: $0.note, recordedAt: $0.recordedAt) }
    }
}

struct CaseEventDTO: Content {
    var at: Date
    var actor: String
    var action: String
    var subject: String
}

struct CaseDTO: Content {
    var dealID: UUID
    var obstacles: [ObstacleDTO]
    var answers: [AnswerDTO]
    var influences: [InfluenceDTO]
    var evidence: [EvidenceDTO]
    var plans: [PlanDTO]
    var events: [CaseEventDTO]
}

/// A group's count, and — only when the comparison is shown — its wins, rate and 95 % interval.
struct WinRateDTO: Content {
    var deals: Int
    var wins: Int?
    var rate: Double?
    var low: Double?
    var high: Double?

    init(_ rate: WinRate, shown: Bool) {
        deals = rate.deals
        guard shown else { return }
        wins = rate.wins
        self.rate = rate.rate
        low = rate.interval?.lowerBound
        high = rate.interval?.upperBound
    }
}

struct TacticEvidenceDTO: Content {
    var categoryID: UUID
    /// False below the minimum counts: then only the counts are given.
    var shown: Bool
    var applied: WinRateDTO
    var notApplied: WinRateDTO

    init(_ evidence: TacticEvidence) {
        categoryID = evidence.categoryID
        shown = evidence.isShown
        applied = WinRateDTO(evidence.applied, shown: evidence.isShown)
        notApplied = WinRateDTO(evidence.notApplied, shown: evidence.isShown)
    }
}

struct TacticDTO: Content {
    var id: UUID
    var version: Int
    var name: String
    var summary: String
    var categories: [UUID]
    var retired: Bool
    var evidence: [TacticEvidenceDTO]
}

/// `409` for a stale case write: the error and the object as it is now.
struct CaseConflictDTO<Current: Content>: Content {
    var error: ErrorBodyDTO.Detail
    var current: Current
}

/// The `409` of a stale write through the API: the error on `version` and the object as it is now.
func conflictResponse<T: Content>(_ req: Request, _ current: T) throws -> Response {
    try json(
        CaseConflictDTO(
            error: .init(code: "conflict", message: "version: " + req.t(.errorConflict), field: "version"),
            current: current),
        status: .conflict)
}

/// `/api/v1/deals/{id}/case|obstacles|answers|influences|evidence|plans…` and `/api/v1/tactics`: the
/// case workbench with the same checks (`CaseInput`), rules and conflicts as its pages.
struct CaseAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.api(.dealCase(UUID())), use: show)
        routes.post(.api(.dealObstacles(UUID())), use: addObstacle)
        routes.on(.PATCH, SiteRoute.api(.dealObstacle(UUID(), UUID())).pathComponents, use: patchObstacle)
        routes.post(.api(.dealAnswers(UUID())), use: saveAnswer)
        routes.post(.api(.dealInfluences(UUID())), use: addInfluence)
        routes.on(.PATCH, SiteRoute.api(.dealInfluence(UUID(), UUID())).pathComponents, use: patchInfluence)
        routes.on(.DELETE, SiteRoute.api(.dealInfluence(UUID(), UUID())).pathComponents, use: removeInfluence)
        routes.post(.api(.dealEvidence(UUID())), use: addEvidence)
        routes.on(.DELETE, SiteRoute.api(.dealEvidenceEntry(UUID(), UUID())).pathComponents, use: removeEvidence)
        routes.get(.api(.dealPlans(UUID())), use: plans)
        routes.post(.api(.dealPlans(UUID())), use: createPlan)
        routes.on(.PATCH, SiteRoute.api(.dealPlan(UUID(), UUID())).pathComponents, use: patchPlan)
        routes.post(.api(.dealPlanChoose(UUID(), UUID())), use: choosePlan)
        routes.post(.api(.dealPlanOutcome(UUID(), UUID())), use: planOutcome)
        routes.get(.api(.dealComments(UUID())), use: comments)
        routes.post(.api(.dealComments(UUID())), use: addComment)
        routes.get(.api(.dealGuests(UUID())), use: guests)
        routes.post(.api(.dealGuests(UUID())), use: invite)
        routes.on(.DELETE, SiteRoute.api(.dealGuest(UUID(), UUID())).pathComponents, use: removeGuest)
        routes.get(.api(.tactics), use: tactics)
        routes.post(.api(.tactics), use: createTactic)
    }

    /// The deal's case store, once the deal is found visible to the caller.
    private func work(_ req: Request) async throws -> (deal: Deal, store: CaseStore) {
        let deal = try await req.visibleDeal(try req.id("dealID"))
        return (deal, try req.tenant().dealCase(deal.id))
    }

    /// The case store for reading the case (`contribute`: commenting, proposing plans), which the
    /// case's guests may do too.
    private func guestable(_ req: Request, contribute: Bool = false) async throws -> (deal: Deal, store: CaseStore) {
        let deal = try await req.caseDeal(try req.id("dealID"), contribute: contribute)
        return (deal, try req.tenant().dealCase(deal.id))
    }

    private func conflict<T: Content>(_ req: Request, _ current: T) throws -> Response {
        try conflictResponse(req, current)
    }

    private func version(_ value: Int?) throws -> Int {
        guard let value else { throw AppError.invalid("version", .errorRequired) }
        return value
    }

    func show(req: Request) async throws -> Response {
        let (deal, store) = try await guestable(req)
        return try json(
            CaseDTO(
                dealID: deal.id, obstacles: try await store.obstacles().map(ObstacleDTO.init),
                answers: try await store.answers().values.sorted { $0.question.rawValue < $1.question.rawValue }.map(
                    AnswerDTO.init),
                influences: try await store.influences().map(InfluenceDTO.init),
                evidence: try await store.evidence().map(EvidenceDTO.init),
                plans: try await store.plans().map(PlanDTO.init),
                events: try await store.events().map {
                    CaseEventDTO(at: $0.at, actor: $0.actorName, action: $0.action.rawValue, subject: $0.subject)
                }))
    }

    struct ObstacleBody: Content {
        var categoryID: String?
        var detail: String?
        var version: Int?
        /// PATCH: how it was resolved; `null` (or `reopen: true`) opens it again.
        var resolution: String?
        var reopen: Bool?
    }

    func addObstacle(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let (_, store) = try await work(req)
        let body = try req.decodeJSON(ObstacleBody.self)
        let input = try CaseInput.obstacle(categoryID: body.categoryID, detail: body.detail)
        do {
            let obstacle = try await store.addObstacle(
                categoryID: input.categoryID, detail: input.detail, by: identity.user.id, at: req.now)
            return try json(ObstacleDTO(obstacle), status: .created)
        } catch AppError.notFound {
            throw AppError.invalid("categoryID", .errorChoice)
        }
    }

    func patchObstacle(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let (_, store) = try await work(req)
        let id = try req.id("obstacleID")
        let body = try req.decodeJSON(ObstacleBody.self)
        let expected = try version(body.version)
        do {
            if body.categoryID != nil || body.detail != nil {
                // An edit of what the obstacle is; resolving is a change of its own.
                let existing = try current(try await store.obstacles(), id)
                let input = try CaseInput.obstacle(
                    categoryID: body.categoryID ?? existing.categoryID.uuidString,
                    detail: body.detail ?? existing.detail)
                do {
                    try await store.editObstacle(
                        id, expectedVersion: expected, categoryID: input.categoryID, detail: input.detail,
                        by: identity.user.id, at: req.now)
                } catch AppError.notFound {
                    throw AppError.invalid("categoryID", .errorChoice)
                }
            } else {
                let how = try CaseInput.resolution(body.resolution, reopen: body.reopen == true, field: "resolution")
                try await store.resolveObstacle(
                    id, expectedVersion: expected, resolution: how, by: identity.user.id, at: req.now)
            }
        } catch AppError.conflict {
            return try conflict(req, ObstacleDTO(try await current(store.obstacles(), id)))
        }
        return try json(ObstacleDTO(try await current(store.obstacles(), id)))
    }

    private func current<T: Identifiable>(_ items: [T], _ id: T.ID) throws -> T {
        guard let item = items.first(where: { $0.id == id }) else { throw AppError.notFound }
        return item
    }

    struct AnswerBody: Content {
        var question: String?
        var version: Int?
        var text: String?
    }

    /// Saves an answer as a new revision of the one read at `version` (0: none yet).
    func saveAnswer(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let (_, store) = try await work(req)
        let body = try req.decodeJSON(AnswerBody.self)
        guard let question = CaseQuestion(rawValue: body.question ?? "") else {
            throw AppError.invalid("question", .errorChoice)
        }
        let expected = try version(body.version)
        let text = try CaseInput.answer(body.text, field: "text")
        do {
            try await store.saveAnswer(
                question, text: text, expectedVersion: expected, by: identity.user.id, at: req.now)
        } catch AppError.conflict {
            guard let now = try await store.answers()[question] else { throw AppError.conflict }
            return try conflict(req, AnswerDTO(now))
        }
        guard let saved = try await store.answers()[question] else { throw AppError.notFound }
        return try json(AnswerDTO(saved))
    }

    struct InfluenceBody: Content {
        var version: Int?
        var name: String?
        var title: String?
        var role: String?
        var stance: String?
        var note: String?
    }

    func addInfluence(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let (_, store) = try await work(req)
        let body = try req.decodeJSON(InfluenceBody.self)
        let person = try CaseInput.influence(
            id: UUID(), version: 1, name: body.name, title: body.title, role: body.role, stance: body.stance,
            note: body.note)
        try await store.saveInfluence(person, isNew: true, by: identity.user.id, at: req.now)
        return try json(InfluenceDTO(try await current(store.influences(), person.id)), status: .created)
    }

    /// Saves a person read at `version`; fields left out keep their value.
    func patchInfluence(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let (_, store) = try await work(req)
        let id = try req.id("influenceID")
        let existing = try await current(store.influences(), id)
        let body = try req.decodeJSON(InfluenceBody.self)
        let person = try CaseInput.influence(
            id: id, version: try version(body.version), name: body.name ?? existing.name,
            title: body.title ?? existing.title, role: body.role ?? existing.role.rawValue,
            stance: body.stance ?? existing.stance.rawValue, note: body.note ?? existing.note)
        do {
            try await store.saveInfluence(person, isNew: false, by: identity.user.id, at: req.now)
        } catch AppError.conflict {
            return try conflict(req, InfluenceDTO(try await current(store.influences(), id)))
        }
        return try json(InfluenceDTO(try await current(store.influences(), id)))
    }

    func removeInfluence(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let (_, store) = try await work(req)
        try await store.removeInfluence(try req.id("influenceID"), by: identity.user.id, at: req.now)
        return Response(status: .noContent)
    }

    struct EvidenceBody: Content {
        var tried: String?
        var result: String?
        var note: String?
        var triedOn: String?
    }

    func addEvidence(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let (_, store) = try await work(req)
        let body = try req.decodeJSON(EvidenceBody.self)
        let entry = try CaseInput.evidence(
            tried: body.tried, result: body.result, note: body.note, triedOn: body.triedOn, noteField: "note",
            timeZone: req.organisationTimeZone)
        try await store.saveEvidence(entry, isNew: true, by: identity.user.id, at: req.now)
        return try json(EvidenceDTO(try await current(store.evidence(), entry.id)), status: .created)
    }

    func removeEvidence(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let (_, store) = try await work(req)
        try await store.removeEvidence(try req.id("entryID"), by: identity.user.id, at: req.now)
        return Response(status: .noContent)
    }

    func plans(req: Request) async throws -> Response {
        let (_, store) = try await guestable(req)
        return try json(try await store.plans().map(PlanDTO.init))
    }

    struct PlanBody: Content, PlanFields {
        var version: Int?
        var title: String?
        var approach: String?
        var steps: String?
        var consequences: String?
        var risks: String?
        var positioning: String?
        var resources: String?
        var expectedEffect: String?
        var tactics: [UUID]?

    }

    func createPlan(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let (_, store) = try await guestable(req, contribute: true)
        let body = try req.decodeJSON(PlanBody.self)
        let text = try CaseInput.plan(body.text(over: nil))
        let plan = try await store.createPlan(text, tacticIDs: body.tactics ?? [], by: identity.user.id, at: req.now)
        return try json(PlanDTO(plan), status: .created)
    }

    func patchPlan(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let (_, store) = try await work(req)
        let plan = try await store.plan(try req.id("planID"))
        let body = try req.decodeJSON(PlanBody.self)
        let expected = try version(body.version)
        let text = try CaseInput.plan(body.text(over: plan))
        do {
            try await store.updatePlan(
                plan.id, expectedVersion: expected, text, tacticIDs: body.tactics ?? plan.tacticIDs,
                by: identity.user.id, at: req.now)
        } catch AppError.conflict {
            return try conflict(req, PlanDTO(try await store.plan(plan.id)))
        }
        return try json(PlanDTO(try await store.plan(plan.id)))
    }

    struct ChooseBody: Content {
        var version: Int?
        var nextStep: String?
        var ownerID: String?
        var dueOn: String?
    }

    func choosePlan(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let (deal, store) = try await work(req)
        let planID = try req.id("planID")
        let body = try req.decodeJSON(ChooseBody.self)
        let expected = try version(body.version)
        let choice = try CaseInput.choice(
            nextStep: body.nextStep, ownerID: body.ownerID, dueOn: body.dueOn,
            allowed: try await req.planOwners(of: deal), timeZone: req.organisationTimeZone)
        do {
            try await store.choosePlan(
                planID, expectedVersion: expected, nextStep: choice.nextStep, ownerID: choice.ownerID,
                dueOn: choice.dueOn, by: identity.user.id, at: req.now)
        } catch AppError.conflict {
            return try conflict(req, PlanDTO(try await store.plan(planID)))
        }
        return try json(PlanDTO(try await store.plan(planID)))
    }

    struct OutcomeBody: Content {
        var version: Int?
        var outcome: String?
        var note: String?
    }

    func planOutcome(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let (_, store) = try await work(req)
        let planID = try req.id("planID")
        let body = try req.decodeJSON(OutcomeBody.self)
        let expected = try version(body.version)
        let (result, note) = try CaseInput.outcome(body.outcome, note: body.note, noteField: "note")
        do {
            try await store.recordOutcome(
                planID, expectedVersion: expected, result, note: note, by: identity.user.id, at: req.now)
        } catch AppError.conflict {
            return try conflict(req, PlanDTO(try await store.plan(planID)))
        }
        return try json(PlanDTO(try await store.plan(planID)))
    }

    func tactics(req: Request) async throws -> Response {
        _ = try req.signedIn()
        let taxonomy = try req.tenant().taxonomy
        let evidence = try await taxonomy.evidence(now: req.now).evidence
        return try json(
            try await taxonomy.tactics().map { tactic in
                TacticDTO(
                    id: tactic.id, version: tactic.version, name: tactic.name, summary: tactic.summary,
                    categories: tactic.categoryIDs, retired: tactic.isRetired,
                    evidence: evidence.filter { $0.tacticID == tactic.id }.map(TacticEvidenceDTO.init))
            })
    }

    struct TacticBody: Content {
        var name: String?
        var summary: String?
        var categories: [UUID]?
    }

    func createTactic(req: Request) async throws -> Response {
        try req.authorize(.manageTactics)
        let body = try req.decodeJSON(TacticBody.self)
        let input = try TacticsController.TacticForm(
            version: nil, name: body.name, summary: body.summary, categories: body.categories?.map(\.uuidString),
            retired: nil
        ).validated()
        let taxonomy = try req.tenant().taxonomy
        let id = try await taxonomy.saveTactic(
            id: nil, expectedVersion: 0, name: input.name, summary: input.summary, categoryIDs: input.categoryIDs,
            retired: false, at: req.now)
        let tactic = try await taxonomy.tactic(id)
        return try json(
            TacticDTO(
                id: id, version: tactic.version, name: tactic.name, summary: tactic.summary,
                categories: tactic.categoryIDs, retired: false, evidence: []),
            status: .created)
    }

    func comments(req: Request) async throws -> Response {
        let (_, store) = try await guestable(req)
        return try json(try await store.comments().map { CommentDTO($0, t: req.t) })
    }

    struct CommentBody: Content {
        var text: String?
    }

    func addComment(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let (_, store) = try await guestable(req, contribute: true)
        let body = try req.decodeJSON(CommentBody.self)
        let comment = try await store.addComment((body.text ?? "").trimmed, by: identity.user.id, at: req.now)
        return try json(CommentDTO(comment, t: req.t), status: .created)
    }

    /// The case's guests: for anybody who may work on the deal.
    func guests(req: Request) async throws -> Response {
        let (_, store) = try await work(req)
        return try json(
            try await store.guests().map {
                GuestDTO(userID: $0.userID, invitedBy: $0.invitedBy, invitedAt: $0.invitedAt)
            })
    }

    struct InviteBody: Content {
        var email: String?
    }

    func invite(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let (deal, store) = try await work(req)
        try req.authorize(.inviteGuest(ownerID: deal.ownerID, teamID: deal.teamID))
        let email = (try req.decodeJSON(InviteBody.self).email ?? "").trimmed
        guard !email.isEmpty else { throw AppError.invalid("email", .errorRequired) }
        let user = try await store.invite(email: email, by: identity.user.id, at: req.now)
        guard let guest = try await store.guests().first(where: { $0.userID == user.id }) else {
            throw AppError.notFound
        }
        return try json(
            GuestDTO(userID: guest.userID, invitedBy: guest.invitedBy, invitedAt: guest.invitedAt), status: .created)
    }

    func removeGuest(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let (deal, store) = try await work(req)
        try req.authorize(.inviteGuest(ownerID: deal.ownerID, teamID: deal.teamID))
        try await store.removeGuest(try req.id("userID"), by: identity.user.id, at: req.now)
        return Response(status: .noContent)
    }
}

struct CommentDTO: Content {
    var id: UUID
    var authorID: UUID
    var text: String
    var createdAt: Date
    var blockers: [BlockerFindingDTO]

    init(_ comment: CaseComment, t: Localizer) {
        id = comment.id
        authorID = comment.authorID
        text = comment.text
        createdAt = comment.createdAt
        blockers = BlockerFindingDTO.all(in: comment.text, t)
    }
}

struct GuestDTO: Content {
    var userID: UUID
    var invitedBy: UUID
    var invitedAt: Date
}
