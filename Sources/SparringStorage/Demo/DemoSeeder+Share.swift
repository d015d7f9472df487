import FluentKit
import Foundation
import SQLKit
import SparringDomain

extension DemoSeeder {
    /// Publishes `count` case stories (`DemoStories`) on won and lost demo deals that have none, in the
    /// owner's language (and a quarter of the Norwegians' in English: the demo's teams are
    /// international), about the deal's own obstacles where it has some. Most are for the whole
    /// organisation, some for the team; half hide the customer. Written in batches with their
    /// categories, first revisions and search entries. Returns the stories written.
    @discardableResult
    public static func seedStories(
        db: any Database, organisationID: UUID, count: Int, seed: UInt64, now: Date,
        progress: (@Sendable (Int) -> Void)? = nil
    ) async throws -> Int {
        guard count > 0 else { return 0 }
        let sql = db as! any SQLDatabase
        let tenant = Tenant(db: db, organisationID: organisationID)
        var locales: [UUID: AppLocale] = [:]
        for user in try await tenant.users.all(includeDeactivated: true) { locales[user.id] = user.locale }
        var categoryIDs: [String: UUID] = [:]
        var categoryKeys: [UUID: String] = [:]
        for category in try await tenant.taxonomy.categories(includeRetired: true) {
            categoryIDs[category.key] = category.id
            categoryKeys[category.id] = category.key
        }
        let already = Set(
            try await sql.select().column("deal_id").from("case_stories").where(
                "organisation_id", .equal, organisationID
            )
            .all().map { try $0.decode(column: "deal_id", as: UUID.self) })
        let rows = try await sql.select()
            .column(SQLColumn("id", table: "d")).column(SQLColumn("team_id", table: "d"))
            .column(SQLColumn("owner_id", table: "d")).column(SQLColumn("status", table: "d"))
            .column(SQLColumn("amount_minor", table: "d")).column(SQLColumn("currency", table: "d"))
            .column(SQLColumn("name", table: "c"), as: "customer").column(SQLColumn("industry", table: "c"))
            .from(SQLAlias(SQLIdentifier("deals"), as: SQLIdentifier("d")))
            .join(
                SQLAlias(SQLIdentifier("customers"), as: SQLIdentifier("c")), method: SQLJoinMethod.inner,
                on: SQLColumn("id", table: "c"), .equal, SQLColumn("customer_id", table: "d")
            )
            .where(SQLColumn("organisation_id", table: "d"), .equal, SQLBind(organisationID))
            .where(
                SQLColumn("status", table: "d"), .in,
                SQLGroupExpression([SQLBind(DealStatus.won.rawValue), SQLBind(DealStatus.lost.rawValue)])
            )
            .orderBy(SQLColumn("id", table: "d")).limit(count + already.count).all()
        let generator = DemoStories(seed: seed)
        var written = 0
        var index = 0
        let batchSize = 2_000
        let candidates = try rows.filter { try !already.contains($0.decode(column: "id", as: UUID.self)) }.prefix(count)
        for start in stride(from: 0, to: candidates.count, by: batchSize) {
            let batch = Array(
                candidates[
                    candidates.startIndex + start..<candidates.startIndex + min(start + batchSize, candidates.count)])
            let dealIDs = try batch.map { try $0.decode(column: "id", as: UUID.self) }
            var obstacles: [UUID: [String]] = [:]
            for row in try await sql.select().columns("deal_id", "category_id").from("obstacles")
                .where("deal_id", .in, dealIDs).all()
            {
                if let key = categoryKeys[try row.decode(column: "category_id", as: UUID.self)] {
                    obstacles[try row.decode(column: "deal_id", as: UUID.self), default: []].append(key)
                }
            }
            var storyRows: [[any SQLExpression]] = []
            var categoryRows: [[any SQLExpression]] = []
            var revisionRows: [[any SQLExpression]] = []
            var entries: [SearchIndex.Entry] = []
            let org = SQLBind(organisationID)
            for row in batch {
                let dealID = try row.decode(column: "id", as: UUID.self)
                let ownerID = try row.decode(column: "owner_id", as: UUID.self)
                let teamID = try row.decode(column: "team_id", as: UUID.self)
                let outcome: StoryOutcome =
                    try row.decode(column: "status", as: String.self) == DealStatus.won.rawValue ? .won : .lost
                let customer = try row.decode(column: "customer", as: String.self)
                let industry = try row.decode(column: "industry", as: String?.self)
                let amount = try row.decode(column: "amount_minor", as: Int64.self)
                let currency = try row.decode(column: "currency", as: String.self)
                let locale: AppLocale = locales[ownerID] == .en || index % 4 == 3 ? .en : .nb
                var story = generator.make(
                    index: index, outcome: outcome, locale: locale, categoryKeys: obstacles[dealID] ?? [],
                    customer: customer, industry: industry ?? "")
                let showCustomer = index % 2 == 0
                if !showCustomer {
                    story.text = story.text.hiding(
                        customer: customer, people: [], as: HiddenCustomer(Localizer(locale)))
                }
                let visibility: StoryVisibility = index % 7 == 6 ? .team : .organisation
                // Published over the last two years, in order, so ids and dates agree.
                let published = now.addingTimeInterval(-Double(count - index) * 730 * 86_400 / Double(count))
                let id = UUID.timeOrdered(at: published)
                let text = story.text
                storyRows.append([
                    SQLBind(id), org, SQLBind(dealID), SQLBind(teamID), SQLBind(ownerID), SQLBind(text.title),
                    SQLBind(text.situation), SQLBind(text.obstacles), SQLBind(text.options), SQLBind(text.actions),
                    SQLBind(text.result), SQLBind(industry),
                    SQLBind(SizeBand(amountMinor: amount, currency: currency).rawValue), SQLBind(outcome.rawValue),
                    SQLBind(visibility.rawValue), showCustomer ? SQLBind(customer) : SQLLiteral.null,
                    index % 3 == 0 ? SQLBind(amount) : SQLLiteral.null,
                    index % 3 == 0 ? SQLBind(currency) : SQLLiteral.null,
                    index < 3 ? SQLBind(now) : SQLLiteral.null, SQLBind(published), SQLBind(published), SQLBind(1),
                ])
                for key in story.categoryKeys {
                    guard let category = categoryIDs[key] else { continue }
                    categoryRows.append([SQLBind(UUID()), org, SQLBind(id), SQLBind(category)])
                }
                revisionRows.append([
                    SQLBind(UUID.timeOrdered(at: published)), org, SQLBind(id), SQLBind(1), SQLBind(text.title),
                    SQLBind(text.situation), SQLBind(text.obstacles), SQLBind(text.options), SQLBind(text.actions),
                    SQLBind(text.result), SQLBind(ownerID), SQLBind(published),
                ])
                entries.append(
                    CaseStoryStore.entry(
                        CaseStory(
                            id: id, dealID: dealID, teamID: teamID, authorID: ownerID, text: text, categoryIDs: [],
                            industry: industry, sizeBand: .small, outcome: outcome, visibility: visibility,
                            customerName: showCustomer ? customer : nil, amount: nil, featuredAt: nil,
                            publishedAt: published, updatedAt: published, version: 1)))
                index += 1
            }
            let (stories, categories, revisions, searchEntries) = (storyRows, categoryRows, revisionRows, entries)
            try await db.writeTransaction { tx in
                let sql = tx as! any SQLDatabase
                try await insertRows(
                    sql, "case_stories",
                    [
                        "id", "organisation_id", "deal_id", "team_id", "author_id", "title", "situation", "obstacles",
                        "options", "actions", "result", "industry", "size_band", "outcome", "visibility",
                        "customer_name", "amount_minor", "currency", "featured_at", "published_at", "updated_at",
                        "version",
                    ], stories)
                try await insertRows(
                    sql, "case_story_categories", ["id", "organisation_id", "story_id", "category_id"], categories)
                try await insertRows(
                    sql, "case_story_revisions",
                    [
                        "id", "organisation_id", "story_id", "version", "title", "situation", "obstacles", "options",
                        "actions", "result", "saved_by", "saved_at",
                    ], revisions)
                try await SearchIndex(db: tx, organisationID: organisationID).bulkAdd(searchEntries, at: now)
            }
            written += batch.count
            progress?(written)
        }
        return written
    }

    static func insertRows(
        _ sql: any SQLDatabase, _ table: String, _ columns: [String], _ rows: [[any SQLExpression]]
    ) async throws {
        let perStatement = DealBulkLoader.rowsPerStatement(columns: columns.count)
        for start in stride(from: 0, to: rows.count, by: perStatement) {
            var insert = sql.insert(into: table).columns(columns)
            for row in rows[start..<min(start + perStatement, rows.count)] { insert = insert.values(row) }
            try await insert.run()
        }
    }

    /// Three bulletins for each team from its leader, in the leader's language, each linked to one of
    /// the team's open deals and marked by some of its sellers. Does nothing if the organisation has
    /// bulletins already. Returns the bulletins written.
    @discardableResult
    public static func seedBulletins(db: any Database, organisationID: UUID, now: Date) async throws -> Int {
        let sql = db as! any SQLDatabase
        let existing =
            try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("bulletins")
            .where("organisation_id", .equal, organisationID).first()?.decode(column: "n", as: Int.self) ?? 0
        guard existing == 0 else { return 0 }
        let tenant = Tenant(db: db, organisationID: organisationID)
        let store = tenant.bulletins
        var written = 0
        for (teamIndex, team) in try await tenant.teams.all().enumerated() {
            guard let leaderID = team.leaderIDs.first else { continue }
            let locale = try await tenant.users.find(leaderID).locale ?? .nb
            let open = try await DealModel.query(on: db).filter(\.$organisationID == organisationID)
                .filter(\.$teamID == team.id).filter(\.$status == DealStatus.open.rawValue).sort(\.$stageEnteredAt)
                .limit(3).all().map(\.domain)
            for (index, text) in DemoBulletins.texts(locale).enumerated() {
                let at = now.addingTimeInterval(-Double(20 - index * 6 - teamIndex) * 86_400)
                let bulletin = try await store.publish(text, teamIDs: [team.id], by: leaderID, at: at)
                written += 1
                if index < open.count {
                    try await store.link(
                        bulletin.id, dealIDs: [open[index].id], visibility: .all, by: leaderID, at: at)
                }
                for (number, seller) in team.memberIDs.prefix(4).enumerated() {
                    let reaction: BulletinReaction? =
                        (number + index) % 4 == 3 ? .notRelevant : (number + index) % 4 == 2 ? nil : .useful
                    if let reaction { try await store.react(bulletin.id, userID: seller, reaction, at: at + 3_600) }
                }
            }
        }
        return written
    }
}
