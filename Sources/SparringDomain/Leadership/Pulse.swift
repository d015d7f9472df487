import Foundation

/// The four things the best sales leaders do (design §1), which the leader's self-assessment and the
/// sellers' pulse both rate.
public enum LeaderBehaviour: String, CaseIterable, Sendable, Codable {
    case selling, coaching, allocation, innovation

    public var label: L10nKey {
        switch self {
        case .selling: .behaviourSelling
        case .coaching: .behaviourCoaching
        case .allocation: .behaviourAllocation
        case .innovation: .behaviourInnovation
        }
    }
}

/// A statement about the leader that a seller rates from 1 (disagree) to 5 (agree).
public enum PulseStatement: String, CaseIterable, Sendable, Codable {
    case knowsEnough, knowsTheProcess
    case helpsWhenStuck, coachesOnRealCases
    case resourcesWhereTheyMatter
    case bringsNewWays, sharesWhatWorks

    public var behaviour: LeaderBehaviour {
        switch self {
        case .knowsEnough, .knowsTheProcess: .selling
        case .helpsWhenStuck, .coachesOnRealCases: .coaching
        case .resourcesWhereTheyMatter: .allocation
        case .bringsNewWays, .sharesWhatWorks: .innovation
        }
    }

    public var text: L10nKey {
        switch self {
        case .knowsEnough: .pulseKnowsEnough
        case .knowsTheProcess: .pulseKnowsTheProcess
        case .helpsWhenStuck: .pulseHelpsWhenStuck
        case .coachesOnRealCases: .pulseCoachesOnRealCases
        case .resourcesWhereTheyMatter: .pulseResourcesWhereTheyMatter
        case .bringsNewWays: .pulseBringsNewWays
        case .sharesWhatWorks: .pulseSharesWhatWorks
        }
    }
}

/// One seller's answers in a round. It holds no trace of who gave it: the one-answer-per-person rule
/// is kept apart from the answers (design §1, principle 2).
public struct PulseSubmission: Sendable, Equatable {
    public var scores: [PulseStatement: Int]
    public var comment: String?

    public init(scores: [PulseStatement: Int], comment: String?) {
        self.scores = scores
        self.comment = comment
    }

    public static let maximumCommentLength = 1000

    /// Every statement rated 1–5; the comment is optional.
    public func problems() -> [FieldError] {
        var problems: [FieldError] = []
        for statement in PulseStatement.allCases {
            guard let score = scores[statement] else {
                problems.append(FieldError(statement.rawValue, .errorRequired))
                continue
            }
            if !(1...5).contains(score) { problems.append(FieldError(statement.rawValue, .errorChoice)) }
        }
        if let comment, comment.count > Self.maximumCommentLength {
            problems.append(FieldError("comment", .errorTooLong, ["max": String(Self.maximumCommentLength)]))
        }
        return problems
    }
}

/// What a closed round shows: the mean per statement and per behaviour, and the comments without
/// authors in an order unrelated to when they came.
public struct PulseResults: Sendable, Equatable {
    public var answers: Int
    public var statements: [PulseStatement: Double]
    public var behaviours: [LeaderBehaviour: Double]
    public var comments: [String]

    /// Fewer answers than this and nothing is shown: with four, a leader who knows three of them can
    /// work out the fourth.
    public static let minimumAnswers = 5

    /// The results, or nil while the round is open or when fewer than `minimumAnswers` answered.
    /// Comments are shuffled with a generator seeded by `seed` (the round's), so they keep one order
    /// across views and none that follows the order of answering.
    public static func release(isClosed: Bool, submissions: [PulseSubmission], seed: UInt64) -> PulseResults? {
        guard isClosed, submissions.count >= minimumAnswers else { return nil }
        var statements: [PulseStatement: Double] = [:]
        for statement in PulseStatement.allCases {
            let scores = submissions.compactMap { $0.scores[statement] }
            if !scores.isEmpty { statements[statement] = Double(scores.reduce(0, +)) / Double(scores.count) }
        }
        var behaviours: [LeaderBehaviour: Double] = [:]
        for behaviour in LeaderBehaviour.allCases {
            let scores = submissions.flatMap { submission in
                PulseStatement.allCases.filter { $0.behaviour == behaviour }.compactMap { submission.scores[$0] }
            }
            if !scores.isEmpty { behaviours[behaviour] = Double(scores.reduce(0, +)) / Double(scores.count) }
        }
        var random = SeededGenerator(seed: seed)
        let comments = submissions.compactMap { $0.comment?.trimmed }.filter { !$0.isEmpty }.sorted()
            .shuffled(using: &random)
        return PulseResults(
            answers: submissions.count, statements: statements, behaviours: behaviours, comments: comments)
    }
}

/// A pulse round: a team's sellers rate one of its leaders until the round is closed.
public struct PulseRound: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var teamID: UUID
    /// The leader the sellers rate.
    public var leaderID: UUID
    public var openedBy: UUID
    public var openedAt: Date
    public var closedAt: Date?
    /// Orders the comments (`PulseResults.release`); drawn at random when the round opens.
    public var seed: UInt64
    public var version: Int

    public init(
        id: UUID, teamID: UUID, leaderID: UUID, openedBy: UUID, openedAt: Date, closedAt: Date?, seed: UInt64,
        version: Int
    ) {
        self.id = id
        self.teamID = teamID
        self.leaderID = leaderID
        self.openedBy = openedBy
        self.openedAt = openedAt
        self.closedAt = closedAt
        self.seed = seed
        self.version = version
    }

    public var isClosed: Bool { closedAt != nil }
}
