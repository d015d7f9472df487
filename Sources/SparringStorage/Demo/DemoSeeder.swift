import FluentKit
import Foundation
import SparringDomain

/// Writes the demo organisation of `DemoPlan` into the database, in one transaction.
public enum DemoSeeder {
    public struct Result: Sendable {
        public var organisation: Organisation
        public var plan: DemoPlan
        /// False when the demo organisation was already there (nothing was written).
        public var created: Bool
    }

    public static func seed(db: any Database, hasher: any PasswordHashing, seed: UInt64 = 2026) async throws -> Result {
        let plan = DemoPlan.make(seed: seed)
        if let existing = try await AccountStore(db: db).credentials(email: plan.admin.email) {
            let organisation = try await OrganisationStore(db: db).find(existing.user.organisationID)
            return Result(organisation: organisation, plan: plan, created: false)
        }
        // One bcrypt hash per person: same password, different salts, as if each had chosen it.
        let people = [plan.admin] + plan.teams.flatMap { [$0.leader] + $0.sellers }
        var computed: [String: String] = [:]
        for person in people { computed[person.email] = try hasher.hash(DemoPlan.password) }
        let hashes = computed

        let organisation = try await db.transaction { tx in
            let organisation = try await OrganisationStore(db: tx).create(
                NewOrganisation(
                    name: plan.organisationName, defaultLocale: .nb, baseCurrency: "NOK", timeZone: "Europe/Oslo"))
            let tenant = Tenant(db: tx, organisationID: organisation.id)
            _ = try await tenant.users.insert(
                NewUser(
                    name: plan.admin.name, email: plan.admin.email, role: .admin,
                    locale: plan.admin.locale), passwordHash: hashes[plan.admin.email]!)
            for team in plan.teams {
                let created = try await tenant.teams.create(name: team.name, leaderIDs: [], memberIDs: [])
                _ = try await tenant.users.insert(
                    NewUser(
                        name: team.leader.name, email: team.leader.email, role: .leader,
                        locale: team.leader.locale, leads: [created.id]),
                    passwordHash: hashes[team.leader.email]!)
                for seller in team.sellers {
                    _ = try await tenant.users.insert(
                        NewUser(
                            name: seller.name, email: seller.email, role: .seller,
                            locale: seller.locale, memberOf: [created.id]),
                        passwordHash: hashes[seller.email]!)
                }
            }
            return organisation
        }
        return Result(organisation: organisation, plan: plan, created: true)
    }
}
