import Foundation
import SparringDomain
import SparringStorage
import SparringViews
import Vapor

/// What a self-assessment or a pulse answer posts, page form and API alike: a rating per statement
/// (by its name) and free text.
enum LeadershipInput {
    /// Ratings by statement; a missing or non-numeric rating is left out, so the domain names it.
    static func scores<S: RawRepresentable & CaseIterable & Hashable>(
        _ type: S.Type, from values: [String: String]
    ) -> [S: Int] where S.RawValue == String {
        var scores: [S: Int] = [:]
        for statement in S.allCases {
            if let value = values[statement.rawValue].flatMap({ Int($0.trimmed) }) { scores[statement] = value }
        }
        return scores
    }

    /// A pool as posted, with every field's problem at once (a missing team too, when creating).
    static func pool(
        teamID: UUID??, name: String?, kind: String?, unit: String?, period: String?, capacity: Int?
    ) throws -> ResourcePoolDefinition {
        let knownKind = ResourceKind(rawValue: kind ?? ""), knownPeriod = ResourcePeriod(rawValue: period ?? "")
        let definition = ResourcePoolDefinition(
            name: name ?? "", kind: knownKind ?? .presales, unit: unit ?? "", period: knownPeriod ?? .week,
            capacity: capacity ?? 0)
        var errors: [FieldError] = []
        if case .some(.none) = teamID { errors.append(FieldError("teamID", .errorRequired)) }
        if knownKind == nil { errors.append(FieldError("kind", .errorChoice)) }
        if knownPeriod == nil { errors.append(FieldError("period", .errorChoice)) }
        errors += definition.problems()
        guard errors.isEmpty else { throw AppError.validation(errors) }
        return definition
    }

    static func reflections(from values: [String: String]) -> [ReflectionQuestion: String] {
        var result: [ReflectionQuestion: String] = [:]
        for question in ReflectionQuestion.allCases {
            if let text = values[question.rawValue]?.trimmed, !text.isEmpty { result[question] = text }
        }
        return result
    }
}

extension Request {
    /// The teams the person leads (every team for an admin): those whose resources they allocate,
    /// whose outcomes they see, and to which they may send bulletins.
    func ledTeams() async throws -> [(id: UUID, name: String)] {
        let actor = try signedIn().actor
        return try await tenant().teams.names().filter { Policy().allows(actor, .leadTeam($0.id)) }
    }

    /// The `team` parameter (default: the first team led), which the person must lead.
    func ledTeam(_ raw: String?) async throws -> UUID? {
        let teams = try await ledTeams()
        guard let raw, !raw.isEmpty else { return teams.first?.id }
        guard let id = UUID(uuidString: raw) else { throw AppError.badRequest(.errorInvalidID, field: "team") }
        guard teams.contains(where: { $0.id == id }) else {
            // Another organisation's team, or one the person does not lead: not found, as for a deal.
            throw AppError.notFound
        }
        return id
    }

    /// The quarter it is now in the organisation's time zone: the one a leader assesses.
    var currentQuarter: AssessmentQuarter {
        let today = Day(now, in: context.timeZone)
        return AssessmentQuarter(year: today.year, month: today.month)
    }

    /// A pulse round as the signed-in person may see it: 404 unless they may answer it, run it or see
    /// its results.
    func visiblePulseRound(_ id: UUID) async throws -> PulseRoundItem {
        let round = try await tenant().pulse.round(id)
        guard let item = try await pulseItems([round]).first else { throw AppError.notFound }
        return item
    }

    /// The rounds with what the viewer may do with each; rounds they may do nothing with are left out.
    func pulseItems(_ rounds: [PulseRound]) async throws -> [PulseRoundItem] {
        let identity = try signedIn()
        let actor = identity.actor
        let tenant = try tenant()
        let teams = Dictionary(uniqueKeysWithValues: try await tenant.teams.names().map { ($0.id, $0.name) })
        let leaders = try await tenant.users.names(of: Array(Set(rounds.map(\.leaderID))))
        let answered = try await tenant.pulse.answered(rounds.map(\.id), userID: actor.userID)
        // Who may answer was fixed when the round opened: joining the team later does not make one.
        let eligible = try await tenant.pulse.eligible(rounds.map(\.id), userID: actor.userID)
        var items: [PulseRoundItem] = []
        for round in rounds {
            let canAnswer =
                Policy().allows(actor, .answerPulse(teamID: round.teamID, leaderID: round.leaderID))
                && eligible.contains(round.id)
            let isMember = actor.memberOf.contains(round.teamID)
            let canRun = Policy().allows(actor, .runPulse(teamID: round.teamID))
            let canSee = Policy().allows(actor, .viewPulseResults(leaderID: round.leaderID))
            guard canAnswer || canRun || canSee || isMember else { continue }
            items.append(
                PulseRoundItem(
                    round: round, teamName: teams[round.teamID] ?? "—", leaderName: leaders[round.leaderID] ?? "—",
                    canAnswer: canAnswer,
                    hasAnswered: canAnswer && answered.contains(round.id),
                    canRun: canRun, canSeeResults: canSee, isMember: isMember))
        }
        return items
    }

    /// The rounds the viewer has anything to do with: their teams' (as member or leader), those about
    /// them, and for an admin every team's.
    func pulseRounds() async throws -> [PulseRound] {
        let actor = try signedIn().actor
        let teams =
            actor.role == .admin
            ? Set(try await tenant().teams.names().map(\.id)) : actor.memberOf.union(actor.leads)
        return try await tenant().pulse.rounds(teamIDs: teams, leaderID: actor.userID)
    }

    /// The leader's released rounds, oldest first, for the trend and the side-by-side view.
    func releasedRounds(of leaderID: UUID) async throws -> [ReleasedRound] {
        let tenant = try tenant()
        let teams = Dictionary(uniqueKeysWithValues: try await tenant.teams.names().map { ($0.id, $0.name) })
        var released: [ReleasedRound] = []
        for round in try await tenant.pulse.rounds(teamIDs: [], leaderID: leaderID, limit: 12).reversed()
        where round.isClosed {
            if let results = try await tenant.pulse.results(round) {
                released.append(ReleasedRound(round: round, teamName: teams[round.teamID] ?? "—", results: results))
            }
        }
        return released
    }
}
