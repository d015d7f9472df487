import Foundation

/// Where an export comes from. Each source has its own column names; `csv` is any other file, mapped
/// by hand (or by Sparring's own column names).
public enum ImportSource: String, CaseIterable, Sendable, Codable {
    /// Salesforce data export: `Opportunity.csv` with API field names (joined with Account and User files).
    case salesforce
    /// A Salesforce report export: field labels such as `Opportunity Owner`.
    case salesforceReport
    case hubspot
    case pipedrive
    case csv
}

/// The deal fields Sparring reads from an export.
public enum DealColumn: String, CaseIterable, Sendable, Codable {
    case externalID, title, customer, owner, stage, pipeline, amount, currency, closeDate, createdDate
    case status, closeReason, nextStep, source, industry, isClosed, isWon

    /// Columns an import cannot do without: which deal, where it stands. The CRM's id is not among
    /// them: a report exported without it is a normal export, matched by a key made of its other
    /// columns (`ColumnMapping.derivedKeyColumns`).
    public static let required: [DealColumn] = [.title, .stage]

    /// What a deal is recognised by when the file has no id column: its name, its customer and when
    /// it was created, whichever the file has (the name always). Not the owner, stage, amount or
    /// close date, which change between exports.
    public static let derivedKey: [DealColumn] = [.title, .customer, .createdDate]
}

/// Which column of the file holds which field.
public struct ColumnMapping: Sendable, Equatable {
    /// HubSpot's `Date entered "<stage> (<pipeline>)"` columns: the stage history of each deal.
    public struct StageEntryColumn: Sendable, Equatable {
        public var index: Int
        public var stage: String
        public var pipeline: String?
    }

    public var columns: [DealColumn: Int]
    public var stageEntries: [StageEntryColumn]

    public init(columns: [DealColumn: Int] = [:], stageEntries: [StageEntryColumn] = []) {
        self.columns = columns
        self.stageEntries = stageEntries
    }

    /// Required fields no column was found for.
    public var missing: [DealColumn] { DealColumn.required.filter { columns[$0] == nil } }

    /// The columns a deal's key is made of when there is no id column; `nil` when there is one.
    public var derivedKeyColumns: [DealColumn]? {
        columns[.externalID] == nil ? DealColumn.derivedKey.filter { columns[$0] != nil } : nil
    }

    /// The header names each source uses, lower-cased; the first match wins. Sparring's own names
    /// (`externalID`, `title`, …) work for every source, so a hand-made file needs no mapping.
    static func aliases(_ source: ImportSource) -> [DealColumn: [String]] {
        switch source {
        case .salesforce:
            return [
                .externalID: ["id"], .title: ["name"], .customer: ["accountid", "account.name"],
                .owner: ["ownerid", "owner.name"], .stage: ["stagename"], .amount: ["amount"],
                .currency: ["currencyisocode"], .closeDate: ["closedate"], .createdDate: ["createddate"],
                .nextStep: ["nextstep"], .source: ["leadsource"], .isClosed: ["isclosed"], .isWon: ["iswon"],
                .closeReason: ["loss_reason__c", "lossreason__c", "closed_lost_reason__c"],
                .pipeline: ["recordtype.name"],
            ]
        case .salesforceReport:
            return [
                .externalID: ["opportunity id", "salgsmulighets-id"],
                .title: ["opportunity name", "salgsmulighetsnavn"],
                .customer: ["account name", "kontonavn"], .owner: ["opportunity owner", "eier av salgsmulighet"],
                .stage: ["stage", "fase"], .amount: ["amount", "beløp"],
                .currency: ["amount currency", "opportunity currency", "currency", "valuta"],
                .closeDate: ["close date", "avslutningsdato"], .createdDate: ["created date", "opprettet dato"],
                .nextStep: ["next step", "neste trinn"], .source: ["lead source", "kundeemnekilde"],
                .industry: ["industry", "bransje"], .isClosed: ["closed", "lukket"], .isWon: ["won", "vunnet"],
                .closeReason: ["loss reason", "closed lost reason"], .pipeline: ["opportunity record type"],
            ]
        case .hubspot:
            return [
                .externalID: ["record id", "deal id"], .title: ["deal name"],
                .customer: ["associated company (primary)", "associated company", "company name"],
                .owner: ["deal owner"], .stage: ["deal stage"], .pipeline: ["pipeline"], .amount: ["amount"],
                .currency: ["currency", "deal currency code"], .closeDate: ["close date"],
                .createdDate: ["create date"], .nextStep: ["next step"],
                .source: ["original source type", "deal source"],
                .closeReason: ["closed lost reason", "closed won reason"],
            ]
        case .pipedrive:
            return [
                .externalID: ["deal - id", "id"], .title: ["deal - title", "title"],
                .customer: ["deal - organization", "organization"], .owner: ["deal - owner", "owner"],
                .stage: ["deal - stage", "stage"], .pipeline: ["deal - pipeline", "pipeline"],
                .amount: ["deal - value", "value"], .currency: ["deal - currency", "currency"],
                .closeDate: ["deal - expected close date", "expected close date"],
                .createdDate: ["deal - deal created", "deal created"], .status: ["deal - status", "status"],
                .closeReason: ["deal - lost reason", "lost reason"],
                .source: ["deal - source channel", "source channel"],
            ]
        case .csv:
            return [:]
        }
    }

    /// Finds the columns of `header` for `source`. Matching ignores case, surrounding spaces and a
    /// byte-order mark; Sparring's own field names are understood for every source.
    public static func detect(source: ImportSource, header: [String]) -> ColumnMapping {
        let names = header.map(normalise)
        var mapping = ColumnMapping()
        let aliases = Self.aliases(source)
        for column in DealColumn.allCases {
            let candidates = (aliases[column] ?? []) + [column.rawValue.lowercased()]
            if let index = candidates.lazy.compactMap({ names.firstIndex(of: $0) }).first {
                mapping.columns[column] = index
            }
        }
        if source == .hubspot || source == .csv {
            for (index, name) in header.enumerated() {
                if let entry = hubSpotStageEntry(name) {
                    mapping.stageEntries.append(
                        StageEntryColumn(index: index, stage: entry.stage, pipeline: entry.pipeline))
                }
            }
        }
        return mapping
    }

    public static func normalise(_ name: String) -> String {
        name.replacingOccurrences(of: "\u{FEFF}", with: "").trimmingCharacters(in: .whitespaces).lowercased()
    }

    /// `Date entered "Presentation Scheduled (Sales Pipeline)"` → stage and pipeline.
    static func hubSpotStageEntry(_ header: String) -> (stage: String, pipeline: String?)? {
        let text = header.trimmingCharacters(in: .whitespaces)
        let prefix = "date entered \""
        guard text.lowercased().hasPrefix(prefix), text.hasSuffix("\"") else { return nil }
        let inner = String(text.dropFirst(prefix.count).dropLast())
        guard inner.hasSuffix(")"), let open = inner.lastIndex(of: "(") else {
            return inner.isEmpty ? nil : (inner, nil)
        }
        let stage = inner[..<open].trimmingCharacters(in: .whitespaces)
        let pipeline = inner[inner.index(after: open)..<inner.index(before: inner.endIndex)]
        return stage.isEmpty ? nil : (stage, String(pipeline))
    }
}
