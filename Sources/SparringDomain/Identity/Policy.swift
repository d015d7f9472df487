import Foundation

/// Everything a person may ask to do. Later capabilities add cases here, so that who-may-do-what
/// stays in one place instead of being scattered over handlers.
public enum Action: Sendable, Hashable {
    /// See the organisation's people and teams (names, e-mails, roles, memberships).
    case viewDirectory
    /// See users who have been deactivated (their history stays).
    case viewDeactivatedUsers
    case manageTeams
    case manageUsers
    /// Change one's own password, locale and API tokens.
    case manageOwnAccount
    /// See one team's details and members.
    case viewTeam(UUID)
    /// See, edit, move, close and snooze one deal (what a person sees they may work on). Guests may not.
    case workOnDeal(ownerID: UUID, teamID: UUID)
    /// Read a deal's case: who may work on the deal, and the case's guests.
    case viewCase(dealID: UUID, ownerID: UUID, teamID: UUID)
    /// Comment on a deal's case and propose options (plans): who may work on the deal, and its guests.
    case contributeToCase(dealID: UUID, ownerID: UUID, teamID: UUID)
    /// Invite a guest into a deal's case and remove one: the deal's owner, the team's leaders, admins.
    case inviteGuest(ownerID: UUID, teamID: UUID)
    /// Create a deal owned by `ownerID` in `teamID`.
    case createDeal(teamID: UUID, ownerID: UUID)
    /// See a team's pipeline board and forecast (a seller sees only their own cards on it).
    case viewBoard(UUID)
    /// Edit pipelines, stages and exchange rates; import CRM exports (design §2: admin settings).
    case manageSalesProcess
    case importDeals
    /// Edit the organisation's obstacle taxonomy (design §2: admin settings).
    case manageObstacleTaxonomy
    /// Add and edit tactics: leaders curate the plays their sellers use, admins too. Everyone may read
    /// the catalogue and its evidence.
    case manageTactics
    /// Take up sparring on a deal of this team: give suggestions, open the discussion (its leaders, admins).
    case coachDeal(teamID: UUID)
    /// A seller's coaching log: the seller, the leaders of a team they belong to, admins.
    case viewCoachingLog(sellerID: UUID, sellerTeams: Set<UUID>)
    /// How often blocking phrases appear in a team's discussions: its leaders and admins.
    case viewTeamBlockers(UUID)
    /// Read a case story (`StoryAudience`).
    case readStory(teamID: UUID, visibility: StoryVisibility, authorID: UUID)
    /// Edit a case story's text, categories and visibility: its author, the leaders of its team, admins.
    case editStory(teamID: UUID, authorID: UUID)
    /// Feature a story at the top of the library: the leaders of its team and admins.
    case featureStory(teamID: UUID)
    /// Send a bulletin to teams: a leader to teams they lead, an admin to any.
    case publishBulletin(teamIDs: Set<UUID>)
    /// Read a bulletin (`BulletinAudience`).
    case readBulletin(teamIDs: [UUID], authorID: UUID)
    /// Edit a bulletin and link the deals it affects: admins, and its author while they may still send
    /// to its teams (a leader demoted or moved keeps reading what they wrote, not changing it).
    case manageBulletin(authorID: UUID, teamIDs: Set<UUID>)
    /// See how many found a bulletin useful: its author, the leaders of a team it went to, admins.
    case viewBulletinCounts(teamIDs: [UUID], authorID: UUID)
    /// Open and close a pulse round for a team: its leaders and admins.
    case runPulse(teamID: UUID)
    /// Answer a round about `leaderID`: the team's members, except the leader rated.
    case answerPulse(teamID: UUID, leaderID: UUID)
    /// See a round's released results: the leader rated and admins. Not the team's other leaders: the
    /// pulse is feedback to one person.
    case viewPulseResults(leaderID: UUID)
    /// Keep a self-assessment (one's own only): leaders and admins.
    case assessSelf
    /// Define a team's resource pools, plan and confirm allocations, see its outcome dashboard: its
    /// leaders and admins.
    case leadTeam(UUID)
}

/// The answer of `Policy`: allowed, or refused with the reason a person can be told.
public enum Decision: Sendable, Equatable {
    case allow
    case deny
}

/// The single place that decides who may see and do what. Tenancy (organisation) is enforced by the
/// storage scope before objects ever reach the policy; the policy decides by role and team.
public struct Policy: Sendable {
    public init() {}

    public func decide(_ actor: Actor, _ action: Action) -> Decision {
        switch action {
        case .viewDirectory, .manageOwnAccount:
            return .allow
        case .viewDeactivatedUsers, .manageTeams, .manageUsers:
            return actor.role == .admin ? .allow : .deny
        case .viewTeam:
            // Teams are visible to everyone in the organisation: the library and bulletins of later
            // issues are shared across teams, and knowing who leads which team is not confidential.
            return .allow
        case .workOnDeal(let ownerID, let teamID):
            return DealVisibility(actor).includes(ownerID: ownerID, teamID: teamID) ? .allow : .deny
        case .viewCase(let dealID, let ownerID, let teamID), .contributeToCase(let dealID, let ownerID, let teamID):
            return DealVisibility(actor).includes(ownerID: ownerID, teamID: teamID) || actor.guestOf.contains(dealID)
                ? .allow : .deny
        case .inviteGuest(let ownerID, let teamID):
            return actor.userID == ownerID || actor.role == .admin || actor.leadsTeam(teamID) ? .allow : .deny
        case .createDeal(let teamID, let ownerID):
            switch actor.role {
            case .admin: return .allow
            case .leader:
                return actor.leadsTeam(teamID) || (ownerID == actor.userID && actor.memberOf.contains(teamID))
                    ? .allow : .deny
            case .seller: return ownerID == actor.userID && actor.memberOf.contains(teamID) ? .allow : .deny
            }
        case .viewBoard(let teamID):
            return actor.role == .admin || actor.leadsTeam(teamID) || actor.memberOf.contains(teamID)
                ? .allow : .deny
        case .manageSalesProcess, .importDeals, .manageObstacleTaxonomy:
            return actor.role == .admin ? .allow : .deny
        case .manageTactics:
            return actor.role == .seller ? .deny : .allow
        case .coachDeal(let teamID), .viewTeamBlockers(let teamID), .featureStory(let teamID):
            return actor.role == .admin || actor.leadsTeam(teamID) ? .allow : .deny
        case .viewCoachingLog(let sellerID, let sellerTeams):
            return actor.userID == sellerID || actor.role == .admin || !actor.ledTeams.isDisjoint(with: sellerTeams)
                ? .allow : .deny
        case .readStory(let teamID, let visibility, let authorID):
            return StoryAudience(actor).includes(teamID: teamID, visibility: visibility, authorID: authorID)
                ? .allow : .deny
        case .publishBulletin(let teamIDs):
            switch actor.role {
            case .admin: return teamIDs.isEmpty ? .deny : .allow
            case .leader: return !teamIDs.isEmpty && teamIDs.isSubset(of: actor.ledTeams) ? .allow : .deny
            case .seller: return .deny
            }
        case .readBulletin(let teamIDs, let authorID):
            return BulletinAudience(actor).includes(teamIDs: teamIDs, authorID: authorID) ? .allow : .deny
        case .manageBulletin(let authorID, let teamIDs):
            if actor.role == .admin { return .allow }
            return actor.userID == authorID && decide(actor, .publishBulletin(teamIDs: teamIDs)) == .allow
                ? .allow : .deny
        case .viewBulletinCounts(let teamIDs, let authorID):
            return actor.userID == authorID || actor.role == .admin || !actor.ledTeams.isDisjoint(with: teamIDs)
                ? .allow : .deny
        case .runPulse(let teamID), .leadTeam(let teamID):
            return actor.role == .admin || actor.leadsTeam(teamID) ? .allow : .deny
        case .answerPulse(let teamID, let leaderID):
            return actor.memberOf.contains(teamID) && actor.userID != leaderID ? .allow : .deny
        case .viewPulseResults(let leaderID):
            return actor.userID == leaderID || actor.role == .admin ? .allow : .deny
        case .assessSelf:
            return actor.role == .seller ? .deny : .allow
        case .editStory(let teamID, let authorID):
            return actor.userID == authorID || actor.role == .admin || actor.leadsTeam(teamID) ? .allow : .deny
        }
    }

    public func allows(_ actor: Actor, _ action: Action) -> Bool {
        decide(actor, action) == .allow
    }

    /// Throws `AppError.forbidden` unless the actor may perform the action.
    public func authorize(_ actor: Actor, _ action: Action) throws(AppError) {
        guard allows(actor, action) else { throw .forbidden }
    }
}
