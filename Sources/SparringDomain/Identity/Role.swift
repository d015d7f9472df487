import Foundation

/// What a person does in Sparring. Guests (a later issue) are not a role: they are sellers or leaders
/// of another team invited into one case.
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

    public init(userID: UUID, organisationID: UUID, role: Role, memberOf: Set<UUID> = [], leads: Set<UUID> = []) {
        self.userID = userID
        self.organisationID = organisationID
        self.role = role
        self.memberOf = memberOf
        self.leads = leads
    }
}
