import FluentKit
import Foundation
import SQLKit
import SparringDomain

/// The organisation's case stories: publishing a deal's case, editing (every save a revision, a stale
/// one a conflict), featuring, the library and search. The caller has checked the policy
/// (`workOnDeal` to publish, `editStory`, `featureStory`); reading is narrowed here by `StoryAudience`,
/// so a list or search never returns a story the reader may not see.
public struct CaseStoryStore: Sendable {
    let db: any Database
    let organisationID: UUID

    public init(db: any Database, organisationID: UUID) {
        self.db = db
        self.organisationID = organisationID
    }

    var sql: any SQLDatabase { db as! any SQLDatabase }
    var index: SearchIndex { SearchIndex(db: db, organisationID: organisationID) }

    // MARK: Reading

    static func story(_ row: any SQLRow, categories: [UUID]) throws -> CaseStory {
        let amount = try row.decode(column: "amount_minor", as: Int64?.self)
        let currency = try row.decode(column: "currency", as: String?.self)
        return CaseStory(
            id: try row.decode(column: "id", as: UUID.self), dealID: try row.decode(column: "deal_id", as: UUID.self),
            teamID: try row.decode(column: "team_id", as: UUID.self),
            authorID: try row.decode(column: "author_id", as: UUID.self), text: try text(row),
            categoryIDs: categories, industry: try row.decode(column: "industry", as: String?.self),
            sizeBand: SizeBand(rawValue: try row.decode(column: "size_band", as: String.self)) ?? .small,
            outcome: StoryOutcome(rawValue: try row.decode(column: "outcome", as: String.self)) ?? .won,
            visibility: StoryVisibility(rawValue: try row.decode(column: "visibility", as: String.self)) ?? .team,
            customerName: try row.decode(column: "customer_name", as: String?.self),
            amount: amount.flatMap { minor in currency.map { CaseStory.Money(minor: minor, currency: $0) } },
            featuredAt: try row.decode(column: "featured_at", as: Date?.self),
            publishedAt: try row.decode(column: "published_at", as: Date.self),
            updatedAt: try row.decode(column: "updated_at", as: Date.self),
            version: try row.decode(column: "version", as: Int.self))
    }

    static func text(_ row: any SQLRow) throws -> CaseStoryText {
        CaseStoryText(
            title: try row.decode(column: "title", as: String.self),
            situation: try row.decode(column: "situation", as: String.self),
            obstacles: try row.decode(column: "obstacles", as: String.self),
            options: try row.decode(column: "options", as: String.self),
            actions: try row.decode(column: "actions", as: String.self),
            result: try row.decode(column: "result", as: String.self))
    }

    /// The obstacle categories of these stories. Read by story id alone, with the organisation checked
    /// on each row: with `organisation_id` in the query SQLite (without statistics) walked the
    /// organisation's category index instead — 30 ms per search at 100,000 stories.
    func categories(of ids: [UUID]) async throws -> [UUID: [UUID]] {
        var categories: [UUID: [UUID]] = [:]
        for chunk in ids.chunked(into: 500) where !chunk.isEmpty {
            for row in try await sql.select().columns("organisation_id", "story_id", "category_id")
                .from("case_story_categories").where("story_id", .in, chunk).all()
            where try row.decode(column: "organisation_id", as: UUID.self) == organisationID {
                categories[try row.decode(column: "story_id", as: UUID.self), default: []]
                    .append(try row.decode(column: "category_id", as: UUID.self))
            }
        }
        return categories.sortedByID
    }

    /// Stories from rows, with their categories read in one query.
    func stories(_ rows: [any SQLRow]) async throws -> [CaseStory] {
        let categories = try await categories(of: try rows.map { try $0.decode(column: "id", as: UUID.self) })
        return try rows.map { row in
            let id = try row.decode(column: "id", as: UUID.self)
            return try Self.story(row, categories: categories[id] ?? [])
        }
    }

    /// The organisation's story; another organisation's id is not found. Whether the reader may see it
    /// is the policy's (`readStory`).
    public func story(_ id: UUID) async throws -> CaseStory {
        guard
            let row = try await sql.select().column("*").from("case_stories").where("id", .equal, id)
                .where("organisation_id", .equal, organisationID).first()
        else { throw AppError.notFound }
        return try await stories([row])[0]
    }

    /// Stories by id in the given order, leaving out ids that are not the organisation's.
    public func stories(ids: [UUID]) async throws -> [CaseStory] {
        guard !ids.isEmpty else { return [] }
        // By id only, with the organisation checked per row (see `DealStore.titles`).
        let rows = try await sql.select().column("*").from("case_stories").where("id", .in, ids).all()
            .filter { try $0.decode(column: "organisation_id", as: UUID.self) == organisationID }
        let byID = Dictionary(uniqueKeysWithValues: try await stories(rows).map { ($0.id, $0) })
        return ids.compactMap { byID[$0] }
    }

    /// The stories written from one deal, newest first.
    public func stories(dealID: UUID) async throws -> [CaseStory] {
        try await stories(
            sql.select().column("*").from("case_stories").where("deal_id", .equal, dealID)
                .where("organisation_id", .equal, organisationID)
                .orderBy(SQLOrderBy(expression: SQLColumn("published_at"), direction: SQLDirection.descending)).all())
    }

    /// Every saved version of the story's text, newest first.
    public func revisions(_ id: UUID) async throws -> [CaseStoryRevision] {
        try await sql.select().column("*").from("case_story_revisions").where("story_id", .equal, id)
            .where("organisation_id", .equal, organisationID)
            .orderBy(SQLOrderBy(expression: SQLColumn("version"), direction: SQLDirection.descending)).all()
            .map {
                CaseStoryRevision(
                    version: try $0.decode(column: "version", as: Int.self), text: try Self.text($0),
                    savedBy: try $0.decode(column: "saved_by", as: UUID.self),
                    savedAt: try $0.decode(column: "saved_at", as: Date.self))
            }
    }

    // MARK: Publishing and editing

    /// What a story takes from its deal when it is saved.
    struct DealFacts {
        var deal: Deal
        var customer: Customer
        var outcome: StoryOutcome
    }

    /// The deal's facts, if its case can be told (`StoryEligibility`); otherwise a field error on `deal`.
    func facts(dealID: UUID) async throws -> DealFacts {
        let deals = DealStore(db: db, organisationID: organisationID)
        let deal = try await deals.find(dealID)
        let obstacles = try await CaseStore(db: db, organisationID: organisationID, dealID: dealID).obstacles()
        guard let outcome = StoryEligibility.outcome(status: deal.status, obstacles: obstacles) else {
            throw AppError.invalid("deal", .storyNotEligible)
        }
        return DealFacts(deal: deal, customer: try await deals.customer(deal.customerID), outcome: outcome)
    }

    /// Fails with a field error unless every category is the organisation's and in use.
    func checkCategories(_ ids: [UUID]) async throws {
        let known = try await ObstacleTaxonomyStore(db: db, organisationID: organisationID).categories(
            includeRetired: false)
        guard Set(ids).isSubset(of: Set(known.map(\.id))) else { throw AppError.invalid("categoryIDs", .errorRequired) }
    }

    /// The text as it is stored: with the customer hidden, its name and the names of its people on the
    /// case (the buying influences) are replaced in the prose too (`CaseStoryText.hiding`).
    /// The stand-ins are in the language the story is written in, or the author's when that cannot be told.
    func stored(
        _ text: CaseStoryText, settings: CaseStorySettings, facts: DealFacts, locale: AppLocale
    ) async throws -> CaseStoryText {
        guard !settings.showCustomer else { return text }
        let people = try await CaseStore(db: db, organisationID: organisationID, dealID: facts.deal.id).influences()
        let hidden = HiddenCustomer(Localizer(AppLocale.written(text.body) ?? locale))
        return text.hiding(customer: facts.customer.name, people: people.map { ($0.name, $0.title) }, as: hidden)
    }

    /// Publishes the deal's case as a story. `locale`, the author's language, is the language of what
    /// stands in for a hidden customer and its people when the text's own cannot be told.
    public func publish(
        dealID: UUID, text: CaseStoryText, settings: CaseStorySettings, locale: AppLocale, by actorID: UUID,
        at time: Date
    ) async throws -> CaseStory {
        let problems = text.problems()
        guard problems.isEmpty else { throw AppError.validation(problems) }
        let facts = try await facts(dealID: dealID)
        try await checkCategories(settings.categoryIDs)
        let text = try await stored(text, settings: settings, facts: facts, locale: locale)
        let id = UUID.timeOrdered(at: time)
        try await db.writeTransaction { tx in
            let store = CaseStoryStore(db: tx, organisationID: organisationID)
            try await store.sql.insert(into: "case_stories")
                .columns(
                    "id", "organisation_id", "deal_id", "team_id", "author_id", "title", "situation", "obstacles",
                    "options", "actions", "result", "industry", "size_band", "outcome", "visibility", "customer_name",
                    "amount_minor", "currency", "published_at", "updated_at", "version"
                )
                .values(
                    SQLBind(id), SQLBind(organisationID), SQLBind(dealID), SQLBind(facts.deal.teamID), SQLBind(actorID),
                    SQLBind(text.title), SQLBind(text.situation), SQLBind(text.obstacles), SQLBind(text.options),
                    SQLBind(text.actions), SQLBind(text.result), SQLBind(facts.customer.industry),
                    SQLBind(SizeBand(amountMinor: facts.deal.amountMinor, currency: facts.deal.currency).rawValue),
                    SQLBind(facts.outcome.rawValue), SQLBind(settings.visibility.rawValue),
                    SQLBind(settings.showCustomer ? facts.customer.name : nil),
                    SQLBind(settings.showAmount ? facts.deal.amountMinor : nil),
                    SQLBind(settings.showAmount ? facts.deal.currency : nil), SQLBind(time), SQLBind(time), SQLBind(1)
                ).run()
            try await store.saveParts(
                id, text: text, categoryIDs: settings.categoryIDs, version: 1, by: actorID, at: time)
        }
        return try await story(id)
    }

    /// Saves the story as edited from `expectedVersion`; a stale version changes nothing and throws
    /// `AppError.conflict`. The outcome, industry and size are taken from the deal again, so a story
    /// published while the deal was unstuck says "won" once it is.
    public func edit(
        _ id: UUID, expectedVersion: Int, text: CaseStoryText, settings: CaseStorySettings, locale: AppLocale,
        by actorID: UUID, at time: Date
    ) async throws {
        let problems = text.problems()
        guard problems.isEmpty else { throw AppError.validation(problems) }
        let current = try await story(id)
        try await checkCategories(settings.categoryIDs)
        let facts = try await facts(dealID: current.dealID)
        let text = try await stored(text, settings: settings, facts: facts, locale: locale)
        try await db.writeTransaction { tx in
            let store = CaseStoryStore(db: tx, organisationID: organisationID)
            let saved = try await store.sql.updateVersioned(
                "case_stories", id: id, organisationID: organisationID, expectedVersion: expectedVersion, at: time
            ) {
                $0.set("title", to: text.title).set("situation", to: text.situation)
                    .set("obstacles", to: text.obstacles).set("options", to: text.options)
                    .set("actions", to: text.actions).set("result", to: text.result)
                    .set("industry", to: facts.customer.industry)
                    .set(
                        "size_band",
                        to: SizeBand(amountMinor: facts.deal.amountMinor, currency: facts.deal.currency).rawValue
                    )
                    .set("outcome", to: facts.outcome.rawValue).set("visibility", to: settings.visibility.rawValue)
                    .set("customer_name", to: settings.showCustomer ? facts.customer.name : nil)
                    .set("amount_minor", to: settings.showAmount ? facts.deal.amountMinor : nil)
                    .set("currency", to: settings.showAmount ? facts.deal.currency : nil)
            }
            guard saved else { throw AppError.conflict }
            try await store.sql.delete(from: "case_story_categories").where("story_id", .equal, id)
                .where("organisation_id", .equal, organisationID).run()
            try await store.saveParts(
                id, text: text, categoryIDs: settings.categoryIDs, version: expectedVersion + 1, by: actorID, at: time)
        }
    }

    /// The rows that follow a story's text: its categories, the revision and the search entry.
    func saveParts(
        _ id: UUID, text: CaseStoryText, categoryIDs: [UUID], version: Int, by actorID: UUID, at time: Date
    ) async throws {
        for categoryID in categoryIDs.uniqued {
            try await sql.insert(into: "case_story_categories")
                .columns("id", "organisation_id", "story_id", "category_id")
                .values(SQLBind(UUID()), SQLBind(organisationID), SQLBind(id), SQLBind(categoryID)).run()
        }
        try await sql.insert(into: "case_story_revisions")
            .columns(
                "id", "organisation_id", "story_id", "version", "title", "situation", "obstacles", "options", "actions",
                "result", "saved_by", "saved_at"
            )
            .values(
                SQLBind(UUID.timeOrdered(at: time)), SQLBind(organisationID), SQLBind(id), SQLBind(version),
                SQLBind(text.title), SQLBind(text.situation), SQLBind(text.obstacles), SQLBind(text.options),
                SQLBind(text.actions), SQLBind(text.result), SQLBind(actorID), SQLBind(time)
            ).run()
        try await reindex(id, at: time)
    }

    /// Writes the story's search entry from its row: the text, plus the industry and (when shown) the
    /// customer's name, so a search for either finds it.
    func reindex(_ id: UUID, at time: Date) async throws {
        try await index.store(Self.entry(try await story(id)), at: time)
    }

    /// A story's search entry.
    static func entry(_ story: CaseStory) -> SearchIndex.Entry {
        let extra = [story.industry, story.customerName].compactMap { $0 }
        return SearchIndex.Entry(
            kind: .story, refID: story.id, teamID: story.teamID, ownerID: story.authorID,
            visibility: story.visibility.rawValue, industry: story.industry, outcome: story.outcome.rawValue,
            title: story.text.title, body: ([story.text.body] + extra).joined(separator: "\n"), storesBody: false)
    }

    /// Features the story at the top of the library, or stops featuring it.
    public func setFeatured(_ id: UUID, _ featured: Bool, at time: Date) async throws {
        _ = try await story(id)
        try await sql.update("case_stories").set("featured_at", to: featured ? time : nil)
            .where("id", .equal, id).where("organisation_id", .equal, organisationID).run()
    }

    // MARK: The library and search

    /// The condition that a story (or its search entry) is one the audience may read.
    static func audience(
        _ audience: StoryAudience, table: String, owner: String
    ) -> (any SQLExpression)? {
        guard case .some(let teams, let authorID) = audience else { return nil }
        var any: [any SQLExpression] = [
            SQLBinaryExpression(
                SQLColumn("visibility", table: table), .equal, SQLBind(StoryVisibility.organisation.rawValue)),
            SQLBinaryExpression(SQLColumn(owner, table: table), .equal, SQLBind(authorID)),
        ]
        if !teams.isEmpty {
            any.append(
                SQLBinaryExpression(
                    SQLColumn("team_id", table: table), .in, SQLGroupExpression(teams.map(SQLBind.init))))
        }
        return SQLGroupExpression(SQLList(any, separator: SQLRaw(" OR ")))
    }

    /// The filter's conditions on a story table or entry aliased `table` whose story id is `idColumn`.
    func conditions(_ filter: SearchFilter, table: String, idColumn: String) -> [any SQLExpression] {
        var conditions: [any SQLExpression] = []
        if let industry = filter.industry {
            conditions.append(SQLBinaryExpression(SQLColumn("industry", table: table), .equal, SQLBind(industry)))
        }
        if let outcome = filter.outcome {
            conditions.append(SQLBinaryExpression(SQLColumn("outcome", table: table), .equal, SQLBind(outcome)))
        }
        if let team = filter.teamID {
            conditions.append(SQLBinaryExpression(SQLColumn("team_id", table: table), .equal, SQLBind(team)))
        }
        if let category = filter.categoryID {
            let exists = sql.select().column(SQLLiteral.numeric("1")).from("case_story_categories")
                .where("organisation_id", .equal, organisationID).where("category_id", .equal, category)
                .where(SQLColumn("story_id"), .equal, SQLColumn(idColumn, table: table))
            conditions.append(SQLFunction("EXISTS", args: exists.select))
        }
        return conditions
    }

    /// The newest stories the audience may read, filtered; `limit` plus one tells whether more follow.
    public func library(
        audience: StoryAudience, filter: SearchFilter, limit: Int, offset: Int
    ) async throws -> [CaseStory] {
        var select = sql.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("s")))
            .from(SQLAlias(SQLIdentifier("case_stories"), as: SQLIdentifier("s")))
            .where(SQLColumn("organisation_id", table: "s"), .equal, SQLBind(organisationID))
        if let condition = Self.audience(audience, table: "s", owner: "author_id") { select = select.where(condition) }
        for condition in conditions(filter, table: "s", idColumn: "id") { select = select.where(condition) }
        return try await stories(
            select.orderBy(
                SQLOrderBy(expression: SQLColumn("published_at", table: "s"), direction: SQLDirection.descending)
            )
            .orderBy(SQLOrderBy(expression: SQLColumn("id", table: "s"), direction: SQLDirection.descending))
            .limit(limit).offset(offset).all())
    }

    /// Featured stories the audience may read, most recently featured first.
    public func featured(audience: StoryAudience, limit: Int) async throws -> [CaseStory] {
        var select = sql.select().column(SQLColumn(SQLLiteral.all, table: SQLIdentifier("s")))
            .from(SQLAlias(SQLIdentifier("case_stories"), as: SQLIdentifier("s")))
            .where(SQLColumn("organisation_id", table: "s"), .equal, SQLBind(organisationID))
            .where(SQLColumn("featured_at", table: "s"), .isNot, SQLLiteral.null)
        if let condition = Self.audience(audience, table: "s", owner: "author_id") { select = select.where(condition) }
        return try await stories(
            select.orderBy(
                SQLOrderBy(expression: SQLColumn("featured_at", table: "s"), direction: SQLDirection.descending)
            )
            .limit(limit).all())
    }

    /// The stories matching the query that the audience may read, most relevant first.
    public func search(
        _ query: SearchQuery, audience: StoryAudience, filter: SearchFilter, limit: Int, offset: Int
    ) async throws -> [CaseStory] {
        var conditions = conditions(filter, table: "e", idColumn: "ref_id")
        if let condition = Self.audience(audience, table: "e", owner: "owner_id") { conditions.append(condition) }
        let matches = try await index.matches(query, kind: .story, conditions: conditions, limit: limit, offset: offset)
        return try await stories(ids: matches.map(\.refID))
    }

    /// How many stories the organisation has.
    public func count() async throws -> Int {
        try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("case_stories")
            .where("organisation_id", .equal, organisationID).first()?.decode(column: "n", as: Int.self) ?? 0
    }

    /// The industries stories have been written in, for the filter: a loose index scan (one seek per
    /// industry) rather than reading every story.
    public func industries() async throws -> [String] {
        try await sql.raw(
            """
            WITH RECURSIVE i(industry) AS (
                SELECT MIN(industry) FROM case_stories WHERE organisation_id = \(bind: organisationID)
                UNION ALL
                SELECT (SELECT MIN(industry) FROM case_stories
                        WHERE organisation_id = \(bind: organisationID) AND industry > i.industry)
                FROM i WHERE i.industry IS NOT NULL)
            SELECT industry FROM i WHERE industry IS NOT NULL
            """
        ).all().map { try $0.decode(column: "industry", as: String.self) }
    }
}

extension Tenant {
    public var stories: CaseStoryStore { CaseStoryStore(db: db, organisationID: organisationID) }
    public var search: SearchIndex { SearchIndex(db: db, organisationID: organisationID) }
}
