import FluentKit
import Foundation
import SQLKit
import SparringDomain

/// The organisation's obstacle taxonomy (admins edit it; a category in use is retired, never deleted)
/// and its catalogue of tactics.
public struct ObstacleTaxonomyStore: Sendable {
    let db: any Database
    let organisationID: UUID

    public init(db: any Database, organisationID: UUID) {
        self.db = db
        self.organisationID = organisationID
    }

    var sql: any SQLDatabase { db as! any SQLDatabase }

    /// Every category, in the admin's order; retired ones last when asked for.
    public func categories(includeRetired: Bool = false) async throws -> [ObstacleCategory] {
        let all = try await sql.select().column("*").from("obstacle_categories")
            .where("organisation_id", .equal, organisationID).orderBy("position").all().map(Self.category)
        return includeRetired ? all.filter { !$0.isRetired } + all.filter(\.isRetired) : all.filter { !$0.isRetired }
    }

    public func category(_ id: UUID) async throws -> ObstacleCategory {
        guard
            let row = try await sql.select().column("*").from("obstacle_categories").where("id", .equal, id)
                .where("organisation_id", .equal, organisationID).first()
        else { throw AppError.notFound }
        return try Self.category(row)
    }

    static func category(_ row: any SQLRow) throws -> ObstacleCategory {
        ObstacleCategory(
            id: try row.decode(column: "id", as: UUID.self), key: try row.decode(column: "key", as: String?.self) ?? "",
            nameNB: try row.decode(column: "name_nb", as: String.self),
            nameEN: try row.decode(column: "name_en", as: String.self),
            isRetired: try row.decode(column: "retired_at", as: Date?.self) != nil,
            version: try row.decode(column: "version", as: Int.self))
    }

    /// The default taxonomy and starter tactics (in `locale`) for a new organisation, and once for
    /// those made before the workbench existed.
    static func createDefault(organisationID: UUID, locale: AppLocale, at time: Date, on db: any Database) async throws
    {
        let sql = db as! any SQLDatabase
        let insert = sql.insert(into: "obstacle_categories")
            .columns("id", "organisation_id", "key", "name_nb", "name_en", "position", "version")
        var categoryIDs: [String: UUID] = [:]
        for (position, definition) in DefaultObstacleTaxonomy.categories.enumerated() {
            let id = UUID()
            categoryIDs[definition.key] = id
            insert.values(
                SQLBind(id), SQLBind(organisationID), SQLBind(definition.key), SQLBind(definition.nameNB),
                SQLBind(definition.nameEN), SQLBind(position), SQLBind(1))
        }
        try await insert.run()
        let tactics = sql.insert(into: "tactics")
            .columns("id", "organisation_id", "name", "summary", "created_at", "version")
        let aims = sql.insert(into: "tactic_categories").columns("id", "organisation_id", "tactic_id", "category_id")
        for definition in DefaultTactics.catalogue {
            let id = UUID()
            tactics.values(
                SQLBind(id), SQLBind(organisationID), SQLBind(locale == .nb ? definition.nameNB : definition.nameEN),
                SQLBind(locale == .nb ? definition.summaryNB : definition.summaryEN), SQLBind(time), SQLBind(1))
            for key in definition.categoryKeys {
                guard let categoryID = categoryIDs[key] else { continue }
                aims.values(SQLBind(UUID()), SQLBind(organisationID), SQLBind(id), SQLBind(categoryID))
            }
        }
        try await tactics.run()
        try await aims.run()
    }

    public func addCategory(nameNB: String, nameEN: String) async throws -> ObstacleCategory {
        let position =
            try await sql.select().column(SQLFunction("MAX", args: SQLColumn("position")), as: "p")
            .from("obstacle_categories").where("organisation_id", .equal, organisationID).first()?
            .decode(column: "p", as: Int?.self) ?? -1
        let id = UUID()
        try await sql.insert(into: "obstacle_categories")
            .columns("id", "organisation_id", "name_nb", "name_en", "position", "version")
            .values(
                SQLBind(id), SQLBind(organisationID), SQLBind(nameNB), SQLBind(nameEN), SQLBind(position + 1),
                SQLBind(1)
            ).run()
        return try await category(id)
    }

    /// Renames a category, or retires (or restores) it: retired categories are not offered for new
    /// obstacles, while the obstacles and evidence that name them keep their history.
    public func updateCategory(
        _ id: UUID, expectedVersion: Int, nameNB: String, nameEN: String, retired: Bool, at time: Date
    ) async throws {
        let current = try await category(id)
        let saved = try await sql.updateVersioned(
            "obstacle_categories", id: id, organisationID: organisationID, expectedVersion: expectedVersion, at: nil
        ) {
            $0.set("name_nb", to: nameNB).set("name_en", to: nameEN)
            if retired != current.isRetired { $0.set("retired_at", to: retired ? time : nil) }
        }
        guard saved else { throw AppError.conflict }
    }

    // MARK: Tactics

    public func tactics(includeRetired: Bool = false) async throws -> [Tactic] {
        var select = sql.select().column("*").from("tactics").where("organisation_id", .equal, organisationID)
        if !includeRetired { select = select.where("retired_at", .is, SQLLiteral.null) }
        let rows = try await select.orderBy("name").all()
        var categories: [UUID: [UUID]] = [:]
        for row in try await sql.select().columns("tactic_id", "category_id").from("tactic_categories")
            .where("organisation_id", .equal, organisationID).all()
        {
            categories[try row.decode(column: "tactic_id", as: UUID.self), default: []].append(
                try row.decode(column: "category_id", as: UUID.self))
        }
        categories = categories.sortedByID
        return try rows.map { row in
            let id = try row.decode(column: "id", as: UUID.self)
            return Tactic(
                id: id, name: try row.decode(column: "name", as: String.self),
                summary: try row.decode(column: "summary", as: String.self), categoryIDs: categories[id] ?? [],
                isRetired: try row.decode(column: "retired_at", as: Date?.self) != nil,
                version: try row.decode(column: "version", as: Int.self))
        }
    }

    public func tactic(_ id: UUID) async throws -> Tactic {
        guard let tactic = try await tactics(includeRetired: true).first(where: { $0.id == id }) else {
            throw AppError.notFound
        }
        return tactic
    }

    /// Adds a tactic (`id` new) or saves one read at `expectedVersion`, with the categories it aims at.
    public func saveTactic(
        id: UUID?, expectedVersion: Int, name: String, summary: String, categoryIDs: [UUID], retired: Bool,
        at time: Date
    ) async throws -> UUID {
        let known = Set(try await categories(includeRetired: true).map(\.id))
        guard Set(categoryIDs).isSubset(of: known) else { throw AppError.invalid("categories", .errorRequired) }
        return try await db.writeTransaction { tx in
            let store = ObstacleTaxonomyStore(db: tx, organisationID: organisationID)
            let tacticID: UUID
            if let id {
                _ = try await store.tactic(id)
                let saved = try await store.sql.updateVersioned(
                    "tactics", id: id, organisationID: organisationID, expectedVersion: expectedVersion, at: nil
                ) {
                    $0.set("name", to: name).set("summary", to: summary).set("retired_at", to: retired ? time : nil)
                }
                guard saved else { throw AppError.conflict }
                try await store.sql.delete(from: "tactic_categories").where("tactic_id", .equal, id)
                    .where("organisation_id", .equal, organisationID).run()
                tacticID = id
            } else {
                tacticID = UUID()
                try await store.sql.insert(into: "tactics")
                    .columns("id", "organisation_id", "name", "summary", "created_at", "version")
                    .values(
                        SQLBind(tacticID), SQLBind(organisationID), SQLBind(name), SQLBind(summary), SQLBind(time),
                        SQLBind(1)
                    ).run()
            }
            if !categoryIDs.isEmpty {
                let insert = store.sql.insert(into: "tactic_categories")
                    .columns("id", "organisation_id", "tactic_id", "category_id")
                for categoryID in Set(categoryIDs) {
                    insert.values(SQLBind(UUID()), SQLBind(organisationID), SQLBind(tacticID), SQLBind(categoryID))
                }
                try await insert.run()
            }
            return tacticID
        }
    }

    /// The counts behind tactic evidence: closed deals per obstacle category (won, all), and of those
    /// the ones whose chosen plans applied each tactic.
    struct EvidenceCells: Codable, Sendable {
        var totals: [UUID: [Int]] = [:]
        var applied: [UUID: [UUID: [Int]]] = [:]
    }

    /// How old the evidence may be before a view recomputes it. Evidence moves with deals closing,
    /// over weeks; ten minutes behind is no loss, and most views then read one row.
    public static let evidenceMaxAge: TimeInterval = 600

    /// For every tactic and obstacle category, what the closed deals that had an obstacle of the
    /// category say: the win rate where a chosen plan applied the tactic and where none did. Read from
    /// the organisation's snapshot when it is younger than `maxAge`, otherwise counted again (two
    /// grouped queries over indexes) and saved; returns when the counts were made.
    public func evidence(
        now: Date, maxAge: TimeInterval = evidenceMaxAge
    ) async throws -> (
        evidence: [TacticEvidence], computedAt: Date
    ) {
        var cells: EvidenceCells?
        var computedAt = now
        if let row = try await sql.select().columns("computed_at", "cells").from("tactic_evidence_snapshots")
            .where("organisation_id", .equal, organisationID).first(),
            case let at = try row.decode(column: "computed_at", as: Date.self), now.timeIntervalSince(at) < maxAge
        {
            cells = try? JSONDecoder().decode(
                EvidenceCells.self, from: Data(try row.decode(column: "cells", as: String.self).utf8))
            computedAt = at
        }
        if cells == nil {
            let counted = try await countEvidence()
            let json = String(decoding: try JSONEncoder().encode(counted), as: UTF8.self)
            try await sql.insert(into: "tactic_evidence_snapshots").columns(
                "id", "organisation_id", "computed_at", "cells"
            )
            .values(SQLBind(UUID()), SQLBind(organisationID), SQLBind(now), SQLBind(json))
            .onConflict(with: ["organisation_id"]) {
                $0.set(excludedValueOf: "computed_at").set(excludedValueOf: "cells")
            }.run()
            cells = counted
            computedAt = now
        }
        guard let cells else { return ([], now) }
        var evidence: [TacticEvidence] = []
        for tactic in try await tactics(includeRetired: true) {
            // The categories it aims at, and any other it was applied against.
            var categories = Set(tactic.categoryIDs)
            if let used = cells.applied[tactic.id] { categories.formUnion(used.keys) }
            for category in categories {
                let total = cells.totals[category] ?? [0, 0]
                let with = cells.applied[tactic.id]?[category] ?? [0, 0]
                evidence.append(
                    TacticEvidence(
                        tacticID: tactic.id, categoryID: category, applied: WinRate(wins: with[0], deals: with[1]),
                        notApplied: WinRate(wins: total[0] - with[0], deals: total[1] - with[1])))
            }
        }
        return (evidence, computedAt)
    }

    private func countEvidence() async throws -> EvidenceCells {
        var cells = EvidenceCells()
        for row in try await sql.raw(
            """
            SELECT category_id, status, COUNT(*) AS n FROM (
              SELECT DISTINCT o.category_id, o.deal_id, d.status FROM obstacles o
              JOIN deals d ON d.id = o.deal_id
              WHERE o.organisation_id = \(bind: organisationID) AND d.status IN ('won', 'lost')
            ) AS closed GROUP BY category_id, status
            """
        ).all() {
            let category = try row.decode(column: "category_id", as: UUID.self)
            let count = try row.decode(column: "n", as: Int.self)
            let won = try row.decode(column: "status", as: String.self) == DealStatus.won.rawValue
            var cell = cells.totals[category] ?? [0, 0]
            cell[1] += count
            if won { cell[0] += count }
            cells.totals[category] = cell
        }
        for row in try await sql.raw(
            """
            SELECT category_id, tactic_id, status, COUNT(*) AS n FROM (
              SELECT DISTINCT o.category_id, p.tactic_id, o.deal_id, d.status FROM obstacles o
              JOIN deals d ON d.id = o.deal_id
              JOIN plan_tactics p ON p.deal_id = o.deal_id AND p.chosen = \(bind: true)
              WHERE o.organisation_id = \(bind: organisationID) AND d.status IN ('won', 'lost')
            ) AS used GROUP BY category_id, tactic_id, status
            """
        ).all() {
            let category = try row.decode(column: "category_id", as: UUID.self)
            let tactic = try row.decode(column: "tactic_id", as: UUID.self)
            let count = try row.decode(column: "n", as: Int.self)
            let won = try row.decode(column: "status", as: String.self) == DealStatus.won.rawValue
            var cell = cells.applied[tactic]?[category] ?? [0, 0]
            cell[1] += count
            if won { cell[0] += count }
            cells.applied[tactic, default: [:]][category] = cell
        }
        return cells
    }
}

extension Tenant {
    public var taxonomy: ObstacleTaxonomyStore { ObstacleTaxonomyStore(db: db, organisationID: organisationID) }
    /// The case of one deal; the caller has found the deal visible to the actor first.
    public func dealCase(_ dealID: UUID) -> CaseStore {
        CaseStore(db: db, organisationID: organisationID, dealID: dealID)
    }
}
