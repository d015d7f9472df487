import FluentKit
import Foundation
import SQLKit
import SparringDomain

/// Writes the demo organisation of `DemoPlan` into the database, in one transaction.
public enum DemoSeeder {
    public struct Result: Sendable {
        public var organisation: Organisation
        public var plan: DemoPlan
        /// False when the demo organisation was already there (nothing was written).
        public var created: Bool
    }

    public static func seed(
        db: any Database, hasher: any PasswordHashing, seed: UInt64 = 2026, now: Date
    ) async throws -> Result {
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

        // The demo's people have been in their teams for a year, so its pulse rounds (the first opened
        // 100 days ago) count them as settled (`PulseEligibility`).
        let joined = now.addingTimeInterval(-365 * 86_400)
        let organisation = try await db.writeTransaction { tx in
            let organisation = try await OrganisationStore(db: tx).create(
                NewOrganisation(
                    name: plan.organisationName, defaultLocale: .nb, baseCurrency: "NOK", timeZone: "Europe/Oslo"),
                at: joined)
            let tenant = Tenant(db: tx, organisationID: organisation.id)
            _ = try await tenant.users.insert(
                NewUser(
                    name: plan.admin.name, email: plan.admin.email, role: .admin,
                    locale: plan.admin.locale), passwordHash: hashes[plan.admin.email]!, by: nil, at: joined)
            for team in plan.teams {
                let created = try await tenant.teams.create(name: team.name, leaderIDs: [], memberIDs: [], at: joined)
                _ = try await tenant.users.insert(
                    NewUser(
                        name: team.leader.name, email: team.leader.email, role: .leader,
                        locale: team.leader.locale, leads: [created.id]),
                    passwordHash: hashes[team.leader.email]!, by: nil, at: joined)
                for seller in team.sellers {
                    _ = try await tenant.users.insert(
                        NewUser(
                            name: seller.name, email: seller.email, role: .seller,
                            locale: seller.locale, memberOf: [created.id]),
                        passwordHash: hashes[seller.email]!, by: nil, at: joined)
                }
            }
            // Some demo deals are in euros: a rate lets the board add them up (set as of the demo's creation).
            try await tenant.exchangeRates.set(
                "EUR", rate: Decimal(string: "11.50")!,
                on: Day(now, in: TimeZone(identifier: "Europe/Oslo") ?? .gmt),
                by: nil)
            return organisation
        }
        return Result(organisation: organisation, plan: plan, created: true)
    }
}

extension DemoSeeder {
    /// Adds `count` generated deals (`DemoDeals`) to an organisation's teams and their members, streamed in
    /// transactions of `batch` deals, so memory stays flat at a million deals. Returns the deals written.
    @discardableResult
    public static func seedDeals(
        db: any Database, organisationID: UUID, count: Int, seed: UInt64, now: Date, batch: Int = 5_000,
        progress: (@Sendable (Int) -> Void)? = nil
    ) async throws -> Int {
        let tenant = Tenant(db: db, organisationID: organisationID)
        let teams = try await tenant.teams.all().filter { !$0.memberIDs.isEmpty }
        guard !teams.isEmpty, let pipeline = try await tenant.pipelines.all().first else { return 0 }
        let stageByKey = Dictionary(
            uniqueKeysWithValues: pipeline.stages.compactMap { stage in
                stage.key.map { ($0, stage) }
            })
        let deals = DemoDeals(count: count, seed: seed, sellersPerTeam: teams.map(\.memberIDs.count), now: now)

        // Customers first, in batches, remembered by index.
        var customerIDs: [UUID] = []
        customerIDs.reserveCapacity(deals.customerCount)
        for start in stride(from: 0, to: deals.customerCount, by: batch) {
            let range = start..<min(start + batch, deals.customerCount)
            let ids = range.map { _ in UUID.timeOrdered(at: now) }
            try await db.writeTransaction { tx in
                let sql = tx as! any SQLDatabase
                for chunk in stride(from: 0, to: ids.count, by: 500) {
                    var insert = sql.insert(into: "customers").columns(
                        "id", "organisation_id", "name", "name_key", "industry", "size_band", "external_source",
                        "external_id", "version", "created_at")
                    for offset in chunk..<min(chunk + 500, ids.count) {
                        let customer = deals.customer(range.lowerBound + offset)
                        insert = insert.values(
                            SQLBind(ids[offset]), SQLBind(organisationID), SQLBind(customer.name),
                            SQLBind(customer.name.lowercased()), SQLBind(customer.industry), SQLBind(customer.sizeBand),
                            SQLBind("demo"), SQLBind("C\(range.lowerBound + offset + 1)"), SQLBind(1), SQLBind(now))
                    }
                    try await insert.run()
                }
            }
            customerIDs += ids
        }

        var written = 0
        var rows: [DealBulkLoader.Row] = []
        var facts: [DemoCaseWriter.DealFacts] = []
        rows.reserveCapacity(batch)
        let cases = try await DemoCaseWriter(organisationID: organisationID, seed: seed, tenant: tenant)
        func flush() async throws {
            let pending = rows, pendingFacts = facts
            try await db.writeTransaction { tx in
                try await DealBulkLoader(db: tx, organisationID: organisationID).insert(pending, at: now)
                try await cases.write(pendingFacts, on: tx)
            }
            written += pending.count
            rows.removeAll(keepingCapacity: true)
            facts.removeAll(keepingCapacity: true)
            progress?(written)
        }
        let timeZone = TimeZone(identifier: "Europe/Oslo") ?? .gmt
        for (index, deal) in deals.enumerated() {
            let team = teams[deal.teamIndex]
            let row = DealBulkLoader.Row(
                id: .timeOrdered(at: now), customerID: customerIDs[deal.customerIndex],
                ownerID: team.memberIDs[deal.sellerIndex],
                teamID: team.id, pipelineID: pipeline.id,
                steps: deal.steps.map { step in
                    let stage = stageByKey[step.stageKey]!
                    return (stage.id, stage.kind, step.enteredAt)
                },
                title: deal.title, amountMinor: deal.amountMinor, currency: deal.currency,
                expectedClose: Day(deal.expectedCloseDate, in: timeZone), closeDatePushes: deal.closeDatePushes,
                closeReason: deal.closeReason, externalSource: "demo", externalID: deal.externalID,
                createdAt: deal.createdAt)
            rows.append(row)
            let last = deal.steps[deal.steps.count - 1].enteredAt
            facts.append(
                DemoCaseWriter.DealFacts(
                    id: row.id, index: index, status: deal.status,
                    stalled: deal.closeDatePushes >= 2
                        || (deal.status == .open && now.timeIntervalSince(last) > 30 * 86_400),
                    ownerID: row.ownerID, leaderID: team.leaderIDs.first ?? row.ownerID,
                    caseTime: Swift.max(deal.createdAt, last - 2 * 86_400), teamID: team.id, title: deal.title,
                    customerName: deals.customer(deal.customerIndex).name,
                    industry: deals.customer(deal.customerIndex).industry))
            if rows.count == batch { try await flush() }
        }
        if !rows.isEmpty { try await flush() }
        return written
    }
}
