import FluentKit
import Foundation
import SQLKit
import SparringDomain

extension SearchIndex {
    /// Writes the search entry of a deal's case: its title and customer, the obstacles and how they were
    /// resolved, the current answers, the plans and what was tried. Run after every change to the case,
    /// in its transaction (`CaseStore.change`), so the index never lags the case.
    ///
    /// Who may find a deal is decided at search time from the deal's row (`deals` joined), not from the
    /// entry, so a deal moved to another team or owner is found by exactly those who may now see it.
    func indexDeal(_ dealID: UUID, at time: Date) async throws {
        let deals = DealStore(db: db, organisationID: organisationID)
        let deal = try await deals.find(dealID)
        let customer = try await deals.customer(deal.customerID)
        let work = CaseStore(db: db, organisationID: organisationID, dealID: dealID)
        var parts: [String] = []
        for obstacle in try await work.obstacles() {
            parts.append(obstacle.detail)
            if let resolution = obstacle.resolution { parts.append(resolution) }
        }
        let answers = try await work.answers()
        parts += CaseQuestion.allCases.compactMap { answers[$0]?.text }
        for plan in try await work.plans() {
            let text = plan.text
            parts += [
                text.title, text.approach, text.steps, text.consequences, text.risks, text.positioning,
                text.expectedEffect,
            ]
            if let note = plan.outcome?.note { parts.append(note) }
        }
        for entry in try await work.evidence() {
            parts.append(entry.tried)
            if let note = entry.note { parts.append(note) }
        }
        parts += try await work.comments().map(\.text)
        try await store(
            Entry(
                kind: .deal, refID: dealID, teamID: deal.teamID, ownerID: deal.ownerID, visibility: "deal",
                industry: customer.industry, outcome: deal.status.rawValue, title: deal.title + " " + customer.name,
                body: parts.filter { !$0.isEmpty }.joined(separator: "\n"), storesBody: true),
            at: time)
    }

    /// A deal whose case matched: its id, and the case text for the snippet.
    public struct DealMatch: Sendable {
        public var dealID: UUID
        public var title: String
        public var body: String
    }

    /// Deals whose case text matches, among those `visibility` (and `guestDeals`) let the reader see,
    /// the most recently indexed first (on PostgreSQL, the most relevant).
    public func deals(
        _ query: SearchQuery, visibility: DealVisibility, guestDeals: [UUID] = [], filter: SearchFilter,
        limit: Int, offset: Int
    ) async throws -> [DealMatch] {
        var conditions: [any SQLExpression] = [
            SQLBinaryExpression(SQLColumn("organisation_id", table: "d"), .equal, SQLBind(organisationID))
        ]
        if case .teamsAndOwn(let teams, let ownerID) = visibility {
            var any: [any SQLExpression] = [
                SQLBinaryExpression(SQLColumn("owner_id", table: "d"), .equal, SQLBind(ownerID))
            ]
            if !teams.isEmpty {
                any.append(
                    SQLBinaryExpression(
                        SQLColumn("team_id", table: "d"), .in, SQLGroupExpression(teams.map(SQLBind.init))))
            }
            if !guestDeals.isEmpty {
                any.append(
                    SQLBinaryExpression(
                        SQLColumn("id", table: "d"), .in, SQLGroupExpression(guestDeals.map(SQLBind.init))))
            }
            conditions.append(SQLGroupExpression(SQLList(any, separator: SQLRaw(" OR "))))
        }
        if let industry = filter.industry {
            conditions.append(SQLBinaryExpression(SQLColumn("industry", table: "e"), .equal, SQLBind(industry)))
        }
        if let status = filter.outcome {
            conditions.append(SQLBinaryExpression(SQLColumn("status", table: "d"), .equal, SQLBind(status)))
        }
        if let team = filter.teamID {
            conditions.append(SQLBinaryExpression(SQLColumn("team_id", table: "d"), .equal, SQLBind(team)))
        }
        if let category = filter.categoryID {
            let exists = sql.select().column(SQLLiteral.numeric("1")).from("obstacles")
                .where(SQLColumn("deal_id"), .equal, SQLColumn("ref_id", table: "e"))
                .where("organisation_id", .equal, organisationID).where("category_id", .equal, category)
            conditions.append(SQLFunction("EXISTS", args: exists.select))
        }
        let join = SearchJoin(
            table: "deals", alias: "d",
            on: SQLBinaryExpression(SQLColumn("id", table: "d"), .equal, SQLColumn("ref_id", table: "e")))
        // The reader's own deals, newest first on SQLite: they know their deals, and ranking them would
        // double the cost of the search they sit beside (PostgreSQL ranks them: see its engine).
        let matches = try await matches(
            query, kind: .deal, conditions: conditions, joins: [join], limit: limit, offset: offset, newest: true)
        guard !matches.isEmpty else { return [] }
        let rows = try await sql.select().columns("ref_id", "organisation_id", "body").from("search_entries")
            .where("kind", .equal, SearchKind.deal.rawValue).where("ref_id", .in, matches.map(\.refID)).all()
        var bodies: [UUID: String] = [:]
        for row in rows where try row.decode(column: "organisation_id", as: UUID.self) == organisationID {
            bodies[try row.decode(column: "ref_id", as: UUID.self)] = try row.decode(column: "body", as: String?.self)
        }
        let titles = try await DealStore(db: db, organisationID: organisationID).titles(of: matches.map(\.refID))
        return matches.map {
            DealMatch(dealID: $0.refID, title: titles[$0.refID] ?? "", body: bodies[$0.refID] ?? "")
        }
    }
}
