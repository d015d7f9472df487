import Foundation
import SQLKit
import SparringDomain
import SparringStorage
import SparringTestSupport
import SparringWeb
import Testing
import Vapor

/// Real-shaped export files in `Tests/Fixtures/imports`.
func importFixture(_ name: String) -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/imports/" + name).path
}

@Suite struct ImportTests {
    func deals(_ app: Application, _ org: Fixtures.Org) async throws -> [DealRow] {
        try await Tenant(db: app.db, organisationID: org.organisation.id).deals.list(
            DealFilter(status: nil, sort: .amount), visibility: .all, rates: ExchangeRates(base: "NOK", rates: [:]),
            now: Date(), timeZone: .gmt, limit: 100, after: nil
        ).rows
    }

    func count(_ app: Application, _ table: String) async throws -> Int {
        try await (app.db as! any SQLDatabase).select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(table).first()!.decode(column: "n", as: Int.self)
    }

    func run(
        _ app: Application, _ source: String, _ path: String, dryRun: Bool = false, createStages: Bool = false
    ) async throws -> ImportReport {
        try await AdminTasks.importDeals(
            db: app.db, source: source, path: importFixture(path), organisation: nil, dryRun: dryRun,
            createStages: createStages, defaultOwner: nil, team: nil, now: Date(timeIntervalSince1970: 1_795_000_000)
        )
    }

    /// A workbook, a UTF-16 export or any binary file is named for what it is, in one sentence, instead
    /// of a hundred problems in garbage columns; the command line prints that sentence, not a Swift value.
    @Test func aFileThatIsNotCSVTextIsNamedForWhatItIs() async throws {
        try await withSparring { ctx in
            _ = try await Fixtures.organisation(ctx.app, tag: "bin")
            let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sparring-bin-\(UUID())")
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: folder) }
            var random = SystemRandomNumberGenerator()
            let files: [(String, [UInt8], L10nKey)] = [
                (
                    "deals.xlsx",
                    [0x50, 0x4B, 0x03, 0x04] + (0..<4000).map { _ in UInt8.random(in: 0...255, using: &random) },
                    .importNotTextWorkbook
                ),
                (
                    "deals.csv",
                    [0xFF, 0xFE] + Array("Deal,Amount\n".utf16.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }),
                    .importNotTextUTF16
                ),
                ("image.csv", (0..<4000).map { _ in UInt8.random(in: 0...255, using: &random) }, .importNotText),
            ]
            for (name, bytes, key) in files {
                let url = folder.appendingPathComponent(name)
                try Data(bytes).write(to: url)
                do {
                    _ = try await AdminTasks.importDeals(
                        db: ctx.app.db, source: "csv", path: url.path, organisation: nil, dryRun: true,
                        createStages: false, defaultOwner: nil, team: nil, now: Date())
                    Issue.record("\(name) was read as CSV")
                } catch let error as AppError {
                    #expect(error == .invalid("file", key, ["file": name]))
                    let line = error.commandLineText(Localizer(.en))
                    #expect(line.hasPrefix("file: \(name) ") && !line.contains("L10nKey"), "\(line)")
                }
            }
            #expect(
                AppError.badRequest(.importNoRows, field: "file").commandLineText(Localizer(.en))
                    == "file: " + Localizer(.en)(.importNoRows))
        }
    }

    /// A quote that is never closed swallows every line after it into one value: the import says so,
    /// naming the line it opened on, instead of "the file has no rows" (for a stray quote in the
    /// header) or one garbled row, and saves nothing.
    @Test func anUnclosedQuoteIsNamedWithItsLine() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "q")
            for (lines, line) in [
                (["externalID,\"title,stage", "q1,Første,Proposal", "q2,Andre,Proposal"], 1),
                (["externalID,title,stage", "q1,Første,Proposal", "q2,\"Andre,Proposal", "q3,Tredje,Proposal"], 3),
            ] {
                let file = try write(lines, "quote.csv")
                defer { try? FileManager.default.removeItem(at: file) }
                do {
                    _ = try await runFile(ctx.app, "csv", file)
                    Issue.record("an unclosed quote on line \(line) was imported")
                } catch let error as AppError {
                    #expect(
                        error
                            == .invalid(
                                "file", .importUnclosedQuote, ["file": file.lastPathComponent, "line": String(line)]))
                    #expect(
                        error.commandLineText(Localizer(.en)).contains(
                            "the quote opened on line \(line) is never closed"))
                }
            }
            #expect(try await deals(ctx.app, org).isEmpty, "nothing imported")
        }
    }

    /// With stages created by the import, every history entry of the file is kept whatever the row
    /// order: a deal read before a stage first appears as someone's current stage, and a stage that
    /// is only ever in the history, keep their entries (832 of 837 were kept when only known stages
    /// were looked up).
    @Test func stagesCreatedByTheImportKeepEveryHistoryEntryWhateverTheRowOrder() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "h")
            let entered = { (stage: String) in #""Date entered ""\#(stage) (Sales Pipeline)""""# }
            let header =
                "Record ID,Deal Name,Deal Stage,Pipeline,Amount,Create Date,Deal owner,"
                + ["Discovery", "Legal review", "Demo booked"].map(entered).joined(separator: ",")
            let rows = [
                // Demo booked now, after Discovery: Discovery is nobody's current stage yet.
                "7001,Alpha,Demo booked,Sales Pipeline,1000,2026-09-01 09:00,Seller h,2026-09-01 09:00,,2026-09-10 10:00",
                // Legal review is in no row's current stage at all.
                "7002,Beta,Demo booked,Sales Pipeline,2000,2026-09-02 09:00,Seller h,2026-09-02 09:00,2026-09-05 09:00,2026-09-20 09:00",
                "7003,Gamma,Discovery,Sales Pipeline,3000,2026-09-03 09:00,Seller h,2026-09-03 09:00,,",
            ]
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("hubspot-\(UUID()).csv")
            try ([header] + rows).joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
            defer { try? FileManager.default.removeItem(at: url) }
            let report = try await AdminTasks.importDeals(
                db: ctx.app.db, source: "hubspot", path: url.path, organisation: nil, dryRun: false,
                createStages: true, defaultOwner: nil, team: nil, now: Date(timeIntervalSince1970: 1_795_000_000)
            )
            #expect(report.problemCount == 0, "\(report.problems)")
            #expect(report.stagesCreated == 3)
            let sql = ctx.app.db as! any SQLDatabase
            var kept: [String: [String]] = [:]
            for row in try await sql.raw(
                """
                SELECT d.external_id, s.name_en FROM stage_changes c JOIN deals d ON d.id = c.deal_id
                JOIN stages s ON s.id = c.to_stage_id WHERE d.organisation_id = \(bind: org.organisation.id)
                ORDER BY d.external_id, c.changed_at
                """
            ).all() {
                kept[try row.decode(column: "external_id", as: String.self), default: []].append(
                    try row.decode(column: "name_en", as: String.self))
            }
            #expect(kept["7001"] == ["Discovery", "Demo booked"])
            #expect(kept["7002"] == ["Discovery", "Legal review", "Demo booked"])
            #expect(kept["7003"] == ["Discovery"])
        }
    }

    /// SQLite's planner gets statistics after an import (`PRAGMA optimize`), and the case page's plans
    /// query has an index that leads with the deal, so its plan does not depend on them: without
    /// either it walked the organisation's `plans_chosen` index over every plan (110–135 ms at 100,000
    /// deals). PostgreSQL keeps its own statistics.
    @Test func afterAnImportSQLiteHasStatisticsAndThePlansQuerySeeksTheDeal() async throws {
        try await withSparring { ctx in
            let sql = ctx.app.db as! any SQLDatabase
            guard sql.dialect.name == "sqlite" else { return }
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let plan = try await sql.raw(
                """
                EXPLAIN QUERY PLAN SELECT * FROM plans WHERE organisation_id = \(bind: org.organisation.id)
                AND deal_id = \(bind: UUID()) ORDER BY created_at, letter
                """
            ).all().map { try $0.decode(column: "detail", as: String.self) }
            #expect(plan.contains { $0.contains("USING INDEX plans_deal") }, "\(plan)")
            _ = try await run(ctx.app, "hubspot", "hubspot-deals.csv")
            let analysed = try await sql.raw("SELECT tbl FROM sqlite_stat1").all()
                .map { try $0.decode(column: "tbl", as: String.self) }
            #expect(analysed.contains("deals") && analysed.contains("stage_changes"), "\(analysed)")
        }
    }

    func write(_ lines: [String], _ name: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("\(UUID())-\(name)")
        try lines.joined(separator: "\n").write(to: url, atomically: true, encoding: .utf8)
        return url
    }

    func runFile(_ app: Application, _ source: String, _ url: URL, dryRun: Bool = false) async throws -> ImportReport {
        try await AdminTasks.importDeals(
            db: app.db, source: source, path: url.path, organisation: nil, dryRun: dryRun, createStages: false,
            defaultOwner: nil, team: nil, now: Date(timeIntervalSince1970: 1_795_000_000)
        )
    }

    /// A report exported without its id column is a normal export: imported with a key made of the
    /// columns it has, named in the report, and a second import of it changes nothing. A file without
    /// a required column says so once, with no "the cell is empty" for full columns on every row.
    @Test func aReportWithoutAnIdColumnImportsByADerivedKeyAndAMissingColumnIsReportedOnce() async throws {
        try await withSparring { ctx in
            _ = try await Fixtures.organisation(ctx.app, tag: "a")
            let report = try write(
                [
                    "Opportunity Name,Account Name,Opportunity Owner,Stage,Amount,Close Date,Created Date",
                    "Kassesystem,Bergen Kino AS,Seller a,Proposal,\"120,000.00\",2026-12-31,2026-09-15",
                    "Kassesystem,Oslo Kino AS,Seller a,Proposal,\"80,000.00\",2026-12-31,2026-09-15",
                    "Billettluke,Bergen Kino AS,Seller a,Qualification,\"40,000.00\",2027-01-31,2026-10-01",
                ], "report.csv")
            defer { try? FileManager.default.removeItem(at: report) }
            let dry = try await runFile(ctx.app, "salesforce-report", report, dryRun: true)
            #expect(dry.problemCount == 0, "\(dry.problems)")
            #expect(dry.derivedKey == ["Opportunity Name", "Account Name", "Created Date"])
            #expect(Localizer(.en)(.importDerivedKey).contains("Opportunity ID"), "the report says how to be exact")
            let first = try await runFile(ctx.app, "salesforce-report", report)
            #expect(first.created == 3)
            let again = try await runFile(ctx.app, "salesforce-report", report)
            #expect(again.created == 0 && again.unchanged == 3, "the derived key is stable")

            // Pipedrive without "Deal - Title": one problem for the header, none per row.
            let pipedrive = try write(
                [
                    #""Deal - ID","Deal - Organization","Deal - Owner","Deal - Stage","Deal - Value""#,
                    #""501","Equinor ASA","Seller a","Proposal","1,234.50""#,
                    #""502","Statkraft","Seller a","Proposal","2,000.00""#,
                ], "pipedrive.csv")
            defer { try? FileManager.default.removeItem(at: pipedrive) }
            let missing = try await runFile(ctx.app, "pipedrive", pipedrive, dryRun: true)
            #expect(missing.problems.map(\.message) == [.importMissingColumn], "\(missing.problems)")
            #expect(missing.problems.first?.column == "title")
        }
    }

    /// Negative amounts are refused as the deal form refuses them, and every problem of every row is
    /// listed (not only the first of each row).
    @Test func negativeAmountsAreRefusedAndEveryProblemOfARowIsListed() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let file = try write(
                [
                    "externalID,title,customer,owner,stage,amount,closeDate",
                    "n1,Kreditnota,Kunde AS,Seller a,Proposal,-40000,2026-12-31",
                    "n2,To feil,Kunde AS,Seller a,Proposal,-5,31.31.2026",
                ], "negative.csv")
            defer { try? FileManager.default.removeItem(at: file) }
            let result = try await runFile(ctx.app, "csv", file)
            #expect(result.problems.filter { $0.message == .importNegativeAmount }.map(\.row) == [2, 3])
            #expect(result.problems.contains { $0.row == 3 && $0.message == .importBadDate }, "\(result.problems)")
            #expect(try await deals(ctx.app, org).isEmpty, "nothing imported")
        }
    }

    /// A dry run names every problem of every row — a row with a bad date still has its unknown stage
    /// and owner checked — grouped by kind with a count and the rows in file order, on the page, in the
    /// API's JSON and on the command line, so one dry run shows all there is to fix.
    @Test func everyProblemOfEveryRowIsReportedGroupedByKindWithItsRows() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            // File rows 2…241: every third is in the unknown stage "Prospecting" (80 rows, all listed),
            // every odd row after 200 has an unknown status, and row 3 has a bad date, an unknown stage
            // and an unknown owner at once.
            var lines = ["externalID,title,customer,owner,stage,amount,closeDate,status"]
            var prospecting: [Int] = [], statuses: [Int] = []
            for index in 0..<240 {
                let row = index + 2
                var stage = "Proposal", owner = "Seller a", date = "2026-12-31", status = "open"
                if index % 3 == 0 {
                    stage = "Prospecting"
                    prospecting.append(row)
                }
                if row == 3 { (stage, owner, date) = ("Discovery", "Nobody Known", "31.31.2026") }
                if row > 200, row % 2 == 1 {
                    status = "maybe"
                    statuses.append(row)
                }
                lines.append("g\(index),Deal \(index),Kunde \(index % 7),\(owner),\(stage),1000,\(date),\(status)")
            }
            // A second unknown-stage group of more rows than are listed.
            for index in 240..<400 {
                lines.append("g\(index),Deal \(index),Kunde,Seller a,Qualified lead,1000,2026-12-31,open")
            }
            let file = try write(lines, "problems.csv")
            defer { try? FileManager.default.removeItem(at: file) }

            let report = try await runFile(ctx.app, "csv", file, dryRun: true)
            let row3 = Set(report.problems.filter { $0.row == 3 }.map(\.message))
            #expect(row3 == [.importBadDate, .importUnknownStage, .importUnknownOwner], "\(row3)")
            #expect(report.problems.map(\.row) == report.problems.map(\.row).sorted(), "problems in file order")
            let groups = report.problemGroups
            #expect(groups.map(\.count) == groups.map(\.count).sorted(by: >), "largest group first")
            #expect(groups.reduce(0) { $0 + $1.count } == report.problemCount)
            let lead = try #require(groups.first { $0.value == "Qualified lead" })
            #expect(lead.count == 160 && lead.rows == Array(242..<342), "the first 100 of 160 rows, in order")
            let prospect = try #require(groups.first { $0.value == "Prospecting" })
            #expect(prospect.message == .importUnknownStage && prospect.column == "stage")
            #expect(prospect.count == prospecting.count && prospect.rows == prospecting)
            let status = try #require(groups.first { $0.message == .importBadStatus })
            #expect(status.value == "maybe" && status.rows == statuses)
            #expect(groups.first { $0.message == .importBadDate }?.rows == [3])

            // The page: one line per group, with its count and rows.
            let admin = Browser(ctx.app)
            try await admin.signIn(org.admin.email, Fixtures.password)
            let page = try await admin.upload(
                "/imports/preview", [("source", "csv"), ("team", org.team.id.uuidString)],
                files: [("file[]", "problems.csv", try Data(contentsOf: file))])
            #expect(page.status == .ok)
            let listed = prospecting.map(String.init).joined(separator: ", ")
            #expect(page.body.contains("“Prospecting”") && page.body.contains("\(prospecting.count) rows: \(listed)<"))
            #expect(page.body.contains("160 rows: 242, 243, 244,") && page.body.contains("341, …<"))
            #expect(page.body.contains("row 3<"), "a group of one row")
            #expect(page.body.components(separatedBy: "class=\"problem-group\"").count - 1 == groups.count)

            // The API: the groups as JSON, with the count and the rows.
            let api = APIClient(
                ctx.app,
                token: try await AdminTasks.createToken(db: ctx.app.db, email: org.admin.email, name: "t", now: Date()))
            let refused = try await api.send(
                .POST, "/api/v1/imports",
                raw: APIClient.multipart([("source", "csv")], file: ("file", "deals.csv", try Data(contentsOf: file))))
            #expect(refused.status == .unprocessableEntity)
            let json = try #require(refused.json as? [String: Any])
            let jsonGroups = try #require(json["problemGroups"] as? [[String: Any]])
            let jsonProspect = try #require(jsonGroups.first { $0["value"] as? String == "Prospecting" })
            #expect(jsonProspect["count"] as? Int == prospecting.count && jsonProspect["rows"] as? [Int] == prospecting)
            #expect(try await deals(ctx.app, org).isEmpty, "nothing imported")
        }
    }

    @Test func hubSpotWithStageHistoryAndASecondImportChangesNothing() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let dry = try await run(ctx.app, "hubspot", "hubspot-deals.csv", dryRun: true)
            #expect(dry.problemCount == 0 && dry.created == 3 && dry.customers == 3)
            #expect(try await count(ctx.app, "deals") == 0, "a dry run writes nothing")

            let first = try await run(ctx.app, "hubspot", "hubspot-deals.csv")
            #expect(first.problems.isEmpty)
            #expect((first.created, first.updated, first.customers, first.stageChanges) == (3, 0, 3, 6))
            let rows = try await deals(ctx.app, org)
            let fjordkraft = try #require(rows.first { $0.deal.externalID == "9001" })
            #expect(fjordkraft.deal.amountMinor == 250_000_00 && fjordkraft.customerName == "Fjordkraft AS")
            #expect(fjordkraft.deal.nextStep == "Call the CFO\nbefore Friday")
            #expect(fjordkraft.ownerName == "Seller a" && fjordkraft.deal.teamID == org.team.id)
            let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
            let history = try await tenant.deals.history(fjordkraft.deal.id)
            #expect(history.count == 2 && history.allSatisfy { $0.origin == .imported })
            let won = try #require(rows.first { $0.deal.externalID == "9002" })
            #expect(won.deal.status == .won)
            #expect(rows.first { $0.deal.externalID == "9003" }?.deal.amountMinor == 12_500_50)
            #expect(rows.first { $0.deal.externalID == "9003" }?.deal.expectedClose == Day("2026-12-31"))

            let before = (try await count(ctx.app, "stage_changes"), try await count(ctx.app, "customers"))
            let second = try await run(ctx.app, "hubspot", "hubspot-deals.csv")
            #expect(
                (second.created, second.updated, second.unchanged, second.stageChanges, second.customers) == (
                    0, 0, 3, 0, 0
                ))
            #expect(try await count(ctx.app, "deals") == 3)
            #expect((try await count(ctx.app, "stage_changes"), try await count(ctx.app, "customers")) == before)
        }
    }

    @Test func aChangedExportUpdatesTheDealsItNamesAndRecordsTheirNewStages() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            _ = try await run(ctx.app, "hubspot", "hubspot-deals.csv")
            let original = try String(contentsOfFile: importFixture("hubspot-deals.csv"), encoding: .utf8)
            let changed = original.replacingOccurrences(of: "\"250,000.00\"", with: "\"275,000.00\"")
                .replacingOccurrences(of: "Tine CRM-utvidelse,Qualification", with: "Tine CRM-utvidelse,Proposal")
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let file = dir.appendingPathComponent("changed.csv")
            try changed.write(to: file, atomically: true, encoding: .utf8)
            let report = try await AdminTasks.importDeals(
                db: ctx.app.db, source: "hubspot", path: file.path, organisation: nil, dryRun: false,
                createStages: false, defaultOwner: nil, team: nil, now: Date(timeIntervalSince1970: 1_796_000_000)
            )
            #expect((report.created, report.updated, report.unchanged, report.stageChanges) == (0, 2, 1, 1))
            let rows = try await deals(ctx.app, org)
            let fjordkraft = try #require(rows.first { $0.deal.externalID == "9001" })
            #expect(fjordkraft.deal.amountMinor == 275_000_00 && fjordkraft.deal.version == 2)
            let tine = try #require(rows.first { $0.deal.externalID == "9003" })
            let history = try await Tenant(db: ctx.app.db, organisationID: org.organisation.id).deals.history(
                tine.deal.id)
            #expect(
                history.count == 2 && history.last?.origin == .imported && history.last?.toStageID == tine.deal.stageID)
        }
    }

    @Test func aSalesforceReportResavedByExcelInANorwegianLocale() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let report = try await run(ctx.app, "salesforce-report", "salesforce-report-nb.csv")
            #expect(report.problems.isEmpty, "\(report.problems)")
            #expect(report.created == 3)
            let rows = try await deals(ctx.app, org)
            let kino = try #require(rows.first { $0.deal.externalID == "0061t00000AbCdE" })
            #expect(kino.deal.title == "Bergen Kino – kassesystem" && kino.deal.amountMinor == 1_234_567_50)
            #expect(kino.deal.expectedClose == Day("2026-12-31"))
            #expect(rows.contains { $0.customerName == "Ålesund Sjømat AS" })
            #expect(rows.first { $0.customerName == "Østfold Energi AS" }?.deal.currency == "EUR")
            let stages = try await Tenant(db: ctx.app.db, organisationID: org.organisation.id).pipelines.all()[0].stages
            #expect(kino.deal.stageID == stages.first { $0.key == "proposal" }?.id)
        }
    }

    @Test func pipedriveWithALostDealAndItsReason() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let report = try await run(ctx.app, "pipedrive", "pipedrive-deals.csv")
            #expect(report.problems.isEmpty && report.created == 2)
            let rows = try await deals(ctx.app, org)
            let dnb = try #require(rows.first { $0.deal.externalID == "502" })
            #expect(dnb.deal.status == .lost && dnb.deal.closeReason == "Valgte konkurrent")
            let equinor = try #require(rows.first { $0.deal.externalID == "501" })
            #expect(equinor.deal.amountMinor == 1_234_50 && equinor.deal.currency == "USD")
        }
    }

    @Test func aSalesforceDataExportJoinsAccountsUsersAndHistory() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let report = try await run(ctx.app, "salesforce", "salesforce")
            #expect(report.problems.isEmpty, "\(report.problems)")
            #expect((report.created, report.customers) == (3, 2))
            let rows = try await deals(ctx.app, org)
            let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
            let stages = try await tenant.pipelines.all()[0].stages
            func stage(_ key: String) -> UUID? { stages.first { $0.key == key }?.id }
            let kongsberg = try #require(rows.first { $0.deal.externalID == "0061t00000Opp001" })
            #expect(kongsberg.customerName == "Kongsberg Gruppen ASA" && kongsberg.ownerName == "Seller a")
            #expect(
                try await tenant.deals.history(kongsberg.deal.id).map(\.toStageID) == [
                    stage("qualify"), stage("proposal"),
                ])
            let telenor = try #require(rows.first { $0.deal.externalID == "0061t00000Opp002" })
            #expect(telenor.ownerName == "Leader a" && telenor.deal.status == .won)
            #expect(
                try await tenant.deals.history(telenor.deal.id).map(\.toStageID)
                    == [stage("qualify"), stage("negotiation"), stage("won")])
            #expect(rows.first { $0.deal.externalID == "0061t00000Opp003" }?.deal.status == .lost)
            // The report export of the same opportunities updates these deals, never duplicates them.
            #expect(try await tenant.deals.customer(kongsberg.deal.customerID).industry == "Defence")
        }
    }

    @Test func oneBadValueRefusesTheWholeFileNamingRowAndColumn() async throws {
        try await withSparring { ctx in
            _ = try await Fixtures.organisation(ctx.app, tag: "a")
            let report = try await run(ctx.app, "hubspot", "hubspot-bad-value.csv")
            #expect(report.problemCount == 1)
            let problem = try #require(report.problems.first)
            #expect(
                (problem.row, problem.column, problem.value, problem.message) == (
                    4, "Amount", "åtti tusen", .importBadAmount
                ))
            #expect(try await count(ctx.app, "deals") == 0, "all or nothing")
            #expect(try await count(ctx.app, "customers") == 0)
        }
    }

    /// The deals table's indexes, name → definition.
    func dealIndexes(_ app: Application) async throws -> [String: String] {
        let sql = app.db as! any SQLDatabase
        let rows =
            sql.dialect.name == "sqlite"
            ? try await sql.raw(
                "SELECT name, sql AS definition FROM sqlite_master WHERE type = 'index' AND tbl_name = 'deals' AND sql IS NOT NULL"
            ).all()
            : try await sql.raw(
                "SELECT indexname AS name, indexdef AS definition FROM pg_indexes WHERE tablename = 'deals' AND schemaname = current_schema()"
            ).all()
        return try Dictionary(
            uniqueKeysWithValues: rows.map {
                (try $0.decode(column: "name", as: String.self), try $0.decode(column: "definition", as: String.self))
            })
    }

    @Test func aLargeImportRebuildsTheListIndexesAndARefusedOneKeepsThem() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let before = try await dealIndexes(ctx.app)
            #expect(Set(DeferredIndexes.names).isSubset(of: before.keys))
            // Every file counts as large here, so SQLite drops and rebuilds; PostgreSQL never drops.
            let importer = DealImporter(db: ctx.app.db, organisationID: org.organisation.id, deferIndexesFromBytes: 0)
            func options(dryRun: Bool) -> ImportOptions {
                ImportOptions(
                    source: .hubspot, dryRun: dryRun, now: Date(timeIntervalSince1970: 1_795_000_000), timeZone: .gmt)
            }
            let refused = try await importer.run(
                ImportInput(deals: URL(fileURLWithPath: importFixture("hubspot-bad-value.csv"))),
                options: options(dryRun: false))
            #expect(refused.problemCount == 1)
            #expect(try await dealIndexes(ctx.app) == before, "the rollback restores the dropped indexes")
            let dry = try await importer.run(
                ImportInput(deals: URL(fileURLWithPath: importFixture("hubspot-deals.csv"))),
                options: options(dryRun: true))
            #expect(dry.created == 3 && dry.problemCount == 0)
            #expect(try await dealIndexes(ctx.app) == before)

            let report = try await importer.run(
                ImportInput(deals: URL(fileURLWithPath: importFixture("hubspot-deals.csv"))),
                options: options(dryRun: false))
            #expect(report.created == 3 && report.problemCount == 0)
            #expect(try await dealIndexes(ctx.app) == before, "the same indexes, built again")
            let rows = try await deals(ctx.app, org)
            #expect(rows.count == 3)
            #expect(
                rows.map(\.deal.amountMinor) == rows.map(\.deal.amountMinor).sorted(by: >),
                "listed through the rebuilt index")
        }
    }

    @Test func unknownStagesAreProblemsUntilMappedOrCreated() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let dir = FileManager.default.temporaryDirectory.appendingPathComponent(UUID().uuidString)
            try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(at: dir) }
            let file = dir.appendingPathComponent("deals.csv")
            try "externalID;title;customer;owner;stage;amount\nX1;Pilot;Kunde AS;Seller a;Demo booked;1 000\n"
                .write(to: file, atomically: true, encoding: .utf8)
            let refused = try await AdminTasks.importDeals(
                db: ctx.app.db, source: "csv", path: file.path, organisation: nil, dryRun: false, createStages: false,
                defaultOwner: nil, team: nil, now: Date()
            )
            #expect(refused.unknownStages == ["Demo booked"] && refused.problems.first?.message == .importUnknownStage)
            let created = try await AdminTasks.importDeals(
                db: ctx.app.db, source: "csv", path: file.path, organisation: org.organisation.slug, dryRun: false,
                createStages: true, defaultOwner: nil, team: nil, now: Date()
            )
            #expect(created.problems.isEmpty && created.stagesCreated == 1 && created.created == 1)
            let stages = try await Tenant(db: ctx.app.db, organisationID: org.organisation.id).pipelines.all()[0].stages
            #expect(stages.contains { $0.nameEN == "Demo booked" && $0.kind == .open })
        }
    }
}

@Suite struct ImportPagesTests {
    /// The mapping form for the HubSpot fixture, each column named.
    static func mapping(_ uploadID: Substring) -> [(String, String)] {
        [("uploadID", String(uploadID))]
            + [
                ("externalID", 0), ("title", 1), ("stage", 2), ("pipeline", 3), ("amount", 4), ("closeDate", 5),
                ("createdDate", 6), ("owner", 7), ("customer", 8), ("nextStep", 9),
            ].map { ("col." + $0.0, String($0.1)) }
    }

    @Test func uploadDryRunMapAnOwnerAndConfirm() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let tenant = Tenant(db: ctx.app.db, organisationID: org.organisation.id)
            let admin = Browser(ctx.app, acceptLanguage: "nb")
            try await admin.signIn(org.admin.email, Fixtures.password)
            #expect(try await admin.get("/imports").body.contains("Importer avtaler"))

            let missing = try await admin.upload("/imports/preview", [("source", "hubspot")], files: [])
            #expect(missing.status == .unprocessableEntity && missing.body.contains("Velg en fil å laste opp."))

            // An owner the organisation does not know: the dry run names it and offers a mapping.
            let file = try Data(contentsOf: URL(fileURLWithPath: importFixture("hubspot-deals.csv")))
            let unknown = String(decoding: file, as: UTF8.self).replacingOccurrences(
                of: "Leader a", with: "Kari Nordmann")
            let preview = try await admin.upload(
                "/imports/preview", [("source", "hubspot"), ("team", org.team.id.uuidString)],
                files: [("file[]", "hubspot-deals.csv", Data(unknown.utf8))])
            #expect(preview.status == .ok)
            #expect(preview.body.contains("Prøvekjøring: ingenting er lagret ennå"))
            #expect(preview.body.contains("Ukjent eier") && preview.body.contains("Kari Nordmann"))
            // The disabled Import button says why it is disabled.
            #expect(
                preview.body.contains(#"id="import-blocked""#)
                    && preview.body.contains(#"aria-describedby="import-blocked""#))
            let uploadID = try #require(preview.body.firstMatch(of: /name="uploadID" value="([0-9A-F-]+)"/)?.1)
            let form = Self.mapping(uploadID) + [("team", org.team.id.uuidString)]
            let refused = try await admin.post("/imports/run", form)
            #expect(refused.status == .unprocessableEntity && refused.body.contains(#"id="import-blocked""#))
            let done = try await admin.post(
                "/imports/run", form + [("ownerName.0", "Kari Nordmann"), ("owner.0", "me")])
            #expect(done.status == .ok && done.body.contains("Importen er ferdig: 3 nye avtaler, 0 oppdatert."))
            let imported = try await tenant.deals.list(
                DealFilter(status: nil), visibility: .all, rates: ExchangeRates(base: "NOK", rates: [:]), now: Date(),
                timeZone: .gmt, limit: 10, after: nil)
            #expect(imported.total == 3)
            #expect(imported.rows.first { $0.deal.externalID == "9003" }?.deal.ownerID == org.admin.id)
            // The upload is gone once imported.
            #expect(try await admin.post("/imports/run", form).status == .badRequest)

            let seller = Browser(ctx.app)
            try await seller.signIn(org.seller.email, Fixtures.password)
            #expect(try await seller.get("/imports").status == .forbidden)
        }
    }
    /// A file with more columns than any export has is refused on the upload form with what is wrong,
    /// at once, and not kept; the API says the same, naming the file field.
    @Test func aFileWithMoreColumnsThanAnyExportIsRefusedWithAClearMessage() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let admin = Browser(ctx.app, acceptLanguage: "nb")
            try await admin.signIn(org.admin.email, Fixtures.password)
            // One column more than the limit (the tester's million columns are `CSVReaderTests`' case: the
            // upload's multipart decoding, not the reading, is what a 7.9 MB body costs here).
            let huge = Data((String(repeating: "Deal Name,", count: 2_000) + "Amount\nA,B\n").utf8)
            let refused = try await admin.upload(
                "/imports/preview", [("source", "hubspot"), ("team", org.team.id.uuidString)],
                files: [("file[]", "wide.csv", huge)])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.contains("Linje 1 i wide.csv har mer enn 2 000 kolonner"))
            #expect(refused.body.contains(#"name="file[]""#), "the upload form is shown again")
            #expect(try await ImportTests().count(ctx.app, "import_files") == 0, "the upload is not kept")
            #expect(try await ImportTests().count(ctx.app, "deals") == 0)

            let token = try await AdminTasks.createToken(
                db: ctx.app.db, email: org.admin.email, name: "t", now: Date())
            let api = try await APIClient(ctx.app, token: token).send(
                .POST, "/api/v1/imports",
                raw: APIClient.multipart(
                    [("source", "hubspot"), ("dryRun", "true"), ("team", org.team.id.uuidString)],
                    file: ("file", "wide.csv", huge)))
            #expect(api.status == .unprocessableEntity && api.body.contains(#""field":"file""#))
            #expect(api.body.contains("more than 2,000 columns"))
            #expect(try await ImportTests().count(ctx.app, "import_files") == 0)
        }
    }
    /// The mapping form names a team and the people to give deals to: another organisation's are refused
    /// (the form once saved deals carrying both, which then could not be edited), and nothing is saved.
    @Test func theMappingFormRefusesAnotherOrganisationsTeamAndPeople() async throws {
        try await withSparring { ctx in
            let org = try await Fixtures.organisation(ctx.app, tag: "a")
            let other = try await Fixtures.organisation(ctx.app, tag: "b")
            let admin = Browser(ctx.app)
            try await admin.signIn(org.admin.email, Fixtures.password)
            let file = try Data(contentsOf: URL(fileURLWithPath: importFixture("hubspot-deals.csv")))
            let unknown = String(decoding: file, as: UTF8.self).replacingOccurrences(
                of: "Leader a", with: "Kari Nordmann")
            let preview = try await admin.upload(
                "/imports/preview", [("source", "hubspot"), ("team", org.team.id.uuidString)],
                files: [("file[]", "hubspot-deals.csv", Data(unknown.utf8))])
            let uploadID = try #require(preview.body.firstMatch(of: /name="uploadID" value="([0-9A-F-]+)"/)?.1)
            let form = Self.mapping(uploadID)
            let mapped = form + [("ownerName.0", "Kari Nordmann")]
            for attempt in [
                mapped + [("team", other.team.id.uuidString), ("owner.0", "me")],
                mapped + [("team", org.team.id.uuidString), ("owner.0", other.seller.id.uuidString)],
                mapped + [("team", other.team.id.uuidString), ("owner.0", other.leader.id.uuidString)],
            ] {
                let refused = try await admin.post("/imports/run", attempt)
                #expect(refused.status == .unprocessableEntity, "\(refused.status)")
            }
            #expect(try await ImportTests().count(ctx.app, "deals") == 0)
            let done = try await admin.post(
                "/imports/run", mapped + [("team", org.team.id.uuidString), ("owner.0", "me")])
            #expect(done.status == .ok && done.body.contains("The import is done"))
        }
    }
}
