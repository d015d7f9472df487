import FluentKit
import Foundation
import SparringDomain

extension QueryBuilder where Model == DealModel {
    /// The deals the query finds, decoded straight from the rows into domain values. Fluent's model
    /// hydration reflects over every property of every row (`Fields.properties` walks a `Mirror`): on the
    /// board, 80 deals and their customers spent a quarter of the request there. Filters, sorts and
    /// limits are still built with Fluent; only the reading differs.
    func deals() async throws -> [Deal] {
        let collected = Collected()
        try await run { output in
            collected.append(Result { try DealModel.deal(from: output.qualifiedSchema(space: nil, DealModel.schema)) })
        }
        .get()
        return try collected.values.map { try $0.get() }
    }

    /// The first deal the query finds (see `deals()`).
    func firstDeal() async throws -> Deal? { try await limit(1).deals().first }
}

extension DealModel {
    /// A deal from a row of the `deals` table.
    static func deal(from row: any DatabaseOutput) throws -> Deal {
        func optional<T: Decodable>(_ key: String, _ type: T.Type) throws -> T? {
            try row.decodeNil(FieldKey(stringLiteral: key))
                ? nil : try row.decode(FieldKey(stringLiteral: key), as: T.self)
        }
        func value<T: Decodable>(_ key: String, _ type: T.Type) throws -> T {
            try row.decode(FieldKey(stringLiteral: key), as: T.self)
        }
        return deal(
            id: try value("id", UUID.self), customerID: try value("customer_id", UUID.self),
            ownerID: try value("owner_id", UUID.self), teamID: try value("team_id", UUID.self),
            pipelineID: try value("pipeline_id", UUID.self), stageID: try value("stage_id", UUID.self),
            title: try value("title", String.self), amountMinor: try value("amount_minor", Int64.self),
            currency: try value("currency", String.self),
            expectedCloseOn: try optional("expected_close_on", String.self),
            status: try value("status", String.self), closeReason: try optional("close_reason", String.self),
            nextStep: try optional("next_step", String.self), source: try optional("source", String.self),
            externalSource: try optional("external_source", String.self),
            externalID: try optional("external_id", String.self),
            stageEnteredAt: try value("stage_entered_at", Date.self),
            closeDatePushes: try value("close_date_pushes", Int.self),
            snoozedUntil: try optional("snoozed_until", String.self),
            snoozeReason: try optional("snooze_reason", String.self), snoozedBy: try optional("snoozed_by", UUID.self),
            version: try value("version", Int.self), updatedAt: try optional("updated_at", Date.self),
            createdAt: try optional("created_at", Date.self), updatedBy: try optional("updated_by", UUID.self))
    }
}

/// Rows handed over one by one by the database driver, on its thread, kept for the awaiting caller.
private final class Collected: @unchecked Sendable {
    private let lock = NSLock()
    private var results: [Result<Deal, any Error>] = []

    func append(_ result: Result<Deal, any Error>) { lock.withLock { results.append(result) } }
    var values: [Result<Deal, any Error>] { lock.withLock { results } }
}
