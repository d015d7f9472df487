import Foundation
import SQLKit
import SparringDomain
import SparringStorage
import SparringTestSupport
import SparringWeb
import Testing
import Vapor

/// The attacks an independent tester ran on the pulse's promise that nobody, administrators included,
/// can see who answered what: an administrator's own accounts added to the team to subtract their
/// answers from the results, and answers racing the close.
@Suite struct PulseAttackTests {
    static func ratings(_ score: Int, comment: String) -> [(String, String)] {
        PulseStatement.allCases.map { ($0.rawValue, String(score)) } + [("comment", comment)]
    }

    /// `count` sellers of the team who joined a year ago, signed in.
    func settledSellers(_ ctx: TestContext, _ org: Fixtures.Org, count: Int) async throws -> [Browser] {
        let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
        var browsers: [Browser] = []
        for index in 0..<count {
            let user = try await tenant.users.create(
                NewUser(
                    name: "Settled \(index)", email: "settled\(index)@a.example", role: .seller, memberOf: [org.team.id]
                ),
                passwordHash: try BcryptHasher(cost: 4).hash(Fixtures.password), at: Fixtures.joined)
            let browser = Browser(ctx.app)
            try await browser.signIn(user.email, Fixtures.password)
            browsers.append(browser)
        }
        return browsers
    }

    /// The administrator makes four accounts in the team through the admin pages and signs in as each.
    func adminsOwnAccounts(
        _ ctx: TestContext, _ org: Fixtures.Org, admin: Browser, tag: String
    ) async throws
        -> [Browser]
    {
        var browsers: [Browser] = []
        for index in 0..<4 {
            let email = "fake\(tag)\(index)@a.example"
            let created = try await admin.post(
                "/admin/people/new",
                [
                    ("name", "Fake \(tag)\(index)"), ("email", email), ("role", "seller"),
                    ("memberOf[]", org.team.id.uuidString), ("password", "an admin-chosen password"),
                ])
            #expect(created.status == .seeOther)
            let browser = Browser(ctx.app)
            try await browser.signIn(email, "an admin-chosen password")
            browsers.append(browser)
        }
        return browsers
    }

    func roundID(_ page: Browser.Page) throws -> String {
        try #require(page.location?.split(separator: "/").last.map(String.init))
    }

    @Test func anAdministratorsOwnAccountsCannotPickOutOneSellersAnswer() async throws {
        try await withSparring { ctx in
            // setup: one real seller (the fixture's) and four more who have been in the team a year.
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let admin = Browser(ctx.app)
            try await admin.signIn(org.admin.email, Fixtures.password)
            let victim = Browser(ctx.app)
            try await victim.signIn(org.seller.email, Fixtures.password)
            let choice = org.team.id.uuidString + ":" + org.leader.id.uuidString

            // Attack 1: the accounts are added after the round opened: they may not answer at all.
            let first = try roundID(try await admin.post("/pulse", [("leader", choice)]))
            #expect(
                try await victim.post("/pulse/\(first)/answer", Self.ratings(1, comment: "Den ekte")).status
                    == .seeOther)
            let late = try await adminsOwnAccounts(ctx, org, admin: admin, tag: "late")
            for fake in late {
                let page = try await fake.get("/pulse/\(first)")
                #expect(page.body.contains("You were not a member of the team when this round opened"))
                #expect(!page.body.contains(#"id="answer""#), "no answer form")
                let refused = try await fake.post("/pulse/\(first)/answer", Self.ratings(5, comment: "Fake"))
                #expect(refused.status == .unprocessableEntity)
            }
            // While open, the victim's data export does not show that they answered.
            let export = try await admin.get("/admin/privacy/export?user=\(org.seller.id)")
            let records = try #require(
                (try JSONSerialization.jsonObject(with: Data(export.body.utf8)) as? [String: Any])?["records"]
                    as? [[String: Any]])
            #expect(!records.contains { $0["table"] as? String == "pulse_participants" })
            #expect(try await admin.post("/pulse/\(first)/close").status == .seeOther)
            let closed = try await admin.get("/pulse/\(first)")
            #expect(closed.body.contains("Only 1 answered") && !closed.body.contains("Den ekte"))

            // Attack 2: the accounts are added just before the round opens. They may answer, but their
            // answers do not make up the five the results need.
            let early = try await adminsOwnAccounts(ctx, org, admin: admin, tag: "early")
            let second = try roundID(try await admin.post("/pulse", [("leader", choice)]))
            let page = try await victim.get("/pulse/\(second)")
            #expect(page.body.contains("9 people may answer this round"), "the fixture's seller and eight accounts")
            #expect(page.body.contains("8 of them joined the team in the month before"))
            #expect(
                try await victim.post("/pulse/\(second)/answer", Self.ratings(1, comment: "Den ekte")).status
                    == .seeOther)
            for fake in early {
                #expect(
                    try await fake.post("/pulse/\(second)/answer", Self.ratings(5, comment: "Fake")).status == .seeOther
                )
            }
            #expect(try await admin.post("/pulse/\(second)/close").status == .seeOther)
            let token = try await AdminTasks.createToken(db: ctx.app.db, email: org.admin.email, name: "t", now: Date())
            let round = try #require(
                try await APIClient(ctx.app, token: token).get("/api/v1/pulse-rounds/\(second)").json as? [String: Any])
            #expect(
                round["answers"] as? Int == 5 && round["results"] == nil, "five answered, one of them settled: nothing")
            #expect(round["joinedRecently"] as? Int == 8)
            let refused = try await admin.get("/pulse/\(second)")
            #expect(refused.body.contains("fewer than 5 of them were in the team a month before"))
            #expect(!refused.body.contains("Den ekte") && !refused.body.contains("Fake"))

            // Attack 3: with five settled sellers answering too, results are released, and what the
            // administrator knows of their own four leaves the mean of five people, not one.
            let settled = try await settledSellers(ctx, org, count: 4)
            let third = try roundID(try await admin.post("/pulse", [("leader", choice)]))
            for (index, seller) in ([victim] + settled).enumerated() {
                #expect(
                    try await seller.post(
                        "/pulse/\(third)/answer", Self.ratings(1 + index % 3, comment: "Ekte \(index)")
                    )
                    .status == .seeOther)
            }
            for fake in early {
                #expect(
                    try await fake.post("/pulse/\(third)/answer", Self.ratings(5, comment: "Fake")).status == .seeOther)
            }
            #expect(try await admin.post("/pulse/\(third)/close").status == .seeOther)
            let released = try #require(
                try await APIClient(ctx.app, token: token).get("/api/v1/pulse-rounds/\(third)").json as? [String: Any])
            #expect(released["answers"] as? Int == 9 && released["results"] != nil)

            // Every account and team place the administrator made is in the audit trail, with who made it.
            let audit = try await admin.get("/admin/audit")
            #expect(audit.body.components(separatedBy: "Account created (seller)").count - 1 >= 8)
            #expect(audit.body.contains("Added to Team a as member") && audit.body.contains("Admin a"))
            for name in ["Fake late0", "Fake early3"] { #expect(audit.body.contains(name)) }
        }
    }

    /// Answers sent while the round is being closed either count (and were acknowledged) or are refused:
    /// none lands after the close and changes the released results. Twelve rounds, each closed while
    /// seven answers are on their way.
    @Test func answersRacingTheCloseAreEitherInTheResultsOrRefused() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
            var tokens: [String] = []
            for index in 0..<7 {
                let user = try await tenant.users.create(
                    NewUser(
                        name: "Racer \(index)", email: "racer\(index)@a.example", role: .seller, memberOf: [org.team.id]
                    ),
                    passwordHash: "x", at: Fixtures.joined)
                tokens.append(
                    try await AdminTasks.createToken(db: ctx.app.db, email: user.email, name: "t", now: Date()))
            }
            let leader = APIClient(
                ctx.app,
                token: try await AdminTasks.createToken(db: ctx.app.db, email: org.leader.email, name: "t", now: Date())
            )
            let sql = ctx.app.db as! any SQLDatabase
            func count(_ table: String, _ round: String) async throws -> Int {
                try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table)
                    .where("round_id", .equal, UUID(uuidString: round)!).first()!.decode(column: "n", as: Int.self)
            }
            var accepted = 0, refused = 0
            for trial in 0..<12 {
                let opened = try await leader.send(
                    .POST, "/api/v1/pulse-rounds",
                    json: ["teamID": org.team.id.uuidString, "leaderID": org.leader.id.uuidString])
                let round = try #require((opened.json as? [String: Any])?["id"] as? String)
                let delay = trial % 4
                async let closing = leader.closeAfter(round: round, milliseconds: delay)
                let codes = try await withThrowingTaskGroup(of: UInt.self) { group in
                    for token in tokens {
                        group.addTask {
                            try await APIClient(ctx.app, token: token).send(
                                .POST, "/api/v1/pulse-rounds/\(round)/answers",
                                json: [
                                    "scores": Dictionary(
                                        uniqueKeysWithValues: PulseStatement.allCases.map { ($0.rawValue, 3) })
                                ]
                            ).status.code
                        }
                    }
                    return try await group.reduce(into: [UInt]()) { $0.append($1) }
                }
                let closed = try await closing
                #expect(closed.code == 200, "the close")
                let answered = codes.filter { $0 == 204 }.count
                let late = codes.filter { $0 == 422 }.count
                let statuses = codes
                #expect(answered + late == tokens.count, "every answer acknowledged or refused: \(statuses)")
                // What was acknowledged is exactly what the closed round holds, and nothing waits sealed.
                // The count the close itself reported (the round as it was closed) did not grow afterwards.
                #expect(closed.answers == answered, "trial \(trial): closed with \(closed.answers ?? -1)")
                #expect(try await count("pulse_answers", round) == answered, "trial \(trial)")
                #expect(try await count("pulse_participants", round) == answered)
                #expect(try await count("pulse_ballots", round) == 0)
                accepted += answered
                refused += late
            }
            // The race is real: both outcomes happened over the trials.
            #expect(accepted > 0 && refused > 0, "\(accepted) in time, \(refused) too late")
        }
    }

    /// Several servers must share the pulse key. A server with another key cannot open the sealed
    /// answers: it refuses to close the round, saying how many it could not read, and loses nothing.
    @Test func aServerWithAnotherKeyRefusesToCloseAndLosesNothing() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
            var sellers: [UUID] = [org.seller.id]
            for index in 0..<4 {
                sellers.append(
                    try await tenant.users.create(
                        NewUser(
                            name: "Key \(index)", email: "key\(index)@a.example", role: .seller, memberOf: [org.team.id]
                        ),
                        passwordHash: "x", at: Fixtures.joined
                    ).id)
            }
            let ours = PulseStore(db: ctx.app.db, organisationID: org.organisation.id, key: .generate())
            let theirs = PulseStore(db: ctx.app.db, organisationID: org.organisation.id, key: .generate())
            let round = try await ours.open(
                teamID: org.team.id, leaderID: org.leader.id, by: org.leader.id, at: ctx.clock.now)
            for seller in sellers {
                let scores = Dictionary(uniqueKeysWithValues: PulseStatement.allCases.map { ($0, 4) })
                try await ours.answer(round.id, userID: seller, PulseSubmission(scores: scores, comment: "Med nøkkel"))
            }
            await #expect(throws: AppError.invalid("round", .pulseSealedWithAnotherKey, ["count": "5"])) {
                try await theirs.close(round.id, at: ctx.clock.now)
            }
            #expect(try await ours.round(round.id).isClosed == false, "the round stays open")
            try await ours.close(round.id, at: ctx.clock.now)
            let results = try #require(try await ours.results(try await ours.round(round.id)))
            #expect(results.answers == 5 && results.comments == Array(repeating: "Med nøkkel", count: 5))
        }
    }
}

extension APIClient {
    /// Closes the round after a pause (the race's other side), and says how it answered.
    fileprivate func closeAfter(round: String, milliseconds: Int) async throws -> (code: UInt, answers: Int?) {
        try await Task.sleep(for: .milliseconds(milliseconds))
        let answer = try await send(.POST, "/api/v1/pulse-rounds/\(round)/close")
        return (answer.status.code, (answer.json as? [String: Any])?["answers"] as? Int)
    }
}
