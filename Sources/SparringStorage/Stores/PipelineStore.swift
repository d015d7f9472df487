import FluentKit
import Foundation
import SQLKit
import SparringDomain

/// An organisation's sales processes: pipelines and their stages.
public struct PipelineStore: Sendable {
    let db: any Database
    let organisationID: UUID

    /// Creates the default sales process (`DefaultSalesProcess`); call inside the caller's transaction.
    @discardableResult
    public func createDefault() async throws -> Pipeline {
        let pipeline = PipelineModel()
        pipeline.organisationID = organisationID
        pipeline.nameNB = DefaultSalesProcess.pipelineNameNB
        pipeline.nameEN = DefaultSalesProcess.pipelineNameEN
        pipeline.position = try await PipelineModel.query(on: db).filter(\.$organisationID == organisationID).count()
        pipeline.version = 1
        try await pipeline.create(on: db)
        for (position, definition) in DefaultSalesProcess.stages.enumerated() {
            let stage = StageModel()
            stage.organisationID = organisationID
            stage.pipelineID = pipeline.id!
            stage.key = definition.key
            stage.nameNB = definition.nameNB
            stage.nameEN = definition.nameEN
            stage.position = position
            stage.probability = definition.probability
            stage.expectedDays = definition.expectedDays
            stage.kind = definition.kind.rawValue
            stage.version = 1
            try await stage.create(on: db)
        }
        return try await find(pipeline.id!)
    }

    public func all() async throws -> [Pipeline] {
        let pipelines = try await PipelineModel.query(on: db).filter(\.$organisationID == organisationID)
            .sort(\.$position).all()
        let stages = try await StageModel.query(on: db).filter(\.$organisationID == organisationID)
            .sort(\.$position).all()
        return pipelines.map { pipeline in
            Pipeline(
                id: pipeline.id!, nameNB: pipeline.nameNB, nameEN: pipeline.nameEN, position: pipeline.position,
                stages: stages.filter { $0.pipelineID == pipeline.id }.map(\.domain))
        }
    }

    public func find(_ id: UUID) async throws -> Pipeline {
        guard let pipeline = try await all().first(where: { $0.id == id }) else { throw AppError.notFound }
        return pipeline
    }

    public func stage(_ id: UUID) async throws -> Stage {
        guard
            let stage = try await StageModel.query(on: db).filter(\.$organisationID == organisationID)
                .filter(\.$id == id).first()
        else { throw AppError.notFound }
        return stage.domain
    }

    /// The 75th percentile of completed stays per stage, from the histogram that stage changes keep.
    public func stayStatistics(stageIDs: [UUID]) async throws -> [UUID: StayStatistics] {
        guard !stageIDs.isEmpty else { return [:] }
        let rows = try await (db as! any SQLDatabase).select().columns("stage_id", "days", "stays")
            .from("stage_stay_days").where("organisation_id", .equal, organisationID)
            .where("stage_id", .in, stageIDs).all()
        var histograms: [UUID: [Int: Int]] = [:]
        for row in rows {
            let stage = try row.decode(column: "stage_id", as: UUID.self)
            histograms[stage, default: [:]][try row.decode(column: "days", as: Int.self)] =
                try row.decode(column: "stays", as: Int.self)
        }
        return histograms.compactMapValues { histogram in
            Percentile.of(histogram: histogram, 0.75).map {
                StayStatistics(count: histogram.values.reduce(0, +), p75Days: $0)
            }
        }
    }
}

extension Tenant {
    public var pipelines: PipelineStore { PipelineStore(db: db, organisationID: organisationID) }
    public var deals: DealStore { DealStore(db: db, organisationID: organisationID) }
}
