import Foundation
import SparringDomain
import SparringViews

/// The case workbench's part of the OpenAPI document.
extension OpenAPIDocument {
    static func idParameter(_ name: String) -> JSON {
        ["name": name, "in": "path", "required": true, "schema": uuid]
    }

    /// An operation on a deal's case object: its parameters, body and the usual answers.
    static func caseOperation(
        _ summary: String, id: String, parameters: [String] = [], body bodySchema: String? = nil,
        success: String = "200", schema: String? = nil, conflict: String? = nil, currentMayBeAbsent: Bool = false
    ) -> JSON {
        var responses: JSON = [
            "401": errorResponse("No valid token"), "404": errorResponse("No such deal (or part of it) visible to you"),
        ]
        if let schema {
            responses[success] = ["description": "OK", "content": ["application/json": ["schema": ref(schema)]]]
        } else {
            responses[success] = ["description": "Done"]
        }
        if bodySchema != nil {
            responses["400"] = errorResponse("Malformed JSON or a field of the wrong type")
            responses["422"] = errorResponse("A field is invalid; `field` names it")
        }
        if let conflict {
            responses["409"] = [
                "description": currentMayBeAbsent
                    ? "Stale version: the object as it is now (absent when there is none yet)"
                    : "Stale version: the object as it is now",
                "content": [
                    "application/json": [
                        "schema": [
                            "type": "object", "required": currentMayBeAbsent ? ["error"] : ["error", "current"],
                            "properties": [
                                "error": [
                                    "type": "object", "properties": ["code": text, "message": text, "field": text],
                                ],
                                "current": ref(conflict),
                            ],
                        ]
                    ]
                ],
            ]
        }
        var operation: JSON = [
            "summary": summary, "operationId": id,
            "parameters": ([dealIDParameter] + parameters.map(idParameter)) as [JSON], "responses": responses,
        ]
        if let bodySchema { operation["requestBody"] = body(bodySchema) }
        return operation
    }

    static var casePaths: JSON {
        let id = UUID()
        return [
            template(.api(.dealCase(id))): [
                "get": caseOperation(
                    "The deal's case: obstacles, answers, people, evidence, plans and the audit trail", id: "getCase",
                    schema: "Case")
            ],
            template(.api(.dealObstacles(id))): [
                "post": caseOperation(
                    "Name an obstacle from the taxonomy", id: "addObstacle", body: "ObstacleCreate", success: "201",
                    schema: "Obstacle")
            ],
            template(.api(.dealObstacle(id, id))): [
                "patch": caseOperation(
                    "Change what an obstacle is (`categoryID`, `detail`), resolve it saying how (`resolution`), or reopen it (`reopen: true`)",
                    id: "patchObstacle",
                    parameters: ["obstacleID"], body: "ObstaclePatch", schema: "Obstacle", conflict: "Obstacle")
            ],
            template(.api(.dealAnswers(id))): [
                "post": caseOperation(
                    "Answer one of the four questions; the answer read at `version` (0: none) gets a new revision",
                    id: "saveAnswer", body: "AnswerSave", schema: "Answer", conflict: "Answer",
                    currentMayBeAbsent: true)
            ],
            template(.api(.dealInfluences(id))): [
                "post": caseOperation(
                    "Add a person in the buying decision", id: "addInfluence", body: "InfluenceWrite", success: "201",
                    schema: "Influence")
            ],
            template(.api(.dealInfluence(id, id))): [
                "patch": caseOperation(
                    "Change a person (send `version`)", id: "patchInfluence", parameters: ["influenceID"],
                    body: "InfluenceWrite", schema: "Influence", conflict: "Influence"),
                "delete": caseOperation(
                    "Remove a person", id: "removeInfluence", parameters: ["influenceID"], success: "204"),
            ],
            template(.api(.dealEvidence(id))): [
                "post": caseOperation(
                    "Log what was tried and how it went", id: "addEvidence", body: "EvidenceCreate", success: "201",
                    schema: "Evidence")
            ],
            template(.api(.dealEvidenceEntry(id, id))): [
                "delete": caseOperation(
                    "Remove a logged attempt", id: "removeEvidence", parameters: ["entryID"], success: "204")
            ],
            template(.api(.dealPlans(id))): [
                "get": caseOperation("The deal's plans, A, B, C…", id: "listPlans", schema: "PlanList"),
                "post": caseOperation(
                    "Make the next plan", id: "createPlan", body: "PlanWrite", success: "201", schema: "Plan"),
            ],
            template(.api(.dealPlan(id, id))): [
                "patch": caseOperation(
                    "Change a plan (send `version`; fields left out keep their value)", id: "patchPlan",
                    parameters: ["planID"], body: "PlanWrite", schema: "Plan", conflict: "Plan")
            ],
            template(.api(.dealPlanChoose(id, id))): [
                "post": caseOperation(
                    "Choose a plan: next step, its owner (someone on the deal's team) and due day; the plan chosen "
                        + "before is marked replaced, and the next step becomes a follow-up", id: "choosePlan",
                    parameters: ["planID"], body: "PlanChoose", schema: "Plan", conflict: "Plan")
            ],
            template(.api(.dealPlanOutcome(id, id))): [
                "post": caseOperation(
                    "Record how a chosen plan went", id: "recordPlanOutcome", parameters: ["planID"],
                    body: "PlanOutcome", schema: "Plan", conflict: "Plan")
            ],
            SiteRoute.api(.textBlockers).path: [
                "post": [
                    "summary":
                        "Innovation-blocking phrases in a text (practicality, legacy, personal, exportability), each with an opening question; offsets in Unicode scalars",
                    "operationId": "findBlockers", "requestBody": body("BlockerText"),
                    "responses": [
                        "200": ok("BlockerFindings"), "400": errorResponse("Malformed JSON"),
                        "401": errorResponse("No valid token"),
                        "422": errorResponse("No text, a text over 20,000 characters, or an unknown locale"),
                    ],
                ]
            ],
            SiteRoute.api(.tactics).path: [
                "get": [
                    "summary":
                        "Tactics with their evidence per obstacle category (win rates shown only with at least 5 closed deals in each group; association, not proof)",
                    "operationId": "listTactics",
                    "responses": [
                        "200": [
                            "description": "OK",
                            "content": ["application/json": ["schema": ["type": "array", "items": ref("Tactic")]]],
                        ],
                        "401": errorResponse("No valid token"),
                    ],
                ],
                "post": [
                    "summary": "Add a tactic (leaders and admins)", "operationId": "createTactic",
                    "requestBody": body("TacticCreate"),
                    "responses": [
                        "201": ["description": "Created", "content": ["application/json": ["schema": ref("Tactic")]]],
                        "400": errorResponse("Malformed JSON"), "401": errorResponse("No valid token"),
                        "403": errorResponse("Sellers read tactics but do not add them"),
                        "422": errorResponse("A field is invalid; `field` names it"),
                    ],
                ],
            ],
        ]
    }

    static func object(_ required: [String], _ properties: JSON) -> JSON {
        ["type": "object", "required": required, "properties": properties]
    }

    static func choice(_ values: [String]) -> JSON { ["type": "string", "enum": values] }

    static var caseSchemas: JSON {
        let dateTime: JSON = ["type": "string", "format": "date-time"]
        let plainDay: JSON = ["type": "string", "description": "A day: 2026-12-31 or 31.12.2026."]
        let rate = object(
            ["deals"],
            [
                "deals": integer, "wins": ["type": ["integer", "null"]], "rate": ["type": ["number", "null"]],
                "low": ["type": ["number", "null"]], "high": ["type": ["number", "null"]],
            ])
        let planText: JSON = [
            "title": text, "approach": text, "steps": text, "consequences": text, "risks": text, "positioning": text,
            "resources": text, "expectedEffect": text,
        ]
        return [
            "Obstacle": object(
                ["id", "version", "categoryID", "detail", "createdAt"],
                [
                    "id": uuid, "version": integer, "categoryID": uuid, "detail": text, "resolution": nullableText,
                    "resolvedAt": ["type": ["string", "null"], "format": "date-time"], "createdAt": dateTime,
                ]),
            "ObstacleCreate": object(["categoryID"], ["categoryID": uuid, "detail": text]),
            "ObstaclePatch": object(
                ["version"],
                [
                    "version": integer, "resolution": nullableText, "reopen": ["type": "boolean"],
                    "categoryID": uuid, "detail": text,
                ]),
            "Answer": object(
                ["question", "version", "text", "answeredAt", "answeredBy"],
                [
                    "question": choice(CaseQuestion.allCases.map(\.rawValue)), "version": integer, "text": text,
                    "answeredAt": dateTime, "answeredBy": text,
                ]),
            "AnswerSave": object(
                ["question", "version", "text"],
                ["question": choice(CaseQuestion.allCases.map(\.rawValue)), "version": integer, "text": text]),
            "Influence": object(
                ["id", "version", "name", "role", "stance"],
                [
                    "id": uuid, "version": integer, "name": text, "title": nullableText,
                    "role": choice(InfluenceRole.allCases.map(\.rawValue)),
                    "stance": choice(InfluenceStance.allCases.map(\.rawValue)), "note": nullableText,
                ]),
            "InfluenceWrite": object(
                [],
                [
                    "version": integer, "name": text, "title": nullableText,
                    "role": choice(InfluenceRole.allCases.map(\.rawValue)),
                    "stance": choice(InfluenceStance.allCases.map(\.rawValue)), "note": nullableText,
                ]),
            "Evidence": object(
                ["id", "version", "tried", "result", "triedOn", "recordedBy"],
                [
                    "id": uuid, "version": integer, "tried": text,
                    "result": choice(EvidenceResult.allCases.map(\.rawValue)), "note": nullableText,
                    "triedOn": text, "recordedBy": text,
                ]),
            "EvidenceCreate": object(
                ["tried", "result", "triedOn"],
                [
                    "tried": text, "result": choice(EvidenceResult.allCases.map(\.rawValue)), "note": nullableText,
                    "triedOn": plainDay,
                ]),
            "Plan": object(
                ["id", "version", "letter", "title", "approach", "tactics"],
                planText.merging([
                    "id": uuid, "version": integer, "letter": text, "tactics": uuidList,
                    "chosen": ["type": "boolean", "description": "The deal's plan now (one at a time)"],
                    "choice": [
                        "type": ["object", "null"],
                        "properties": [
                            "chosenBy": uuid, "chosenAt": dateTime, "nextStep": text, "ownerID": uuid, "dueOn": text,
                            "replacedAt": dateTime,
                        ],
                    ],
                    "outcome": [
                        "type": ["object", "null"],
                        "properties": [
                            "result": choice(PlanOutcome.allCases.map(\.rawValue)), "note": nullableText,
                            "recordedAt": dateTime,
                        ],
                    ],
                ]) { first, _ in first }),
            "PlanList": ["type": "array", "items": ref("Plan")],
            "PlanWrite": object([], planText.merging(["version": integer, "tactics": uuidList]) { first, _ in first }),
            "PlanChoose": object(
                ["version", "nextStep", "ownerID", "dueOn"],
                ["version": integer, "nextStep": text, "ownerID": uuid, "dueOn": plainDay]),
            "PlanOutcome": object(
                ["version", "outcome"],
                ["version": integer, "outcome": choice(PlanOutcome.allCases.map(\.rawValue)), "note": nullableText]),
            "CaseEvent": object(
                ["at", "actor", "action", "subject"],
                ["at": dateTime, "actor": text, "action": choice(CaseAction.allCases.map(\.rawValue)), "subject": text]),
            "Case": object(
                ["dealID", "obstacles", "answers", "influences", "evidence", "plans", "events"],
                [
                    "dealID": uuid, "obstacles": ["type": "array", "items": ref("Obstacle")],
                    "answers": ["type": "array", "items": ref("Answer")],
                    "influences": ["type": "array", "items": ref("Influence")],
                    "evidence": ["type": "array", "items": ref("Evidence")],
                    "plans": ["type": "array", "items": ref("Plan")],
                    "events": ["type": "array", "items": ref("CaseEvent")],
                ]),
            "TacticEvidence": object(
                ["categoryID", "shown", "applied", "notApplied"],
                ["categoryID": uuid, "shown": ["type": "boolean"], "applied": rate, "notApplied": rate]),
            "Tactic": object(
                ["id", "version", "name", "summary", "categories", "retired", "evidence"],
                [
                    "id": uuid, "version": integer, "name": text, "summary": text, "categories": uuidList,
                    "retired": ["type": "boolean"], "evidence": ["type": "array", "items": ref("TacticEvidence")],
                ]),
            "BlockerText": object(
                ["text"],
                [
                    "text": text,
                    "locale": [
                        "type": "string", "enum": ["nb", "en"],
                        "description": "The language of the questions; left out, the text's own language.",
                    ],
                ]),
            "BlockerFindings": object(
                ["locale", "findings"],
                [
                    "locale": choice(["nb", "en"]),
                    "findings": [
                        "type": "array",
                        "items": object(
                            ["bias", "start", "end", "phrase", "question"],
                            [
                                "bias": choice(BlockerBias.allCases.map(\.rawValue)), "start": integer, "end": integer,
                                "phrase": text, "question": text,
                            ]),
                    ],
                ]),
            "TacticCreate": object(["name", "categories"], ["name": text, "summary": text, "categories": uuidList]),
        ]
    }
}
