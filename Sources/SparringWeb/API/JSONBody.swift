import Foundation
import SparringDomain
import Vapor

extension Request {
    /// An API request's JSON body as `T`, strictly: the body must say it is JSON (415 otherwise), parse
    /// as `T` (400 naming the field and the type expected), and hold no field `T` does not know (400
    /// naming it) — a misspelt optional field would otherwise be dropped without a word.
    func decodeJSON<T: Decodable>(_ type: T.Type) throws -> T {
        guard let contentType = headers.contentType, contentType.type == "application",
            contentType.subType == "json" || contentType.subType.hasSuffix("+json")
        else { throw WebError.notJSON }
        guard let buffer = body.data, buffer.readableBytes > 0 else {
            throw AppError.badRequest(.errorBadJSON, field: nil)
        }
        let data = Data(buffer.readableBytesView)
        let value = try JSONDecoder.api.decode(T.self, from: data)
        // Top-level fields only: every body's fields are its stored properties (no custom keys).
        if let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] {
            let known = Set(Mirror(reflecting: value).children.compactMap(\.label))
            if let unknown = object.keys.filter({ !known.contains($0) }).sorted().first {
                throw AppError.badRequest(.errorUnknownField, field: unknown)
            }
        }
        return value
    }
}
