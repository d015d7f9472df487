import Foundation
import SparringDomain
import SparringStorage
import SparringViews
import Vapor

struct BulletinDTO: Content {
    var id: UUID
    var version: Int
    var authorID: UUID
    var title: String
    var text: String
    var source: String
    var why: String
    var teamIDs: [UUID]
    /// Linked deals the caller may open; `otherDeals` counts the rest.
    var dealIDs: [UUID]
    var otherDeals: Int
    var publishedAt: Date
    var updatedAt: Date
    /// The caller's own mark.
    var reaction: String?
    /// For the author, the teams' leaders and admins: how many marked it — never who.
    var useful: Int?
    var notRelevant: Int?

    init(_ item: BulletinItem) {
        let bulletin = item.bulletin
        id = bulletin.id
        version = bulletin.version
        authorID = bulletin.authorID
        title = bulletin.text.title
        text = bulletin.text.text
        source = bulletin.text.source
        why = bulletin.text.why
        teamIDs = bulletin.teamIDs
        dealIDs = item.deals.map(\.id)
        otherDeals = item.otherDeals
        publishedAt = bulletin.publishedAt
        updatedAt = bulletin.updatedAt
        reaction = item.reaction?.rawValue
        useful = item.tally?.useful
        notRelevant = item.tally?.notRelevant
    }
}

struct BulletinListDTO: Content {
    var page: Int
    var nextPage: Int?
    var items: [BulletinDTO]
}

struct SuggestedDealDTO: Content {
    var dealID: UUID
    var title: String
    var industry: String?
    var caseMatches: Bool
}

/// `/api/v1/bulletins…`: the same rules as the pages (`publishBulletin`, `readBulletin`,
/// `manageBulletin`, `viewBulletinCounts`).
struct BulletinsAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.api(.bulletins), use: list)
        routes.post(.api(.bulletins), use: create)
        routes.get(.api(.bulletin(UUID())), use: show)
        routes.on(.PATCH, SiteRoute.api(.bulletin(UUID())).pathComponents, use: patch)
        routes.post(.api(.bulletinReaction(UUID())), use: react)
        routes.get(.api(.bulletinDeals(UUID())), use: suggestions)
        routes.post(.api(.bulletinDeals(UUID())), use: link)
    }

    func dto(_ req: Request, _ bulletin: Bulletin) async throws -> BulletinDTO {
        BulletinDTO(try await req.bulletinItems([bulletin])[0])
    }

    func list(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let page = try LibraryRequest.page(req)
        let size = BulletinsController.pageSize
        let bulletins = try await req.tenant().bulletins.feed(
            audience: BulletinAudience(identity.actor), limit: size + 1, offset: (page - 1) * size)
        return try json(
            BulletinListDTO(
                page: page, nextPage: bulletins.count > size ? page + 1 : nil,
                items: try await req.bulletinItems(Array(bulletins.prefix(size))).map(BulletinDTO.init)))
    }

    struct BulletinBody: Content {
        var version: Int?
        var title: String?
        var text: String?
        var source: String?
        var why: String?
        var teamIDs: [UUID]?

        var content: BulletinText { ShareInput.bulletin(title: title, text: text, source: source, why: why) }
    }

    func create(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let body = try req.decodeJSON(BulletinBody.self)
        let teams = body.teamIDs ?? []
        guard !(try await req.ledTeams()).isEmpty else { throw AppError.forbidden }
        if !teams.isEmpty { try req.authorize(.publishBulletin(teamIDs: Set(teams))) }
        let bulletin = try await req.tenant().bulletins.publish(
            body.content, teamIDs: teams, by: identity.user.id, at: req.now)
        return try json(try await dto(req, bulletin), status: .created)
    }

    func show(req: Request) async throws -> Response {
        try json(try await dto(req, try await req.readableBulletin(try req.id("bulletinID"))))
    }

    func manageable(_ req: Request) async throws -> Bulletin {
        let bulletin = try await req.readableBulletin(try req.id("bulletinID"))
        try req.authorize(.manageBulletin(authorID: bulletin.authorID, teamIDs: Set(bulletin.teamIDs)))
        return bulletin
    }

    /// Saves the whole bulletin as sent at `version`.
    func patch(req: Request) async throws -> Response {
        let bulletin = try await manageable(req)
        let body = try req.decodeJSON(BulletinBody.self)
        guard let version = body.version else { throw AppError.invalid("version", .errorRequired) }
        let teams = body.teamIDs ?? []
        if !teams.isEmpty { try req.authorize(.publishBulletin(teamIDs: Set(teams))) }
        let store = try req.tenant().bulletins
        do {
            try await store.edit(bulletin.id, expectedVersion: version, text: body.content, teamIDs: teams, at: req.now)
        } catch AppError.conflict {
            return try conflictResponse(req, try await dto(req, try await store.bulletin(bulletin.id)))
        }
        return try json(try await dto(req, try await store.bulletin(bulletin.id)))
    }

    struct ReactionBody: Content {
        /// `useful`, `notRelevant`, or null to take the mark back.
        var reaction: String?
    }

    func react(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let bulletin = try await req.readableBulletin(try req.id("bulletinID"))
        let body = try req.decodeJSON(ReactionBody.self)
        var reaction: BulletinReaction?
        if let value = body.reaction {
            guard let known = BulletinReaction(rawValue: value) else {
                throw AppError.invalid("reaction", .errorChoice)
            }
            reaction = known
        }
        let store = try req.tenant().bulletins
        try await store.react(bulletin.id, userID: identity.user.id, reaction, at: req.now)
        return try json(try await dto(req, try await store.bulletin(bulletin.id)))
    }

    func suggestions(req: Request) async throws -> Response {
        let bulletin = try await manageable(req)
        return try json(
            try await req.tenant().bulletins.suggestedDeals(bulletin.id).map {
                SuggestedDealDTO(dealID: $0.dealID, title: $0.title, industry: $0.industry, caseMatches: $0.caseMatches)
            })
    }

    struct LinkBody: Content {
        var dealIDs: [UUID]?
        var remove: [UUID]?
    }

    func link(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let bulletin = try await manageable(req)
        let body = try req.decodeJSON(LinkBody.self)
        let store = try req.tenant().bulletins
        try await store.link(
            bulletin.id, dealIDs: body.dealIDs ?? [], remove: body.remove ?? [],
            visibility: DealVisibility(identity.actor),
            by: identity.user.id, at: req.now)
        return try json(try await dto(req, try await store.bulletin(bulletin.id)))
    }
}
