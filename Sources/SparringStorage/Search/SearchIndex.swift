import FluentKit
import Foundation
import SQLKit
import SparringDomain

/// What the search index holds about one story or one deal's case.
public enum SearchKind: String, Sendable {
    case story, deal
}

/// Narrows a search or the library. Every filter is optional.
public struct SearchFilter: Sendable, Equatable {
    public var categoryID: UUID?
    public var industry: String?
    /// A story's outcome (`StoryOutcome`); for deals, the deal's status.
    public var outcome: String?
    public var teamID: UUID?

    public init(categoryID: UUID? = nil, industry: String? = nil, outcome: String? = nil, teamID: UUID? = nil) {
        self.categoryID = categoryID
        self.industry = industry
        self.outcome = outcome
        self.teamID = teamID
    }
}

/// One match: the story's or deal's id and its relevance (larger is better; only the order means
/// anything, and only within one engine).
public struct SearchMatch: Sendable, Equatable {
    public var refID: UUID
    public var score: Double
}

/// The full-text index over case stories and deals' case text, one interface over two engines
/// (`SQLiteSearchEngine`: FTS5 and bm25; `PostgresSearchEngine`: tsvector, GIN and ts_rank). Both
/// index and match the terms `SearchText` makes in Swift, so a query matches the same documents on
/// each; ranking weights the title three times the body on both.
public struct SearchIndex: Sendable {
    let db: any Database
    let organisationID: UUID

    public init(db: any Database, organisationID: UUID) {
        self.db = db
        self.organisationID = organisationID
    }

    var sql: any SQLDatabase { db as! any SQLDatabase }

    /// The token that keeps one organisation's stories (or deals) apart in a shared full-text index:
    /// the kind's letter and the organisation's id in hex. SQLite's FTS5 matches it first, so ranking
    /// only ever looks at the organisation's documents of the kind.
    func scope(_ kind: SearchKind) -> String {
        String(kind.rawValue.prefix(1)) + organisationID.uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }

    var engine: any SearchEngine {
        sql.dialect.name == "sqlite" ? SQLiteSearchEngine() : PostgresSearchEngine()
    }

    /// A document to index.
    struct Entry: Sendable {
        var kind: SearchKind
        var refID: UUID
        var teamID: UUID
        var ownerID: UUID
        var visibility: String
        var industry: String?
        var outcome: String
        var title: String
        var body: String
        /// Kept for snippets: a deal's case text has no single row of its own to read it from.
        var storesBody: Bool
    }

    /// Adds or replaces the entry; run it in the transaction of the change it indexes.
    func store(_ entry: Entry, at time: Date) async throws {
        let titleTerms = SearchText.indexTerms(entry.title).joined(separator: " ")
        let bodyTerms = SearchText.indexTerms(entry.body).joined(separator: " ")
        let scope = scope(entry.kind)
        try await engine.lockEntry(kind: entry.kind, refID: entry.refID, on: sql)
        let previous = try await sql.select().columns("id", "doc", "title_terms", "body_terms").from("search_entries")
            .where("kind", .equal, entry.kind.rawValue).where("ref_id", .equal, entry.refID)
            .where("organisation_id", .equal, organisationID).first()
        let row = EngineRow(
            id: try previous?.decode(column: "id", as: UUID.self) ?? UUID.timeOrdered(at: time),
            doc: try previous?.decode(column: "doc", as: Int64?.self), scope: scope,
            titleTerms: titleTerms, bodyTerms: bodyTerms)
        if let previous {
            try await engine.remove(
                EngineRow(
                    id: row.id, doc: row.doc, scope: scope,
                    titleTerms: try previous.decode(column: "title_terms", as: String.self),
                    bodyTerms: try previous.decode(column: "body_terms", as: String.self)), on: sql)
            try await sql.update("search_entries")
                .set("team_id", to: entry.teamID).set("owner_id", to: entry.ownerID)
                .set("visibility", to: entry.visibility).set("industry", to: entry.industry)
                .set("outcome", to: entry.outcome).set("title_terms", to: titleTerms).set("body_terms", to: bodyTerms)
                .set("body", to: entry.storesBody ? entry.body : nil).set("updated_at", to: time).set(
                    "scope", to: scope
                )
                .where("id", .equal, row.id).run()
            try await engine.add(row, on: sql)
        } else {
            let doc = try await engine.nextDoc(on: sql)
            try await sql.insert(into: "search_entries")
                .columns(
                    "id", "organisation_id", "kind", "ref_id", "team_id", "owner_id", "visibility", "industry",
                    "outcome", "title_terms", "body_terms", "body", "doc", "updated_at", "scope"
                )
                .values(
                    SQLBind(row.id), SQLBind(organisationID), SQLBind(entry.kind.rawValue), SQLBind(entry.refID),
                    SQLBind(entry.teamID), SQLBind(entry.ownerID), SQLBind(entry.visibility), SQLBind(entry.industry),
                    SQLBind(entry.outcome), SQLBind(titleTerms), SQLBind(bodyTerms),
                    SQLBind(entry.storesBody ? entry.body : nil), SQLBind(doc), SQLBind(time), SQLBind(scope)
                ).run()
            try await engine.add(
                EngineRow(id: row.id, doc: doc, scope: scope, titleTerms: titleTerms, bodyTerms: bodyTerms), on: sql)
        }
    }

    /// The best matches of `kind` for the query among entries that pass `conditions` (on the entry,
    /// aliased `e`), best first; ties by id so pages do not overlap. `newest`: the newest matches
    /// first instead, without ranking (lists beside a search, where ranking would double its cost).
    func matches(
        _ query: SearchQuery, kind: SearchKind, conditions: [any SQLExpression], joins: [SearchJoin] = [],
        limit: Int, offset: Int, newest: Bool = false
    ) async throws -> [SearchMatch] {
        guard !query.isEmpty else { return [] }
        var all: [any SQLExpression] = [
            SQLBinaryExpression(SQLColumn("organisation_id", table: "e"), .equal, SQLBind(organisationID)),
            SQLBinaryExpression(SQLColumn("kind", table: "e"), .equal, SQLBind(kind.rawValue)),
        ]
        all += conditions
        return try await engine.matches(
            query, scope: scope(kind), conditions: all, joins: joins, limit: limit, offset: offset, newest: newest,
            on: sql)
    }

    /// The distinct terms of entries, for text similarity.
    func terms(kind: SearchKind, of refIDs: [UUID]) async throws -> [UUID: Set<String>] {
        guard !refIDs.isEmpty else { return [:] }
        var result: [UUID: Set<String>] = [:]
        for chunk in refIDs.chunked(into: 500) {
            // By ref id only, with the organisation checked per row (see `DealStore.titles`).
            let rows = try await sql.select().columns("organisation_id", "ref_id", "title_terms", "body_terms")
                .from("search_entries").where("kind", .equal, kind.rawValue).where("ref_id", .in, chunk).all()
            for row in rows where try row.decode(column: "organisation_id", as: UUID.self) == organisationID {
                let terms =
                    try row.decode(column: "title_terms", as: String.self) + " "
                    + row.decode(column: "body_terms", as: String.self)
                result[try row.decode(column: "ref_id", as: UUID.self)] = Set(
                    terms.split(separator: " ").map(String.init))
            }
        }
        return result
    }

    /// Removes the entry of a story or deal.
    func remove(kind: SearchKind, refID: UUID) async throws {
        guard
            let previous = try await sql.select().columns("id", "doc", "title_terms", "body_terms")
                .from("search_entries").where("kind", .equal, kind.rawValue).where("ref_id", .equal, refID)
                .where("organisation_id", .equal, organisationID).first()
        else { return }
        let id = try previous.decode(column: "id", as: UUID.self)
        try await engine.remove(
            EngineRow(
                id: id, doc: try previous.decode(column: "doc", as: Int64?.self), scope: scope(kind),
                titleTerms: try previous.decode(column: "title_terms", as: String.self),
                bodyTerms: try previous.decode(column: "body_terms", as: String.self)), on: sql)
        try await sql.delete(from: "search_entries").where("id", .equal, id).run()
    }
}

/// A table joined to the entries for a search's conditions: `alias` on `table` with `on`.
struct SearchJoin: Sendable {
    var table: String
    var alias: String
    var on: any SQLExpression
}

/// The entry as an engine writes it into its own index.
struct EngineRow: Sendable {
    var id: UUID
    var doc: Int64?
    var scope: String
    var titleTerms: String
    var bodyTerms: String
}

/// What differs between the engines: keeping their index in step with `search_entries`, and matching.
protocol SearchEngine: Sendable {
    /// Makes writers of one entry take turns until their transaction ends, so two changes indexing
    /// the same deal at once do not both find no entry and both insert one.
    func lockEntry(kind: SearchKind, refID: UUID, on sql: any SQLDatabase) async throws
    func nextDoc(on sql: any SQLDatabase) async throws -> Int64?
    func add(_ row: EngineRow, on sql: any SQLDatabase) async throws
    func remove(_ row: EngineRow, on sql: any SQLDatabase) async throws
    func matches(
        _ query: SearchQuery, scope: String, conditions: [any SQLExpression], joins: [SearchJoin], limit: Int,
        offset: Int, newest: Bool, on sql: any SQLDatabase
    ) async throws -> [SearchMatch]
}

extension SearchEngine {
    /// The engine's select (its tables already joined, in order), then the caller's joins and conditions.
    func select(_ base: SQLSelectBuilder, joins: [SearchJoin], conditions: [any SQLExpression]) -> SQLSelectBuilder {
        var select = base
        for join in joins {
            select = select.join(
                SQLAlias(SQLIdentifier(join.table), as: SQLIdentifier(join.alias)), method: SQLJoinMethod.inner,
                on: join.on)
        }
        for condition in conditions { select = select.where(condition) }
        return select
    }
}

/// SQLite: an FTS5 table per kind (`story_fts`, `deal_fts`) with external content (`search_entries`,
/// rowid `doc`), ranked by bm25.
struct SQLiteSearchEngine: SearchEngine {
    /// SQLite's writers already take turns (`writeTransaction`).
    func lockEntry(kind: SearchKind, refID: UUID, on sql: any SQLDatabase) async throws {}

    /// The FTS5 table of a scope's kind (its first letter).
    static func table(_ scope: String) -> String { scope.hasPrefix("d") ? "deal_fts" : "story_fts" }

    func nextDoc(on sql: any SQLDatabase) async throws -> Int64? {
        let row = try await sql.raw("SELECT COALESCE(MAX(doc), 0) + 1 AS next FROM search_entries").first()
        return try row?.decode(column: "next", as: Int64.self) ?? 1
    }

    func add(_ row: EngineRow, on sql: any SQLDatabase) async throws {
        try await sql.raw(
            "INSERT INTO \(unsafeRaw: Self.table(row.scope))(rowid, scope, title_terms, body_terms) VALUES (\(bind: row.doc), \(bind: row.scope), \(bind: row.titleTerms), \(bind: row.bodyTerms))"
        ).run()
    }

    /// External-content FTS5 removes a row by being told the exact terms it indexed.
    func remove(_ row: EngineRow, on sql: any SQLDatabase) async throws {
        try await sql.raw(
            "INSERT INTO \(unsafeRaw: Self.table(row.scope))(\(unsafeRaw: Self.table(row.scope)), rowid, scope, title_terms, body_terms) VALUES ('delete', \(bind: row.doc), \(bind: row.scope), \(bind: row.titleTerms), \(bind: row.bodyTerms))"
        ).run()
    }

    /// `("kund") AND ("pris" OR "price")`: every query word, through any of its stems. The stems are
    /// letters and digits only, and quoted, so no user text reaches FTS5's query syntax.
    static func expression(_ query: SearchQuery) -> String {
        query.groups.map { group in "(" + group.map { "\"\($0)\"" }.joined(separator: " OR ") + ")" }
            .joined(separator: query.matchesAny ? " OR " : " AND ")
    }

    /// Matches ranked among at most this many of the newest documents that match: a word found in tens
    /// of thousands of stories costs bm25 a score for each, and among so many the newest are the most
    /// useful (add a word to narrow). Below it, every match is ranked.
    static let rankingWindow = 2_000

    func matches(
        _ query: SearchQuery, scope: String, conditions: [any SQLExpression], joins: [SearchJoin], limit: Int,
        offset: Int, newest: Bool, on sql: any SQLDatabase
    ) async throws -> [SearchMatch] {
        // The words; and, when the index holds other organisations' documents too, the organisation's
        // scope first. bm25 counts every document with each phrase of a query, and the scope's are all
        // the organisation's: alone in the index, the join's organisation check is enough and cheaper.
        let table = Self.table(scope)
        let words = Self.expression(query)
        let expression = try await alone(sql) ? "(\(words))" : "scope : \"\(scope)\" AND (\(words))"
        if newest {
            return try await ranked(table, expression, window: nil, conditions, joins, limit, offset, sql, newest: true)
        }
        // The window's oldest document: none when fewer match (then every match is ranked). Walking
        // the matches newest first is cheap; counting them all first was not.
        let beyond = try await sql.raw(
            """
            SELECT rowid FROM \(unsafeRaw: table) WHERE \(unsafeRaw: table) MATCH \(bind: expression)
            ORDER BY rowid DESC LIMIT 1 OFFSET \(literal: Self.rankingWindow)
            """
        ).first()
        let window = try beyond.map { try $0.decode(column: "rowid", as: Int64.self) + 1 }
        let found = try await ranked(table, expression, window: window, conditions, joins, limit, offset, sql)
        // The window's newest matches may not be the reader's (team stories, filters): then rank all.
        if window != nil, found.count < limit {
            return try await ranked(table, expression, window: nil, conditions, joins, limit, offset, sql)
        }
        return found
    }

    /// Whether the index holds one organisation only: the first and last organisation id of the entries
    /// (two seeks on an index) are the same. Another organisation's entries never reach a result either
    /// way; the join checks the organisation of every match.
    func alone(_ sql: any SQLDatabase) async throws -> Bool {
        let first = try await sql.raw(
            "SELECT organisation_id FROM search_entries ORDER BY organisation_id LIMIT 1"
        ).first()?.decode(column: "organisation_id", as: UUID.self)
        let last = try await sql.raw(
            "SELECT organisation_id FROM search_entries ORDER BY organisation_id DESC LIMIT 1"
        ).first()?.decode(column: "organisation_id", as: UUID.self)
        return first == last
    }

    func ranked(
        _ table: String, _ expression: String, window: Int64?, _ conditions: [any SQLExpression],
        _ joins: [SearchJoin], _ limit: Int, _ offset: Int, _ sql: any SQLDatabase, newest: Bool = false
    ) async throws -> [SearchMatch] {
        // bm25 counts, per query, every document with each phrase: the newest-first order skips that.
        let rank = newest ? SQLRaw("0.0") : SQLRaw("bm25(\(table), 0.0, 3.0, 1.0)")
        // CROSS JOIN: SQLite keeps this order, the full-text match first, then its entry, then the
        // caller's tables. Left to choose, it may walk every entry of the kind and probe the match for
        // each (a plan it picks without statistics).
        let base = sql.select().column(SQLColumn("ref_id", table: "e")).column(rank, as: "score")
            .from(table)
            .join(
                SQLAlias(SQLIdentifier("search_entries"), as: SQLIdentifier("e")), method: SQLRaw("CROSS"),
                on: SQLColumn("doc", table: "e"), .equal, SQLColumn("rowid", table: table))
        let select = select(base, joins: joins, conditions: conditions)
            .where(
                SQLBinaryExpression(left: SQLIdentifier(table), op: SQLRaw("MATCH"), right: SQLBind(expression)))
        if let window {
            select.where(SQLColumn("rowid", table: table), .greaterThanOrEqual, SQLBind(window))
        }
        if newest {
            select.orderBy(
                SQLOrderBy(expression: SQLColumn("rowid", table: table), direction: SQLDirection.descending))
        } else {
            select.orderBy(SQLOrderBy(expression: SQLIdentifier("score"), direction: SQLDirection.ascending))
                .orderBy(SQLColumn("ref_id", table: "e"))
        }
        return
            try await select
            .limit(limit).offset(offset).all().map {
                SearchMatch(
                    refID: try $0.decode(column: "ref_id", as: UUID.self),
                    score: -(try $0.decode(column: "score", as: Double.self)))
            }
    }
}

/// PostgreSQL: a generated `tsvector` (title weight A, body D) with a GIN index, ranked by ts_rank
/// with D at 0.3 of A and the length normalisation that divides by 1 + log(length), close to bm25's.
struct PostgresSearchEngine: SearchEngine {
    /// A transaction-scoped advisory lock on the entry: a missing row cannot be locked, and two comments
    /// posted at once on a deal without an entry both inserted one (a unique violation, a 500; found by
    /// `test_faults.py`'s 200 concurrent comments on two servers).
    func lockEntry(kind: SearchKind, refID: UUID, on sql: any SQLDatabase) async throws {
        try await sql.raw(
            "SELECT pg_advisory_xact_lock(hashtextextended(\(bind: kind.rawValue + ":" + refID.uuidString), 0))"
        ).run()
    }

    func nextDoc(on sql: any SQLDatabase) async throws -> Int64? { nil }
    func add(_ row: EngineRow, on sql: any SQLDatabase) async throws {}
    func remove(_ row: EngineRow, on sql: any SQLDatabase) async throws {}

    /// `('kund') & ('pris' | 'price')` for `to_tsquery('simple', …)`.
    static func expression(_ query: SearchQuery) -> String {
        query.groups.map { group in "(" + group.map { "'\($0)'" }.joined(separator: " | ") + ")" }
            .joined(separator: query.matchesAny ? " | " : " & ")
    }

    func matches(
        _ query: SearchQuery, scope: String, conditions: [any SQLExpression], joins: [SearchJoin], limit: Int,
        offset: Int, newest: Bool, on sql: any SQLDatabase
    ) async throws -> [SearchMatch] {
        let tsquery = SQLFunction("to_tsquery", args: SQLLiteral.string("simple"), SQLBind(Self.expression(query)))
        // `newest` is not honoured here: ordered by id, PostgreSQL walks the entries newest first and
        // tests each against the query (857 ms for a frequent word among a seller's deals), where the
        // GIN index and ts_rank take 50. The reader's deals beside a search come ranked instead.
        let rank = SQLFunction(
            "ts_rank", args: SQLRaw("'{0.3,0.3,0.3,1.0}'::float4[]"), SQLColumn("search_vector", table: "e"), tsquery,
            SQLLiteral.numeric("1"))
        let base = sql.select().column(SQLColumn("ref_id", table: "e")).column(rank, as: "score")
            .from(SQLAlias(SQLIdentifier("search_entries"), as: SQLIdentifier("e")))
        let select = select(base, joins: joins, conditions: conditions)
            .where(SQLBinaryExpression(left: SQLColumn("search_vector", table: "e"), op: SQLRaw("@@"), right: tsquery))
        select.orderBy(SQLOrderBy(expression: SQLIdentifier("score"), direction: SQLDirection.descending))
            .orderBy(SQLColumn("ref_id", table: "e"))
            .limit(limit).offset(offset)
        return try await select.all().map {
            SearchMatch(
                refID: try $0.decode(column: "ref_id", as: UUID.self),
                score: Double(try $0.decode(column: "score", as: Float.self)))
        }
    }
}

extension Array {
    func chunked(into size: Int) -> [[Element]] {
        stride(from: 0, to: count, by: size).map { Array(self[$0..<Swift.min($0 + size, count)]) }
    }
}

extension SearchIndex {
    /// Adds entries that are not in the index yet, many to a statement: for demo data and rebuilds,
    /// where one `store` per entry would be hundreds of thousands of round trips. Run it in a transaction.
    func bulkAdd(_ entries: [Entry], at time: Date) async throws {
        guard !entries.isEmpty else { return }
        let first = try await engine.nextDoc(on: sql)
        let columns = [
            "id", "organisation_id", "kind", "ref_id", "team_id", "owner_id", "visibility", "industry", "outcome",
            "title_terms", "body_terms", "body", "doc", "updated_at", "scope",
        ]
        let perStatement = DealBulkLoader.rowsPerStatement(columns: columns.count)
        for start in stride(from: 0, to: entries.count, by: perStatement) {
            var insert = sql.insert(into: "search_entries").columns(columns)
            for offset in start..<min(start + perStatement, entries.count) {
                let entry = entries[offset]
                insert = insert.values(
                    SQLBind(UUID.timeOrdered(at: time)), SQLBind(organisationID), SQLBind(entry.kind.rawValue),
                    SQLBind(entry.refID), SQLBind(entry.teamID), SQLBind(entry.ownerID), SQLBind(entry.visibility),
                    SQLBind(entry.industry), SQLBind(entry.outcome),
                    SQLBind(SearchText.indexTerms(entry.title).joined(separator: " ")),
                    SQLBind(SearchText.indexTerms(entry.body).joined(separator: " ")),
                    SQLBind(entry.storesBody ? entry.body : nil), SQLBind(first.map { $0 + Int64(offset) }),
                    SQLBind(time), SQLBind(scope(entry.kind)))
            }
            try await insert.run()
        }
        if let first {
            // FTS5 reads the new entries' terms straight from the content table.
            for (table, kind) in [("story_fts", "story"), ("deal_fts", "deal")] {
                try await sql.raw(
                    """
                    INSERT INTO \(unsafeRaw: table)(rowid, scope, title_terms, body_terms)
                    SELECT doc, scope, title_terms, body_terms FROM search_entries
                    WHERE doc >= \(bind: first) AND doc < \(bind: first + Int64(entries.count)) AND kind = \(bind: kind)
                    """
                ).run()
            }
        }
    }
}
