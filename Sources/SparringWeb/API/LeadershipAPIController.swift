import Foundation
import SparringDomain
import SparringStorage
import SparringViews
import Vapor

struct SelfAssessmentDTO: Content {
    var quarter: String
    var version: Int
    var scores: [String: Int]
    var reflections: [String: String]
    /// Mean per behaviour.
    var behaviours: [String: Double]
    var updatedAt: Date

    init(_ assessment: SelfAssessment) {
        quarter = assessment.quarter.description
        version = assessment.version
        scores = assessment.scores.byName
        reflections = assessment.reflections.byName
        behaviours = assessment.behaviours.byName
        updatedAt = assessment.updatedAt
    }
}

extension Dictionary where Key: RawRepresentable, Key.RawValue == String {
    /// Keyed by the enum's name, as JSON objects carry them.
    var byName: [String: Value] { Dictionary<String, Value>(uniqueKeysWithValues: map { ($0.key.rawValue, $0.value) }) }
}

struct SelfAssessmentListDTO: Content {
    /// The quarter that can be written now.
    var currentQuarter: String
    var items: [SelfAssessmentDTO]
}

struct PulseResultsDTO: Content {
    var statements: [String: Double]
    var behaviours: [String: Double]
    /// Without authors, in the round's random order.
    var comments: [String]
}

struct PulseRoundDTO: Content {
    var id: UUID
    var teamID: UUID
    var leaderID: UUID
    var openedAt: Date
    var closedAt: Date?
    var version: Int
    var canAnswer: Bool
    /// Whether the caller has answered; nobody learns it about anyone else.
    var answered: Bool
    var canRun: Bool
    var canSeeResults: Bool
    /// How many answered, once closed, for the leader rated and admins.
    var answers: Int?
    /// Present only when closed with at least five answers from people settled in the team.
    var results: PulseResultsDTO?
    /// Who may answer: the team's members when the round opened; of them, who joined in the month before.
    var mayAnswer: Int
    var joinedRecently: Int
}

/// `/api/v1/self-assessments…` and `/api/v1/pulse-rounds…`: the same rules as the pages. Pulse answers
/// are write-only: there is no way to read one back, not even one's own.
struct LeadershipAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.api(.selfAssessments), use: assessments)
        routes.on(.PUT, SiteRoute.api(.selfAssessment("")).pathComponents, use: saveAssessment)
        routes.get(.api(.pulseRounds), use: rounds)
        routes.post(.api(.pulseRounds), use: openRound)
        routes.get(.api(.pulseRound(UUID())), use: round)
        routes.post(.api(.pulseRoundClose(UUID())), use: close)
        routes.post(.api(.pulseRoundAnswers(UUID())), use: answer)
    }

    func assessments(req: Request) async throws -> Response {
        let identity = try req.authorize(.assessSelf)
        return try json(
            SelfAssessmentListDTO(
                currentQuarter: req.currentQuarter.description,
                items: try await req.tenant().selfAssessments(of: identity.user.id).history().map(
                    SelfAssessmentDTO.init)))
    }

    struct AssessmentBody: Content {
        var version: Int?
        var scores: [String: Int]?
        var reflections: [String: String]?
    }

    func saveAssessment(req: Request) async throws -> Response {
        let identity = try req.authorize(.assessSelf)
        guard let raw = req.parameters.get("quarter"), let quarter = AssessmentQuarter(raw) else {
            throw AppError.badRequest(.errorChoice, field: "quarter")
        }
        guard quarter == req.currentQuarter else { throw AppError.badRequest(.leadershipQuarterOver, field: "quarter") }
        let body = try req.decodeJSON(AssessmentBody.self)
        guard let version = body.version else { throw AppError.invalid("version", .errorRequired) }
        let store = try req.tenant().selfAssessments(of: identity.user.id)
        let scores = LeadershipInput.scores(SelfStatement.self, from: (body.scores ?? [:]).mapValues(String.init))
        do {
            let saved = try await store.save(
                quarter, scores: scores, reflections: LeadershipInput.reflections(from: body.reflections ?? [:]),
                expectedVersion: version, at: req.now)
            return try json(SelfAssessmentDTO(saved), status: version == 0 ? .created : .ok)
        } catch AppError.conflict {
            guard let current = try await store.assessment(quarter) else { throw AppError.conflict }
            return try conflictResponse(req, SelfAssessmentDTO(current))
        }
    }

    func dto(_ req: Request, _ item: PulseRoundItem) async throws -> PulseRoundDTO {
        let pulse = try req.tenant().pulse
        let results = item.canSeeResults ? try await pulse.results(item.round) : nil
        let eligibility = try await pulse.eligibility(item.round)
        return PulseRoundDTO(
            id: item.round.id, teamID: item.round.teamID, leaderID: item.round.leaderID, openedAt: item.round.openedAt,
            closedAt: item.round.closedAt, version: item.round.version, canAnswer: item.canAnswer,
            answered: item.hasAnswered, canRun: item.canRun, canSeeResults: item.canSeeResults,
            answers: item.canSeeResults ? try await pulse.answerCount(item.round) : nil,
            results: results.map { results in
                PulseResultsDTO(
                    statements: results.statements.byName, behaviours: results.behaviours.byName,
                    comments: results.comments)
            }, mayAnswer: eligibility.mayAnswer, joinedRecently: eligibility.joinedRecently)
    }

    func rounds(req: Request) async throws -> Response {
        var items: [PulseRoundDTO] = []
        for item in try await req.pulseItems(try await req.pulseRounds()) { items.append(try await dto(req, item)) }
        return try json(items)
    }

    struct OpenBody: Content {
        var teamID: UUID?
        var leaderID: UUID?
    }

    func openRound(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let body = try req.decodeJSON(OpenBody.self)
        guard let teamID = body.teamID else { throw AppError.invalid("teamID", .errorRequired) }
        guard let leaderID = body.leaderID else { throw AppError.invalid("leaderID", .errorRequired) }
        try req.authorize(.runPulse(teamID: teamID))
        let round = try await req.tenant().pulse.open(
            teamID: teamID, leaderID: leaderID, by: identity.user.id, at: req.now)
        return try json(try await dto(req, try await req.visiblePulseRound(round.id)), status: .created)
    }

    func round(req: Request) async throws -> Response {
        try json(try await dto(req, try await req.visiblePulseRound(try req.id("roundID"))))
    }

    func close(req: Request) async throws -> Response {
        let item = try await req.visiblePulseRound(try req.id("roundID"))
        try req.authorize(.runPulse(teamID: item.round.teamID))
        try await req.tenant().pulse.close(item.round.id, at: req.now)
        return try json(try await dto(req, try await req.visiblePulseRound(item.round.id)))
    }

    struct AnswerBody: Content {
        var scores: [String: Int]?
        var comment: String?
    }

    /// 204 and nothing else: the answer cannot be read back.
    func answer(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let item = try await req.visiblePulseRound(try req.id("roundID"))
        try req.authorize(.answerPulse(teamID: item.round.teamID, leaderID: item.round.leaderID))
        let body = try req.decodeJSON(AnswerBody.self)
        let submission = PulseSubmission(
            scores: LeadershipInput.scores(PulseStatement.self, from: (body.scores ?? [:]).mapValues(String.init)),
            comment: body.comment)
        try await req.tenant().pulse.answer(item.round.id, userID: identity.user.id, submission)
        return Response(status: .noContent)
    }
}
