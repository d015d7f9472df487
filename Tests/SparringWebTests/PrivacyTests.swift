import Foundation
import SQLKit
import SparringDomain
import SparringStorage
import SparringTestSupport
import SparringWeb
import Testing
import Vapor

/// Issue 8's privacy: an administrator exports everything held about a person and erases them,
/// keeping the deal history.
@Suite struct PrivacyTests {
    /// A deal in the org's team with a contact, an obstacle and a comment that name `contact`.
    func dealNaming(_ contact: String, org: Fixtures.Org, app: Application, at time: Date) async throws -> Deal {
        let tenant = Tenant(db: app.db, organisationID: org.organisation.id)
        let stage = try await tenant.pipelines.all()[0].stages.first { $0.key == "proposal" }!.id
        let customer = try await tenant.deals.customer(named: "Fjordkraft AS")
        let deal = try await tenant.deals.create(
            NewDeal(
                customerID: customer, ownerID: org.seller.id, teamID: org.team.id, stageID: stage,
                title: "Kraftavtale", amountMinor: 10_000_000, currency: "NOK", expectedClose: nil),
            by: org.seller.id, origin: .manual, at: time)
        let work = tenant.dealCase(deal.id)
        try await work.saveInfluence(
            BuyingInfluence(
                id: UUID(), name: contact, title: "CFO", role: .economicBuyer, stance: .sceptical,
                note: "\(contact) decides in March", version: 1),
            isNew: true, by: org.seller.id, at: time)
        let category = try await tenant.taxonomy.categories()[0].id
        _ = try await work.addObstacle(
            categoryID: category, detail: "\(contact.uppercased()) wants a lower price", by: org.seller.id, at: time)
        _ = try await work.addComment(
            "Spoke with \(contact) today; Kari Nordmannsen agrees", by: org.leader.id, at: time)
        return deal
    }

    func allText(_ app: Application, organisationID: UUID) async throws -> String {
        let sql = app.db as! any SQLDatabase
        var text = ""
        for (table, columns) in [
            ("buying_influences", ["name", "title", "note"]), ("obstacles", ["detail"]), ("case_comments", ["text"]),
            ("case_events", ["subject"]), ("search_entries", ["title_terms", "body_terms", "body"]),
        ] {
            for row in try await sql.select().columns(columns).from(table)
                .where("organisation_id", .equal, organisationID).all()
            {
                for column in columns { text += (try row.decode(column: column, as: String?.self) ?? "") + "\n" }
            }
        }
        return text
    }

    @Test func anAdminExportsAndErasesACustomersContactAndTheDealHistoryStays() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let other = try await Fixtures.organisation(ctx.app, tag: "b")
            let deal = try await dealNaming("Kari Nordmann", org: org, app: ctx.app, at: ctx.clock.now)
            _ = try await dealNaming("Kari Nordmann", org: other, app: ctx.app, at: ctx.clock.now)
            let admin = Browser(ctx.app)
            try await admin.signIn(org.admin.email, Fixtures.password)

            let found = try await admin.get("/admin/privacy?q=nordmann")
            #expect(found.status == .ok && found.body.contains("<h3>Kari Nordmann</h3>"))
            #expect(found.body.contains("named on 1 deals"), "only this organisation's deals")
            #expect(try await admin.get("/admin/privacy?q=no").body.contains("Type at least 3 characters."))

            let export = try await admin.get("/admin/privacy/export?contact=Kari%20Nordmann")
            #expect(export.status == .ok)
            #expect(
                export.headers.first(name: .contentDisposition)?.contains("personal-data-kari-nordmann.json") == true)
            let json = try #require(try JSONSerialization.jsonObject(with: Data(export.body.utf8)) as? [String: Any])
            let mentions = try #require(json["mentions"] as? [[String: Any]])
            let places = Set(mentions.map { "\($0["table"]!).\($0["column"]!)" })
            #expect(
                places.isSuperset(of: [
                    "buying_influences.name", "buying_influences.note", "obstacles.detail", "case_comments.text",
                ]))
            #expect(!export.body.contains("Org b") && !export.body.contains(other.organisation.id.uuidString))

            // A typo in the confirmation changes nothing.
            let typo = try await admin.post(
                "/admin/privacy/erase", [("contact", "Kari Nordmann"), ("confirm", "Kari Nordman")])
            #expect(typo.status == .unprocessableEntity && typo.body.contains("Type the name exactly as shown."))
            #expect(try await allText(ctx.app, organisationID: org.organisation.id).contains("Kari Nordmann "))

            let erased = try await admin.post(
                "/admin/privacy/erase", [("contact", "Kari Nordmann"), ("confirm", "kari nordmann")])
            #expect(erased.status == .ok && erased.body.contains(#"id="erased""#))
            let text = try await allText(ctx.app, organisationID: org.organisation.id)
            #expect(!text.lowercased().contains("kari nordmann "), "\(text)")
            #expect(!text.contains("nordmann "), "the search terms too")
            #expect(text.contains("[erased person] decides in March"))
            #expect(text.contains("[erased person] wants a lower price"))
            #expect(text.contains("Kari Nordmannsen agrees"), "someone else's name is left")

            // The deal's history stays: the deal, its obstacle, its comment, its contact (without a title).
            let work = Tenant(db: ctx.app.db, organisationID: org.organisation.id).dealCase(deal.id)
            let (obstacles, comments) = (try await work.obstacles(), try await work.comments())
            #expect(obstacles.count == 1 && comments.count == 1)
            let influence = try #require(try await work.influences().first)
            #expect(influence.name == "[erased person]" && influence.title == nil && influence.role == .economicBuyer)
            // Searching the name finds nothing any more; the other organisation is untouched.
            #expect(try await admin.get("/admin/privacy/export?contact=Kari%20Nordmann").status == .notFound)
            #expect(try await allText(ctx.app, organisationID: other.organisation.id).contains("Kari Nordmann "))

            // Sellers may not; another organisation's colleague is not found.
            let seller = Browser(ctx.app)
            try await seller.signIn(org.seller.email, Fixtures.password)
            #expect(try await seller.get("/admin/privacy?q=kari").status == .forbidden)
            #expect(try await admin.get("/admin/privacy/export?user=\(other.seller.id)").status == .notFound)
            let foreign = try await admin.post(
                "/admin/privacy/erase", [("user", other.seller.id.uuidString), ("confirm", "Seller b")])
            #expect(foreign.status == .notFound)
        }
    }

    @Test func erasingAColleagueAnonymisesTheAccountAndKeepsTheirWork() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let deal = try await dealNaming("Seller a", org: org, app: ctx.app, at: ctx.clock.now)
            let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
            _ = try await tenant.dealCase(deal.id).addComment(
                "Mail seller@a.example for the figures", by: org.seller.id, at: ctx.clock.now)
            let token = try await AdminTasks.createToken(
                db: ctx.app.db, email: org.seller.email, name: "script", now: Date())
            let sellerBrowser = Browser(ctx.app)
            try await sellerBrowser.signIn(org.seller.email, Fixtures.password)
            let admin = Browser(ctx.app)
            try await admin.signIn(org.admin.email, Fixtures.password)

            // The seller answers a pulse round about their leader, with a comment.
            let leader = Browser(ctx.app)
            try await leader.signIn(org.leader.email, Fixtures.password)
            let opened = try await leader.post(
                "/pulse", [("leader", org.team.id.uuidString + ":" + org.leader.id.uuidString)])
            let round = try #require(opened.location?.split(separator: "/").last.map(String.init))
            let answered = try await sellerBrowser.post(
                "/pulse/\(round)/answer",
                PulseStatement.allCases.map { ($0.rawValue, "2") } + [("comment", "Vanskelig å få tid med lederen")])
            #expect(answered.status == .seeOther)

            let export = try await admin.get("/admin/privacy/export?user=\(org.seller.id)")
            let json = try #require(try JSONSerialization.jsonObject(with: Data(export.body.utf8)) as? [String: Any])
            let records = try #require(json["records"] as? [[String: Any]])
            let tables = Set(records.map { "\($0["table"]!)" })
            #expect(tables.isSuperset(of: ["users", "deals", "case_comments", "team_memberships", "api_tokens"]))
            // The pulse: while the round is open, not even that they took part (an administrator exporting
            // often would learn when they answered); once closed, that they took part, never what.
            #expect(!tables.contains("pulse_participants") && !tables.contains("pulse_answers"))
            #expect(try await leader.post("/pulse/\(round)/close").status == .seeOther)
            let closedExport = try await admin.get("/admin/privacy/export?user=\(org.seller.id)")
            let closedRecords = try #require(
                (try JSONSerialization.jsonObject(with: Data(closedExport.body.utf8)) as? [String: Any])?["records"]
                    as? [[String: Any]])
            #expect(closedRecords.contains { $0["table"] as? String == "pulse_participants" })
            #expect(!closedExport.body.contains("pulse_answers") && !closedExport.body.contains("Vanskelig å få tid"))
            #expect(!export.body.contains("Vanskelig å få tid") && !export.body.contains("s_coaches"))
            // No secret leaves in an export: no password hash, no token hash, no session id.
            #expect(!export.body.contains("password_hash") && !export.body.contains("token_hash"))
            #expect(!export.body.contains("$2b$"))

            let own = try await admin.get("/admin/privacy?q=admin@a")
            #expect(own.body.contains("<h3>Admin a</h3>") && !own.body.contains(#"name="confirm""#), "no erase offered")
            #expect(
                try await admin.post(
                    "/admin/privacy/erase", [("user", org.admin.id.uuidString), ("confirm", "Admin a")]
                )
                .status == .unprocessableEntity, "not oneself")
            let erased = try await admin.post(
                "/admin/privacy/erase", [("user", org.seller.id.uuidString), ("confirm", "Seller a")])
            #expect(erased.status == .ok)

            let user = try await tenant.users.find(org.seller.id)
            #expect(user.name == "[erased person]" && !user.isActive && user.email.hasSuffix("@erased.invalid"))
            #expect(try await sellerBrowser.get("/deals").location == "/sign-in?next=/deals")
            #expect(try await APIClient(ctx.app, token: token).get("/api/v1/me").status == .unauthorized)
            // Their work stays, under the placeholder.
            let comments = try await tenant.dealCase(deal.id).comments()
            #expect(comments.count == 2)
            #expect(comments.contains { $0.text == "Mail [erased person] for the figures" })
            #expect(try await tenant.deals.find(deal.id).ownerID == org.seller.id)
            #expect(try await admin.get("/admin/privacy?q=seller@a").body.contains("Nobody by that name or address."))
        }
    }
}
