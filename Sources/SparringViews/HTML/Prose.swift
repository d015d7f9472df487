import Plot
import SparringDomain

/// A text typed in a text area, shown as it was written: paragraphs, line breaks kept, bulleted and
/// numbered lists as lists (`TextBlock`). Only elements Sparring builds; the words are escaped text.
public struct Prose: Component {
    let text: String

    public init(_ text: String) { self.text = text }

    public var body: Component {
        ComponentGroup {
            for block in TextBlock.blocks(text) {
                switch block {
                case .paragraph(let lines): Tag("p") { Lines(lines) }
                case .bullets(let items):
                    Tag("ul") { for item in items { Tag("li") { Lines(item.components(separatedBy: "\n")) } } }
                case .numbered(let start, let items):
                    Tag("ol", start == 1 ? [] : [.attr("start", String(start))]) {
                        for item in items { Tag("li") { Lines(item.components(separatedBy: "\n")) } }
                    }
                }
            }
        }
    }

    /// Lines with a `<br>` between them.
    struct Lines: Component {
        let lines: [String]
        init(_ lines: [String]) { self.lines = lines }

        var body: Component {
            ComponentGroup {
                for (index, line) in lines.enumerated() {
                    if index > 0 { Node<Any>.raw("<br>") }
                    Txt(line)
                }
            }
        }
    }
}
