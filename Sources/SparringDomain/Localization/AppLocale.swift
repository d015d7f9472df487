import Foundation

/// The languages Sparring speaks. Every catalogue key exists in each.
public enum AppLocale: String, Codable, CaseIterable, Sendable, Hashable {
    case nb
    case en

    /// The language's own name, for the language switch (always shown in that language).
    public var nativeName: String {
        switch self {
        case .nb: "Norsk bokmål"
        case .en: "English"
        }
    }

    /// The language a text is written in, told by its commonest small words, or `nil` when it cannot
    /// be told (short, mixed, or neither). A story typed in Norwegian by someone whose pages are in
    /// English gets "kunden" for its hidden customer, not "the customer" in a Norwegian sentence.
    public static func written(_ text: String) -> AppLocale? {
        var norwegian = 0, english = 0
        for word in text.lowercased().split(whereSeparator: { !$0.isLetter }) {
            if norwegianWords.contains(String(word)) { norwegian += 1 }
            if englishWords.contains(String(word)) { english += 1 }
        }
        guard norwegian + english >= 3 else { return nil }
        if norwegian >= 2 * english { return .nb }
        if english >= 2 * norwegian { return .en }
        return nil
    }

    static let norwegianWords: Set<String> = [
        "og", "ikke", "som", "det", "er", "var", "på", "med", "til", "av", "vi", "de", "han", "hun", "har", "hadde",
        "ble", "den", "et", "en", "men", "så", "fra", "kunden", "ville", "skulle", "om", "etter", "også", "nå",
    ]
    static let englishWords: Set<String> = [
        "the", "and", "not", "that", "is", "was", "on", "with", "to", "of", "we", "they", "he", "she", "has", "had",
        "were", "it", "a", "an", "but", "so", "from", "customer", "would", "should", "about", "after", "also", "now",
    ]

    /// Picks the best supported language from an `Accept-Language` header, honouring q-values.
    /// Norwegian in any form (`nb`, `no`, `nn`) maps to bokmål: it is what we have, and a Nynorsk
    /// reader is better served by bokmål than by English.
    public static func fromAcceptLanguage(_ header: String?) -> AppLocale? {
        guard let header, !header.isEmpty else { return nil }
        var best: (locale: AppLocale, q: Double)?
        for part in header.split(separator: ",") {
            let pieces = part.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
            guard let tag = pieces.first?.lowercased(), !tag.isEmpty else { continue }
            var q = 1.0
            for parameter in pieces.dropFirst() where parameter.hasPrefix("q=") {
                q = Double(parameter.dropFirst(2)) ?? 0
            }
            guard q > 0 else { continue }
            let primary = tag.split(separator: "-").first.map(String.init) ?? tag
            let locale: AppLocale? =
                switch primary {
                case "nb", "no", "nn": .nb
                case "en": .en
                default: nil
                }
            if let locale, q > (best?.q ?? -1) { best = (locale, q) }
        }
        return best?.locale
    }
}

/// Looks up catalogue texts for one locale and fills `{name}` placeholders.
public struct Localizer: Sendable {
    public let locale: AppLocale

    public init(_ locale: AppLocale) { self.locale = locale }

    /// Marks a key missing from a catalogue so that a test (and a reader) can see it on the page.
    public static func rawKeyMarker(_ key: L10nKey) -> String { "⟦\(key.rawValue)⟧" }

    public static func catalogue(_ locale: AppLocale) -> [L10nKey: String] {
        switch locale {
        case .nb: Catalogue.nb
        case .en: Catalogue.en
        }
    }

    public func callAsFunction(_ key: L10nKey, _ arguments: [String: String] = [:]) -> String {
        guard let text = Self.catalogue(locale)[key] else { return Self.rawKeyMarker(key) }
        guard !arguments.isEmpty else { return text }
        // One pass over the text: each `{name}` is replaced by its value, and values are never searched
        // again, so a deal titled "{what}" stays as typed (replacing one argument after another put the
        // next argument into it), and a page of many lines spends no time bridging to NSString.
        var result = ""
        result.reserveCapacity(text.utf8.count + 32)
        var rest = text[...]
        while let open = rest.firstIndex(of: "{") {
            result += rest[..<open]
            let afterOpen = rest.index(after: open)
            if let close = rest[afterOpen...].firstIndex(of: "}"),
                let value = arguments[String(rest[afterOpen..<close])]
            {
                result += value
                rest = rest[rest.index(after: close)...]
            } else {
                result += "{"
                rest = rest[afterOpen...]
            }
        }
        result += rest
        return result
    }

    public func role(_ role: Role) -> String {
        switch role {
        case .admin: self(.roleAdmin)
        case .leader: self(.roleLeader)
        case .seller: self(.roleSeller)
        }
    }
}
