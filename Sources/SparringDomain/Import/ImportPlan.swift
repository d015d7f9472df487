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
    /// The first problems (at most `problemLimit`); `problemCount` counts them all.
    public var problems: [ImportProblem] = []
    public var problemCount = 0
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
