import FluentKit
import Foundation
import SQLKit
import SparringDomain

/// The files of one import. A Salesforce data export has companions that the opportunities refer to.
public struct ImportInput: Sendable {
    /// The deals: the export file, or `Opportunity.csv` of a Salesforce data export.
    public var deals: URL
    public var accounts: URL?
    public var users: URL?
    public var history: URL?

    public init(deals: URL, accounts: URL? = nil, users: URL? = nil, history: URL? = nil) {
        self.deals = deals
        self.accounts = accounts
        self.users = users
        self.history = history
    }

    /// A Salesforce data export folder (`Opportunity.csv`, `Account.csv`, `User.csv`,
    /// `OpportunityHistory.csv`); file names are matched without regard to case.
    public static func salesforceFolder(_ folder: URL) throws -> ImportInput {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        func file(_ wanted: String) -> URL? {
            names.first { $0.lowercased() == wanted.lowercased() }.map { folder.appendingPathComponent($0) }
        }
        guard let deals = file("Opportunity.csv") else {
            throw AppError.badRequest(.importMissingFile, field: "Opportunity.csv")
        }
        return ImportInput(
            deals: deals, accounts: file("Account.csv"), users: file("User.csv"),
            history: file("OpportunityHistory.csv"))
    }
}

/// Reads a CSV file a chunk at a time: memory holds one chunk and the records it completed.
public enum CSVFile {
    public static func forEachRecord(
        _ url: URL, _ body: (CSVReader.Record) async throws -> Void
    ) async throws {
        guard let handle = FileHandle(forReadingAtPath: url.path) else {
            throw AppError.badRequest(.importMissingFile, field: url.lastPathComponent)
        }
        defer { try? handle.close() }
        var reader = CSVReader()
        func checked(_ records: [CSVReader.Record]) throws -> [CSVReader.Record] {
            guard let line = reader.tooManyFieldsAt else { return records }
            throw AppError.invalid(
                "file", .importTooManyColumns, ["file": url.lastPathComponent, "line": String(line)])
        }
        var first = true
        while true {
            let chunk = handle.readData(ofLength: 1 << 18)
            if chunk.isEmpty { break }
            if first, let problem = TextFileCheck.problem(chunk) {
                throw AppError.invalid("file", problem, ["file": url.lastPathComponent])
            }
            first = false
            for record in try checked(reader.feed(chunk)) { try await body(record) }
        }
        let last = try checked(reader.finish())
        // Everything after an unclosed quote is one field: refused, naming the line, before that
        // field is read as a row.
        if let line = reader.unclosedQuoteAt {
            throw AppError.invalid("file", .importUnclosedQuote, ["file": url.lastPathComponent, "line": String(line)])
        }
        for record in last { try await body(record) }
    }

    /// Every record after the header as a dictionary of lower-cased header name → value (small files).
    static func table(_ url: URL) async throws -> [[String: String]] {
        var header: [String]?
        var rows: [[String: String]] = []
        try await forEachRecord(url) { record in
            guard let names = header else {
                header = record.fields.map(ColumnMapping.normalise)
                return
            }
            var row: [String: String] = [:]
            for (index, name) in names.enumerated() where index < record.fields.count {
                row[name] = record.fields[index]
            }
            rows.append(row)
        }
        return rows
    }
}

/// Imports deals from a CRM export into one organisation, all or nothing: the whole file runs in one
/// transaction, a dry run or any problem rolls it back, and deals are matched by their id in the CRM
/// so a second import of the same file updates (and here: changes nothing) instead of duplicating.
public struct DealImporter: Sendable {
    let db: any Database
    let organisationID: UUID
    /// From what file size SQLite's list indexes are rebuilt instead of kept up to date (`DeferredIndexes`).
    let deferIndexesFromBytes: Int64

    public init(db: any Database, organisationID: UUID, deferIndexesFromBytes: Int64 = DeferredIndexes.minimumBytes) {
        self.db = db
        self.organisationID = organisationID
        self.deferIndexesFromBytes = deferIndexesFromBytes
    }

    /// Rolls the transaction back while keeping the report.
    struct Rollback: Error {
        var report: ImportReport
    }

    public func run(_ input: ImportInput, options: ImportOptions) async throws -> ImportReport {
        let companions = try await Companions.load(input)
        do {
            let report = try await db.writeTransaction { tx in
                let sql = tx as! any SQLDatabase
                let sqlite = sql.dialect.name == "sqlite"
                if sqlite { try await Self.pageCache(sql, large: true) }
                do {
                    var run = try await ImportRun(
                        db: tx, organisationID: organisationID, options: options, companions: companions)
                    run.indexes = .undecided(
                        fileBytes: Self.size(of: input.deals), minimumBytes: deferIndexesFromBytes)
                    try await run.read(input.deals)
                    if sqlite { try await Self.pageCache(sql, large: false) }
                    // A rollback brings dropped indexes back with everything else.
                    if options.dryRun || run.report.problemCount > 0 { throw Rollback(report: run.report) }
                    if case .dropped(let deferred) = run.indexes { try await deferred.rebuild() }
                    return run.report
                } catch {
                    if sqlite { try? await Self.pageCache(sql, large: false) }
                    throw error
                }
            }
            // Many new rows change what the best plans are: the statistics follow (`Statistics`).
            try await Statistics.refresh(db)
            return report
        } catch let rollback as Rollback {
            return rollback.report
        }
    }

    /// A large import writes index pages all over the file: SQLite's page cache on this connection
    /// gets 64 MB for them (2 MB by default; 100k rows: 24.7 → 17.2 s), then the default back. 256 MB
    /// was no faster once the list indexes are rebuilt instead (1M rows: 83 s either way) and doubled
    /// the memory. (Statement journals in memory, `temp_store`, made 1M rows slower: 94 s against 83.)
    static func pageCache(_ sql: any SQLDatabase, large: Bool) async throws {
        try await sql.raw("PRAGMA cache_size = \(unsafeRaw: large ? "-65536" : "-2000")").run()
    }

    static func size(of file: URL) -> Int64 {
        (try? FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int64) ?? 0
    }
}

/// SQLite only: the wide list indexes of `deals` (board, stuck list, list orders) are dropped for a
/// large import and built again before it commits, all in its transaction. Each deal's insert would
/// otherwise land on a random page of each of them; building an index sorts once. The import itself
/// never reads these indexes, and
/// other connections keep reading their snapshot, indexes included, until the commit.
/// PostgreSQL keeps its indexes: dropping one there locks the table for every reader until the commit.
public struct DeferredIndexes: Sendable {
    public static let names = [
        "deals_team", "deals_team_money", "deals_org_in_stage", "deals_org_amount", "deals_org_close",
        "deals_org_updated",
    ]
    /// Done from about 50,000 new rows (at ~130 bytes a row) when they are at least a fifth as many as
    /// the table's deals. A judgement, measured only where it clearly pays: 100k rows into an empty
    /// table 14.0 → 12.9 s; rebuilding for a few new rows in a big table would cost more than it saves.
    public static let minimumBytes: Int64 = 6_500_000

    /// Whether the indexes are dropped: decided at the first batch, which tells how much of the file is
    /// new (a second import of the same file is all updates and keeps them).
    enum Plan {
        case undecided(fileBytes: Int64, minimumBytes: Int64)
        case kept
        case dropped(DeferredIndexes)
    }

    let sql: any SQLDatabase
    /// The indexes' own `CREATE INDEX` statements, read from the schema so a later migration that
    /// changes an index is rebuilt as it then is.
    let definitions: [String]

    static func decide(
        _ plan: Plan, newShare: Double, on sql: any SQLDatabase
    ) async throws -> Plan {
        guard case .undecided(let fileBytes, let minimumBytes) = plan else { return plan }
        let newBytes = Int64(Double(fileBytes) * newShare)
        guard sql.dialect.name == "sqlite", newBytes >= minimumBytes else { return .kept }
        let deals =
            try await sql.raw("SELECT count(*) AS n FROM deals").first()?.decode(column: "n", as: Int64.self) ?? 0
        guard newBytes / 130 >= deals / 5 else { return .kept }
        var definitions: [String] = []
        for row in try await sql.select().column("name").column("sql").from("sqlite_master")
            .where("type", .equal, "index").where("name", .in, names).all()
        {
            definitions.append(try row.decode(column: "sql", as: String.self))
            try await sql.raw("DROP INDEX \(ident: try row.decode(column: "name", as: String.self))").run()
        }
        return .dropped(DeferredIndexes(sql: sql, definitions: definitions))
    }

    func rebuild() async throws {
        for definition in definitions { try await sql.raw("\(unsafeRaw: definition)").run() }
    }
}

/// What a Salesforce data export's other files say about the opportunities.
struct Companions: Sendable {
    /// Account id → name and industry.
    var accounts: [String: (name: String, industry: String?)] = [:]
    /// User id → name and e-mail.
    var users: [String: (name: String, email: String?)] = [:]
    /// Opportunity id → stages entered, oldest first. Held in memory: the one part of an import whose
    /// memory grows with the export (OpportunityHistory.csv); the opportunities themselves stream.
    var history: [String: [ImportedDeal.StageEntry]] = [:]

    static func load(_ input: ImportInput) async throws -> Companions {
        var companions = Companions()
        if let url = input.accounts {
            for row in try await CSVFile.table(url) {
                guard let id = row["id"], let name = row["name"] else { continue }
                companions.accounts[id] = (name, row["industry"].flatMap { $0.isEmpty ? nil : $0 })
            }
        }
        if let url = input.users {
            for row in try await CSVFile.table(url) {
                guard let id = row["id"] else { continue }
                let name =
                    row["name"]
                    ?? [row["firstname"], row["lastname"]].compactMap { $0 }.joined(separator: " ")
                companions.users[id] = (name, row["email"])
            }
        }
        if let url = input.history {
            var entries: [String: [ImportedDeal.StageEntry]] = [:]
            for row in try await CSVFile.table(url) {
                guard let id = row["opportunityid"], let stage = row["stagename"], !stage.isEmpty,
                    let raw = row["createddate"], let date = try? ImportValues.date(raw, timeZone: .gmt)
                else { continue }
                entries[id, default: []].append(.init(stage: stage, pipeline: nil, enteredAt: date))
            }
            // History rows are written for amount and date changes too: keep only changes of stage.
            companions.history = entries.mapValues { list in
                var kept: [ImportedDeal.StageEntry] = []
                for entry in list.sorted(by: { $0.enteredAt < $1.enteredAt }) where kept.last?.stage != entry.stage {
                    kept.append(entry)
                }
                return kept
            }
        }
        return companions
    }
}

/// One import in progress inside its transaction.
struct ImportRun {
    let db: any Database
    let organisationID: UUID
    let options: ImportOptions
    let companions: Companions
    let baseCurrency: String
    let externalSource: String
    var matcher: StageMatcher
    var report = ImportReport()
    var reader: DealRowReader?
    /// Lower-cased name or e-mail → person; person → their team.
    var people: [String: UUID] = [:]
    var teamOf: [UUID: UUID] = [:]
    /// Customers by lower-cased name and by CRM id.
    var customersByName: [String: UUID] = [:]
    var customersByExternalID: [String: UUID] = [:]
    var createdStages: [String: Stage] = [:]
    /// Stages found by name and pipeline as the file writes them, so a million rows look each name up
    /// once: a row's stage and each of its history entries were looked up anew, lower-cased and
    /// normalised (and a mapped name searched through every stage), three or four times a row.
    var stagesFound: [StageName: Stage] = [:]
    struct StageName: Hashable {
        var name: String
        var pipeline: String?
    }
    var seenIDs = Set<String>()
    var pending: [ImportedDeal] = []
    var newCustomers: [NewCustomer] = []
    /// The previous batch's new customers and deals, being written.
    var write: Task<Void, any Error>?
    var indexes = DeferredIndexes.Plan.kept
    var unknownStages = Set<String>()
    var unknownOwners = Set<String>()

    /// Deals resolved and written together: one full insert statement.
    static let batchSize = DealBulkLoader.dealsPerStatement

    init(db: any Database, organisationID: UUID, options: ImportOptions, companions: Companions) async throws {
        self.db = db
        self.organisationID = organisationID
        self.options = options
        self.companions = companions
        // Both Salesforce exports carry the same opportunity ids, so they update the same deals.
        externalSource =
            options.source == .salesforceReport ? ImportSource.salesforce.rawValue : options.source.rawValue
        guard let organisation = try await OrganisationModel.find(organisationID, on: db) else {
            throw AppError.notFound
        }
        baseCurrency = organisation.baseCurrency
        matcher = StageMatcher(pipelines: try await PipelineStore(db: db, organisationID: organisationID).all())
        let sql = db as! any SQLDatabase
        for row in try await sql.select().columns("id", "name", "email").from(UserModel.schema)
            .where("organisation_id", .equal, organisationID).where("is_active", .equal, true).all()
        {
            let id = try row.decode(column: "id", as: UUID.self)
            people[try row.decode(column: "name", as: String.self).lowercased()] = id
            people[try row.decode(column: "email", as: String.self).lowercased()] = id
        }
        // Every id the caller chose (the mapping form, the API, the command line) must be this
        // organisation's: a tampered form once saved deals carrying another organisation's team and owner.
        let ownIDs = Set(people.values)
        for (field, id) in [("owner", options.defaultOwnerID), ("owner", options.importerID)]
            + options.ownerMap.values
            .map({ ("owner", Optional($0)) })
        {
            if let id, !ownIDs.contains(id) { throw AppError.invalid(field, .errorChoice) }
        }
        if let team = options.defaultTeamID,
            try await sql.select().column("id").from(TeamModel.schema).where("id", .equal, team)
                .where("organisation_id", .equal, organisationID).first() == nil
        {
            throw AppError.invalid("team", .errorUnknownTeam)
        }
        let stageIDs = Set(matcher.pipelines.flatMap(\.stages).map(\.id))
        if options.stageMap.values.contains(where: { !stageIDs.contains($0) }) {
            throw AppError.invalid("stage", .errorChoice)
        }
        let memberships = try await Memberships.load(organisationID: organisationID, on: db)
        for (user, teams) in memberships.leads { teamOf[user] = teams.min { $0.uuidString < $1.uuidString } }
        for (user, teams) in memberships.memberOf { teamOf[user] = teams.min { $0.uuidString < $1.uuidString } }
        for row in try await sql.select().columns("id", "name_key", "external_source", "external_id")
            .from(CustomerModel.schema).where("organisation_id", .equal, organisationID).all()
        {
            let id = try row.decode(column: "id", as: UUID.self)
            customersByName[try row.decode(column: "name_key", as: String.self)] = id
            if let source = try row.decode(column: "external_source", as: String?.self), source == externalSource,
                let external = try row.decode(column: "external_id", as: String?.self)
            {
                customersByExternalID[external] = id
            }
        }
    }

    mutating func read(_ url: URL) async throws {
        do {
            try await readRecords(url)
        } catch {
            // Whatever fails, the batch still being written finishes before the transaction rolls back.
            if let write { _ = try? await write.value }
            throw error
        }
    }

    private mutating func readRecords(_ url: URL) async throws {
        try await CSVFile.forEachRecord(url) { record in
            if reader == nil {
                try start(header: record.fields)
                return
            }
            guard record.fields.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) else { return }
            report.rows += 1
            let (deal, problems) = reader!.read(record)
            for problem in problems { report.add(problem) }
            guard let deal else { return }
            guard problems.isEmpty else {
                // Not imported, but its stage and owner are checked now, so one dry run names every
                // problem of the row (a row with a bad date said nothing of its unknown stage).
                _ = try await placement(of: deal)
                return
            }
            guard seenIDs.insert(deal.externalID).inserted else {
                report.add(
                    report.derivedKey.isEmpty
                        ? ImportProblem(
                            row: record.line, column: header(.externalID), value: deal.externalID,
                            message: .importDuplicateID)
                        : ImportProblem(
                            row: record.line, column: header(.title), value: deal.title,
                            message: .importDuplicateDerivedKey))
                return
            }
            pending.append(deal)
            if pending.count >= Self.batchSize { try await flush() }
        }
        guard reader != nil else { throw AppError.badRequest(.importNoRows, field: "file") }
        try await flush()
        try await finishWrite()
        report.unknownStages = unknownStages.sorted()
        report.unknownOwners = unknownOwners.sorted()
        if report.rows == 0 { report.add(ImportProblem(row: 1, column: "", value: "", message: .importNoRows)) }
        report.finish()
    }

    private mutating func start(header: [String]) throws {
        var mapping = ColumnMapping.detect(source: options.source, header: header)
        if let columns = options.columns { mapping.columns = columns.filter { $0.value < header.count } }
        report.header = header
        report.mapping = mapping
        for column in mapping.missing {
            report.add(ImportProblem(row: 1, column: column.rawValue, value: "", message: .importMissingColumn))
        }
        report.derivedKey = (mapping.derivedKeyColumns ?? []).compactMap { column in
            mapping.columns[column].map { header[$0] }
        }
        reader = DealRowReader(mapping: mapping, header: header, timeZone: options.timeZone)
    }

    private func header(_ column: DealColumn) -> String {
        guard let index = report.mapping.columns[column], index < report.header.count else { return column.rawValue }
        return report.header[index]
    }

    /// Resolves and writes one batch: existing deals are found in one query by their CRM ids. The new
    /// deals are written while the next batch is read and resolved, so reading (Swift) and writing
    /// (SQLite or PostgreSQL) use both cores; every query waits for the write before it, so the
    /// connection has one statement at a time and sees everything written before.
    private mutating func flush() async throws {
        try await finishWrite()
        guard !pending.isEmpty else { return }
        let batch = pending
        pending.removeAll(keepingCapacity: true)
        let existing = try await ExistingDeal.find(
            externalIDs: batch.map(\.externalID), source: externalSource, organisationID: organisationID, on: db)
        let byExternalID = Dictionary(existing.map { ($0.externalID, $0) }, uniquingKeysWith: { first, _ in first })
        var newRows: [DealBulkLoader.Row] = []
        var updates: [(ExistingDeal, Resolved)] = []
        for deal in batch {
            guard let resolved = try await resolve(deal) else { continue }
            if let model = byExternalID[deal.externalID] {
                updates.append((model, resolved))
            } else {
                newRows.append(resolved.row)
                report.created += 1
                report.stageChanges += resolved.row.steps.count
            }
        }
        indexes = try await DeferredIndexes.decide(
            indexes, newShare: Double(newRows.count) / Double(batch.count), on: db as! any SQLDatabase)
        var customers = newCustomers
        newCustomers.removeAll(keepingCapacity: true)
        if !updates.isEmpty {
            // Updated deals may point at the batch's new customers.
            try await Self.insert(customers, organisationID: organisationID, now: options.now, on: db)
            customers = []
            for (model, resolved) in updates { try await update(model, with: resolved) }
        }
        guard !newRows.isEmpty || !customers.isEmpty else { return }
        write = Task { [db, organisationID, now = options.now] in
            try await Self.insert(customers, organisationID: organisationID, now: now, on: db)
            if !newRows.isEmpty {
                try await DealBulkLoader(db: db, organisationID: organisationID).insert(newRows, at: now)
            }
        }
    }

    /// Waits for the batch being written, and reports its failure.
    private mutating func finishWrite() async throws {
        guard let write else { return }
        self.write = nil
        try await write.value
    }

    struct Resolved {
        var row: DealBulkLoader.Row
        var stage: Stage
    }

    /// Where a row's deal goes in Sparring: its stage, pipeline, owner and team.
    struct Placement {
        var stage: Stage
        var pipeline: Pipeline
        var ownerID: UUID
        var teamID: UUID
    }

    /// The row's stage, owner and team, reporting each that is unknown — the stage's and the owner's
    /// problems both, so the dry run names every problem of the row; `nil` when any is missing.
    private mutating func placement(of deal: ImportedDeal) async throws -> Placement? {
        var ok = true
        // Stage: mapped by hand, known by name, or created on request.
        var stage = deal.stage.isEmpty ? nil : try await stage(named: deal.stage, pipeline: deal.pipeline)
        if stage == nil, !deal.stage.isEmpty {
            unknownStages.insert(deal.stage)
            report.add(
                ImportProblem(row: deal.row, column: header(.stage), value: deal.stage, message: .importUnknownStage))
            ok = false
        }
        let pipeline = stage.flatMap { stage in
            matcher.pipeline(of: stage) ?? matcher.pipelines.first { $0.id == stage.pipelineID }
        }
        if let status = deal.status, status == .won || status == .lost, stage?.kind == .open,
            let closing = matcher.closingStage(status == .won ? .won : .lost, in: pipeline)
        {
            stage = closing
        }

        // Owner: a Salesforce user id is looked up in User.csv first.
        var ownerID: UUID?
        let ownerText = deal.owner.map { companions.users[$0]?.email ?? companions.users[$0]?.name ?? $0 }
        if let ownerText {
            let key = ownerText.lowercased()
            ownerID = options.ownerMap[key] ?? people[key]
            if ownerID == nil, let name = deal.owner.flatMap({ companions.users[$0]?.name }) {
                ownerID = people[name.lowercased()]
            }
            if ownerID == nil, let fallback = options.defaultOwnerID { ownerID = fallback }
            if ownerID == nil {
                unknownOwners.insert(ownerText)
                report.add(
                    ImportProblem(row: deal.row, column: header(.owner), value: ownerText, message: .importUnknownOwner)
                )
                ok = false
            }
        } else {
            ownerID = options.defaultOwnerID ?? options.importerID
        }
        let teamID = ownerID.flatMap { teamOf[$0] } ?? options.defaultTeamID
        // An unknown owner has no team to look up: that problem is already said.
        if !unknownOwners.contains(ownerText ?? ""), teamID == nil {
            report.add(
                ImportProblem(row: deal.row, column: header(.owner), value: ownerText ?? "", message: .importNoTeam))
            ok = false
        }
        guard ok, let stage, let pipeline, let ownerID, let teamID else { return nil }
        return Placement(stage: stage, pipeline: pipeline, ownerID: ownerID, teamID: teamID)
    }

    private mutating func resolve(_ deal: ImportedDeal) async throws -> Resolved? {
        guard let placement = try await placement(of: deal) else { return nil }
        let (stage, pipeline, ownerID, teamID) = (
            placement.stage, placement.pipeline, placement.ownerID, placement.teamID
        )

        let customerID = try await customer(for: deal)
        // The stage history: HubSpot's "Date entered" columns or Salesforce's OpportunityHistory, in
        // our stages; then the current stage, if the history does not already end there. A history
        // stage is found as the deal's own stage is — mapped by hand, known, or created on request —
        // so its entries are kept even when no deal read so far is in it (with only the known
        // stages, a deal read before a stage was first created lost those entries: 832 of 837 kept).
        var steps: [(stageID: UUID, kind: StageKind, enteredAt: Date)] = []
        let entries = deal.stageEntries.isEmpty ? companions.history[deal.externalID] ?? [] : deal.stageEntries
        for entry in entries {
            guard let entered = try await self.stage(named: entry.stage, pipeline: entry.pipeline ?? deal.pipeline),
                entered.pipelineID == pipeline.id, steps.last?.stageID != entered.id
            else { continue }
            steps.append((entered.id, entered.kind, entry.enteredAt))
        }
        if steps.last?.stageID != stage.id {
            let start = deal.createdDate ?? options.now
            let last = steps.last?.enteredAt ?? start
            steps.append(
                (stage.id, stage.kind, Swift.max(last, stage.kind == .open ? start : (deal.closeDate ?? last))))
        }
        let amount = deal.amount ?? ImportValues.Amount(minorUnits: 0, currency: nil)
        let row = DealBulkLoader.Row(
            id: .timeOrdered(at: options.now), customerID: customerID, ownerID: ownerID, teamID: teamID,
            pipelineID: pipeline.id, steps: steps,
            title: String(deal.title.prefix(200)), amountMinor: amount.minorUnits,
            currency: amount.currency ?? baseCurrency,
            expectedClose: deal.closeDate.map { Day($0, in: options.timeZone) }, closeDatePushes: 0,
            closeReason: stage.kind == .open ? nil : deal.closeReason, externalSource: externalSource,
            externalID: deal.externalID, createdAt: deal.createdDate ?? options.now, nextStep: deal.nextStep,
            source: deal.source, status: deal.status == .onHold && stage.kind == .open ? .onHold : nil)
        return Resolved(row: row, stage: stage)
    }

    private mutating func stage(named name: String, pipeline: String?) async throws -> Stage? {
        let found = StageName(name: name, pipeline: pipeline)
        if let stage = stagesFound[found] { return stage }
        // Only what was found is kept: a name not found now may be a stage created later in the run.
        let stage = try await lookUpStage(named: name, pipeline: pipeline)
        if let stage { stagesFound[found] = stage }
        return stage
    }

    private mutating func lookUpStage(named name: String, pipeline: String?) async throws -> Stage? {
        let key = name.lowercased()
        if let id = options.stageMap[key] {
            return matcher.pipelines.flatMap(\.stages).first { $0.id == id }
        }
        if let stage = matcher.stage(named: name, pipeline: pipeline) ?? createdStages[key] { return stage }
        // Created in the pipeline the file names, when we have it; else the first.
        guard options.createUnknownStages,
            let target = pipeline.flatMap(matcher.pipeline(named:)) ?? matcher.pipelines.first
        else { return nil }
        let stage = try await PipelineStore(db: db, organisationID: organisationID).addStage(
            to: target.id, StageChanges(nameNB: name, nameEN: name, probability: 10, expectedDays: nil, kind: .open))
        matcher = StageMatcher(pipelines: try await PipelineStore(db: db, organisationID: organisationID).all())
        createdStages[key] = stage
        report.stagesCreated += 1
        return stage
    }

    /// The deal's customer, found by CRM id or name, or created. A row without a customer is filed
    /// under a customer named like the deal, so nothing is dropped and the owner can correct it.
    private mutating func customer(for deal: ImportedDeal) async throws -> UUID {
        let account = deal.customer.flatMap { companions.accounts[$0] }
        let externalID = account == nil ? nil : deal.customer
        let name = String((account?.name ?? deal.customer ?? deal.title).prefix(200))
        if let externalID, let id = customersByExternalID[externalID] { return id }
        if let id = customersByName[name.lowercased()] { return id }
        // Written with the batch's deals, many to a statement (`insert(_:organisationID:now:on:)`).
        let id = UUID.timeOrdered(at: options.now)
        newCustomers.append(
            NewCustomer(
                id: id, name: name, industry: account?.industry ?? deal.industry,
                externalSource: externalID == nil ? nil : externalSource, externalID: externalID))
        customersByName[name.lowercased()] = id
        if let externalID { customersByExternalID[externalID] = id }
        report.customers += 1
        return id
    }

    struct NewCustomer: Sendable {
        var id: UUID
        var name: String
        var industry: String?
        var externalSource: String?
        var externalID: String?
    }

    /// New customers in multi-row statements, before the deals that refer to them.
    private static func insert(
        _ customers: [NewCustomer], organisationID: UUID, now: Date, on db: any Database
    ) async throws {
        guard !customers.isEmpty else { return }
        let sql = db as! any SQLDatabase
        let bind = FastBind(sql)
        let perStatement = DealBulkLoader.rowsPerStatement(columns: 10)
        for start in stride(from: 0, to: customers.count, by: perStatement) {
            var insert = sql.insert(into: CustomerModel.schema).columns(
                "id", "organisation_id", "name", "name_key", "industry", "external_source", "external_id", "version",
                "created_at", "updated_at")
            for customer in customers[start..<min(start + perStatement, customers.count)] {
                insert = insert.values(
                    bind.id(customer.id), bind.id(organisationID), SQLBind(customer.name),
                    SQLBind(customer.name.lowercased()), bind.text(customer.industry),
                    bind.text(customer.externalSource),
                    bind.text(customer.externalID), SQLBind(1), SQLBind(now), SQLBind(now))
            }
            try await insert.run()
        }
    }

    /// Brings an existing deal in line with the file: a new stage is a recorded (imported) stage change;
    /// other fields are written only when they differ, so importing the same file again changes nothing.
    private mutating func update(_ model: ExistingDeal, with resolved: Resolved) async throws {
        let row = resolved.row
        var changed = false
        var version = model.version
        if model.stageID != resolved.stage.id {
            let enteredAt = Swift.max(row.steps.last?.enteredAt ?? options.now, model.stageEnteredAt)
            let moved = try await DealStore(db: db, organisationID: organisationID).moveStage(
                model.id, to: resolved.stage.id, expectedVersion: model.version, by: options.importerID,
                origin: .imported, at: enteredAt, closeReason: row.closeReason)
            version = moved.version
            report.stageChanges += 1
            changed = true
        }
        let close = row.expectedClose?.description
        var pushes = model.closeDatePushes
        if let old = model.expectedCloseOn, let new = close, new > old { pushes += 1 }
        let differs =
            model.title != row.title || model.customerID != row.customerID || model.ownerID != row.ownerID
            || model.teamID != row.teamID || model.amountMinor != row.amountMinor || model.currency != row.currency
            || model.expectedCloseOn != close || model.nextStep != row.nextStep
            || (resolved.stage.kind != .open && model.closeReason != row.closeReason)
        if differs {
            try await (db as! any SQLDatabase).update(DealModel.schema)
                .set("title", to: row.title).set("customer_id", to: row.customerID).set("owner_id", to: row.ownerID)
                .set("team_id", to: row.teamID).set("amount_minor", to: row.amountMinor).set(
                    "currency", to: row.currency
                )
                .set("expected_close_on", to: close).set("close_date_pushes", to: pushes)
                .set("next_step", to: row.nextStep)
                .set("close_reason", to: resolved.stage.kind == .open ? nil : row.closeReason)
                .set("version", to: version + 1).set("updated_at", to: options.now)
                .set("updated_by", to: options.importerID)
                .where("id", .equal, model.id).run()
            changed = true
        }
        if changed { report.updated += 1 } else { report.unchanged += 1 }
    }
}

/// What an import compares of a deal it already has: read as plain columns, not Fluent models, since a
/// re-import reads every deal of the file and changes few (1M rows: Fluent decoding was most of it).
struct ExistingDeal {
    var id: UUID
    var externalID: String
    var stageID: UUID
    var version: Int
    var stageEnteredAt: Date
    var closeDatePushes: Int
    var expectedCloseOn: String?
    var title: String
    var customerID: UUID
    var ownerID: UUID
    var teamID: UUID
    var amountMinor: Int64
    var currency: String
    var nextStep: String?
    var closeReason: String?

    static func find(
        externalIDs: [String], source: String, organisationID: UUID, on db: any Database
    ) async throws
        -> [ExistingDeal]
    {
        let rows = try await (db as! any SQLDatabase).select()
            .columns(
                "id", "external_id", "stage_id", "version", "stage_entered_at", "close_date_pushes",
                "expected_close_on",
                "title", "customer_id", "owner_id", "team_id", "amount_minor", "currency", "next_step", "close_reason"
            )
            .from(DealModel.schema).where("organisation_id", .equal, organisationID)
            .where("external_source", .equal, source).where("external_id", .in, externalIDs).all()
        return try rows.map { row in
            ExistingDeal(
                id: try row.decode(column: "id", as: UUID.self),
                externalID: try row.decode(column: "external_id", as: String.self),
                stageID: try row.decode(column: "stage_id", as: UUID.self),
                version: try row.decode(column: "version", as: Int.self),
                stageEnteredAt: try row.decode(column: "stage_entered_at", as: Date.self),
                closeDatePushes: try row.decode(column: "close_date_pushes", as: Int.self),
                expectedCloseOn: try row.decode(column: "expected_close_on", as: String?.self),
                title: try row.decode(column: "title", as: String.self),
                customerID: try row.decode(column: "customer_id", as: UUID.self),
                ownerID: try row.decode(column: "owner_id", as: UUID.self),
                teamID: try row.decode(column: "team_id", as: UUID.self),
                amountMinor: try row.decode(column: "amount_minor", as: Int64.self),
                currency: try row.decode(column: "currency", as: String.self),
                nextStep: try row.decode(column: "next_step", as: String?.self),
                closeReason: try row.decode(column: "close_reason", as: String?.self))
        }
    }
}
