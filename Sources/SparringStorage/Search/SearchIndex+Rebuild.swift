import FluentKit
import Foundation
import SQLKit
import SparringDomain

extension SearchIndex {
    /// SQLite: fills the (empty) full-text tables from every organisation's search entries, after
    /// `sparring restore` wrote the entries themselves (FTS5 tables are derived and not backed up).
    static func refillFullText(on sql: any SQLDatabase) async throws {
        for (table, kind) in [("story_fts", "story"), ("deal_fts", "deal")] {
            try await sql.raw(
                """
                INSERT INTO \(unsafeRaw: table)(rowid, scope, title_terms, body_terms)
                SELECT doc, scope, title_terms, body_terms FROM search_entries WHERE kind = \(bind: kind)
                """
            ).run()
        }
    }

    /// Rebuilds the organisation's search index from its stories and deals' cases: the index is
    /// derived data, and a change in how text is turned into terms (a stemmer's rules, the stop words)
    /// only reaches old text through a rebuild. Batches of a few thousand documents, each in a
    /// transaction; searches keep working meanwhile and see the new entries as they land.
    public func rebuild(
        at time: Date, progress: (@Sendable (Int) -> Void)? = nil
    ) async throws -> (
        stories: Int, deals: Int
    ) {
        let sqlite = sql.dialect.name == "sqlite"
        try await db.writeTransaction { tx in
            let sql = tx as! any SQLDatabase
            if sqlite {
                // External-content FTS5 rows go with the exact terms they were made from.
                for (table, kind) in [("story_fts", "story"), ("deal_fts", "deal")] {
                    try await sql.raw(
                        """
                        INSERT INTO \(unsafeRaw: table)(\(unsafeRaw: table), rowid, scope, title_terms, body_terms)
                        SELECT 'delete', doc, scope, title_terms, body_terms FROM search_entries
                        WHERE organisation_id = \(bind: organisationID) AND kind = \(bind: kind)
                        """
                    ).run()
                }
            }
            try await sql.delete(from: "search_entries").where("organisation_id", .equal, organisationID).run()
        }
        var stories = 0
        var after: UUID?
        while true {
            var select = sql.select().column("*").from("case_stories").where("organisation_id", .equal, organisationID)
            if let after { select = select.where("id", .greaterThan, after) }
            let rows = try await select.orderBy("id").limit(2_000).all()
            guard let last = rows.last else { break }
            let entries = try rows.map { CaseStoryStore.entry(try CaseStoryStore.story($0, categories: [])) }
            try await db.writeTransaction { tx in
                try await SearchIndex(db: tx, organisationID: organisationID).bulkAdd(entries, at: time)
            }
            stories += rows.count
            progress?(stories)
            after = try last.decode(column: "id", as: UUID.self)
        }

        // Deals with anything written on their case.
        var dealIDs = Set<UUID>()
        for table in ["obstacles", "case_answers", "plans", "evidence_entries", "case_comments"] {
            for row in try await sql.select().distinct().column("deal_id").from(table)
                .where("organisation_id", .equal, organisationID).all()
            {
                dealIDs.insert(try row.decode(column: "deal_id", as: UUID.self))
            }
        }
        var deals = 0
        for batch in dealIDs.sorted(by: { $0.uuidString < $1.uuidString }).chunked(into: 500) {
            let entries = try await dealEntries(batch)
            try await db.writeTransaction { tx in
                try await SearchIndex(db: tx, organisationID: organisationID).bulkAdd(entries, at: time)
            }
            deals += entries.count
            progress?(stories + deals)
        }
        return (stories, deals)
    }

    /// Indexes these deals' cases and stories again from what is stored now (after an erasure changed
    /// their text). Only what is in the index already: nothing new is added.
    func reindex(deals: [UUID], stories: [UUID], at time: Date) async throws {
        func indexed(_ kind: SearchKind, _ ids: [UUID]) async throws -> [UUID] {
            var found: [UUID] = []
            for batch in ids.chunked(into: 500) {
                found += try await sql.select().column("ref_id").from("search_entries")
                    .where("kind", .equal, kind.rawValue).where("ref_id", .in, batch)
                    .where("organisation_id", .equal, organisationID).all()
                    .map { try $0.decode(column: "ref_id", as: UUID.self) }
            }
            return found
        }
        // Each batch in a transaction of its own, so writers elsewhere wait at most one batch.
        for batch in try await indexed(.story, stories).chunked(into: 500) {
            let rows = try await sql.select().column("*").from("case_stories").where("id", .in, batch)
                .where("organisation_id", .equal, organisationID).all()
            let entries = try rows.map { CaseStoryStore.entry(try CaseStoryStore.story($0, categories: [])) }
            try await add(entries, at: time)
        }
        for batch in try await indexed(.deal, deals).chunked(into: 500) {
            try await add(try await dealEntries(batch), at: time)
        }
    }

    private func add(_ entries: [Entry], at time: Date) async throws {
        try await db.writeTransaction { tx in
            let index = SearchIndex(db: tx, organisationID: organisationID)
            for entry in entries { try await index.store(entry, at: time) }
        }
    }

    /// The entries of these deals' cases, read table by table for the whole batch.
    func dealEntries(_ ids: [UUID]) async throws -> [Entry] {
        var parts: [UUID: [String]] = [:]
        func collect(
            _ table: String, _ columns: [String], where extra: ((SQLSelectBuilder) -> SQLSelectBuilder)? = nil
        )
            async throws
        {
            var select = sql.select().column("deal_id").columns(columns).from(table).where("deal_id", .in, ids)
                .where("organisation_id", .equal, organisationID)
            if let extra { select = extra(select) }
            for row in try await select.all() {
                let id = try row.decode(column: "deal_id", as: UUID.self)
                for column in columns {
                    if let text = try row.decode(column: column, as: String?.self), !text.isEmpty {
                        parts[id, default: []].append(text)
                    }
                }
            }
        }
        try await collect("obstacles", ["detail", "resolution"])
        // Only each question's newest answer: older revisions are history, not the case.
        var answers: [UUID: [String: (Int, String)]] = [:]
        for row in try await sql.select().columns("deal_id", "question", "revision", "text").from("case_answers")
            .where("deal_id", .in, ids).where("organisation_id", .equal, organisationID).all()
        {
            let id = try row.decode(column: "deal_id", as: UUID.self)
            let question = try row.decode(column: "question", as: String.self)
            let revision = try row.decode(column: "revision", as: Int.self)
            if (answers[id]?[question]?.0 ?? 0) < revision {
                answers[id, default: [:]][question] = (revision, try row.decode(column: "text", as: String.self))
            }
        }
        for (id, byQuestion) in answers {
            parts[id, default: []] += byQuestion.sorted { $0.key < $1.key }.map(\.value.1)
        }
        try await collect(
            "plans",
            ["title", "approach", "steps", "consequences", "risks", "positioning", "expected_effect", "outcome_note"])
        try await collect("evidence_entries", ["tried", "note"])
        try await collect("case_comments", ["text"])

        let rows = try await sql.select()
            .column(SQLColumn("id", table: "d")).column(SQLColumn("organisation_id", table: "d"))
            .column(SQLColumn("title", table: "d")).column(SQLColumn("team_id", table: "d"))
            .column(SQLColumn("owner_id", table: "d")).column(SQLColumn("status", table: "d"))
            .column(SQLColumn("name", table: "c"), as: "customer").column(SQLColumn("industry", table: "c"))
            .from(SQLAlias(SQLIdentifier("deals"), as: SQLIdentifier("d")))
            .join(
                SQLAlias(SQLIdentifier("customers"), as: SQLIdentifier("c")), method: SQLJoinMethod.inner,
                on: SQLColumn("id", table: "c"), .equal, SQLColumn("customer_id", table: "d")
            )
            .where(SQLColumn("id", table: "d"), .in, SQLGroupExpression(ids.map(SQLBind.init))).all()
        return try rows.compactMap { row in
            guard try row.decode(column: "organisation_id", as: UUID.self) == organisationID else { return nil }
            let id = try row.decode(column: "id", as: UUID.self)
            return Entry(
                kind: .deal, refID: id, teamID: try row.decode(column: "team_id", as: UUID.self),
                ownerID: try row.decode(column: "owner_id", as: UUID.self), visibility: "deal",
                industry: try row.decode(column: "industry", as: String?.self),
                outcome: try row.decode(column: "status", as: String.self),
                title: try row.decode(column: "title", as: String.self) + " "
                    + row.decode(column: "customer", as: String.self),
                body: (parts[id] ?? []).joined(separator: "\n"), storesBody: true)
        }
    }
}
