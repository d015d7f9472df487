import Foundation

/// A calendar quarter named `2026-Q4`: the period of a leader's self-assessment (the board's `Quarter`
/// carries instants in a time zone; this is only the name, as stored and posted).
public struct AssessmentQuarter: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var year: Int
    public var number: Int

    public init?(year: Int, number: Int) {
        guard (1...4).contains(number), (2000...9999).contains(year) else { return nil }
        self.year = year
        self.number = number
    }

    /// Parses `2026-Q4`; nil for anything else.
    public init?(_ text: String) {
        let parts = text.split(separator: "-")
        guard parts.count == 2, parts[1].count == 2, parts[1].first == "Q", let year = Int(parts[0]),
            let number = Int(parts[1].dropFirst())
        else { return nil }
        self.init(year: year, number: number)
    }

    /// The quarter a civil date falls in.
    public init(year: Int, month: Int) {
        self.year = year
        self.number = (month - 1) / 3 + 1
    }

    public var description: String { "\(year)-Q\(number)" }

    public static func < (a: AssessmentQuarter, b: AssessmentQuarter) -> Bool {
        (a.year, a.number) < (b.year, b.number)
    }
}

/// What a leader rates themself on: the four behaviours, innovation in its three steps (design §1).
/// The sellers' pulse rates the same behaviours, so the two sit side by side per behaviour.
public enum SelfStatement: String, CaseIterable, Sendable, Codable {
    case knowsEnough, knowsTheProcess
    case helpsWhenStuck, coachesOnRealCases
    case resourcesWhereTheyMatter
    case investigates, createsOptions, sharesWhatWorks

    public var behaviour: LeaderBehaviour {
        switch self {
        case .knowsEnough, .knowsTheProcess: .selling
        case .helpsWhenStuck, .coachesOnRealCases: .coaching
        case .resourcesWhereTheyMatter: .allocation
        case .investigates, .createsOptions, .sharesWhatWorks: .innovation
        }
    }

    public var text: L10nKey {
        switch self {
        case .knowsEnough: .selfKnowsEnough
        case .knowsTheProcess: .selfKnowsTheProcess
        case .helpsWhenStuck: .selfHelpsWhenStuck
        case .coachesOnRealCases: .selfCoachesOnRealCases
        case .resourcesWhereTheyMatter: .selfResourcesWhereTheyMatter
        case .investigates: .selfInvestigates
        case .createsOptions: .selfCreatesOptions
        case .sharesWhatWorks: .selfSharesWhatWorks
        }
    }
}

/// The questions the best leaders ask themselves, answered in the leader's own words.
public enum ReflectionQuestion: String, CaseIterable, Sendable, Codable {
    case goodLeader, helpSucceed, doWhatTheBestDo, bringInnovation

    public var text: L10nKey {
        switch self {
        case .goodLeader: .reflectGoodLeader
        case .helpSucceed: .reflectHelpSucceed
        case .doWhatTheBestDo: .reflectDoWhatTheBestDo
        case .bringInnovation: .reflectBringInnovation
        }
    }
}

/// One leader's self-assessment for one quarter: a 1–5 rating per statement and the reflections.
public struct SelfAssessment: Sendable, Equatable {
    public var quarter: AssessmentQuarter
    public var scores: [SelfStatement: Int]
    public var reflections: [ReflectionQuestion: String]
    public var updatedAt: Date
    public var version: Int

    public init(
        quarter: AssessmentQuarter, scores: [SelfStatement: Int], reflections: [ReflectionQuestion: String],
        updatedAt: Date,
        version: Int
    ) {
        self.quarter = quarter
        self.scores = scores
        self.reflections = reflections
        self.updatedAt = updatedAt
        self.version = version
    }

    public static let maximumReflectionLength = 4000

    /// Every statement rated 1–5; reflections optional, each at most `maximumReflectionLength`.
    public static func problems(
        scores: [SelfStatement: Int], reflections: [ReflectionQuestion: String]
    )
        -> [FieldError]
    {
        var problems: [FieldError] = []
        for statement in SelfStatement.allCases {
            guard let score = scores[statement] else {
                problems.append(FieldError(statement.rawValue, .errorRequired))
                continue
            }
            if !(1...5).contains(score) { problems.append(FieldError(statement.rawValue, .errorChoice)) }
        }
        for question in ReflectionQuestion.allCases
        where (reflections[question] ?? "").count > maximumReflectionLength {
            problems.append(FieldError(question.rawValue, .errorTooLong, ["max": String(maximumReflectionLength)]))
        }
        return problems
    }

    /// The mean rating per behaviour.
    public var behaviours: [LeaderBehaviour: Double] {
        var result: [LeaderBehaviour: Double] = [:]
        for behaviour in LeaderBehaviour.allCases {
            let values = SelfStatement.allCases.filter { $0.behaviour == behaviour }.compactMap { scores[$0] }
            if !values.isEmpty { result[behaviour] = Double(values.reduce(0, +)) / Double(values.count) }
        }
        return result
    }
}
