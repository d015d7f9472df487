import FluentKit
import FluentSQLiteDriver
import Foundation
import SQLKit
import SparringDomain

/// Whose personal data an administrator asks about: a colleague (a user of the organisation), or a
/// customer's contact person, known only by the name written on deals (buying influences, notes).
public enum PrivacySubject: Sendable, Equatable {
    case user(UUID)
    case contact(String)
}

/// Everything Sparring holds about one person, as an administrator downloads it.
public struct PersonalDataExport: Sendable, Encodable {
    public struct Person: Sendable, Encodable {
        public var kind: String
        public var name: String
        public var email: String?
    }

    /// A row that refers to the person (they wrote it, own it, or it is about them).
    public struct Record: Sendable, Encodable {
        public var table: String
        public var column: String
        public var values: [String: String?]
    }

    /// A text that names the person.
    public struct Mention: Sendable, Encodable {
        public var table: String
        public var id: String
        public var column: String
        public var text: String
    }

    /// An uploaded CRM export kept between its dry run and its import, in which the person appears.
    public struct ImportFile: Sendable, Encodable {
        public var name: String
        public var uploadedAt: String
    }

    public var person: Person
    public var generatedAt: Date
    public var records: [Record]
    public var mentions: [Mention]
    public var importFiles: [ImportFile]
    /// Said in the file itself, so nobody reading it wonders.
    public var pulse =
        "Pulse answers are stored without any person: only that a person took part in a round (in records, pulse_participants, for rounds that have closed) is held."
}

/// What an erasure changed.
public struct ErasureSummary: Sendable, Equatable {
    public var rows: Int
    public var tables: Set<String>
}

/// Finding, exporting and erasing a person's data across every table of the organisation. Tables and
/// text columns are read from the database's own schema, so a table added later is covered without
/// changing this code.
public struct PrivacyStore: Sendable {
    let db: any Database
    let organisationID: UUID
    var sql: any SQLDatabase { db as! any SQLDatabase }

    /// Derived, secret or key columns: never exported, never rewritten. The search index is derived
    /// from the texts and is rebuilt for what changed.
    static func isSkipped(table: String, column: String) -> Bool {
        column.contains("hash") || column.contains("token") || column.contains("secret") || column.hasSuffix("_key")
            || table == "search_entries" || table == "_fluent_migrations" || (table == "sessions" && column == "id")
    }

    /// Columns that hold codes, dates or keys in every table that has them, never a person's name: not
    /// searched. (`result` and `question` are free text somewhere, so they are searched everywhere.)
    static func holdsCodes(_ column: String) -> Bool {
        let codes: Set<String> = [
            "status", "currency", "kind", "role", "stance", "outcome", "visibility", "scope", "external_source",
            "external_id", "size_band", "locale", "default_locale", "base_currency", "time_zone", "period",
            "period_key", "quarter", "month", "bias", "reaction", "origin", "state", "verdict", "action", "cells",
            "rate", "unit",
        ]
        return codes.contains(column) || column.hasSuffix("_on") || column.hasSuffix("_until")
    }

    // MARK: Finding

    public struct Matches: Sendable {
        public var users: [User]
        public var contacts: [(name: String, deals: Int)]
    }

    /// Colleagues whose name or e-mail contains `query`, and contact names on deals that do.
    public func find(_ query: String) async throws -> Matches {
        let pattern = ContainsText.pattern(query.trimmed)
        let ids = try await sql.select().column("id").from("users").where("organisation_id", .equal, organisationID)
            .where { group in
                group.where(like("name", pattern)).orWhere(like("email", pattern))
            }
            .orderBy("name").limit(20).all().map { try $0.decode(column: "id", as: UUID.self) }
        var users: [User] = []
        for id in ids { users.append(try await UserStore(db: db, organisationID: organisationID).find(id)) }
        let contacts = try await sql.select().column("name")
            .column(SQLFunction("COUNT", args: SQLDistinct(SQLColumn("deal_id"))), as: "deals")
            .from("buying_influences").where("organisation_id", .equal, organisationID)
            .where(like("name", pattern)).groupBy("name").orderBy("name").limit(20).all()
            .map { (try $0.decode(column: "name", as: String.self), try $0.decode(column: "deals", as: Int.self)) }
        return Matches(users: users, contacts: contacts)
    }

    // MARK: Export

    public func export(_ subject: PrivacySubject, now: Date) async throws -> PersonalDataExport {
        try await DatabaseBackup.snapshot(db) { sql, schema in
            let store = PrivacyStore(db: sql as! any Database, organisationID: organisationID)
            let (person, redaction) = try await store.person(subject, placeholder: "")
            var records: [PersonalDataExport.Record] = []
            if case .user(let id) = subject {
                for table in schema {
                    for (column, parent) in table.foreignKeys.sorted(by: { $0.key < $1.key }) where parent == "users" {
                        records += try await store.records(table, where: column, equals: id)
                    }
                }
                if let users = schema.first(where: { $0.name == "users" }) {
                    records += try await store.records(users, where: "id", equals: id)
                }
            }
            let mentions = try await store.mentions(redaction, schema: schema, excludingPeople: false)
            let files = try await store.importFiles(mentioning: redaction)
            return PersonalDataExport(
                person: person, generatedAt: now, records: records, mentions: mentions.map(\.mention),
                importFiles: files.map { PersonalDataExport.ImportFile(name: $0.name, uploadedAt: $0.uploadedAt) })
        }
    }

    // MARK: Erasure

    /// Replaces the person's name (and a colleague's e-mail) in every text with `placeholder`, drops
    /// uploaded files that name them, and for a colleague also anonymises and deactivates the account.
    ///
    /// The texts are found first, from a read snapshot (a pass over every table, seconds at the design
    /// size), so that the write lock is held only for the changes: all of them in one transaction, each
    /// text read again and redacted as it is then. The search index follows in batches.
    public func erase(_ subject: PrivacySubject, placeholder: String, now: Date) async throws -> ErasureSummary {
        let (person, found) = try await DatabaseBackup.snapshot(db) { sql, schema in
            let store = PrivacyStore(db: sql as! any Database, organisationID: organisationID)
            let (person, redaction) = try await store.person(subject, placeholder: placeholder)
            return (person, try await store.mentions(redaction, schema: schema, excludingPeople: true))
        }
        let redaction = Redaction(
            targets: [person.name] + (person.email.map { [$0] } ?? []), placeholder: placeholder)
        var deals = Set<UUID>(), stories = Set<UUID>()
        let summary = try await db.writeTransaction { tx in
            let store = PrivacyStore(db: tx, organisationID: organisationID)
            let sql = tx as! any SQLDatabase
            var summary = ErasureSummary(rows: 0, tables: [])
            for mention in found.map(\.mention) {
                guard
                    let text = try await sql.select().column(SQLIdentifier(mention.column), as: "text")
                        .from(mention.table).where(SQLColumn("id"), .equal, store.key(mention.id))
                        .where("organisation_id", .equal, organisationID).first()?.decode(
                            column: "text", as: String?.self)
                else { continue }
                let changed = redaction.apply(text)
                guard changed != text else { continue }
                var update = sql.update(mention.table).set(SQLIdentifier(mention.column), to: SQLBind(changed))
                if mention.table == "buying_influences", mention.column == "name",
                    text.trimmed.lowercased() == person.name.lowercased()
                {
                    // The contact's own record: their job title would still point at them.
                    update = update.set("title", to: SQLLiteral.null)
                }
                try await update.where(SQLColumn("id"), .equal, store.key(mention.id))
                    .where("organisation_id", .equal, organisationID).run()
                summary.rows += 1
                summary.tables.insert(mention.table)
            }
            for file in try await store.importFiles(mentioning: redaction) {
                try await sql.delete(from: "import_files").where(SQLColumn("id"), .equal, store.key(file.id)).run()
                summary.rows += 1
                summary.tables.insert("import_files")
            }
            if case .user(let id) = subject {
                try await store.anonymise(id, email: person.email ?? "", placeholder: placeholder, now: now)
                summary.rows += 1
                summary.tables.insert("users")
            }
            return summary
        }
        for mention in found {
            if let deal = mention.dealID { deals.insert(deal) }
            if mention.mention.table == "case_stories", let story = mention.storyID { stories.insert(story) }
        }
        try await SearchIndex(db: db, organisationID: organisationID).reindex(
            deals: try await indexedTexts(naming: redaction, among: Array(deals)), stories: Array(stories), at: now)
        return summary
    }

    /// Of these deals, those whose case text in the search index names the person: only they need
    /// indexing again (a contact's own record, say, is not part of the indexed text).
    func indexedTexts(naming redaction: Redaction, among deals: [UUID]) async throws -> [UUID] {
        var naming: [UUID] = []
        for batch in deals.chunked(into: 500) {
            for row in try await sql.select().columns("ref_id", "body").from("search_entries")
                .where("kind", .equal, SearchKind.deal.rawValue).where("ref_id", .in, batch)
                .where("organisation_id", .equal, organisationID).all()
            where redaction.matches(try row.decode(column: "body", as: String?.self) ?? "") {
                naming.append(try row.decode(column: "ref_id", as: UUID.self))
            }
        }
        return naming
    }

    /// The account keeps its id (the deal history refers to it) and loses everything that names or
    /// reaches the person: name, address, password, sessions, tokens, calendar feed, language.
    func anonymise(_ id: UUID, email: String, placeholder: String, now: Date) async throws {
        try await sql.update("users").set("name", to: placeholder)
            .set("email", to: "erased-\(id.uuidString.lowercased())@erased.invalid")
            // Not a bcrypt hash: no password can ever match it.
            .set("password_hash", to: "erased").set("is_active", to: false).set("deactivated_at", to: now)
            .set("locale", to: SQLLiteral.null).set("must_change_password", to: false)
            .set("version", to: SQLRaw("version + 1"))
            .where("id", .equal, id).where("organisation_id", .equal, organisationID).run()
        try await sql.delete(from: "sessions").where("user_id", .equal, id).run()
        try await sql.update("api_tokens").set("revoked_at", to: now).where("user_id", .equal, id)
            .where(SQLColumn("revoked_at"), .is, SQLLiteral.null).run()
        try await sql.delete(from: "calendar_feeds").where("user_id", .equal, id).run()
        try await sql.delete(from: "sign_in_failures").where("email", .equal, email.lowercased()).run()
    }

    // MARK: Reading

    /// The person as the export names them, and the redaction of their name (and e-mail).
    func person(
        _ subject: PrivacySubject, placeholder: String
    ) async throws
        -> (PersonalDataExport.Person, Redaction)
    {
        switch subject {
        case .user(let id):
            let user = try await UserStore(db: db, organisationID: organisationID).find(id)
            return (
                .init(kind: "colleague", name: user.name, email: user.email),
                Redaction(targets: [user.name, user.email], placeholder: placeholder)
            )
        case .contact(let name):
            let redaction = Redaction(targets: [name], placeholder: placeholder)
            guard !redaction.targets.isEmpty else { throw AppError.invalid("contact", .privacyQueryTooShort) }
            return (.init(kind: "contact", name: name.trimmed, email: nil), redaction)
        }
    }

    struct Found {
        var mention: PersonalDataExport.Mention
        var dealID: UUID?
        var storyID: UUID?
    }

    /// Every text of the organisation that names the person. The database narrows by pattern (in
    /// several spellings of case, as SQLite's LIKE folds only ASCII); `Redaction` decides.
    func mentions(_ redaction: Redaction, schema: [BackupTable], excludingPeople: Bool) async throws -> [Found] {
        let postgres = sql.dialect.name == "postgresql"
        var patterns = Set<String>()
        for target in redaction.targets {
            // SQLite's LIKE folds ASCII letters only: other letters are tried in the usual spellings.
            let ascii = target.unicodeScalars.allSatisfy(\.isASCII)
            let spellings =
                postgres || ascii
                ? [target] : [target, target.lowercased(), target.uppercased(), target.capitalized]
            patterns.formUnion(spellings.map { ContainsText.pattern($0.trimmed) })
        }
        var found: [Found] = []
        for table in schema where table.columns.contains("organisation_id") && table.columns.contains("id") {
            let columns = table.textColumns.filter {
                !Self.isSkipped(table: table.name, column: $0) && !Self.holdsCodes($0)
                    && !(excludingPeople && table.name == "users" && ["name", "email"].contains($0))
            }
            guard !columns.isEmpty else { continue }
            let references = ["deal_id", "story_id"].filter(table.columns.contains)
            // The row's texts joined, so each row is matched once per pattern rather than per column;
            // `+organisation_id` makes SQLite read the table through rather than by its organisation
            // index (a million index probes where one pass will do).
            let joined = columns.map { "COALESCE(\"\($0)\", '')" }.joined(separator: " || ' ' || ")
            var select = sql.select().column(postgres ? SQLRaw("id::text") : SQLColumn("id"), as: "key")
                .columns(columns + references).from(table.name)
                .where(
                    SQLBinaryExpression(
                        left: SQLRaw(postgres ? "organisation_id" : "+organisation_id"), op: SQLBinaryOperator.equal,
                        right: SQLBind(organisationID)))
            select = select.where { group in
                var group = group
                for pattern in patterns.sorted() { group = group.orWhere(like(SQLRaw(joined), pattern)) }
                return group
            }
            for row in try await select.all() {
                let key = try row.decode(column: "key", as: String.self)
                let deal = try references.contains("deal_id") ? row.decode(column: "deal_id", as: UUID?.self) : nil
                let story = try references.contains("story_id") ? row.decode(column: "story_id", as: UUID?.self) : nil
                for column in columns {
                    guard let text = try row.decode(column: column, as: String?.self), redaction.matches(text) else {
                        continue
                    }
                    found.append(
                        Found(
                            mention: .init(table: table.name, id: key, column: column, text: text),
                            dealID: table.name == "deals" ? UUID(uuidString: key) : deal,
                            storyID: table.name == "case_stories" ? UUID(uuidString: key) : story))
                }
            }
        }
        return found
    }

    /// Rows whose `column` is the person's id, every column but secrets, values as text.
    /// Participation in a round still open is left out of an export: an administrator exporting a
    /// seller's data while the round runs would otherwise learn when they answered (and could close the
    /// round right after). It is in the export once the round has closed.
    static let closedRoundsOnly = "round_id IN (SELECT id FROM pulse_rounds WHERE closed_at IS NOT NULL)"

    func records(
        _ table: BackupTable, where column: String, equals id: UUID
    ) async throws
        -> [PersonalDataExport.Record]
    {
        let shown = table.columns.filter { !Self.isSkipped(table: table.name, column: $0) }
        var rows: [[String?]] = []
        if let sqlite = sql as? any SQLiteDatabase {
            let list = shown.map { "\"\($0)\"" }.joined(separator: ", ")
            var query = "SELECT \(list) FROM \"\(table.name)\" WHERE \"\(column)\" = ?"
            var binds: [SQLiteData] = [.text(id.uuidString)]
            if table.columns.contains("organisation_id") {
                query += " AND organisation_id = ?"
                binds.append(.text(organisationID.uuidString))
            }
            if table.name == "pulse_participants" { query += " AND " + Self.closedRoundsOnly }
            for row in try await sqlite.query(query, binds) {
                rows.append(shown.map { Value.readable(row.column($0) ?? .null) })
            }
        } else {
            var select = sql.select().from(table.name).where(SQLColumn(column), .equal, SQLBind(id))
            for (index, name) in shown.enumerated() {
                select = select.column(SQLRaw("\"\(name)\"::text"), as: "c\(index)")
            }
            if table.columns.contains("organisation_id") {
                select = select.where("organisation_id", .equal, organisationID)
            }
            if table.name == "pulse_participants" { select = select.where(SQLRaw(Self.closedRoundsOnly)) }
            for row in try await select.all() {
                rows.append(try shown.indices.map { try row.decode(column: "c\($0)", as: String?.self) })
            }
        }
        return rows.map { values in
            .init(
                table: table.name, column: column,
                values: Dictionary(uniqueKeysWithValues: zip(shown, values).map { ($0, $1) }))
        }
    }

    /// Uploaded files (CSV bytes) in which the person appears.
    func importFiles(mentioning redaction: Redaction) async throws -> [(id: String, name: String, uploadedAt: String)] {
        let postgres = sql.dialect.name == "postgresql"
        var files: [(String, String, String)] = []
        for row in try await sql.select().column(postgres ? SQLRaw("id::text") : SQLColumn("id"), as: "key")
            .columns("name", "content", "created_at").from("import_files")
            .where("organisation_id", .equal, organisationID).all()
        {
            let content = try row.decode(column: "content", as: Data.self)
            guard redaction.matches(String(decoding: content, as: UTF8.self)) else { continue }
            files.append(
                (
                    try row.decode(column: "key", as: String.self), try row.decode(column: "name", as: String.self),
                    ISO8601DateFormatter().string(from: try row.decode(column: "created_at", as: Date.self))
                ))
        }
        return files
    }

    /// A key read as text, bound back in the column's own type.
    func key(_ text: String) -> any SQLExpression {
        sql.dialect.name == "postgresql" ? SQLBind(UUID(uuidString: text)) : SQLBind(text)
    }

    /// `column LIKE pattern` (PostgreSQL: ILIKE), with `\` as the escape character.
    func like(_ column: String, _ pattern: String) -> any SQLExpression { like(SQLColumn(column), pattern) }

    func like(_ value: any SQLExpression, _ pattern: String) -> any SQLExpression {
        SQLBinaryExpression(
            left: value, op: SQLRaw(sql.dialect.name == "postgresql" ? "ILIKE" : "LIKE"),
            right: SQLBinaryExpression(left: SQLBind(pattern), op: SQLRaw("ESCAPE"), right: SQLLiteral.string("\\")))
    }

}

extension Value {
    /// A value as a person reads it in an export: text and numbers as they are, bytes by their size.
    static func readable(_ data: SQLiteData) -> String? {
        switch data {
        case .blob(let buffer): "(\(buffer.readableBytes) bytes)"
        default: encode(data).map { String($0.dropFirst()) }
        }
    }
}

extension Tenant {
    public var privacy: PrivacyStore { PrivacyStore(db: db, organisationID: organisationID) }
}
