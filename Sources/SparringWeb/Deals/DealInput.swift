import Foundation
import SparringDomain
import SparringStorage
import SparringViews
import Vapor

/// The deal list's query parameters, shared by the page, the CSV export and `GET /api/v1/deals`.
struct DealListQuery: Content {
    var q: String?
    var team: String?
    var owner: String?
    var stage: String?
    var status: String?
    var stuck: String?
    var minAmount: String?
    var maxAmount: String?
    var sort: String?
    var cursor: String?
    var limit: Int?

    /// As typed, for the filter form.
    var state: FormState {
        FormState(values: [
            "q": q ?? "", "team": team ?? "", "owner": owner ?? "", "stage": stage ?? "", "status": status ?? "",
            "stuck": stuck ?? "", "minAmount": minAmount ?? "", "maxAmount": maxAmount ?? "", "sort": sort ?? "",
        ])
    }

    /// The filter, or the field errors of every bad parameter.
    func filter() -> (DealFilter, [FieldError]) {
        var errors: [FieldError] = []
        func id(_ raw: String?, _ field: String) -> UUID? {
            guard let raw, !raw.isEmpty else { return nil }
            guard let id = UUID(uuidString: raw) else {
                errors.append(FieldError(field, .errorChoice))
                return nil
            }
            return id
        }
        func amount(_ raw: String?, _ field: String) -> Int64? {
            guard let raw, !raw.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
            do {
                return try ImportValues.amount(raw).minorUnits
            } catch {
                errors.append(FieldError(field, error == .amountTooLarge ? .errorAmountTooLarge : .errorAmount))
                return nil
            }
        }
        var filter = DealFilter()
        filter.teamID = id(team, "team")
        filter.ownerID = id(owner, "owner")
        filter.stageID = id(stage, "stage")
        switch status ?? "" {
        case "": filter.status = .open
        case "all": filter.status = nil
        case let raw:
            if let status = DealStatus(rawValue: raw) {
                filter.status = status
            } else {
                errors.append(FieldError("status", .errorChoice))
            }
        }
        switch (stuck ?? "").lowercased() {
        case "", "false": filter.stuckOnly = false
        case "true", "on", "1": filter.stuckOnly = true
        default: errors.append(FieldError("stuck", .errorChoice))
        }
        filter.minAmountMinor = amount(minAmount, "minAmount")
        filter.maxAmountMinor = amount(maxAmount, "maxAmount")
        let text = (q ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        filter.text = text.isEmpty ? nil : String(text.prefix(200))
        if let sort, !sort.isEmpty {
            if let value = DealSort(rawValue: sort) {
                filter.sort = value
            } else {
                errors.append(FieldError("sort", .errorChoice))
            }
        }
        return (filter, errors)
    }

    /// The same filters as a query string, for "next page" and export links.
    func queryString(cursor: String? = nil) -> String {
        var items: [(String, String?)] = [
            ("q", q), ("team", team), ("owner", owner), ("stage", stage), ("status", status), ("stuck", stuck),
            ("minAmount", minAmount), ("maxAmount", maxAmount), ("sort", sort), ("cursor", cursor),
        ]
        items = items.filter { !($0.1 ?? "").isEmpty }
        let allowed = CharacterSet.urlQueryAllowed.subtracting(CharacterSet(charactersIn: "&=+#"))
        return items.map { $0.0 + "=" + ($0.1!.addingPercentEncoding(withAllowedCharacters: allowed) ?? "") }
            .joined(separator: "&")
    }
}

/// The fields of the deal form (and the API's create and patch bodies).
struct DealForm: Content {
    var title: String?
    var customer: String?
    var industry: String?
    var ownerID: String?
    var teamID: String?
    var stageID: String?
    var amount: String?
    var currency: String?
    var expectedClose: String?
    var nextStep: String?
    var onHold: String?
    var version: Int?

    var state: FormState {
        FormState(values: [
            "title": title ?? "", "customer": customer ?? "", "industry": industry ?? "", "ownerID": ownerID ?? "",
            "teamID": teamID ?? "", "stageID": stageID ?? "", "amount": amount ?? "", "currency": currency ?? "",
            "expectedClose": expectedClose ?? "", "nextStep": nextStep ?? "", "onHold": onHold ?? "",
        ])
    }

    struct Valid {
        var title: String
        var customer: String
        var industry: String?
        var ownerID: UUID
        var teamID: UUID
        var stageID: UUID?
        var amountMinor: Int64
        var currency: String
        var expectedClose: Day?
        var nextStep: String?
        var onHold: Bool
    }

    /// Checks every field and names each bad one; `creating` also needs a stage.
    func validated(creating: Bool, timeZone: TimeZone) -> (Valid?, [FieldError]) {
        var errors: [FieldError] = []
        let title = Validate.name(self.title ?? "", field: "title", into: &errors)
        let customer = Validate.name(self.customer ?? "", field: "customer", into: &errors)
        let industry = optionalText(self.industry, field: "industry", max: 100, into: &errors)
        let ownerID = UUID(uuidString: ownerID ?? "")
        if ownerID == nil { errors.append(FieldError("ownerID", .errorChoice)) }
        let teamID = UUID(uuidString: teamID ?? "")
        if teamID == nil { errors.append(FieldError("teamID", .errorChoice)) }
        let stageID = UUID(uuidString: stageID ?? "")
        if creating && stageID == nil { errors.append(FieldError("stageID", .errorChoice)) }
        var amountMinor: Int64 = 0
        var amountCurrency: String?
        if let raw = amount, !raw.trimmingCharacters(in: .whitespaces).isEmpty {
            do {
                let parsed = try ImportValues.amount(raw)
                if parsed.minorUnits >= 0 {
                    amountMinor = parsed.minorUnits
                    amountCurrency = parsed.currency
                } else {
                    errors.append(FieldError("amount", .errorAmount))
                }
            } catch {
                errors.append(FieldError("amount", error == .amountTooLarge ? .errorAmountTooLarge : .errorAmount))
            }
        }
        let currencyText = (currency ?? "").trimmingCharacters(in: .whitespaces)
        let currency = Validate.currency(
            currencyText.isEmpty ? (amountCurrency ?? "") : currencyText, field: "currency", into: &errors)
        var expectedClose: Day?
        if let raw = self.expectedClose?.trimmingCharacters(in: .whitespaces), !raw.isEmpty {
            expectedClose = parseDay(raw, timeZone: timeZone)
            if expectedClose == nil { errors.append(FieldError("expectedClose", .errorDate)) }
        }
        let nextStep = optionalText(self.nextStep, field: "nextStep", max: 1000, into: &errors)
        guard errors.isEmpty, let ownerID, let teamID else { return (nil, errors) }
        return (
            Valid(
                title: title, customer: customer, industry: industry, ownerID: ownerID, teamID: teamID,
                stageID: stageID,
                amountMinor: amountMinor, currency: currency, expectedClose: expectedClose, nextStep: nextStep,
                onHold: ["true", "on", "1"].contains(onHold ?? "")),
            errors
        )
    }
}

/// A day typed as the date input sends it (`2026-12-31`) or as people write it (`31.12.2026`).
func parseDay(_ raw: String, timeZone: TimeZone) -> Day? {
    if let day = Day(raw) { return day }
    guard let date = try? ImportValues.date(raw, timeZone: timeZone) else { return nil }
    return Day(date, in: timeZone)
}

/// Free text that may be empty; too long is an error naming the field.
func optionalText(_ raw: String?, field: String, max: Int, into errors: inout [FieldError]) -> String? {
    let text = (raw ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
    if text.count > max { errors.append(FieldError(field, .errorTooLong, ["max": String(max)])) }
    return text.isEmpty ? nil : text
}

extension Request {
    /// The deal, if the signed-in person may work on it; otherwise "not found", exactly as for an id
    /// of another organisation, so ids reveal nothing.
    func visibleDeal(_ id: UUID) async throws -> Deal {
        let identity = try signedIn()
        let deal = try await tenant().deals.find(id)
        guard Policy().allows(identity.actor, .workOnDeal(ownerID: deal.ownerID, teamID: deal.teamID)) else {
            throw AppError.notFound
        }
        return deal
    }

    /// The deal, if the signed-in person may read its case (`contribute`: comment on it and propose
    /// plans) — who may work on the deal, and the case's guests; otherwise "not found".
    func caseDeal(_ id: UUID, contribute: Bool = false) async throws -> Deal {
        let identity = try signedIn()
        let deal = try await tenant().deals.find(id)
        let action: Action =
            contribute
            ? .contributeToCase(dealID: deal.id, ownerID: deal.ownerID, teamID: deal.teamID)
            : .viewCase(dealID: deal.id, ownerID: deal.ownerID, teamID: deal.teamID)
        guard Policy().allows(identity.actor, action) else { throw AppError.notFound }
        return deal
    }

    var organisationTimeZone: TimeZone {
        identity.flatMap { TimeZone(identifier: $0.organisation.timeZone) } ?? .gmt
    }

    func exchangeRates() async throws -> ExchangeRates {
        try await tenant().exchangeRates.rates(base: try signedIn().organisation.baseCurrency)
    }

    /// Teams the person can put deals in, and people who can own them there.
    func dealChoices() async throws -> (teams: [(id: UUID, name: String)], owners: [(id: UUID, name: String)]) {
        let identity = try signedIn()
        let actor = identity.actor
        let tenant = try tenant()
        let allTeams = try await tenant.teams.names()
        let teams = allTeams.filter {
            Policy().allows(actor, .createDeal(teamID: $0.id, ownerID: actor.userID)) || actor.leads.contains($0.id)
        }
        .map { (id: $0.id, name: $0.name) }
        let owners = try await people(inTeams: actor.role == .seller ? [] : teams.map(\.id), plus: [actor.userID])
        return (teams, owners)
    }

    /// The leaders and members of these teams (and `extra` people), by name: the people a deal form or
    /// filter offers. One query for one team; one for all memberships when there are several.
    func people(inTeams teamIDs: [UUID], plus extra: [UUID] = []) async throws -> [(id: UUID, name: String)] {
        let tenant = try tenant()
        var ids = extra
        if teamIDs.count == 1 {
            let team = try await tenant.teams.find(teamIDs[0])
            ids += team.memberIDs + team.leaderIDs
        } else if !teamIDs.isEmpty {
            let wanted = Set(teamIDs)
            for team in try await tenant.teams.all() where wanted.contains(team.id) {
                ids += team.memberIDs + team.leaderIDs
            }
        }
        return try await tenant.users.names(of: ids).map { (id: $0.key, name: $0.value) }
            .sorted { ($0.name, $0.id.uuidString) < ($1.name, $1.id.uuidString) }
    }
}
