import Foundation
import SQLKit
import SparringDomain
import SparringStorage
import SparringTestSupport
import SparringWeb
import Testing
import Vapor

@Suite struct SparringTests {
    struct Setup {
        var org: Fixtures.Org
        var tenant: Tenant
        var deal: Deal
    }

    func setup(_ ctx: TestContext, tag: String = "a") async throws -> Setup {
        let org = try await Fixtures.organisation(ctx.app, tag: tag)
        let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
        let stage = try await tenant.pipelines.all()[0].stages[2]
        let customer = try await tenant.deals.createCustomer(name: "Bergen Kino AS", industry: "Kultur")
        let deal = try await tenant.deals.create(
            NewDeal(
                customerID: customer, ownerID: org.seller.id, teamID: org.team.id, stageID: stage.id,
                title: "Kassesystem", amountMinor: 50_000_000, currency: "NOK", expectedClose: nil),
            by: org.seller.id, origin: .manual, at: ctx.clock.now)
        return Setup(org: org, tenant: tenant, deal: deal)
    }

    /// The id in a `/sparring/{id}…` redirect.
    func sessionID(_ location: String?) throws -> UUID {
        let path = try #require(location).split(separator: "#")[0]
        return try #require(UUID(uuidString: String(path.split(separator: "/")[1])))
    }

    @Test func aSellerAndALeaderSparFromRequestToVerdictOnThePages() async throws {
        try await withSparring { ctx in
            let s = try await setup(ctx)
            let price = try #require(try await s.tenant.taxonomy.categories().first)
            _ = try await s.tenant.dealCase(s.deal.id).addObstacle(
                categoryID: price.id, detail: "The budget is spent", by: s.org.seller.id, at: ctx.clock.now)
            let seller = Browser(ctx.app)
            try await seller.signIn(s.org.seller.email, Fixtures.password)
            let leader = Browser(ctx.app)
            try await leader.signIn(s.org.leader.email, Fixtures.password)

            // The request is pre-filled with the open obstacles; the question is required.
            let form = try await seller.get("/deals/\(s.deal.id.uuidString)/sparring")
            #expect(form.status == .ok && form.body.contains("Price / budget: The budget is spent"))
            let empty = try await seller.post("/deals/\(s.deal.id.uuidString)/sparring", [("context", "x")])
            #expect(empty.status == .unprocessableEntity && empty.body.contains("What do you want help with?"))
            let asked = try await seller.post(
                "/deals/\(s.deal.id.uuidString)/sparring",
                [("question", "How do I get past the budget?"), ("context", "The budget is spent")])
            #expect(asked.status == .seeOther)
            let id = try sessionID(asked.location)
            let path = "/sparring/\(id.uuidString)"
            // One session at a time on a deal: asking again leads to the one under way.
            let again = try await seller.get("/deals/\(s.deal.id.uuidString)/sparring")
            #expect(again.status == .seeOther && again.location == path)

            // The leader hears of it and finds it in the queue and on the home page.
            let home = try await leader.get("/")
            #expect(home.body.contains("Seller a asked for sparring on Kassesystem"))
            #expect(home.body.contains(#"class="badge count""#))
            #expect(try await leader.get("/sparring").body.contains(#"href="\#(path)""#))

            // A seller does not give suggestions; one suggestion is not enough to open the discussion.
            #expect(
                try await seller.post(path + "/suggestions", [("title", "x"), ("detail", "y")]).status == .forbidden)
            #expect(
                try await leader.post(
                    path + "/suggestions", [("title", "Split the payment"), ("detail", "Over two budget years")]
                ).status == .seeOther)
            let tooFew = try await leader.post(path + "/ready", [("version", "1")])
            #expect(tooFew.status == .unprocessableEntity)
            #expect(tooFew.body.contains("Give at least 2 suggestions before the discussion starts."))
            #expect(
                try await leader.post(
                    path + "/suggestions",
                    [("title", "A paid pilot"), ("detail", "One region first, then the rest in spring")]
                ).status == .seeOther)
            let version = try await s.tenant.sparring(timeZone: .gmt).session(id).version
            #expect(try await leader.post(path + "/ready", [("version", String(version))]).status == .seeOther)
            #expect(
                try await leader.post(path + "/ready", [("version", String(version))]).status == .unprocessableEntity,
                "already open")

            // The discussion: a blocking phrase is marked with its question; a reply; an edit shows.
            let said = try await seller.post(
                path + "/messages", [("text", "We tried something similar before, it didn't work.")])
            #expect(said.status == .seeOther)
            let page = try await leader.get(path)
            #expect(page.body.contains(#"<mark class="blocker""#))
            #expect(page.body.contains("What is different now: the customer, the timing, or how we would do it?"))
            let messages = try await s.tenant.sparring(timeZone: .gmt).messages(id)
            #expect(
                try await leader.post(
                    path + "/messages", [("text", "What was different then?"), ("replyTo", messages[0].id.uuidString)]
                ).status == .seeOther)
            let edited = try await seller.post(
                path + "/messages/\(messages[0].id.uuidString)",
                [("version", "1"), ("text", "We tried a pilot in 2023; the timing was wrong.")])
            #expect(edited.status == .seeOther)
            let stale = try await seller.post(
                path + "/messages/\(messages[0].id.uuidString)", [("version", "1"), ("text", "Again")])
            #expect(stale.status == .conflict)
            #expect(
                try await leader.post(
                    path + "/messages/\(messages[0].id.uuidString)", [("version", "2"), ("text", "x")]
                )
                .status == .forbidden, "only the author edits")
            let thread = try await seller.get(path)
            #expect(thread.body.contains("In reply to Seller a") && thread.body.contains("· edited"))
            // The edit took the phrase out; this one puts one in, and the team view counts it.
            #expect(
                try await seller.post(path + "/messages", [("text", "Ærlig talt: det er urealistisk.")]).status
                    == .seeOther)

            // A suggestion becomes plan A on the case; they agree on it with a follow-up.
            let pilot = try #require(
                try await s.tenant.sparring(timeZone: .gmt).suggestions(id).first { $0.title == "A paid pilot" })
            #expect(try await seller.post(path + "/suggestions/\(pilot.id.uuidString)/plan").status == .seeOther)
            let plan = try #require(try await s.tenant.dealCase(s.deal.id).plans().first)
            #expect(plan.text.title == "A paid pilot" && plan.letter == "A")
            let current = try await s.tenant.sparring(timeZone: .gmt).session(id)
            let noDate = try await leader.post(
                path + "/agree",
                [
                    ("version", String(current.version)), ("planID", plan.id.uuidString),
                    ("nextStep", "Offer the pilot"), ("ownerID", s.org.seller.id.uuidString), ("followUpOn", ""),
                ])
            #expect(noDate.status == .unprocessableEntity && noDate.body.contains(">Offer the pilot</textarea>"))
            let agreed = try await leader.post(
                path + "/agree",
                [
                    ("version", String(current.version)), ("planID", plan.id.uuidString),
                    ("nextStep", "Offer the pilot"), ("ownerID", s.org.seller.id.uuidString),
                    ("followUpOn", "2026-12-01"),
                ])
            #expect(agreed.status == .seeOther)
            let chosen = try #require(try await s.tenant.dealCase(s.deal.id).plans().first?.choice)
            #expect(chosen.nextStep == "Offer the pilot" && chosen.dueOn.description == "2026-12-01")
            for browser in [seller, leader] {
                let followUps = try await browser.get("/follow-ups")
                #expect(followUps.body.contains("Offer the pilot") && followUps.body.contains("Kassesystem"))
            }

            // Only the seller who asked gives the verdict, which closes the session.
            let after = try await s.tenant.sparring(timeZone: .gmt).session(id)
            #expect(
                try await leader.post(path + "/verdict", [("version", String(after.version)), ("verdict", "yes")])
                    .status == .forbidden)
            #expect(
                try await seller.post(path + "/verdict", [("version", String(after.version))]).status
                    == .unprocessableEntity)
            #expect(
                try await seller.post(path + "/verdict", [("version", String(after.version)), ("verdict", "yes")])
                    .status == .seeOther)
            #expect(try await s.tenant.sparring(timeZone: .gmt).session(id).state == .closed)

            // The coaching log: the verdict and what became of the deal, for the seller and the leader.
            for browser in [seller, leader] {
                let log = try await browser.get("/coaching/\(s.org.seller.id.uuidString)")
                #expect(log.status == .ok)
                #expect(log.body.contains("Left with a solution they could use: 1 yes, 0 partly, 0 no."))
                #expect(log.body.contains("Too early to say"))
            }
            #expect(
                try await leader.get("/sparring").body.contains(#"href="/coaching/\#(s.org.seller.id.uuidString)""#))
            // The team's blocker view counts the phrase, with no names.
            let blockers = try await leader.get("/blockers/\(s.org.team.id.uuidString)")
            let month = Day(ctx.clock.now, in: TimeZone(identifier: "Europe/Oslo")!).monthKey
            #expect(blockers.status == .ok && blockers.body.contains("<svg") && !blockers.body.contains("Seller a"))
            #expect(blockers.body.contains("<title>\(month): 1</title>"), "one practicality phrase this month")
            #expect(try await seller.get("/blockers/\(s.org.team.id.uuidString)").status == .forbidden)

            // Another organisation sees nothing of it.
            let other = try await Fixtures.organisation(ctx.app, tag: "b")
            let stranger = Browser(ctx.app)
            try await stranger.signIn(other.leader.email, Fixtures.password)
            #expect(try await stranger.get(path).status == .notFound)
            #expect(try await stranger.get("/coaching/\(s.org.seller.id.uuidString)").status == .notFound)
            #expect(try await stranger.post(path + "/messages", [("text", "hi")]).status == .notFound)
        }
    }

    @Test func theQueueRanksValueAtRiskAndGrowsWithWaiting() async throws {
        try await withSparring { ctx in
            let s = try await setup(ctx)
            let store = s.tenant.sparring(timeZone: .gmt)
            let stage = try await s.tenant.pipelines.all()[0].stages[2]
            let small = s.deal
            let customer = try await s.tenant.deals.createCustomer(name: "Stor AS", industry: nil)
            let large = try await s.tenant.deals.create(
                NewDeal(
                    customerID: customer, ownerID: s.org.seller.id, teamID: s.org.team.id, stageID: stage.id,
                    title: "Stor", amountMinor: 150_000_000, currency: "NOK", expectedClose: nil),
                by: s.org.seller.id, origin: .manual, at: ctx.clock.now)
            let rates = ExchangeRates(base: "NOK", rates: [:])
            _ = try await store.request(deal: small, question: "q", context: "", by: s.org.seller.id, at: ctx.clock.now)
            _ = try await store.request(
                deal: large, question: "q", context: "", by: s.org.seller.id, at: ctx.clock.now + 3600)
            let now = ctx.clock.now + 7200
            let first = try await store.queue(teamIDs: [s.org.team.id], rates: rates, now: now)
            #expect(first.map(\.dealTitle) == ["Stor", "Kassesystem"], "three times the value comes first")
            // After three weeks the small deal has waited long enough to rise above the large, newer one?
            // No: both wait, so the order holds; only waiting *longer* lifts a request.
            let later = try await store.queue(teamIDs: [s.org.team.id], rates: rates, now: now + 21 * 86_400)
            #expect(later.map(\.dealTitle) == ["Stor", "Kassesystem"])
            #expect(
                first[0].valueAtRisk
                    == SparringQueue.valueAtRisk(amountMinor: 150_000_000, probability: stage.probability))
            #expect(try await store.queue(teamIDs: [], rates: rates, now: now).isEmpty)
        }
    }

    @Test func theAPIRunsASessionWithTheSameRulesAndConflicts() async throws {
        try await withSparring { ctx in
            let s = try await setup(ctx)
            let seller = APIClient(
                ctx.app,
                token: try await AdminTasks.createToken(
                    db: ctx.app.db, email: s.org.seller.email, name: "t", now: Date()))
            let leader = APIClient(
                ctx.app,
                token: try await AdminTasks.createToken(
                    db: ctx.app.db, email: s.org.leader.email, name: "t", now: Date()))
            func field(_ result: (status: HTTPResponseStatus, json: Any?, body: String)) -> String? {
                ((result.json as? [String: Any])?["error"] as? [String: Any])?["field"] as? String
            }
            let noQuestion = try await seller.send(.POST, "/api/v1/sparring", json: ["dealID": s.deal.id.uuidString])
            #expect(noQuestion.status == .unprocessableEntity && field(noQuestion) == "question")
            let created = try await seller.send(
                .POST, "/api/v1/sparring",
                json: ["dealID": s.deal.id.uuidString, "question": "We can't do it that way?"])
            #expect(created.status == .created)
            let session = try #require(created.json as? [String: Any])
            let id = try #require(session["id"] as? String)
            #expect(session["state"] as? String == "requested")
            #expect(((session["blockers"] as? [[String: Any]])?.first?["bias"] as? String) == "practicality")
            let base = "/api/v1/sparring/\(id)"

            #expect(
                try await seller.send(.POST, base + "/suggestions", json: ["title": "a", "detail": "b"]).status
                    == .forbidden)
            let one = try await leader.send(
                .POST, base + "/suggestions", json: ["title": "Pilot", "detail": "A region"])
            #expect(one.status == .created)
            let tooFew = try await leader.send(.POST, base + "/ready", json: ["version": 1])
            #expect(tooFew.status == .unprocessableEntity && field(tooFew) == "suggestions")
            _ = try await leader.send(.POST, base + "/suggestions", json: ["title": "Split", "detail": "Two years"])
            let stale = try await leader.send(.POST, base + "/ready", json: ["version": 7])
            #expect(stale.status == .conflict)
            #expect(((stale.json as? [String: Any])?["current"] as? [String: Any])?["state"] as? String == "requested")
            #expect(try await leader.send(.POST, base + "/ready", json: ["version": 1]).status == .ok)

            let message = try await seller.send(
                .POST, base + "/messages", json: ["text": "Vi har alltid gjort det sånn."])
            #expect(message.status == .created)
            #expect(
                (((message.json as? [String: Any])?["blockers"] as? [[String: Any]])?.first?["question"] as? String)
                    == "What would we do if we started today, without our habits?")
            let suggestionID = try #require((one.json as? [String: Any])?["id"] as? String)
            let plan = try await seller.send(.POST, base + "/suggestions/\(suggestionID)/plan")
            #expect(plan.status == .created)
            let planID = try #require((plan.json as? [String: Any])?["id"] as? String)
            let detail = try #require(try await seller.get(base).json as? [String: Any])
            let version = try #require((detail["session"] as? [String: Any])?["version"] as? Int)
            #expect(
                (detail["suggestions"] as? [[String: Any]])?.first { $0["id"] as? String == suggestionID }?["planID"]
                    as? String == planID)
            let agreed = try await seller.send(
                .POST, base + "/agree",
                json: [
                    "version": version, "planID": planID, "nextStep": "Offer it", "ownerID": s.org.seller.id.uuidString,
                    "followUpOn": "2026-12-02",
                ])
            #expect(agreed.status == .ok && (agreed.json as? [String: Any])?["state"] as? String == "agreed")
            let verdict = try await seller.send(
                .POST, base + "/verdict", json: ["version": version + 1, "verdict": "partly"])
            #expect(verdict.status == .ok && (verdict.json as? [String: Any])?["verdict"] as? String == "partly")

            for client in [seller, leader] {
                let followUps = try #require(try await client.get("/api/v1/follow-ups").json as? [String: Any])
                let items = try #require(followUps["items"] as? [[String: Any]])
                #expect(items.count == 1 && items[0]["dueOn"] as? String == "2026-12-02")
            }
            let followUp = try #require(
                ((try await seller.get("/api/v1/follow-ups").json as? [String: Any])?["items"] as? [[String: Any]])?
                    .first)
            let done = try await seller.send(
                .PATCH, "/api/v1/follow-ups/\(followUp["id"] as! String)", json: ["version": 1, "done": true])
            #expect(done.status == .ok && (done.json as? [String: Any])?["status"] as? String == "done")
            let notes = try #require(try await seller.get("/api/v1/notifications").json as? [String: Any])
            let kinds = Set(((notes["items"] as? [[String: Any]]) ?? []).compactMap { $0["kind"] as? String })
            #expect(kinds == ["suggestion", "ready"])
        }
    }

    @Test func theBenchmarkHistoryIsClosedSessionsACoachingLogCanRead() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
            _ = try await CaseFixtures.deal(
                org, in: tenant, title: "Won", status: .won, obstacles: [], tactics: [], chosen: true, at: ctx.clock.now
            )
            _ = try await CaseFixtures.deal(
                org, in: tenant, title: "Lost", status: .lost, obstacles: [], tactics: [], chosen: false,
                at: ctx.clock.now)
            let written = try await DemoSeeder.seedSparringHistory(
                db: ctx.app.db, organisationID: org.organisation.id, count: 10, now: ctx.clock.now)
            #expect(written == 2, "one session per closed deal")
            let store = tenant.sparring(timeZone: .gmt)
            let log = try await store.coachingLog(sellerID: org.seller.id, now: ctx.clock.now)
            #expect(Set(log.map(\.outcome)) == [.won, .lost])
            #expect(log.allSatisfy { $0.session.state == .closed && $0.session.agreement != nil })
            #expect(log.first { $0.outcome == .won }?.session.verdict == .yes, "a won deal's seller says yes")
            // The plan made for the session follows the deal's own plan: B, never a second A.
            let letters = try await tenant.dealCase(log[0].session.dealID).plans().map(\.letter)
            #expect(letters.sorted() == ["A", "B"])
            #expect(try await store.unreadCount(for: org.leader.id) == 0)
            let tally = try await store.blockerTally(teamIDs: [org.team.id], fromMonth: "2000-01")
            #expect(tally.months.values.flatMap(\.values).reduce(0, +) == 2)
        }
    }

    /// A leader of busy teams can have hundreds of follow-ups coming due: the home page lists the first
    /// few of each kind, most overdue first, and says how many there are in all, counting one that is
    /// the leader's own and followed up by the leader once; done ones and later ones are not counted.
    @Test func theHomePageListsTheFirstFollowUpsAndCountsThemAll() async throws {
        try await withSparring { ctx in
            let s = try await setup(ctx)
            let sql = ctx.app.db as! any SQLDatabase
            let today = Day(ctx.clock.now, in: TimeZone(identifier: "Europe/Oslo")!)
            func add(_ what: String, dueIn days: Int, owner: UUID, coach: UUID?, done: Bool = false) async throws {
                let due = Day(ctx.clock.now.addingTimeInterval(Double(days) * 86_400), in: .gmt)
                try await sql.insert(into: "follow_ups").columns(
                    "id", "organisation_id", "deal_id", "owner_id", "coach_id", "what", "due_on", "done_at",
                    "created_at", "updated_at", "version"
                ).values(
                    SQLBind(UUID()), SQLBind(s.org.organisation.id), SQLBind(s.deal.id), SQLBind(owner),
                    coach.map { SQLBind($0) as any SQLExpression } ?? SQLLiteral.null, SQLBind(what),
                    SQLBind(due.description), done ? SQLBind(ctx.clock.now) : SQLLiteral.null, SQLBind(ctx.clock.now),
                    SQLBind(ctx.clock.now), SQLBind(1)
                ).run()
            }
            // 12 overdue the leader follows up (the oldest first on the page), one of the leader's own
            // that the leader also follows up (counted once), 3 coming within two weeks, and what is
            // not counted: a done one, one a month away, and one of another seller's without the leader.
            for day in 1...12 {
                try await add("Overdue \(day)", dueIn: -day, owner: s.org.seller.id, coach: s.org.leader.id)
            }
            try await add("Own and coached", dueIn: 0, owner: s.org.leader.id, coach: s.org.leader.id)
            for day in 1...3 {
                try await add("Soon \(day)", dueIn: day, owner: s.org.seller.id, coach: s.org.leader.id)
            }
            try await add("Done", dueIn: -3, owner: s.org.seller.id, coach: s.org.leader.id, done: true)
            try await add("Next month", dueIn: 30, owner: s.org.seller.id, coach: s.org.leader.id)
            try await add("Not coached", dueIn: -1, owner: s.org.seller.id, coach: nil)

            let sparring = s.tenant.sparring(timeZone: .gmt)
            #expect(try await sparring.openFollowUpCount(for: s.org.leader.id, dueBy: today) == 13)
            let coming = try await sparring.openFollowUps(
                for: s.org.leader.id, dueBy: Day(ctx.clock.now.addingTimeInterval(14 * 86_400), in: .gmt), limit: 10)
            #expect(coming.total == 16)
            #expect(coming.rows.map(\.followUp.what) == (3...12).reversed().map { "Overdue \($0)" })

            let leader = Browser(ctx.app)
            try await leader.signIn(s.org.leader.email, Fixtures.password)
            let home = try await leader.get("/")
            #expect(home.status == .ok)
            #expect(home.body.contains("All 13 follow-ups due"))
            #expect(home.body.contains("All 16 follow-ups in the next two weeks"))
            #expect(
                home.body.contains("Overdue 12") && !home.body.contains("Overdue 2<")
                    && !home.body.contains("Overdue 2 (") && !home.body.contains("Soon 1"))
            #expect(!home.body.contains("Next month") && !home.body.contains("Not coached"))
        }
    }

    @Test func theCalendarFeedIsValidICalendarAndCanBeRevoked() async throws {
        try await withSparring { ctx in
            let s = try await setup(ctx)
            let store = s.tenant.sparring(timeZone: .gmt)
            let session = try await store.request(
                deal: s.deal, question: "q", context: "", by: s.org.seller.id, at: ctx.clock.now)
            for title in ["One", "Two"] {
                _ = try await store.addSuggestion(
                    session.id, title: title, detail: "d", by: s.org.leader.id, at: ctx.clock.now)
            }
            try await store.markReady(session.id, expectedVersion: 1, by: s.org.leader.id, at: ctx.clock.now)
            let suggestion = try #require(try await store.suggestions(session.id).first)
            let plan = try await store.adoptSuggestion(
                session.id, suggestion.id, by: s.org.seller.id, at: ctx.clock.now)
            let step = "Call the CFO; bring numbers, and the pilot plan for the region west of the mountains"
            try await store.agree(
                session.id, expectedVersion: 2, planID: plan.id, planVersion: plan.version, ownerID: s.org.seller.id,
                nextStep: step, followUpOn: Day("2026-12-03")!, by: s.org.leader.id, at: ctx.clock.now)

            let seller = Browser(ctx.app)
            try await seller.signIn(s.org.seller.email, Fixtures.password)
            let made = try await seller.post("/profile/calendar", [("action", "create")])
            #expect(made.status == .ok)
            let url = try #require(made.body.firstMatch(of: /id="calendar-url">([^<]+)</).map { String($0.1) })
            let path = try #require(URL(string: url)).path
            #expect(path.hasPrefix("/calendar/") && path.hasSuffix(".ics"))

            let anonymous = Browser(ctx.app)
            let feed = try await anonymous.get(path)
            #expect(feed.status == .ok)
            #expect(feed.headers.contentType?.subType == "calendar")
            let events = try ICalendar.parse(feed.body)
            #expect(events.count == 1)
            #expect(events[0]["DTSTART;VALUE=DATE"] == "20261203" && events[0]["DTEND;VALUE=DATE"] == "20261204")
            #expect(events[0]["SUMMARY"] == "Follow up: Kassesystem")
            #expect(
                events[0]["DESCRIPTION"]
                    == "Call the CFO\\; bring numbers\\, and the pilot plan for the region west of the mountains (Seller a)"
            )
            #expect(events[0]["UID"]?.hasSuffix("@sparring") == true)

            // A new address revokes the old one; turning it off revokes it too.
            let again = try await seller.post("/profile/calendar", [("action", "create")])
            let second = try #require(again.body.firstMatch(of: /id="calendar-url">([^<]+)</).map { String($0.1) })
            #expect(try await anonymous.get(path).status == .notFound)
            let secondPath = try #require(URL(string: second)).path
            #expect(try await anonymous.get(secondPath).status == .ok)
            #expect(try await seller.post("/profile/calendar", [("action", "revoke")]).status == .seeOther)
            #expect(try await anonymous.get(secondPath).status == .notFound)
            #expect(try await anonymous.get("/calendar/nothing.ics").status == .notFound)
        }
    }
}

/// A strict reader of the iCalendar subset Sparring writes (RFC 5545): CRLF line ends only, no line
/// over 75 octets, folded lines joined, one calendar of events. Returns each event's properties.
enum ICalendar {
    struct Invalid: Error, CustomStringConvertible { var description: String }

    static func parse(_ text: String) throws -> [[String: String]] {
        // Split on CRLF as bytes: Swift treats "\r\n" as one Character.
        var physical = text.components(separatedBy: "\r\n")
        guard physical.last == "" else { throw Invalid(description: "does not end with CRLF") }
        physical.removeLast()
        var lines: [String] = []
        for line in physical {
            guard !line.contains("\n"), !line.contains("\r") else { throw Invalid(description: "bare line break") }
            guard line.utf8.count <= 75 else { throw Invalid(description: "line over 75 octets: \(line)") }
            if line.hasPrefix(" ") {
                guard !lines.isEmpty else { throw Invalid(description: "continuation first") }
                lines[lines.count - 1] += line.dropFirst()
            } else {
                lines.append(line)
            }
        }
        guard lines.first == "BEGIN:VCALENDAR", lines.last == "END:VCALENDAR" else {
            throw Invalid(description: "not one VCALENDAR")
        }
        guard lines.contains("VERSION:2.0"), lines.contains(where: { $0.hasPrefix("PRODID:") }) else {
            throw Invalid(description: "VERSION or PRODID missing")
        }
        var events: [[String: String]] = []
        var current: [String: String]?
        for line in lines.dropFirst().dropLast() {
            if line == "BEGIN:VEVENT" {
                guard current == nil else { throw Invalid(description: "nested VEVENT") }
                current = [:]
            } else if line == "END:VEVENT" {
                guard let event = current, event["UID"] != nil, event["DTSTAMP"] != nil,
                    event["DTSTART;VALUE=DATE"] != nil
                else { throw Invalid(description: "VEVENT without UID, DTSTAMP or DTSTART") }
                events.append(event)
                current = nil
            } else if current != nil {
                guard let colon = line.firstIndex(of: ":") else { throw Invalid(description: "no colon: \(line)") }
                current?[String(line[..<colon])] = String(line[line.index(after: colon)...])
            }
        }
        return events
    }
}
