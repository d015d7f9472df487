import Foundation
import Plot
import SparringDomain

/// One bar of a `BarChart`: its label, value, the value as written, and an optional 95 % interval.
public struct ChartBar: Sendable {
    public var label: String
    public var value: Double
    public var display: String
    public var interval: ClosedRange<Double>?
    public var intervalDisplay: String?

    public init(
        label: String, value: Double, display: String, interval: ClosedRange<Double>? = nil,
        intervalDisplay: String? = nil
    ) {
        self.label = label
        self.value = value
        self.display = display
        self.interval = interval
        self.intervalDisplay = intervalDisplay
    }
}

/// Every chart sits in a figure with a caption that names it, a text summary for screen readers, and
/// the numbers behind it one click away in a table (design §4: charts are SVG drawn on the server).
struct ChartFigure: Component {
    let context: PageContext
    let id: String
    let title: String
    let summary: String
    let svg: Component
    let headers: [String]
    let rows: [[String]]

    var body: Component {
        Tag("figure", [.attr("class", "chart"), .attr("id", id)]) {
            Tag("figcaption") {
                Tag("h3", [.attr("id", id + "-title")], text: title)
                Tag("p", [.attr("class", "hint"), .attr("id", id + "-summary")], text: summary)
            }
            // Nothing to draw: the summary says why, and an empty plot would say nothing more.
            if !rows.isEmpty { numbers }
        }
    }

    private var numbers: Component {
        ComponentGroup {
            svg
            Tag("details", [.attr("class", "chart-numbers")]) {
                Tag("summary", text: context.t(.chartNumbers))
                DataTable(headers: headers) {
                    for row in rows {
                        Tag("tr") {
                            for (index, cell) in row.enumerated() {
                                if index == 0 {
                                    Tag("th", [.attr("scope", "row")], text: cell)
                                } else {
                                    Tag("td", [.attr("class", "number")], text: cell)
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The `<svg>` element of a chart, labelled by its figure's caption.
func chartSVG(
    id: String, width: Int, height: Int, @ComponentBuilder content: @escaping Component.ContentProvider
) -> Component {
    Tag(
        "svg",
        [
            .attr("xmlns", "http://www.w3.org/2000/svg"), .attr("viewBox", "0 0 \(width) \(height)"),
            .attr("role", "img"), .attr("aria-labelledby", id + "-title " + id + "-summary"),
            .attr("class", "chart-svg"), .attr("width", String(width)), .attr("height", String(height)),
        ], content: content)
}

/// Horizontal bars with their values written beside them and, where given, the interval as a whisker.
struct BarChart: Component {
    let context: PageContext
    let id: String
    let title: String
    let summary: String
    let bars: [ChartBar]
    /// The value at the right edge (at least the largest bar and interval end).
    let maximum: Double
    let valueHeader: String
    var minimum: Double = 0

    var body: Component {
        // Room for the longest value text ("57% of 7 with, 38% of 13 without") right of the bars.
        let labelWidth = 230, barArea = 300, row = 26, top = 6
        let width = labelWidth + barArea + 250
        let height = top * 2 + max(bars.count, 1) * row
        let span = max(maximum - minimum, 1e-9)
        func x(_ value: Double) -> Int { labelWidth + Int(((value - minimum) / span * Double(barArea)).rounded()) }
        let hasIntervals = bars.contains { $0.interval != nil }
        return ChartFigure(
            context: context, id: id, title: title, summary: summary,
            svg: chartSVG(id: id, width: width, height: height) {
                VoidTag(
                    "line",
                    [
                        .attr("x1", String(x(max(minimum, 0)))), .attr("y1", "0"),
                        .attr("x2", String(x(max(minimum, 0)))),
                        .attr("y2", String(height)), .attr("class", "axis"),
                    ])
                for (index, bar) in bars.enumerated() {
                    let y = top + index * row
                    let start = x(max(minimum, min(0, bar.value))), end = x(bar.value)
                    Tag(
                        "text",
                        [.attr("x", String(labelWidth - 6)), .attr("y", String(y + 16)), .attr("class", "label end")],
                        text: bar.label.count > 36 ? bar.label.prefix(35) + "…" : bar.label)
                    Tag(
                        "rect",
                        [
                            .attr("x", String(min(start, end))), .attr("y", String(y + 4)),
                            .attr("width", String(max(abs(end - start), 1))), .attr("height", "16"),
                            .attr("class", "bar"),
                        ]
                    ) { Tag("title", text: bar.label + ": " + bar.display) }
                    if let interval = bar.interval {
                        let low = x(interval.lowerBound), high = x(interval.upperBound)
                        VoidTag(
                            "line",
                            [
                                .attr("x1", String(low)), .attr("x2", String(high)), .attr("y1", String(y + 12)),
                                .attr("y2", String(y + 12)), .attr("class", "whisker"),
                            ])
                        for end in [low, high] {
                            VoidTag(
                                "line",
                                [
                                    .attr("x1", String(end)), .attr("x2", String(end)), .attr("y1", String(y + 7)),
                                    .attr("y2", String(y + 17)), .attr("class", "whisker"),
                                ])
                        }
                    }
                    Tag(
                        "text",
                        [
                            .attr("x", String(max(end, bar.interval.map { x($0.upperBound) } ?? end) + 6)),
                            .attr("y", String(y + 16)), .attr("class", "value"),
                        ], text: bar.display)
                }
            },
            headers: [title, valueHeader] + (hasIntervals ? [context.t(.chartInterval)] : []),
            rows: bars.map { [$0.label, $0.display] + (hasIntervals ? [$0.intervalDisplay ?? "—"] : []) })
    }
}

/// A grid of counts, rows by columns, darker for more; each cell shows its count.
struct Heatmap: Component {
    let context: PageContext
    let id: String
    let title: String
    let summary: String
    let rowHeader: String
    let rows: [(id: UUID, name: String)]
    let columns: [(id: UUID, name: String)]
    let counts: [UUID: [UUID: Int]]

    var body: Component {
        let labelWidth = 150, cell = 44, top = 90
        let width = labelWidth + max(columns.count, 1) * cell + 10
        let height = top + max(rows.count, 1) * cell + 6
        let largest = max(counts.values.flatMap(\.values).max() ?? 0, 1)
        return ChartFigure(
            context: context, id: id, title: title, summary: summary,
            svg: chartSVG(id: id, width: width, height: height) {
                for (index, column) in columns.enumerated() {
                    let x = labelWidth + index * cell + cell / 2
                    Tag(
                        "text",
                        [
                            .attr("x", String(x)), .attr("y", String(top - 6)), .attr("class", "label"),
                            .attr("transform", "rotate(-45 \(x) \(top - 6))"),
                        ], text: String(column.name.prefix(18)))
                }
                for (r, row) in rows.enumerated() {
                    let y = top + r * cell
                    Tag(
                        "text",
                        [
                            .attr("x", String(labelWidth - 6)), .attr("y", String(y + cell / 2 + 4)),
                            .attr("class", "label end"),
                        ],
                        text: String(row.name.prefix(22)))
                    for (c, column) in columns.enumerated() {
                        let count = counts[row.id]?[column.id] ?? 0
                        // Eleven steps of shade, so the class names stay few and the stylesheet holds them.
                        let shade = count == 0 ? 0 : 1 + Int((Double(count) / Double(largest) * 9).rounded())
                        Tag(
                            "rect",
                            [
                                .attr("x", String(labelWidth + c * cell)), .attr("y", String(y)),
                                .attr("width", String(cell - 2)), .attr("height", String(cell - 2)),
                                .attr("class", "heat heat-\(shade)"),
                            ]
                        ) { Tag("title", text: row.name + " × " + column.name + ": " + String(count)) }
                        let textX: Int = labelWidth + c * cell + cell / 2 - 1
                        let textY: Int = y + cell / 2 + 3
                        let textClass = shade > 5 ? "count light" : "count"
                        Tag(
                            "text",
                            [.attr("x", String(textX)), .attr("y", String(textY)), .attr("class", textClass)],
                            text: String(count))
                    }
                }
            },
            headers: [rowHeader] + columns.map(\.name),
            rows: rows.map { row in
                [row.name] + columns.map { context.format.integer(counts[row.id]?[$0.id] ?? 0) }
            })
    }
}

/// Lines over time on a fixed scale (1–5 for ratings); a missing point breaks the line.
struct LineChart: Component {
    let context: PageContext
    let id: String
    let title: String
    let summary: String
    let xLabels: [String]
    let series: [(name: String, className: String, values: [Double?])]
    let range: ClosedRange<Double>

    var body: Component {
        // Wide enough that date labels under the first and last points are not cut off.
        let left = 50, plotWidth = max(110 * max(xLabels.count - 1, 1), 360), top = 10, plotHeight = 140
        let width = left + plotWidth + 50, height = top + plotHeight + 30
        func x(_ index: Int) -> Int {
            left + (xLabels.count <= 1 ? plotWidth / 2 : index * plotWidth / (xLabels.count - 1))
        }
        func y(_ value: Double) -> Int {
            top
                + Int(
                    ((range.upperBound - value) / (range.upperBound - range.lowerBound) * Double(plotHeight)).rounded())
        }
        return ChartFigure(
            context: context, id: id, title: title, summary: summary,
            svg: chartSVG(id: id, width: width, height: height) {
                for tick in Int(range.lowerBound)...Int(range.upperBound) {
                    VoidTag(
                        "line",
                        [
                            .attr("x1", String(left)), .attr("x2", String(left + plotWidth)),
                            .attr("y1", String(y(Double(tick)))), .attr("y2", String(y(Double(tick)))),
                            .attr("class", "grid"),
                        ])
                    Tag(
                        "text", [.attr("x", "24"), .attr("y", String(y(Double(tick)) + 4)), .attr("class", "tick")],
                        text: String(tick))
                }
                for (index, label) in xLabels.enumerated() {
                    Tag(
                        "text",
                        [.attr("x", String(x(index))), .attr("y", String(height - 8)), .attr("class", "tick middle")],
                        text: label)
                }
                for line in series {
                    let points = line.values.enumerated().compactMap { index, value in
                        value.map { "\(x(index)),\(y($0))" }
                    }
                    if points.count > 1 {
                        VoidTag(
                            "polyline",
                            [.attr("points", points.joined(separator: " ")), .attr("class", "line " + line.className)])
                    }
                    for (index, value) in line.values.enumerated() {
                        if let value {
                            Tag(
                                "circle",
                                [
                                    .attr("cx", String(x(index))), .attr("cy", String(y(value))), .attr("r", "4"),
                                    .attr("class", "dot " + line.className),
                                ]
                            ) {
                                Tag(
                                    "title",
                                    text: line.name + ", " + xLabels[index] + ": "
                                        + context.format.decimal(value, fractionDigits: 1))
                            }
                        }
                    }
                }
            },
            headers: [title] + xLabels,
            rows: series.map { line in
                [line.name] + line.values.map(context.rating)
            })
    }
}

/// The legend of a line chart's series.
struct ChartLegend: Component {
    let items: [(name: String, className: String)]

    var body: Component {
        Tag("ul", [.attr("class", "legend")]) {
            for item in items { Tag("li", [.attr("class", item.className)], text: item.name) }
        }
    }
}
