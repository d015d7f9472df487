import Foundation
import Plot
import SparringDomain

/// A text as written, with every innovation-blocking phrase in it marked and, under it, the opening
/// question that answers each one. It never changes or blocks the text: it only asks.
struct BlockerText: Component {
    let context: PageContext
    let text: String

    var body: Component {
        let findings = BlockerDetector().findings(in: text)
        guard !findings.isEmpty else { return Txt(text) }
        // The text cut into plain pieces and marked phrases, in order.
        let scalars = Array(text.unicodeScalars)
        func piece(_ range: Range<Int>) -> String { String(String.UnicodeScalarView(scalars[range])) }
        var parts: [(text: String, bias: BlockerBias?)] = []
        var position = 0
        for finding in findings where finding.start >= position {
            parts.append((piece(position..<finding.start), nil))
            parts.append((finding.phrase, finding.bias))
            position = finding.end
        }
        parts.append((piece(position..<scalars.count), nil))
        let questions = Set(findings.map(\.bias)).sorted { $0.rawValue < $1.rawValue }
        return ComponentGroup {
            for part in parts {
                if let bias = part.bias {
                    Tag("mark", [.attr("class", "blocker"), .attr("title", context.t(bias.question))], text: part.text)
                } else {
                    Txt(part.text)
                }
            }
            for bias in questions {
                Tag("p", [.attr("class", "blocker-question")], text: "→ " + context.t(bias.question))
            }
        }
    }
}
