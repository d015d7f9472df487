import Foundation
import SQLKit
import SparringDomain
import SparringStorage
import SparringTestSupport
import SparringWeb
import Testing
import Vapor

/// The anonymous seller pulse and the leader's self-assessment through pages and API: one answer per
/// seller, results only for a closed round with at least five answers, and no response that ties an
/// answer to a seller.
@Suite struct PulseTests {
    static let ratings: [(String, String)] = PulseStatement.allCases.map { ($0.rawValue, "4") }

    func roundID(_ location: String?) throws -> UUID {
        let path = try #require(location)
        return try #require(UUID(uuidString: String(path.split(separator: "/")[1])))
    }

    /// The org's four extra sellers in the team, signed in (with the fixture's seller: five).
    func sellers(_ ctx: TestContext, _ org: Fixtures.Org, count: Int = 4) async throws -> [(User, Browser)] {
        let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
        var result: [(User, Browser)] = []
        let seller = Browser(ctx.app)
        try await seller.signIn(org.seller.email, Fixtures.password)
        result.append((org.seller, seller))
        for index in 1...count {
            let user = try await tenant.users.create(
                NewUser(
                    name: "Selger \(index)", email: "selger\(index)@\(org.organisation.name.dropFirst(4)).example",
                    role: .seller, memberOf: [org.team.id]),
                passwordHash: try BcryptHasher(cost: 4).hash(Fixtures.password), at: Fixtures.joined)
            let browser = Browser(ctx.app)
            try await browser.signIn(user.email, Fixtures.password)
            result.append((user, browser))
        }
        return result
    }

    func results(_ body: String) -> String {
        guard let start = body.range(of: #"<section class="panel" id="results">"#) else { return "" }
        let rest = body[start.lowerBound...]
        return String(rest[..<(rest.range(of: "</section>")?.upperBound ?? rest.endIndex)])
    }

    @Test func fourAnswersShowNothingFiveShowResultsAndNoResponseTiesAnAnswerToASeller() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "pulsar")
            let sellers = try await sellers(ctx, org)
            let leader = Browser(ctx.app)
            try await leader.signIn(org.leader.email, Fixtures.password)
            let admin = Browser(ctx.app)
            try await admin.signIn(org.admin.email, Fixtures.password)
            let choice = org.team.id.uuidString + ":" + org.leader.id.uuidString

            // A seller may not open a round; the leader opens one about themself.
            #expect(try await sellers[0].1.post("/pulse", [("leader", choice)]).status == .forbidden)
            let opened = try await leader.post("/pulse", [("leader", choice)])
            #expect(opened.status == .seeOther)
            let first = try roundID(opened.location)
            #expect(try await leader.post("/pulse", [("leader", choice)]).status == .conflict, "one open round")

            // Incomplete answers name the missing statement and keep what was typed.
            let partial = try await sellers[0].1.post(
                "/pulse/\(first)/answer", Array(Self.ratings.dropFirst()) + [("comment", "Gode innspill")])
            #expect(partial.status == .unprocessableEntity && partial.body.contains(##"href="#field-knowsEnough""##))
            #expect(partial.body.contains("Gode innspill"))
            // The leader rated may not answer about themself.
            #expect(try await leader.post("/pulse/\(first)/answer", Self.ratings).status == .forbidden)

            let before = try await leader.get("/pulse/\(first)")
            for (index, seller) in sellers.prefix(4).enumerated() {
                let sent = try await seller.1.post(
                    "/pulse/\(first)/answer", Self.ratings + [("comment", "Kommentar \(index)")])
                #expect(sent.status == .seeOther)
            }
            // One answer per person.
            let again = try await sellers[0].1.post("/pulse/\(first)/answer", Self.ratings)
            #expect(again.status == .unprocessableEntity)
            // While open, the leader's and the admin's view does not move with an answer.
            let after = try await leader.get("/pulse/\(first)")
            #expect(results(before.body) == results(after.body) && !results(after.body).isEmpty)
            #expect(after.body.contains("Results are shown when the round is closed."))

            #expect(try await sellers[0].1.post("/pulse/\(first)/close").status == .forbidden)
            #expect(try await leader.post("/pulse/\(first)/close").status == .seeOther)
            let closed = try await leader.get("/pulse/\(first)")
            #expect(closed.body.contains(#"id="too-few""#) && closed.body.contains("Only 4 answered"))
            #expect(!closed.body.contains("Kommentar"), "no comments below five")
            // Too late to answer.
            #expect(try await sellers[4].1.post("/pulse/\(first)/answer", Self.ratings).status == .unprocessableEntity)

            // A second round: five answer, with different ratings.
            let second = try roundID(try await admin.post("/pulse", [("leader", choice)]).location)
            for (index, seller) in sellers.enumerated() {
                var form = PulseStatement.allCases.map { ($0.rawValue, String(index + 1)) }
                form.append(("comment", "Runde to \(index)"))
                #expect(try await seller.1.post("/pulse/\(second)/answer", form).status == .seeOther)
            }
            let sql = ctx.app.db as! any SQLDatabase
            func answerIDs() async throws -> Set<UUID> {
                Set(
                    try await sql.select().column("id").from("pulse_answers").where("round_id", .equal, second).all()
                        .map { try $0.decode(column: "id", as: UUID.self) })
            }
            // While the round is open the answers exist only sealed: no answer row, and no ballot holds a
            // comment or a score in clear.
            #expect(try await answerIDs().isEmpty)
            let ballots = try await sql.select().column("sealed").from("pulse_ballots").where(
                "round_id", .equal, second
            )
            .all().map { try $0.decode(column: "sealed", as: String.self) }
            #expect(ballots.count == 5 && Set(ballots.map(\.count)).count == 1, "five ballots, all of one size")
            #expect(!ballots.contains { $0.contains("Runde") || $0.contains(Data("Runde".utf8).base64EncodedString()) })
            #expect(try await admin.post("/pulse/\(second)/close").status == .seeOther)
            // Closing opens the ballots and writes the answers, shuffled, with random ids; the ballots go.
            #expect(try await answerIDs().count == 5)
            #expect(
                try await sql.select().column("id").from("pulse_ballots").where("round_id", .equal, second).all()
                    .isEmpty)
            let released = try await leader.get("/pulse/\(second)")
            #expect(released.body.contains("5 answered."))
            #expect(released.body.contains("3.0"), "the mean of 1…5")
            for index in 0..<5 { #expect(released.body.contains("Runde to \(index)")) }

            // Nobody — leader or admin, page or API — sees who answered.
            let adminAPI = APIClient(
                ctx.app,
                token: try await AdminTasks.createToken(db: ctx.app.db, email: org.admin.email, name: "t", now: Date()))
            let leaderAPI = APIClient(
                ctx.app,
                token: try await AdminTasks.createToken(db: ctx.app.db, email: org.leader.email, name: "t", now: Date())
            )
            for body in [
                released.body, try await admin.get("/pulse/\(second)").body, try await admin.get("/pulse").body,
                try await leader.get("/pulse").body, try await leader.get("/leadership").body,
                try await adminAPI.get("/api/v1/pulse-rounds").body,
                try await leaderAPI.get("/api/v1/pulse-rounds/\(second)").body,
            ] {
                for (seller, _) in sellers {
                    #expect(!body.contains(seller.name) && !body.contains(seller.email))
                    #expect(!body.contains(seller.id.uuidString))
                }
            }
            let round = try #require(
                try await leaderAPI.get("/api/v1/pulse-rounds/\(second)").json as? [String: Any])
            #expect(round["answers"] as? Int == 5)
            let behaviours = try #require((round["results"] as? [String: Any])?["behaviours"] as? [String: Double])
            #expect(behaviours["coaching"] == 3)
            // The first round's API shows no results either.
            let firstJSON = try #require(
                try await leaderAPI.get("/api/v1/pulse-rounds/\(first)").json as? [String: Any])
            #expect(firstJSON["results"] == nil && firstJSON["answers"] as? Int == 4)

            // The answers table holds no person and no time.
            let columns = try await sql.select().column("*").from("pulse_answers").limit(1).first()?.allColumns ?? []
            #expect(
                Set(columns)
                    == Set(
                        ["id", "organisation_id", "round_id", "comment"]
                            + PulseStatement.allCases.map { "s_" + Self.snake($0.rawValue) }))
        }
    }

    static func snake(_ name: String) -> String {
        name.reduce(into: "") { $0 += $1.isUppercase ? "_" + $1.lowercased() : String($1) }
    }

    @Test func theAPIAnswersWriteOnlyAndComparesResultsBeforeAndAfterAnAnswer() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "pulseapi")
            let sellers = try await sellers(ctx, org, count: 5)
            func api(_ email: String) async throws -> APIClient {
                APIClient(
                    ctx.app,
                    token: try await AdminTasks.createToken(db: ctx.app.db, email: email, name: "t", now: Date()))
            }
            let leaderAPI = try await api(org.leader.email)
            let opened = try await leaderAPI.send(
                .POST, "/api/v1/pulse-rounds",
                json: ["teamID": org.team.id.uuidString, "leaderID": org.leader.id.uuidString])
            #expect(opened.status == .created)
            let id = try #require((opened.json as? [String: Any])?["id"] as? String)
            let scores = Dictionary(uniqueKeysWithValues: PulseStatement.allCases.map { ($0.rawValue, 5) })
            var previous = try await leaderAPI.get("/api/v1/pulse-rounds/\(id)").body
            for (index, seller) in sellers.enumerated() {
                let sellerAPI = try await api(seller.0.email)
                let sent = try await sellerAPI.send(
                    .POST, "/api/v1/pulse-rounds/\(id)/answers", json: ["scores": scores, "comment": "Svar \(index)"])
                #expect(sent.status == .noContent && sent.body.isEmpty, "write-only")
                // The round as the leader sees it is the same before and after each answer while open.
                let now = try await leaderAPI.get("/api/v1/pulse-rounds/\(id)").body
                #expect(now == previous)
                previous = now
                let mine = try #require(try await sellerAPI.get("/api/v1/pulse-rounds/\(id)").json as? [String: Any])
                #expect(mine["answered"] as? Bool == true && mine["results"] == nil)
            }
            let bad = try await (try await api(org.seller.email)).send(
                .POST, "/api/v1/pulse-rounds/\(id)/answers", json: ["scores": scores])
            #expect(bad.status == .unprocessableEntity && bad.body.contains("round"))
            let missing = try await (try await api(sellers[1].0.email)).send(
                .POST, "/api/v1/pulse-rounds/\(UUID())/answers", json: ["scores": scores])
            #expect(missing.status == .notFound)
            let closed = try await leaderAPI.send(.POST, "/api/v1/pulse-rounds/\(id)/close")
            let results = try #require((closed.json as? [String: Any])?["results"] as? [String: Any])
            #expect((results["comments"] as? [String])?.count == 6)

            // Another organisation's leader finds nothing.
            let other = try await Fixtures.organisation(ctx.app, tag: "pulseother")
            let otherAPI = try await api(other.admin.email)
            #expect(try await otherAPI.get("/api/v1/pulse-rounds/\(id)").status == .notFound)
            #expect(try await otherAPI.send(.POST, "/api/v1/pulse-rounds/\(id)/close").status == .notFound)
        }
    }

    @Test func aLeaderAssessesTheQuarterPrivatelyAndAStaleSaveIsRefused() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "assess")
            let leader = Browser(ctx.app)
            try await leader.signIn(org.leader.email, Fixtures.password)
            let seller = Browser(ctx.app)
            try await seller.signIn(org.seller.email, Fixtures.password)
            #expect(try await seller.get("/leadership").status == .forbidden)
            let page = try await leader.get("/leadership")
            let quarter = try #require(
                page.body.range(of: #"name="quarter" value=""#).map { String(page.body[$0.upperBound...].prefix(7)) })
            var form =
                SelfStatement.allCases.map { ($0.rawValue, "4") } + [
                    ("quarter", quarter), ("version", "0"), ("goodLeader", "Jeg lytter mer enn før."),
                ]
            let missing = try await leader.post(
                "/leadership/assessment", form.filter { $0.0 != SelfStatement.sharesWhatWorks.rawValue })
            #expect(
                missing.status == .unprocessableEntity && missing.body.contains(##"href="#field-sharesWhatWorks""##))
            #expect(missing.body.contains("Jeg lytter mer enn før."))
            #expect(try await leader.post("/leadership/assessment", form).status == .seeOther)
            let saved = try await leader.get("/leadership")
            #expect(saved.body.contains("Jeg lytter mer enn før.") && saved.body.contains(#"name="version" value="1""#))
            // A second save from the form opened before the first: refused, the typed text kept.
            form.append(("helpSucceed", "Typed in the old tab"))
            let stale = try await leader.post("/leadership/assessment", form)
            #expect(stale.status == .conflict && stale.body.contains("Typed in the old tab"))
            #expect(
                try await leader.post("/leadership/assessment", form.map { $0.0 == "quarter" ? ($0.0, "2020-Q1") : $0 })
                    .status == .badRequest)
            // The API has the history; the admin sees only their own (none).
            let leaderAPI = APIClient(
                ctx.app,
                token: try await AdminTasks.createToken(db: ctx.app.db, email: org.leader.email, name: "t", now: Date())
            )
            let list = try #require(try await leaderAPI.get("/api/v1/self-assessments").json as? [String: Any])
            #expect((list["items"] as? [[String: Any]])?.first?["version"] as? Int == 1)
            let adminAPI = APIClient(
                ctx.app,
                token: try await AdminTasks.createToken(db: ctx.app.db, email: org.admin.email, name: "t", now: Date()))
            let theirs = try #require(try await adminAPI.get("/api/v1/self-assessments").json as? [String: Any])
            #expect((theirs["items"] as? [Any])?.isEmpty == true)
            let conflict = try await leaderAPI.send(
                .PUT, "/api/v1/self-assessments/\(quarter)",
                json: [
                    "version": 0,
                    "scores": Dictionary(uniqueKeysWithValues: SelfStatement.allCases.map { ($0.rawValue, 2) }),
                ])
            #expect(conflict.status == .conflict)
            let put = try await leaderAPI.send(
                .PUT, "/api/v1/self-assessments/\(quarter)",
                json: [
                    "version": 1,
                    "scores": Dictionary(uniqueKeysWithValues: SelfStatement.allCases.map { ($0.rawValue, 2) }),
                ])
            #expect(put.status == .ok && (put.json as? [String: Any])?["version"] as? Int == 2)
        }
    }
}
