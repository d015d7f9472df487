import Foundation
import SparringDomain
import SparringStorage
import SparringViews
import Vapor

extension Request {
    /// The bulletin, if the signed-in person may read it; otherwise "not found".
    func readableBulletin(_ id: UUID) async throws -> Bulletin {
        let identity = try signedIn()
        let bulletin = try await tenant().bulletins.bulletin(id)
        guard Policy().allows(identity.actor, .readBulletin(teamIDs: bulletin.teamIDs, authorID: bulletin.authorID))
        else { throw AppError.notFound }
        return bulletin
    }

    /// Bulletins with what the reader sees of them: names, their own mark, the counts when allowed,
    /// and the linked deals they may open. A few queries for the whole list.
    func bulletinItems(_ bulletins: [Bulletin]) async throws -> [BulletinItem] {
        let identity = try signedIn()
        let actor = identity.actor
        let tenant = try tenant()
        let store = tenant.bulletins
        let ids = bulletins.map(\.id)
        let reactions = try await store.reactions(of: actor.userID, on: ids)
        let counted = bulletins.filter {
            Policy().allows(actor, .viewBulletinCounts(teamIDs: $0.teamIDs, authorID: $0.authorID))
        }
        let tallies = try await store.tallies(counted.map(\.id))
        let teams = Dictionary(uniqueKeysWithValues: try await tenant.teams.names().map { ($0.id, $0.name) })
        let authors = try await tenant.users.names(of: bulletins.map(\.authorID))
        var deals: [UUID: Deal] = [:]
        for id in Set(bulletins.flatMap(\.dealIDs)) {
            if let deal = try? await tenant.deals.find(id) { deals[id] = deal }
        }
        return bulletins.map { bulletin in
            let visible = bulletin.dealIDs.compactMap { deals[$0] }.filter {
                Policy().allows(actor, .workOnDeal(ownerID: $0.ownerID, teamID: $0.teamID))
            }
            return BulletinItem(
                bulletin: bulletin, authorName: authors[bulletin.authorID] ?? "—",
                teamNames: bulletin.teamIDs.compactMap { teams[$0] }.sorted(), reaction: reactions[bulletin.id],
                tally: counted.contains { $0.id == bulletin.id } ? tallies[bulletin.id] ?? BulletinTally() : nil,
                deals: visible.map { ($0.id, $0.title) }, otherDeals: bulletin.dealIDs.count - visible.count)
        }
    }
}

/// Bulletins (Share): leaders forward news from above to teams with why it matters and link the deals
/// it affects; sellers read their feed and mark each useful or not relevant.
struct BulletinsController: RouteCollection {
    static let pageSize = 20

    func boot(routes: any RoutesBuilder) throws {
        routes.get(.bulletins, use: feed)
        routes.post(.bulletins, use: create)
        routes.get(.bulletinNew, use: new)
        routes.get(.bulletin(UUID()), use: show)
        routes.get(.bulletinEdit(UUID()), use: edit)
        routes.post(.bulletinEdit(UUID()), use: update)
        routes.post(.bulletinReaction(UUID()), use: react)
        routes.post(.bulletinDeals(UUID()), use: link)
    }

    func feed(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let page = try LibraryRequest.page(req)
        let bulletins = try await req.tenant().bulletins.feed(
            audience: BulletinAudience(identity.actor), limit: Self.pageSize + 1, offset: (page - 1) * Self.pageSize)
        let model = BulletinFeedPage.Model(
            items: try await req.bulletinItems(Array(bulletins.prefix(Self.pageSize))),
            canWrite: !(try await req.ledTeams()).isEmpty, page: page,
            hasNextPage: bulletins.count > Self.pageSize)
        return htmlResponse(BulletinFeedPage.View(model: model, context: try await req.pageContext()).render())
    }

    struct BulletinForm: Content {
        var version: Int?
        var title: String?
        var text: String?
        var source: String?
        var why: String?
        var teams: [String]?

        var content: BulletinText { ShareInput.bulletin(title: title, text: text, source: source, why: why) }

        var teamIDs: [UUID] { (teams ?? []).compactMap(UUID.init(uuidString:)) }

        var state: FormState {
            FormState(
                values: ["title": title ?? "", "text": text ?? "", "source": source ?? "", "why": why ?? ""],
                lists: ["teams": Set(teams ?? [])])
        }
    }

    func form(
        _ req: Request, bulletin: Bulletin?, version: Int, state: FormState, savedMeanwhile: Bulletin? = nil,
        status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let model = BulletinFormPage.Model(
            bulletin: bulletin, version: version, teams: try await req.ledTeams(), state: state,
            savedMeanwhile: savedMeanwhile)
        return htmlResponse(
            BulletinFormPage.View(model: model, context: try await req.pageContext()).render(), status: status)
    }

    func new(req: Request) async throws -> Response {
        guard !(try await req.ledTeams()).isEmpty else { throw AppError.forbidden }
        return try await form(req, bulletin: nil, version: 0, state: FormState())
    }

    func create(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let input = try req.content.decode(BulletinForm.self)
        var state = input.state
        do {
            // Teams the writer may not send to are refused by the policy, as a whole.
            guard !(try await req.ledTeams()).isEmpty else { throw AppError.forbidden }
            if !input.teamIDs.isEmpty { try req.authorize(.publishBulletin(teamIDs: Set(input.teamIDs))) }
            let bulletin = try await req.tenant().bulletins.publish(
                input.content, teamIDs: input.teamIDs, by: identity.user.id, at: req.now)
            return req.redirect(to: .bulletin(bulletin.id), notice: .bulletinPublished)
        } catch AppError.validation(let errors) {
            state.errors = errors
            return try await form(req, bulletin: nil, version: 0, state: state, status: .unprocessableEntity)
        }
    }

    func show(req: Request) async throws -> Response {
        try await page(req, state: FormState())
    }

    func page(_ req: Request, state: FormState, status: HTTPResponseStatus = .ok) async throws -> Response {
        let identity = try req.signedIn()
        let bulletin = try await req.readableBulletin(try req.id("bulletinID"))
        let canManage = Policy().allows(
            identity.actor, .manageBulletin(authorID: bulletin.authorID, teamIDs: Set(bulletin.teamIDs)))
        let model = BulletinPage.Model(
            item: try await req.bulletinItems([bulletin])[0], canManage: canManage,
            suggestions: canManage ? try await req.tenant().bulletins.suggestedDeals(bulletin.id) : [], state: state)
        return htmlResponse(
            BulletinPage.View(model: model, context: try await req.pageContext()).render(), status: status)
    }

    /// The bulletin, if the person may manage it: 404 if they may not read it, 403 if they may read only.
    func manageable(_ req: Request) async throws -> Bulletin {
        let bulletin = try await req.readableBulletin(try req.id("bulletinID"))
        try req.authorize(.manageBulletin(authorID: bulletin.authorID, teamIDs: Set(bulletin.teamIDs)))
        return bulletin
    }

    func edit(req: Request) async throws -> Response {
        let bulletin = try await manageable(req)
        return try await form(
            req, bulletin: bulletin, version: bulletin.version, state: BulletinFormPage.state(bulletin))
    }

    func update(req: Request) async throws -> Response {
        let bulletin = try await manageable(req)
        let input = try req.content.decode(BulletinForm.self)
        var state = input.state
        let version = input.version ?? 0
        let store = try req.tenant().bulletins
        do {
            if !input.teamIDs.isEmpty { try req.authorize(.publishBulletin(teamIDs: Set(input.teamIDs))) }
            try await store.edit(
                bulletin.id, expectedVersion: version, text: input.content, teamIDs: input.teamIDs, at: req.now)
            return req.redirect(to: .bulletin(bulletin.id), notice: .bulletinSaved)
        } catch AppError.validation(let errors) {
            state.errors = errors
            return try await form(
                req, bulletin: bulletin, version: version, state: state, status: .unprocessableEntity)
        } catch AppError.conflict {
            let current = try await store.bulletin(bulletin.id)
            state.errors = [FieldError("version", .errorConflict)]
            return try await form(
                req, bulletin: current, version: current.version, state: state, savedMeanwhile: current,
                status: .conflict)
        }
    }

    /// Marks the bulletin useful or not relevant (or, `none`, takes the mark back); back to where the
    /// reader was.
    func react(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let bulletin = try await req.readableBulletin(try req.id("bulletinID"))
        let value = (try? req.content.get(String.self, at: "reaction")) ?? ""
        let reaction = BulletinReaction(rawValue: value)
        guard reaction != nil || value == "none" else { throw AppError.badRequest(.errorChoice, field: "reaction") }
        try await req.tenant().bulletins.react(bulletin.id, userID: identity.user.id, reaction, at: req.now)
        let back =
            (try? req.content.get(String.self, at: "from")) == "page"
            ? SiteRoute.bulletin(bulletin.id).path : SiteRoute.bulletins.path + "#bulletin-" + bulletin.id.uuidString
        return req.redirect(to: back, notice: .bulletinMarked)
    }

    /// Links the chosen deals, or (`remove`) unlinks one.
    func link(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let bulletin = try await manageable(req)
        let store = try req.tenant().bulletins
        if let remove = try? req.content.get(String.self, at: "remove") {
            guard let dealID = UUID(uuidString: remove) else {
                throw AppError.badRequest(.errorInvalidID, field: "remove")
            }
            try await store.link(
                bulletin.id, dealIDs: [], remove: [dealID], visibility: DealVisibility(identity.actor),
                by: identity.user.id, at: req.now)
            return req.redirect(to: .bulletin(bulletin.id), notice: .bulletinSaved)
        }
        let ids = ((try? req.content.get([String].self, at: "dealIDs")) ?? []).compactMap(UUID.init(uuidString:))
        do {
            guard !ids.isEmpty else { throw AppError.invalid("dealIDs", .errorRequired) }
            try await store.link(
                bulletin.id, dealIDs: ids, visibility: DealVisibility(identity.actor), by: identity.user.id, at: req.now
            )
        } catch AppError.validation(let errors) {
            return try await page(req, state: FormState(errors: errors), status: .unprocessableEntity)
        }
        return req.redirect(to: .bulletin(bulletin.id), notice: .bulletinDealsLinked)
    }
}
