import Foundation

/// An opaque keyset cursor: the sort key values of the last row of a page, base64url-encoded JSON.
/// Keyset (not offset) pagination stays fast on large tables and does not skip or repeat rows
/// when rows are inserted between two requests.
public struct PageCursor: Sendable, Equatable {
    public var values: [String]

    public init(_ values: [String]) { self.values = values }

    public var encoded: String {
        let data = (try? JSONEncoder().encode(values)) ?? Data()
        return data.base64EncodedString()
            .replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Decodes a cursor of exactly `count` values, or throws the API's "bad cursor" error.
    public static func decode(_ text: String, count: Int) throws(AppError) -> PageCursor {
        var base64 = text.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        while base64.count % 4 != 0 { base64 += "=" }
        guard text.count <= 1024,
            let data = Data(base64Encoded: base64),
            let values = try? JSONDecoder().decode([String].self, from: data),
            values.count == count
        else { throw .badRequest(.errorBadCursor, field: "cursor") }
        return PageCursor(values)
    }
}

/// The limit rules shared by every list endpoint.
public enum PageLimit {
    public static let `default` = 50
    public static let maximum = 200

    public static func parse(_ raw: Int?) throws(AppError) -> Int {
        guard let raw else { return self.default }
        guard (1...maximum).contains(raw) else {
            throw .validation([FieldError("limit", .errorBadLimit, ["max": String(maximum)])])
        }
        return raw
    }
}

/// One page of results and the cursor of the next, if any.
public struct ResultPage<Item: Sendable>: Sendable {
    public var items: [Item]
    public var nextCursor: PageCursor?

    public init(items: [Item], nextCursor: PageCursor?) {
        self.items = items
        self.nextCursor = nextCursor
    }
}
