import FluentKit
import Foundation
import SparringDomain

/// The storage seen by one organisation. Every store reached through it filters by the organisation,
/// so a feature cannot forget tenancy: there is no unscoped way to list teams or people.
public struct Tenant: Sendable {
    public let db: any Database
    public let organisationID: UUID

    public init(db: any Database, organisationID: UUID) {
        self.db = db
        self.organisationID = organisationID
    }

    public var teams: TeamStore { TeamStore(db: db, organisationID: organisationID) }
    public var users: UserStore { UserStore(db: db, organisationID: organisationID) }
    public var organisation: OrganisationStore { OrganisationStore(db: db) }
}

/// Memberships of many users (or teams) in one query, so lists never run a query per row.
struct Memberships {
    var memberOf: [UUID: [UUID]] = [:]
    var leads: [UUID: [UUID]] = [:]
    var teamMembers: [UUID: [UUID]] = [:]
    var teamLeaders: [UUID: [UUID]] = [:]

    static func load(
        userIDs: [UUID]? = nil, teamIDs: [UUID]? = nil, organisationID: UUID,
        on db: any Database
    ) async throws -> Memberships {
        var query = TeamMembershipModel.query(on: db).filter(\.$organisationID == organisationID)
        if let userIDs { query = query.filter(\.$userID ~~ userIDs) }
        if let teamIDs { query = query.filter(\.$teamID ~~ teamIDs) }
        var result = Memberships()
        for row in try await query.all() {
            if row.kind == TeamMembershipModel.leader {
                result.leads[row.userID, default: []].append(row.teamID)
                result.teamLeaders[row.teamID, default: []].append(row.userID)
            } else {
                result.memberOf[row.userID, default: []].append(row.teamID)
                result.teamMembers[row.teamID, default: []].append(row.userID)
            }
        }
        return result
    }
}

extension Array where Element == UUID {
    /// Duplicates removed, order kept: a form may send the same id twice.
    var uniqued: [UUID] {
        var seen = Set<UUID>()
        return filter { seen.insert($0).inserted }
    }
}
