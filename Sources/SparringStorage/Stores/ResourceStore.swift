import FluentKit
import Foundation
import SQLKit
import SparringDomain

/// Resource pools, the requests deals make on them, and confirmed allocation plans. The caller has
/// checked the policy (`leadTeam` for pools and plans, `workOnDeal` for a deal's requests).
public struct ResourceStore: Sendable {
    let db: any Database
    let organisationID: UUID

    public init(db: any Database, organisationID: UUID) {
        self.db = db
        self.organisationID = organisationID
    }

    var sql: any SQLDatabase { db as! any SQLDatabase }

    // MARK: Pools

    func pool(_ row: any SQLRow) throws -> ResourcePoolRecord {
        ResourcePoolRecord(
            id: try row.decode(column: "id", as: UUID.self), teamID: try row.decode(column: "team_id", as: UUID.self),
            definition: ResourcePoolDefinition(
                name: try row.decode(column: "name", as: String.self),
                kind: ResourceKind(rawValue: try row.decode(column: "kind", as: String.self)) ?? .presales,
                unit: try row.decode(column: "unit", as: String.self),
                period: ResourcePeriod(rawValue: try row.decode(column: "period", as: String.self)) ?? .month,
                capacity: try row.decode(column: "capacity", as: Int.self)),
            version: try row.decode(column: "version", as: Int.self))
    }

    /// The teams' pools by name.
    public func pools(teamIDs: Set<UUID>) async throws -> [ResourcePoolRecord] {
        guard !teamIDs.isEmpty else { return [] }
        return try await sql.select().column("*").from("resource_pools").where(
            "organisation_id", .equal, organisationID
        )
        .where("team_id", .in, Array(teamIDs)).where(SQLColumn("retired_at"), .is, SQLLiteral.null)
        .orderBy("name").all().map(pool)
    }

    public func pool(_ id: UUID) async throws -> ResourcePoolRecord {
        guard
            let row = try await sql.select().column("*").from("resource_pools").where("id", .equal, id)
                .where("organisation_id", .equal, organisationID).first()
        else { throw AppError.notFound }
        return try pool(row)
    }

    public func createPool(
        teamID: UUID, _ definition: ResourcePoolDefinition, at time: Date
    ) async throws
        -> ResourcePoolRecord
    {
        let definition = Self.trimmed(definition)
        let problems = definition.problems()
        guard problems.isEmpty else { throw AppError.validation(problems) }
        guard (try? await TeamStore(db: db, organisationID: organisationID).find(teamID)) != nil else {
            throw AppError.invalid("teamID", .errorUnknownTeam)
        }
        let id = UUID.timeOrdered(at: time)
        try await sql.insert(into: "resource_pools")
            .columns(
                "id", "organisation_id", "team_id", "name", "kind", "unit", "period", "capacity", "created_at",
                "version"
            )
            .values(
                SQLBind(id), SQLBind(organisationID), SQLBind(teamID), SQLBind(definition.name),
                SQLBind(definition.kind.rawValue), SQLBind(definition.unit), SQLBind(definition.period.rawValue),
                SQLBind(definition.capacity), SQLBind(time), SQLBind(1)
            ).run()
        return try await pool(id)
    }

    /// Saves the pool as edited from `expectedVersion`; a stale version throws `AppError.conflict`.
    public func editPool(
        _ id: UUID, expectedVersion: Int, _ definition: ResourcePoolDefinition
    ) async throws
        -> ResourcePoolRecord
    {
        let definition = Self.trimmed(definition)
        let problems = definition.problems()
        guard problems.isEmpty else { throw AppError.validation(problems) }
        _ = try await pool(id)
        let saved = try await sql.updateVersioned(
            "resource_pools", id: id, organisationID: organisationID, expectedVersion: expectedVersion, at: nil
        ) {
            $0.set("name", to: definition.name).set("kind", to: definition.kind.rawValue)
                .set("unit", to: definition.unit).set("period", to: definition.period.rawValue)
                .set("capacity", to: definition.capacity)
        }
        guard saved else { throw AppError.conflict }
        return try await pool(id)
    }

    static func trimmed(_ definition: ResourcePoolDefinition) -> ResourcePoolDefinition {
        var definition = definition
        definition.name = definition.name.trimmed
        definition.unit = definition.unit.trimmed
        return definition
    }

    // MARK: Requests

    func requests(_ select: SQLSelectBuilder) async throws -> [ResourceRequestRecord] {
        try await select.columns(
            SQLColumn("*", table: "resource_requests"),
            SQLAlias(SQLColumn("title", table: "deals"), as: SQLIdentifier("deal_title")),
            SQLAlias(SQLColumn("amount_minor", table: "deals"), as: SQLIdentifier("deal_amount")),
            SQLAlias(SQLColumn("currency", table: "deals"), as: SQLIdentifier("deal_currency")),
            SQLAlias(SQLColumn("status", table: "deals"), as: SQLIdentifier("deal_status"))
        )
        .join("deals", on: SQLColumn("id", table: "deals"), .equal, SQLColumn("deal_id", table: "resource_requests"))
        .where(SQLColumn("organisation_id", table: "resource_requests"), .equal, SQLBind(organisationID))
        .orderBy(SQLColumn("requested_at", table: "resource_requests")).all().map { row in
            ResourceRequestRecord(
                id: try row.decode(column: "id", as: UUID.self),
                poolID: try row.decode(column: "pool_id", as: UUID.self),
                dealID: try row.decode(column: "deal_id", as: UUID.self),
                dealTitle: try row.decode(column: "deal_title", as: String.self),
                dealAmountMinor: try row.decode(column: "deal_amount", as: Int64.self),
                dealCurrency: try row.decode(column: "deal_currency", as: String.self),
                dealStatus: DealStatus(rawValue: try row.decode(column: "deal_status", as: String.self)) ?? .open,
                periodKey: try row.decode(column: "period_key", as: String.self),
                draft: ResourceRequestDraft(
                    amount: try row.decode(column: "amount", as: Int.self),
                    upliftPoints: try row.decode(column: "uplift", as: Int.self),
                    reason: try row.decode(column: "reason", as: String.self)),
                requestedBy: try row.decode(column: "requested_by", as: UUID.self),
                requestedAt: try row.decode(column: "requested_at", as: Date.self),
                status: ResourceRequestStatus(rawValue: try row.decode(column: "status", as: String.self)) ?? .pending,
                planID: try row.decode(column: "plan_id", as: UUID?.self),
                version: try row.decode(column: "version", as: Int.self))
        }
    }

    /// A deal's requests, oldest first.
    public func requests(dealID: UUID) async throws -> [ResourceRequestRecord] {
        try await requests(
            sql.select().from("resource_requests").where(
                SQLColumn("deal_id", table: "resource_requests"), .equal, SQLBind(dealID)))
    }

    /// The requests on these pools for the period each pool is in on the given day.
    public func requests(
        pools: [ResourcePoolRecord], on day: Day
    ) async throws
        -> [ResourceRequestRecord]
    {
        var result: [ResourceRequestRecord] = []
        for pool in pools {
            result += try await requests(
                sql.select().from("resource_requests")
                    .where(SQLColumn("pool_id", table: "resource_requests"), .equal, SQLBind(pool.id))
                    .where(
                        SQLColumn("period_key", table: "resource_requests"), .equal,
                        SQLBind(pool.definition.period.key(day))))
        }
        return result
    }

    /// A request from a deal on one of its team's pools, for the pool's period that holds `day`.
    public func request(
        dealID: UUID, teamID: UUID, poolID: UUID, _ draft: ResourceRequestDraft, by userID: UUID,
        day: Day, at time: Date
    ) async throws -> ResourceRequestRecord {
        var draft = draft
        draft.reason = draft.reason.trimmed
        let problems = draft.problems()
        guard problems.isEmpty else { throw AppError.validation(problems) }
        guard let pool = try? await pool(poolID), pool.teamID == teamID else {
            throw AppError.invalid("poolID", .resourceUnknownPool)
        }
        let id = UUID.timeOrdered(at: time)
        try await sql.insert(into: "resource_requests")
            .columns(
                "id", "organisation_id", "team_id", "pool_id", "deal_id", "period_key", "amount", "uplift", "reason",
                "requested_by", "requested_at", "status", "version"
            )
            .values(
                SQLBind(id), SQLBind(organisationID), SQLBind(teamID), SQLBind(poolID), SQLBind(dealID),
                SQLBind(pool.definition.period.key(day)),
                SQLBind(draft.amount), SQLBind(draft.upliftPoints), SQLBind(draft.reason), SQLBind(userID),
                SQLBind(time), SQLBind(ResourceRequestStatus.pending.rawValue), SQLBind(1)
            ).run()
        return try await requests(
            sql.select().from("resource_requests").where(
                SQLColumn("id", table: "resource_requests"), .equal, SQLBind(id)))[0]
    }

    // MARK: Plans

    /// Confirms the leader's choice for the requests shown: `seen` are the requests and versions the
    /// leader looked at (any change since is a conflict), `granted` those to grant. Every pool's
    /// capacity is checked; then all the requests are decided and the plan is kept, in one transaction.
    public func confirm(
        teamID: UUID, pools: [ResourcePoolRecord], day: Day, seen: [UUID: Int],
        granted: Set<UUID>, proposedGain: Double, confirmedGain: Double, bound: Double, currency: String,
        by userID: UUID, at time: Date
    ) async throws -> UUID {
        let id = UUID.timeOrdered(at: time)
        try await db.writeTransaction { tx in
            let store = ResourceStore(db: tx, organisationID: organisationID)
            let current = try await store.requests(pools: pools, on: day)
            guard Dictionary(uniqueKeysWithValues: current.map { ($0.id, $0.version) }) == seen else {
                throw AppError.conflict
            }
            guard granted.isSubset(of: Set(seen.keys)) else { throw AppError.invalid("granted", .errorChoice) }
            for pool in pools {
                let used = current.filter { $0.poolID == pool.id && granted.contains($0.id) }.map(\.draft.amount)
                    .reduce(0, +)
                if used > pool.definition.capacity {
                    throw AppError.invalid(
                        "granted", .resourceOverCapacity,
                        [
                            "pool": pool.definition.name, "used": String(used),
                            "capacity": String(pool.definition.capacity),
                        ])
                }
            }
            try await store.sql.insert(into: "allocation_plans")
                .columns(
                    "id", "organisation_id", "team_id", "planned_on", "confirmed_by", "confirmed_at", "proposed_gain",
                    "confirmed_gain", "bound", "currency"
                )
                .values(
                    SQLBind(id), SQLBind(organisationID), SQLBind(teamID),
                    SQLBind(day.description), SQLBind(userID),
                    SQLBind(time), SQLBind(proposedGain), SQLBind(confirmedGain), SQLBind(bound), SQLBind(currency)
                ).run()
            for request in current {
                let status: ResourceRequestStatus = granted.contains(request.id) ? .granted : .declined
                try await store.sql.update("resource_requests").set("status", to: status.rawValue)
                    .set("plan_id", to: id).set("version", to: request.version + 1)
                    .where("id", .equal, request.id).where("organisation_id", .equal, organisationID)
                    .where("version", .equal, request.version).run()
            }
        }
        return id
    }

    /// The last confirmed plans of a team, newest first.
    public func plans(
        teamID: UUID, limit: Int = 10
    ) async throws
        -> [(id: UUID, plannedOn: String, confirmedBy: UUID, confirmedAt: Date, gain: Double, currency: String)]
    {
        try await sql.select().columns("id", "planned_on", "confirmed_by", "confirmed_at", "confirmed_gain", "currency")
            .from("allocation_plans").where("organisation_id", .equal, organisationID).where("team_id", .equal, teamID)
            .orderBy("confirmed_at", .descending).limit(limit).all().map { row in
                (
                    try row.decode(column: "id", as: UUID.self), try row.decode(column: "planned_on", as: String.self),
                    try row.decode(column: "confirmed_by", as: UUID.self),
                    try row.decode(column: "confirmed_at", as: Date.self),
                    try row.decode(column: "confirmed_gain", as: Double.self),
                    try row.decode(column: "currency", as: String.self)
                )
            }
    }

    /// How the deals of the team's decided requests ended, granted against not granted, in the base
    /// currency (deals in a currency without a rate count, but add nothing to the sums).
    public func outcomes(
        teamID: UUID, rates: ExchangeRates
    ) async throws
        -> [ResourceRequestStatus: AllocationOutcome]
    {
        var result: [ResourceRequestStatus: AllocationOutcome] = [:]
        let decided = try await requests(
            sql.select().from("resource_requests")
                .where(SQLColumn("team_id", table: "resource_requests"), .equal, SQLBind(teamID))
                .where(
                    SQLColumn("status", table: "resource_requests"), .notEqual,
                    SQLBind(ResourceRequestStatus.pending.rawValue)))
        for request in decided {
            var outcome = result[request.status] ?? AllocationOutcome()
            outcome.requests += 1
            let value = rates.toBase(request.dealAmountMinor, from: request.dealCurrency) ?? 0
            outcome.expectedGainMinor = Saturating.add(
                outcome.expectedGainMinor, Saturating.percent(value, request.draft.upliftPoints))
            switch request.dealStatus {
            case .won:
                outcome.won += 1
                outcome.wonMinor = Saturating.add(outcome.wonMinor, value)
            case .lost: outcome.lost += 1
            case .open, .onHold: outcome.open += 1
            }
            result[request.status] = outcome
        }
        return result
    }
}

extension Tenant {
    public var resources: ResourceStore { ResourceStore(db: db, organisationID: organisationID) }
}
