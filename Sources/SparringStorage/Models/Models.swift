import FluentKit
import Foundation
import SparringDomain

// Fluent models are storage details: they never leave this target. Stores return domain values.

final class OrganisationModel: Model, @unchecked Sendable {
    static let schema = "organisations"
    @ID(key: .id) var id: UUID?
    @Field(key: "name") var name: String
    @Field(key: "default_locale") var defaultLocale: String
    @Field(key: "base_currency") var baseCurrency: String
    @Field(key: "time_zone") var timeZone: String
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    init() {}

    var domain: Organisation {
        Organisation(
            id: id!, name: name, defaultLocale: AppLocale(rawValue: defaultLocale) ?? .nb,
            baseCurrency: baseCurrency, timeZone: timeZone)
    }
}

final class TeamModel: Model, @unchecked Sendable {
    static let schema = "teams"
    @ID(key: .id) var id: UUID?
    @Field(key: "organisation_id") var organisationID: UUID
    @Field(key: "name") var name: String
    /// Lower-cased name: team names are unique per organisation regardless of case.
    @Field(key: "name_key") var nameKey: String
    @Field(key: "version") var version: Int
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    init() {}
}

final class UserModel: Model, @unchecked Sendable {
    static let schema = "users"
    @ID(key: .id) var id: UUID?
    @Field(key: "organisation_id") var organisationID: UUID
    @Field(key: "name") var name: String
    @Field(key: "email") var email: String
    @Field(key: "password_hash") var passwordHash: String
    @Field(key: "role") var role: String
    @OptionalField(key: "locale") var locale: String?
    @Field(key: "is_active") var isActive: Bool
    @OptionalField(key: "deactivated_at") var deactivatedAt: Date?
    @Field(key: "version") var version: Int
    @Field(key: "must_change_password") var mustChangePassword: Bool
    @Timestamp(key: "created_at", on: .create) var createdAt: Date?
    @Timestamp(key: "updated_at", on: .update) var updatedAt: Date?
    init() {}

    func domain(memberOf: [UUID] = [], leads: [UUID] = []) -> User {
        let role = Role(rawValue: role) ?? .seller
        // A seller leads nothing, whatever rows say (M032 removed those left by earlier demotions).
        return User(
            id: id!, organisationID: organisationID, name: name, email: email, role: role,
            locale: locale.flatMap(AppLocale.init(rawValue:)), isActive: isActive, version: version,
            memberOf: memberOf, leads: role == .seller ? [] : leads,
            createdAt: createdAt ?? Date(timeIntervalSince1970: 0),
            mustChangePassword: mustChangePassword)
    }
}

/// A person's place in a team: `member` (sells in it) or `leader` (leads it). One row per pair and kind.
final class TeamMembershipModel: Model, @unchecked Sendable {
    static let schema = "team_memberships"
    @ID(key: .id) var id: UUID?
    @Field(key: "organisation_id") var organisationID: UUID
    @Field(key: "team_id") var teamID: UUID
    @Field(key: "user_id") var userID: UUID
    @Field(key: "kind") var kind: String
    /// When the person took this place (nil: before Sparring kept the date; see M033).
    @OptionalField(key: "joined_at") var joinedAt: Date?
    init() {}

    static let member = "member"
    static let leader = "leader"
}

/// A browser session. The primary key is the SHA-256 of the cookie value, so a copy of the
/// database does not hand out live sessions.
final class SessionModel: Model, @unchecked Sendable {
    static let schema = "sessions"
    @ID(custom: "id", generatedBy: .user) var id: String?
    @Field(key: "user_id") var userID: UUID
    @Field(key: "csrf_token") var csrfToken: String
    @Field(key: "created_at") var createdAt: Date
    @Field(key: "last_seen_at") var lastSeenAt: Date
    @Field(key: "expires_at") var expiresAt: Date
    init() {}
}

final class APITokenModel: Model, @unchecked Sendable {
    static let schema = "api_tokens"
    @ID(key: .id) var id: UUID?
    @Field(key: "organisation_id") var organisationID: UUID
    @Field(key: "user_id") var userID: UUID
    @Field(key: "name") var name: String
    @Field(key: "token_hash") var tokenHash: String
    @Field(key: "created_at") var createdAt: Date
    @OptionalField(key: "last_used_at") var lastUsedAt: Date?
    @OptionalField(key: "revoked_at") var revokedAt: Date?
    init() {}

    var domain: APIToken { APIToken(id: id!, name: name, createdAt: createdAt, lastUsedAt: lastUsedAt) }
}

final class SignInFailureModel: Model, @unchecked Sendable {
    static let schema = "sign_in_failures"
    @ID(key: .id) var id: UUID?
    @Field(key: "email") var email: String
    @Field(key: "failed_at") var failedAt: Date
    init() {}
}

/// Installation-wide facts such as "the setup page has been used".
final class InstallationFlagModel: Model, @unchecked Sendable {
    static let schema = "installation_flags"
    @ID(custom: "id", generatedBy: .user) var id: String?
    @Field(key: "set_at") var setAt: Date
    init() {}
}
