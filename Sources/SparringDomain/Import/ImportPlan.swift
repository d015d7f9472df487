import Foundation

/// How an import resolves what the file names and Sparring does not know yet.
public struct ImportOptions: Sendable {
    public var source: ImportSource
    public var dryRun: Bool
    /// Column choices that replace the detected ones entirely (the web mapping form): field → column index.
    public var columns: [DealColumn: Int]?
    /// A stage name as the file writes it (lower-cased) → one of ours.
    public var stageMap: [String: UUID]
    /// Stages still unknown become new open stages of the first pipeline.
    public var createUnknownStages: Bool
    /// An owner as the file writes it (lower-cased name or e-mail) → one of our people.
    public var ownerMap: [String: UUID]
    /// Owners still unknown become this person (typically the one importing); `nil` makes them problems.
    public var defaultOwnerID: UUID?
    /// The team for deals whose owner is in no team.
    public var defaultTeamID: UUID?
    public var importerID: UUID?
    public var now: Date
    public var timeZone: TimeZone

    public init(
        source: ImportSource, dryRun: Bool, columns: [DealColumn: Int]? = nil, stageMap: [String: UUID] = [:],
        createUnknownStages: Bool = false, ownerMap: [String: UUID] = [:], defaultOwnerID: UUID? = nil,
        defaultTeamID: UUID? = nil, importerID: UUID? = nil, now: Date, timeZone: TimeZone
    ) {
        self.source = source
        self.dryRun = dryRun
        self.columns = columns
        self.stageMap = stageMap
        self.createUnknownStages = createUnknownStages
        self.ownerMap = ownerMap
        self.defaultOwnerID = defaultOwnerID
        self.defaultTeamID = defaultTeamID
        self.importerID = importerID
        self.now = now
        self.timeZone = timeZone
    }
}

/// What an import did (or, in a dry run, would do), and every problem found.
public struct ImportReport: Sendable {
    public var header: [String] = []
    public var mapping = ColumnMapping()
    public var rows = 0
    public var created = 0
    public var updated = 0
    public var unchanged = 0
    public var stageChanges = 0
    public var customers = 0
    public var stagesCreated = 0
    /// The first problems (at most `problemLimit`), by row once `finish()` ran; `problemCount` counts
    /// them all.
    public var problems: [ImportProblem] = []
    public var problemCount = 0
    /// Every problem, grouped by kind (`ImportProblemGroup`), the largest group first: what fixing a
    /// file starts from ("Unknown stage 'Prospecting': 80 rows — 2, 14, 16, …"), where a list by row
    /// made every dry run show a new problem.
    public var problemGroups: [ImportProblemGroup] = []
    private var groupIndex: [ImportProblemGroup.Key: Int] = [:]
    /// Stage and owner names of the file that matched nothing, for the mapping form.
    public var unknownStages: [String] = []
    public var unknownOwners: [String] = []
    /// The file's column names its deals are recognised by when it has no id column (empty when it has
    /// one): re-importing matches by these, so a deal renamed in the CRM comes back as a new one.
    public var derivedKey: [String] = []

    public static let problemLimit = 1000

    /// What `derivedKey` means for the reader, or `nil` when the file has an id column.
    public func derivedKeyNote(_ t: Localizer) -> String? {
        guard !derivedKey.isEmpty else { return nil }
        return t(.importDerivedKey, ["columns": derivedKey.map { "“\($0)”" }.joined(separator: " + ")])
    }

    public init() {}

    public mutating func add(_ problem: ImportProblem) {
        problemCount += 1
        if problems.count < Self.problemLimit { problems.append(problem) }
        let key = ImportProblemGroup.Key(problem)
        if let index = groupIndex[key] {
            problemGroups[index].add(problem)
        } else {
            groupIndex[key] = problemGroups.count
            problemGroups.append(ImportProblemGroup(problem))
        }
    }

    /// Puts the problems in file order and the groups largest first. Problems arrive out of order (a
    /// row's cell problems when it is read, its stage's when its batch is resolved).
    public mutating func finish() {
        problems.sort { ($0.row, $0.column) < ($1.row, $1.column) }
        for index in problemGroups.indices { problemGroups[index].finish() }
        problemGroups.sort { ($1.count, $0.rows.first ?? 0) < ($0.count, $1.rows.first ?? 0) }
        groupIndex = [:]
    }
}

/// The problems of one kind: one message in one column and, where the value is the cause (a name
/// Sparring does not know, a status, a currency), one value, so one mapping or one fix clears them all.
public struct ImportProblemGroup: Sendable, Equatable {
    struct Key: Hashable {
        var message: L10nKey
        var column: String
        var value: String?

        init(_ problem: ImportProblem) {
            message = problem.message
            column = problem.column
            value = ImportProblemGroup.byValue.contains(problem.message) ? problem.value : nil
        }
    }

    /// The messages whose value is what is wrong: each distinct value is its own group.
    static let byValue: Set<L10nKey> = [
        .importUnknownStage, .importUnknownOwner, .importNoTeam, .importBadCurrency, .importBadStatus,
        .importBadFlag,
    ]
    /// Rows listed per group; `count` counts them all (a file of 200,000 rows with one unknown stage
    /// would otherwise carry 200,000 row numbers to the page).
    public static let rowLimit = 100
    public static let exampleLimit = 3

    public var message: L10nKey
    public var column: String
    /// The value every row of the group has, or `nil` when the rows' values differ (see `examples`).
    public var value: String?
    /// A few distinct values of a group whose values differ ("tolv", "12 kr"), for finding the rows.
    public var examples: [String] = []
    public var count = 0
    /// The first rows (at most `rowLimit`), in file order.
    public var rows: [Int] = []

    init(_ problem: ImportProblem) {
        let key = Key(problem)
        message = key.message
        column = key.column
        value = key.value
        add(problem)
    }

    mutating func add(_ problem: ImportProblem) {
        count += 1
        rows.append(problem.row)
        // Rows arrive at most one batch out of order: keep the smallest, trimmed now and then.
        if rows.count >= 2 * Self.rowLimit { finish() }
        if value == nil, examples.count < Self.exampleLimit, !problem.value.isEmpty,
            !examples.contains(problem.value)
        {
            examples.append(problem.value)
        }
    }

    /// The value all rows of the group share, or a few of theirs ("for example “tolv”, “12 kr”").
    public func valueText(_ t: Localizer) -> String {
        if let value { return "“\(value)”" }
        guard !examples.isEmpty else { return "" }
        // Every value is listed: they are the values, not examples of them.
        if examples.count == count { return examples.map { "“\($0)”" }.joined(separator: ", ") }
        return t(.importExamples, ["values": examples.map { "“\($0)”" }.joined(separator: ", ")])
    }

    /// "14 rows: 2, 14, 16, …": the count and the first rows in file order, without thousands
    /// separators ("1,234, 2,345" would read as four rows).
    public func rowsText(_ t: Localizer) -> String {
        let list = rows.map { String($0) }.joined(separator: ", ") + (count > rows.count ? ", …" : "")
        return count == 1
            ? t(.importRowsOne, ["rows": list]) : t(.importRowsMany, ["count": String(count), "rows": list])
    }

    mutating func finish() {
        rows.sort()
        if rows.count > Self.rowLimit { rows.removeLast(rows.count - Self.rowLimit) }
    }
}

/// Finds our stage for a stage name in an export: by Norwegian or English name or key, ignoring case
/// and spacing, and the CRMs' own names for the closing stages (`Closed Won`, `closedwon`, …).
public struct StageMatcher: Sendable {
    let byName: [String: Stage]
    public let pipelines: [Pipeline]

    public init(pipelines: [Pipeline]) {
        self.pipelines = pipelines
        var byName: [String: Stage] = [:]
        // Later pipelines first, so the first pipeline wins a name both have.
        for pipeline in pipelines.reversed() {
            for stage in pipeline.stages.reversed() where !stage.isRetired {
                for name in [stage.nameNB, stage.nameEN, stage.key].compactMap({ $0 }) {
                    byName[Self.normalise(name)] = stage
                }
            }
        }
        self.byName = byName
    }

    static func normalise(_ name: String) -> String {
        name.lowercased().filter { !$0.isWhitespace && $0 != "-" && $0 != "_" }
    }

    static let closing: [String: StageKind] = [
        "closedwon": .won, "won": .won, "vunnet": .won, "lukketvunnet": .won,
        "closedlost": .lost, "lost": .lost, "tapt": .lost, "lukkettapt": .lost,
    ]

    /// Our stage for `name` (in `pipeline`, when the file names one we have); `nil` when unknown.
    public func stage(named name: String, pipeline: String? = nil) -> Stage? {
        let key = Self.normalise(name)
        let scoped = pipeline.flatMap(self.pipeline(named:))
        if let scoped {
            if let stage = scoped.stages.first(where: {
                !$0.isRetired && [$0.nameNB, $0.nameEN, $0.key].compactMap({ $0 }).map(Self.normalise).contains(key)
            }) {
                return stage
            }
        }
        if let stage = byName[key] { return stage }
        if let kind = Self.closing[key] { return closingStage(kind, in: scoped ?? pipelines.first) }
        return nil
    }

    /// The won or lost stage of a pipeline.
    public func closingStage(_ kind: StageKind, in pipeline: Pipeline?) -> Stage? {
        pipeline?.stages.first { $0.kind == kind && !$0.isRetired }
    }

    public func pipeline(of stage: Stage) -> Pipeline? { pipelines.first { $0.id == stage.pipelineID } }

    /// Our pipeline the file names, in either language.
    public func pipeline(named name: String) -> Pipeline? {
        pipelines.first { [$0.nameNB, $0.nameEN].map(Self.normalise).contains(Self.normalise(name)) }
    }
}
