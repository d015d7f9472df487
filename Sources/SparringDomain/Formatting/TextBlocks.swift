import Foundation

/// The shape of a text a person typed in a plain text area — paragraphs, line breaks, bulleted and
/// numbered lists — read from the text itself, so a page can show it as it was written without
/// taking markup from the author (the views build the elements; every word stays escaped text).
///
/// A blank line ends a paragraph; a single line break inside one is kept. A line starting with `•`,
/// `-`, `*`, `–` or `·` and a space is a bullet; `1.` or `1)` and a space starts numbered steps, which the
/// next numbers continue. Consecutive items of the same kind make one list, and a line indented under
/// an item continues it.
public enum TextBlock: Sendable, Equatable {
    /// Lines of one paragraph, in order.
    case paragraph([String])
    case bullets([String])
    /// The first number as written (a list may start at 3), then the items.
    case numbered(start: Int, [String])

    public static func blocks(_ text: String) -> [TextBlock] {
        var blocks: [TextBlock] = []
        var paragraph: [String] = []
        // Whether the line before was a list item: only then does an item continue its list.
        var afterItem = false
        func endParagraph() {
            if !paragraph.isEmpty { blocks.append(.paragraph(paragraph)) }
            paragraph = []
        }
        // `\r\n` from a browser's form and `\r` alone both end a line.
        let lines = text.replacingOccurrences(of: "\r\n", with: "\n").replacingOccurrences(of: "\r", with: "\n")
            .components(separatedBy: "\n")
        for raw in lines {
            let line = raw.trimmed
            defer { afterItem = !line.isEmpty && paragraph.isEmpty }
            if line.isEmpty {
                endParagraph()
                continue
            }
            if let item = bullet(line) {
                endParagraph()
                if afterItem, case .bullets(let items) = blocks.last {
                    blocks[blocks.count - 1] = .bullets(items + [item])
                } else {
                    blocks.append(.bullets([item]))
                }
            } else if let (number, item) = numbered(line), number == 1 || (afterItem && isNumbered(blocks.last)) {
                // A new list starts at 1: "12. desember kom svaret" opens a paragraph, not step 12.
                endParagraph()
                if afterItem, case .numbered(let start, let items) = blocks.last {
                    blocks[blocks.count - 1] = .numbered(start: start, items + [item])
                } else {
                    blocks.append(.numbered(start: number, [item]))
                }
            } else if afterItem, raw.first?.isWhitespace == true, let last = blocks.last {
                // An indented line right under a list item belongs to that item.
                switch last {
                case .bullets(var items):
                    items[items.count - 1] += "\n" + line
                    blocks[blocks.count - 1] = .bullets(items)
                case .numbered(let start, var items):
                    items[items.count - 1] += "\n" + line
                    blocks[blocks.count - 1] = .numbered(start: start, items)
                case .paragraph:
                    paragraph.append(line)
                }
            } else {
                paragraph.append(line)
            }
        }
        endParagraph()
        return blocks
    }

    static func isNumbered(_ block: TextBlock?) -> Bool {
        if case .numbered = block { return true }
        return false
    }

    static func bullet(_ line: String) -> String? {
        guard let first = line.first, "•-*–·".contains(first) else { return nil }
        let rest = line.dropFirst()
        guard rest.first == " " else { return nil }
        let item = String(rest).trimmed
        return item.isEmpty ? nil : item
    }

    static func numbered(_ line: String) -> (Int, String)? {
        let digits = line.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 3, let number = Int(digits) else { return nil }
        let rest = line.dropFirst(digits.count)
        guard let mark = rest.first, mark == "." || mark == ")", rest.dropFirst().first == " " else { return nil }
        let item = String(rest.dropFirst(2)).trimmed
        return item.isEmpty ? nil : (number, item)
    }
}
