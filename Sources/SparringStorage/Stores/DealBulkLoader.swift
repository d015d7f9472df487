import FluentKit
import Foundation
import SQLKit
import SparringDomain

/// Writes many deals with their histories in multi-row statements: what the demo at scale and large
/// imports need (a million deals), where one Fluent insert per row would take hours. The caller owns the
/// transaction and the batching; ids are chosen by the caller so stage changes can refer to their deal.
public struct DealBulkLoader: Sendable {
    public struct Row: Sendable {
        public var id: UUID
        public var customerID: UUID
        public var ownerID: UUID
        public var teamID: UUID
        public var pipelineID: UUID
        /// Every stage the deal entered, oldest first; the last is where it is.
        public var steps: [(stageID: UUID, kind: StageKind, enteredAt: Date)]
        public var title: String
        public var amountMinor: Int64
        public var currency: String
        public var expectedClose: Day?
        public var closeDatePushes: Int
        public var closeReason: String?
        public var externalSource: String?
        public var externalID: String?
        public var createdAt: Date
        public var nextStep: String?
        public var source: String?
        /// Overrides the status the last stage implies (an imported deal on hold).
        public var status: DealStatus?

        public init(
            id: UUID, customerID: UUID, ownerID: UUID, teamID: UUID, pipelineID: UUID,
            steps: [(stageID: UUID, kind: StageKind, enteredAt: Date)], title: String, amountMinor: Int64,
            currency: String, expectedClose: Day?, closeDatePushes: Int, closeReason: String?,
            externalSource: String?, externalID: String?, createdAt: Date, nextStep: String? = nil,
            source: String? = nil, status: DealStatus? = nil
        ) {
            self.nextStep = nextStep
            self.source = source
            self.status = status
            self.id = id
            self.customerID = customerID
            self.ownerID = ownerID
            self.teamID = teamID
            self.pipelineID = pipelineID
            self.steps = steps
            self.title = title
            self.amountMinor = amountMinor
            self.currency = currency
            self.expectedClose = expectedClose
            self.closeDatePushes = closeDatePushes
            self.closeReason = closeReason
            self.externalSource = externalSource
            self.externalID = externalID
            self.createdAt = createdAt
        }
    }

    let db: any Database
    let organisationID: UUID

    public init(db: any Database, organisationID: UUID) {
        self.db = db
        self.organisationID = organisationID
    }

    /// Rows per statement for a table of `columns` columns: as many as SQLite's 32,766 bound values
    /// allow (PostgreSQL allows 65,535). Fewer, larger statements matter on SQLite: each statement
    /// journals every page it touches once, and a deal touches pages all over eleven indexes.
    static func rowsPerStatement(columns: Int) -> Int { 32_000 / columns }

    /// Deals per `insert` call that fill one statement.
    public static let dealsPerStatement = rowsPerStatement(columns: 23)

    /// Inserts the deals, their stage changes and their completed stays (into the stage histograms);
    /// `now` orders the stage changes' keys (`UUID.timeOrdered(at:)`).
    public func insert(_ rows: [Row], at now: Date) async throws {
        let sql = db as! any SQLDatabase
        let bind = FastBind(sql)
        for batch in stride(from: 0, to: rows.count, by: Self.dealsPerStatement) {
            let slice = rows[batch..<min(batch + Self.dealsPerStatement, rows.count)]
            var insert = sql.insert(into: "deals").columns(
                "id", "organisation_id", "customer_id", "owner_id", "team_id", "pipeline_id", "stage_id", "title",
                "amount_minor", "currency", "expected_close_on", "status", "close_reason", "external_source",
                "external_id", "stage_entered_at", "close_date_pushes", "closed_at", "version", "created_at",
                "updated_at", "next_step", "source")
            for row in slice {
                let last = row.steps[row.steps.count - 1]
                let status = row.status ?? DealStore.status(for: last.kind)
                insert = insert.values(
                    bind.id(row.id), bind.id(organisationID), bind.id(row.customerID), bind.id(row.ownerID),
                    bind.id(row.teamID), bind.id(row.pipelineID), bind.id(last.stageID), SQLBind(row.title),
                    SQLBind(row.amountMinor), SQLBind(row.currency), bind.text(row.expectedClose?.description),
                    SQLBind(status.rawValue), bind.text(row.closeReason), bind.text(row.externalSource),
                    bind.text(row.externalID), SQLBind(last.enteredAt), SQLBind(row.closeDatePushes),
                    last.kind == .open ? SQLLiteral.null : SQLBind(last.enteredAt), SQLBind(1), SQLBind(row.createdAt),
                    SQLBind(last.enteredAt), bind.text(row.nextStep), bind.text(row.source))
            }
            try await insert.run()
        }

        let changes = rows.flatMap { row in
            row.steps.enumerated().map { index, step in
                (row.id, index == 0 ? nil : row.steps[index - 1].stageID, step.stageID, step.enteredAt)
            }
        }
        let changesPerStatement = Self.rowsPerStatement(columns: 7)
        for batch in stride(from: 0, to: changes.count, by: changesPerStatement) {
            var insert = sql.insert(into: "stage_changes").columns(
                "id", "organisation_id", "deal_id", "from_stage_id", "to_stage_id", "changed_at", "origin")
            for change in changes[batch..<min(batch + changesPerStatement, changes.count)] {
                insert = insert.values(
                    bind.id(UUID.timeOrdered(at: now)), bind.id(organisationID), bind.id(change.0), bind.id(change.1),
                    bind.id(change.2), SQLBind(change.3), SQLBind(StageChange.Origin.imported.rawValue))
            }
            try await insert.run()
        }

        // Completed stays, counted per stage and whole day, added to the histograms in one upsert each.
        var stays: [UUID: [Int: Int]] = [:]
        for row in rows {
            for (step, next) in zip(row.steps, row.steps.dropFirst()) {
                let days = Swift.max(0, Int(next.enteredAt.timeIntervalSince(step.enteredAt) / 86_400))
                stays[step.stageID, default: [:]][days, default: 0] += 1
            }
        }
        let cells = stays.flatMap { stage, histogram in histogram.map { (stage, $0.key, $0.value) } }
        let cellsPerStatement = Self.rowsPerStatement(columns: 5)
        for batch in stride(from: 0, to: cells.count, by: cellsPerStatement) {
            var insert = sql.insert(into: "stage_stay_days").columns(
                "id", "organisation_id", "stage_id", "days", "stays")
            for cell in cells[batch..<min(batch + cellsPerStatement, cells.count)] {
                insert = insert.values(
                    bind.id(UUID()), bind.id(organisationID), bind.id(cell.0), SQLBind(cell.1), SQLBind(cell.2))
            }
            try await insert.onConflict(with: ["stage_id", "days"]) {
                $0.set("stays", to: SQLRaw("stage_stay_days.stays + excluded.stays"))
            }.run()
        }
    }
}

/// Binds for bulk statements without the `Encodable` round trip SQLiteKit takes for UUIDs and
/// optionals (about 2 µs a value, which at 40 values a deal was most of an import's CPU). On SQLite
/// Fluent stores a UUID as its text, so the text is bound; PostgreSQL gets a real `uuid`.
struct FastBind {
    let sqlite: Bool

    init(_ sql: any SQLDatabase) { sqlite = sql.dialect.name == "sqlite" }

    func id(_ id: UUID) -> any SQLExpression { sqlite ? SQLBind(id.uuidString) : SQLBind(id) }
    func id(_ id: UUID?) -> any SQLExpression { id.map { self.id($0) } ?? SQLLiteral.null }
    func text(_ text: String?) -> any SQLExpression { text.map { SQLBind($0) } ?? SQLLiteral.null }
}
