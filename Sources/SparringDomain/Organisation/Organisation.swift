import Foundation

/// A tenant. Nothing of one organisation is ever visible to another.
public struct Organisation: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var name: String
    public var defaultLocale: AppLocale
    public var baseCurrency: String
    public var timeZone: String

    public init(id: UUID, name: String, defaultLocale: AppLocale, baseCurrency: String, timeZone: String) {
        self.id = id
        self.name = name
        self.defaultLocale = defaultLocale
        self.baseCurrency = baseCurrency
        self.timeZone = timeZone
    }
}

extension Organisation {
    /// The name as a command-line handle: `Nordlys Systemer AS` → `nordlys-systemer-as`.
    public var slug: String {
        var slug = ""
        for character in name.lowercased() {
            switch character {
            case "æ": slug += "ae"
            case "ø": slug += "o"
            case "å": slug += "a"
            case _ where character.isASCII && (character.isLetter || character.isNumber): slug.append(character)
            default: if !slug.isEmpty && !slug.hasSuffix("-") { slug += "-" }
            }
        }
        return slug.hasSuffix("-") ? String(slug.dropLast()) : slug
    }
}

public struct Team: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var name: String
    public var version: Int
    public var leaderIDs: [UUID]
    public var memberIDs: [UUID]

    public init(id: UUID, name: String, version: Int, leaderIDs: [UUID] = [], memberIDs: [UUID] = []) {
        self.id = id
        self.name = name
        self.version = version
        self.leaderIDs = leaderIDs
        self.memberIDs = memberIDs
    }
}

public struct User: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var organisationID: UUID
    public var name: String
    public var email: String
    public var role: Role
    /// The person's own language choice; `nil` follows the browser, then the organisation.
    public var locale: AppLocale?
    public var isActive: Bool
    public var version: Int
    public var memberOf: [UUID]
    public var leads: [UUID]
    public var createdAt: Date
    /// Set when an administrator reset the password: until the person chooses their own, every page
    /// leads to the password form and the API refuses their tokens.
    public var mustChangePassword: Bool

    public init(
        id: UUID, organisationID: UUID, name: String, email: String, role: Role, locale: AppLocale?,
        isActive: Bool, version: Int, memberOf: [UUID] = [], leads: [UUID] = [], createdAt: Date,
        mustChangePassword: Bool = false
    ) {
        self.id = id
        self.organisationID = organisationID
        self.name = name
        self.email = email
        self.role = role
        self.locale = locale
        self.isActive = isActive
        self.version = version
        self.memberOf = memberOf
        self.leads = leads
        self.createdAt = createdAt
        self.mustChangePassword = mustChangePassword
    }

    public var actor: Actor {
        Actor(userID: id, organisationID: organisationID, role: role, memberOf: Set(memberOf), leads: Set(leads))
    }
}

/// A personal API token as listed on the profile page; the secret itself is never stored.
public struct APIToken: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var name: String
    public var createdAt: Date
    public var lastUsedAt: Date?

    public init(id: UUID, name: String, createdAt: Date, lastUsedAt: Date?) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
        self.lastUsedAt = lastUsedAt
    }
}

/// Which language to speak: the person's setting, else the chosen/browser language, else the organisation's.
public func resolveLocale(
    user: AppLocale?, chosen: AppLocale?, acceptLanguage: String?,
    organisationDefault: AppLocale?
) -> AppLocale {
    user ?? chosen ?? AppLocale.fromAcceptLanguage(acceptLanguage) ?? organisationDefault ?? .en
}
