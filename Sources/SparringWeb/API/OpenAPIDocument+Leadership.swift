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
        func query(_ name: String, _ description: String, required: Bool = false, _ schema: JSON) -> JSON {
            ["name": name, "in": "query", "required": required, "description": description, "schema": schema]
        }
        let team = query("team", "A team you lead (every team for an admin).", required: true, uuid)
        var dealRequests = caseOperation(
            "Ask for resources from one of the deal's team's pools, for the pool's current period",
            id: "requestResources", body: "ResourceRequestWrite", success: "201", schema: "ResourceRequest")
        dealRequests["parameters"] = [dealIDParameter] as [JSON]
        return [
            SiteRoute.api(.resourcePools).path: [
                "get": leaderOperation(
                    "The pools of the teams you lead, by name", id: "listResourcePools", schema: "ResourcePoolList"),
                "post": leaderOperation(
                    "Add a pool to a team you lead", id: "createResourcePool", body: "ResourcePoolWrite",
                    success: "201",
                    schema: "ResourcePool", forbidden: "Only the team's leaders and admins"),
            ],
            template(.api(.resourcePool(id))): [
                "patch": leaderOperation(
                    "Save the pool as sent at `version`", id: "editResourcePool", parameters: ["poolID"],
                    body: "ResourcePoolWrite", schema: "ResourcePool", conflict: "ResourcePool",
                    notFound: "No such pool of a team you lead")
            ],
            template(.api(.dealResourceRequests(id))): [
                "get": caseOperation(
                    "The deal's resource requests, oldest first", id: "listResourceRequests",
                    schema: "ResourceRequestList"),
                "post": dealRequests,
            ],
            SiteRoute.api(.allocation).path: [
                "get": leaderOperation(
                    "The planner's proposal for a team's pools and the requests of the periods holding `on`",
                    id: "proposeAllocation",
                    query: [
                        team,
                        query("on", "A day, `2026-11-27` (default: today).", ["type": "string", "format": "date"]),
                    ],
                    schema: "Allocation", forbidden: "Only leaders and admins", notFound: "No such team led by you"),
                "post": leaderOperation(
                    "Confirm the leader's choice of the requests seen; checked against every pool's capacity",
                    id: "confirmAllocation", body: "AllocationConfirm", success: "201", schema: "Allocation",
                    conflict: "Allocation", notFound: "No such team led by you"),
            ],
            SiteRoute.api(.dashboard).path: [
                "get": leaderOperation(
                    "A team's outcome figures for a month; comparisons over the 3 months up to it",
                    id: "getDashboard",
                    query: [
                        team,
                        query(
                            "month", "A month, `2026-11` (default: this month).",
                            ["type": "string", "pattern": "^[0-9]{4}-[0-9]{2}$"]),
                    ],
                    schema: "Dashboard", forbidden: "Only leaders and admins", notFound: "No such team led by you")
            ],
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
                "post": withDuplicate(
                    leaderOperation(
                        "Open a round in which the team's members rate one of its leaders", id: "openPulseRound",
                        body: "PulseRoundOpen", success: "201", schema: "PulseRound",
                        forbidden: "Only the team's leaders and admins run rounds"),
                    "A round about this leader in this team is open already"),
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
        let median = object(
            ["median", "low", "high", "count"], ["median": number, "low": number, "high": number, "count": integer])
        let nullableNumber: JSON = ["type": ["number", "null"]]
        let group = object(
            ["won", "closed"],
            [
                "won": integer, "closed": integer, "winRate": nullableNumber, "winRateLow": nullableNumber,
                "winRateHigh": nullableNumber, "cycleDays": median,
            ])
        let pool = object(
            ["id", "teamID", "version", "name", "kind", "unit", "period", "capacity"],
            [
                "id": uuid, "teamID": uuid, "version": integer, "name": text,
                "kind": choice(ResourceKind.allCases.map(\.rawValue)), "unit": text,
                "period": choice(ResourcePeriod.allCases.map(\.rawValue)), "capacity": integer,
            ])
        let request = object(
            [
                "id", "version", "poolID", "dealID", "periodKey", "amount", "uplift", "reason", "requestedBy",
                "requestedAt", "status",
            ],
            [
                "id": uuid, "version": integer, "poolID": uuid, "dealID": uuid, "periodKey": text, "amount": integer,
                "uplift": ["type": "integer", "description": "Win-probability uplift in percentage points."],
                "reason": text, "requestedBy": uuid, "requestedAt": dateTime,
                "status": choice(ResourceRequestStatus.allCases.map(\.rawValue)),
            ])
        return [
            "ResourcePool": pool,
            "ResourcePoolList": ["type": "array", "items": ref("ResourcePool")],
            "ResourcePoolWrite": object(
                ["name", "kind", "unit", "period", "capacity"],
                [
                    "version": integer, "teamID": uuid, "name": text,
                    "kind": choice(ResourceKind.allCases.map(\.rawValue)),
                    "unit": text, "period": choice(ResourcePeriod.allCases.map(\.rawValue)),
                    "capacity": ["type": "integer", "minimum": 1, "maximum": ResourcePoolDefinition.maximumCapacity],
                ]),
            "ResourceRequest": request,
            "ResourceRequestList": ["type": "array", "items": ref("ResourceRequest")],
            "ResourceRequestWrite": object(
                ["poolID", "amount", "uplift", "reason"],
                [
                    "poolID": uuid, "amount": ["type": "integer", "minimum": 1],
                    "uplift": ["type": "integer", "minimum": 1, "maximum": 100],
                    "reason": ["type": "string", "maxLength": ResourceRequestDraft.maximumReasonLength],
                ]),
            "Allocation": object(
                ["teamID", "on", "baseCurrency", "pools", "requests", "gain", "bound", "optimal"],
                [
                    "teamID": uuid, "on": text, "baseCurrency": text,
                    "pools": [
                        "type": "array",
                        "items": object(["pool", "periodKey"], ["pool": ref("ResourcePool"), "periodKey": text]),
                    ],
                    "requests": [
                        "type": "array",
                        "items": object(
                            ["request", "dealTitle", "gainMinor", "proposed"],
                            [
                                "request": ref("ResourceRequest"), "dealTitle": text, "valueMinor": integer,
                                "gainMinor": integer, "proposed": ["type": "boolean"],
                                "reason": choice(["granted", "exceedsCapacity", "noGain", "betterSpentElsewhere"]),
                                "gainPerUnit": number,
                            ]),
                    ],
                    "gain": number, "bound": number, "optimal": ["type": "boolean"],
                ]),
            "AllocationConfirm": object(
                ["teamID", "seen"],
                [
                    "teamID": uuid, "on": text,
                    "seen": [
                        "type": "object", "additionalProperties": integer,
                        "description": "Request id to the version the choice was made on.",
                    ],
                    "granted": uuidList,
                ]),
            "Dashboard": object(
                [
                    "teamID", "month", "windowStart", "stuckDeals", "stuckBy", "heatmap", "unblockByCategory",
                    "sparring", "tactics", "pipeline",
                ],
                [
                    "teamID": uuid, "month": text, "windowStart": text, "stuckDeals": integer,
                    "stuckBy": ["type": "array", "items": object(["id", "count"], ["id": uuid, "count": integer])],
                    "heatmap": [
                        "type": "array",
                        "items": object(
                            ["stageID", "categoryID", "count"], ["stageID": uuid, "categoryID": uuid, "count": integer]),
                    ],
                    "unblockDays": median,
                    "unblockByCategory": ["type": "object", "additionalProperties": median],
                    "sparring": object(
                        ["shown"],
                        [
                            "shown": ["type": "boolean"], "withSparring": group, "without": group,
                            "difference": number, "differenceLow": number, "differenceHigh": number,
                        ]),
                    "tactics": [
                        "type": "array",
                        "items": object(
                            ["tacticID", "categoryID", "withWins", "withDeals", "withoutWins", "withoutDeals"],
                            [
                                "tacticID": uuid, "categoryID": uuid, "withWins": integer, "withDeals": integer,
                                "withoutWins": integer, "withoutDeals": integer,
                            ]),
                    ],
                    "pipeline": mapOf(
                        integer, keys: ["optionsCreated", "plansChosen", "storiesShared", "bulletinsUseful"]),
                ]),
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
                    "canSeeResults", "mayAnswer", "joinedRecently",
                ],
                [
                    "id": uuid, "teamID": uuid, "leaderID": uuid, "openedAt": dateTime,
                    "closedAt": ["type": ["string", "null"], "format": "date-time"], "version": integer,
                    "canAnswer": ["type": "boolean"],
                    "answered": ["type": "boolean", "description": "Whether you have answered."],
                    "canRun": ["type": "boolean"], "canSeeResults": ["type": "boolean"],
                    "answers": ["type": "integer", "description": "Once closed, for the leader rated and admins."],
                    "mayAnswer": [
                        "type": "integer",
                        "description": "How many may answer: the team's members when the round opened.",
                    ],
                    "joinedRecently": [
                        "type": "integer",
                        "description":
                            "Of those, how many joined the team in the month before; results need 5 answers from the others.",
                    ],
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
