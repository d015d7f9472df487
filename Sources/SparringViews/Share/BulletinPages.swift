import Foundation
import Plot
import SparringDomain

/// A bulletin as lists and pages show it.
public struct BulletinItem: Sendable {
    public var bulletin: Bulletin
    public var authorName: String
    public var teamNames: [String]
    /// The reader's own mark.
    public var reaction: BulletinReaction?
    /// The counts, for those who may see them (author, the teams' leaders, admins).
    public var tally: BulletinTally?
    /// Linked deals the reader may open.
    public var deals: [(id: UUID, title: String)]
    /// Linked deals the reader may not open: only their number is shown.
    public var otherDeals: Int

    public init(
        bulletin: Bulletin, authorName: String, teamNames: [String], reaction: BulletinReaction?,
        tally: BulletinTally?, deals: [(id: UUID, title: String)], otherDeals: Int
    ) {
        self.bulletin = bulletin
        self.authorName = authorName
        self.teamNames = teamNames
        self.reaction = reaction
        self.tally = tally
        self.deals = deals
        self.otherDeals = otherDeals
    }
}

/// `/bulletins`: the news meant for me, newest first, each markable useful or not relevant.
public enum BulletinFeedPage {
    public struct Model: Sendable {
        public var items: [BulletinItem]
        public var canWrite: Bool
        public var page: Int
        public var hasNextPage: Bool

        public init(items: [BulletinItem], canWrite: Bool, page: Int, hasNextPage: Bool) {
            self.items = items
            self.canWrite = canWrite
            self.page = page
            self.hasNextPage = hasNextPage
        }
    }

    public typealias View = PageView<Model>
}

/// `/bulletins/{id}`: one bulletin; for its author, the deals Sparring suggests linking.
public enum BulletinPage {
    public struct Model: Sendable {
        public var item: BulletinItem
        public var canManage: Bool
        public var suggestions: [BulletinDealSuggestion]
        public var state: FormState

        public init(item: BulletinItem, canManage: Bool, suggestions: [BulletinDealSuggestion], state: FormState) {
            self.item = item
            self.canManage = canManage
            self.suggestions = suggestions
            self.state = state
        }
    }

    public typealias View = PageView<Model>
}

/// Write or edit a bulletin.
public enum BulletinFormPage {
    public struct Model: Sendable {
        public var bulletin: Bulletin?
        public var version: Int
        /// The teams the writer may send to.
        public var teams: [(id: UUID, name: String)]
        public var state: FormState
        public var savedMeanwhile: Bulletin?

        public init(
            bulletin: Bulletin?, version: Int, teams: [(id: UUID, name: String)], state: FormState,
            savedMeanwhile: Bulletin? = nil
        ) {
            self.bulletin = bulletin
            self.version = version
            self.teams = teams
            self.state = state
            self.savedMeanwhile = savedMeanwhile
        }
    }

    public typealias View = PageView<Model>

    public static func state(_ bulletin: Bulletin) -> FormState {
        FormState(
            values: [
                "title": bulletin.text.title, "text": bulletin.text.text, "source": bulletin.text.source,
                "why": bulletin.text.why,
            ], lists: ["teams": Set(bulletin.teamIDs.map(\.uuidString))])
    }
}

/// A bulletin in the feed or on its page.
struct BulletinCard: Component {
    let context: PageContext
    let item: BulletinItem
    /// On the feed the title links to the bulletin's page.
    let linked: Bool

    var body: Component {
        let t = context.t, bulletin = item.bulletin
        return Tag("article", [.attr("class", "bulletin panel"), .attr("id", "bulletin-" + bulletin.id.uuidString)]) {
            if linked {
                Tag("h2") {
                    Tag("a", [.attr("href", SiteRoute.bulletin(bulletin.id).path)], text: bulletin.text.title)
                }
            } else {
                Tag("h1", text: bulletin.text.title)
            }
            Tag(
                "p", [.attr("class", "hint")],
                text: t(
                    .bulletinByline,
                    [
                        "who": item.authorName, "when": context.format.date(bulletin.publishedAt),
                        "teams": item.teamNames.joined(separator: ", "),
                    ]))
            Tag("div", [.attr("class", "why")]) {
                Tag("strong", text: t(.bulletinWhy) + ": ")
                Txt(bulletin.text.why)
            }
            Prose(bulletin.text.text)
            if !bulletin.text.source.isEmpty {
                Tag("p", [.attr("class", "hint")], text: t(.bulletinSource) + ": " + bulletin.text.source)
            }
            if !item.deals.isEmpty || item.otherDeals > 0 {
                Tag("p", [.attr("class", "linked-deals")]) {
                    Txt(t(.bulletinAffects) + ": ")
                    for (index, deal) in item.deals.enumerated() {
                        if index > 0 { Txt(", ") }
                        Tag("a", [.attr("href", SiteRoute.deal(deal.id).path)], text: deal.title)
                    }
                    if item.otherDeals > 0 {
                        Txt(
                            (item.deals.isEmpty ? "" : ", ")
                                + t(.bulletinOtherDeals, ["count": String(item.otherDeals)]))
                    }
                }
            }
            Tag("div", [.attr("class", "actions reactions")]) {
                for reaction in BulletinReaction.allCases {
                    PostForm(context: context, action: .bulletinReaction(bulletin.id)) {
                        HiddenField(name: "from", value: linked ? "feed" : "page")
                        // Pressing the chosen mark again takes it back.
                        Tag(
                            "button",
                            [
                                .attr("type", "submit"),
                                .attr("class", item.reaction == reaction ? "primary" : "secondary"),
                                .attr("aria-pressed", item.reaction == reaction ? "true" : "false"),
                                .attr("name", "reaction"),
                                .attr("value", item.reaction == reaction ? "none" : reaction.rawValue),
                            ], text: t(reaction.label))
                    }
                }
                if let tally = item.tally {
                    Tag(
                        "span", [.attr("class", "tally")],
                        text: t(
                            .bulletinTally, ["useful": String(tally.useful), "notRelevant": String(tally.notRelevant)]))
                }
            }
        }
    }
}

extension PageView where Model == BulletinFeedPage.Model {
    public func render() -> String {
        let t = context.t
        return Layout.render(context: context, title: t(.bulletinsTitle)) {
            if model.canWrite {
                ListHeader(
                    title: t(.bulletinsTitle), intro: t(.bulletinsIntro), newLabel: t(.bulletinNew),
                    newRoute: .bulletinNew)
            } else {
                Tag("h1", text: t(.bulletinsTitle))
                Tag("p", [.attr("class", "lead")], text: t(.bulletinsIntro))
            }
            if model.items.isEmpty { Tag("p", [.attr("class", "empty")], text: t(.bulletinsNone)) }
            for item in model.items { BulletinCard(context: context, item: item, linked: true) }
            if model.page > 1 || model.hasNextPage {
                Tag("nav", [.attr("class", "pagination"), .attr("aria-label", t(.pagination))]) {
                    if model.page > 1 {
                        Tag(
                            "a",
                            [
                                .attr(
                                    "href",
                                    SiteRoute.bulletins.path + SiteRoute.query([("page", String(model.page - 1))])),
                                .attr("rel", "prev"),
                            ], text: "« " + t(.previousPage))
                    }
                    if model.hasNextPage {
                        Tag(
                            "a",
                            [
                                .attr(
                                    "href",
                                    SiteRoute.bulletins.path + SiteRoute.query([("page", String(model.page + 1))])),
                                .attr("rel", "next"),
                            ], text: t(.nextPage) + " »")
                    }
                }
            }
        }
    }
}

extension PageView where Model == BulletinPage.Model {
    public func render() -> String {
        let t = context.t, bulletin = model.item.bulletin
        return Layout.render(context: context, title: bulletin.text.title) {
            Tag("p") { Tag("a", [.attr("href", SiteRoute.bulletins.path)], text: "← " + t(.bulletinsTitle)) }
            ErrorSummary(context: context, state: model.state, labels: ["dealIDs": t(.bulletinAffects)])
            BulletinCard(context: context, item: model.item, linked: false)
            if model.canManage {
                Tag("div", [.attr("class", "actions")]) {
                    Tag(
                        "a", [.attr("class", "button"), .attr("href", SiteRoute.bulletinEdit(bulletin.id).path)],
                        text: t(.edit))
                }
                Tag("section", [.attr("id", "suggested-deals"), .attr("class", "panel")]) {
                    Tag("h2", text: t(.bulletinSuggestedHeading))
                    Tag("p", [.attr("class", "hint")], text: t(.bulletinSuggestedHint))
                    if model.suggestions.isEmpty {
                        Tag("p", [.attr("class", "empty")], text: t(.bulletinNoSuggestions))
                    } else {
                        PostForm(context: context, action: .bulletinDeals(bulletin.id)) {
                            Tag("fieldset", [.attr("class", "field checkboxes")]) {
                                Tag("legend", text: t(.bulletinSuggestedLegend))
                                for (index, suggestion) in model.suggestions.enumerated() {
                                    Tag("div", [.attr("class", "checkbox")]) {
                                        VoidTag(
                                            "input",
                                            [
                                                .attr("type", "checkbox"), .attr("id", "deal-\(index)"),
                                                .attr("name", "dealIDs[]"),
                                                .attr("value", suggestion.dealID.uuidString),
                                            ])
                                        Tag(
                                            "label", [.attr("for", "deal-\(index)")],
                                            text: suggestion.title + " — " + reasons(suggestion))
                                    }
                                }
                            }
                            Tag(
                                "button", [.attr("type", "submit"), .attr("class", "primary")],
                                text: t(.bulletinLinkDeals))
                        }
                    }
                }
                if !model.item.deals.isEmpty {
                    Tag("section", [.attr("id", "linked-deals")]) {
                        Tag("h2", text: t(.bulletinAffects))
                        Tag("ul") {
                            for deal in model.item.deals {
                                Tag("li") {
                                    Tag("a", [.attr("href", SiteRoute.deal(deal.id).path)], text: deal.title)
                                    PostForm(context: context, action: .bulletinDeals(bulletin.id)) {
                                        HiddenField(name: "remove", value: deal.id.uuidString)
                                        Tag(
                                            "button", [.attr("type", "submit"), .attr("class", "link")],
                                            text: t(.bulletinUnlink))
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    func reasons(_ suggestion: BulletinDealSuggestion) -> String {
        let t = context.t
        var reasons: [String] = []
        if let industry = suggestion.industry { reasons.append(t(.similarIndustry, ["industry": industry])) }
        if suggestion.caseMatches { reasons.append(t(.bulletinCaseMatches)) }
        return reasons.joined(separator: "; ")
    }
}

extension PageView where Model == BulletinFormPage.Model {
    public func render() -> String {
        let t = context.t, state = model.state
        let title = model.bulletin == nil ? t(.bulletinNew) : t(.bulletinEditTitle)
        let labels = [
            "title": t(.bulletinTitleField), "text": t(.bulletinText), "source": t(.bulletinSource),
            "why": t(.bulletinWhy), "teamIDs": t(.bulletinTeams), "version": t(.bulletinEditTitle),
        ]
        return Layout.render(context: context, title: title) {
            Tag("p") { Tag("a", [.attr("href", SiteRoute.bulletins.path)], text: "← " + t(.bulletinsTitle)) }
            Tag("h1", text: title)
            ErrorSummary(context: context, state: state, labels: labels)
            if let current = model.savedMeanwhile {
                Tag("div", [.attr("class", "conflict panel")]) {
                    Tag("p", text: t(.bulletinSavedMeanwhile))
                    Tag("h2", text: current.text.title)
                    Tag("div", [.attr("class", "prose")]) { Prose(current.text.why + "\n\n" + current.text.text) }
                    Tag("p", [.attr("class", "hint")], text: t(.conflictKeepTyped))
                }
            }
            PostForm(context: context, action: model.bulletin.map { .bulletinEdit($0.id) } ?? .bulletins) {
                HiddenField(name: "version", value: String(model.version))
                TextInput(
                    context: context, name: "title", label: t(.bulletinTitleField), value: state["title"],
                    error: state.error("title"))
                TextAreaInput(
                    context: context, name: "why", label: t(.bulletinWhy), value: state["why"],
                    hint: t(.bulletinWhyHint), error: state.error("why"))
                TextAreaInput(
                    context: context, name: "text", label: t(.bulletinText), value: state["text"],
                    error: state.error("text"))
                TextInput(
                    context: context, name: "source", label: t(.bulletinSource), value: state["source"],
                    required: false, error: state.error("source"))
                CheckboxGroup(
                    context: context, name: "teams", legend: t(.bulletinTeams),
                    options: model.teams.map { ($0.id.uuidString, $0.name) }, checked: state.list("teams"),
                    error: state.error("teamIDs"))
                Tag("div", [.attr("class", "actions")]) {
                    Tag(
                        "button", [.attr("type", "submit"), .attr("class", "primary")],
                        text: model.bulletin == nil ? t(.bulletinSend) : t(.save))
                    Tag("a", [.attr("href", SiteRoute.bulletins.path)], text: t(.cancel))
                }
            }
        }
    }
}
