import FluentKit
import Foundation
import SparringDomain

/// The organisation's exchange rates into its base currency.
public struct ExchangeRateStore: Sendable {
    let db: any Database
    let organisationID: UUID

    public func entries() async throws -> [ExchangeRateEntry] {
        try await ExchangeRateModel.query(on: db).filter(\.$organisationID == organisationID).sort(\.$currency).all()
            .compactMap { model in
                guard let rate = Decimal(string: model.rate, locale: Locale(identifier: "en_US_POSIX")),
                    let day = Day(model.setOn)
                else { return nil }
                return ExchangeRateEntry(currency: model.currency, rate: rate, setOn: day, version: model.version)
            }
    }

    public func rates(base: String) async throws -> ExchangeRates {
        ExchangeRates(base: base, entries: try await entries())
    }

    /// Sets (or replaces) the rate of a currency as of `day`.
    public func set(_ currency: String, rate: Decimal, on day: Day, by userID: UUID?) async throws {
        let existing = try await ExchangeRateModel.query(on: db).filter(\.$organisationID == organisationID)
            .filter(\.$currency == currency).first()
        let model = existing ?? ExchangeRateModel()
        model.organisationID = organisationID
        model.currency = currency
        model.rate = NSDecimalNumber(decimal: rate).description(withLocale: Locale(identifier: "en_US_POSIX"))
        model.setOn = day.description
        model.setBy = userID
        model.version = (existing?.version ?? 0) + 1
        try await model.save(on: db)
    }

    public func remove(_ currency: String) async throws {
        try await ExchangeRateModel.query(on: db).filter(\.$organisationID == organisationID)
            .filter(\.$currency == currency).delete()
    }
}

extension Tenant {
    public var exchangeRates: ExchangeRateStore { ExchangeRateStore(db: db, organisationID: organisationID) }
}
