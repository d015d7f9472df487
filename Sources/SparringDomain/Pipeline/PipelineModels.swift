import Foundation

/// A pipeline stage as stored.
public struct Stage: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var pipelineID: UUID
    public var key: String?
    public var nameNB: String
    public var nameEN: String
    public var position: Int
    public var probability: Int
    public var expectedDays: Int?
    public var kind: StageKind
    /// A stage in use is never deleted, only retired: history keeps pointing at it.
    public var isRetired: Bool
    public var version: Int

    public init(
        id: UUID, pipelineID: UUID, key: String?, nameNB: String, nameEN: String, position: Int,
        probability: Int, expectedDays: Int?, kind: StageKind, isRetired: Bool, version: Int = 1
    ) {
        self.version = version
        self.id = id
        self.pipelineID = pipelineID
        self.key = key
        self.nameNB = nameNB
        self.nameEN = nameEN
        self.position = position
        self.probability = probability
        self.expectedDays = expectedDays
        self.kind = kind
        self.isRetired = isRetired
    }

    public func name(_ locale: AppLocale) -> String { locale == .nb ? nameNB : nameEN }
}

public struct Pipeline: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var nameNB: String
    public var nameEN: String
    public var position: Int
    /// In order.
    public var stages: [Stage]
    public var version: Int

    public init(id: UUID, nameNB: String, nameEN: String, position: Int, stages: [Stage], version: Int = 1) {
        self.version = version
        self.id = id
        self.nameNB = nameNB
        self.nameEN = nameEN
        self.position = position
        self.stages = stages
    }

    public func name(_ locale: AppLocale) -> String { locale == .nb ? nameNB : nameEN }
}

/// A calendar day without a time, as `YYYY-MM-DD`: close dates are days, not instants, and the text
/// form sorts and compares the same on SQLite and PostgreSQL.
public struct Day: Sendable, Hashable, Comparable, Codable, CustomStringConvertible {
    public var year: Int
    public var month: Int
    public var day: Int

    public init?(year: Int, month: Int, day: Int) {
        guard (1...9999).contains(year), (1...12).contains(month),
            (1...CivilTime.daysInMonth(year: year, month: month)).contains(day)
        else { return nil }
        self.year = year
        self.month = month
        self.day = day
    }

    /// The day `date` falls on in `timeZone`.
    public init(_ date: Date, in timeZone: TimeZone) {
        (year, month, day) = CivilTime.civil(date, in: timeZone)
    }

    public init?(_ text: String) {
        let parts = text.split(separator: "-").compactMap { Int($0) }
        guard text.count == 10, parts.count == 3 else { return nil }
        self.init(year: parts[0], month: parts[1], day: parts[2])
    }

    /// `2026-12-31`. Padded by hand: `String(format:)` was a fiftieth of an import's time.
    public var description: String {
        func padded(_ number: Int, _ width: Int) -> String {
            let digits = String(number)
            return String(repeating: "0", count: Swift.max(0, width - digits.count)) + digits
        }
        return padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2)
    }

    /// Midnight at the start of the day in `timeZone`.
    public func start(in timeZone: TimeZone) -> Date {
        CivilTime.instant(year: year, month: month, day: day, timeZone: timeZone)
    }

    public static func < (lhs: Day, rhs: Day) -> Bool {
        (lhs.year, lhs.month, lhs.day) < (rhs.year, rhs.month, rhs.day)
    }

    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        guard let day = Day(text) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not YYYY-MM-DD"))
        }
        self = day
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

/// A deal as stored.
public struct Deal: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var customerID: UUID
    public var ownerID: UUID
    public var teamID: UUID
    public var pipelineID: UUID
    public var stageID: UUID
    public var title: String
    public var amountMinor: Int64
    public var currency: String
    public var expectedClose: Day?
    public var status: DealStatus
    public var closeReason: String?
    public var nextStep: String?
    public var source: String?
    public var externalSource: String?
    public var externalID: String?
    public var stageEnteredAt: Date
    public var closeDatePushes: Int
    public var snooze: Snooze?
    public var version: Int
    /// When the deal was last saved, and by whom (`nil` for saves before that was kept, and imports
    /// from the command line).
    public var updatedAt: Date?
    public var updatedBy: UUID?

    public init(
        id: UUID, customerID: UUID, ownerID: UUID, teamID: UUID, pipelineID: UUID, stageID: UUID, title: String,
        amountMinor: Int64, currency: String, expectedClose: Day?, status: DealStatus, closeReason: String?,
        nextStep: String?, source: String?, externalSource: String?, externalID: String?, stageEnteredAt: Date,
        closeDatePushes: Int, snooze: Snooze? = nil, version: Int, updatedAt: Date? = nil, updatedBy: UUID? = nil
    ) {
        self.updatedAt = updatedAt
        self.updatedBy = updatedBy
        self.id = id
        self.customerID = customerID
        self.ownerID = ownerID
        self.teamID = teamID
        self.pipelineID = pipelineID
        self.stageID = stageID
        self.title = title
        self.amountMinor = amountMinor
        self.currency = currency
        self.expectedClose = expectedClose
        self.status = status
        self.closeReason = closeReason
        self.nextStep = nextStep
        self.source = source
        self.externalSource = externalSource
        self.externalID = externalID
        self.stageEnteredAt = stageEnteredAt
        self.closeDatePushes = closeDatePushes
        self.snooze = snooze
        self.version = version
    }

    /// What the stuck rules need; the close date is a day in the organisation's time zone.
    public func timeline(in timeZone: TimeZone) -> DealTimeline {
        DealTimeline(
            enteredStageAt: stageEnteredAt, expectedCloseDate: expectedClose?.start(in: timeZone),
            closeDatePushes: closeDatePushes)
    }
}

/// One move of a deal from a stage to another (or into its first stage).
public struct StageChange: Sendable, Equatable {
    public enum Origin: String, Sendable, Codable {
        case manual, imported
    }

    public var fromStageID: UUID?
    public var toStageID: UUID
    public var changedAt: Date
    public var changedBy: UUID?
    public var origin: Origin

    public init(fromStageID: UUID?, toStageID: UUID, changedAt: Date, changedBy: UUID?, origin: Origin) {
        self.fromStageID = fromStageID
        self.toStageID = toStageID
        self.changedAt = changedAt
        self.changedBy = changedBy
        self.origin = origin
    }
}

/// The account a deal is sold to.
public struct Customer: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var name: String
    public var industry: String?
    public var sizeBand: String?
    public var segment: String?
    public var version: Int

    public init(id: UUID, name: String, industry: String?, sizeBand: String?, segment: String?, version: Int = 1) {
        self.version = version
        self.id = id
        self.name = name
        self.industry = industry
        self.sizeBand = sizeBand
        self.segment = segment
    }
}
