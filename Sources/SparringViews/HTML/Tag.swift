import Plot

// Plot renders attribute values verbatim and lets entity-like text through, so every dynamic
// value in Sparring goes through these helpers, which escape completely. Views use `Tag`, `Void`
// and `Txt` rather than Plot's value-taking components (`Input(value:)`, `Link(url:)`), so
// escaping is the only path, not a habit.

/// Escapes text for use in HTML element content and quoted attribute values.
public func escapeHTML(_ string: String) -> String {
    var out = ""
    out.reserveCapacity(string.utf8.count)
    for character in string.unicodeScalars {
        switch character {
        case "&": out += "&amp;"
        case "<": out += "&lt;"
        case ">": out += "&gt;"
        case "\"": out += "&quot;"
        case "'": out += "&#39;"
        default: out.unicodeScalars.append(character)
        }
    }
    return out
}

/// An attribute: a name and a value (escaped), or a boolean attribute when `value` is `nil`.
public struct Attr: Sendable {
    let name: String
    let value: String?
    let present: Bool

    public static func attr(_ name: String, _ value: String) -> Attr { Attr(name: name, value: value, present: true) }
    /// A boolean attribute (`required`, `checked`, …), present only when `on`.
    public static func flag(_ name: String, _ on: Bool = true) -> Attr { Attr(name: name, value: nil, present: on) }
    public static func optional(_ name: String, _ value: String?) -> Attr {
        Attr(name: name, value: value, present: value != nil)
    }

    var node: Node<Any>? {
        guard present else { return nil }
        return .attribute(named: name, value: value.map(escapeHTML), ignoreIfValueIsEmpty: false)
    }
}

/// Escaped text.
public struct Txt: Component {
    let string: String
    public init(_ string: String) { self.string = string }
    public var body: Component { Node<Any>.raw(escapeHTML(string)) }
}

/// An element with escaped attributes and child components.
public struct Tag: Component {
    let name: String
    let attributes: [Attr]
    let content: ContentProvider

    public init(_ name: String, _ attributes: [Attr] = [], @ComponentBuilder content: @escaping ContentProvider) {
        self.name = name
        self.attributes = attributes
        self.content = content
    }

    /// An element holding only text.
    public init(_ name: String, _ attributes: [Attr] = [], text: String) {
        self.init(name, attributes) { Txt(text) }
    }

    public var body: Component {
        Node<Any>.element(named: name, nodes: attributes.compactMap(\.node) + [.component(content())])
    }
}

/// A void element (`input`, `meta`, `link`) with escaped attributes.
public struct VoidTag: Component {
    let name: String
    let attributes: [Attr]

    public init(_ name: String, _ attributes: [Attr]) {
        self.name = name
        self.attributes = attributes
    }

    public var body: Component {
        Node<Any>.selfClosedElement(
            named: name,
            attributes: attributes.compactMap { attribute in
                attribute.present
                    ? Plot.Attribute<Any>(
                        name: attribute.name, value: attribute.value.map(escapeHTML),
                        ignoreIfValueIsEmpty: false) : nil
            })
    }
}
