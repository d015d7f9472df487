import FluentKit
import Foundation
import SQLKit
import SparringDomain

/// An organisation's sales processes: pipelines and their stages.
public struct PipelineStore: Sendable {
    let db: any Database
    let organisationID: UUID
    var memo: ReadMemo? = nil

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
        guard let memo else { return try await load() }
        return try await memo.pipelines(load)
    }

    private func load() async throws -> [Pipeline] {
        let pipelines = try await PipelineModel.query(on: db).filter(\.$organisationID == organisationID)
            .sort(\.$position).all()
        let stages = try await StageModel.query(on: db).filter(\.$organisationID == organisationID)
            .sort(\.$position).all()
        return pipelines.map { pipeline in
            Pipeline(
                id: pipeline.id!, nameNB: pipeline.nameNB, nameEN: pipeline.nameEN, position: pipeline.position,
                stages: stages.filter { $0.pipelineID == pipeline.id }.map(\.domain), version: pipeline.version)
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
        guard let memo else { return try await loadStayStatistics(stageIDs) }
        return try await memo.statistics(stageIDs) { try await loadStayStatistics(stageIDs) }
    }

    private func loadStayStatistics(_ stageIDs: [UUID]) async throws -> [UUID: StayStatistics] {
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
    public var pipelines: PipelineStore { PipelineStore(db: db, organisationID: organisationID, memo: memo) }
    public var deals: DealStore { DealStore(db: db, organisationID: organisationID, memo: memo) }
}

/// A stage's editable fields, already validated.
public struct StageChanges: Sendable {
    public var nameNB: String
    public var nameEN: String
    public var probability: Int
    public var expectedDays: Int?
    public var kind: StageKind

    public init(nameNB: String, nameEN: String, probability: Int, expectedDays: Int?, kind: StageKind) {
        self.nameNB = nameNB
        self.nameEN = nameEN
        self.probability = probability
        self.expectedDays = expectedDays
        self.kind = kind
    }
}

extension PipelineStore {
    /// A new pipeline with the default stages, which the admin then edits.
    public func create(nameNB: String, nameEN: String) async throws -> Pipeline {
        try await db.writeTransaction { tx in
            let store = PipelineStore(db: tx, organisationID: organisationID)
            let pipeline = try await store.createDefault()
            try await PipelineModel.query(on: tx).filter(\.$id == pipeline.id)
                .set(\.$nameNB, to: nameNB).set(\.$nameEN, to: nameEN).update()
            return try await store.find(pipeline.id)
        }
    }

    public func rename(_ id: UUID, expectedVersion: Int, nameNB: String, nameEN: String) async throws {
        _ = try await find(id)
        let updated = try await (db as! any SQLDatabase).updateVersioned(
            PipelineModel.schema, id: id, organisationID: organisationID, expectedVersion: expectedVersion, at: nil
        ) { $0.set("name_nb", to: nameNB).set("name_en", to: nameEN) }
        guard updated else { throw AppError.conflict }
    }

    /// Adds an open stage just before the pipeline's won and lost stages.
    public func addStage(to pipelineID: UUID, _ changes: StageChanges) async throws -> Stage {
        try await db.writeTransaction { tx in
            let store = PipelineStore(db: tx, organisationID: organisationID)
            let pipeline = try await store.find(pipelineID)
            let position = (pipeline.stages.filter { $0.kind == .open }.map(\.position).max() ?? -1) + 1
            // Make room: every later stage moves one place on.
            for stage in pipeline.stages where stage.position >= position {
                try await StageModel.query(on: tx).filter(\.$id == stage.id).set(\.$position, to: stage.position + 1)
                    .update()
            }
            let model = StageModel()
            model.organisationID = organisationID
            model.pipelineID = pipelineID
            model.nameNB = changes.nameNB
            model.nameEN = changes.nameEN
            model.position = position
            model.probability = changes.probability
            model.expectedDays = changes.expectedDays
            model.kind = StageKind.open.rawValue
            model.version = 1
            try await model.create(on: tx)
            return model.domain
        }
    }

    /// Saves a stage edited at `expectedVersion`. The kind of a stage never changes once created: a
    /// won stage that became open would rewrite what the history of every deal in it means.
    public func updateStage(_ id: UUID, expectedVersion: Int, _ changes: StageChanges) async throws -> Stage {
        let stage = try await stage(id)
        guard stage.version == expectedVersion else { throw AppError.conflict }
        let updated = try await (db as! any SQLDatabase).updateVersioned(
            StageModel.schema, id: id, organisationID: organisationID, expectedVersion: expectedVersion, at: nil
        ) {
            $0.set("name_nb", to: changes.nameNB).set("name_en", to: changes.nameEN)
                .set("probability", to: changes.probability).set("expected_days", to: changes.expectedDays)
        }
        guard updated else { throw AppError.conflict }
        return try await self.stage(id)
    }

    /// Retires a stage (no new deals or moves into it; history keeps it), or takes it back into use.
    /// A stage with open deals in it cannot be retired, and a pipeline keeps an open stage.
    public func setRetired(_ id: UUID, _ retired: Bool, at time: Date) async throws {
        let stage = try await stage(id)
        if retired {
            if try await DealModel.query(on: db).filter(\.$stageID == id).filter(
                \.$status ~~ [DealStatus.open.rawValue, DealStatus.onHold.rawValue]
            ).count() > 0 {
                throw AppError.invalid("stage", .stageHasOpenDeals)
            }
            let pipeline = try await find(stage.pipelineID)
            let others = pipeline.stages.filter { $0.id != id && !$0.isRetired && $0.kind == stage.kind }
            if others.isEmpty {
                throw AppError.invalid("stage", stage.kind == .open ? .stageNeedsOpen : .stageNeedsWonAndLost)
            }
        }
        try await StageModel.query(on: db).filter(\.$organisationID == organisationID).filter(\.$id == id)
            .set(\.$retiredAt, to: retired ? time : nil).set(\.$version, to: stage.version + 1).update()
    }

    /// Moves an open stage one place earlier (`by: -1`) or later (`by: 1`) among the open stages; the
    /// closing stages stay last. Positions are swapped in one transaction.
    public func reorder(_ id: UUID, by step: Int) async throws {
        try await db.writeTransaction { tx in
            let store = PipelineStore(db: tx, organisationID: organisationID)
            let stage = try await store.stage(id)
            let open = try await store.find(stage.pipelineID).stages.filter { $0.kind == .open }
            guard stage.kind == .open, let index = open.firstIndex(where: { $0.id == id }) else {
                throw AppError.invalid("stage", .stageNeedsOpen)
            }
            let target = index + step
            guard open.indices.contains(target) else { return }
            let other = open[target]
            for (moved, position) in [(stage, other.position), (other, stage.position)] {
                try await StageModel.query(on: tx).filter(\.$id == moved.id)
                    .set(\.$position, to: position).set(\.$version, to: moved.version + 1).update()
            }
        }
    }

    /// Deletes a stage no deal has ever been in; any other stage can only be retired.
    public func deleteStage(_ id: UUID) async throws {
        let stage = try await stage(id)
        let used =
            try await StageChangeModel.query(on: db).group(.or) {
                $0.filter(\.$toStageID == id).filter(\.$fromStageID == id)
            }.count() > 0
        if used || stage.kind != .open { throw AppError.invalid("stage", used ? .stageInUse : .stageNeedsWonAndLost) }
        let pipeline = try await find(stage.pipelineID)
        if pipeline.stages.filter({ $0.kind == .open && !$0.isRetired && $0.id != id }).isEmpty {
            throw AppError.invalid("stage", .stageNeedsOpen)
        }
        try await StageModel.query(on: db).filter(\.$organisationID == organisationID).filter(\.$id == id).delete()
    }
}
