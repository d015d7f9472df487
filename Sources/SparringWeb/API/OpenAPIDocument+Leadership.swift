import Foundation
import SparringDomain
import SparringViews

/// The leader's side in the OpenAPI document: self-assessments and pulse rounds (answers write-only),
/// resource pools, requests and the allocation planner, and the outcome dashboard.
extension OpenAPIDocument {
    /// An operation whose path parameters are `parameters` (none for a list).
    static func leaderOperation(
        _ summary: String, id: String, parameters: [String] = [], query: [JSON] = [], body bodySchema: String? = nil,
        success: String = "200", schema: String? = nil, conflict: String? = nil, forbidden: String? = nil,
        notFound: String? = nil
    ) -> JSON {
        var operation = caseOperation(
            summary, id: id, body: bodySchema, success: success, schema: schema, conflict: conflict)
        operation["parameters"] = (parameters.map(idParameter) + query) as [JSON]
        var responses = operation["responses"] as? JSON ?? [:]
        responses["404"] = notFound.map(errorResponse)
        if let forbidden { responses["403"] = errorResponse(forbidden) }
        if !query.isEmpty { responses["400"] = errorResponse("A parameter is malformed; `field` names it") }
        operation["responses"] = responses
        return operation
    }

    static func mapOf(_ schema: JSON, keys: [String]) -> JSON {
        [
            "type": "object", "additionalProperties": schema,
            "propertyNames": ["enum": keys],
        ]
    }

    static var leadershipPaths: JSON {
        let id = UUID()
        var quarter = leaderOperation(
            "Save the current quarter's self-assessment at `version` (0 for the first save)", id: "saveSelfAssessment",
            body: "SelfAssessmentWrite", schema: "SelfAssessment", conflict: "SelfAssessment",
            forbidden: "Sellers keep no self-assessment")
        quarter["parameters"] =
            [
                [
                    "name": "quarter", "in": "path", "required": true, "description": "The current quarter, `2026-Q4`.",
                    "schema": ["type": "string", "pattern": "^[0-9]{4}-Q[1-4]$"],
                ]
            ] as [JSON]
        var responses = quarter["responses"] as? JSON ?? [:]
        responses["201"] = [
            "description": "Created", "content": ["application/json": ["schema": ref("SelfAssessment")]],
        ]
        responses["400"] = errorResponse("Not the current quarter, or malformed JSON")
        quarter["responses"] = responses
        return [
            SiteRoute.api(.selfAssessments).path: [
                "get": leaderOperation(
                    "Your own self-assessments, newest quarter first (nobody else's: they are private)",
                    id: "listSelfAssessments", schema: "SelfAssessmentList",
                    forbidden: "Sellers keep no self-assessment")
            ],
            template(.api(.selfAssessment("x"))): ["put": quarter],
            SiteRoute.api(.pulseRounds).path: [
                "get": leaderOperation(
                    "Pulse rounds you may answer, run, or see the results of, newest first", id: "listPulseRounds",
                    schema: "PulseRoundList"),
                "post": leaderOperation(
                    "Open a round in which the team's members rate one of its leaders", id: "openPulseRound",
                    body: "PulseRoundOpen", success: "201", schema: "PulseRound",
                    forbidden: "Only the team's leaders and admins run rounds"),
            ],
            template(.api(.pulseRound(id))): [
                "get": leaderOperation(
                    "A round; results only once closed with at least \(PulseResults.minimumAnswers) answers",
                    id: "getPulseRound", parameters: ["roundID"], schema: "PulseRound",
                    notFound: "No such round for you")
            ],
            template(.api(.pulseRoundClose(id))): [
                "post": leaderOperation(
                    "Close the round, releasing results if enough answered", id: "closePulseRound",
                    parameters: ["roundID"], schema: "PulseRound", forbidden: "Only the team's leaders and admins",
                    notFound: "No such round for you")
            ],
            template(.api(.pulseRoundAnswers(id))): [
                "post": leaderOperation(
                    "Answer the round once (write-only: an answer can never be read back, and carries no name or time)",
                    id: "answerPulseRound", parameters: ["roundID"], body: "PulseAnswer", success: "204",
                    forbidden: "Only the team's members, not the leader rated", notFound: "No such round for you")
            ],
        ]
    }

    static var leadershipSchemas: JSON {
        let number: JSON = ["type": "number"]
        let dateTime: JSON = ["type": "string", "format": "date-time"]
        let rating: JSON = ["type": "integer", "minimum": 1, "maximum": 5]
        let behaviours = mapOf(number, keys: LeaderBehaviour.allCases.map(\.rawValue))
        return [
            "SelfAssessment": object(
                ["quarter", "version", "scores", "reflections", "behaviours", "updatedAt"],
                [
                    "quarter": text, "version": integer,
                    "scores": mapOf(rating, keys: SelfStatement.allCases.map(\.rawValue)),
                    "reflections": mapOf(text, keys: ReflectionQuestion.allCases.map(\.rawValue)),
                    "behaviours": behaviours, "updatedAt": dateTime,
                ]),
            "SelfAssessmentList": object(
                ["currentQuarter", "items"],
                ["currentQuarter": text, "items": ["type": "array", "items": ref("SelfAssessment")]]),
            "SelfAssessmentWrite": object(
                ["version", "scores"],
                [
                    "version": integer, "scores": mapOf(rating, keys: SelfStatement.allCases.map(\.rawValue)),
                    "reflections": mapOf(text, keys: ReflectionQuestion.allCases.map(\.rawValue)),
                ]),
            "PulseRound": object(
                [
                    "id", "teamID", "leaderID", "openedAt", "version", "canAnswer", "answered", "canRun",
                    "canSeeResults",
                ],
                [
                    "id": uuid, "teamID": uuid, "leaderID": uuid, "openedAt": dateTime,
                    "closedAt": ["type": ["string", "null"], "format": "date-time"], "version": integer,
                    "canAnswer": ["type": "boolean"],
                    "answered": ["type": "boolean", "description": "Whether you have answered."],
                    "canRun": ["type": "boolean"], "canSeeResults": ["type": "boolean"],
                    "answers": ["type": "integer", "description": "Once closed, for the leader rated and admins."],
                    "results": object(
                        ["statements", "behaviours", "comments"],
                        [
                            "statements": mapOf(number, keys: PulseStatement.allCases.map(\.rawValue)),
                            "behaviours": behaviours,
                            "comments": [
                                "type": "array", "items": text, "description": "Without authors, in random order.",
                            ],
                        ]),
                ]),
            "PulseRoundList": ["type": "array", "items": ref("PulseRound")],
            "PulseRoundOpen": object(["teamID", "leaderID"], ["teamID": uuid, "leaderID": uuid]),
            "PulseAnswer": object(
                ["scores"],
                [
                    "scores": mapOf(rating, keys: PulseStatement.allCases.map(\.rawValue)),
                    "comment": ["type": "string", "maxLength": PulseSubmission.maximumCommentLength],
                ]),
        ]
    }
}
