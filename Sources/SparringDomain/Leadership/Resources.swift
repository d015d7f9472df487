import Foundation

/// What a resource pool holds (design §3: presales hours, specialists, the leader's time, budget).
public enum ResourceKind: String, CaseIterable, Sendable, Codable {
    case presales, specialist, leaderTime, budget

    public var label: L10nKey {
        switch self {
        case .presales: .resourcePresales
        case .specialist: .resourceSpecialist
        case .leaderTime: .resourceLeaderTime
        case .budget: .resourceBudget
        }
    }
}

/// How often a pool's capacity renews.
public enum ResourcePeriod: String, CaseIterable, Sendable, Codable {
    case week, month

    public var label: L10nKey { self == .week ? .periodWeek : .periodMonth }

    /// The period a day falls in.
    public func key(_ day: Day) -> String { key(year: day.year, month: day.month, day: day.day) }

    /// The period a civil date falls in: `2026-11` for a month, the ISO week `2026-W48` for a week.
    public func key(year: Int, month: Int, day: Int) -> String {
        switch self {
        case .month:
            return String(format: "%04d-%02d", year, month)
        case .week:
            let days = CivilTime.daysFromCivil(year: year, month: month, day: day)
            // 1970-01-01 was a Thursday; Monday is 0.
            let weekday = ((days % 7) + 7 + 3) % 7
            let thursday = days - weekday + 3
            let weekYear = CivilTime.civilFromDays(thursday).year
            let week = (thursday - CivilTime.daysFromCivil(year: weekYear, month: 1, day: 1)) / 7 + 1
            return String(format: "%04d-W%02d", weekYear, week)
        }
    }
}

/// A pool as the organisation defines it: a name, what it holds, its unit and capacity per period.
public struct ResourcePoolDefinition: Sendable, Equatable {
    public var name: String
    public var kind: ResourceKind
    /// What an amount counts: "hours", "days", "NOK" — free text, shown beside amounts.
    public var unit: String
    public var period: ResourcePeriod
    public var capacity: Int

    public init(name: String, kind: ResourceKind, unit: String, period: ResourcePeriod, capacity: Int) {
        self.name = name
        self.kind = kind
        self.unit = unit
        self.period = period
        self.capacity = capacity
    }

    public static let maximumCapacity = 1_000_000_000

    public func problems() -> [FieldError] {
        var problems: [FieldError] = []
        if name.trimmed.isEmpty { problems.append(FieldError("name", .errorRequired)) }
        if name.count > 120 { problems.append(FieldError("name", .errorTooLong, ["max": "120"])) }
        if unit.trimmed.isEmpty { problems.append(FieldError("unit", .errorRequired)) }
        if unit.count > 30 { problems.append(FieldError("unit", .errorTooLong, ["max": "30"])) }
        if !(1...Self.maximumCapacity).contains(capacity) {
            problems.append(
                FieldError("capacity", .errorWholeNumber, ["min": "1", "max": String(Self.maximumCapacity)]))
        }
        return problems
    }
}

/// A deal's request for resources: how much, and the expected effect as percentage points of win
/// probability, with a short reason the leader reads when planning.
public struct ResourceRequestDraft: Sendable, Equatable {
    public var amount: Int
    public var upliftPoints: Int
    public var reason: String

    public init(amount: Int, upliftPoints: Int, reason: String) {
        self.amount = amount
        self.upliftPoints = upliftPoints
        self.reason = reason
    }

    public static let maximumReasonLength = 280

    public func problems() -> [FieldError] {
        var problems: [FieldError] = []
        if !(1...ResourcePoolDefinition.maximumCapacity).contains(amount) {
            problems.append(
                FieldError(
                    "amount", .errorWholeNumber, ["min": "1", "max": String(ResourcePoolDefinition.maximumCapacity)]))
        }
        if !(1...100).contains(upliftPoints) {
            problems.append(FieldError("uplift", .errorWholeNumber, ["min": "1", "max": "100"]))
        }
        if reason.trimmed.isEmpty { problems.append(FieldError("reason", .errorRequired)) }
        if reason.count > Self.maximumReasonLength {
            problems.append(FieldError("reason", .errorTooLong, ["max": String(Self.maximumReasonLength)]))
        }
        return problems
    }
}

/// Where a request stands: waiting for a plan, or granted or declined by the last confirmed one.
public enum ResourceRequestStatus: String, CaseIterable, Sendable, Codable {
    case pending, granted, declined

    public var label: L10nKey {
        switch self {
        case .pending: .requestPending
        case .granted: .requestGranted
        case .declined: .requestDeclined
        }
    }
}

/// A resource pool as stored.
public struct ResourcePoolRecord: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var teamID: UUID
    public var definition: ResourcePoolDefinition
    public var version: Int

    public init(id: UUID, teamID: UUID, definition: ResourcePoolDefinition, version: Int) {
        self.id = id
        self.teamID = teamID
        self.definition = definition
        self.version = version
    }
}

/// A deal's request as stored, with what the planner and the pages need of its deal.
public struct ResourceRequestRecord: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var poolID: UUID
    public var dealID: UUID
    public var dealTitle: String
    public var dealAmountMinor: Int64
    public var dealCurrency: String
    public var dealStatus: DealStatus
    public var periodKey: String
    public var draft: ResourceRequestDraft
    public var requestedBy: UUID
    public var requestedAt: Date
    public var status: ResourceRequestStatus
    public var planID: UUID?
    public var version: Int

    public init(
        id: UUID, poolID: UUID, dealID: UUID, dealTitle: String, dealAmountMinor: Int64, dealCurrency: String,
        dealStatus: DealStatus, periodKey: String, draft: ResourceRequestDraft, requestedBy: UUID, requestedAt: Date,
        status: ResourceRequestStatus, planID: UUID?, version: Int
    ) {
        self.id = id
        self.poolID = poolID
        self.dealID = dealID
        self.dealTitle = dealTitle
        self.dealAmountMinor = dealAmountMinor
        self.dealCurrency = dealCurrency
        self.dealStatus = dealStatus
        self.periodKey = periodKey
        self.draft = draft
        self.requestedBy = requestedBy
        self.requestedAt = requestedAt
        self.status = status
        self.planID = planID
        self.version = version
    }
}

/// How the deals of granted and of declined requests ended: allocations compared with outcomes.
public struct AllocationOutcome: Sendable, Equatable {
    public var requests: Int
    public var won: Int
    public var lost: Int
    public var open: Int
    /// Expected value gained (amount × uplift) of these requests, in the base currency's minor units.
    public var expectedGainMinor: Int64
    /// Amount won, in the base currency's minor units.
    public var wonMinor: Int64

    public init(
        requests: Int = 0, won: Int = 0, lost: Int = 0, open: Int = 0, expectedGainMinor: Int64 = 0, wonMinor: Int64 = 0
    ) {
        self.requests = requests
        self.won = won
        self.lost = lost
        self.open = open
        self.expectedGainMinor = expectedGainMinor
        self.wonMinor = wonMinor
    }
}
