import Foundation
import Plot
import SparringDomain

/// `/cases`: the case library. Without a query, featured stories and the newest; with one, the stories
/// that match, most relevant first, with the matched words marked, and the cases of deals the reader
/// may see. Filters by obstacle category, industry, outcome and team; numbered pages.
public enum CaseLibraryPage {
    public struct Model: Sendable {
        public var query: String
        public var filter: Filter
        public var categories: [(id: UUID, name: String)]
        public var industries: [String]
        public var teams: [(id: UUID, name: String)]
        public var featured: [Item]
        public var stories: [Item]
        public var deals: [DealItem]
        public var page: Int
        public var hasNextPage: Bool

        public init(
            query: String, filter: Filter, categories: [(id: UUID, name: String)], industries: [String],
            teams: [(id: UUID, name: String)], featured: [Item], stories: [Item], deals: [DealItem], page: Int,
            hasNextPage: Bool
        ) {
            self.query = query
            self.filter = filter
            self.categories = categories
            self.industries = industries
            self.teams = teams
            self.featured = featured
            self.stories = stories
            self.deals = deals
            self.page = page
            self.hasNextPage = hasNextPage
        }

        /// The address of another page of the same search.
        public func path(page: Int) -> String {
            var items: [(String, String)] = []
            if !query.isEmpty { items.append(("q", query)) }
            items += filter.queryItems
            if page > 1 { items.append(("page", String(page))) }
            return SiteRoute.cases.path + SiteRoute.query(items)
        }
    }

    /// The filters as typed (ids and values as strings, "" for any).
    public struct Filter: Sendable, Equatable {
        public var category: String
        public var industry: String
        public var outcome: String
        public var team: String

        public init(category: String = "", industry: String = "", outcome: String = "", team: String = "") {
            self.category = category
            self.industry = industry
            self.outcome = outcome
            self.team = team
        }

        var queryItems: [(String, String)] {
            [("category", category), ("industry", industry), ("outcome", outcome), ("team", team)]
                .filter { !$0.1.isEmpty }
        }
    }

    /// A story in a list: its snippet (matched words marked) and names to show.
    public struct Item: Sendable {
        public var story: CaseStory
        public var snippet: [Snippet.Part]
        public var categoryNames: [String]
        public var teamName: String

        public init(story: CaseStory, snippet: [Snippet.Part], categoryNames: [String], teamName: String) {
            self.story = story
            self.snippet = snippet
            self.categoryNames = categoryNames
            self.teamName = teamName
        }
    }

    /// A deal whose case matched the search.
    public struct DealItem: Sendable {
        public var dealID: UUID
        public var title: String
        public var snippet: [Snippet.Part]

        public init(dealID: UUID, title: String, snippet: [Snippet.Part]) {
            self.dealID = dealID
            self.title = title
            self.snippet = snippet
        }
    }

    public typealias View = PageView<Model>
}

/// A passage with the matched words in `<mark>`.
struct SnippetText: Component {
    let parts: [Snippet.Part]

    var body: Component {
        Tag("p", [.attr("class", "snippet")]) {
            for part in parts {
                if part.isMatch { Tag("mark", text: part.text) } else { Txt(part.text) }
            }
        }
    }
}

/// One story in a list: title, facts and the snippet.
struct StoryCard: Component {
    let context: PageContext
    let item: CaseLibraryPage.Item

    var body: Component {
        let t = context.t, story = item.story
        return Tag("li", [.attr("class", "story-card")]) {
            Tag("h3") {
                Tag("a", [.attr("href", SiteRoute.caseStory(story.id).path)], text: story.text.title)
                if story.isFeatured { Tag("span", [.attr("class", "badge featured")], text: t(.storyFeatured)) }
            }
            Tag("p", [.attr("class", "story-facts")]) {
                Tag("span", [.attr("class", "badge outcome-" + story.outcome.rawValue)], text: t(story.outcome.label))
                Txt(" " + StoryFacts.line(story, teamName: item.teamName, categoryNames: item.categoryNames, t))
            }
            SnippetText(parts: item.snippet)
        }
    }
}

/// The facts line of a story: industry, size, customer and amount when shown, team, obstacles.
enum StoryFacts {
    static func line(_ story: CaseStory, teamName: String, categoryNames: [String], _ t: Localizer) -> String {
        var facts: [String] = []
        if let customer = story.customerName { facts.append(customer) }
        if let industry = story.industry { facts.append(industry) }
        facts.append(t(story.sizeBand.label))
        facts.append(teamName)
        if !categoryNames.isEmpty { facts.append(categoryNames.joined(separator: ", ")) }
        return facts.joined(separator: " · ")
    }
}

extension PageView where Model == CaseLibraryPage.Model {
    public func render() -> String {
        let t = context.t, filter = model.filter
        let searching = !model.query.trimmed.isEmpty
        return Layout.render(context: context, title: t(.libraryTitle)) {
            Tag("h1", text: t(.libraryTitle))
            Tag("p", [.attr("class", "lead")], text: t(.libraryIntro))
            Tag(
                "form",
                [
                    .attr("method", "get"), .attr("action", SiteRoute.cases.path), .attr("class", "filters"),
                    .attr("role", "search"),
                ]
            ) {
                Tag("div", [.attr("class", "field search-field")]) {
                    Tag("label", [.attr("for", "field-q")], text: t(.librarySearchLabel))
                    VoidTag(
                        "input",
                        [
                            .attr("type", "search"), .attr("id", "field-q"), .attr("name", "q"),
                            .attr("value", model.query), .attr("placeholder", t(.librarySearchPlaceholder)),
                        ])
                }
                SelectInput(
                    context: context, name: "category", label: t(.libraryCategory),
                    options: [("", t(.libraryAny))] + model.categories.map { ($0.id.uuidString, $0.name) },
                    selected: filter.category)
                SelectInput(
                    context: context, name: "industry", label: t(.libraryIndustry),
                    options: [("", t(.libraryAny))] + model.industries.map { ($0, $0) }, selected: filter.industry)
                SelectInput(
                    context: context, name: "outcome", label: t(.libraryOutcome),
                    options: [("", t(.libraryAny))] + StoryOutcome.allCases.map { ($0.rawValue, t($0.label)) },
                    selected: filter.outcome)
                SelectInput(
                    context: context, name: "team", label: t(.libraryTeam),
                    options: [("", t(.libraryAny))] + model.teams.map { ($0.id.uuidString, $0.name) },
                    selected: filter.team)
                Tag("div", [.attr("class", "actions")]) {
                    Tag("button", [.attr("type", "submit"), .attr("class", "primary")], text: t(.librarySearch))
                }
            }
            if !model.featured.isEmpty {
                Tag("section", [.attr("id", "featured")]) {
                    Tag("h2", text: t(.libraryFeatured))
                    Tag("ul", [.attr("class", "story-list")]) {
                        for item in model.featured { StoryCard(context: context, item: item) }
                    }
                }
            }
            Tag("section", [.attr("id", "stories")]) {
                Tag("h2", text: searching ? t(.libraryResults, ["query": model.query]) : t(.libraryNewest))
                if model.stories.isEmpty {
                    Tag("p", [.attr("class", "empty")], text: searching ? t(.libraryNoMatches) : t(.libraryEmpty))
                } else {
                    Tag("ul", [.attr("class", "story-list")]) {
                        for item in model.stories { StoryCard(context: context, item: item) }
                    }
                }
                if model.page > 1 || model.hasNextPage {
                    Tag("nav", [.attr("class", "pagination"), .attr("aria-label", t(.pagination))]) {
                        if model.page > 1 {
                            Tag(
                                "a", [.attr("href", model.path(page: model.page - 1)), .attr("rel", "prev")],
                                text: "« " + t(.previousPage))
                        }
                        Tag("span", text: t(.pageNumber, ["page": String(model.page)]))
                        if model.hasNextPage {
                            Tag(
                                "a", [.attr("href", model.path(page: model.page + 1)), .attr("rel", "next")],
                                text: t(.nextPage) + " »")
                        }
                    }
                }
            }
            if !model.deals.isEmpty {
                Tag("section", [.attr("id", "deal-matches")]) {
                    Tag("h2", text: t(.libraryDealMatches))
                    Tag("p", [.attr("class", "hint")], text: t(.libraryDealMatchesHint))
                    Tag("ul", [.attr("class", "story-list")]) {
                        for deal in model.deals {
                            Tag("li", [.attr("class", "story-card")]) {
                                Tag("h3") {
                                    Tag("a", [.attr("href", SiteRoute.dealCase(deal.dealID).path)], text: deal.title)
                                }
                                SnippetText(parts: deal.snippet)
                            }
                        }
                    }
                }
            }
        }
    }
}
