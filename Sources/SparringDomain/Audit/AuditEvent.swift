import Foundation

/// What the organisation's audit trail records about people and teams (`/admin/audit`).
public enum AuditKind: String, CaseIterable, Sendable, Codable {
    case accountCreated
    case roleChanged
    case joinedTeam
    case leftTeam
    case deactivated
    case reactivated
    case passwordReset

    public var label: L10nKey {
        switch self {
        case .accountCreated: .auditAccountCreated
        case .roleChanged: .auditRoleChanged
        case .joinedTeam: .auditJoinedTeam
        case .leftTeam: .auditLeftTeam
        case .deactivated: .auditDeactivated
        case .reactivated: .auditReactivated
        case .passwordReset: .auditPasswordReset
        }
    }
}

/// One line of the audit trail: who (`actorID`, nil for the command line) did what to whom, when.
/// `detail` is a role (`accountCreated`, `roleChanged`: "leader→seller") or a place kind ("member",
/// "leader") — never free text, so the trail holds no one's words.
public struct AuditEvent: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var at: Date
    public var actorID: UUID?
    public var kind: AuditKind
    public var subjectID: UUID?
    public var teamID: UUID?
    public var detail: String?

    public init(
        id: UUID, at: Date, actorID: UUID?, kind: AuditKind, subjectID: UUID?, teamID: UUID?, detail: String?
    ) {
        self.id = id
        self.at = at
        self.actorID = actorID
        self.kind = kind
        self.subjectID = subjectID
        self.teamID = teamID
        self.detail = detail
    }
}
