import Foundation
import SparringDomain
import SparringStorage
import SparringViews
import Vapor

/// The leader held to account (design §1, principle 2): the quarterly self-assessment on
/// `/leadership`, and the sellers' anonymous pulse on `/pulse`.
struct LeadershipController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.leadership, use: leadership)
        routes.post(.leadershipAssessment, use: saveAssessment)
        routes.get(.pulse, use: pulseList)
        routes.post(.pulse, use: openRound)
        routes.get(.pulseRound(UUID()), use: round)
        routes.post(.pulseAnswer(UUID()), use: answer)
        routes.post(.pulseClose(UUID()), use: close)
    }

    // MARK: Self-assessment

    func leadership(req: Request) async throws -> Response {
        let identity = try req.authorize(.assessSelf)
        let quarter = req.currentQuarter
        let current = try await req.tenant().selfAssessments(of: identity.user.id).assessment(quarter)
        return try await leadershipPage(
            req, version: current?.version ?? 0, state: LeadershipPage.state(current))
    }

    func leadershipPage(
        _ req: Request, version: Int, state: FormState, savedMeanwhile: SelfAssessment? = nil,
        status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let identity = try req.signedIn()
        let model = LeadershipPage.Model(
            quarter: req.currentQuarter, version: version, state: state,
            history: try await req.tenant().selfAssessments(of: identity.user.id).history(),
            released: try await req.releasedRounds(of: identity.user.id), savedMeanwhile: savedMeanwhile)
        return htmlResponse(
            LeadershipPage.View(model: model, context: try await req.pageContext()).render(), status: status)
    }

    func saveAssessment(req: Request) async throws -> Response {
        let identity = try req.authorize(.assessSelf)
        let values = try req.content.decode([String: String].self)
        let version = Int(values["version"] ?? "") ?? 0
        // Only the quarter it is now is written; earlier quarters are history.
        guard values["quarter"] == req.currentQuarter.description else {
            throw AppError.badRequest(.leadershipQuarterOver, field: "quarter")
        }
        let store = try req.tenant().selfAssessments(of: identity.user.id)
        var state = FormState(values: values)
        do {
            _ = try await store.save(
                req.currentQuarter, scores: LeadershipInput.scores(SelfStatement.self, from: values),
                reflections: LeadershipInput.reflections(from: values), expectedVersion: version, at: req.now)
            return req.redirect(to: .leadership, notice: .leadershipSaved)
        } catch AppError.validation(let errors) {
            state.errors = errors
            return try await leadershipPage(req, version: version, state: state, status: .unprocessableEntity)
        } catch AppError.conflict {
            // What was typed stays in the form; the saved version is named so a second save is deliberate.
            let current = try await store.assessment(req.currentQuarter)
            state.errors = [FieldError("version", .errorConflict)]
            return try await leadershipPage(
                req, version: current?.version ?? 0, state: state, savedMeanwhile: current, status: .conflict)
        }
    }

    // MARK: Pulse

    func pulseList(req: Request) async throws -> Response {
        try await pulseListPage(req, state: FormState())
    }

    /// The teams the viewer may open a round for, each with its leaders.
    func runnableTeams(_ req: Request) async throws -> [(id: UUID, name: String, leaders: [(id: UUID, name: String)])] {
        let actor = try req.signedIn().actor
        let teams = try await req.tenant().teams.all().filter {
            Policy().allows(actor, .runPulse(teamID: $0.id)) && !$0.leaderIDs.isEmpty
        }
        let names = try await req.tenant().users.names(of: teams.flatMap(\.leaderIDs))
        return teams.map { team in
            (team.id, team.name, team.leaderIDs.map { ($0, names[$0] ?? "—") }.sorted { $0.1 < $1.1 })
        }
    }

    func pulseListPage(_ req: Request, state: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let model = PulseListPage.Model(
            items: try await req.pulseItems(try await req.pulseRounds()), teams: try await runnableTeams(req),
            state: state)
        return htmlResponse(
            PulseListPage.View(model: model, context: try await req.pageContext()).render(), status: status)
    }

    func openRound(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let choice = (try? req.content.get(String.self, at: "leader")) ?? ""
        let parts = choice.split(separator: ":").compactMap { UUID(uuidString: String($0)) }
        do {
            guard parts.count == 2 else { throw AppError.invalid("leader", .errorRequired) }
            try req.authorize(.runPulse(teamID: parts[0]))
            let round = try await req.tenant().pulse.open(
                teamID: parts[0], leaderID: parts[1], by: identity.user.id, at: req.now)
            return req.redirect(to: .pulseRound(round.id), notice: .pulseOpened)
        } catch AppError.validation(let errors) {
            return try await pulseListPage(
                req, state: FormState(values: ["leader": choice], errors: errors), status: .unprocessableEntity)
        } catch AppError.duplicate(let message, _) {
            return try await pulseListPage(
                req, state: FormState(values: ["leader": choice], errors: [FieldError("leader", message)]),
                status: .conflict)
        }
    }

    func round(req: Request) async throws -> Response {
        try await roundPage(req, state: FormState())
    }

    func roundPage(_ req: Request, state: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let identity = try req.signedIn()
        var item = try await req.visiblePulseRound(try req.id("roundID"))
        let pulse = try req.tenant().pulse
        item.eligibility = try await pulse.eligibility(item.round)
        var mine: [LeaderBehaviour: Double]?
        if item.round.leaderID == identity.user.id {
            mine = try await req.tenant().selfAssessments(of: identity.user.id).history().first?.behaviours
        }
        let model = PulseRoundPage.Model(
            item: item, results: item.canSeeResults ? try await pulse.results(item.round) : nil,
            answers: item.canSeeResults ? try await pulse.answerCount(item.round) : nil, selfBehaviours: mine,
            state: state)
        return htmlResponse(
            PulseRoundPage.View(model: model, context: try await req.pageContext()).render(), status: status)
    }

    func answer(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let item = try await req.visiblePulseRound(try req.id("roundID"))
        try req.authorize(.answerPulse(teamID: item.round.teamID, leaderID: item.round.leaderID))
        let values = try req.content.decode([String: String].self)
        let submission = PulseSubmission(
            scores: LeadershipInput.scores(PulseStatement.self, from: values), comment: values["comment"])
        do {
            try await req.tenant().pulse.answer(item.round.id, userID: identity.user.id, submission)
            return req.redirect(to: .pulseRound(item.round.id), notice: .pulseAnswered)
        } catch AppError.validation(let errors) {
            return try await roundPage(
                req, state: FormState(values: values, errors: errors), status: .unprocessableEntity)
        }
    }

    func close(req: Request) async throws -> Response {
        let item = try await req.visiblePulseRound(try req.id("roundID"))
        try req.authorize(.runPulse(teamID: item.round.teamID))
        try await req.tenant().pulse.close(item.round.id, at: req.now)
        return req.redirect(to: .pulseRound(item.round.id), notice: .pulseClosedNotice)
    }
}
