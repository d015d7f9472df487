import Foundation

/// Where a sparring session stands. A seller asks (`requested`); the leader gives suggestions and,
/// with at least two, opens the discussion (`ready`); they agree on a plan (`agreed`); the seller says
/// whether they leave with a solution (`closed`). A seller may withdraw a request nobody has agreed on.
public enum SessionState: String, CaseIterable, Sendable, Codable {
    case requested
    case ready
    case agreed
    case closed
    case withdrawn

    /// Still asking something of somebody: in the leader's queue or under discussion.
    public var isOpen: Bool { self == .requested || self == .ready || self == .agreed }

    public var label: L10nKey {
        switch self {
        case .requested: .sessionStateRequested
        case .ready: .sessionStateReady
        case .agreed: .sessionStateAgreed
        case .closed: .sessionStateClosed
        case .withdrawn: .sessionStateWithdrawn
        }
    }
}

/// "I leave with a solution I can use": the seller's word on a session, the measure of the leader's help.
public enum Verdict: String, CaseIterable, Sendable, Codable {
    case yes
    case partly
    case no

    public var label: L10nKey {
        switch self {
        case .yes: .verdictYes
        case .partly: .verdictPartly
        case .no: .verdictNo
        }
    }
}

/// What the two agreed at the end of the discussion: the plan, whose next step it is, and when they
/// follow up.
public struct Agreement: Sendable, Equatable {
    public var planID: UUID
    public var ownerID: UUID
    public var nextStep: String
    public var followUpOn: Day

    public init(planID: UUID, ownerID: UUID, nextStep: String, followUpOn: Day) {
        self.planID = planID
        self.ownerID = ownerID
        self.nextStep = nextStep
        self.followUpOn = followUpOn
    }
}

/// A seller's request for sparring on one deal and everything that came of it.
public struct SparringSession: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var dealID: UUID
    public var teamID: UUID
    public var requesterID: UUID
    /// The leader who took it up: the first to give a suggestion.
    public var coachID: UUID?
    /// What the seller wants help with, in their words.
    public var question: String
    /// The case as it stood when asked (stuck reasons, obstacles, answers, what was tried), pre-filled
    /// from the deal and editable by the seller.
    public var context: String
    public var state: SessionState
    /// The deal's stage when sparring was asked for: "moved on" means it left this stage.
    public var stageIDAtRequest: UUID
    public var requestedAt: Date
    public var readyAt: Date?
    public var agreedAt: Date?
    public var closedAt: Date?
    public var agreement: Agreement?
    public var verdict: Verdict?
    public var verdictNote: String?
    public var version: Int

    public init(
        id: UUID, dealID: UUID, teamID: UUID, requesterID: UUID, coachID: UUID?, question: String, context: String,
        state: SessionState, stageIDAtRequest: UUID, requestedAt: Date, readyAt: Date? = nil, agreedAt: Date? = nil,
        closedAt: Date? = nil, agreement: Agreement? = nil, verdict: Verdict? = nil, verdictNote: String? = nil,
        version: Int
    ) {
        self.id = id
        self.dealID = dealID
        self.teamID = teamID
        self.requesterID = requesterID
        self.coachID = coachID
        self.question = question
        self.context = context
        self.state = state
        self.stageIDAtRequest = stageIDAtRequest
        self.requestedAt = requestedAt
        self.readyAt = readyAt
        self.agreedAt = agreedAt
        self.closedAt = closedAt
        self.agreement = agreement
        self.verdict = verdict
        self.verdictNote = verdictNote
        self.version = version
    }
}

/// One of the leader's suggestions: a possible way forward, which can become a plan on the case.
public struct Suggestion: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var sessionID: UUID
    public var authorID: UUID
    public var title: String
    public var detail: String
    /// The plan made from it, once it is one.
    public var planID: UUID?
    public var createdAt: Date
    public var editedAt: Date?
    public var version: Int

    public init(
        id: UUID, sessionID: UUID, authorID: UUID, title: String, detail: String, planID: UUID?, createdAt: Date,
        editedAt: Date?, version: Int
    ) {
        self.id = id
        self.sessionID = sessionID
        self.authorID = authorID
        self.title = title
        self.detail = detail
        self.planID = planID
        self.createdAt = createdAt
        self.editedAt = editedAt
        self.version = version
    }
}

/// A message in a session's discussion; a reply names the message it answers.
public struct SparringMessage: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var sessionID: UUID
    public var authorID: UUID
    public var replyToID: UUID?
    public var text: String
    public var createdAt: Date
    /// Set when the author changed the text after posting: the thread says so.
    public var editedAt: Date?
    public var version: Int

    public init(
        id: UUID, sessionID: UUID, authorID: UUID, replyToID: UUID?, text: String, createdAt: Date, editedAt: Date?,
        version: Int
    ) {
        self.id = id
        self.sessionID = sessionID
        self.authorID = authorID
        self.replyToID = replyToID
        self.text = text
        self.createdAt = createdAt
        self.editedAt = editedAt
        self.version = version
    }
}

/// A date on which somebody follows up what was agreed.
public struct FollowUp: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var dealID: UUID
    /// The agreement it came from, if any.
    public var sessionID: UUID?
    /// The chosen plan whose next step it is (every follow-up since plans became one chosen at a time).
    public var planID: UUID?
    /// Whose next step it is.
    public var ownerID: UUID
    /// The leader who follows up with them.
    public var coachID: UUID?
    public var what: String
    public var dueOn: Day
    public var doneAt: Date?
    public var version: Int

    public init(
        id: UUID, dealID: UUID, sessionID: UUID?, planID: UUID? = nil, ownerID: UUID, coachID: UUID?, what: String,
        dueOn: Day, doneAt: Date?, version: Int
    ) {
        self.id = id
        self.dealID = dealID
        self.sessionID = sessionID
        self.planID = planID
        self.ownerID = ownerID
        self.coachID = coachID
        self.what = what
        self.dueOn = dueOn
        self.doneAt = doneAt
        self.version = version
    }

    public enum Status: String, Sendable, CaseIterable {
        case overdue, due, upcoming, done
    }

    /// Overdue after its day, due on it, upcoming before; done once marked done.
    public func status(today: Day) -> Status {
        if doneAt != nil { return .done }
        if dueOn < today { return .overdue }
        return dueOn == today ? .due : .upcoming
    }
}

/// The rules of a session, as pure functions: which step may follow which, and who may take it.
public enum SparringFlow {
    /// A sparring partner gives several suggestions: one is an instruction, two are a choice.
    public static let minimumSuggestions = 2
    public static let maximumQuestionLength = 1000
    public static let maximumContextLength = 8000
    public static let maximumTextLength = 4000

    /// The leader opens the discussion once there are enough suggestions.
    public static func checkReady(_ session: SparringSession, suggestions: Int) throws(AppError) {
        guard session.state == .requested else { throw .invalid("state", .sessionWrongState) }
        guard suggestions >= minimumSuggestions else {
            throw .invalid("suggestions", .sessionNeedsSuggestions, ["count": String(minimumSuggestions)])
        }
    }

    /// Suggestions come while the session is asked for or discussed; not after the agreement.
    public static func checkSuggest(_ session: SparringSession) throws(AppError) {
        guard session.state == .requested || session.state == .ready else {
            throw .invalid("state", .sessionWrongState)
        }
    }

    /// The discussion stays open until the seller's verdict closes the session.
    public static func checkMessage(_ session: SparringSession) throws(AppError) {
        guard session.state.isOpen else { throw .invalid("state", .sessionWrongState) }
    }

    /// Agreeing needs the discussion opened (so the seller saw the choices).
    public static func checkAgree(_ session: SparringSession) throws(AppError) {
        guard session.state == .ready else { throw .invalid("state", .sessionWrongState) }
    }

    /// Only the seller who asked says whether they leave with a solution, after the agreement.
    public static func checkVerdict(_ session: SparringSession, by userID: UUID) throws(AppError) {
        guard session.requesterID == userID else { throw .forbidden }
        guard session.state == .agreed else { throw .invalid("verdict", .sessionWrongState) }
    }

    public static func checkWithdraw(_ session: SparringSession, by userID: UUID) throws(AppError) {
        guard session.requesterID == userID else { throw .forbidden }
        guard session.state == .requested || session.state == .ready else {
            throw .invalid("state", .sessionWrongState)
        }
    }
}

/// What happened to a deal after sparring: the outcome a coaching log is measured on.
public enum SessionOutcome: String, CaseIterable, Sendable, Codable {
    case won
    case lost
    /// Still open but out of the stage it was stuck in, and not stuck now.
    case movedOn
    case stillStuck
    /// Still open in the same stage and not flagged: too early to say.
    case open

    public static func of(
        status: DealStatus, stageID: UUID, stageAtRequest: UUID, isStuckNow: Bool
    ) -> SessionOutcome {
        switch status {
        case .won: return .won
        case .lost: return .lost
        default:
            if isStuckNow { return .stillStuck }
            return stageID != stageAtRequest ? .movedOn : .open
        }
    }

    public var label: L10nKey {
        switch self {
        case .won: .outcomeWon
        case .lost: .outcomeLost
        case .movedOn: .outcomeMovedOn
        case .stillStuck: .outcomeStillStuck
        case .open: .outcomeOpen
        }
    }
}

/// The order of a leader's sparring queue: value at risk (amount in the base currency × the stage's
/// win probability) grown by waiting time, so a large deal comes first but a small one is not left
/// waiting for ever: each week in the queue adds the value once more (a request a week old counts
/// double). Ties go to the one that has waited longer.
public enum SparringQueue {
    public static func valueAtRisk(amountMinor: Int64, probability: Int) -> Int64 {
        amountMinor / 100 * Int64(max(0, min(100, probability)))
    }

    public static func priority(valueAtRisk: Int64, waitingSince: Date, now: Date) -> Double {
        let weeks = max(0, now.timeIntervalSince(waitingSince)) / (7 * 86_400)
        return Double(valueAtRisk) * (1 + weeks)
    }

    public static func ordered<T>(
        _ items: [T], valueAtRisk: (T) -> Int64, waitingSince: (T) -> Date, now: Date
    ) -> [T] {
        items.map {
            (item: $0, score: priority(valueAtRisk: valueAtRisk($0), waitingSince: waitingSince($0), now: now))
        }
        .sorted { a, b in
            a.score != b.score ? a.score > b.score : waitingSince(a.item) < waitingSince(b.item)
        }.map(\.item)
    }
}

/// The pre-filled text of a sparring request: what a leader needs to know before suggesting anything,
/// in the seller's language. The seller can change it before sending.
public enum SparringBrief {
    public static func compose(
        stuckReasons: [String], obstacles: [(category: String, detail: String)],
        answers: [(question: String, text: String)], tried: [(what: String, result: String)], _ t: Localizer
    ) -> String {
        var sections: [String] = []
        func section(_ title: L10nKey, _ lines: [String]) {
            guard !lines.isEmpty else { return }
            sections.append(t(title) + "\n" + lines.map { "- " + $0 }.joined(separator: "\n"))
        }
        section(.briefStuck, stuckReasons)
        section(.briefObstacles, obstacles.map { $0.detail.isEmpty ? $0.category : "\($0.category): \($0.detail)" })
        section(.briefAnswers, answers.map { "\($0.question) \($0.text)" })
        section(.briefTried, tried.map { "\($0.what) (\($0.result))" })
        return String(sections.joined(separator: "\n\n").prefix(SparringFlow.maximumContextLength))
    }
}

/// What a notification in the app is about.
public enum NotificationKind: String, CaseIterable, Sendable, Codable {
    /// A seller asked for sparring (to the team's leaders).
    case requested
    /// The leader gave a suggestion (to the seller).
    case suggestion
    /// The leader opened the discussion (to the seller).
    case ready
    /// A message or reply in the discussion (to the other side).
    case message
    /// A plan was agreed (to the other side).
    case agreed
    /// The seller gave a verdict (to the leader).
    case verdict
    /// A follow-up is due today or overdue: made when read, never stored.
    case followUpDue
    /// Somebody invited the person into a deal's case as a guest contributor.
    case guestInvited

    public var label: L10nKey {
        switch self {
        case .requested: .notifyRequested
        case .suggestion: .notifySuggestion
        case .ready: .notifyReady
        case .message: .notifyMessage
        case .agreed: .notifyAgreed
        case .verdict: .notifyVerdict
        case .followUpDue: .notifyFollowUpDue
        case .guestInvited: .notifyGuestInvited
        }
    }
}

/// One line in a person's notifications.
public struct AppNotification: Sendable, Equatable, Identifiable {
    public var id: UUID
    public var kind: NotificationKind
    public var sessionID: UUID?
    public var dealID: UUID?
    public var dealTitle: String
    public var actorName: String
    public var at: Date
    public var isRead: Bool

    public init(
        id: UUID, kind: NotificationKind, sessionID: UUID?, dealID: UUID?, dealTitle: String, actorName: String,
        at: Date, isRead: Bool
    ) {
        self.id = id
        self.kind = kind
        self.sessionID = sessionID
        self.dealID = dealID
        self.dealTitle = dealTitle
        self.actorName = actorName
        self.at = at
        self.isRead = isRead
    }
}
