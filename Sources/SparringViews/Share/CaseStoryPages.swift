import Foundation
import Plot
import SparringDomain

/// `/cases/{id}`: one story in full, with its facts, who wrote it, and every earlier version.
public enum CaseStoryPage {
    public struct Model: Sendable {
        public var story: CaseStory
        public var categoryNames: [String]
        public var teamName: String
        public var people: [UUID: String]
        public var revisions: [CaseStoryRevision]
        public var canEdit: Bool
        public var canFeature: Bool
        /// The deal's title, when the reader may open the deal.
        public var dealTitle: String?

        public init(
            story: CaseStory, categoryNames: [String], teamName: String, people: [UUID: String],
            revisions: [CaseStoryRevision], canEdit: Bool, canFeature: Bool, dealTitle: String?
        ) {
            self.story = story
            self.categoryNames = categoryNames
            self.teamName = teamName
            self.people = people
            self.revisions = revisions
            self.canEdit = canEdit
            self.canFeature = canFeature
            self.dealTitle = dealTitle
        }
    }

    public typealias View = PageView<Model>

    /// The story's parts with their headings, in reading order.
    public static let sections: [(field: String, label: L10nKey)] = [
        ("situation", .storySituation), ("obstacles", .storyObstacles), ("options", .storyOptions),
        ("actions", .storyActions), ("result", .storyResult),
    ]
}

/// Publish a deal's case as a story (pre-filled from the case), or edit a story.
public enum CaseStoryFormPage {
    public struct Model: Sendable {
        public var deal: Deal?
        /// Nil when publishing.
        public var story: CaseStory?
        public var version: Int
        public var categories: [(id: UUID, name: String)]
        public var state: FormState
        /// After a conflict: the story as it is saved now.
        public var savedMeanwhile: CaseStory?

        public init(
            deal: Deal?, story: CaseStory?, version: Int, categories: [(id: UUID, name: String)], state: FormState,
            savedMeanwhile: CaseStory? = nil
        ) {
            self.deal = deal
            self.story = story
            self.version = version
            self.categories = categories
            self.state = state
            self.savedMeanwhile = savedMeanwhile
        }
    }

    public typealias View = PageView<Model>

    /// The form's values for a story's text and settings.
    public static func state(
        _ text: CaseStoryText, categoryIDs: [UUID], visibility: StoryVisibility, showCustomer: Bool, showAmount: Bool
    ) -> FormState {
        var values = ["title": text.title, "visibility": visibility.rawValue]
        for part in text.parts { values[part.field] = part.text }
        var show: Set<String> = []
        if showCustomer { show.insert("customer") }
        if showAmount { show.insert("amount") }
        return FormState(values: values, lists: ["categories": Set(categoryIDs.map(\.uuidString)), "show": show])
    }
}

extension PageView where Model == CaseStoryPage.Model {
    public func render() -> String {
        let t = context.t, story = model.story, format = context.format
        return Layout.render(context: context, title: story.text.title) {
            Tag("p") { Tag("a", [.attr("href", SiteRoute.cases.path)], text: "← " + t(.libraryTitle)) }
            Tag("h1") {
                Txt(story.text.title)
                if story.isFeatured { Tag("span", [.attr("class", "badge featured")], text: t(.storyFeatured)) }
            }
            Tag("dl", [.attr("class", "facts")]) {
                Tag("dt", text: t(.libraryOutcome))
                Tag("dd") {
                    Tag(
                        "span", [.attr("class", "badge outcome-" + story.outcome.rawValue)],
                        text: t(story.outcome.label))
                }
                Tag("dt", text: t(.libraryIndustry))
                Tag("dd", text: story.industry ?? "—")
                Tag("dt", text: t(.storySize))
                Tag("dd", text: t(story.sizeBand.label))
                if let customer = story.customerName {
                    Tag("dt", text: t(.storyCustomer))
                    Tag("dd", text: customer)
                }
                if let amount = story.amount {
                    Tag("dt", text: t(.storyAmount))
                    Tag("dd", text: format.money(minorUnits: amount.minor, currency: amount.currency))
                }
                Tag("dt", text: t(.libraryTeam))
                Tag("dd", text: model.teamName)
                Tag("dt", text: t(.libraryCategory))
                Tag("dd", text: model.categoryNames.isEmpty ? "—" : model.categoryNames.joined(separator: ", "))
                Tag("dt", text: t(.storyVisibility))
                Tag("dd", text: t(story.visibility.label))
                Tag("dt", text: t(.storyPublished))
                Tag(
                    "dd",
                    text: format.dateTime(story.publishedAt) + " · " + (model.people[story.authorID] ?? "—"))
                if let title = model.dealTitle {
                    Tag("dt", text: t(.coachingDeal))
                    Tag("dd") { Tag("a", [.attr("href", SiteRoute.deal(story.dealID).path)], text: title) }
                }
            }
            if model.canEdit || model.canFeature {
                Tag("div", [.attr("class", "actions")]) {
                    if model.canEdit {
                        Tag(
                            "a", [.attr("href", SiteRoute.caseStoryEdit(story.id).path), .attr("class", "button")],
                            text: t(.storyEdit))
                    }
                    if model.canFeature {
                        PostForm(context: context, action: .caseStoryFeature(story.id)) {
                            HiddenField(name: "featured", value: story.isFeatured ? "false" : "true")
                            Tag(
                                "button", [.attr("type", "submit"), .attr("class", "secondary")],
                                text: story.isFeatured ? t(.storyUnfeature) : t(.storyFeature))
                        }
                    }
                }
            }
            for section in CaseStoryPage.sections {
                let text = story.text.parts.first { $0.field == section.field }?.text ?? ""
                if !text.isEmpty {
                    Tag("section", [.attr("class", "story-part"), .attr("id", "story-" + section.field)]) {
                        Tag("h2", text: t(section.label))
                        Prose(text)
                    }
                }
            }
            if model.revisions.count > 1 {
                Tag("section", [.attr("id", "versions")]) {
                    Tag("h2", text: t(.storyVersions))
                    for revision in model.revisions {
                        Tag("details") {
                            Tag(
                                "summary",
                                text: t(
                                    .storyVersionLine,
                                    [
                                        "version": String(revision.version), "when": format.dateTime(revision.savedAt),
                                        "who": model.people[revision.savedBy] ?? "—",
                                    ]))
                            Tag("h3", text: revision.text.title)
                            for section in CaseStoryPage.sections {
                                let text = revision.text.parts.first { $0.field == section.field }?.text ?? ""
                                if !text.isEmpty {
                                    Tag("h4", text: t(section.label))
                                    Tag("div", [.attr("class", "prose")]) { Prose(text) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

extension PageView where Model == CaseStoryFormPage.Model {
    public func render() -> String {
        let t = context.t, state = model.state
        let title = model.story == nil ? t(.storyPublishTitle) : t(.storyEditTitle)
        let action: SiteRoute =
            model.story.map { .caseStoryEdit($0.id) } ?? .dealStory(model.deal?.id ?? UUID())
        let back = model.story.map { SiteRoute.caseStory($0.id).path } ?? SiteRoute.deal(model.deal?.id ?? UUID()).path
        var labels = ["title": t(.storyTitle), "deal": t(.coachingDeal), "categoryIDs": t(.libraryCategory)]
        for section in CaseStoryPage.sections { labels[section.field] = t(section.label) }
        return Layout.render(context: context, title: title) {
            if let deal = model.deal {
                Tag("p") { Tag("a", [.attr("href", back)], text: "← " + deal.title) }
            } else {
                Tag("p") { Tag("a", [.attr("href", back)], text: "← " + (model.story?.text.title ?? "")) }
            }
            Tag("h1", text: title)
            if model.story == nil { Tag("p", [.attr("class", "lead")], text: t(.storyPublishIntro)) }
            ErrorSummary(context: context, state: state, labels: labels)
            if let current = model.savedMeanwhile {
                Tag("div", [.attr("class", "conflict panel")]) {
                    Tag("p", text: t(.storySavedMeanwhile))
                    Tag("h2", text: current.text.title)
                    for section in CaseStoryPage.sections {
                        let text = current.text.parts.first { $0.field == section.field }?.text ?? ""
                        if !text.isEmpty {
                            Tag("h3", text: t(section.label))
                            Tag("div", [.attr("class", "prose")]) { Prose(text) }
                        }
                    }
                    Tag("p", [.attr("class", "hint")], text: t(.conflictKeepTyped))
                }
            }
            PostForm(context: context, action: action) {
                HiddenField(name: "version", value: String(model.version))
                TextInput(
                    context: context, name: "title", label: t(.storyTitle), value: state["title"],
                    error: state.error("title"))
                for section in CaseStoryPage.sections {
                    TextAreaInput(
                        context: context, name: section.field, label: t(section.label), value: state[section.field],
                        error: state.error(section.field))
                }
                CheckboxGroup(
                    context: context, name: "categories", legend: t(.libraryCategory),
                    options: model.categories.map { ($0.id.uuidString, $0.name) }, checked: state.list("categories"),
                    error: state.error("categoryIDs"))
                SelectInput(
                    context: context, name: "visibility", label: t(.storyVisibility),
                    options: StoryVisibility.allCases.map { ($0.rawValue, t($0.label)) },
                    selected: state["visibility"].isEmpty ? StoryVisibility.organisation.rawValue : state["visibility"])
                CheckboxGroup(
                    context: context, name: "show", legend: t(.storyShowLegend),
                    options: [("customer", t(.storyShowCustomer)), ("amount", t(.storyShowAmount))],
                    checked: state.list("show"))
                Tag("p", [.attr("class", "hint")], text: t(.storyHiddenHint))
                Tag("div", [.attr("class", "actions")]) {
                    Tag(
                        "button", [.attr("type", "submit"), .attr("class", "primary")],
                        text: model.story == nil ? t(.storyPublish) : t(.save))
                    Tag("a", [.attr("href", back)], text: t(.cancel))
                }
            }
        }
    }
}
