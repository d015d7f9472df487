import Foundation
import SparringDomain
import SparringStorage
import SparringViews
import Vapor

/// Admin pages for personal data: find a person, download everything held about them, erase them.
struct PrivacyController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.privacy, use: show)
        routes.get(.privacyExport, use: export)
        routes.post(.privacyErase, use: erase)
    }

    func show(req: Request) async throws -> Response {
        try req.authorize(.manageUsers)
        let query = ((try? req.query.get(String.self, at: "q")) ?? "").trimmed
        return try await page(req, query: query)
    }

    private func page(
        _ req: Request, query: String, errors: [FieldError] = [], erased: ErasureSummary? = nil,
        status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        var errors = errors
        var colleagues: [PrivacyPage.Colleague]?
        var contacts: [(name: String, deals: Int)] = []
        if query.count >= 3 {
            let found = try await req.tenant().privacy.find(query)
            let me = req.identity?.user.id
            colleagues = found.users.map {
                .init(id: $0.id, name: $0.name, email: $0.email, isActive: $0.isActive, isSelf: $0.id == me)
            }
            contacts = found.contacts
        } else if !query.isEmpty {
            errors.append(FieldError("q", .privacyQueryTooShort))
        }
        let model = PrivacyPage.Model(
            query: query, colleagues: colleagues, contacts: contacts,
            state: FormState(values: ["q": query], errors: errors),
            erased: erased.map { ($0.rows, $0.tables.count) })
        return htmlResponse(
            PrivacyPage.View(model: model, context: try await req.pageContext()).render(), status: status)
    }

    struct SubjectForm: Content {
        var user: String?
        var contact: String?
        var confirm: String?
    }

    /// `?user=ID` or `?contact=NAME`; another organisation's person is not found.
    private func subject(_ form: SubjectForm) throws -> PrivacySubject {
        if let raw = form.user {
            guard let id = UUID(uuidString: raw) else { throw AppError.notFound }
            return .user(id)
        }
        guard let name = form.contact?.trimmed, name.count >= 3 else {
            throw AppError.invalid("contact", .privacyQueryTooShort)
        }
        return .contact(name)
    }

    func export(req: Request) async throws -> Response {
        try req.authorize(.manageUsers)
        let subject = try subject(try req.query.decode(SubjectForm.self))
        let data = try await req.tenant().privacy.export(subject, now: req.now)
        guard !data.records.isEmpty || !data.mentions.isEmpty || !data.importFiles.isEmpty else {
            throw AppError.notFound
        }
        let encoder = JSONEncoder.api
        encoder.outputFormatting.insert(.prettyPrinted)
        let response = Response(status: .ok, body: .init(data: try encoder.encode(data)))
        response.headers.contentType = .json
        let slug = data.person.name.lowercased().filter { $0.isLetter || $0.isNumber || $0 == " " }
            .split(separator: " ").joined(separator: "-")
        response.headers.contentDisposition = .init(.attachment, filename: "personal-data-\(slug).json")
        return response
    }

    func erase(req: Request) async throws -> Response {
        let identity = try req.authorize(.manageUsers)
        let form = try req.content.decode(SubjectForm.self)
        let subject = try subject(form)
        let tenant = try req.tenant()
        let name: String
        switch subject {
        case .user(let id):
            guard id != identity.user.id else { throw AppError.invalid("subject", .privacyCannotEraseSelf) }
            name = try await tenant.users.find(id).name
        case .contact(let contact):
            name = contact
        }
        guard (form.confirm ?? "").trimmed.lowercased() == name.lowercased() else {
            return try await page(
                req, query: name, errors: [FieldError("confirm", .privacyConfirmMismatch)],
                status: .unprocessableEntity)
        }
        let summary = try await tenant.privacy.erase(
            subject, placeholder: Redaction.placeholder(identity.organisation.defaultLocale), now: req.now)
        // Logged without the name: the log must not keep what was just erased.
        req.logger.notice(
            "Erased a \(subject.kind): \(summary.rows) rows in \(summary.tables.count) tables",
            metadata: ["by": .string(identity.user.id.uuidString)])
        return try await page(req, query: "", erased: summary)
    }
}

extension PrivacySubject {
    var kind: String {
        switch self {
        case .user: "colleague"
        case .contact: "contact"
        }
    }
}
