import Foundation
import SparringDomain
import SparringStorage
import SparringViews
import Vapor

struct MoneyDTO: Content {
    var minor: Int64
    var currency: String
}

struct StoryDTO: Content {
    var id: UUID
    var version: Int
    var dealID: UUID
    var teamID: UUID
    var authorID: UUID
    var title: String
    var situation: String
    var obstacles: String
    var options: String
    var actions: String
    var result: String
    var categoryIDs: [UUID]
    var industry: String?
    var sizeBand: String
    var outcome: String
    var visibility: String
    /// Absent when the author hid it.
    var customerName: String?
    /// Absent when the author hid it.
    var amount: MoneyDTO?
    var featured: Bool
    var publishedAt: Date
    var updatedAt: Date

    init(_ story: CaseStory) {
        id = story.id
        version = story.version
        dealID = story.dealID
        teamID = story.teamID
        authorID = story.authorID
        title = story.text.title
        situation = story.text.situation
        obstacles = story.text.obstacles
        options = story.text.options
        actions = story.text.actions
        result = story.text.result
        categoryIDs = story.categoryIDs
        industry = story.industry
        sizeBand = story.sizeBand.rawValue
        outcome = story.outcome.rawValue
        visibility = story.visibility.rawValue
        customerName = story.customerName
        amount = story.amount.map { MoneyDTO(minor: $0.minor, currency: $0.currency) }
        featured = story.isFeatured
        publishedAt = story.publishedAt
        updatedAt = story.updatedAt
    }
}

/// A passage with the matched words flagged.
struct SnippetPartDTO: Content {
    var text: String
    var match: Bool

    static func all(_ parts: [Snippet.Part]) -> [SnippetPartDTO] {
        parts.map { SnippetPartDTO(text: $0.text, match: $0.isMatch) }
    }
}

struct StoryHitDTO: Content {
    var story: StoryDTO
    var snippet: [SnippetPartDTO]
}

struct DealHitDTO: Content {
    var dealID: UUID
    var title: String
    var snippet: [SnippetPartDTO]
}

struct LibraryDTO: Content {
    var query: String
    var page: Int
    var nextPage: Int?
    var featured: [StoryHitDTO]
    var stories: [StoryHitDTO]
    var deals: [DealHitDTO]
}

struct StoryDetailDTO: Content {
    var story: StoryDTO
    var revisions: [RevisionDTO]

    struct RevisionDTO: Content {
        var version: Int
        var title: String
        var savedBy: UUID
        var savedAt: Date
    }
}

struct SimilarReasonDTO: Content {
    /// `sharedObstacles`, `similarWords`, `sameIndustry` or `sameSize`.
    var kind: String
    var categoryIDs: [UUID]?
    var words: [String]?
    var industry: String?
    var sizeBand: String?
    /// The reason as a sentence in the caller's language.
    var text: String
}

struct SimilarStoryDTO: Content {
    var story: StoryDTO
    var score: Double
    var reasons: [SimilarReasonDTO]
}

struct ObstacleTacticsDTO: Content {
    var categoryID: UUID
    var category: String
    var tactics: [TacticEvidenceLineDTO]
}

struct TacticEvidenceLineDTO: Content {
    var tacticID: UUID
    var name: String
    var evidence: TacticEvidenceDTO
}

struct SimilarCasesDTO: Content {
    var dealID: UUID
    var stories: [SimilarStoryDTO]
    /// What beat the deal's obstacles before: tactics per obstacle category, with their evidence.
    var tactics: [ObstacleTacticsDTO]
}

/// `/api/v1/cases…` and `/api/v1/deals/{id}/similar-cases`: the case library with the same rules as
/// its pages (`readStory`, `editStory`, `featureStory`, `workOnDeal` to publish).
struct StoriesAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.api(.cases), use: search)
        routes.post(.api(.cases), use: publish)
        routes.get(.api(.caseStory(UUID())), use: show)
        routes.on(.PATCH, SiteRoute.api(.caseStory(UUID())).pathComponents, use: patch)
        routes.post(.api(.caseStoryFeature(UUID())), use: feature)
        routes.get(.api(.dealSimilarCases(UUID())), use: similar)
    }

    func search(req: Request) async throws -> Response {
        let request = try LibraryRequest(req)
        let result = try await req.library(request)
        func hit(_ item: CaseLibraryPage.Item) -> StoryHitDTO {
            StoryHitDTO(story: StoryDTO(item.story), snippet: SnippetPartDTO.all(item.snippet))
        }
        return try json(
            LibraryDTO(
                query: request.query, page: request.page,
                nextPage: result.hasNextPage ? request.page + 1 : nil, featured: result.featured.map(hit),
                stories: result.stories.map(hit),
                deals: result.deals.map {
                    DealHitDTO(dealID: $0.dealID, title: $0.title, snippet: SnippetPartDTO.all($0.snippet))
                }))
    }

    struct StoryBody: Content {
        var dealID: UUID?
        var version: Int?
        var title: String?
        var situation: String?
        var obstacles: String?
        var options: String?
        var actions: String?
        var result: String?
        var categoryIDs: [UUID]?
        var visibility: String?
        var showCustomer: Bool?
        var showAmount: Bool?

        var text: CaseStoryText {
            ShareInput.story(
                title: title, situation: situation, obstacles: obstacles, options: options, actions: actions,
                result: result)
        }

        func settings() throws -> CaseStorySettings {
            try ShareInput.settings(
                categoryIDs: categoryIDs ?? [], visibility: visibility, showCustomer: showCustomer ?? false,
                showAmount: showAmount ?? false)
        }
    }

    func publish(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let body = try req.decodeJSON(StoryBody.self)
        guard let dealID = body.dealID else { throw AppError.invalid("dealID", .errorRequired) }
        let deal = try await req.visibleDeal(dealID)
        let story = try await req.tenant().stories.publish(
            dealID: deal.id, text: body.text, settings: try body.settings(),
            locale: req.context.locale, by: identity.user.id, at: req.now)
        return try json(StoryDTO(story), status: .created)
    }

    func show(req: Request) async throws -> Response {
        let story = try await req.readableStory(try req.id("storyID"))
        let revisions = try await req.tenant().stories.revisions(story.id)
        return try json(
            StoryDetailDTO(
                story: StoryDTO(story),
                revisions: revisions.map {
                    .init(version: $0.version, title: $0.text.title, savedBy: $0.savedBy, savedAt: $0.savedAt)
                }))
    }

    /// Saves the whole story as sent (every text field; omitted ones are empty) at `version`.
    func patch(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let story = try await req.readableStory(try req.id("storyID"))
        try req.authorize(.editStory(teamID: story.teamID, authorID: story.authorID))
        let body = try req.decodeJSON(StoryBody.self)
        guard let version = body.version else { throw AppError.invalid("version", .errorRequired) }
        let stories = try req.tenant().stories
        do {
            try await stories.edit(
                story.id, expectedVersion: version, text: body.text, settings: try body.settings(),
                locale: req.context.locale, by: identity.user.id, at: req.now)
        } catch AppError.conflict {
            return try conflictResponse(req, StoryDTO(try await stories.story(story.id)))
        }
        return try json(StoryDTO(try await stories.story(story.id)))
    }

    struct FeatureBody: Content {
        var featured: Bool?
    }

    func feature(req: Request) async throws -> Response {
        let story = try await req.readableStory(try req.id("storyID"))
        try req.authorize(.featureStory(teamID: story.teamID))
        let body = try req.decodeJSON(FeatureBody.self)
        guard let featured = body.featured else { throw AppError.invalid("featured", .errorRequired) }
        let stories = try req.tenant().stories
        try await stories.setFeatured(story.id, featured, at: req.now)
        return try json(StoryDTO(try await stories.story(story.id)))
    }

    func similar(req: Request) async throws -> Response {
        let deal = try await req.visibleDeal(try req.id("dealID"))
        let similar = try await req.similarCases(deal)
        let t = req.t
        return try json(
            SimilarCasesDTO(
                dealID: deal.id,
                stories: similar.stories.map { item in
                    SimilarStoryDTO(
                        story: StoryDTO(item.story), score: item.match.score,
                        reasons: item.match.reasons.map { reason in
                            let text = SimilarCasesSection.sentence(reason, categories: similar.categoryNames, t)
                            switch reason {
                            case .sharedObstacles(let ids):
                                return SimilarReasonDTO(kind: "sharedObstacles", categoryIDs: ids, text: text)
                            case .similarWords(let words):
                                return SimilarReasonDTO(kind: "similarWords", words: words, text: text)
                            case .sameIndustry(let industry):
                                return SimilarReasonDTO(kind: "sameIndustry", industry: industry, text: text)
                            case .sameSize(let band):
                                return SimilarReasonDTO(kind: "sameSize", sizeBand: band.rawValue, text: text)
                            }
                        })
                },
                tactics: similar.tactics.map { group in
                    ObstacleTacticsDTO(
                        categoryID: group.categoryID, category: similar.categoryNames[group.categoryID] ?? "",
                        tactics: group.tactics.map {
                            TacticEvidenceLineDTO(
                                tacticID: $0.tactic.id, name: $0.tactic.name, evidence: TacticEvidenceDTO($0.evidence))
                        })
                }))
    }
}
