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
    public var leads: Set<UUID>
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
        self.leads = leads
        self.guestOf = guestOf
    }
}
