import Foundation

/// What a person does in Sparring. Guests are not a role: they are people of the organisation (often
/// another department) invited into one deal's case (`Actor.guestOf`).
public enum Role: String, Codable, CaseIterable, Sendable, Hashable {
    case admin
    case leader
    case seller
}

/// The identity a request acts as: enough for `Policy` to decide without touching storage.
public struct Actor: Sendable, Hashable {
    public var userID: UUID
    public var organisationID: UUID
    public var role: Role
    public var memberOf: Set<UUID>
    public private(set) var leads: Set<UUID>
    /// Deals whose case the person was invited into as a guest contributor (from another department):
    /// they see and contribute to those cases only, not the deals themselves.
    public var guestOf: Set<UUID>

    public init(
        userID: UUID, organisationID: UUID, role: Role, memberOf: Set<UUID> = [], leads: Set<UUID> = [],
        guestOf: Set<UUID> = []
    ) {
        self.userID = userID
        self.organisationID = organisationID
        self.role = role
        self.memberOf = memberOf
        // Leading a team takes both the role and the membership: a seller leads nothing, whatever
        // memberships say (a demoted leader kept every leader power when only memberships were checked).
        self.leads = role == .seller ? [] : leads
        self.guestOf = guestOf
    }

    /// Whether the person leads `teamID`: a leader's or admin's role and a lead membership, both.
    public func leadsTeam(_ teamID: UUID) -> Bool { role != .seller && leads.contains(teamID) }

    /// The teams the person leads (empty for a seller).
    public var ledTeams: Set<UUID> { role == .seller ? [] : leads }
}
