import Foundation

/// Which deals a person may see. Decided from the actor alone (design §2): an admin sees the whole
/// organisation, a leader the deals of the teams they lead and their own, a seller their own deals.
public enum DealVisibility: Sendable, Equatable {
    case all
    case teamsAndOwn(teams: Set<UUID>, ownerID: UUID)

    public init(_ actor: Actor) {
        switch actor.role {
        case .admin: self = .all
        case .leader: self = .teamsAndOwn(teams: actor.leads, ownerID: actor.userID)
        case .seller: self = .teamsAndOwn(teams: [], ownerID: actor.userID)
        }
    }

    public func includes(ownerID: UUID, teamID: UUID) -> Bool {
        switch self {
        case .all: true
        case .teamsAndOwn(let teams, let owner): owner == ownerID || teams.contains(teamID)
        }
    }
}

/// The orders a deal list can be read in; each has an index so a page is a seek, not a sort.
public enum DealSort: String, CaseIterable, Sendable, Codable {
    /// Longest in the current stage first: where deals stall.
    case inStage
    /// Largest amount first.
    case amount
    /// Earliest expected close date first (deals without one last).
    case closeDate
    /// Most recently changed first.
    case updated
}

/// What a deal list is narrowed to. Amount bounds are in the organisation's base currency.
public struct DealFilter: Sendable, Equatable {
    public var teamID: UUID?
    public var ownerID: UUID?
    public var stageID: UUID?
    /// `nil`: every status.
    public var status: DealStatus?
    public var stuckOnly: Bool
    public var minAmountMinor: Int64?
    public var maxAmountMinor: Int64?
    /// Words in the deal's title or its customer's name.
    public var text: String?
    public var sort: DealSort

    public init(
        teamID: UUID? = nil, ownerID: UUID? = nil, stageID: UUID? = nil, status: DealStatus? = .open,
        stuckOnly: Bool = false, minAmountMinor: Int64? = nil, maxAmountMinor: Int64? = nil, text: String? = nil,
        sort: DealSort = .inStage
    ) {
        self.teamID = teamID
        self.ownerID = ownerID
        self.stageID = stageID
        self.status = status
        self.stuckOnly = stuckOnly
        self.minAmountMinor = minAmountMinor
        self.maxAmountMinor = maxAmountMinor
        self.text = text
        self.sort = sort
    }
}

/// A flag put to sleep: the owner or a leader says why the deal is not really stuck, until a day.
public struct Snooze: Sendable, Equatable {
    public var until: Day
    public var reason: String
    public var byUserID: UUID?

    public init(until: Day, reason: String, byUserID: UUID?) {
        self.until = until
        self.reason = reason
        self.byUserID = byUserID
    }

    /// A snooze lasts through its resume day and ends the next morning.
    public func isActive(on today: Day) -> Bool { today <= until }
}

/// Exchange rates an admin maintains: how many units of the base currency one unit of another costs.
public struct ExchangeRates: Sendable, Equatable {
    public var base: String
    /// Currency code → units of `base` per unit.
    public var rates: [String: Decimal]

    public init(base: String, rates: [String: Decimal]) {
        self.base = base
        self.rates = rates
    }

    /// The rates an admin has set, as a lookup (one entry per currency).
    public init(base: String, entries: [ExchangeRateEntry]) {
        self.init(
            base: base,
            rates: Dictionary(entries.map { ($0.currency, $0.rate) }, uniquingKeysWith: { first, _ in first }))
    }

    public func rate(_ currency: String) -> Decimal? { currency == base ? 1 : rates[currency] }

    /// `minor` units of `currency` in minor units of the base currency, rounded to the nearest;
    /// `nil` when there is no rate, so a caller can never add an unconverted amount by accident.
    public func toBase(_ minor: Int64, from currency: String) -> Int64? {
        guard let rate = rate(currency) else { return nil }
        var exact = Decimal(minor) * rate, rounded = Decimal()
        NSDecimalRound(&rounded, &exact, 0, .plain)
        return Saturating.int64(rounded)
    }

    /// `base` minor units expressed in `currency` (for amount filters), or `nil` without a rate.
    public func fromBase(_ minor: Int64, to currency: String) -> Int64? {
        guard let rate = rate(currency), rate > 0 else { return nil }
        var exact = Decimal(minor) / rate, rounded = Decimal()
        NSDecimalRound(&rounded, &exact, 0, .plain)
        return Saturating.int64(rounded)
    }

    /// A rate as typed by an admin: `11,52` or `11.52`; positive, at most 6 decimals.
    public static func parseRate(_ raw: String) -> Decimal? {
        let text = raw.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: ",", with: ".")
        guard !text.isEmpty, text.allSatisfy({ $0.isNumber || $0 == "." }),
            text.filter({ $0 == "." }).count <= 1,
            text.split(separator: ".").dropFirst().first.map({ $0.count <= 6 }) ?? true,
            let value = Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")), value > 0
        else { return nil }
        return value
    }
}

/// Amounts in several currencies added up honestly: what converts goes into the base total, what has
/// no rate is kept apart and shown as such.
public struct MoneyTotal: Sendable, Equatable {
    public var baseMinor: Int64
    /// Currency → minor units that could not be converted (no exchange rate).
    public var unconverted: [String: Int64]

    public init(baseMinor: Int64 = 0, unconverted: [String: Int64] = [:]) {
        self.baseMinor = baseMinor
        self.unconverted = unconverted
    }

    public mutating func add(_ minor: Int64, currency: String, rates: ExchangeRates) {
        if let converted = rates.toBase(minor, from: currency) {
            baseMinor = Saturating.add(baseMinor, converted)
        } else {
            unconverted[currency] = Saturating.add(unconverted[currency] ?? 0, minor)
        }
    }

    public static func + (lhs: MoneyTotal, rhs: MoneyTotal) -> MoneyTotal {
        MoneyTotal(
            baseMinor: Saturating.add(lhs.baseMinor, rhs.baseMinor),
            unconverted: lhs.unconverted.merging(rhs.unconverted, uniquingKeysWith: Saturating.add))
    }
}

/// Arithmetic on amounts that stops at the largest (smallest) Int64 instead of trapping. Within the
/// accepted amounts (`ImportValues.Amount.maximumMinorUnits`) no total reaches the limit; data from
/// before that limit, or an extreme exchange rate, must still show a page rather than stop the server
/// (Swift traps on overflow, which ends the process for every user).
public enum Saturating {
    public static func add(_ a: Int64, _ b: Int64) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? .max : .min) : sum
    }

    public static func multiply(_ a: Int64, _ b: Int64) -> Int64 {
        let (product, overflow) = a.multipliedReportingOverflow(by: b)
        return overflow ? ((a < 0) == (b < 0) ? .max : .min) : product
    }

    /// `points` percent of `minor`, rounded down, without forming `minor * points` (which overflows).
    public static func percent(_ minor: Int64, _ points: Int) -> Int64 {
        let p = Int64(points)
        return multiply(minor / 100, p) + minor % 100 * p / 100
    }

    /// A whole Decimal as Int64, clamped (`NSDecimalNumber.int64Value` returns garbage beyond the range).
    public static func int64(_ value: Decimal) -> Int64 {
        if value >= Decimal(Int64.max) { return .max }
        if value <= Decimal(Int64.min) { return .min }
        return NSDecimalNumber(decimal: value).int64Value
    }
}

/// A calendar quarter in the organisation's time zone.
public struct Quarter: Sendable, Equatable {
    public var year: Int
    /// 1…4.
    public var number: Int
    public var start: Date
    public var end: Date

    public init(containing date: Date, timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month], from: date)
        year = parts.year!
        number = (parts.month! - 1) / 3 + 1
        start = calendar.date(from: DateComponents(year: year, month: (number - 1) * 3 + 1, day: 1))!
        end = calendar.date(byAdding: .month, value: 3, to: start)!
    }
}

/// A team's forecast: open and probability-weighted pipeline, and what was won and lost this quarter.
public struct Forecast: Sendable, Equatable {
    public var openCount: Int
    public var open: MoneyTotal
    public var weighted: MoneyTotal
    public var wonCount: Int
    public var won: MoneyTotal
    public var lostCount: Int
    public var lost: MoneyTotal

    public init(
        openCount: Int = 0, open: MoneyTotal = .init(), weighted: MoneyTotal = .init(), wonCount: Int = 0,
        won: MoneyTotal = .init(), lostCount: Int = 0, lost: MoneyTotal = .init()
    ) {
        self.openCount = openCount
        self.open = open
        self.weighted = weighted
        self.wonCount = wonCount
        self.won = won
        self.lostCount = lostCount
        self.lost = lost
    }

    /// Weighted by each stage's win probability (percent), rounded per stage and currency.
    public static func weight(_ minor: Int64, probability: Int) -> Int64 {
        // Whole hundreds and the rest apart: `minor * probability` alone overflows for large amounts.
        let p = Int64(max(0, min(100, probability)))
        return minor / 100 * p + (minor % 100 * p + 50) / 100
    }
}

/// A deal as a list shows it: with its customer's and owner's names and why it is stuck.
public struct DealRow: Sendable, Equatable {
    public init(deal: Deal, customerName: String, ownerName: String, stuckReasons: [StuckReason]) {
        self.deal = deal
        self.customerName = customerName
        self.ownerName = ownerName
        self.stuckReasons = stuckReasons
    }

    public var deal: Deal
    public var customerName: String
    public var ownerName: String
    public var stuckReasons: [StuckReason]
}

/// A deal page: the deal, who and what it is about, its history and why it is stuck.
public struct DealDetail: Sendable {
    public var deal: Deal
    public var customer: Customer
    public var ownerName: String
    public var teamName: String
    public var history: [StageChange]
    /// Names of the people in the history (and of whoever snoozed the deal).
    public var people: [UUID: String]
    public var stuckReasons: [StuckReason]
    /// The stay statistics of the deal's current stage, to explain the threshold.
    public var stageStatistics: StayStatistics?

    public init(
        deal: Deal, customer: Customer, ownerName: String, teamName: String, history: [StageChange],
        people: [UUID: String], stuckReasons: [StuckReason], stageStatistics: StayStatistics?
    ) {
        self.deal = deal
        self.customer = customer
        self.ownerName = ownerName
        self.teamName = teamName
        self.history = history
        self.people = people
        self.stuckReasons = stuckReasons
        self.stageStatistics = stageStatistics
    }
}

/// One column of a team's board: a stage's open deals, their totals, and the first cards.
public struct BoardColumn: Sendable, Equatable {
    public var stage: Stage
    public var count: Int
    public var total: MoneyTotal
    /// The total weighted by the stage's win probability.
    public var weighted: MoneyTotal
    /// Longest in the stage first; at most the board's card limit.
    public var cards: [DealRow]

    public init(stage: Stage, count: Int, total: MoneyTotal, weighted: MoneyTotal, cards: [DealRow]) {
        self.stage = stage
        self.count = count
        self.total = total
        self.weighted = weighted
        self.cards = cards
    }
}

/// One exchange rate as the admin set it.
public struct ExchangeRateEntry: Sendable, Equatable {
    public var currency: String
    public var rate: Decimal
    public var setOn: Day
    public var version: Int

    public init(currency: String, rate: Decimal, setOn: Day, version: Int) {
        self.currency = currency
        self.rate = rate
        self.setOn = setOn
        self.version = version
    }
}
