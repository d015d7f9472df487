import Foundation
import Plot
import SparringDomain

/// Stage names and facts by id, for pages that show deals from several pipelines.
public struct StageDirectory: Sendable {
    public let pipelines: [Pipeline]
    let stages: [UUID: Stage]

    public init(_ pipelines: [Pipeline]) {
        self.pipelines = pipelines
        stages = Dictionary(uniqueKeysWithValues: pipelines.flatMap(\.stages).map { ($0.id, $0) })
    }

    public subscript(_ id: UUID) -> Stage? { stages[id] }

    public func name(_ id: UUID?, _ locale: AppLocale) -> String {
        id.flatMap { stages[$0] }?.name(locale) ?? "—"
    }

    /// Stages as select options: every pipeline's (each name prefixed by its pipeline when there are
    /// several), or one pipeline's; optionally only the open ones a deal can be moved to.
    public func options(
        _ locale: AppLocale, includeRetired: Bool = false, openOnly: Bool = false, in pipelineID: UUID? = nil
    ) -> [(value: String, label: String)] {
        let prefix = pipelineID == nil && pipelines.count > 1
        return pipelines.filter { pipelineID == nil || $0.id == pipelineID }.flatMap { pipeline in
            pipeline.stages.filter { (includeRetired || !$0.isRetired) && (!openOnly || $0.kind == .open) }.map {
                stage in
                (
                    value: stage.id.uuidString,
                    label: prefix ? pipeline.name(locale) + " · " + stage.name(locale) : stage.name(locale)
                )
            }
        }
    }
}

/// A total in the base currency, followed by whatever could not be converted, named as such.
struct MoneyTotalText: Component {
    let context: PageContext
    let total: MoneyTotal
    let base: String

    var body: Component {
        let format = context.format
        var parts = [format.money(minorUnits: total.baseMinor, currency: base)]
        for (currency, minor) in total.unconverted.sorted(by: { $0.key < $1.key }) {
            parts.append(context.t(.plusUnconverted, ["amount": format.money(minorUnits: minor, currency: currency)]))
        }
        return Tag(
            "span", [.attr("class", total.unconverted.isEmpty ? "money" : "money partial")],
            text: parts.joined(separator: " "))
    }
}

/// The stuck badge and the reasons in words.
struct StuckReasons: Component {
    let context: PageContext
    let reasons: [StuckReason]
    let stageName: String

    var body: Component {
        Tag("div", [.attr("class", "stuck")]) {
            Tag("span", [.attr("class", "badge stuck-badge")], text: context.t(.stuckBadge))
            Tag("ul", [.attr("class", "stuck-reasons")]) {
                for reason in reasons {
                    Tag("li", text: reason.message(stage: stageName, context.t, format: context.format))
                }
            }
        }
    }
}

extension PageContext {
    /// Whole days since `date`, as the stuck rules count them.
    func days(since date: Date, now: Date) -> String {
        format.integer(Swift.max(0, Int(now.timeIntervalSince(date) / 86_400)))
    }

    func statusLabel(_ status: DealStatus) -> String {
        switch status {
        case .open: t(.statusOpen)
        case .won: t(.statusWon)
        case .lost: t(.statusLost)
        case .onHold: t(.statusOnHold)
        }
    }

    func dayText(_ day: Day?) -> String {
        guard let day else { return "—" }
        return format.date(day.start(in: format.timeZone))
    }
}

/// A hidden form field.
struct HiddenField: Component {
    let name: String
    let value: String

    var body: Component {
        VoidTag("input", [.attr("type", "hidden"), .attr("name", name), .attr("value", value)])
    }
}
