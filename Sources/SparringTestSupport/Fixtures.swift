import Fluent
import Foundation
import SparringDomain
import SparringStorage
import SparringWeb
import Vapor

/// Organisations, teams and people written straight through the stores, for tests to start from.
public enum Fixtures {
    public static let password = "correct horse battery"

    /// When the fixtures' people joined their teams: a year before the test clock starts, so they are
    /// settled members in any pulse round a test opens (`PulseEligibility`).
    public static let joined = TestClock().now.addingTimeInterval(-365 * 86_400)

    public struct Org: Sendable {
        public var organisation: Organisation
        public var admin: User
        public var leader: User
        public var seller: User
        public var team: Team
    }

    /// An organisation with an admin, a team, its leader and one seller. E-mail addresses carry `tag`
    /// so several organisations can live in one database.
    public static func organisation(_ app: Application, tag: String, locale: AppLocale = .en) async throws -> Org {
        let hash = try BcryptHasher(cost: 4).hash(password)
        let organisation = try await OrganisationStore(db: app.db).create(
            NewOrganisation(name: "Org \(tag)", defaultLocale: locale, baseCurrency: "NOK", timeZone: "Europe/Oslo"),
            at: joined)
        let tenant = Tenant(db: app.db, organisationID: organisation.id)
        let admin = try await tenant.users.create(
            NewUser(name: "Admin \(tag)", email: "admin@\(tag).example", role: .admin),
            passwordHash: hash, at: joined)
        let team = try await tenant.teams.create(name: "Team \(tag)", leaderIDs: [], memberIDs: [], at: joined)
        let leader = try await tenant.users.create(
            NewUser(name: "Leader \(tag)", email: "leader@\(tag).example", role: .leader, leads: [team.id]),
            passwordHash: hash, at: joined)
        let seller = try await tenant.users.create(
            NewUser(name: "Seller \(tag)", email: "seller@\(tag).example", role: .seller, memberOf: [team.id]),
            passwordHash: hash, at: joined)
        return Org(
            organisation: organisation, admin: admin, leader: leader, seller: seller,
            team: try await tenant.teams.find(team.id))
    }
}
