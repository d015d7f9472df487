import FluentKit
import Foundation
import SparringDomain

final class PipelineModel: Model, @unchecked Sendable {
    static let schema = "pipelines"
    @ID(key: .id) var id: UUID?
    @Field(key: "organisation_id") var organisationID: UUID
    @Field(key: "name_nb") var nameNB: String
    @Field(key: "name_en") var nameEN: String
    @Field(key: "position") var position: Int
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}
}

final class StageModel: Model, @unchecked Sendable {
    static let schema = "stages"
    @ID(key: .id) var id: UUID?
    @Field(key: "organisation_id") var organisationID: UUID
    @Field(key: "pipeline_id") var pipelineID: UUID
    /// A stable name for code and imports (`proposal`); admins' stages may have none.
    @OptionalField(key: "key") var key: String?
    @Field(key: "name_nb") var nameNB: String
    @Field(key: "name_en") var nameEN: String
    @Field(key: "position") var position: Int
    @Field(key: "probability") var probability: Int
    @OptionalField(key: "expected_days") var expectedDays: Int?
    @Field(key: "kind") var kind: String
    @OptionalField(key: "retired_at") var retiredAt: Date?
    @Field(key: "version") var version: Int
    init() {}

    var domain: Stage {
        Stage(
            id: id!, pipelineID: pipelineID, key: key, nameNB: nameNB, nameEN: nameEN, position: position,
            probability: probability, expectedDays: expectedDays, kind: StageKind(rawValue: kind) ?? .open,
            isRetired: retiredAt != nil, version: version)
    }
}

final class CustomerModel: Model, @unchecked Sendable {
    static let schema = "customers"
    @ID(key: .id) var id: UUID?
    @Field(key: "organisation_id") var organisationID: UUID
    @Field(key: "name") var name: String
    @Field(key: "name_key") var nameKey: String
    @OptionalField(key: "industry") var industry: String?
    @OptionalField(key: "size_band") var sizeBand: String?
    @OptionalField(key: "segment") var segment: String?
    @OptionalField(key: "external_source") var externalSource: String?
    @OptionalField(key: "external_id") var externalID: String?
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    init() {}
}

final class DealModel: Model, @unchecked Sendable {
    static let schema = "deals"
    @ID(key: .id) var id: UUID?
    @Field(key: "organisation_id") var organisationID: UUID
    @Field(key: "customer_id") var customerID: UUID
    @Field(key: "owner_id") var ownerID: UUID
    @Field(key: "team_id") var teamID: UUID
    @Field(key: "pipeline_id") var pipelineID: UUID
    @Field(key: "stage_id") var stageID: UUID
    @Field(key: "title") var title: String
    @Field(key: "amount_minor") var amountMinor: Int64
    @Field(key: "currency") var currency: String
    /// `YYYY-MM-DD` (see `Day`).
    @OptionalField(key: "expected_close_on") var expectedCloseOn: String?
    @Field(key: "status") var status: String
    @OptionalField(key: "close_reason") var closeReason: String?
    @OptionalField(key: "next_step") var nextStep: String?
    @OptionalField(key: "source") var source: String?
    @OptionalField(key: "external_source") var externalSource: String?
    @OptionalField(key: "external_id") var externalID: String?
    @Field(key: "stage_entered_at") var stageEnteredAt: Date
    @Field(key: "close_date_pushes") var closeDatePushes: Int
    @OptionalField(key: "closed_at") var closedAt: Date?
    /// `YYYY-MM-DD`: the stuck flag is snoozed until (and including) this day.
    @OptionalField(key: "snoozed_until") var snoozedUntil: String?
    @OptionalField(key: "snooze_reason") var snoozeReason: String?
    @OptionalField(key: "snoozed_by") var snoozedBy: UUID?
    @OptionalField(key: "updated_by") var updatedBy: UUID?
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    init() {}

    var domain: Deal {
        Self.deal(
            id: id!, customerID: customerID, ownerID: ownerID, teamID: teamID, pipelineID: pipelineID,
            stageID: stageID, title: title, amountMinor: amountMinor, currency: currency,
            expectedCloseOn: expectedCloseOn, status: status, closeReason: closeReason, nextStep: nextStep,
            source: source, externalSource: externalSource, externalID: externalID, stageEnteredAt: stageEnteredAt,
            closeDatePushes: closeDatePushes, snoozedUntil: snoozedUntil, snoozeReason: snoozeReason,
            snoozedBy: snoozedBy, version: version, updatedAt: updatedAt, createdAt: createdAt, updatedBy: updatedBy)
    }

    /// A deal from its columns as stored: the one place they are read into a `Deal`, for a model
    /// (`domain`) and for a plain row (`deal(from:)`).
    static func deal(
        id: UUID, customerID: UUID, ownerID: UUID, teamID: UUID, pipelineID: UUID, stageID: UUID, title: String,
        amountMinor: Int64, currency: String, expectedCloseOn: String?, status: String, closeReason: String?,
        nextStep: String?, source: String?, externalSource: String?, externalID: String?, stageEnteredAt: Date,
        closeDatePushes: Int, snoozedUntil: String?, snoozeReason: String?, snoozedBy: UUID?, version: Int,
        updatedAt: Date?, createdAt: Date?, updatedBy: UUID?
    ) -> Deal {
        Deal(
            id: id, customerID: customerID, ownerID: ownerID, teamID: teamID, pipelineID: pipelineID,
            stageID: stageID, title: title, amountMinor: amountMinor, currency: currency,
            expectedClose: expectedCloseOn.flatMap(Day.init), status: DealStatus(rawValue: status) ?? .open,
            closeReason: closeReason, nextStep: nextStep, source: source, externalSource: externalSource,
            externalID: externalID, stageEnteredAt: stageEnteredAt, closeDatePushes: closeDatePushes,
            snooze: snoozedUntil.flatMap(Day.init).map {
                Snooze(until: $0, reason: snoozeReason ?? "", byUserID: snoozedBy)
            },
            version: version, updatedAt: updatedAt ?? createdAt, updatedBy: updatedBy)
    }
}

final class StageChangeModel: Model, @unchecked Sendable {
    static let schema = "stage_changes"
    @ID(key: .id) var id: UUID?
    @Field(key: "organisation_id") var organisationID: UUID
    @Field(key: "deal_id") var dealID: UUID
    @OptionalField(key: "from_stage_id") var fromStageID: UUID?
    @Field(key: "to_stage_id") var toStageID: UUID
    @Field(key: "changed_at") var changedAt: Date
    @OptionalField(key: "changed_by") var changedBy: UUID?
    @Field(key: "origin") var origin: String
    init() {}

    var domain: StageChange {
        StageChange(
            fromStageID: fromStageID, toStageID: toStageID, changedAt: changedAt, changedBy: changedBy,
            origin: StageChange.Origin(rawValue: origin) ?? .manual)
    }
}

final class ExchangeRateModel: Model, @unchecked Sendable {
    static let schema = "exchange_rates"
    @ID(key: .id) var id: UUID?
    @Field(key: "organisation_id") var organisationID: UUID
    @Field(key: "currency") var currency: String
    /// Units of the base currency per unit, as exact decimal text (`11.5234`): no binary fractions.
    @Field(key: "rate") var rate: String
    /// The day the admin set the rate, shown next to every converted total.
    @Field(key: "set_on") var setOn: String
    @OptionalField(key: "set_by") var setBy: UUID?
    @Field(key: "version") var version: Int
    init() {}
}
