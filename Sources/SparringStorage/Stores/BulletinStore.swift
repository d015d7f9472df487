import FluentKit
import Foundation
import SQLKit
import SparringDomain

/// The organisation's bulletins: publishing to teams, editing (versioned), the feed, readers' marks
/// and their counts, and the deals a bulletin affects. The caller has checked the policy
/// (`publishBulletin`, `manageBulletin`, `readBulletin`); the feed is narrowed here by `BulletinAudience`.
public struct BulletinStore: Sendable {
    let db: any Database
    let organisationID: UUID

    public init(db: any Database, organisationID: UUID) {
        self.db = db
        self.organisationID = organisationID
    }

    var sql: any SQLDatabase { db as! any SQLDatabase }

    // MARK: Reading

    /// Bulletins from rows, with their teams and linked deals in one query each.
    func bulletins(_ rows: [any SQLRow]) async throws -> [Bulletin] {
        let ids = try rows.map { try $0.decode(column: "id", as: UUID.self) }
        var teams: [UUID: [UUID]] = [:]
        var deals: [UUID: [UUID]] = [:]
        if !ids.isEmpty {
            for row in try await sql.select().columns("bulletin_id", "team_id").from("bulletin_teams")
                .where("bulletin_id", .in, ids).where("organisation_id", .equal, organisationID).all()
            {
                teams[try row.decode(column: "bulletin_id", as: UUID.self), default: []]
                    .append(try row.decode(column: "team_id", as: UUID.self))
            }
            for row in try await sql.select().columns("bulletin_id", "deal_id").from("bulletin_deals")
                .where("bulletin_id", .in, ids).where("organisation_id", .equal, organisationID)
                .orderBy("linked_at").all()
            {
                deals[try row.decode(column: "bulletin_id", as: UUID.self), default: []]
                    .append(try row.decode(column: "deal_id", as: UUID.self))
            }
        }
        teams = teams.sortedByID
        return try rows.map { row in
            let id = try row.decode(column: "id", as: UUID.self)
            return Bulletin(
                id: id, authorID: try row.decode(column: "author_id", as: UUID.self),
                text: BulletinText(
                    title: try row.decode(column: "title", as: String.self),
                    text: try row.decode(column: "text", as: String.self),
                    source: try row.decode(column: "source", as: String.self),
                    why: try row.decode(column: "why", as: String.self)),
                teamIDs: teams[id] ?? [], dealIDs: deals[id] ?? [],
                publishedAt: try row.decode(column: "published_at", as: Date.self),
                updatedAt: try row.decode(column: "updated_at", as: Date.self),
                version: try row.decode(column: "version", as: Int.self))
        }
    }

    /// The organisation's bulletin; whether the reader may see it is the policy's (`readBulletin`).
    public func bulletin(_ id: UUID) async throws -> Bulletin {
        guard
            let row = try await sql.select().column("*").from("bulletins").where("id", .equal, id)
                .where("organisation_id", .equal, organisationID).first()
        else { throw AppError.notFound }
        return try await bulletins([row])[0]
    }

    /// The bulletins the audience reads, newest first: those sent to its teams and its own.
    public func feed(audience: BulletinAudience, limit: Int, offset: Int) async throws -> [Bulletin] {
        let select = sql.select().column("*").from("bulletins").where("organisation_id", .equal, organisationID)
        if case .some(let teams, let authorID) = audience {
            // The teams' bulletin ids come from the team index, newest first; the author's own from theirs.
            // Distinct: a bulletin sent to two of the reader's teams is one of the `limit + offset`
            // newest, not two (a leader of both teams got half a page).
            var ids = Set<UUID>()
            if !teams.isEmpty {
                ids.formUnion(
                    try await sql.select().distinct().column("bulletin_id").from("bulletin_teams")
                        .where("organisation_id", .equal, organisationID).where("team_id", .in, Array(teams))
                        .orderBy(SQLOrderBy(expression: SQLColumn("bulletin_id"), direction: SQLDirection.descending))
                        .limit(limit + offset).all().map { try $0.decode(column: "bulletin_id", as: UUID.self) })
            }
            ids.formUnion(
                try await sql.select().column("id").from("bulletins").where("organisation_id", .equal, organisationID)
                    .where("author_id", .equal, authorID)
                    .orderBy(SQLOrderBy(expression: SQLColumn("published_at"), direction: SQLDirection.descending))
                    .orderBy(SQLOrderBy(expression: SQLColumn("id"), direction: SQLDirection.descending))
                    .limit(limit + offset).all().map { try $0.decode(column: "id", as: UUID.self) })
            guard !ids.isEmpty else { return [] }
            select.where("id", .in, Array(ids))
        }
        return try await bulletins(
            select.orderBy(SQLOrderBy(expression: SQLColumn("published_at"), direction: SQLDirection.descending))
                .orderBy(SQLOrderBy(expression: SQLColumn("id"), direction: SQLDirection.descending))
                .limit(limit).offset(offset).all())
    }

    // MARK: Writing

    /// Fails with a field error unless every team is the organisation's.
    func checkTeams(_ ids: [UUID]) async throws {
        guard !ids.isEmpty else { throw AppError.invalid("teamIDs", .errorRequired) }
        let known = Set(try await TeamStore(db: db, organisationID: organisationID).names().map(\.id))
        guard Set(ids).isSubset(of: known) else { throw AppError.invalid("teamIDs", .errorUnknownTeam) }
    }

    public func publish(
        _ text: BulletinText, teamIDs: [UUID], by authorID: UUID, at time: Date
    ) async throws
        -> Bulletin
    {
        let problems = text.problems()
        guard problems.isEmpty else { throw AppError.validation(problems) }
        try await checkTeams(teamIDs)
        let id = UUID.timeOrdered(at: time)
        try await db.writeTransaction { tx in
            let store = BulletinStore(db: tx, organisationID: organisationID)
            try await store.sql.insert(into: "bulletins")
                .columns(
                    "id", "organisation_id", "author_id", "title", "text", "source", "why", "published_at",
                    "updated_at", "version"
                )
                .values(
                    SQLBind(id), SQLBind(organisationID), SQLBind(authorID), SQLBind(text.title), SQLBind(text.text),
                    SQLBind(text.source), SQLBind(text.why), SQLBind(time), SQLBind(time), SQLBind(1)
                ).run()
            try await store.setTeams(id, teamIDs)
        }
        return try await bulletin(id)
    }

    func setTeams(_ id: UUID, _ teamIDs: [UUID]) async throws {
        try await sql.delete(from: "bulletin_teams").where("bulletin_id", .equal, id)
            .where("organisation_id", .equal, organisationID).run()
        for team in teamIDs.uniqued {
            try await sql.insert(into: "bulletin_teams").columns("id", "organisation_id", "bulletin_id", "team_id")
                .values(SQLBind(UUID()), SQLBind(organisationID), SQLBind(id), SQLBind(team)).run()
        }
    }

    /// Saves the bulletin as edited from `expectedVersion`; a stale version throws `AppError.conflict`.
    public func edit(
        _ id: UUID, expectedVersion: Int, text: BulletinText, teamIDs: [UUID], at time: Date
    ) async throws {
        let problems = text.problems()
        guard problems.isEmpty else { throw AppError.validation(problems) }
        _ = try await bulletin(id)
        try await checkTeams(teamIDs)
        try await db.writeTransaction { tx in
            let store = BulletinStore(db: tx, organisationID: organisationID)
            let saved = try await store.sql.updateVersioned(
                "bulletins", id: id, organisationID: organisationID, expectedVersion: expectedVersion, at: time
            ) {
                $0.set("title", to: text.title).set("text", to: text.text).set("source", to: text.source)
                    .set("why", to: text.why)
            }
            guard saved else { throw AppError.conflict }
            try await store.setTeams(id, teamIDs)
        }
    }

    /// Sets (or, with nil, clears) the reader's one mark on the bulletin.
    public func react(_ id: UUID, userID: UUID, _ reaction: BulletinReaction?, at time: Date) async throws {
        _ = try await bulletin(id)
        try await db.writeTransaction { tx in
            let sql = tx as! any SQLDatabase
            try await sql.delete(from: "bulletin_reactions").where("bulletin_id", .equal, id)
                .where("user_id", .equal, userID).where("organisation_id", .equal, organisationID).run()
            if let reaction {
                try await sql.insert(into: "bulletin_reactions")
                    .columns("id", "organisation_id", "bulletin_id", "user_id", "reaction", "at")
                    .values(
                        SQLBind(UUID()), SQLBind(organisationID), SQLBind(id), SQLBind(userID),
                        SQLBind(reaction.rawValue), SQLBind(time)
                    ).run()
            }
        }
    }

    /// The reader's own marks on these bulletins.
    public func reactions(of userID: UUID, on ids: [UUID]) async throws -> [UUID: BulletinReaction] {
        guard !ids.isEmpty else { return [:] }
        var result: [UUID: BulletinReaction] = [:]
        for row in try await sql.select().columns("bulletin_id", "reaction").from("bulletin_reactions")
            .where("bulletin_id", .in, ids).where("user_id", .equal, userID)
            .where("organisation_id", .equal, organisationID).all()
        {
            result[try row.decode(column: "bulletin_id", as: UUID.self)] = BulletinReaction(
                rawValue: try row.decode(column: "reaction", as: String.self))
        }
        return result
    }

    /// How many marked each bulletin useful and not relevant; never who.
    public func tallies(_ ids: [UUID]) async throws -> [UUID: BulletinTally] {
        guard !ids.isEmpty else { return [:] }
        var result: [UUID: BulletinTally] = [:]
        for row in try await sql.select().columns("bulletin_id", "reaction").column(
            SQLFunction("COUNT", args: SQLLiteral.all), as: "n"
        )
        .from("bulletin_reactions").where("bulletin_id", .in, ids)
        .where("organisation_id", .equal, organisationID).groupBy("bulletin_id").groupBy("reaction").all() {
            let id = try row.decode(column: "bulletin_id", as: UUID.self)
            let count = try row.decode(column: "n", as: Int.self)
            var tally = result[id] ?? BulletinTally()
            switch BulletinReaction(rawValue: try row.decode(column: "reaction", as: String.self)) {
            case .useful: tally.useful += count
            case .notRelevant: tally.notRelevant += count
            case nil: break
            }
            result[id] = tally
        }
        return result
    }

    // MARK: The deals a bulletin affects

    /// Links open deals of the organisation that the linking person may see (`visibility`) to the
    /// bulletin; a deal already linked stays linked once.
    /// Links `dealIDs` and unlinks `remove`, all or nothing. A deal to unlink must be linked: an id that
    /// is not (another organisation's, say) is refused rather than ignored.
    public func link(
        _ id: UUID, dealIDs: [UUID], remove: [UUID] = [], visibility: DealVisibility, by userID: UUID, at time: Date
    ) async throws {
        let bulletin = try await bulletin(id)
        if remove.contains(where: { !bulletin.dealIDs.contains($0) }) {
            throw AppError.invalid("remove", .bulletinDealNotLinked)
        }
        let deals = DealStore(db: db, organisationID: organisationID)
        for dealID in dealIDs.uniqued where !bulletin.dealIDs.contains(dealID) {
            guard let deal = try? await deals.find(dealID), deal.status == .open,
                visibility.includes(ownerID: deal.ownerID, teamID: deal.teamID)
            else { throw AppError.invalid("dealIDs", .bulletinDealNotOpen) }
        }
        try await db.writeTransaction { tx in
            let sql = tx as! any SQLDatabase
            if !remove.isEmpty {
                try await sql.delete(from: "bulletin_deals").where("bulletin_id", .equal, id)
                    .where("deal_id", .in, remove.uniqued).where("organisation_id", .equal, organisationID).run()
            }
            for dealID in dealIDs.uniqued where !bulletin.dealIDs.contains(dealID) {
                try await sql.insert(into: "bulletin_deals")
                    .columns("id", "organisation_id", "bulletin_id", "deal_id", "linked_by", "linked_at")
                    .values(
                        SQLBind(UUID()), SQLBind(organisationID), SQLBind(id), SQLBind(dealID), SQLBind(userID),
                        SQLBind(time)
                    ).run()
            }
        }
    }

    /// Bulletins linked to a deal, newest first.
    public func bulletins(dealID: UUID) async throws -> [Bulletin] {
        let ids = try await sql.select().column("bulletin_id").from("bulletin_deals").where("deal_id", .equal, dealID)
            .where("organisation_id", .equal, organisationID).all()
            .map { try $0.decode(column: "bulletin_id", as: UUID.self) }
        guard !ids.isEmpty else { return [] }
        return try await bulletins(
            sql.select().column("*").from("bulletins").where("id", .in, ids)
                .where("organisation_id", .equal, organisationID)
                .orderBy(SQLOrderBy(expression: SQLColumn("published_at"), direction: SQLDirection.descending)).all())
    }

    /// The most deals suggested at once.
    public static let suggestionLimit = 20

    /// Open deals of the bulletin's teams it may affect, not yet linked: those whose customer's industry
    /// the bulletin names, then those whose case text shares its words.
    public func suggestedDeals(_ id: UUID) async throws -> [BulletinDealSuggestion] {
        let bulletin = try await bulletin(id)
        guard !bulletin.teamIDs.isEmpty else { return [] }
        let linked = Set(bulletin.dealIDs)
        var suggestions: [BulletinDealSuggestion] = []
        var seen = linked

        let industries = try await sql.raw(
            """
            WITH RECURSIVE i(industry) AS (
                SELECT MIN(industry) FROM customers WHERE organisation_id = \(bind: organisationID)
                UNION ALL
                SELECT (SELECT MIN(industry) FROM customers
                        WHERE organisation_id = \(bind: organisationID) AND industry > i.industry)
                FROM i WHERE i.industry IS NOT NULL)
            SELECT industry FROM i WHERE industry IS NOT NULL
            """
        ).all().map { try $0.decode(column: "industry", as: String.self) }.filter(bulletin.text.names(industry:))
        if !industries.isEmpty {
            let rows = try await sql.select()
                .column(SQLColumn("id", table: "d")).column(SQLColumn("title", table: "d"))
                .column(SQLColumn("industry", table: "c"))
                .from(SQLAlias(SQLIdentifier("deals"), as: SQLIdentifier("d")))
                .join(
                    SQLAlias(SQLIdentifier("customers"), as: SQLIdentifier("c")), method: SQLJoinMethod.inner,
                    on: SQLColumn("id", table: "c"), .equal, SQLColumn("customer_id", table: "d")
                )
                .where(SQLColumn("organisation_id", table: "d"), .equal, SQLBind(organisationID))
                .where(SQLColumn("status", table: "d"), .equal, SQLBind(DealStatus.open.rawValue))
                .where(SQLColumn("team_id", table: "d"), .in, SQLGroupExpression(bulletin.teamIDs.map(SQLBind.init)))
                .where(SQLColumn("industry", table: "c"), .in, SQLGroupExpression(industries.map(SQLBind.init)))
                .orderBy(
                    SQLOrderBy(expression: SQLColumn("amount_minor", table: "d"), direction: SQLDirection.descending)
                )
                .limit(Self.suggestionLimit).all()
            for row in rows {
                let dealID = try row.decode(column: "id", as: UUID.self)
                guard seen.insert(dealID).inserted else { continue }
                suggestions.append(
                    BulletinDealSuggestion(
                        dealID: dealID, title: try row.decode(column: "title", as: String.self),
                        industry: try row.decode(column: "industry", as: String?.self), caseMatches: false))
            }
        }

        // Case text: the bulletin's longest words, any of them, among the teams' open deals.
        let terms = Set(SearchText.indexTerms(bulletin.text.title + " " + bulletin.text.text))
            .sorted { ($0.count, $1) > ($1.count, $0) }.prefix(12)
        if !terms.isEmpty && suggestions.count < Self.suggestionLimit {
            let join = SearchJoin(
                table: "deals", alias: "d",
                on: SQLBinaryExpression(SQLColumn("id", table: "d"), .equal, SQLColumn("ref_id", table: "e")))
            let matches = try await SearchIndex(db: db, organisationID: organisationID).matches(
                SearchQuery(groups: terms.map { [$0] }, matchesAny: true), kind: .deal,
                conditions: [
                    SQLBinaryExpression(SQLColumn("status", table: "d"), .equal, SQLBind(DealStatus.open.rawValue)),
                    SQLBinaryExpression(
                        SQLColumn("team_id", table: "d"), .in, SQLGroupExpression(bulletin.teamIDs.map(SQLBind.init))),
                ], joins: [join], limit: Self.suggestionLimit, offset: 0)
            let titles = try await DealStore(db: db, organisationID: organisationID).titles(of: matches.map(\.refID))
            for match in matches where suggestions.count < Self.suggestionLimit {
                if let index = suggestions.firstIndex(where: { $0.dealID == match.refID }) {
                    suggestions[index].caseMatches = true
                } else if seen.insert(match.refID).inserted {
                    suggestions.append(
                        BulletinDealSuggestion(
                            dealID: match.refID, title: titles[match.refID] ?? "", industry: nil, caseMatches: true))
                }
            }
        }
        return suggestions
    }
}

extension Tenant {
    public var bulletins: BulletinStore { BulletinStore(db: db, organisationID: organisationID) }
}
