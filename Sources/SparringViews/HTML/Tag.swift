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

/// Writes a component tree into one string. Plot's own renderer reflects on every component (a
/// `Mirror`, to hand out environment values) and renders each child into a string of its own that the
/// parent then copies; with a few hundred components a page, that was most of a request's time
/// (2,600 pages/s on two cores). Sparring's components use no environment values, so this walks them
/// directly; anything it does not know (a Plot node or element) is still rendered by Plot.
public enum HTMLWriter {
    public static func render(_ component: Component) -> String {
        var out = ""
        out.reserveCapacity(16 * 1024)
        write(component, into: &out)
        return out
    }

    static func write(_ component: Component, into out: inout String) {
        switch component {
        case let text as Txt:
            out += escapeHTML(text.string)
        case let tag as Tag:
            out += "<" + tag.name
            writeAttributes(tag.attributes, into: &out)
            out += ">"
            write(tag.content(), into: &out)
            out += "</" + tag.name + ">"
        case let tag as VoidTag:
            out += "<" + tag.name
            writeAttributes(tag.attributes, into: &out)
            out += "/>"
        case let group as ComponentGroup:
            for member in group.members { write(member, into: &out) }
        default:
            let body = component.body
            if type(of: body) == type(of: component) {
                out += component.render()  // a Plot node: its body is itself
            } else {
                write(body, into: &out)
            }
        }
    }

    private static func writeAttributes(_ attributes: [Attr], into out: inout String) {
        for attribute in attributes where attribute.present {
            out += " " + attribute.name
            if let value = attribute.value { out += "=\"" + escapeHTML(value) + "\"" }
        }
    }
}
