import Foundation
import SparringDomain
import SparringStorage
import Vapor

/// The checks of every sparring input, shared by the pages and the API so both refuse the same things
/// with the same words.
enum SparringInput {
    static func request(question: String?, context: String?) throws -> (question: String, context: String) {
        var errors: [FieldError] = []
        let question = required(question, field: "question", max: SparringFlow.maximumQuestionLength, into: &errors)
        let context =
            optionalText(context, field: "context", max: SparringFlow.maximumContextLength, into: &errors) ?? ""
        guard errors.isEmpty else { throw AppError.validation(errors) }
        return (question, context)
    }

    static func suggestion(title: String?, detail: String?) throws -> (title: String, detail: String) {
        var errors: [FieldError] = []
        let title = required(title, field: "title", max: PlanText.maximumTitleLength, into: &errors)
        let detail = required(detail, field: "detail", max: SparringFlow.maximumTextLength, into: &errors)
        guard errors.isEmpty else { throw AppError.validation(errors) }
        return (title, detail)
    }

    static func message(_ text: String?) throws -> String {
        var errors: [FieldError] = []
        let text = required(text, field: "text", max: SparringFlow.maximumTextLength, into: &errors)
        guard errors.isEmpty else { throw AppError.validation(errors) }
        return text
    }

    static func verdict(_ raw: String?, note: String?) throws -> (Verdict, String?) {
        var errors: [FieldError] = []
        let verdict = Verdict(rawValue: raw ?? "")
        if verdict == nil { errors.append(FieldError("verdict", .errorChoice)) }
        let note = optionalText(note, field: "verdictNote", max: SparringFlow.maximumTextLength, into: &errors)
        guard errors.isEmpty, let verdict else { throw AppError.validation(errors) }
        return (verdict, note)
    }

    /// The agreement: a plan of the deal (the chosen one or another, which then replaces it), the next step, its owner (someone who may work
    /// on the deal) and the follow-up day.
    static func agreement(
        planID: String?, plans: [Plan], nextStep: String?, ownerID: String?, followUpOn: String?,
        allowed: Set<UUID>, timeZone: TimeZone
    ) throws -> (plan: Plan, nextStep: String, ownerID: UUID, followUpOn: Day) {
        let plan = planID.flatMap(UUID.init(uuidString:)).flatMap { id in plans.first { $0.id == id } }
        var errors: [FieldError] = []
        if plan == nil { errors.append(FieldError("planID", .errorChoice)) }
        do {
            let choice = try CaseInput.choice(
                nextStep: nextStep, ownerID: ownerID, dueOn: followUpOn, allowed: allowed, timeZone: timeZone,
                dueField: "followUpOn")
            guard errors.isEmpty, let plan else { throw AppError.validation(errors) }
            return (plan, choice.nextStep, choice.ownerID, choice.dueOn)
        } catch AppError.validation(let more) {
            throw AppError.validation(errors + more.filter { !errors.contains($0) })
        }
    }

    private static func required(_ raw: String?, field: String, max: Int, into errors: inout [FieldError]) -> String {
        let text = optionalText(raw, field: field, max: max, into: &errors)
        if text == nil { errors.append(FieldError(field, .errorRequired)) }
        return text ?? ""
    }
}

extension Request {
    /// The session, if the signed-in person may work on its deal; otherwise "not found", exactly as
    /// for another organisation's id.
    func visibleSession(_ id: UUID) async throws -> (session: SparringSession, deal: Deal) {
        let session = try await sparring().session(id)
        return (session, try await visibleDeal(session.dealID))
    }

    func sparring() throws -> SparringStore { try tenant().sparring(timeZone: organisationTimeZone) }

    /// Throws `forbidden` unless the person may coach the session's team (suggest, open the discussion).
    func requireCoach(_ session: SparringSession) throws {
        try Policy().authorize(try signedIn().actor, .coachDeal(teamID: session.teamID))
    }

    /// The pre-filled text of a request: the deal's stuck reasons and its case so far, in the person's language.
    func sparringBrief(for deal: Deal) async throws -> String {
        let tenant = try tenant()
        let t = self.t, format = LocaleFormat(context.locale, timeZone: organisationTimeZone)
        let detail = try await tenant.deals.detail(deal.id, now: now, timeZone: organisationTimeZone)
        let stages = try await tenant.pipelines.all().flatMap(\.stages)
        let stageName = stages.first { $0.id == deal.stageID }?.name(context.locale) ?? ""
        let work = tenant.dealCase(deal.id)
        let categories = Dictionary(
            try await tenant.taxonomy.categories(includeRetired: true).map { ($0.id, $0.name(context.locale)) },
            uniquingKeysWith: { first, _ in first })
        let answers = try await work.answers()
        return SparringBrief.compose(
            stuckReasons: detail.stuckReasons.map { $0.message(stage: stageName, t, format: format) },
            obstacles: try await work.obstacles().filter { $0.resolvedAt == nil }.map {
                (category: categories[$0.categoryID] ?? "", detail: $0.detail)
            },
            answers: CaseQuestion.allCases.compactMap { question in
                answers[question].map { (question: t(question.label), text: $0.text) }
            },
            tried: try await work.evidence().map { (what: $0.tried, result: t($0.result.label)) }, t)
    }
}
