import FluentKit
import Foundation
import SparringDomain

public struct NewOrganisation: Sendable {
    public var name: String
    public var defaultLocale: AppLocale
    public var baseCurrency: String
    public var timeZone: String

    public init(name: String, defaultLocale: AppLocale, baseCurrency: String, timeZone: String) {
        self.name = name
        self.defaultLocale = defaultLocale
        self.baseCurrency = baseCurrency
        self.timeZone = timeZone
    }

    /// Checks and normalises the fields; field names match the setup form and the API.
    public static func validated(
        name: String, defaultLocale: String, baseCurrency: String, timeZone: String,
        into errors: inout [FieldError]
    ) -> NewOrganisation {
        let name = Validate.name(name, field: "organisationName", into: &errors)
        let locale = AppLocale(rawValue: defaultLocale)
        if locale == nil { errors.append(FieldError("defaultLocale", .errorChoice)) }
        let currency = Validate.currency(baseCurrency, into: &errors)
        let zone = timeZone.trimmingCharacters(in: .whitespaces)
        if TimeZone(identifier: zone) == nil { errors.append(FieldError("timeZone", .errorTimeZone)) }
        return NewOrganisation(name: name, defaultLocale: locale ?? .nb, baseCurrency: currency, timeZone: zone)
    }

    /// An organisation with its first administrator and their password, as the setup page and
    /// `sparring organisation create` take them (the command has no confirmation to compare).
    public static func validatedWithAdmin(
        name: String, defaultLocale: String, baseCurrency: String, timeZone: String, adminName: String,
        adminEmail: String, password: String, confirmation: String?, into errors: inout [FieldError]
    ) -> (NewOrganisation, NewUser) {
        let organisation = validated(
            name: name, defaultLocale: defaultLocale, baseCurrency: baseCurrency, timeZone: timeZone, into: &errors)
        let admin = NewUser.validated(
            name: adminName, email: adminEmail, role: Role.admin.rawValue, locale: "", memberOf: [], leads: [],
            into: &errors)
        Validate.newPassword(password, confirmation: confirmation, into: &errors)
        return (organisation, admin)
    }
}

public struct OrganisationStore: Sendable {
    let db: any Database

    public init(db: any Database) { self.db = db }

    public func find(_ id: UUID) async throws -> Organisation {
        guard let model = try await OrganisationModel.find(id, on: db) else { throw AppError.notFound }
        return model.domain
    }

    public func count() async throws -> Int {
        try await OrganisationModel.query(on: db).count()
    }

    /// Creates an organisation; call inside the caller's transaction when more rows follow.
    public func create(_ new: NewOrganisation, at time: Date) async throws -> Organisation {
        let model = OrganisationModel()
        model.name = new.name
        model.defaultLocale = new.defaultLocale.rawValue
        model.baseCurrency = new.baseCurrency
        model.timeZone = new.timeZone
        try await model.create(on: db)
        // Every organisation starts with a sales process it can then edit.
        try await PipelineStore(db: db, organisationID: model.id!).createDefault()
        try await ObstacleTaxonomyStore.createDefault(
            organisationID: model.id!, locale: new.defaultLocale, at: time, on: db)
        return model.domain
    }
}

/// First-run setup: creates the first organisation and its admin, once.
public struct InstallationStore: Sendable {
    let db: any Database

    public init(db: any Database) { self.db = db }

    /// True once any organisation exists (from the setup page, the demo or the CLI).
    public func isSetUp() async throws -> Bool {
        try await OrganisationModel.query(on: db).first() != nil
    }

    /// Creates the organisation and its first admin in one transaction. A second, concurrent setup
    /// fails on the flag's primary key and gets `alreadySetUp`, so there is never a second setup.
    public func setUp(
        organisation: NewOrganisation, admin: NewUser, passwordHash: String, now: Date
    ) async throws
        -> (Organisation, User)
    {
        do {
            return try await db.writeTransaction { tx in
                guard try await OrganisationModel.query(on: tx).first() == nil else { throw AppError.alreadySetUp }
                let flag = InstallationFlagModel()
                flag.id = "setup-page-used"
                flag.setAt = now
                try await flag.create(on: tx)
                return try await OrganisationStore(db: tx).insert(
                    organisation, admin: admin, passwordHash: passwordHash, at: now)
            }
        } catch let error where error.isConstraintFailure {
            throw AppError.alreadySetUp
        }
    }
}

extension OrganisationStore {
    /// Another organisation on this installation, with its first administrator, all or nothing
    /// (`sparring organisation create`; a hosted installation serves several).
    public func create(
        organisation: NewOrganisation, admin: NewUser, passwordHash: String, at time: Date
    ) async throws
        -> (Organisation, User)
    {
        try await db.writeTransaction { tx in
            try await OrganisationStore(db: tx).insert(organisation, admin: admin, passwordHash: passwordHash, at: time)
        }
    }

    func insert(
        _ organisation: NewOrganisation, admin: NewUser, passwordHash: String, at time: Date
    ) async throws
        -> (Organisation, User)
    {
        let org = try await create(organisation, at: time)
        let user = try await UserStore(db: db, organisationID: org.id).insert(
            admin, passwordHash: passwordHash, by: nil, at: time)
        return (org, user)
    }

    /// The default language of the oldest organisation: what anonymous pages speak when the
    /// browser does not say.
    public func firstDefaultLocale() async throws -> AppLocale? {
        try await OrganisationModel.query(on: db).sort(\.$createdAt).first()
            .flatMap { AppLocale(rawValue: $0.defaultLocale) }
    }
}

extension OrganisationStore {
    /// All organisations; for the command line only (pages and API see their own organisation).
    public func all() async throws -> [Organisation] {
        try await OrganisationModel.query(on: db).sort(\.$name).all().map(\.domain)
    }
}
