import Foundation
import Plot
import SparringDomain

/// On an open deal: the five most similar case stories with why each was chosen, and beside them the
/// tactics that beat the deal's obstacles before, with their evidence.
public enum SimilarCasesSection {
    public struct Model: Sendable {
        public var stories: [Item]
        public var tactics: [ObstacleTactics]
        public var categoryNames: [UUID: String]

        public init(stories: [Item], tactics: [ObstacleTactics], categoryNames: [UUID: String]) {
            self.stories = stories
            self.tactics = tactics
            self.categoryNames = categoryNames
        }
    }

    public struct Item: Sendable {
        public var story: CaseStory
        public var match: SimilarCases.Match

        public init(story: CaseStory, match: SimilarCases.Match) {
            self.story = story
            self.match = match
        }
    }

    /// The tactics aimed at one of the deal's obstacle categories, best evidence first.
    public struct ObstacleTactics: Sendable {
        public var categoryID: UUID
        public var tactics: [(tactic: Tactic, evidence: TacticEvidence)]

        public init(categoryID: UUID, tactics: [(tactic: Tactic, evidence: TacticEvidence)]) {
            self.categoryID = categoryID
            self.tactics = tactics
        }
    }

    /// Why a story was chosen, as a sentence.
    public static func sentence(_ reason: SimilarCases.Reason, categories: [UUID: String], _ t: Localizer) -> String {
        switch reason {
        case .sharedObstacles(let ids):
            t(.similarSharedObstacles, ["obstacles": ids.compactMap { categories[$0] }.joined(separator: ", ")])
        case .similarWords(let words): t(.similarWords, ["words": words.joined(separator: ", ")])
        case .sameIndustry(let industry): t(.similarIndustry, ["industry": industry])
        case .sameSize(let band): t(.similarSize, ["size": t(band.label).lowercased()])
        }
    }
}

/// The section on the deal page.
public struct SimilarCasesView: Component {
    let context: PageContext
    let model: SimilarCasesSection.Model

    public init(context: PageContext, model: SimilarCasesSection.Model) {
        self.context = context
        self.model = model
    }

    public var body: Component {
        let t = context.t
        return Tag("section", [.attr("id", "similar-cases"), .attr("class", "with-aside")]) {
            Tag("div") {
                Tag("h2", text: t(.similarHeading))
                if model.stories.isEmpty {
                    Tag("p", [.attr("class", "empty")], text: t(.similarNone))
                } else {
                    Tag("ol", [.attr("class", "story-list")]) {
                        for item in model.stories {
                            Tag("li", [.attr("class", "story-card")]) {
                                Tag("h3") {
                                    Tag(
                                        "a", [.attr("href", SiteRoute.caseStory(item.story.id).path)],
                                        text: item.story.text.title)
                                }
                                Tag("p", [.attr("class", "story-facts")]) {
                                    Tag(
                                        "span", [.attr("class", "badge outcome-" + item.story.outcome.rawValue)],
                                        text: t(item.story.outcome.label))
                                }
                                Tag("ul", [.attr("class", "reasons")]) {
                                    for reason in item.match.reasons {
                                        Tag(
                                            "li",
                                            text: SimilarCasesSection.sentence(
                                                reason, categories: model.categoryNames, t))
                                    }
                                }
                            }
                        }
                    }
                }
            }
            Tag("aside", [.attr("class", "prompts"), .attr("id", "what-beat")]) {
                Tag("h2", text: t(.similarWhatBeat))
                if model.tactics.isEmpty {
                    Tag("p", [.attr("class", "empty")], text: t(.similarNoObstacles))
                }
                for group in model.tactics {
                    Tag("h3", text: model.categoryNames[group.categoryID] ?? "")
                    if group.tactics.isEmpty {
                        Tag("p", [.attr("class", "hint")], text: t(.similarNoTactics))
                    } else {
                        Tag("ul") {
                            for line in group.tactics {
                                Tag("li") {
                                    Tag(
                                        "a", [.attr("href", SiteRoute.tactic(line.tactic.id).path)],
                                        text: line.tactic.name)
                                    Txt(" — " + evidenceText(line.evidence))
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    func evidenceText(_ evidence: TacticEvidence) -> String {
        let t = context.t, format = context.format
        guard evidence.isShown, let with = evidence.applied.rate, let without = evidence.notApplied.rate else {
            return t(.similarTooFewDeals, ["deals": String(evidence.applied.deals)])
        }
        return t(
            .similarEvidence,
            [
                "with": format.percent(with), "without": format.percent(without),
                "deals": String(evidence.applied.deals),
            ])
    }
}
