import Foundation
import SparringDomain
import SparringStorage
import SparringViews
import Vapor

/// Deal pages: the list (with export), the snoozed list, a deal, create, edit, move, close, snooze.
struct DealsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.deals, use: list)
        routes.get(.dealsExport, use: export)
        routes.get(.dealsSnoozed, use: snoozed)
        routes.get(.dealNew, use: new)
        routes.post(.dealNew, use: create)
        routes.get(.deal(UUID()), use: show)
        routes.get(.dealEdit(UUID()), use: edit)
        routes.post(.dealEdit(UUID()), use: update)
        routes.post(.dealStage(UUID()), use: move)
        routes.post(.dealClose(UUID()), use: close)
        routes.post(.dealSnooze(UUID()), use: snooze)
        routes.post(.dealCustomer(UUID()), use: updateCustomer)
    }

    struct CustomerForm: Content {
        var customerName: String?
        var industry: String?
        var sizeBand: String?
        var segment: String?
        var customerVersion: Int?
    }

    /// The deal's customer, edited from the deal page: who may work on the deal may correct its customer.
    func updateCustomer(req: Request) async throws -> Response {
        let id = try req.id("dealID")
        let deal = try await req.visibleDeal(id)
        let form = try req.content.decode(CustomerForm.self)
        var errors: [FieldError] = []
        let name = Validate.name(form.customerName ?? "", field: "customerName", into: &errors)
        let industry = optionalText(form.industry, field: "industry", max: 100, into: &errors)
        let size = optionalText(form.sizeBand, field: "sizeBand", max: 50, into: &errors)
        let segment = optionalText(form.segment, field: "segment", max: 100, into: &errors)
        let typed = [
            "customerName": form.customerName ?? "", "industry": form.industry ?? "", "sizeBand": form.sizeBand ?? "",
            "segment": form.segment ?? "",
        ]
        do {
            guard errors.isEmpty else { throw AppError.validation(errors) }
            try await req.tenant().deals.updateCustomer(
                deal.customerID, expectedVersion: form.customerVersion ?? 0, name: name, industry: industry,
                sizeBand: size, segment: segment, at: req.now)
            return req.redirect(to: .deal(id), notice: .customerSaved)
        } catch AppError.validation(let errors) {
            return try await page(
                req, id: id, state: FormState(values: typed, errors: errors), status: .unprocessableEntity)
        } catch AppError.conflict {
            return try await page(
                req, id: id, state: FormState(values: typed, errors: [FieldError("customerVersion", .errorConflict)]),
                status: .conflict)
        }
    }

    static let pageSize = 50

    func list(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let query = (try? req.query.decode(DealListQuery.self)) ?? DealListQuery()
        let (filter, errors) = query.filter()
        var state = query.state
        state.errors = errors
        let tenant = try req.tenant()
        let now = req.now
        let cursor = try req.listCursor()
        let result =
            errors.isEmpty
            ? try await tenant.deals.list(
                filter, visibility: DealVisibility(identity.actor), rates: try await req.exchangeRates(), now: now,
                timeZone: req.organisationTimeZone, limit: Self.pageSize, after: cursor)
            : (rows: [], next: nil, total: 0)
        let teams = try await tenant.teams.names().filter {
            identity.user.role == .admin || identity.actor.leads.contains($0.id)
                || identity.actor.memberOf.contains($0.id)
        }
        let owners = try await ownerChoices(req, teamID: filter.teamID)
        let model = DealsPage.Model(
            state: state, rows: result.rows, total: result.total ?? 0,
            stages: StageDirectory(try await tenant.pipelines.all()), teams: teams.map { (id: $0.id, name: $0.name) },
            owners: owners, baseCurrency: identity.organisation.baseCurrency, now: now,
            firstPath: cursor == nil ? nil : SiteRoute.deals.path + "?" + query.queryString(),
            nextPath: result.next.map { SiteRoute.deals.path + "?" + query.queryString(cursor: $0.encoded) },
            exportPath: SiteRoute.dealsExport.path + "?" + query.queryString(),
            canCreate: identity.user.role == .admin
                ? !teams.isEmpty
                : !(identity.actor.leads.isEmpty && identity.actor.memberOf.isEmpty))
        return htmlResponse(
            DealsPage.View(model: model, context: try await req.pageContext()).render(),
            status: errors.isEmpty ? .ok : .unprocessableEntity)
    }

    /// The owner filter offers the people of the chosen team, or of the teams a leader leads; an admin
    /// of thousands of people picks a team first (the text search finds owners by name too).
    private func ownerChoices(_ req: Request, teamID: UUID?) async throws -> [(id: UUID, name: String)] {
        let identity = try req.signedIn()
        let teamIDs: [UUID]
        if let teamID, identity.user.role == .admin || identity.actor.leads.contains(teamID) {
            teamIDs = [teamID]
        } else if identity.user.role == .leader {
            teamIDs = Array(identity.actor.leads)
        } else {
            return []
        }
        return try await req.people(inTeams: teamIDs)
    }

    /// Every deal the list's filters match (not only the page), streamed a thousand at a time.
    func export(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let query = (try? req.query.decode(DealListQuery.self)) ?? DealListQuery()
        let (filter, errors) = query.filter()
        guard errors.isEmpty else { throw AppError.validation(errors) }
        let tenant = try req.tenant()
        let stages = StageDirectory(try await tenant.pipelines.all())
        let rates = try await req.exchangeRates()
        let now = req.now, zone = req.organisationTimeZone
        let locale = req.context.locale
        let visibility = DealVisibility(identity.actor)
        let teamNames = Dictionary(
            try await tenant.teams.names().map { ($0.id, $0.name) }, uniquingKeysWith: { a, _ in a })
        let response = Response(status: .ok)
        response.headers.contentType = HTTPMediaType(type: "text", subType: "csv", parameters: ["charset": "utf-8"])
        response.headers.contentDisposition = .init(.attachment, filename: "sparring-deals.csv")
        response.body = .init(asyncStream: { writer in
            var csv = DealCSV.header + "\r\n"
            var cursor: PageCursor?
            repeat {
                let page = try await tenant.deals.list(
                    filter, visibility: visibility, rates: rates, now: now, timeZone: zone, limit: 1000, after: cursor,
                    countTotal: false)
                for row in page.rows {
                    csv += DealCSV.line(row, stages: stages, locale: locale, teamNames: teamNames) + "\r\n"
                }
                try await writer.write(.buffer(ByteBuffer(string: csv)))
                csv = ""
                cursor = page.next
            } while cursor != nil
            try await writer.write(.end)
        })
        return response
    }

    func snoozed(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let tenant = try req.tenant()
        let rows = try await tenant.deals.snoozed(
            visibility: DealVisibility(identity.actor), teamID: nil,
            today: Day(req.now, in: req.organisationTimeZone), limit: 500)
        let people = try await tenant.users.names(of: rows.compactMap { $0.deal.snooze?.byUserID })
        let model = SnoozedDealsPage.Model(
            rows: rows, stages: StageDirectory(try await tenant.pipelines.all()), people: people)
        return htmlResponse(SnoozedDealsPage.View(model: model, context: try await req.pageContext()).render())
    }

    func show(req: Request) async throws -> Response {
        let id = try req.id("dealID")
        // A guest of the deal's case is taken to the case, the only part of the deal they see.
        let actor = try req.signedIn().actor
        if actor.guestOf.contains(id), let deal = try? await req.tenant().deals.find(id),
            !Policy().allows(actor, .workOnDeal(ownerID: deal.ownerID, teamID: deal.teamID))
        {
            return req.redirect(to: .dealCase(id))
        }
        return try await page(req, id: id, state: FormState())
    }

    private func page(
        _ req: Request, id: UUID, state: FormState, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        try await showPage(req, id: id, state: state, status: status)
    }

    /// The deal page; `resourceState` carries a failed resource request's values and errors.
    func showPage(
        _ req: Request, id: UUID, state: FormState = FormState(), resourceState: FormState = FormState(),
        status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let deal = try await req.visibleDeal(id)
        let tenant = try req.tenant()
        let now = req.now
        let detail = try await tenant.deals.detail(id, now: now, timeZone: req.organisationTimeZone)
        let obstacles = try await tenant.dealCase(id).obstacles()
        let actor = try req.signedIn().actor
        let audience = StoryAudience(actor)
        let model = DealPage.Model(
            detail: detail, stages: StageDirectory(try await tenant.pipelines.all()), now: now, state: state,
            sessions: try await req.sparring().sessions(dealID: id),
            stories: try await tenant.stories.stories(dealID: id).filter {
                audience.includes(teamID: $0.teamID, visibility: $0.visibility, authorID: $0.authorID)
            },
            canPublishStory: StoryEligibility.outcome(status: deal.status, obstacles: obstacles) != nil,
            similar: deal.status == .open ? try await req.similarCases(deal, obstacles: obstacles) : nil,
            bulletins: try await tenant.bulletins.bulletins(dealID: id).filter {
                Policy().allows(actor, .readBulletin(teamIDs: $0.teamIDs, authorID: $0.authorID))
            },
            resources: DealResources(
                requests: try await tenant.resources.requests(dealID: id),
                pools: try await tenant.resources.pools(teamIDs: [deal.teamID]), state: resourceState))
        return htmlResponse(DealPage.View(model: model, context: try await req.pageContext()).render(), status: status)
    }

    private func form(
        _ req: Request, dealID: UUID?, version: Int, state: FormState, meanwhile: DealFormPage.Meanwhile? = nil,
        status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let choices = try await req.dealChoices()
        let model = DealFormPage.Model(
            dealID: dealID, version: version, state: state,
            stages: StageDirectory(try await req.tenant().pipelines.all()), teams: choices.teams,
            owners: choices.owners,
            meanwhile: meanwhile)
        return htmlResponse(
            DealFormPage.View(model: model, context: try await req.pageContext()).render(), status: status)
    }

    func new(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let choices = try await req.dealChoices()
        let firstOpen = try await req.tenant().pipelines.all().first?.stages.first { $0.kind == .open && !$0.isRetired }
        return try await form(
            req, dealID: nil, version: 0,
            state: FormState(values: [
                "ownerID": identity.user.id.uuidString, "teamID": choices.teams.first?.id.uuidString ?? "",
                "currency": identity.organisation.baseCurrency, "stageID": firstOpen?.id.uuidString ?? "",
            ]))
    }

    func create(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let input = try req.content.decode(DealForm.self)
        let (valid, errors) = input.validated(creating: true, timeZone: req.organisationTimeZone)
        var state = input.state
        do {
            guard let valid, let stageID = valid.stageID else { throw AppError.validation(errors) }
            let deal = try await DealActions(req: req).create(valid, stageID: stageID, by: identity)
            return req.redirect(to: .deal(deal.id), notice: .dealCreated)
        } catch AppError.validation(let errors) {
            state.errors = errors
            return try await form(req, dealID: nil, version: 0, state: state, status: .unprocessableEntity)
        }
    }

    /// The edit form's fields as the deal has them.
    private func formValues(_ deal: Deal, customer: Customer) -> [String: String] {
        [
            "title": deal.title, "customer": customer.name, "ownerID": deal.ownerID.uuidString,
            "teamID": deal.teamID.uuidString, "amount": DealCSV.plainAmount(deal.amountMinor),
            "currency": deal.currency, "expectedClose": deal.expectedClose?.description ?? "",
            "nextStep": deal.nextStep ?? "", "onHold": deal.status == .onHold ? "true" : "",
        ]
    }

    func edit(req: Request) async throws -> Response {
        let deal = try await req.visibleDeal(try req.id("dealID"))
        return try await form(
            req, dealID: deal.id, version: deal.version,
            state: FormState(values: formValues(deal, customer: try await req.tenant().deals.customer(deal.customerID)))
        )
    }

    func update(req: Request) async throws -> Response {
        let id = try req.id("dealID")
        // Found first: a deal the person may not see is 404 whatever was posted, never a 422 that
        // tells it exists.
        _ = try await req.visibleDeal(id)
        let input = try req.content.decode(DealForm.self)
        let version = input.version ?? 0
        var state = input.state
        do {
            let (valid, errors) = input.validated(creating: false, timeZone: req.organisationTimeZone)
            guard let valid else { throw AppError.validation(errors) }
            do {
                _ = try await DealActions(req: req).update(id, valid, expectedVersion: version)
            } catch AppError.conflict {
                return try await savedMeanwhile(req, id, typed: valid, state: state)
            }
            return req.redirect(to: .deal(id), notice: .dealSaved)
        } catch AppError.validation(let errors) {
            state.errors = errors
            return try await form(req, dealID: id, version: version, state: state, status: .unprocessableEntity)
        }
    }

    /// As the case page does: their version above, what was typed in the form, and the form now at
    /// their version, so saving again is a choice made having seen it, never by accident.
    private func savedMeanwhile(
        _ req: Request, _ id: UUID, typed: DealForm.Valid, state: FormState
    ) async throws -> Response {
        let current = try await req.visibleDeal(id)
        let customer = try await req.tenant().deals.customer(current.customerID)
        let byYou = current.updatedBy == (try req.signedIn().user.id)
        var name: String?
        if let editor = current.updatedBy, !byYou { name = try await req.tenant().users.names(of: [editor])[editor] }
        // Compared as values, not as typed: "100000" is the deal's 100000.00.
        let differing: [(String, Bool)] = [
            ("title", typed.title != current.title),
            ("customer", typed.customer.lowercased() != customer.name.lowercased()),
            ("teamID", typed.teamID != current.teamID), ("ownerID", typed.ownerID != current.ownerID),
            ("amount", typed.amountMinor != current.amountMinor), ("currency", typed.currency != current.currency),
            ("expectedClose", typed.expectedClose != current.expectedClose),
            ("nextStep", (typed.nextStep ?? "") != (current.nextStep ?? "")),
            ("onHold", typed.onHold != (current.status == .onHold)),
        ]
        let meanwhile = DealFormPage.Meanwhile(
            byYou: byYou, name: name, at: current.updatedAt, values: formValues(current, customer: customer),
            differing: differing.filter(\.1).map(\.0))
        return try await form(
            req, dealID: id, version: current.version, state: state, meanwhile: meanwhile, status: .conflict)
    }

    struct StageForm: Content {
        var stageID: String?
        var version: Int?
    }

    func move(req: Request) async throws -> Response {
        let id = try req.id("dealID")
        let input = try req.content.decode(StageForm.self)
        do {
            guard let stageID = UUID(uuidString: input.stageID ?? "") else {
                throw AppError.invalid("stageID", .errorChoice)
            }
            _ = try await DealActions(req: req).move(id, to: stageID, expectedVersion: input.version ?? 0)
            return req.redirect(to: .deal(id), notice: .dealMoved)
        } catch AppError.validation(let errors) {
            return try await page(req, id: id, state: FormState(errors: errors), status: .unprocessableEntity)
        } catch AppError.conflict {
            return try await page(
                req, id: id, state: FormState(errors: [FieldError("version", .errorConflict)]), status: .conflict)
        }
    }

    struct CloseForm: Content {
        var outcome: String?
        var reason: String?
        var version: Int?
    }

    func close(req: Request) async throws -> Response {
        let id = try req.id("dealID")
        let input = try req.content.decode(CloseForm.self)
        let state = FormState(values: ["outcome": input.outcome ?? "", "reason": input.reason ?? ""])
        do {
            _ = try await DealActions(req: req).close(
                id, outcome: input.outcome ?? "", reason: input.reason ?? "", expectedVersion: input.version ?? 0)
            return req.redirect(to: .deal(id), notice: .dealClosed)
        } catch AppError.validation(let errors) {
            return try await page(
                req, id: id, state: FormState(values: state.values, errors: errors), status: .unprocessableEntity)
        } catch AppError.conflict {
            return try await page(
                req, id: id, state: FormState(values: state.values, errors: [FieldError("version", .errorConflict)]),
                status: .conflict)
        }
    }

    struct SnoozeForm: Content {
        var until: String?
        var snoozeReason: String?
        var wake: String?
    }

    func snooze(req: Request) async throws -> Response {
        let id = try req.id("dealID")
        let input = try req.content.decode(SnoozeForm.self)
        if input.wake == "true" {
            _ = try await DealActions(req: req).snooze(id, until: nil, reason: nil)
            return req.redirect(to: .deal(id), notice: .dealWoken)
        }
        do {
            _ = try await DealActions(req: req).snooze(id, until: input.until ?? "", reason: input.snoozeReason ?? "")
            return req.redirect(to: .deal(id), notice: .dealSnoozed)
        } catch AppError.validation(let errors) {
            let state = FormState(
                values: ["until": input.until ?? "", "snoozeReason": input.snoozeReason ?? ""], errors: errors)
            return try await page(req, id: id, state: state, status: .unprocessableEntity)
        }
    }
}
