import Foundation
import SparringDomain
import SparringStorage
import SparringViews
import Vapor

/// `/api/v1`: the first endpoints. Every list follows the same cursor pagination.
struct APIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.api(.me), use: me)
        routes.get(.api(.teams), use: teams)
        routes.get(.api(.users), use: users)
        routes.get(.openAPI, use: openAPI)
    }

    func me(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        return try json(MeDTO(user: UserDTO(identity.user), organisation: OrganisationDTO(identity.organisation)))
    }

    func teams(req: Request) async throws -> Response {
        try req.authorize(.viewDirectory)
        let (limit, cursor) = try req.pageQuery().parsed(keys: 2)
        let page = try await req.tenant().teams.page(limit: limit, after: cursor)
        return try json(PageDTO(items: page.items.map(TeamDTO.init), nextCursor: page.nextCursor?.encoded))
    }

    struct UsersQuery: Content {
        var includeDeactivated: Bool?
    }

    func users(req: Request) async throws -> Response {
        let identity = try req.authorize(.viewDirectory)
        let (limit, cursor) = try req.pageQuery().parsed(keys: 2)
        let wantsAll = (try? req.query.decode(UsersQuery.self).includeDeactivated) ?? false
        if wantsAll { try Policy().authorize(identity.actor, .viewDeactivatedUsers) }
        let page = try await req.tenant().users.page(limit: limit, after: cursor, includeDeactivated: wantsAll == true)
        return try json(PageDTO(items: page.items.map(UserDTO.init), nextCursor: page.nextCursor?.encoded))
    }

    func openAPI(req: Request) throws -> Response {
        let response = Response(status: .ok, body: .init(data: OpenAPIDocument.json))
        response.headers.contentType = .json
        return response
    }
}
