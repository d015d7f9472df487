import FluentKit
import Foundation
import SQLKit
import SparringDomain

extension DemoSeeder {
    /// Sparring sessions in every state on each team's deals, written through `SparringStore` as people
    /// would make them: waiting for suggestions (none, one), withdrawn, in discussion (with a blocking
    /// phrase in it), agreed with a follow-up, and closed with verdicts on deals since won and lost.
    /// Texts in each seller's language. Does nothing if the organisation has sessions already.
    /// Returns the sessions written.
    @discardableResult
    public static func seedSparring(db: any Database, organisationID: UUID, now: Date) async throws -> Int {
        let sql = db as! any SQLDatabase
        let existing =
            try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from("sparring_sessions")
            .where("organisation_id", .equal, organisationID).first()?.decode(column: "n", as: Int.self) ?? 0
        guard existing == 0 else { return 0 }
        let tenant = Tenant(db: db, organisationID: organisationID)
        let zone = TimeZone(identifier: "Europe/Oslo") ?? .gmt
        let store = tenant.sparring(timeZone: zone)
        var written = 0
        for team in try await tenant.teams.all() {
            guard let leader = team.leaderIDs.first else { continue }
            func deals(_ status: DealStatus, _ limit: Int) async throws -> [Deal] {
                // Longest in their stage first: the deals a seller would bring.
                try await DealModel.query(on: db).filter(\.$organisationID == organisationID)
                    .filter(\.$teamID == team.id).filter(\.$status == status.rawValue).sort(\.$stageEnteredAt)
                    .limit(limit).all().map(\.domain)
            }
            let open = try await deals(.open, 5)
            let closed = try await deals(.won, 1) + deals(.lost, 1)
            for (index, deal) in (open + closed).enumerated() {
                let requester = try await tenant.users.find(deal.ownerID)
                let texts = DemoSparring.texts(requester.locale ?? .nb)
                let state = index < open.count ? DemoSparring.openStates[index] : .closed
                let verdict: Verdict = deal.status == .won ? .yes : .partly
                let asked = now.addingTimeInterval(-Double(12 - index) * 86_400)
                var time = asked
                func next() -> Date {
                    time += 3 * 3600
                    return time
                }
                let session = try await store.request(
                    deal: deal, question: texts.question, context: texts.context, by: deal.ownerID, at: asked)
                written += 1
                if state == .withdrawn {
                    try await store.withdraw(session.id, expectedVersion: 1, by: deal.ownerID, at: next())
                    continue
                }
                let suggestionCount = state == .requested ? index : 2
                var suggestions: [Suggestion] = []
                for suggestion in texts.suggestions.prefix(suggestionCount) {
                    suggestions.append(
                        try await store.addSuggestion(
                            session.id, title: suggestion.title, detail: suggestion.detail, by: leader, at: next()))
                }
                guard state != .requested else { continue }
                try await store.markReady(session.id, expectedVersion: 1, by: leader, at: next())
                var previous: UUID?
                for (turn, text) in texts.messages.enumerated() {
                    let author = turn % 2 == 0 ? deal.ownerID : leader
                    previous = try await store.addMessage(
                        session.id, text: text, replyTo: previous, by: author, at: next()
                    )
                    .id
                }
                guard state != .ready else { continue }
                let plan = try await store.adoptSuggestion(session.id, suggestions[1].id, by: deal.ownerID, at: next())
                let followUp = Day(
                    deal.status == .open ? now.addingTimeInterval(Double(index - 1) * 86_400) : time + 7 * 86_400,
                    in: zone)
                try await store.agree(
                    session.id, expectedVersion: 2, planID: plan.id, planVersion: plan.version, ownerID: deal.ownerID,
                    nextStep: texts.nextStep, followUpOn: followUp, by: leader, at: next())
                guard state == .closed else { continue }
                try await store.giveVerdict(
                    session.id, expectedVersion: 3, verdict, note: texts.verdictNote, by: deal.ownerID, at: next())
            }
        }
        return written
    }
}

extension DemoSeeder {
    /// A history of `count` closed sessions on the organisation's won and lost deals, for benchmarks:
    /// each with its plan, two suggestions, two messages (one with a blocking phrase, counted), a done
    /// follow-up and the notifications it sent, spread over the last year. Written in bulk, many rows
    /// to a statement, in transactions of 2,000 sessions. `dealIDs` chooses the deals (closed ones);
    /// otherwise the first `count` closed deals. Returns the sessions written.
    @discardableResult
    public static func seedSparringHistory(
        db: any Database, organisationID: UUID, count: Int, dealIDs: [UUID]? = nil, now: Date,
        progress: (@Sendable (Int) -> Void)? = nil
    ) async throws -> Int {
        guard count > 0 else { return 0 }
        let sql = db as! any SQLDatabase
        let tenant = Tenant(db: db, organisationID: organisationID)
        var leaders: [UUID: UUID] = [:]
        for team in try await tenant.teams.all() { leaders[team.id] = team.leaderIDs.first }
        var planCounts: [UUID: Int] = [:]
        for row in try await sql.select().column("deal_id").column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from("plans").where("organisation_id", .equal, organisationID).groupBy("deal_id").all()
        {
            planCounts[try row.decode(column: "deal_id", as: UUID.self)] = try row.decode(column: "n", as: Int.self)
        }
        // The plan each deal has chosen now, if any: of it and the history's agreed plan, the one
        // chosen later stays chosen and the other is replaced when that one was chosen.
        var chosen: [UUID: (id: UUID, at: Date)] = [:]
        for row in try await sql.select().columns("id", "deal_id", "chosen_at").from("plans")
            .where("organisation_id", .equal, organisationID).where(SQLColumn("chosen_at"), .isNot, SQLLiteral.null)
            .where(SQLColumn("replaced_at"), .is, SQLLiteral.null).all()
        {
            chosen[try row.decode(column: "deal_id", as: UUID.self)] = (
                try row.decode(column: "id", as: UUID.self), try row.decode(column: "chosen_at", as: Date.self)
            )
        }
        struct Closed {
            var id: UUID, teamID: UUID, ownerID: UUID, stageID: UUID, won: Bool
        }
        let select = sql.select().columns("id", "team_id", "owner_id", "stage_id", "status").from("deals")
            .where("organisation_id", .equal, organisationID)
            .where("status", .in, [DealStatus.won.rawValue, DealStatus.lost.rawValue])
        if let dealIDs { select.where("id", .in, dealIDs) }
        let deals = try await select.limit(count).all()
            .map { row in
                Closed(
                    id: try row.decode(column: "id", as: UUID.self),
                    teamID: try row.decode(column: "team_id", as: UUID.self),
                    ownerID: try row.decode(column: "owner_id", as: UUID.self),
                    stageID: try row.decode(column: "stage_id", as: UUID.self),
                    won: try row.decode(column: "status", as: String.self) == DealStatus.won.rawValue)
            }
        let texts = DemoSparring.texts(.nb)
        let zone = TimeZone(identifier: "Europe/Oslo") ?? .gmt
        var written = 0
        for start in stride(from: 0, to: deals.count, by: 2_000) {
            let batch = deals[start..<min(start + 2_000, deals.count)]
            var tables: [(String, [String], [[any SQLExpression]])] = [
                (
                    "plans",
                    [
                        "id", "organisation_id", "deal_id", "letter", "title", "approach", "steps", "consequences",
                        "risks", "positioning", "resources", "expected_effect", "chosen_by", "chosen_at", "next_step",
                        "owner_id", "due_on", "created_by", "created_at", "updated_at", "version", "replaced_at",
                    ], []
                ),
                (
                    "sparring_sessions",
                    [
                        "id", "organisation_id", "deal_id", "team_id", "requester_id", "coach_id",
                        "question", "context", "state", "stage_id_at_request", "requested_at", "ready_at", "agreed_at",
                        "closed_at", "plan_id", "agreed_owner_id", "agreed_next_step", "follow_up_on", "verdict",
                        "updated_at", "version",
                    ], []
                ),
                (
                    "sparring_suggestions",
                    [
                        "id", "organisation_id", "session_id", "author_id", "title", "detail",
                        "plan_id", "created_at", "version",
                    ], []
                ),
                (
                    "sparring_messages",
                    [
                        "id", "organisation_id", "session_id", "author_id", "text", "created_at",
                        "version",
                    ], []
                ),
                (
                    "follow_ups",
                    [
                        "id", "organisation_id", "deal_id", "session_id", "plan_id", "owner_id", "coach_id", "what",
                        "due_on", "done_at", "done_by", "created_at", "updated_at", "version",
                    ], []
                ),
                (
                    "notifications",
                    [
                        "id", "organisation_id", "user_id", "kind", "session_id", "deal_id", "actor_id",
                        "at", "read_at",
                    ], []
                ),
                ("blocker_mentions", ["id", "organisation_id", "team_id", "source_id", "month", "bias", "count"], []),
            ]
            var replaced: [(plan: UUID, at: Date)] = []
            for (offset, deal) in batch.enumerated() {
                let index = start + offset
                let coach = leaders[deal.teamID] ?? deal.ownerID
                let asked = now.addingTimeInterval(-Double(30 + index % 330) * 86_400)
                func at(_ hours: Double) -> SQLBind { SQLBind(asked.addingTimeInterval(hours * 3600)) }
                let org = SQLBind(organisationID), dealID = SQLBind(deal.id)
                let session = UUID.timeOrdered(at: asked), plan = UUID.timeOrdered(at: asked)
                let followUp = Day(asked.addingTimeInterval(7 * 86_400), in: zone).description
                let letter = Plan.letter(forIndex: planCounts[deal.id, default: 0])
                planCounts[deal.id, default: 0] += 1
                let suggestion = texts.suggestions[1]
                let agreed = asked.addingTimeInterval(8 * 3600)
                var historyReplaced: (any SQLExpression)?
                if let current = chosen[deal.id] {
                    if current.at <= agreed {
                        replaced.append((current.id, agreed))
                        chosen[deal.id] = (plan, agreed)
                    } else {
                        // The stored instant itself: a Date read back and bound again can differ in
                        // its last digit on SQLite (a REAL), and "replaced when the other was chosen"
                        // would no longer be exact.
                        historyReplaced = SQLQueryString("(SELECT chosen_at FROM plans WHERE id = \(bind: current.id))")
                    }
                } else {
                    chosen[deal.id] = (plan, agreed)
                }
                tables[0].2.append([
                    SQLBind(plan), org, dealID, SQLBind(letter), SQLBind(suggestion.title), SQLBind(suggestion.detail),
                    SQLBind(""), SQLBind(""), SQLBind(""), SQLBind(""), SQLBind(""), SQLBind(""), SQLBind(coach), at(8),
                    SQLBind(texts.nextStep), SQLBind(deal.ownerID), SQLBind(followUp), SQLBind(deal.ownerID), at(6),
                    at(8), SQLBind(2), historyReplaced ?? SQLBind(Date?.none),
                ])
                tables[1].2.append([
                    SQLBind(session), org, dealID, SQLBind(deal.teamID), SQLBind(deal.ownerID), SQLBind(coach),
                    SQLBind(texts.question), SQLBind(texts.context), SQLBind(SessionState.closed.rawValue),
                    SQLBind(deal.stageID), at(0), at(3), at(8), at(9), SQLBind(plan), SQLBind(deal.ownerID),
                    SQLBind(texts.nextStep), SQLBind(followUp),
                    SQLBind((deal.won ? Verdict.yes : index % 3 == 0 ? Verdict.no : Verdict.partly).rawValue), at(9),
                    SQLBind(4),
                ])
                for (number, text) in texts.suggestions.enumerated() {
                    tables[2].2.append([
                        SQLBind(UUID.timeOrdered(at: asked)), org, SQLBind(session), SQLBind(coach),
                        SQLBind(text.title),
                        SQLBind(text.detail), number == 1 ? SQLBind(plan) : SQLBind(UUID?.none), at(Double(number + 1)),
                        SQLBind(1),
                    ])
                }
                for (number, text) in texts.messages.prefix(2).enumerated() {
                    let message = UUID.timeOrdered(at: asked)
                    tables[3].2.append([
                        SQLBind(message), org, SQLBind(session), SQLBind(number == 0 ? deal.ownerID : coach),
                        SQLBind(text), at(Double(4 + number)), SQLBind(1),
                    ])
                    for (bias, count) in BlockerTally.counts(in: text) {
                        tables[6].2.append([
                            SQLBind(UUID.timeOrdered(at: asked)), org, SQLBind(deal.teamID), SQLBind(message),
                            SQLBind(Day(asked, in: zone).monthKey), SQLBind(bias.rawValue), SQLBind(count),
                        ])
                    }
                }
                tables[4].2.append([
                    SQLBind(UUID.timeOrdered(at: asked)), org, dealID, SQLBind(session), SQLBind(plan),
                    SQLBind(deal.ownerID),
                    SQLBind(coach), SQLBind(texts.nextStep), SQLBind(followUp), at(7 * 24), SQLBind(deal.ownerID),
                    at(8), at(7 * 24), SQLBind(2),
                ])
                for (kind, user, actor, hours) in [
                    (NotificationKind.requested, coach, deal.ownerID, 0.0), (.suggestion, deal.ownerID, coach, 1),
                    (.ready, deal.ownerID, coach, 3), (.verdict, coach, deal.ownerID, 9),
                ] {
                    tables[5].2.append([
                        SQLBind(UUID.timeOrdered(at: asked)), org, SQLBind(user), SQLBind(kind.rawValue),
                        SQLBind(session),
                        dealID, SQLBind(actor), at(hours), at(hours + 1),
                    ])
                }
            }
            let pending = tables
            let replacedPlans = replaced
            try await db.writeTransaction { tx in
                let sql = tx as! any SQLDatabase
                // A plan chosen earlier (on the case) than the history's agreement was replaced when the
                // agreement was made, as choosing through the store does (`plans_one_chosen`); first,
                // so the agreed plans can be inserted chosen.
                for chunk in stride(from: 0, to: replacedPlans.count, by: 400) {
                    let part = replacedPlans[chunk..<min(chunk + 400, replacedPlans.count)]
                    let cases = part.map { "WHEN \(bind: $0.plan) THEN \(bind: $0.at)" as SQLQueryString }
                        .joined(separator: " ")
                    try await sql.raw(
                        "UPDATE plans SET replaced_at = CASE id " + cases + " END WHERE organisation_id = "
                            + "\(bind: organisationID) AND id IN (\(binds: part.map(\.plan)))"
                    ).run()
                }
                for (table, columns, rows) in pending {
                    // Rows per statement kept under SQLite's 32,766 bound parameters.
                    for chunk in stride(from: 0, to: rows.count, by: 32_000 / columns.count) {
                        let insert = sql.insert(into: table).columns(columns)
                        for row in rows[chunk..<min(chunk + 32_000 / columns.count, rows.count)] {
                            insert.values(row)
                        }
                        try await insert.run()
                    }
                }
            }
            written += batch.count
            progress?(written)
        }
        return written
    }
}
