import Foundation
import SparringDomain
import Vapor

// API output types. Never Fluent models: these are the contract, documented in `OpenAPIDocument`.

struct OrganisationDTO: Content {
    var id: UUID
    var name: String
    var defaultLocale: String
    var baseCurrency: String
    var timeZone: String

    init(_ organisation: Organisation) {
        id = organisation.id
        name = organisation.name
        defaultLocale = organisation.defaultLocale.rawValue
        baseCurrency = organisation.baseCurrency
        timeZone = organisation.timeZone
    }
}

struct UserDTO: Content {
    var id: UUID
    var name: String
    var email: String
    var role: String
    var locale: String?
    var active: Bool
    var memberOf: [UUID]
    var leads: [UUID]
    var createdAt: Date

    init(_ user: User) {
        id = user.id
        name = user.name
        email = user.email
        role = user.role.rawValue
        locale = user.locale?.rawValue
        active = user.isActive
        memberOf = user.memberOf.sorted { $0.uuidString < $1.uuidString }
        leads = user.leads.sorted { $0.uuidString < $1.uuidString }
        createdAt = user.createdAt
    }
}

struct MeDTO: Content {
    var user: UserDTO
    var organisation: OrganisationDTO
}

struct TeamDTO: Content {
    var id: UUID
    var name: String
    var version: Int
    var leaderIDs: [UUID]
    var memberIDs: [UUID]

    init(_ team: Team) {
        id = team.id
        name = team.name
        version = team.version
        leaderIDs = team.leaderIDs.sorted { $0.uuidString < $1.uuidString }
        memberIDs = team.memberIDs.sorted { $0.uuidString < $1.uuidString }
    }
}

/// Every list endpoint answers with this shape.
struct PageDTO<Item: Content>: Content {
    var items: [Item]
    var nextCursor: String?
}

/// `limit` and `cursor` as every list endpoint reads them.
struct PageQuery: Content {
    var limit: Int?
    var cursor: String?

    func parsed(keys: Int) throws -> (limit: Int, cursor: PageCursor?) {
        (try PageLimit.parse(limit), try cursor.map { try PageCursor.decode($0, count: keys) })
    }
}

extension Request {
    /// Query parameters of a list endpoint; wrong types become a 400 naming the parameter.
    func pageQuery() throws -> PageQuery { try listQuery(PageQuery.self) }

    /// A list endpoint's query. `limit` is its one typed parameter, so a wrong type is named as it; a
    /// query that is not even valid UTF-8 names none.
    func listQuery<T: Decodable>(_ type: T.Type) throws -> T {
        do {
            return try query.decode(T.self)
        } catch {
            let readable = url.string.removingPercentEncoding != nil
            throw AppError.badRequest(.errorBadRequest, field: readable ? "limit" : nil)
        }
    }
}

/// Encodes API responses with the API's encoder (ISO-8601 dates).
func json<T: Encodable>(_ value: T, status: HTTPResponseStatus = .ok) throws -> Response {
    let response = Response(status: status)
    try response.content.encode(value, using: JSONEncoder.api)
    return response
}
