import Foundation

/// Replaces a person's name (and e-mail address) in free text with a placeholder, for erasure.
///
/// The whole name is matched, ignoring case but not accents ("kari nordmann" and "KARI NORDMANN" are
/// Kari Nordmann; "Kåri" is not), and only as whole words ("Kari Nordmannsen" is someone else). A first
/// name alone is left: it may well be a colleague's.
public struct Redaction: Sendable, Equatable {
    public var targets: [String]
    public var placeholder: String

    public init(targets: [String], placeholder: String) {
        // Longest first, so an e-mail address goes before a name inside it.
        self.targets = targets.map(\.trimmed).filter { $0.count >= 3 }.uniquedStrings.sorted { $0.count > $1.count }
        self.placeholder = placeholder
    }

    /// The placeholder written into text, in the organisation's language.
    public static func placeholder(_ locale: AppLocale) -> String {
        Localizer(locale)(.privacyPlaceholder)
    }

    public func matches(_ text: String) -> Bool { !ranges(in: text).isEmpty }

    /// The text with every occurrence replaced; the same text when there is none.
    public func apply(_ text: String) -> String {
        var result = text
        for range in ranges(in: text).reversed() { result.replaceSubrange(range, with: placeholder) }
        return result
    }

    /// Non-overlapping whole-word occurrences of any target, in order.
    func ranges(in text: String) -> [Range<String.Index>] {
        var found: [Range<String.Index>] = []
        for target in targets {
            var start = text.startIndex
            while let range = text.range(
                of: target, options: [.caseInsensitive], range: start..<text.endIndex, locale: nil)
            {
                start = range.upperBound
                let before = range.lowerBound == text.startIndex ? nil : text[text.index(before: range.lowerBound)]
                let after = range.upperBound == text.endIndex ? nil : text[range.upperBound]
                guard !(before.map(Self.isWordCharacter) ?? false), !(after.map(Self.isWordCharacter) ?? false),
                    !found.contains(where: { $0.overlaps(range) })
                else { continue }
                found.append(range)
            }
        }
        return found.sorted { $0.lowerBound < $1.lowerBound }
    }

    static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || character == "@" || character == "_"
    }
}
