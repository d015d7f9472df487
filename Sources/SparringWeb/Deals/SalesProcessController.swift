import Foundation
import SparringDomain
import SparringStorage
import SparringViews
import Vapor

/// Admin pages for pipelines, stages and exchange rates.
struct SalesProcessController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.pipelinesAdmin, use: overview)
        routes.post(.pipelinesAdmin, use: createPipeline)
        routes.post(.pipelineAdmin(UUID()), use: renamePipeline)
        routes.post(.stageNew(UUID()), use: addStage)
        routes.get(.stageAdmin(UUID()), use: editStage)
        routes.post(.stageAdmin(UUID()), use: changeStage)
        routes.get(.exchangeRates, use: rates)
        routes.post(.exchangeRates, use: setRate)
    }

    struct NamesForm: Content {
        var nameNB: String?
        var nameEN: String?
        var version: Int?

        /// Both names, trimmed, with an error for each that is empty or too long.
        func validated() -> (nb: String, en: String, errors: [FieldError]) {
            var errors: [FieldError] = []
            let nb = Validate.name(nameNB ?? "", field: "nameNB", into: &errors)
            let en = Validate.name(nameEN ?? "", field: "nameEN", into: &errors)
            return (nb, en, errors)
        }
    }

    struct StageForm: Content {
        var nameNB: String?
        var nameEN: String?
        var probability: String?
        var expectedDays: String?
        var version: Int?
        var action: String?

        var state: FormState {
            FormState(values: [
                "nameNB": nameNB ?? "", "nameEN": nameEN ?? "", "probability": probability ?? "",
                "expectedDays": expectedDays ?? "",
            ])
        }

        func validated() -> (StageChanges?, [FieldError]) {
            var errors: [FieldError] = []
            let nb = Validate.name(nameNB ?? "", field: "nameNB", into: &errors)
            let en = Validate.name(nameEN ?? "", field: "nameEN", into: &errors)
            let probability = Int((probability ?? "").trimmingCharacters(in: .whitespaces))
            if probability == nil || !(0...100).contains(probability!) {
                errors.append(FieldError("probability", .stageProbabilityRange))
            }
            var days: Int?
            let rawDays = (expectedDays ?? "").trimmingCharacters(in: .whitespaces)
            if !rawDays.isEmpty {
                days = Int(rawDays)
                if days == nil || !(0...3650).contains(days!) { errors.append(FieldError("expectedDays", .errorDays)) }
            }
            guard errors.isEmpty, let probability else { return (nil, errors) }
            return (
                StageChanges(nameNB: nb, nameEN: en, probability: probability, expectedDays: days, kind: .open), errors
            )
        }
    }

    private func overviewPage(
        _ req: Request, state: FormState = FormState(), status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let model = SalesProcessPage.Model(pipelines: try await req.tenant().pipelines.all(), state: state)
        return htmlResponse(
            SalesProcessPage.View(model: model, context: try await req.pageContext()).render(), status: status)
    }

    func overview(req: Request) async throws -> Response {
        try req.authorize(.manageSalesProcess)
        return try await overviewPage(req)
    }

    func createPipeline(req: Request) async throws -> Response {
        try req.authorize(.manageSalesProcess)
        let form = try req.content.decode(NamesForm.self)
        let (nb, en, errors) = form.validated()
        guard errors.isEmpty else {
            return try await overviewPage(
                req,
                state: FormState(values: ["nameNB": form.nameNB ?? "", "nameEN": form.nameEN ?? ""], errors: errors),
                status: .unprocessableEntity)
        }
        _ = try await req.tenant().pipelines.create(nameNB: nb, nameEN: en)
        return req.redirect(to: .pipelinesAdmin, notice: .pipelineCreated)
    }

    func renamePipeline(req: Request) async throws -> Response {
        try req.authorize(.manageSalesProcess)
        // Another organisation's pipeline is not found, whatever the form says.
        let pipeline = try await req.tenant().pipelines.find(try req.id("pipelineID"))
        let form = try req.content.decode(NamesForm.self)
        let (nb, en, errors) = form.validated()
        do {
            guard errors.isEmpty else { throw AppError.validation(errors) }
            try await req.tenant().pipelines.rename(
                pipeline.id, expectedVersion: form.version ?? 0, nameNB: nb, nameEN: en)
            return req.redirect(to: .pipelinesAdmin, notice: .pipelineSaved)
        } catch AppError.validation(let errors) {
            return try await overviewPage(req, state: FormState(errors: errors), status: .unprocessableEntity)
        } catch AppError.conflict {
            return try await overviewPage(
                req, state: FormState(errors: [FieldError("version", .errorConflict)]), status: .conflict)
        }
    }

    func addStage(req: Request) async throws -> Response {
        try req.authorize(.manageSalesProcess)
        let pipeline = try await req.tenant().pipelines.find(try req.id("pipelineID"))
        let form = try req.content.decode(StageForm.self)
        let (changes, errors) = form.validated()
        guard let changes else {
            return try await overviewPage(
                req, state: FormState(values: form.state.values, errors: errors), status: .unprocessableEntity)
        }
        _ = try await req.tenant().pipelines.addStage(to: pipeline.id, changes)
        return req.redirect(to: .pipelinesAdmin, notice: .stageAdded)
    }

    private func stagePage(
        _ req: Request, id: UUID, state: FormState?, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let pipelines = try req.tenant().pipelines
        let stage = try await pipelines.stage(id)
        let pipeline = try await pipelines.find(stage.pipelineID)
        let values =
            state
            ?? FormState(values: [
                "nameNB": stage.nameNB, "nameEN": stage.nameEN, "probability": String(stage.probability),
                "expectedDays": stage.expectedDays.map(String.init) ?? "",
            ])
        let model = StageFormPage.Model(stage: stage, pipelineName: pipeline.name(req.context.locale), state: values)
        return htmlResponse(
            StageFormPage.View(model: model, context: try await req.pageContext()).render(), status: status)
    }

    func editStage(req: Request) async throws -> Response {
        try req.authorize(.manageSalesProcess)
        return try await stagePage(req, id: try req.id("stageID"), state: nil)
    }

    func changeStage(req: Request) async throws -> Response {
        try req.authorize(.manageSalesProcess)
        let id = try req.id("stageID")
        let form = try req.content.decode(StageForm.self)
        let pipelines = try req.tenant().pipelines
        do {
            switch form.action ?? "save" {
            case "retire":
                try await pipelines.setRetired(id, true, at: req.now)
                return req.redirect(to: .pipelinesAdmin, notice: .stageRetired)
            case "restore":
                try await pipelines.setRetired(id, false, at: req.now)
                return req.redirect(to: .pipelinesAdmin, notice: .stageRestored)
            case "up", "down":
                try await pipelines.reorder(id, by: form.action == "up" ? -1 : 1)
                return req.redirect(to: .pipelinesAdmin, notice: .stageSaved)
            case "delete":
                try await pipelines.deleteStage(id)
                return req.redirect(to: .pipelinesAdmin, notice: .stageDeleted)
            default:
                let (changes, errors) = form.validated()
                guard let changes else { throw AppError.validation(errors) }
                _ = try await pipelines.updateStage(id, expectedVersion: form.version ?? 0, changes)
                return req.redirect(to: .pipelinesAdmin, notice: .stageSaved)
            }
        } catch AppError.validation(let errors) {
            let typed = form.action == "save" || form.action == nil ? form.state.values : nil
            return try await stagePage(
                req, id: id, state: typed.map { FormState(values: $0, errors: errors) } ?? FormState(errors: errors),
                status: .unprocessableEntity)
        } catch AppError.conflict {
            return try await stagePage(
                req, id: id,
                state: FormState(values: form.state.values, errors: [FieldError("version", .errorConflict)]),
                status: .conflict)
        }
    }

    private func ratesPage(
        _ req: Request, state: FormState = FormState(), status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let identity = try req.signedIn()
        let model = ExchangeRatesPage.Model(
            base: identity.organisation.baseCurrency, entries: try await req.tenant().exchangeRates.entries(),
            state: state)
        return htmlResponse(
            ExchangeRatesPage.View(model: model, context: try await req.pageContext()).render(), status: status)
    }

    func rates(req: Request) async throws -> Response {
        try req.authorize(.manageSalesProcess)
        return try await ratesPage(req)
    }

    struct RateForm: Content {
        var currency: String?
        var rate: String?
        var remove: String?
    }

    func setRate(req: Request) async throws -> Response {
        let identity = try req.authorize(.manageSalesProcess)
        let form = try req.content.decode(RateForm.self)
        var errors: [FieldError] = []
        let currency = Validate.currency(form.currency ?? "", field: "currency", into: &errors)
        if form.remove == "true" {
            try await req.tenant().exchangeRates.remove(currency)
            return req.redirect(to: .exchangeRates, notice: .rateRemoved)
        }
        if errors.isEmpty && currency == identity.organisation.baseCurrency {
            errors.append(FieldError("currency", .errorBaseCurrencyRate))
        }
        let rate = ExchangeRates.parseRate(form.rate ?? "")
        if rate == nil { errors.append(FieldError("rate", .errorRate)) }
        guard errors.isEmpty, let rate else {
            return try await ratesPage(
                req,
                state: FormState(values: ["currency": form.currency ?? "", "rate": form.rate ?? ""], errors: errors),
                status: .unprocessableEntity)
        }
        try await req.tenant().exchangeRates.set(
            currency, rate: rate, on: Day(req.now, in: req.organisationTimeZone), by: identity.user.id)
        return req.redirect(to: .exchangeRates, notice: .rateSaved)
    }
}
