import Foundation
import SparringViews

/// The OpenAPI 3.1 description of `/api/v1`, served at `/api/openapi.json`. A test keeps its paths
/// equal to the registered API routes, so an endpoint cannot ship undocumented.
enum OpenAPIDocument {
    typealias JSON = [String: Any]

    static func ref(_ name: String) -> JSON { ["$ref": "#/components/schemas/\(name)"] }

    static func errorResponse(_ description: String) -> JSON {
        ["description": description, "content": ["application/json": ["schema": ref("Error")]]]
    }

    static func ok(_ schema: String) -> JSON {
        ["description": "OK", "content": ["application/json": ["schema": ref(schema)]]]
    }

    static var pageParameters: [JSON] {
        [
            [
                "name": "limit", "in": "query", "required": false,
                "description": "Items per page, 1–200 (default 50).",
                "schema": ["type": "integer", "minimum": 1, "maximum": 200],
            ],
            [
                "name": "cursor", "in": "query", "required": false,
                "description": "The `nextCursor` of the previous page.",
                "schema": ["type": "string", "maxLength": 1024],
            ],
        ]
    }

    static func listOperation(_ summary: String, id: String, schema: String, extra: [JSON] = []) -> JSON {
        [
            "summary": summary, "operationId": id, "parameters": pageParameters + extra,
            "responses": [
                "200": ok(schema), "400": errorResponse("Bad parameter"), "401": errorResponse("No valid token"),
                "403": errorResponse("Not allowed for this role"), "422": errorResponse("Invalid limit"),
            ],
        ]
    }

    static var uuid: JSON { ["type": "string", "format": "uuid"] }
    static var text: JSON { ["type": "string"] }
    static var nullableText: JSON { ["type": ["string", "null"]] }
    static var integer: JSON { ["type": "integer"] }
    static var day: JSON { ["type": ["string", "null"], "description": "A day, YYYY-MM-DD."] }

    /// `/api/v1/deals/{dealID}` for a route with parameters.
    static func template(_ route: SiteRoute) -> String {
        "/" + route.pattern.map { $0.hasPrefix(":") ? "{\($0.dropFirst())}" : $0 }.joined(separator: "/")
    }

    static var dealIDParameter: JSON {
        ["name": "dealID", "in": "path", "required": true, "schema": uuid]
    }

    static func body(_ schema: String, type: String = "application/json") -> JSON {
        ["required": true, "content": [type: ["schema": ref(schema)]]]
    }

    static var writeResponses: JSON {
        [
            "200": ok("Deal"), "400": errorResponse("Malformed JSON or a field of the wrong type"),
            "401": errorResponse("No valid token"), "404": errorResponse("No such deal visible to you"),
            "409": [
                "description": "Stale version: the deal as it is now",
                "content": ["application/json": ["schema": ref("Conflict")]],
            ],
            "422": errorResponse("A field is invalid; `field` names it"),
        ]
    }

    static var dealPaths: JSON {
        let query: (String, String, JSON) -> JSON = { name, description, schema in
            ["name": name, "in": "query", "required": false, "description": description, "schema": schema]
        }
        return [
            SiteRoute.api(.pipelines).path: [
                "get": [
                    "summary": "Pipelines and their stages, in order", "operationId": "listPipelines",
                    "responses": [
                        "200": [
                            "description": "OK",
                            "content": ["application/json": ["schema": ["type": "array", "items": ref("Pipeline")]]],
                        ],
                        "401": errorResponse("No valid token"),
                    ],
                ]
            ],
            SiteRoute.api(.deals).path: [
                "get": listOperation(
                    "Deals you may see (admins: all; leaders: their teams' and their own; sellers: their own)",
                    id: "listDeals", schema: "DealPage",
                    extra: [
                        query(
                            "status", "open (default), won, lost, onHold or all",
                            ["type": "string", "enum": ["open", "won", "lost", "onHold", "all"]]),
                        query("stage", "Stage id", uuid), query("team", "Team id", uuid),
                        query("owner", "Owner id", uuid),
                        query("stuck", "Only stuck deals that are not snoozed", ["type": "boolean"]),
                        query("q", "Words in the title, customer or owner name", ["type": "string", "maxLength": 200]),
                        query("minAmount", "Lowest amount in the base currency", text),
                        query("maxAmount", "Highest amount in the base currency", text),
                        query(
                            "sort", "inStage (default), amount, closeDate or updated",
                            ["type": "string", "enum": ["inStage", "amount", "closeDate", "updated"]]),
                    ]),
                "post": [
                    "summary": "Create a deal in its first stage", "operationId": "createDeal",
                    "requestBody": body("DealCreate"),
                    "responses": [
                        "201": ["description": "Created", "content": ["application/json": ["schema": ref("Deal")]]],
                        "400": errorResponse("Malformed JSON"), "401": errorResponse("No valid token"),
                        "422": errorResponse("A field is invalid; `field` names it"),
                    ],
                ],
            ],
            template(.api(.deal(UUID()))): [
                "get": [
                    "summary": "A deal with its stage history and why it is stuck", "operationId": "getDeal",
                    "parameters": [dealIDParameter],
                    "responses": [
                        "200": ok("DealDetail"), "401": errorResponse("No valid token"),
                        "404": errorResponse("No such deal visible to you"),
                    ],
                ],
                "patch": [
                    "summary": "Change a deal's fields (send `version`; a stale one gets 409 with the current deal)",
                    "operationId": "patchDeal", "parameters": [dealIDParameter], "requestBody": body("DealPatch"),
                    "responses": writeResponses,
                ],
            ],
            template(.api(.dealStage(UUID()))): [
                "post": [
                    "summary": "Move a deal to a stage, or close it as won or lost with a reason",
                    "operationId": "moveDeal", "parameters": [dealIDParameter], "requestBody": body("StageMove"),
                    "responses": writeResponses,
                ]
            ],
            template(.api(.dealSnooze(UUID()))): [
                "post": [
                    "summary": "Snooze the stuck flag until a day with a reason, or end the snooze",
                    "operationId": "snoozeDeal", "parameters": [dealIDParameter], "requestBody": body("Snooze"),
                    "responses": writeResponses,
                ]
            ],
            SiteRoute.api(.imports).path: [
                "post": [
                    "summary": "Import a CRM export (admins). All or nothing; a dry run saves nothing.",
                    "operationId": "importDeals", "requestBody": body("ImportUpload", type: "multipart/form-data"),
                    "responses": [
                        "200": ok("ImportReport"),
                        "201": [
                            "description": "Imported", "content": ["application/json": ["schema": ref("ImportReport")]],
                        ],
                        "400": errorResponse("Not a multipart form"), "401": errorResponse("No valid token"),
                        "403": errorResponse("Not an admin"),
                        "422": [
                            "description": "Problems in the file (nothing saved), or a bad field",
                            "content": [
                                "application/json": ["schema": ["oneOf": [ref("ImportReport"), ref("Error")]]]
                            ],
                        ],
                    ],
                ]
            ],
        ]
    }

    static var dealSchemas: JSON {
        let name: JSON = ["type": "object", "required": ["nb", "en"], "properties": ["nb": text, "en": text]]
        return [
            "Stage": [
                "type": "object",
                "required": ["id", "name", "position", "probability", "kind", "retired", "version"],
                "properties": [
                    "id": uuid, "key": nullableText, "name": name, "position": integer,
                    "probability": ["type": "integer", "minimum": 0, "maximum": 100],
                    "expectedDays": ["type": ["integer", "null"]],
                    "kind": ["type": "string", "enum": ["open", "won", "lost"]], "retired": ["type": "boolean"],
                    "version": integer,
                ],
            ],
            "Pipeline": [
                "type": "object", "required": ["id", "name", "stages"],
                "properties": ["id": uuid, "name": name, "stages": ["type": "array", "items": ref("Stage")]],
            ],
            "StuckReason": [
                "type": "object", "required": ["code", "message"],
                "properties": [
                    "code": [
                        "type": "string",
                        "enum": ["over_typical_stay", "over_expected_stay", "close_date_passed", "close_date_pushed"],
                    ],
                    "message": text,
                ],
            ],
            "Deal": [
                "type": "object",
                "required": [
                    "id", "version", "title", "customerID", "ownerID", "teamID", "pipelineID", "stageID", "status",
                    "amountMinor", "currency", "stageEnteredAt", "closeDatePushes",
                ],
                "properties": [
                    "id": uuid, "version": integer, "title": text, "customerID": uuid, "customer": nullableText,
                    "ownerID": uuid, "owner": nullableText, "teamID": uuid, "pipelineID": uuid, "stageID": uuid,
                    "status": ["type": "string", "enum": ["open", "won", "lost", "onHold"]],
                    "amountMinor": ["type": "integer", "description": "Minor units (øre, cents)"], "currency": text,
                    "expectedClose": day, "closeReason": nullableText, "nextStep": nullableText, "source": nullableText,
                    "externalSource": nullableText, "externalID": nullableText,
                    "stageEnteredAt": ["type": "string", "format": "date-time"], "closeDatePushes": integer,
                    "snooze": [
                        "type": ["object", "null"],
                        "properties": [
                            "until": text, "reason": text, "byUserID": ["type": ["string", "null"], "format": "uuid"],
                        ],
                    ],
                    "stuck": ["type": ["boolean", "null"]],
                    "stuckReasons": ["type": ["array", "null"], "items": ref("StuckReason")],
                ],
            ],
            "DealPage": page("Deal"),
            "StageChange": [
                "type": "object", "required": ["toStageID", "changedAt", "origin"],
                "properties": [
                    "fromStageID": ["type": ["string", "null"], "format": "uuid"], "toStageID": uuid,
                    "changedAt": ["type": "string", "format": "date-time"],
                    "changedBy": ["type": ["string", "null"], "format": "uuid"],
                    "origin": ["type": "string", "enum": ["manual", "imported"]],
                ],
            ],
            "DealDetail": [
                "type": "object", "required": ["deal", "history"],
                "properties": ["deal": ref("Deal"), "history": ["type": "array", "items": ref("StageChange")]],
            ],
            "DealCreate": [
                "type": "object", "required": ["title", "customer", "ownerID", "teamID", "stageID", "currency"],
                "properties": [
                    "title": text, "customer": text, "industry": text, "ownerID": uuid, "teamID": uuid, "stageID": uuid,
                    "amountMinor": ["type": "integer", "minimum": 0, "maximum": 1_000_000_000_000], "currency": text,
                    "expectedClose": day,
                    "nextStep": text, "onHold": ["type": "boolean"],
                ],
            ],
            "DealPatch": [
                "type": "object", "required": ["version"],
                "properties": [
                    "version": integer, "title": text, "customer": text, "ownerID": uuid, "teamID": uuid,
                    "amountMinor": ["type": "integer", "minimum": 0, "maximum": 1_000_000_000_000], "currency": text,
                    "expectedClose": day,
                    "nextStep": text, "onHold": ["type": "boolean"],
                ],
            ],
            "StageMove": [
                "type": "object", "required": ["version"],
                "properties": [
                    "version": integer, "stageID": uuid, "outcome": ["type": "string", "enum": ["won", "lost"]],
                    "reason": text,
                ],
            ],
            "Snooze": [
                "type": "object",
                "properties": [
                    "until": ["type": "string", "description": "A day after today, YYYY-MM-DD"], "reason": text,
                    "wake": ["type": "boolean"],
                ],
            ],
            "Conflict": [
                "type": "object", "required": ["error", "current"],
                "properties": ["error": ref("ErrorDetail"), "current": ref("Deal")],
            ],
            "ErrorDetail": [
                "type": "object", "required": ["code", "message"],
                "properties": ["code": text, "message": text, "field": text],
            ],
            "ImportUpload": [
                "type": "object", "required": ["source", "file"],
                "properties": [
                    "source": [
                        "type": "string", "enum": ["salesforce", "salesforceReport", "hubspot", "pipedrive", "csv"],
                    ],
                    "file": ["type": "string", "format": "binary"], "dryRun": ["type": "boolean"], "team": uuid,
                ],
            ],
            "ImportReport": [
                "type": "object",
                "required": [
                    "rows", "created", "updated", "unchanged", "stageChanges", "customers", "stagesCreated",
                    "problemCount", "problems", "problemGroups", "unknownStages", "unknownOwners",
                ],
                "properties": [
                    "dryRun": ["type": ["boolean", "null"]], "rows": integer, "created": integer, "updated": integer,
                    "unchanged": integer, "stageChanges": integer, "customers": integer, "stagesCreated": integer,
                    "problemCount": integer,
                    "problems": [
                        "type": "array",
                        "items": [
                            "type": "object", "required": ["row", "column", "value", "message"],
                            "properties": ["row": integer, "column": text, "value": text, "message": text],
                        ],
                    ],
                    "problemGroups": [
                        "type": "array",
                        "description":
                            "Every problem grouped by kind, the largest group first; rows lists the first 100 of count",
                        "items": [
                            "type": "object", "required": ["message", "column", "examples", "count", "rows"],
                            "properties": [
                                "message": text, "column": text, "value": ["type": ["string", "null"]],
                                "examples": ["type": "array", "items": text], "count": integer,
                                "rows": ["type": "array", "items": integer],
                            ],
                        ],
                    ],
                    "unknownStages": ["type": "array", "items": text],
                    "unknownOwners": ["type": "array", "items": text],
                    "derivedKeyNote": ["type": ["string", "null"]],
                    "derivedKey": [
                        "type": "array", "items": text,
                        "description": "Without an id column: the file's columns the deals are recognised by",
                    ],
                ],
            ],
        ]
    }
    static var uuidList: JSON { ["type": "array", "items": uuid] }

    static var document: JSON {
        [
            "openapi": "3.1.0",
            "info": [
                "title": "Sparring API", "version": "1.0.0",
                "description":
                    "The sales leader's workbench. JSON in camelCase, ISO-8601 dates, cursor pagination. Errors are {\"error\": {\"code\", \"message\", \"field\"}} with messages in the caller's language.",
            ],
            "servers": [["url": "/"]],
            "security": [["bearer": [String]()]],
            "paths": withCommonResponses(
                dealPaths.merging(casePaths) { first, _ in first }.merging(sparringPaths) { first, _ in first }
                    .merging(sharePaths) { first, _ in first }.merging(leadershipPaths) { first, _ in first }
                    .merging(
                        [
                            SiteRoute.api(.me).path: [
                                "get": [
                                    "summary": "The signed-in person and their organisation", "operationId": "getMe",
                                    "responses": ["200": ok("Me"), "401": errorResponse("No valid token")],
                                ]
                            ],
                            SiteRoute.api(.teams).path: [
                                "get": listOperation(
                                    "Teams of the organisation, by name",
                                    id: "listTeams", schema: "TeamPage")
                            ],
                            SiteRoute.api(.users).path: [
                                "get": listOperation(
                                    "People of the organisation, by name", id: "listUsers", schema: "UserPage",
                                    extra: [
                                        [
                                            "name": "includeDeactivated", "in": "query", "required": false,
                                            "description": "Admins only: include deactivated people.",
                                            "schema": ["type": "boolean"],
                                        ]
                                    ])
                            ],
                        ] as JSON
                    ) { first, _ in first }),
            "components": [
                "securitySchemes": [
                    "bearer": [
                        "type": "http", "scheme": "bearer",
                        "description": "A personal API token from the profile page or `sparring token create`.",
                    ]
                ],
                "schemas": dealSchemas.merging(caseSchemas) { first, _ in first }.merging(sparringSchemas) { first, _ in
                    first
                }.merging(shareSchemas) { first, _ in first }.merging(leadershipSchemas) { first, _ in first }.merging(
                    [
                        "Error": [
                            "type": "object", "required": ["error"],
                            "properties": [
                                "error": [
                                    "type": "object", "required": ["code", "message"],
                                    "properties": [
                                        "code": ["type": "string"], "message": ["type": "string"],
                                        "field": ["type": "string"],
                                    ],
                                ]
                            ],
                        ],
                        "Organisation": [
                            "type": "object", "required": ["id", "name", "defaultLocale", "baseCurrency", "timeZone"],
                            "properties": [
                                "id": uuid, "name": ["type": "string"],
                                "defaultLocale": ["type": "string", "enum": ["nb", "en"]],
                                "baseCurrency": ["type": "string"], "timeZone": ["type": "string"],
                            ],
                        ],
                        "User": [
                            "type": "object",
                            "required": ["id", "name", "email", "role", "active", "memberOf", "leads", "createdAt"],
                            "properties": [
                                "id": uuid, "name": ["type": "string"], "email": ["type": "string"],
                                "role": ["type": "string", "enum": ["admin", "leader", "seller"]],
                                "locale": ["type": ["string", "null"], "enum": ["nb", "en", NSNull()]],
                                "active": ["type": "boolean"], "memberOf": uuidList, "leads": uuidList,
                                "createdAt": ["type": "string", "format": "date-time"],
                            ],
                        ],
                        "Me": [
                            "type": "object", "required": ["user", "organisation"],
                            "properties": ["user": ref("User"), "organisation": ref("Organisation")],
                        ],
                        "Team": [
                            "type": "object", "required": ["id", "name", "version", "leaderIDs", "memberIDs"],
                            "properties": [
                                "id": uuid, "name": ["type": "string"], "version": ["type": "integer"],
                                "leaderIDs": uuidList, "memberIDs": uuidList,
                            ],
                        ],
                        "TeamPage": page("Team"),
                        "UserPage": page("User"),
                    ] as JSON
                ) { first, _ in first },
            ],
        ]
    }

    /// Answers every operation may give, added in one place: too many wrong tokens from one address
    /// (429), busy (503), and for a body, one too large (413) or not JSON (415).
    static func withCommonResponses(_ paths: JSON) -> JSON {
        paths.mapValues { operations in
            guard let operations = operations as? JSON else { return operations }
            return operations.mapValues { operation in
                guard var operation = operation as? JSON, var responses = operation["responses"] as? JSON else {
                    return operation
                }
                responses["429"] = errorResponse("Too many wrong tokens from this address; `Retry-After` says when")
                responses["503"] = errorResponse(
                    "No database connection in time (a burst on a busy server); nothing changed, `Retry-After` says when"
                )
                if operation["requestBody"] != nil {
                    responses["413"] = errorResponse("The body is too large")
                    responses["415"] = errorResponse("The body is not `application/json`")
                }
                operation["responses"] = responses
                return operation
            }
        }
    }

    static func page(_ item: String) -> JSON {
        [
            "type": "object", "required": ["items"],
            "properties": [
                "items": ["type": "array", "items": ref(item)], "nextCursor": ["type": ["string", "null"]],
            ],
        ]
    }

    /// The document as served: built once.
    static let json: Data = (try? JSONSerialization.data(withJSONObject: document, options: [.sortedKeys])) ?? Data()
}
