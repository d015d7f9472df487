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
