import Foundation
import SparringDomain
import SparringStorage
import SparringViews
import Vapor

struct LocalizedNameDTO: Content {
    var nb: String
    var en: String
}

struct StageDTO: Content {
    var id: UUID
    var key: String?
    var name: LocalizedNameDTO
    var position: Int
    var probability: Int
    var expectedDays: Int?
    var kind: String
    var retired: Bool
    var version: Int

    init(_ stage: Stage) {
        id = stage.id
        key = stage.key
        name = LocalizedNameDTO(nb: stage.nameNB, en: stage.nameEN)
        position = stage.position
        probability = stage.probability
        expectedDays = stage.expectedDays
        kind = stage.kind.rawValue
        retired = stage.isRetired
        version = stage.version
    }
}

struct PipelineDTO: Content {
    var id: UUID
    var name: LocalizedNameDTO
    var stages: [StageDTO]

    init(_ pipeline: Pipeline) {
        id = pipeline.id
        name = LocalizedNameDTO(nb: pipeline.nameNB, en: pipeline.nameEN)
        stages = pipeline.stages.map(StageDTO.init)
    }
}

struct StuckReasonDTO: Content {
    var code: String
    var message: String

    init(_ reason: StuckReason, stageName: String, locale: AppLocale, timeZone: TimeZone) {
        switch reason {
        case .overTypicalStay: code = "over_typical_stay"
        case .overExpectedStay: code = "over_expected_stay"
        case .closeDatePassed: code = "close_date_passed"
        case .closeDatePushed: code = "close_date_pushed"
        }
        message = reason.message(stage: stageName, Localizer(locale), format: LocaleFormat(locale, timeZone: timeZone))
    }
}

struct SnoozeDTO: Content {
    var until: String
    var reason: String
    var byUserID: UUID?
}

struct DealDTO: Content {
    var id: UUID
    var version: Int
    var title: String
    var customerID: UUID
    var customer: String?
    var ownerID: UUID
    var owner: String?
    var teamID: UUID
    var pipelineID: UUID
    var stageID: UUID
    var status: String
    var amountMinor: Int64
    var currency: String
    var expectedClose: String?
    var closeReason: String?
    var nextStep: String?
    var source: String?
    var externalSource: String?
    var externalID: String?
    var stageEnteredAt: Date
    var closeDatePushes: Int
    var snooze: SnoozeDTO?
    var stuck: Bool?
    var stuckReasons: [StuckReasonDTO]?

    init(_ deal: Deal, customer: String? = nil, owner: String? = nil, stuckReasons: [StuckReasonDTO]? = nil) {
        id = deal.id
        version = deal.version
        title = deal.title
        customerID = deal.customerID
        self.customer = customer
        ownerID = deal.ownerID
        self.owner = owner
        teamID = deal.teamID
        pipelineID = deal.pipelineID
        stageID = deal.stageID
        status = deal.status.rawValue
        amountMinor = deal.amountMinor
        currency = deal.currency
        expectedClose = deal.expectedClose?.description
        closeReason = deal.closeReason
        nextStep = deal.nextStep
        source = deal.source
        externalSource = deal.externalSource
        externalID = deal.externalID
        stageEnteredAt = deal.stageEnteredAt
        closeDatePushes = deal.closeDatePushes
        snooze = deal.snooze.map { SnoozeDTO(until: $0.until.description, reason: $0.reason, byUserID: $0.byUserID) }
        stuck = stuckReasons.map { !$0.isEmpty }
        self.stuckReasons = stuckReasons
    }
}

struct StageChangeDTO: Content {
    var fromStageID: UUID?
    var toStageID: UUID
    var changedAt: Date
    var changedBy: UUID?
    var origin: String
}

struct DealDetailDTO: Content {
    var deal: DealDTO
    var history: [StageChangeDTO]
}

/// `409` for a stale write: the error and the deal as it is now, so a client can merge and retry.
struct ConflictDTO: Content {
    var error: ErrorBodyDTO.Detail
    var current: DealDTO
}

/// `/api/v1/pipelines`, `/api/v1/deals…` and `/api/v1/imports`: the same operations as the pages,
/// through `DealActions`, so both refuse the same things with the same words.
struct DealsAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.api(.pipelines), use: pipelines)
        routes.get(.api(.deals), use: list)
        routes.post(.api(.deals), use: create)
        routes.get(.api(.deal(UUID())), use: show)
        routes.on(.PATCH, SiteRoute.api(.deal(UUID())).pathComponents, use: patch)
        routes.post(.api(.dealStage(UUID())), use: move)
        routes.post(.api(.dealSnooze(UUID())), use: snooze)
        routes.on(
            .POST, SiteRoute.api(.imports).pathComponents, body: .collect(maxSize: ImportController.uploadLimit),
            use: importFile)
    }

    func pipelines(req: Request) async throws -> Response {
        _ = try req.signedIn()
        return try json(try await req.tenant().pipelines.all().map(PipelineDTO.init))
    }

    private func dto(_ row: DealRow, stages: StageDirectory, req: Request) -> DealDTO {
        let stageName = stages.name(row.deal.stageID, req.context.locale)
        return DealDTO(
            row.deal, customer: row.customerName, owner: row.ownerName,
            stuckReasons: row.stuckReasons.map {
                StuckReasonDTO($0, stageName: stageName, locale: req.context.locale, timeZone: req.organisationTimeZone)
            })
    }

    func list(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let query = try req.listQuery(DealListQuery.self)
        let (filter, errors) = query.filter()
        guard errors.isEmpty else { throw AppError.validation(errors) }
        let limit = try PageLimit.parse(query.limit)
        let cursor = try query.cursor.flatMap { $0.isEmpty ? nil : $0 }.map { try PageCursor.decode($0, count: 2) }
        let tenant = try req.tenant()
        let page = try await tenant.deals.list(
            filter, visibility: DealVisibility(identity.actor), rates: try await req.exchangeRates(), now: req.now,
            timeZone: req.organisationTimeZone, limit: limit, after: cursor, countTotal: false)
        let stages = StageDirectory(try await tenant.pipelines.all())
        return try json(
            PageDTO(items: page.rows.map { dto($0, stages: stages, req: req) }, nextCursor: page.next?.encoded))
    }

    /// The deal as the API shows it after a change: with names and stuck reasons.
    private func current(_ req: Request, _ id: UUID) async throws -> DealDTO {
        let detail = try await req.tenant().deals.detail(id, now: req.now, timeZone: req.organisationTimeZone)
        let stages = StageDirectory(try await req.tenant().pipelines.all())
        return dto(
            DealRow(
                deal: detail.deal, customerName: detail.customer.name, ownerName: detail.ownerName,
                stuckReasons: detail.stuckReasons),
            stages: stages, req: req)
    }

    func show(req: Request) async throws -> Response {
        let id = try req.id("dealID")
        _ = try await req.visibleDeal(id)
        let detail = try await req.tenant().deals.detail(id, now: req.now, timeZone: req.organisationTimeZone)
        let history = detail.history.map {
            StageChangeDTO(
                fromStageID: $0.fromStageID, toStageID: $0.toStageID, changedAt: $0.changedAt, changedBy: $0.changedBy,
                origin: $0.origin.rawValue)
        }
        return try json(DealDetailDTO(deal: try await current(req, id), history: history))
    }

    /// The create and patch body. Amounts are minor units (øre, cents) so no client rounds money.
    struct DealBody: Content {
        var title: String?
        var customer: String?
        var industry: String?
        var ownerID: UUID?
        var teamID: UUID?
        var stageID: UUID?
        var amountMinor: Int64?
        var currency: String?
        var expectedClose: String?
        var nextStep: String?
        var onHold: Bool?
        var version: Int?

        /// Minor units are not parsed from text, so the form's checks do not see them: the same rules here.
        func checkAmount() throws {
            guard let amount = amountMinor else { return }
            if amount < 0 { throw AppError.invalid("amountMinor", .errorAmount) }
            if ImportValues.Amount.problem(minorUnits: amount) != nil {
                throw AppError.invalid("amountMinor", .errorAmountTooLarge)
            }
        }

        func form(over deal: Deal? = nil, customerName: String? = nil) -> DealForm {
            DealForm(
                title: title ?? deal?.title, customer: customer ?? customerName, industry: industry,
                ownerID: (ownerID ?? deal?.ownerID)?.uuidString, teamID: (teamID ?? deal?.teamID)?.uuidString,
                stageID: stageID?.uuidString,
                amount: (amountMinor ?? deal?.amountMinor).map { DealCSV.plainAmount($0) },
                currency: currency ?? deal?.currency,
                expectedClose: expectedClose ?? deal?.expectedClose?.description, nextStep: nextStep ?? deal?.nextStep,
                onHold: (onHold ?? (deal?.status == .onHold)) ? "true" : nil, version: version)
        }
    }

    func create(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let body = try req.decodeJSON(DealBody.self)
        try body.checkAmount()
        let (valid, errors) = body.form().validated(creating: true, timeZone: req.organisationTimeZone)
        guard let valid, let stageID = valid.stageID else { throw AppError.validation(errors) }
        let deal = try await DealActions(req: req).create(valid, stageID: stageID, by: identity)
        return try json(try await current(req, deal.id), status: .created)
    }

    func patch(req: Request) async throws -> Response {
        let id = try req.id("dealID")
        let deal = try await req.visibleDeal(id)
        let body = try req.decodeJSON(DealBody.self)
        guard let version = body.version else { throw AppError.invalid("version", .errorRequired) }
        try body.checkAmount()
        if body.stageID != nil { throw AppError.badRequest(.errorBadJSON, field: "stageID") }
        let customer = try await req.tenant().deals.customer(deal.customerID)
        let (valid, errors) = body.form(over: deal, customerName: customer.name)
            .validated(creating: false, timeZone: req.organisationTimeZone)
        guard var valid else { throw AppError.validation(errors) }
        // Only a customer named in the body changes the deal's customer.
        if body.customer == nil { valid.customer = customer.name }
        do {
            _ = try await DealActions(req: req).update(id, valid, expectedVersion: version)
        } catch AppError.conflict {
            return try await conflict(req, id)
        }
        return try json(try await current(req, id))
    }

    private func conflict(_ req: Request, _ id: UUID) async throws -> Response {
        let message = req.t(.errorConflict)
        return try json(
            ConflictDTO(
                error: .init(code: "conflict", message: "version: " + message, field: "version"),
                current: try await current(req, id)),
            status: .conflict)
    }

    struct StageBody: Content {
        var stageID: UUID?
        var version: Int?
        /// `won` or `lost` with a reason closes the deal instead of naming a stage.
        var outcome: String?
        var reason: String?
    }

    func move(req: Request) async throws -> Response {
        let id = try req.id("dealID")
        _ = try await req.visibleDeal(id)
        let body = try req.decodeJSON(StageBody.self)
        guard let version = body.version else { throw AppError.invalid("version", .errorRequired) }
        do {
            // Both at once would leave one unread: a stage named beside an outcome is refused, not ignored.
            if body.outcome != nil, body.stageID != nil { throw AppError.invalid("stageID", .dealStageOrOutcome) }
            if let outcome = body.outcome {
                _ = try await DealActions(req: req).close(
                    id, outcome: outcome, reason: body.reason ?? "", expectedVersion: version)
            } else {
                guard let stageID = body.stageID else { throw AppError.invalid("stageID", .errorRequired) }
                _ = try await DealActions(req: req).move(id, to: stageID, expectedVersion: version)
            }
        } catch AppError.conflict {
            return try await conflict(req, id)
        }
        return try json(try await current(req, id))
    }

    struct SnoozeBody: Content {
        var until: String?
        var reason: String?
        /// `true` ends a snooze.
        var wake: Bool?
    }

    func snooze(req: Request) async throws -> Response {
        let id = try req.id("dealID")
        let body = try req.decodeJSON(SnoozeBody.self)
        if body.wake == true {
            _ = try await DealActions(req: req).snooze(id, until: nil, reason: nil)
        } else {
            _ = try await DealActions(req: req).snooze(id, until: body.until ?? "", reason: body.reason ?? "")
        }
        return try json(try await current(req, id))
    }

    struct ImportUpload: Content {
        var source: String?
        var file: File?
        var dryRun: String?
        var team: String?
    }

    /// `POST /api/v1/imports` (multipart: `source`, `file`, `dryRun`, `team`): one file; the report
    /// comes back as the CLI's `--json` prints it. Problems make it 422 (and nothing is saved).
    func importFile(req: Request) async throws -> Response {
        let identity = try req.authorize(.importDeals)
        guard req.headers.contentType?.type == "multipart" else {
            throw AppError.badRequest(.errorBadRequest, field: "file")
        }
        let upload = try req.content.decode(ImportUpload.self)
        guard let source = ImportSource(rawValue: upload.source ?? "") else {
            throw AppError.invalid("source", .errorChoice)
        }
        guard let file = upload.file, file.data.readableBytes > 0 else { throw AppError.invalid("file", .importNoFile) }
        let dryRun = ["true", "1", "yes"].contains((upload.dryRun ?? "false").lowercased())
        var teamID: UUID?
        if let raw = upload.team, !raw.isEmpty {
            guard let id = UUID(uuidString: raw), (try? await req.tenant().teams.find(id)) != nil else {
                throw AppError.invalid("team", .errorChoice)
            }
            teamID = id
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("sparring-api-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let url = folder.appendingPathComponent("upload.csv")
        try Data(buffer: file.data).write(to: url)
        let options = ImportOptions(
            source: source, dryRun: dryRun, defaultTeamID: teamID, importerID: identity.user.id, now: req.now,
            timeZone: req.organisationTimeZone)
        let report = try await req.tenant().importer.run(ImportInput(deals: url), options: options)
        return try json(
            ImportReportDTO(report, locale: req.context.locale, dryRun: dryRun),
            status: report.problemCount > 0 ? .unprocessableEntity : (dryRun ? .ok : .created))
    }
}
