import Foundation
import SparringDomain
import SparringStorage
import SparringViews
import Vapor

/// What pages and the API both do to deals: check the policy, validate, and call the store. Keeping it
/// in one place is what makes the page and the API refuse the same things with the same words.
struct DealActions {
    let req: Request

    func create(_ valid: DealForm.Valid, stageID: UUID, by identity: Identity) async throws -> Deal {
        guard Policy().allows(identity.actor, .createDeal(teamID: valid.teamID, ownerID: valid.ownerID)) else {
            // The team or owner is not one this person may choose: a field error, not a leak.
            throw AppError.invalid(
                identity.actor.leads.contains(valid.teamID) || identity.user.role == .admin ? "ownerID" : "teamID",
                .errorChoice)
        }
        return try await req.db.writeTransaction { tx in
            let deals = Tenant(db: tx, organisationID: identity.organisation.id).deals
            let customer = try await deals.customer(named: valid.customer, industry: valid.industry)
            var deal = try await deals.create(
                NewDeal(
                    customerID: customer, ownerID: valid.ownerID, teamID: valid.teamID, stageID: stageID,
                    title: valid.title, amountMinor: valid.amountMinor, currency: valid.currency,
                    expectedClose: valid.expectedClose, nextStep: valid.nextStep, source: "sparring"),
                by: identity.user.id, origin: .manual, at: req.now)
            if valid.onHold {
                deal = try await deals.update(
                    deal.id, expectedVersion: deal.version, changes: changes(valid, keepCustomer: true),
                    by: identity.user.id, at: req.now)
            }
            return deal
        }
    }

    private func changes(_ valid: DealForm.Valid, keepCustomer: Bool = false) -> DealChanges {
        DealChanges(
            title: valid.title, customerName: keepCustomer ? nil : valid.customer, ownerID: valid.ownerID,
            teamID: valid.teamID, amountMinor: valid.amountMinor, currency: valid.currency,
            expectedClose: valid.expectedClose, nextStep: valid.nextStep, onHold: valid.onHold)
    }

    func update(_ id: UUID, _ valid: DealForm.Valid, expectedVersion: Int) async throws -> Deal {
        let identity = try req.signedIn()
        let deal = try await req.visibleDeal(id)
        // Handing a deal to another owner or team is allowed when the person could create it there.
        if valid.ownerID != deal.ownerID || valid.teamID != deal.teamID {
            guard Policy().allows(identity.actor, .createDeal(teamID: valid.teamID, ownerID: valid.ownerID)) else {
                throw AppError.invalid(valid.teamID != deal.teamID ? "teamID" : "ownerID", .errorChoice)
            }
        }
        return try await req.tenant().deals.update(
            id, expectedVersion: expectedVersion, changes: changes(valid), by: identity.user.id, at: req.now)
    }

    func move(_ id: UUID, to stageID: UUID, expectedVersion: Int) async throws -> Deal {
        let identity = try req.signedIn()
        _ = try await req.visibleDeal(id)
        do {
            return try await req.tenant().deals.moveStage(
                id, to: stageID, expectedVersion: expectedVersion, by: identity.user.id, origin: .manual, at: req.now)
        } catch AppError.notFound {
            // The deal is visible (checked above): what was not found is the stage.
            throw AppError.invalid("stageID", .errorChoice)
        }
    }

    func close(_ id: UUID, outcome: String, reason: String, expectedVersion: Int) async throws -> Deal {
        let identity = try req.signedIn()
        _ = try await req.visibleDeal(id)
        var errors: [FieldError] = []
        let won: Bool
        switch outcome {
        case "won": won = true
        case "lost": won = false
        default:
            won = false
            errors.append(FieldError("outcome", .errorChoice))
        }
        let text = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { errors.append(FieldError("reason", .errorReasonRequired)) }
        if text.count > 1000 { errors.append(FieldError("reason", .errorTooLong, ["max": "1000"])) }
        guard errors.isEmpty else { throw AppError.validation(errors) }
        return try await req.tenant().deals.close(
            id, won: won, reason: text, expectedVersion: expectedVersion, by: identity.user.id, at: req.now)
    }

    /// Snoozes until a day after today with a reason, or wakes the flag (`until` nil).
    func snooze(_ id: UUID, until: String?, reason: String?) async throws -> Deal {
        let identity = try req.signedIn()
        _ = try await req.visibleDeal(id)
        guard let until else { return try await req.tenant().deals.snooze(id, nil, by: identity.user.id, at: req.now) }
        var errors: [FieldError] = []
        let today = Day(req.now, in: req.organisationTimeZone)
        let day = parseDay(until.trimmingCharacters(in: .whitespaces), timeZone: req.organisationTimeZone)
        if day == nil {
            errors.append(FieldError("until", .errorDate))
        } else if day! <= today {
            errors.append(FieldError("until", .errorSnoozeDate))
        }
        let text = (reason ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { errors.append(FieldError("snoozeReason", .errorReasonRequired)) }
        if text.count > 1000 { errors.append(FieldError("snoozeReason", .errorTooLong, ["max": "1000"])) }
        guard errors.isEmpty, let day else { throw AppError.validation(errors) }
        return try await req.tenant().deals.snooze(
            id, Snooze(until: day, reason: text, byUserID: identity.user.id), by: identity.user.id, at: req.now)
    }
}

/// The deal list as CSV: Sparring's own column names, which `sparring import csv` reads back.
enum DealCSV {
    static let header = [
        "externalID", "title", "customer", "owner", "team", "pipeline", "stage", "status", "amount", "currency",
        "closeDate", "closeReason", "nextStep", "stuck",
    ].joined(separator: ",")

    static func line(
        _ row: DealRow, stages: StageDirectory, locale: AppLocale, teamNames: [UUID: String] = [:]
    ) -> String {
        let deal = row.deal
        let pipeline = stages.pipelines.first { $0.id == deal.pipelineID }
        var fields: [String] = [deal.externalID ?? deal.id.uuidString, deal.title, row.customerName, row.ownerName]
        fields.append(teamNames[deal.teamID] ?? "")
        fields.append(pipeline?.name(locale) ?? "")
        fields.append(stages.name(deal.stageID, locale))
        fields.append(deal.status.rawValue)
        fields.append(plainAmount(deal.amountMinor))
        fields.append(deal.currency)
        fields.append(deal.expectedClose?.description ?? "")
        fields.append(deal.closeReason ?? "")
        fields.append(deal.nextStep ?? "")
        fields.append(row.stuckReasons.isEmpty ? "false" : "true")
        return fields.map(escape).joined(separator: ",")
    }

    /// `1234.50`: no grouping, a point, so every spreadsheet and our own importer read it the same.
    static func plainAmount(_ minor: Int64) -> String {
        let sign = minor < 0 ? "-" : ""
        let magnitude = minor.magnitude
        let cents = magnitude % 100
        return sign + String(magnitude / 100) + "." + (cents < 10 ? "0" : "") + String(cents)
    }

    /// Characters a spreadsheet may split a cell at: the comma we write, and the semicolon and tab that
    /// Excel uses where the list separator is `;` (Norway, most of Europe) or when it guesses.
    static let listSeparators: Set<Character> = [",", ";", "\t"]

    /// Quotes every cell that holds a list separator, a quote or a line break, so no spreadsheet splits
    /// it; and prefixes `'` to every piece that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`
    /// first, CSV injection), the cell's start and every piece after a separator or line break alike, in
    /// case a program splits a cell despite its quotes. Numbers such as `-40000.00` stay numbers.
    static func escape(_ value: String) -> String {
        var text = ""
        var piece = ""
        func flush() {
            // A spreadsheet skips the spaces before a formula; so does this check.
            if let first = piece.first(where: { $0 != " " }), "=+-@".contains(first), Double(piece) == nil {
                text.append("'")
            }
            text.append(piece)
            piece = ""
        }
        for character in value {
            if listSeparators.contains(character) || character.isNewline {
                flush()
                text.append(character)
            } else {
                piece.append(character)
            }
        }
        flush()
        guard text.contains(where: { listSeparators.contains($0) || $0 == "\"" || $0.isNewline }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
