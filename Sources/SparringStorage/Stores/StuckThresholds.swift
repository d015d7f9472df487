import FluentKit
import Foundation
import SQLKit
import SparringDomain

/// The stuck rules turned into database conditions for one moment: for each open stage the latest
/// `stage_entered_at` that is not yet stuck, from the organisation's histogram (or the stage's
/// expected days). Loaded once per request; `StuckRules` stays the one definition of the rules.
struct StuckThresholds: Sendable {
    let rules: StuckRules
    let now: Date
    let timeZone: TimeZone
    let today: Day
    let openStages: [Stage]
    let statistics: [UUID: StayStatistics]
    /// Stage → entered at or before this instant means over the threshold.
    let cutoffs: [(stageID: UUID, cutoff: Date)]

    /// `known`: the pipelines when the caller has read them already (the board has its pipeline).
    static func load(
        _ pipelines: PipelineStore, known: [Pipeline]? = nil, now: Date, timeZone: TimeZone, rules: StuckRules
    ) async throws
        -> StuckThresholds
    {
        var all = known ?? []
        if known == nil { all = try await pipelines.all() }
        let openStages = all.flatMap(\.stages).filter { $0.kind == .open }
        let statistics = try await pipelines.stayStatistics(stageIDs: openStages.map(\.id))
        var cutoffs: [(UUID, Date)] = []
        for stage in openStages {
            let statistic = statistics[stage.id]
            let threshold: Double? =
                (statistic?.count ?? 0) >= rules.minimumSample
                ? statistic?.p75Days : stage.expectedDays.map(Double.init)
            // days > threshold, counted in whole days: entered at least ⌊threshold⌋ + 1 days ago.
            if let threshold {
                cutoffs.append((stage.id, now.addingTimeInterval(-(threshold.rounded(.down) + 1) * 86_400)))
            }
        }
        return StuckThresholds(
            rules: rules, now: now, timeZone: timeZone, today: Day(now, in: timeZone), openStages: openStages,
            statistics: statistics, cutoffs: cutoffs)
    }

    /// Adds "stuck by any rule" to a query of open deals.
    func stuckCondition(_ query: QueryBuilder<DealModel>) {
        query.group(.or) { any in
            for (stageID, cutoff) in cutoffs {
                any.group(.and) { $0.filter(\.$stageID == stageID).filter(\.$stageEnteredAt <= cutoff) }
            }
            any.filter(\.$expectedCloseOn < today.description)
            any.filter(\.$closeDatePushes >= rules.pushesFlagged)
        }
    }

    /// Adds "not snoozed today" to a query.
    func notSnoozed(_ query: QueryBuilder<DealModel>) {
        query.group(.or) {
            $0.filter(\.$snoozedUntil == nil).filter(\.$snoozedUntil < today.description)
        }
    }

    /// The reasons a deal is stuck, worded by `StuckRules`; none for closed deals.
    func reasons(_ deal: Deal) -> [StuckReason] {
        guard deal.status == .open else { return [] }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let expectedDays = openStages.first { $0.id == deal.stageID }?.expectedDays
        return rules.reasons(
            for: deal.timeline(in: timeZone), stage: statistics[deal.stageID], expectedDays: expectedDays,
            now: now, calendar: calendar)
    }
}
