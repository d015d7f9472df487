import Foundation
import SparringDomain
import SparringViews

/// Sparring sessions, follow-ups and notifications in the OpenAPI document.
extension OpenAPIDocument {
    /// An operation under `/api/v1/sparring/{sessionID}` (or another id'd path): parameters, body, answers.
    static func sparringOperation(
        _ summary: String, id: String, parameters: [String] = [], body bodySchema: String? = nil,
        success: String = "200", schema: String? = nil, conflict: String? = nil, forbidden: String? = nil
    ) -> JSON {
        var operation = caseOperation(
            summary, id: id, parameters: parameters, body: bodySchema, success: success, schema: schema,
            conflict: conflict)
        operation["parameters"] = parameters.map(idParameter) as [JSON]
        var responses = operation["responses"] as? JSON ?? [:]
        responses["404"] = errorResponse("No such session (or part of it) visible to you")
        if let forbidden { responses["403"] = errorResponse(forbidden) }
        operation["responses"] = responses
        return operation
    }

    /// An operation that may answer 409 `duplicate`: a rule of one of a kind it would break.
    static func withDuplicate(_ operation: JSON, _ description: String) -> JSON {
        var operation = operation
        var responses = operation["responses"] as? JSON ?? [:]
        responses["409"] = errorResponse(description)
        operation["responses"] = responses
        return operation
    }

    static var sparringPaths: JSON {
        let id = UUID()
        let session = ["sessionID"]
        return [
            SiteRoute.api(.sessions).path: [
                "get": [
                    "summary": "My sparring sessions, or (`view=queue`) the queue of the teams I coach",
                    "operationId": "listSessions",
                    "parameters": [
                        [
                            "name": "view", "in": "query", "required": false,
                            "description":
                                "`queue`: requests and discussions of the teams I lead, by value at risk and waiting time.",
                            "schema": choice(["mine", "queue"]),
                        ] as JSON
                    ],
                    "responses": ["200": ok("SessionList"), "401": errorResponse("No valid token")],
                ],
                "post": withDuplicate(
                    sparringOperation(
                        "Ask for sparring on a deal; without `context` it is pre-filled from the deal's case",
                        id: "requestSparring", body: "SessionCreate", success: "201", schema: "Session"),
                    "The deal has a session under way already (one at a time)"),
            ],
            template(.api(.session(id))): [
                "get": sparringOperation(
                    "A session with its suggestions and discussion", id: "getSession", parameters: session,
                    schema: "SessionDetail")
            ],
            template(.api(.sessionSuggestions(id))): [
                "post": sparringOperation(
                    "Give a suggestion (leaders of the deal's team)", id: "addSuggestion", parameters: session,
                    body: "SuggestionWrite", success: "201", schema: "Suggestion",
                    forbidden: "Only the team's leaders give suggestions")
            ],
            template(.api(.sessionSuggestion(id, id))): [
                "patch": sparringOperation(
                    "Edit one's own suggestion", id: "editSuggestion", parameters: session + ["suggestionID"],
                    body: "SuggestionWrite", schema: "Suggestion", conflict: "Suggestion",
                    forbidden: "Only its author edits a suggestion")
            ],
            template(.api(.sessionSuggestionPlan(id, id))): [
                "post": sparringOperation(
                    "Make a suggestion a plan on the deal's case (once)", id: "suggestionToPlan",
                    parameters: session + ["suggestionID"], success: "201", schema: "Plan")
            ],
            template(.api(.sessionReady(id))): [
                "post": sparringOperation(
                    "Open the discussion; needs at least two suggestions", id: "openDiscussion", parameters: session,
                    body: "VersionOnly", schema: "Session", conflict: "Session",
                    forbidden: "Only the team's leaders open the discussion")
            ],
            template(.api(.sessionMessages(id))): [
                "post": sparringOperation(
                    "Write in the discussion, or reply to a message (`replyTo`)", id: "addMessage",
                    parameters: session, body: "MessageCreate", success: "201", schema: "Message")
            ],
            template(.api(.sessionMessage(id, id))): [
                "patch": sparringOperation(
                    "Edit one's own message; it shows as edited", id: "editMessage",
                    parameters: session + ["messageID"],
                    body: "MessageEdit", schema: "Message", conflict: "Message",
                    forbidden: "Only its author edits a message")
            ],
            template(.api(.sessionAgree(id))): [
                "post": sparringOperation(
                    "Agree on a plan: it is chosen on the case with its owner and next step, and a follow-up is set",
                    id: "agreeSession", parameters: session, body: "SessionAgree", schema: "Session",
                    conflict: "Session")
            ],
            template(.api(.sessionVerdict(id))): [
                "post": sparringOperation(
                    "The asking seller's verdict: did they leave with a solution they can use?", id: "giveVerdict",
                    parameters: session, body: "SessionVerdict", schema: "Session", conflict: "Session",
                    forbidden: "Only the seller who asked gives the verdict")
            ],
            SiteRoute.api(.followUps).path: [
                "get": [
                    "summary": "My follow-ups: the ones I own and the ones I follow up as a leader",
                    "operationId": "listFollowUps",
                    "responses": ["200": ok("FollowUpList"), "401": errorResponse("No valid token")],
                ]
            ],
            template(.api(.followUp(id))): [
                "patch": sparringOperation(
                    "Mark a follow-up done, or not done", id: "patchFollowUp", parameters: ["followUpID"],
                    body: "FollowUpPatch", schema: "FollowUp", conflict: "FollowUp")
            ],
            SiteRoute.api(.notifications).path: [
                "get": [
                    "summary": "My latest notifications, newest first", "operationId": "listNotifications",
                    "responses": ["200": ok("NotificationList"), "401": errorResponse("No valid token")],
                ]
            ],
        ]
    }

    static var sparringSchemas: JSON {
        let dateTime: JSON = ["type": "string", "format": "date-time"]
        let nullableDateTime: JSON = ["type": ["string", "null"], "format": "date-time"]
        let nullableUUID: JSON = ["type": ["string", "null"], "format": "uuid"]
        let blockers: JSON = [
            "type": "array",
            "items": object(
                ["bias", "start", "end", "phrase", "question"],
                [
                    "bias": choice(BlockerBias.allCases.map(\.rawValue)), "start": integer, "end": integer,
                    "phrase": text, "question": text,
                ]),
        ]
        let plainDay: JSON = ["type": "string", "description": "A day: 2026-12-31 or 31.12.2026."]
        func list(_ item: String) -> JSON { object(["items"], ["items": ["type": "array", "items": ref(item)]]) }
        return [
            "Session": object(
                [
                    "id", "version", "dealID", "teamID", "requesterID", "state", "question", "context", "requestedAt",
                    "blockers",
                ],
                [
                    "id": uuid, "version": integer, "dealID": uuid, "teamID": uuid, "requesterID": uuid,
                    "coachID": nullableUUID, "state": choice(SessionState.allCases.map(\.rawValue)),
                    "question": text, "context": text, "requestedAt": dateTime, "readyAt": nullableDateTime,
                    "agreedAt": nullableDateTime, "closedAt": nullableDateTime,
                    "agreement": [
                        "oneOf": [
                            ["type": "null"],
                            object(
                                ["planID", "ownerID", "nextStep", "followUpOn"],
                                ["planID": uuid, "ownerID": uuid, "nextStep": text, "followUpOn": text]),
                        ]
                    ],
                    "verdict": ["type": ["string", "null"], "enum": Verdict.allCases.map(\.rawValue) + [NSNull()]],
                    "verdictNote": nullableText,
                    "outcome": [
                        "type": ["string", "null"], "enum": SessionOutcome.allCases.map(\.rawValue) + [NSNull()],
                    ],
                    "blockers": blockers,
                ]),
            "SessionList": list("Session"),
            "SessionDetail": object(
                ["session", "suggestions", "messages"],
                [
                    "session": ref("Session"), "suggestions": ["type": "array", "items": ref("Suggestion")],
                    "messages": ["type": "array", "items": ref("Message")],
                ]),
            "SessionCreate": object(
                ["dealID", "question"], ["dealID": uuid, "question": text, "context": text]),
            "Suggestion": object(
                ["id", "version", "authorID", "title", "detail", "createdAt", "blockers"],
                [
                    "id": uuid, "version": integer, "authorID": uuid, "title": text, "detail": text,
                    "planID": nullableUUID, "createdAt": dateTime, "editedAt": nullableDateTime, "blockers": blockers,
                ]),
            "SuggestionWrite": object([], ["version": integer, "title": text, "detail": text]),
            "Message": object(
                ["id", "version", "authorID", "text", "createdAt", "blockers"],
                [
                    "id": uuid, "version": integer, "authorID": uuid, "replyTo": nullableUUID, "text": text,
                    "createdAt": dateTime, "editedAt": nullableDateTime, "blockers": blockers,
                ]),
            "MessageCreate": object(["text"], ["text": text, "replyTo": uuid]),
            "MessageEdit": object(["version", "text"], ["version": integer, "text": text]),
            "VersionOnly": object(["version"], ["version": integer]),
            "SessionAgree": object(
                ["version", "planID", "nextStep", "ownerID", "followUpOn"],
                ["version": integer, "planID": uuid, "nextStep": text, "ownerID": uuid, "followUpOn": plainDay]),
            "SessionVerdict": object(
                ["version", "verdict"],
                ["version": integer, "verdict": choice(Verdict.allCases.map(\.rawValue)), "note": text]),
            "FollowUp": object(
                ["id", "version", "dealID", "dealTitle", "ownerID", "what", "dueOn", "status"],
                [
                    "id": uuid, "version": integer, "dealID": uuid, "dealTitle": text, "sessionID": nullableUUID,
                    "ownerID": uuid, "coachID": nullableUUID, "what": text, "dueOn": text,
                    "status": choice(FollowUp.Status.allCases.map(\.rawValue)), "doneAt": nullableDateTime,
                ]),
            "FollowUpList": list("FollowUp"),
            "FollowUpPatch": object(["version", "done"], ["version": integer, "done": ["type": "boolean"]]),
            "Notification": object(
                ["id", "kind", "text", "at", "read"],
                [
                    "id": uuid, "kind": choice(NotificationKind.allCases.map(\.rawValue)), "sessionID": nullableUUID,
                    "dealID": nullableUUID, "text": text, "at": dateTime, "read": ["type": "boolean"],
                ]),
            "NotificationList": list("Notification"),
        ]
    }
}
