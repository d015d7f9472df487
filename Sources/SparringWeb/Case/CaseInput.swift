import Foundation
import SparringDomain
import Vapor

/// The checks every case input gets, from a page form or the API alike, so both refuse the same
/// things with the same words. Field names are passed in: a page with one form per question or per
/// obstacle names its fields apart (`answer-customer`), the API uses plain names (`text`).
enum CaseInput {
    /// The longest free text of a case field: a few paragraphs.
    static let textLimit = 4000
    static let lineLimit = 500

    static func obstacle(categoryID raw: String?, detail: String?) throws -> (categoryID: UUID, detail: String) {
        var errors: [FieldError] = []
        let categoryID = raw.flatMap(UUID.init(uuidString:))
        if categoryID == nil { errors.append(FieldError("categoryID", .errorRequired)) }
        let detail = optionalText(detail, field: "detail", max: lineLimit, into: &errors)
        guard errors.isEmpty, let categoryID else { throw AppError.validation(errors) }
        return (categoryID, detail ?? "")
    }

    /// How an obstacle was resolved; nil when reopening.
    static func resolution(_ raw: String?, reopen: Bool, field: String) throws -> String? {
        var errors: [FieldError] = []
        let how = optionalText(raw, field: field, max: textLimit, into: &errors)
        if !reopen && how == nil { errors.append(FieldError(field, .errorRequired)) }
        guard errors.isEmpty else { throw AppError.validation(errors) }
        return reopen ? nil : how
    }

    static func answer(_ raw: String?, field: String) throws -> String {
        var errors: [FieldError] = []
        let text = optionalText(raw, field: field, max: textLimit, into: &errors)
        if text == nil && errors.isEmpty { errors.append(FieldError(field, .errorRequired)) }
        guard errors.isEmpty, let text else { throw AppError.validation(errors) }
        return text
    }

    static func influence(
        id: UUID, version: Int, name: String?, title: String?, role: String?, stance: String?, note: String?
    ) throws -> BuyingInfluence {
        var errors: [FieldError] = []
        let name = Validate.name(name ?? "", field: "name", into: &errors)
        let title = optionalText(title, field: "title", max: 200, into: &errors)
        let note = optionalText(note, field: "note", max: lineLimit, into: &errors)
        let role = InfluenceRole(rawValue: role ?? "")
        if role == nil { errors.append(FieldError("role", .errorChoice)) }
        let stance = InfluenceStance(rawValue: stance ?? "")
        if stance == nil { errors.append(FieldError("stance", .errorChoice)) }
        guard errors.isEmpty, let role, let stance else { throw AppError.validation(errors) }
        return BuyingInfluence(
            id: id, name: name, title: title, role: role, stance: stance, note: note, version: version)
    }

    static func evidence(
        tried: String?, result: String?, note: String?, triedOn: String?, noteField: String, timeZone: TimeZone
    ) throws -> EvidenceEntry {
        var errors: [FieldError] = []
        let tried = optionalText(tried, field: "tried", max: lineLimit, into: &errors)
        if tried == nil { errors.append(FieldError("tried", .errorRequired)) }
        let note = optionalText(note, field: noteField, max: textLimit, into: &errors)
        let result = EvidenceResult(rawValue: result ?? "")
        if result == nil { errors.append(FieldError("result", .errorChoice)) }
        let day = parseDay(triedOn ?? "", timeZone: timeZone)
        if day == nil { errors.append(FieldError("triedOn", .errorDate)) }
        guard errors.isEmpty, let tried, let result, let day else { throw AppError.validation(errors) }
        return EvidenceEntry(
            id: UUID(), tried: tried, result: result, note: note, triedOn: day, recordedBy: "", version: 1)
    }

    /// A plan's choice: the next step, an owner among `allowed` (who works on the deal), a due day.
    static func choice(
        nextStep: String?, ownerID: String?, dueOn: String?, allowed: Set<UUID>, timeZone: TimeZone,
        dueField: String = "dueOn"
    ) throws -> (nextStep: String, ownerID: UUID, dueOn: Day) {
        var errors: [FieldError] = []
        let next = optionalText(nextStep, field: "nextStep", max: lineLimit, into: &errors)
        if next == nil { errors.append(FieldError("nextStep", .errorRequired)) }
        let owner = ownerID.flatMap(UUID.init(uuidString:)).flatMap { allowed.contains($0) ? $0 : nil }
        if owner == nil { errors.append(FieldError("ownerID", .errorRequired)) }
        let due = parseDay(dueOn ?? "", timeZone: timeZone)
        if due == nil { errors.append(FieldError(dueField, .errorDate)) }
        guard errors.isEmpty, let next, let owner, let due else { throw AppError.validation(errors) }
        return (next, owner, due)
    }

    static func outcome(_ raw: String?, note: String?, noteField: String) throws -> (PlanOutcome, String?) {
        var errors: [FieldError] = []
        let result = PlanOutcome(rawValue: raw ?? "")
        if result == nil { errors.append(FieldError("outcome", .errorChoice)) }
        let note = optionalText(note, field: noteField, max: textLimit, into: &errors)
        guard errors.isEmpty, let result else { throw AppError.validation(errors) }
        return (result, note)
    }

    /// A plan's text, checked by the domain.
    static func plan(_ text: PlanText) throws -> PlanText {
        let problems = text.problems()
        guard problems.isEmpty else { throw AppError.validation(problems) }
        return text
    }
}

/// A plan's text as a form or a JSON body sends it: every field optional.
protocol PlanFields {
    var title: String? { get }
    var approach: String? { get }
    var steps: String? { get }
    var consequences: String? { get }
    var risks: String? { get }
    var positioning: String? { get }
    var resources: String? { get }
    var expectedEffect: String? { get }
}

extension PlanFields {
    /// The fields trimmed, over `plan`: a field left out keeps the plan's value (or is empty).
    func text(over plan: Plan?) -> PlanText {
        func clean(_ value: String?, _ current: String?) -> String {
            (value ?? current ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        }
        return PlanText(
            title: clean(title, plan?.text.title), approach: clean(approach, plan?.text.approach),
            steps: clean(steps, plan?.text.steps), consequences: clean(consequences, plan?.text.consequences),
            risks: clean(risks, plan?.text.risks), positioning: clean(positioning, plan?.text.positioning),
            resources: clean(resources, plan?.text.resources),
            expectedEffect: clean(expectedEffect, plan?.text.expectedEffect))
    }
}
