import Foundation
import SparringDomain
import SparringViews

/// The case library (stories, search, similar cases) in the OpenAPI document.
extension OpenAPIDocument {
    /// An operation on a story: its parameters, body and answers.
    static func storyOperation(
        _ summary: String, id: String, body bodySchema: String? = nil, success: String = "200",
        schema: String? = nil, conflict: String? = nil, forbidden: String? = nil
    ) -> JSON {
        var operation = caseOperation(
            summary, id: id, parameters: ["storyID"], body: bodySchema, success: success, schema: schema,
            conflict: conflict)
        operation["parameters"] = [idParameter("storyID")] as [JSON]
        var responses = operation["responses"] as? JSON ?? [:]
        responses["404"] = errorResponse("No such story readable by you")
        if let forbidden { responses["403"] = errorResponse(forbidden) }
        operation["responses"] = responses
        return operation
    }

    /// An operation on a bulletin (or, without parameters, on the list).
    static func bulletinOperation(
        _ summary: String, id: String, parameters: Bool = true, body bodySchema: String? = nil,
        success: String = "200", schema: String? = nil, conflict: String? = nil, forbidden: String? = nil
    ) -> JSON {
        var operation = caseOperation(
            summary, id: id, parameters: [], body: bodySchema, success: success, schema: schema, conflict: conflict)
        operation["parameters"] = (parameters ? [idParameter("bulletinID")] : []) as [JSON]
        var responses = operation["responses"] as? JSON ?? [:]
        responses["404"] = errorResponse("No such bulletin readable by you")
        if !parameters { responses["404"] = nil }
        if let forbidden { responses["403"] = errorResponse(forbidden) }
        operation["responses"] = responses
        return operation
    }

    static var sharePaths: JSON {
        let id = UUID()
        func query(_ name: String, _ description: String, _ schema: JSON) -> JSON {
            ["name": name, "in": "query", "required": false, "description": description, "schema": schema]
        }
        return [
            SiteRoute.api(.cases).path: [
                "get": [
                    "summary":
                        "Search the case library (Norwegian and English, inflected forms count), or list the newest stories without `q`",
                    "operationId": "searchCases",
                    "parameters": [
                        query(
                            "q", "Words to find; every word must match, in any inflected form.",
                            ["type": "string", "maxLength": 200]),
                        query("category", "An obstacle category id.", uuid),
                        query("industry", "An industry, as stories name it.", text),
                        query("outcome", "How the case ended.", choice(StoryOutcome.allCases.map(\.rawValue))),
                        query("team", "A team id.", uuid),
                        query(
                            "page",
                            "Page number, 1–\(LibraryRequest.maximumPage), \(LibraryRequest.pageSize) stories each.",
                            ["type": "integer", "minimum": 1, "maximum": LibraryRequest.maximumPage]),
                    ] as [JSON],
                    "responses": [
                        "200": ok("Library"), "400": errorResponse("A parameter is malformed; `field` names it"),
                        "401": errorResponse("No valid token"),
                    ],
                ] as JSON,
                "post": caseOperation(
                    "Publish a won or lost deal's case, or one with a resolved obstacle, as a story",
                    id: "publishStory", body: "StoryPublish", success: "201", schema: "Story"),
            ],
            template(.api(.caseStory(id))): [
                "get": storyOperation("A story with its versions", id: "getStory", schema: "StoryDetail"),
                "patch": storyOperation(
                    "Save the story as sent (every text field) at `version`", id: "editStory", body: "StoryEdit",
                    schema: "Story", conflict: "Story", forbidden: "Only the author, the team's leaders and admins edit"
                ),
            ],
            template(.api(.caseStoryFeature(id))): [
                "post": storyOperation(
                    "Feature the story in the library, or stop", id: "featureStory", body: "StoryFeature",
                    schema: "Story", forbidden: "Only the team's leaders and admins feature stories")
            ],
            SiteRoute.api(.bulletins).path: [
                "get": [
                    "summary": "Bulletins for my teams (and my own), newest first", "operationId": "listBulletins",
                    "parameters": [
                        query(
                            "page", "Page number, 1–\(LibraryRequest.maximumPage).",
                            ["type": "integer", "minimum": 1, "maximum": LibraryRequest.maximumPage])
                    ] as [JSON],
                    "responses": [
                        "200": ok("BulletinList"), "400": errorResponse("A parameter is malformed"),
                        "401": errorResponse("No valid token"),
                    ],
                ] as JSON,
                "post": bulletinOperation(
                    "Send a bulletin to teams (leaders to the teams they lead, admins to any)", id: "sendBulletin",
                    parameters: false, body: "BulletinWrite", success: "201", schema: "Bulletin",
                    forbidden: "Only leaders and admins send bulletins, and only to their teams"),
            ],
            template(.api(.bulletin(id))): [
                "get": bulletinOperation("A bulletin", id: "getBulletin", schema: "Bulletin"),
                "patch": bulletinOperation(
                    "Save the bulletin as sent at `version` (its author and admins)", id: "editBulletin",
                    body: "BulletinWrite", schema: "Bulletin", conflict: "Bulletin",
                    forbidden: "Only its author and admins edit a bulletin"),
            ],
            template(.api(.bulletinReaction(id))): [
                "post": bulletinOperation(
                    "Mark the bulletin useful or not relevant, or (null) take the mark back", id: "markBulletin",
                    body: "BulletinReaction", schema: "Bulletin")
            ],
            template(.api(.bulletinDeals(id))): [
                "get": bulletinOperation(
                    "Open deals of its teams the bulletin may affect, not yet linked", id: "suggestedBulletinDeals",
                    schema: "SuggestedDeals", forbidden: "Only its author and admins link deals"),
                "post": bulletinOperation(
                    "Link deals it affects (`dealIDs`) and unlink others (`remove`)", id: "linkBulletinDeals",
                    body: "BulletinDeals", schema: "Bulletin", forbidden: "Only its author and admins link deals"),
            ],
            template(.api(.dealComments(id))): [
                "get": caseOperation(
                    "Comments on the deal's case (its guests may read them too)", id: "listComments",
                    parameters: ["dealID"], schema: "CommentList"),
                "post": caseOperation(
                    "Comment on the deal's case (its guests may too)", id: "addComment", parameters: ["dealID"],
                    body: "CommentCreate", success: "201", schema: "Comment"),
            ],
            template(.api(.dealGuests(id))): [
                "get": caseOperation(
                    "Guest contributors of the deal's case", id: "listGuests", parameters: ["dealID"],
                    schema: "GuestList"),
                "post": {
                    var operation = caseOperation(
                        "Invite a colleague (by e-mail) into the deal's case as a guest: they see the case only",
                        id: "inviteGuest", parameters: ["dealID"], body: "GuestInvite", success: "201",
                        schema: "Guest")
                    var responses = operation["responses"] as? JSON ?? [:]
                    responses["403"] = errorResponse("Only the deal's owner, the team's leaders and admins invite")
                    operation["responses"] = responses
                    return operation
                }(),
            ],
            template(.api(.dealGuest(id, id))): [
                "delete": caseOperation(
                    "Remove a guest: they lose access to the case at once", id: "removeGuest",
                    parameters: ["dealID", "userID"], success: "204")
            ],
            template(.api(.dealSimilarCases(id))): [
                "get": caseOperation(
                    "The five case stories most like an open deal, with why, and the tactics that beat its obstacles before",
                    id: "similarCases", parameters: ["dealID"], schema: "SimilarCases")
            ],
        ]
    }

    static var shareSchemas: JSON {
        let dateTime: JSON = ["type": "string", "format": "date-time"]
        let uuidList: JSON = ["type": "array", "items": uuid]
        let snippet: JSON = [
            "type": "array", "description": "A passage of the text; `match` marks the words the search matched.",
            "items": object(["text", "match"], ["text": text, "match": ["type": "boolean"]]),
        ]
        let storyText: JSON = [
            "title": text, "situation": text, "obstacles": text, "options": text, "actions": text, "result": text,
            "categoryIDs": uuidList, "visibility": choice(StoryVisibility.allCases.map(\.rawValue)),
            "showCustomer": ["type": "boolean"], "showAmount": ["type": "boolean"],
        ]
        var publish = storyText
        publish["dealID"] = uuid
        var edit = storyText
        edit["version"] = integer
        let hit = object(["story", "snippet"], ["story": ref("Story"), "snippet": snippet])
        return [
            "Story": object(
                [
                    "id", "version", "dealID", "teamID", "authorID", "title", "situation", "obstacles", "options",
                    "actions", "result", "categoryIDs", "sizeBand", "outcome", "visibility", "featured", "publishedAt",
                    "updatedAt",
                ],
                [
                    "id": uuid, "version": integer, "dealID": uuid, "teamID": uuid, "authorID": uuid, "title": text,
                    "situation": text, "obstacles": text, "options": text, "actions": text, "result": text,
                    "categoryIDs": uuidList, "industry": nullableText,
                    "sizeBand": choice(SizeBand.allCases.map(\.rawValue)),
                    "outcome": choice(StoryOutcome.allCases.map(\.rawValue)),
                    "visibility": choice(StoryVisibility.allCases.map(\.rawValue)),
                    "customerName": ["type": ["string", "null"], "description": "Absent when the author hid it."],
                    "amount": [
                        "oneOf": [
                            ["type": "null"],
                            object(["minor", "currency"], ["minor": integer, "currency": text]),
                        ],
                        "description": "Absent when the author hid it.",
                    ],
                    "featured": ["type": "boolean"], "publishedAt": dateTime, "updatedAt": dateTime,
                ]),
            "StoryDetail": object(
                ["story", "revisions"],
                [
                    "story": ref("Story"),
                    "revisions": [
                        "type": "array",
                        "items": object(
                            ["version", "title", "savedBy", "savedAt"],
                            ["version": integer, "title": text, "savedBy": uuid, "savedAt": dateTime]),
                    ],
                ]),
            "StoryPublish": object(["dealID", "title", "situation", "actions", "result"], publish),
            "StoryEdit": object(["version", "title", "situation", "actions", "result"], edit),
            "StoryFeature": object(["featured"], ["featured": ["type": "boolean"]]),
            "Library": object(
                ["query", "page", "featured", "stories", "deals"],
                [
                    "query": text, "page": integer, "nextPage": ["type": ["integer", "null"]],
                    "featured": ["type": "array", "items": hit], "stories": ["type": "array", "items": hit],
                    "deals": [
                        "type": "array",
                        "description": "Deals you may work on whose case text matches (first page only).",
                        "items": object(
                            ["dealID", "title", "snippet"], ["dealID": uuid, "title": text, "snippet": snippet]),
                    ],
                ]),
            "Bulletin": object(
                [
                    "id", "version", "authorID", "title", "text", "source", "why", "teamIDs", "dealIDs", "otherDeals",
                    "publishedAt", "updatedAt",
                ],
                [
                    "id": uuid, "version": integer, "authorID": uuid, "title": text, "text": text, "source": text,
                    "why": text, "teamIDs": uuidList, "dealIDs": uuidList, "otherDeals": integer,
                    "publishedAt": dateTime, "updatedAt": dateTime,
                    "reaction": choice(BulletinReaction.allCases.map(\.rawValue)),
                    "useful": ["type": "integer", "description": "For its author, the teams' leaders and admins."],
                    "notRelevant": [
                        "type": "integer", "description": "For its author, the teams' leaders and admins.",
                    ],
                ]),
            "BulletinList": object(
                ["page", "items"],
                [
                    "page": integer, "nextPage": ["type": ["integer", "null"]],
                    "items": ["type": "array", "items": ref("Bulletin")],
                ]),
            "BulletinWrite": object(
                ["title", "text", "why", "teamIDs"],
                ["version": integer, "title": text, "text": text, "source": text, "why": text, "teamIDs": uuidList]),
            "BulletinReaction": object(
                ["reaction"],
                [
                    "reaction": [
                        "type": ["string", "null"], "enum": BulletinReaction.allCases.map(\.rawValue) + [NSNull()],
                    ]
                ]),
            "BulletinDeals": object([], ["dealIDs": uuidList, "remove": uuidList]),
            "SuggestedDeals": [
                "type": "array",
                "items": object(
                    ["dealID", "title", "caseMatches"],
                    ["dealID": uuid, "title": text, "industry": nullableText, "caseMatches": ["type": "boolean"]]),
            ],
            "Comment": object(
                ["id", "authorID", "text", "createdAt", "blockers"],
                [
                    "id": uuid, "authorID": uuid, "text": text, "createdAt": dateTime,
                    "blockers": [
                        "type": "array",
                        "items": object(
                            ["bias", "start", "end", "phrase", "question"],
                            [
                                "bias": choice(BlockerBias.allCases.map(\.rawValue)), "start": integer,
                                "end": integer, "phrase": text, "question": text,
                            ]),
                    ],
                ]),
            "CommentList": ["type": "array", "items": ref("Comment")],
            "CommentCreate": object(["text"], ["text": text]),
            "Guest": object(
                ["userID", "invitedBy", "invitedAt"], ["userID": uuid, "invitedBy": uuid, "invitedAt": dateTime]),
            "GuestList": ["type": "array", "items": ref("Guest")],
            "GuestInvite": object(["email"], ["email": text]),
            "SimilarCases": object(
                ["dealID", "stories", "tactics"],
                [
                    "dealID": uuid,
                    "stories": [
                        "type": "array",
                        "items": object(
                            ["story", "score", "reasons"],
                            [
                                "story": ref("Story"), "score": ["type": "number"],
                                "reasons": [
                                    "type": "array",
                                    "items": object(
                                        ["kind", "text"],
                                        [
                                            "kind": choice([
                                                "sharedObstacles", "similarWords", "sameIndustry", "sameSize",
                                            ]),
                                            "categoryIDs": uuidList, "words": ["type": "array", "items": text],
                                            "industry": text, "sizeBand": choice(SizeBand.allCases.map(\.rawValue)),
                                            "text": text,
                                        ]),
                                ],
                            ]),
                    ],
                    "tactics": [
                        "type": "array",
                        "items": object(
                            ["categoryID", "category", "tactics"],
                            [
                                "categoryID": uuid, "category": text,
                                "tactics": [
                                    "type": "array",
                                    "items": object(
                                        ["tacticID", "name", "evidence"],
                                        ["tacticID": uuid, "name": text, "evidence": ref("TacticEvidence")]),
                                ],
                            ]),
                    ],
                ]),
        ]
    }
}
