import Foundation
import Plot
import SparringDomain

/// Step 1 of an import: choose the source and the file.
public enum ImportPage {
    public struct Model: Sendable {
        public var state: FormState
        public var teams: [(id: UUID, name: String)]

        public init(state: FormState, teams: [(id: UUID, name: String)]) {
            self.state = state
            self.teams = teams
        }
    }

    public typealias View = PageView<Model>
}

/// Steps 2–4: the columns and names found, the dry-run report, and the button that imports.
public enum ImportPreviewPage {
    public struct Model: Sendable {
        public var uploadID: UUID
        public var source: ImportSource
        public var teamID: UUID?
        public var teams: [(id: UUID, name: String)]
        public var report: ImportReport
        public var stages: StageDirectory
        /// What each unknown stage or owner is mapped to so far (value of its select).
        public var stageChoices: [String: String]
        public var ownerChoices: [String: String]
        public var people: [(id: UUID, name: String)]
        public var importerName: String
        /// Set once the real import has run.
        public var done: Bool

        public init(
            uploadID: UUID, source: ImportSource, teamID: UUID?, teams: [(id: UUID, name: String)],
            report: ImportReport,
            stages: StageDirectory, stageChoices: [String: String], ownerChoices: [String: String],
            people: [(id: UUID, name: String)], importerName: String, done: Bool
        ) {
            self.uploadID = uploadID
            self.source = source
            self.teamID = teamID
            self.teams = teams
            self.report = report
            self.stages = stages
            self.stageChoices = stageChoices
            self.ownerChoices = ownerChoices
            self.people = people
            self.importerName = importerName
            self.done = done
        }
    }

    public typealias View = PageView<Model>
}

extension ImportSource {
    public var label: String {
        switch self {
        case .salesforce: "Salesforce (data export)"
        case .salesforceReport: "Salesforce (report)"
        case .hubspot: "HubSpot"
        case .pipedrive: "Pipedrive"
        case .csv: "CSV"
        }
    }
}

extension PageView where Model == ImportPage.Model {
    public func render() -> String {
        let t = context.t, state = model.state
        return Layout.render(context: context, title: t(.importTitle)) {
            Tag("h1", text: t(.importTitle))
            Tag("p", text: t(.importIntro))
            ErrorSummary(
                context: context, state: state,
                labels: ["file": t(.importFile), "source": t(.importSource), "team": t(.importTeam)])
            Tag(
                "form",
                [
                    .attr("method", "post"), .attr("action", SiteRoute.importPreview.path),
                    .attr("enctype", "multipart/form-data"),
                    .attr("novalidate", "novalidate"),
                ]
            ) {
                CSRFField(token: context.csrfToken)
                SelectInput(
                    context: context, name: "source", label: t(.importSource),
                    options: ImportSource.allCases.map { (value: $0.rawValue, label: $0.label) },
                    selected: state["source"],
                    error: state.error("source"))
                SelectInput(
                    context: context, name: "team", label: t(.importTeam),
                    options: model.teams.map { (value: $0.id.uuidString, label: $0.name) }, selected: state["team"],
                    error: state.error("team"))
                FieldFrame(
                    context: context, name: "file", label: t(.importFile), hint: t(.importFileHint),
                    error: state.error("file")
                ) { id, aria in
                    VoidTag(
                        "input",
                        [
                            .attr("type", "file"), .attr("id", id), .attr("name", "file[]"), .flag("multiple"),
                            .attr("accept", ".csv,.txt,text/csv"),
                        ] + aria)
                }
                Tag("div", [.attr("class", "actions")]) {
                    Tag("button", [.attr("type", "submit"), .attr("class", "primary")], text: t(.importUpload))
                }
            }
        }
    }
}

extension PageView where Model == ImportPreviewPage.Model {
    public func render() -> String {
        let t = context.t, report = model.report, format = context.format
        let counts = t(
            .importCounts,
            [
                "created": format.integer(report.created), "updated": format.integer(report.updated),
                "stageChanges": format.integer(report.stageChanges), "customers": format.integer(report.customers),
            ])
        return Layout.render(context: context, title: t(.importPreviewTitle)) {
            Tag("p") { Tag("a", [.attr("href", SiteRoute.imports.path)], text: "← " + t(.importTitle)) }
            Tag(
                "h1",
                text: model.done
                    ? t(
                        .importDone,
                        ["created": format.integer(report.created), "updated": format.integer(report.updated)])
                    : t(.importPreviewTitle))
            Tag("section", [.attr("class", "panel"), .attr("id", "report")]) {
                if !model.done { Tag("h2", text: t(.importReport)) }
                Tag("p", [.attr("class", "import-counts")], text: counts)
                if let note = report.derivedKeyNote(t) {
                    Tag("p", [.attr("class", "hint"), .attr("id", "derived-key")], text: note)
                }
                if report.problemCount > 0 {
                    Tag(
                        "h3", [.attr("class", "field-error")],
                        text: t(.importProblemsTitle, ["count": format.integer(report.problemCount)]))
                    // By kind, largest first: one line per thing to fix, with every row it is in.
                    DataTable(headers: [t(.importProblem), t(.importColumn), t(.importValue), t(.importRows)]) {
                        for group in report.problemGroups {
                            Tag("tr", [.attr("class", "problem-group")]) {
                                Tag("td", text: t(group.message))
                                Tag("td", text: group.column)
                                Tag("td", text: group.valueText(t))
                                Tag("td", text: group.rowsText(t))
                            }
                        }
                    }
                }
            }
            if !model.done {
                mappingForm
            } else {
                Tag("p") {
                    Tag(
                        "a", [.attr("class", "button primary"), .attr("href", SiteRoute.deals.path)],
                        text: t(.dealsTitle))
                }
            }
        }
    }

    /// One select per name of the file (`stage.0` with its name in `stageName.0`, …); nothing when none.
    private func nameMapping(
        _ title: String, field: String, names: [String], options: [(value: String, label: String)],
        chosen: [String: String]
    ) -> Component {
        ComponentGroup {
            if !names.isEmpty {
                Tag("section", [.attr("class", "panel")]) {
                    Tag("h2", text: title)
                    for (index, name) in names.enumerated() {
                        HiddenField(name: "\(field)Name.\(index)", value: name)
                        SelectInput(
                            context: context, name: "\(field).\(index)", label: name, options: options,
                            selected: chosen[name] ?? "")
                    }
                }
            }
        }
    }

    /// A field's name in the reader's language (the form field keeps Sparring's own column name).
    private func label(_ column: DealColumn) -> String {
        let t = context.t
        switch column {
        case .externalID: return t(.columnExternalID)
        case .title: return t(.dealTitle)
        case .customer: return t(.customer)
        case .owner: return t(.owner)
        case .stage: return t(.stage)
        case .pipeline: return t(.pipeline)
        case .amount: return t(.amount)
        case .currency: return t(.currency)
        case .closeDate: return t(.expectedClose)
        case .createdDate: return t(.columnCreated)
        case .status: return t(.status)
        case .closeReason: return t(.closeReason)
        case .nextStep: return t(.nextStep)
        case .source: return t(.columnSource)
        case .industry: return t(.industry)
        case .isClosed: return t(.columnIsClosed)
        case .isWon: return t(.columnIsWon)
        }
    }

    private var mappingForm: Component {
        let t = context.t, report = model.report
        let none = [(value: "", label: t(.importColumnNone))]
        let columns = none + report.header.enumerated().map { (value: String($0.offset), label: $0.element) }
        let stageOptions =
            [(value: "", label: "—"), (value: "create", label: t(.importCreateStage))]
            + model.stages.options(context.locale)
        let ownerOptions =
            [(value: "", label: "—"), (value: "me", label: t(.importOwnerDefault, ["name": model.importerName]))]
            + model.people.map { (value: $0.id.uuidString, label: $0.name) }
        return Tag(
            "form",
            [.attr("method", "post"), .attr("action", SiteRoute.importPreview.path), .attr("novalidate", "novalidate")]
        ) {
            CSRFField(token: context.csrfToken)
            HiddenField(name: "uploadID", value: model.uploadID.uuidString)
            Tag("section", [.attr("class", "panel")]) {
                Tag("h2", text: t(.importMapping))
                SelectInput(
                    context: context, name: "team", label: t(.importTeam),
                    options: model.teams.map { (value: $0.id.uuidString, label: $0.name) },
                    selected: model.teamID?.uuidString ?? "")
                Tag("div", [.attr("class", "mapping")]) {
                    for column in DealColumn.allCases {
                        SelectInput(
                            context: context, name: "col." + column.rawValue, label: label(column), options: columns,
                            selected: report.mapping.columns[column].map(String.init) ?? "")
                    }
                }
            }
            // Names mapped in an earlier step stay in the form, so confirming keeps their mapping.
            let stageNames = Set(report.unknownStages).union(model.stageChoices.keys).sorted()
            let ownerNames = Set(report.unknownOwners).union(model.ownerChoices.keys).sorted()
            nameMapping(
                t(.importStages), field: "stage", names: stageNames, options: stageOptions, chosen: model.stageChoices)
            nameMapping(
                t(.importOwners), field: "owner", names: ownerNames, options: ownerOptions, chosen: model.ownerChoices)
            Tag("div", [.attr("class", "actions")]) {
                Tag(
                    "button", [.attr("type", "submit"), .attr("name", "step"), .attr("value", "dry-run")],
                    text: t(.importDryRun))
                Tag(
                    "button",
                    [
                        .attr("type", "submit"), .attr("class", "primary"), .attr("name", "step"),
                        .attr("value", "import"),
                        .attr("formaction", SiteRoute.importRun.path), .flag("disabled", report.problemCount > 0),
                        .optional("aria-describedby", report.problemCount > 0 ? "import-blocked" : nil),
                    ], text: t(.importConfirm))
            }
            // A disabled button says nothing by itself: why it is, and what makes it possible.
            if report.problemCount > 0 {
                Tag("p", [.attr("class", "hint"), .attr("id", "import-blocked")], text: t(.importBlocked))
            }
        }
    }
}
