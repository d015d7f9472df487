import FluentKit
import Foundation
import SQLKit
import SparringDomain

/// A deal's editable fields, already validated. `nil` customer name keeps the customer.
public struct DealChanges: Sendable {
    public var title: String
    public var customerName: String?
    public var ownerID: UUID
    public var teamID: UUID
    public var amountMinor: Int64
    public var currency: String
    public var expectedClose: Day?
    public var nextStep: String?
    /// Put on hold, or back to open (won and lost are reached by closing).
    public var onHold: Bool

    public init(
        title: String, customerName: String?, ownerID: UUID, teamID: UUID, amountMinor: Int64, currency: String,
        expectedClose: Day?, nextStep: String?, onHold: Bool
    ) {
        self.title = title
        self.customerName = customerName
        self.ownerID = ownerID
        self.teamID = teamID
        self.amountMinor = amountMinor
        self.currency = currency
        self.expectedClose = expectedClose
        self.nextStep = nextStep
        self.onHold = onHold
    }
}

extension DealStore {
    /// The customer named `name` (case-insensitively), created when there is none.
    public func customer(named name: String, industry: String? = nil) async throws -> UUID {
        if let existing = try await CustomerModel.query(on: db).filter(\.$organisationID == organisationID)
            .filter(\.$nameKey == name.lowercased()).first()
        {
            return existing.id!
        }
        return try await createCustomer(name: name, industry: industry)
    }

    public func customer(_ id: UUID) async throws -> Customer {
        guard
            let model = try await CustomerModel.query(on: db).filter(\.$organisationID == organisationID)
                .filter(\.$id == id).first()
        else { throw AppError.notFound }
        return Customer(
            id: model.id!, name: model.name, industry: model.industry, sizeBand: model.sizeBand,
            segment: model.segment, version: model.version)
    }

    /// Saves a customer edited at `expectedVersion`; a stale version is a conflict and changes nothing.
    public func updateCustomer(
        _ id: UUID, expectedVersion: Int, name: String, industry: String?, sizeBand: String?, segment: String?,
        at time: Date
    ) async throws {
        _ = try await customer(id)
        let updated = try await (db as! any SQLDatabase).updateVersioned(
            CustomerModel.schema, id: id, organisationID: organisationID, expectedVersion: expectedVersion, at: time
        ) {
            $0.set("name", to: name).set("name_key", to: name.lowercased()).set("industry", to: industry)
                .set("size_band", to: sizeBand).set("segment", to: segment)
        }
        guard updated else { throw AppError.conflict }
    }

    /// Saves an edit made at `expectedVersion`; a stale version is a conflict and changes nothing.
    /// A close date moved later counts as one more postponement (a stuck rule).
    public func update(
        _ id: UUID, expectedVersion: Int, changes: DealChanges, by userID: UUID?, at time: Date
    ) async throws -> Deal {
        try await db.writeTransaction { tx in
            let store = DealStore(db: tx, organisationID: organisationID)
            let deal = try await store.find(id)
            guard deal.version == expectedVersion else { throw AppError.conflict }
            try await store.checkOwnerAndTeam(ownerID: changes.ownerID, teamID: changes.teamID)
            var customerID = deal.customerID
            if let name = changes.customerName { customerID = try await store.customer(named: name) }
            var pushes = deal.closeDatePushes
            if let old = deal.expectedClose, let new = changes.expectedClose, new > old { pushes += 1 }
            var status = deal.status
            if deal.status == .open || deal.status == .onHold { status = changes.onHold ? .onHold : .open }
            let updated = try await (tx as! any SQLDatabase).updateVersioned(
                DealModel.schema, id: id, organisationID: organisationID, expectedVersion: expectedVersion, at: time
            ) {
                $0.set("title", to: changes.title).set("customer_id", to: customerID)
                    .set("owner_id", to: changes.ownerID).set("team_id", to: changes.teamID)
                    .set("amount_minor", to: changes.amountMinor).set("currency", to: changes.currency)
                    .set("expected_close_on", to: changes.expectedClose?.description)
                    .set("next_step", to: changes.nextStep).set("status", to: status.rawValue)
                    .set("close_date_pushes", to: pushes).set("updated_by", to: userID)
            }
            guard updated else { throw AppError.conflict }
            return try await store.find(id)
        }
    }

    /// Closes a deal as won or lost: moves it to its pipeline's won (or lost) stage with the reason.
    public func close(
        _ id: UUID, won: Bool, reason: String, expectedVersion: Int, by userID: UUID?, at time: Date
    ) async throws -> Deal {
        let deal = try await find(id)
        let pipeline = try await pipelineStore.find(deal.pipelineID)
        guard
            let stage = pipeline.stages.first(where: { $0.kind == (won ? .won : .lost) && !$0.isRetired })
        else { throw AppError.invalid("outcome", .stageNeedsWonAndLost) }
        return try await moveStage(
            id, to: stage.id, expectedVersion: expectedVersion, by: userID, origin: .manual, at: time,
            closeReason: reason)
    }

    /// Puts a deal's stuck flag to sleep until `until` (inclusive), with the reason; `nil` wakes it.
    /// The version moves on, so an edit form opened before cannot quietly undo it.
    public func snooze(_ id: UUID, _ snooze: Snooze?, by userID: UUID?, at time: Date) async throws -> Deal {
        _ = try await find(id)
        try await (db as! any SQLDatabase).update(DealModel.schema)
            .set("snoozed_until", to: snooze?.until.description)
            .set("snooze_reason", to: snooze?.reason)
            .set("snoozed_by", to: snooze?.byUserID)
            .set(SQLIdentifier("version"), to: SQLRaw("version + 1"))
            .set("updated_at", to: time).set("updated_by", to: userID)
            .where("id", .equal, id).where("organisation_id", .equal, organisationID)
            .run()
        return try await find(id)
    }

    func checkOwnerAndTeam(ownerID: UUID, teamID: UUID) async throws {
        guard
            try await UserModel.query(on: db).filter(\.$organisationID == organisationID)
                .filter(\.$id == ownerID).filter(\.$isActive == true).count() == 1
        else { throw AppError.invalid("ownerID", .errorChoice) }
        guard
            try await TeamModel.query(on: db).filter(\.$organisationID == organisationID)
                .filter(\.$id == teamID).count() == 1
        else { throw AppError.invalid("teamID", .errorChoice) }
    }
}
