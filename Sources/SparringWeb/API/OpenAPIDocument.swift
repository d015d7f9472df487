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
            "paths": [
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
            ],
            "components": [
                "securitySchemes": [
                    "bearer": [
                        "type": "http", "scheme": "bearer",
                        "description": "A personal API token from the profile page or `sparring token create`.",
                    ]
                ],
                "schemas": [
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
                ],
            ],
        ]
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
