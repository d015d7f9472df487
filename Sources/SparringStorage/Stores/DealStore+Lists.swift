import FluentKit
import Foundation
import SQLKit
import SparringDomain

extension DealStore {
    /// One page of the deals `visibility` allows, narrowed by `filter`, in the filter's order (keyset
    /// pagination), and how many match in all.
    public func list(
        _ filter: DealFilter, visibility: DealVisibility, rates: ExchangeRates, now: Date, timeZone: TimeZone,
        limit: Int, after cursor: PageCursor?, countTotal: Bool = true
    ) async throws -> (rows: [DealRow], next: PageCursor?, total: Int?) {
        let thresholds = try await StuckThresholds.load(
            pipelineStore, now: now, timeZone: timeZone, rules: StuckRules())
        // The stuck list of one team, as the board and the home pages link to it: the indexed path.
        if let teamID = filter.teamID, filter.stuckOnly, filter.sort == .inStage, filter.ownerID == nil,
            filter.stageID == nil, filter.minAmountMinor == nil, filter.maxAmountMinor == nil, filter.text == nil,
            filter.status == nil || filter.status == .open,
            visibility == .all
                || {
                    if case .teamsAndOwn(let teams, _) = visibility {
                        return teams.contains(teamID)
                    } else {
                        return false
                    }
                }()
        {
            try await requireTeam(teamID)
            let page = try await stuckPage(
                teamID: teamID, thresholds: thresholds, limit: limit, after: cursor, countTotal: countTotal)
            return (
                try await rows(for: page.deals, thresholds: thresholds, today: thresholds.today), page.next, page.total
            )
        }
        let users = try await userIDs(named: filter.text)
        func query() -> QueryBuilder<DealModel> {
            let query = DealModel.query(on: db).filter(\.$organisationID == organisationID)
            Self.visible(query, visibility)
            if let team = filter.teamID { query.filter(\.$teamID == team) }
            if let owner = filter.ownerID { query.filter(\.$ownerID == owner) }
            if let stage = filter.stageID { query.filter(\.$stageID == stage) }
            if let status = filter.status { query.filter(\.$status == status.rawValue) }
            if filter.stuckOnly {
                query.filter(\.$status == DealStatus.open.rawValue)
                query.group(.and) { thresholds.stuckCondition($0) }
                thresholds.notSnoozed(query)
            }
            amountCondition(query, min: filter.minAmountMinor, max: filter.maxAmountMinor, rates: rates)
            if let text = filter.text { textCondition(query, text, ownerIDs: users) }
            if filter.sort == .closeDate { query.filter(\.$expectedCloseOn != nil) }
            return query
        }
        let total = countTotal ? try await query().count() : nil
        let page = query()
        try keyset(page, sort: filter.sort, after: cursor)
        let models = try await page.limit(limit + 1).deals()
        let deals = models.prefix(limit)
        var next: PageCursor?
        if models.count > limit, let last = deals.last { next = try await nextCursor(after: last, sort: filter.sort) }
        let rows = try await rows(for: Array(deals), thresholds: thresholds, today: thresholds.today)
        return (rows, next, total)
    }

    /// Deals whose stuck flag is snoozed today, soonest to wake first, with the reason.
    public func snoozed(visibility: DealVisibility, teamID: UUID?, today: Day, limit: Int) async throws -> [DealRow] {
        let query = DealModel.query(on: db).filter(\.$organisationID == organisationID)
            .filter(\.$snoozedUntil >= today.description)
        if let teamID { query.filter(\.$teamID == teamID) }
        Self.visible(query, visibility)
        let deals = try await query.sort(\.$snoozedUntil).sort(\.$id).limit(limit).deals()
        return try await rows(for: deals, thresholds: nil, today: today)
    }

    /// Everything the deal page shows, in a handful of queries.
    public func detail(_ id: UUID, now: Date, timeZone: TimeZone) async throws -> DealDetail {
        let deal = try await find(id)
        let pipelines = pipelineStore
        let thresholds = try await StuckThresholds.load(pipelines, now: now, timeZone: timeZone, rules: StuckRules())
        let history = try await StageChangeModel.query(on: db).filter(\.$dealID == id).sort(\.$changedAt).all()
            .map(\.domain)
        let personIDs = [deal.ownerID] + history.compactMap(\.changedBy) + [deal.snooze?.byUserID].compactMap { $0 }
        let people = try await UserStore(db: db, organisationID: organisationID).names(of: personIDs)
        let team = try await TeamModel.query(on: db).filter(\.$organisationID == organisationID)
            .filter(\.$id == deal.teamID).first()
        return DealDetail(
            deal: deal, customer: try await customer(deal.customerID), ownerName: people[deal.ownerID] ?? "",
            teamName: team?.name ?? "", history: history, people: people, stuckReasons: thresholds.reasons(deal),
            stageStatistics: thresholds.statistics[deal.stageID])
    }

    /// A team's forecast in the base currency: open and weighted pipeline, won and lost this quarter.
    /// `totals` and `pipelines`: what the caller has read already (the board page), so it is not read twice.
    public func forecast(
        teamID: UUID, rates: ExchangeRates, quarter: Quarter, totals known: [StageTotal]? = nil,
        pipelines knownPipelines: [Pipeline]? = nil
    ) async throws -> Forecast {
        var totals = known ?? []
        if known == nil { totals = try await boardTotals(teamID: teamID) }
        var pipelines = knownPipelines ?? []
        if knownPipelines == nil { pipelines = try await pipelineStore.all() }
        let stages = pipelines.flatMap(\.stages)
        let probability = Dictionary(uniqueKeysWithValues: stages.map { ($0.id, $0.probability) })
        var forecast = Forecast()
        for total in totals {
            forecast.openCount += total.count
            forecast.open.add(total.amountMinor, currency: total.currency, rates: rates)
            forecast.weighted.add(
                Forecast.weight(total.amountMinor, probability: probability[total.stageID] ?? 0),
                currency: total.currency, rates: rates)
        }
        // Won and lost deals entered their closing stage when they closed, so the board index finds them.
        let rows = try await (db as! any SQLDatabase).select()
            .column("status").column("currency")
            .column(SQLFunction("COUNT", args: SQLLiteral.all), as: "deals")
            .amountSum(as: "amount")
            .from(DealModel.schema)
            .where("team_id", .equal, teamID).where("status", .in, [DealStatus.won.rawValue, DealStatus.lost.rawValue])
            // Naming the closing stages lets the board index seek each (status, stage) to the quarter
            // instead of reading every closed deal of the team (1M deals: 300 ms → see the README).
            .where("stage_id", .in, stages.filter { $0.kind != .open }.map(\.id))
            .where("stage_entered_at", .greaterThanOrEqual, quarter.start)
            .where("stage_entered_at", .lessThan, quarter.end)
            .groupBy("status").groupBy("currency").all()
        for row in rows {
            let count = try row.decode(column: "deals", as: Int.self)
            let amount = try AmountSum.decode(row, "amount")
            let currency = try row.decode(column: "currency", as: String.self)
            if try row.decode(column: "status", as: String.self) == DealStatus.won.rawValue {
                forecast.wonCount += count
                forecast.won.add(amount, currency: currency, rates: rates)
            } else {
                forecast.lostCount += count
                forecast.lost.add(amount, currency: currency, rates: rates)
            }
        }
        return forecast
    }

    // MARK: - Helpers

    /// Narrows a query to what `visibility` allows: the one place deal lists apply the role rules.
    static func visible(_ query: QueryBuilder<DealModel>, _ visibility: DealVisibility) {
        guard case .teamsAndOwn(let teams, let owner) = visibility else { return }
        if teams.isEmpty {
            query.filter(\.$ownerID == owner)
        } else {
            query.group(.or) { $0.filter(\.$teamID ~~ Array(teams)).filter(\.$ownerID == owner) }
        }
    }

    func rows(for deals: [Deal], thresholds: StuckThresholds?, today: Day) async throws -> [DealRow] {
        guard !deals.isEmpty else { return [] }
        // By id alone, the organisation checked on each row: with both in one query SQLite (no ANALYZE
        // statistics) walks the organisation's name index instead of seeking the ids (120 ms at 100k
        // customers, on every deal list and home page).
        // Plain rows, not models: Fluent's hydration reflects over every field of every row.
        var customerNames: [UUID: String] = [:]
        for row in try await (db as! any SQLDatabase).select().columns("id", "organisation_id", "name")
            .from(CustomerModel.schema).where("id", .in, Array(Set(deals.map(\.customerID)))).all()
        where try row.decode(column: "organisation_id", as: UUID.self) == organisationID {
            customerNames[try row.decode(column: "id", as: UUID.self)] = try row.decode(column: "name", as: String.self)
        }
        let owners = try await UserStore(db: db, organisationID: organisationID).names(of: deals.map(\.ownerID))
        return deals.map { deal in
            let snoozed = deal.snooze.map { $0.isActive(on: today) } ?? false
            return DealRow(
                deal: deal, customerName: customerNames[deal.customerID] ?? "", ownerName: owners[deal.ownerID] ?? "",
                stuckReasons: snoozed ? [] : thresholds?.reasons(deal) ?? [])
        }
    }

    /// People whose name contains the search text: a search for "kari" finds Kari's deals too.
    private func userIDs(named text: String?) async throws -> [UUID] {
        guard let text, !text.isEmpty else { return [] }
        return try await UserModel.query(on: db).filter(\.$organisationID == organisationID)
            .filter(.custom(ContainsText(column: SQLColumn("name", table: UserModel.schema), text: text)))
            .limit(100).all().map { $0.id! }
    }

    private func textCondition(_ query: QueryBuilder<DealModel>, _ text: String, ownerIDs: [UUID]) {
        let customers = SQLSubquery.select { sub in
            sub.column("id").from(CustomerModel.schema)
                .where("organisation_id", .equal, organisationID)
                .where(ContainsText(column: SQLColumn("name_key"), text: text))
        }
        query.group(.or) { any in
            any.filter(.custom(ContainsText(column: SQLColumn("title", table: DealModel.schema), text: text)))
            any.filter(.custom(SQLBinaryExpression(SQLColumn("customer_id", table: DealModel.schema), .in, customers)))
            if !ownerIDs.isEmpty { any.filter(\.$ownerID ~~ ownerIDs) }
        }
    }

    /// Amount bounds are in the base currency; each currency with a rate is compared in its own units,
    /// and deals in currencies without a rate cannot be placed, so an amount filter leaves them out.
    private func amountCondition(_ query: QueryBuilder<DealModel>, min: Int64?, max: Int64?, rates: ExchangeRates) {
        guard min != nil || max != nil else { return }
        let currencies = [rates.base] + rates.rates.keys.sorted()
        query.group(.or) { any in
            for currency in currencies {
                any.group(.and) { one in
                    one.filter(\.$currency == currency)
                    if let min, let bound = rates.fromBase(min, to: currency) { one.filter(\.$amountMinor >= bound) }
                    if let max, let bound = rates.fromBase(max, to: currency) { one.filter(\.$amountMinor <= bound) }
                }
            }
        }
    }

    private func keyset(_ query: QueryBuilder<DealModel>, sort: DealSort, after cursor: PageCursor?) throws {
        let table = DealModel.schema
        let (column, ascending): (String, Bool) =
            switch sort {
            case .inStage: ("stage_entered_at", true)
            case .amount: ("amount_minor", false)
            case .closeDate: ("expected_close_on", true)
            case .updated: ("updated_at", false)
            }
        let direction: SQLDirection = ascending ? .ascending : .descending
        query.sort(.sql(SQLOrderBy(expression: SQLColumn(column, table: table), direction: direction)))
        query.sort(.sql(SQLOrderBy(expression: SQLColumn("id", table: table), direction: direction)))
        guard let cursor else { return }
        guard let id = UUID(uuidString: cursor.values[1]) else {
            throw AppError.badRequest(.errorBadCursor, field: "cursor")
        }
        let value: any SQLExpression
        switch sort {
        case .inStage, .updated:
            value = try ExactInstant(cursor: cursor.values[0], on: db as! any SQLDatabase).expression
        case .amount:
            guard let amount = Int64(cursor.values[0]) else {
                throw AppError.badRequest(.errorBadCursor, field: "cursor")
            }
            value = SQLBind(amount)
        case .closeDate:
            value = SQLBind(cursor.values[0])
        }
        query.filter(
            .custom(
                SQLBinaryExpression(
                    SQLGroupExpression([SQLColumn(column, table: table), SQLColumn("id", table: table)]),
                    ascending ? .greaterThan : .lessThan,
                    SQLGroupExpression([value, SQLBind(id)]))))
    }

    /// The cursor after `deal`: times as stored (`ExactInstant`), read back for the one row.
    private func nextCursor(after deal: Deal, sort: DealSort) async throws -> PageCursor {
        let value: String
        switch sort {
        case .inStage, .updated:
            value = try await ExactInstant.of(
                sort == .inStage ? "stage_entered_at" : "updated_at", table: DealModel.schema, id: deal.id,
                on: db as! any SQLDatabase
            ).cursorText
        case .amount: value = String(deal.amountMinor)
        case .closeDate: value = deal.expectedClose?.description ?? ""
        }
        return PageCursor([value, deal.id.uuidString])
    }
}

/// `LOWER(column) LIKE '%text%'` with the user's `%` and `_` taken literally. Lower-casing on both
/// sides keeps SQLite and PostgreSQL alike (SQLite's LIKE ignores ASCII case, PostgreSQL's does not).
struct ContainsText: SQLExpression {
    let column: any SQLExpression
    let text: String

    func serialize(to serializer: inout SQLSerializer) {
        serializer.write("LOWER(")
        column.serialize(to: &serializer)
        serializer.write(") LIKE ")
        SQLBind(Self.pattern(text.lowercased())).serialize(to: &serializer)
        serializer.write(" ESCAPE '\\'")
    }

    /// `%text%` for LIKE, with LIKE's own characters escaped by `\`.
    static func pattern(_ text: String) -> String {
        "%"
            + text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%"
    }
}

extension DealStore {
    /// A team's board for one pipeline: a column per open stage with its count, total and weighted
    /// total (from the covering index), and its first cards. With `ownerID`, the cards are that
    /// person's only (a seller's view); the totals stay the team's.
    public func board(
        teamID: UUID, pipeline: Pipeline, ownerID: UUID?, rates: ExchangeRates, now: Date, timeZone: TimeZone,
        cardsPerColumn: Int, totals known: [StageTotal]? = nil
    ) async throws -> [BoardColumn] {
        var totals = known ?? []
        if known == nil { totals = try await boardTotals(teamID: teamID) }
        // The cards are all in `pipeline`: its stages are all the thresholds they need.
        let thresholds = try await StuckThresholds.load(
            pipelineStore, known: [pipeline], now: now, timeZone: timeZone,
            rules: StuckRules())
        var columns: [BoardColumn] = []
        var cards: [[Deal]] = []
        for stage in pipeline.stages where stage.kind == .open && !stage.isRetired {
            var column = BoardColumn(stage: stage, count: 0, total: MoneyTotal(), weighted: MoneyTotal(), cards: [])
            for total in totals where total.stageID == stage.id {
                column.count += total.count
                column.total.add(total.amountMinor, currency: total.currency, rates: rates)
                column.weighted.add(
                    Forecast.weight(total.amountMinor, probability: stage.probability), currency: total.currency,
                    rates: rates)
            }
            let query = DealModel.query(on: db).filter(\.$teamID == teamID)
                .filter(\.$status == DealStatus.open.rawValue).filter(\.$stageID == stage.id)
            if let ownerID { query.filter(\.$ownerID == ownerID) }
            cards.append(try await query.sort(\.$stageEnteredAt).sort(\.$id).limit(cardsPerColumn).deals())
            columns.append(column)
        }
        // Names for every card at once: two queries for the board, not two per column.
        let rows = try await rows(for: cards.flatMap { $0 }, thresholds: thresholds, today: thresholds.today)
        var offset = 0
        for index in columns.indices {
            columns[index].cards = Array(rows[offset..<offset + cards[index].count])
            offset += cards[index].count
        }
        return columns
    }
}

extension DealStore {
    /// How many deals came from one source (`demo`, `hubspot`, …).
    public func count(externalSource: String) async throws -> Int {
        try await DealModel.query(on: db).filter(\.$organisationID == organisationID)
            .filter(\.$externalSource == externalSource).count()
    }
}
