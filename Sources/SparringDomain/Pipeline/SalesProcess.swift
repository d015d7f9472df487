import Foundation

/// What a stage means for a deal in it.
public enum StageKind: String, CaseIterable, Sendable, Codable {
    case open, won, lost
}

/// A stage as a sales process defines it, before it is stored.
public struct StageDefinition: Sendable, Equatable {
    public var key: String
    public var nameNB: String
    public var nameEN: String
    /// Win probability in percent, 0–100.
    public var probability: Int
    /// How long a deal is expected to stay, used for stuck detection until there is history.
    public var expectedDays: Int?
    public var kind: StageKind

    public init(key: String, nameNB: String, nameEN: String, probability: Int, expectedDays: Int?, kind: StageKind) {
        self.key = key
        self.nameNB = nameNB
        self.nameEN = nameEN
        self.probability = probability
        self.expectedDays = expectedDays
        self.kind = kind
    }

    public func name(_ locale: AppLocale) -> String { locale == .nb ? nameNB : nameEN }
}

/// The sales process every new organisation starts with: a common B2B pipeline that admins then edit.
public enum DefaultSalesProcess {
    public static let pipelineNameNB = "Nysalg"
    public static let pipelineNameEN = "New business"

    public static let stages: [StageDefinition] = [
        StageDefinition(
            key: "qualify", nameNB: "Kvalifisering", nameEN: "Qualification", probability: 10,
            expectedDays: 14, kind: .open),
        StageDefinition(
            key: "needs", nameNB: "Behovsanalyse", nameEN: "Needs analysis", probability: 25,
            expectedDays: 21, kind: .open),
        StageDefinition(
            key: "proposal", nameNB: "Tilbud", nameEN: "Proposal", probability: 50,
            expectedDays: 21, kind: .open),
        StageDefinition(
            key: "negotiation", nameNB: "Forhandling", nameEN: "Negotiation", probability: 75,
            expectedDays: 14, kind: .open),
        StageDefinition(key: "won", nameNB: "Vunnet", nameEN: "Won", probability: 100, expectedDays: nil, kind: .won),
        StageDefinition(key: "lost", nameNB: "Tapt", nameEN: "Lost", probability: 0, expectedDays: nil, kind: .lost),
    ]

    /// Checks a process: names in both languages, probabilities 0–100, open stages before the end
    /// stages, and exactly one won and one lost stage.
    public static func problems(_ stages: [StageDefinition]) -> [L10nKey] {
        var problems: [L10nKey] = []
        if stages.contains(where: { $0.nameNB.isEmpty || $0.nameEN.isEmpty }) { problems.append(.errorRequired) }
        if stages.contains(where: { !(0...100).contains($0.probability) }) { problems.append(.stageProbabilityRange) }
        if stages.filter({ $0.kind == .won }).count != 1 || stages.filter({ $0.kind == .lost }).count != 1 {
            problems.append(.stageNeedsWonAndLost)
        }
        if !stages.contains(where: { $0.kind == .open }) { problems.append(.stageNeedsOpen) }
        return problems
    }
}
