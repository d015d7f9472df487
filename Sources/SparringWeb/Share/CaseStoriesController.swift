import Foundation
import SparringDomain
import SparringStorage
import SparringViews
import Vapor

/// The case library (Share): search and browse stories, read one, publish a deal's case as a story,
/// edit it, feature it.
struct CaseStoriesController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get(.cases, use: library)
        routes.get(.caseStory(UUID()), use: show)
        routes.get(.caseStoryEdit(UUID()), use: edit)
        routes.post(.caseStoryEdit(UUID()), use: update)
        routes.post(.caseStoryFeature(UUID()), use: feature)
        routes.get(.dealStory(UUID()), use: draft)
        routes.post(.dealStory(UUID()), use: publish)
    }

    func library(req: Request) async throws -> Response {
        let request = try LibraryRequest(req)
        let result = try await req.library(request)
        let tenant = try req.tenant()
        let model = CaseLibraryPage.Model(
            query: request.query, filter: request.typed,
            categories: try await tenant.taxonomy.categories().map { ($0.id, $0.name(req.context.locale)) },
            industries: try await tenant.stories.industries(), teams: try await tenant.teams.names(),
            featured: result.featured, stories: result.stories, deals: result.deals, page: request.page,
            hasNextPage: result.hasNextPage)
        return htmlResponse(CaseLibraryPage.View(model: model, context: try await req.pageContext()).render())
    }

    func show(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let story = try await req.readableStory(try req.id("storyID"))
        let tenant = try req.tenant()
        let revisions = try await tenant.stories.revisions(story.id)
        let deal = try? await tenant.deals.find(story.dealID)
        let mayOpenDeal = deal.map {
            Policy().allows(identity.actor, .workOnDeal(ownerID: $0.ownerID, teamID: $0.teamID))
        }
        let categories = try await req.categoryNames()
        let model = CaseStoryPage.Model(
            story: story, categoryNames: story.categoryIDs.compactMap { categories[$0] },
            teamName: try await tenant.teams.find(story.teamID).name,
            people: try await tenant.users.names(of: [story.authorID] + revisions.map(\.savedBy)), revisions: revisions,
            canEdit: Policy().allows(identity.actor, .editStory(teamID: story.teamID, authorID: story.authorID)),
            canFeature: Policy().allows(identity.actor, .featureStory(teamID: story.teamID)),
            dealTitle: mayOpenDeal == true ? deal?.title : nil)
        return htmlResponse(CaseStoryPage.View(model: model, context: try await req.pageContext()).render())
    }

    /// The story form as posted.
    struct StoryForm: Content {
        var version: Int?
        var title: String?
        var situation: String?
        var obstacles: String?
        var options: String?
        var actions: String?
        var result: String?
        var categories: [String]?
        var visibility: String?
        var show: [String]?

        var text: CaseStoryText {
            ShareInput.story(
                title: title, situation: situation, obstacles: obstacles, options: options, actions: actions,
                result: result)
        }

        func settings() throws -> CaseStorySettings {
            let show = Set(show ?? [])
            return try ShareInput.settings(
                categoryIDs: (categories ?? []).compactMap(UUID.init(uuidString:)), visibility: visibility,
                showCustomer: show.contains("customer"), showAmount: show.contains("amount"))
        }

        var state: FormState {
            var values = ["title": title ?? "", "visibility": visibility ?? ""]
            for (field, value) in [
                ("situation", situation), ("obstacles", obstacles), ("options", options), ("actions", actions),
                ("result", result),
            ] {
                values[field] = value ?? ""
            }
            return FormState(values: values, lists: ["categories": Set(categories ?? []), "show": Set(show ?? [])])
        }
    }

    func form(
        _ req: Request, deal: Deal?, story: CaseStory?, version: Int, state: FormState,
        savedMeanwhile: CaseStory? = nil, status: HTTPResponseStatus = .ok
    ) async throws -> Response {
        let categories = try await req.tenant().taxonomy.categories().map { ($0.id, $0.name(req.context.locale)) }
        let model = CaseStoryFormPage.Model(
            deal: deal, story: story, version: version, categories: categories, state: state,
            savedMeanwhile: savedMeanwhile)
        return htmlResponse(
            CaseStoryFormPage.View(model: model, context: try await req.pageContext()).render(), status: status)
    }

    /// The publish form, pre-filled from the deal's case. A deal whose case cannot be told yet shows why.
    func draft(req: Request) async throws -> Response {
        let deal = try await req.visibleDeal(try req.id("dealID"))
        let draft = try await req.storyDraft(deal)
        var state = CaseStoryFormPage.state(
            draft.text, categoryIDs: draft.categoryIDs, visibility: .organisation, showCustomer: false,
            showAmount: false)
        let obstacles = try await req.tenant().dealCase(deal.id).obstacles()
        if StoryEligibility.outcome(status: deal.status, obstacles: obstacles) == nil {
            state.errors = [FieldError("deal", .storyNotEligible)]
        }
        return try await form(req, deal: deal, story: nil, version: 0, state: state)
    }

    func publish(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let deal = try await req.visibleDeal(try req.id("dealID"))
        let input = try req.content.decode(StoryForm.self)
        var state = input.state
        do {
            let story = try await req.tenant().stories.publish(
                dealID: deal.id, text: input.text, settings: try input.settings(),
                locale: req.context.locale, by: identity.user.id, at: req.now)
            return req.redirect(to: .caseStory(story.id), notice: .storyPublished2)
        } catch AppError.validation(let errors) {
            state.errors = errors
            return try await form(req, deal: deal, story: nil, version: 0, state: state, status: .unprocessableEntity)
        }
    }

    /// The story, if the person may edit it: 404 if they may not read it, 403 if they may read but not edit.
    func editable(_ req: Request) async throws -> CaseStory {
        let story = try await req.readableStory(try req.id("storyID"))
        try req.authorize(.editStory(teamID: story.teamID, authorID: story.authorID))
        return story
    }

    func edit(req: Request) async throws -> Response {
        let story = try await editable(req)
        let state = CaseStoryFormPage.state(
            story.text, categoryIDs: story.categoryIDs, visibility: story.visibility,
            showCustomer: story.customerName != nil, showAmount: story.amount != nil)
        return try await form(req, deal: nil, story: story, version: story.version, state: state)
    }

    /// Saves the story; if somebody saved it first, the form comes back with what was typed and the
    /// story as it is now, at its current version.
    func update(req: Request) async throws -> Response {
        let identity = try req.signedIn()
        let story = try await editable(req)
        let input = try req.content.decode(StoryForm.self)
        var state = input.state
        let version = input.version ?? 0
        let stories = try req.tenant().stories
        do {
            try await stories.edit(
                story.id, expectedVersion: version, text: input.text, settings: try input.settings(),
                locale: req.context.locale, by: identity.user.id, at: req.now)
            return req.redirect(to: .caseStory(story.id), notice: .storySaved)
        } catch AppError.validation(let errors) {
            state.errors = errors
            return try await form(
                req, deal: nil, story: story, version: version, state: state, status: .unprocessableEntity)
        } catch AppError.conflict {
            let current = try await stories.story(story.id)
            state.errors = [FieldError("version", .errorConflict)]
            return try await form(
                req, deal: nil, story: current, version: current.version, state: state, savedMeanwhile: current,
                status: .conflict)
        }
    }

    func feature(req: Request) async throws -> Response {
        let story = try await req.readableStory(try req.id("storyID"))
        try req.authorize(.featureStory(teamID: story.teamID))
        let featured = (try? req.content.get(String.self, at: "featured")) != "false"
        try await req.tenant().stories.setFeatured(story.id, featured, at: req.now)
        return req.redirect(to: .caseStory(story.id), notice: featured ? .storyFeaturedNotice : .storyUnfeaturedNotice)
    }
}
