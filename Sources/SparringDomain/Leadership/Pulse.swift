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
        // Characters, and bytes too: a sealed ballot has one size for every answer (`payload`), and a
        // character can be many bytes.
        if let comment, comment.count > Self.maximumCommentLength || comment.utf8.count > Self.maximumCommentBytes {
            problems.append(FieldError("comment", .errorTooLong, ["max": String(Self.maximumCommentLength)]))
        }
        return problems
    }

    static let maximumCommentBytes = 4 * maximumCommentLength

    /// The answer as the bytes a sealed ballot holds: a format byte, the seven scores, the comment's
    /// length and its UTF-8, zeros to a fixed size. Every ballot has the same length, so the size of
    /// a sealed ballot cannot be matched with the length of a comment in the released results.
    public static let payloadSize = 4096

    public var payload: [UInt8] {
        var bytes: [UInt8] = [1]
        bytes += PulseStatement.allCases.map { UInt8(clamping: scores[$0] ?? 0) }
        let text = Array((comment?.trimmed ?? "").utf8.prefix(Self.maximumCommentBytes))
        bytes += [UInt8(text.count >> 8), UInt8(text.count & 0xFF)] + text
        return bytes + [UInt8](repeating: 0, count: Self.payloadSize - bytes.count)
    }

    /// The answer a ballot's bytes hold, or nil when they are not a ballot of this format.
    public init?(payload bytes: [UInt8]) {
        let count = PulseStatement.allCases.count
        guard bytes.count == Self.payloadSize, bytes[0] == 1 else { return nil }
        let length = Int(bytes[count + 1]) << 8 | Int(bytes[count + 2])
        guard length <= Self.maximumCommentBytes,
            let text = String(validating: bytes[(count + 3)..<(count + 3 + length)], as: UTF8.self)
        else { return nil }
        var scores: [PulseStatement: Int] = [:]
        for (index, statement) in PulseStatement.allCases.enumerated() { scores[statement] = Int(bytes[1 + index]) }
        self.init(scores: scores, comment: text.isEmpty ? nil : text)
    }
}

/// Who may answer a round, fixed when it opens: the team's members then, except the leader rated.
/// Someone added to the team after that cannot answer, and results need answers from people who were in
/// the team well before the round: an administrator who adds four accounts and answers with them could
/// otherwise subtract their answers from the results and read the one seller's left.
public struct PulseEligibility: Sendable, Equatable {
    /// How long before the round opened someone must have been in the team for their answer to count
    /// towards the minimum. A month: longer than any round stays open in practice, and short enough for a
    /// new seller to be heard in the next quarter's round.
    public static let settledAfter: TimeInterval = 30 * 86_400

    /// People who may answer.
    public var mayAnswer: Int
    /// Of them, those who joined the team in the `settledAfter` before the round opened.
    public var joinedRecently: Int

    public init(mayAnswer: Int, joinedRecently: Int) {
        self.mayAnswer = mayAnswer
        self.joinedRecently = joinedRecently
    }

    /// Whether a member who joined at `joinedAt` (nil: before Sparring kept the date) counts as settled
    /// in a round opened at `openedAt`.
    public static func isSettled(joinedAt: Date?, openedAt: Date) -> Bool {
        guard let joinedAt else { return true }
        return joinedAt <= openedAt.addingTimeInterval(-settledAfter)
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

    /// The results, or nil while the round is open, when fewer than `minimumAnswers` answered, or when
    /// fewer than `minimumAnswers` of those who answered were in the team well before the round
    /// (`settledAnswers`, `PulseEligibility`). Comments are shuffled with a generator seeded by `seed`
    /// (the round's), so they keep one order across views and none that follows the order of answering.
    public static func release(
        isClosed: Bool, submissions: [PulseSubmission], settledAnswers: Int, seed: UInt64
    ) -> PulseResults? {
        guard isClosed, submissions.count >= minimumAnswers, settledAnswers >= minimumAnswers else { return nil }
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
