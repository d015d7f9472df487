import FluentKit
import FluentPostgresDriver
import FluentSQLiteDriver
import Foundation
import SQLKit

/// One table's row count and a checksum of its contents, the same on the database a backup was made
/// from and on the one it was restored into.
public struct TableDigest: Codable, Equatable, Sendable {
    public var table: String
    public var rows: Int
    /// 64-bit FNV-1a of each row's canonical text, summed: independent of row order, and a change in
    /// any value of any row changes it. An integrity check, not a seal (the backup file is not signed).
    public var checksum: String
}

/// `sparring backup` and `sparring restore`: a logical copy of every table, written from one consistent
/// snapshot while the server keeps running, and loaded back into an empty database of the same engine
/// in one transaction.
///
/// The file is JSON lines: a header, then for each table a line naming its columns, its rows (each an
/// array of tagged strings: `i` integer, `r` real, `t` text, `b` base64 bytes, or null), and a line with
/// its count and checksum; the last line marks the end, so a truncated file is refused. Tables come in
/// an order where every table follows those it references, and rows in primary-key order — which also
/// means the physical order of anonymous pulse answers (random ids) says nothing about who answered.
public enum DatabaseBackup {
    public static let format = "sparring-backup 1"

    public struct Header: Codable, Sendable {
        public var format: String
        public var engine: String
        public var migrations: [String]
        public var createdAt: Date
    }

    public struct BackupError: Error, CustomStringConvertible, Sendable {
        public var description: String
    }

    struct TableStart: Codable { var table: String; var columns: [String] }
    struct TableEnd: Codable { var end: String; var rows: Int; var checksum: String }
    struct Finish: Codable { var complete: Int }

    // MARK: Writing

    /// Writes the whole database to `path` from one snapshot and returns what it wrote.
    public static func write(db: any Database, to path: String, now: Date) async throws -> [TableDigest] {
        guard FileManager.default.createFile(atPath: path, contents: nil) else {
            throw BackupError(description: "cannot create \(path)")
        }
        guard let handle = FileHandle(forWritingAtPath: path) else {
            throw BackupError(description: "cannot write \(path)")
        }
        let out = LineWriter(handle: handle)
        defer { try? handle.close() }
        return try await snapshot(db) { sql, schema in
            let migrations = try await sql.select().column("name").from("_fluent_migrations").orderBy("name").all()
                .map { try $0.decode(column: "name", as: String.self) }
            try out.write(
                json(Header(format: format, engine: sql.dialect.name, migrations: migrations, createdAt: now)))
            var digests: [TableDigest] = []
            for table in schema {
                try out.write(json(TableStart(table: table.name, columns: table.columns)))
                var digest = Digest()
                try await scan(table, on: sql) { line in
                    digest.add(line)
                    try out.write(line)
                }
                let done = TableDigest(table: table.name, rows: digest.rows, checksum: digest.hex)
                try out.write(json(TableEnd(end: table.name, rows: done.rows, checksum: done.checksum)))
                digests.append(done)
            }
            try out.write(json(Finish(complete: digests.count)))
            try out.flush()
            return digests
        }
    }

    /// Every table's count and checksum, from one snapshot (to compare two databases, or a database
    /// with a backup).
    public static func digests(db: any Database) async throws -> [TableDigest] {
        try await snapshot(db) { sql, schema in
            var digests: [TableDigest] = []
            for table in schema {
                var digest = Digest()
                try await scan(table, on: sql) { digest.add($0) }
                digests.append(TableDigest(table: table.name, rows: digest.rows, checksum: digest.hex))
            }
            return digests
        }
    }

    /// Runs `body` in a read transaction that sees one point in time: PostgreSQL's repeatable read
    /// (with text formats fixed, so checksums do not depend on the server's settings); SQLite's read
    /// transaction, which in WAL mode lets the server go on writing meanwhile.
    static func snapshot<T: Sendable>(
        _ db: any Database, _ body: @escaping @Sendable (any SQLDatabase, [BackupTable]) async throws -> T
    ) async throws -> T {
        try await db.transaction { tx in
            let sql = tx as! any SQLDatabase
            if sql.dialect.name == "postgresql" {
                try await sql.raw("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY").run()
                for setting in [
                    "TimeZone TO 'UTC'", "DateStyle TO 'ISO, YMD'", "extra_float_digits TO 1",
                    "bytea_output TO 'hex'",
                ] {
                    try await sql.raw("SET LOCAL \(unsafeRaw: setting)").run()
                }
            }
            return try await body(sql, try await BackupTable.all(on: sql))
        }
    }

    /// Calls `line` with each row of `table` as its canonical JSON line, in primary-key order.
    static func scan(
        _ table: BackupTable, on sql: any SQLDatabase, _ line: @escaping (String) throws -> Void
    ) async throws {
        let order = table.key.map { "\"\($0)\"" }.joined(separator: ", ")
        let collector = RowCollector(line: line)
        if let sqlite = sql as? any SQLiteDatabase {
            let columns = table.columns.map { "\"\($0)\"" }.joined(separator: ", ")
            let names = table.columns
            try await sqlite.query("SELECT \(columns) FROM \"\(table.name)\" ORDER BY \(order)", []) { row in
                collector.take(names.map { name in Value.encode(row.column(name) ?? .null) })
            }
        } else {
            // PostgreSQL: every value in its text form, which casts back exactly.
            let columns = table.columns.enumerated().map { "\"\($1)\"::text AS c\($0)" }.joined(separator: ", ")
            let count = table.columns.count
            try await sql.raw("SELECT \(unsafeRaw: columns) FROM \(ident: table.name) ORDER BY \(unsafeRaw: order)")
                .run { row in
                    collector.take(
                        (0..<count).map { index in
                            (try? row.decode(column: "c\(index)", as: String?.self)).flatMap { $0 }.map { "t" + $0 }
                        })
                }
        }
        if let error = collector.error { throw error }
    }

    // MARK: Restoring

    /// Loads a backup into an empty, migrated database of the same engine and the same migrations, in
    /// one transaction, then checks every table's count and checksum against the file.
    public static func restore(db: any Database, from path: String) async throws -> [TableDigest] {
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw BackupError(description: "cannot read \(path)")
        }
        defer { try? handle.close() }
        let lines = LineReader(handle: handle)
        guard let first = try lines.next(), let header = try? decode(Header.self, first), header.format == format
        else { throw BackupError(description: "\(path) is not a Sparring backup") }

        let sql = db as! any SQLDatabase
        guard header.engine == sql.dialect.name else {
            throw BackupError(
                description:
                    "this backup is of a \(header.engine) database; restore it into \(header.engine), not \(sql.dialect.name)"
            )
        }
        let migrations = try await sql.select().column("name").from("_fluent_migrations").orderBy("name").all()
            .map { try $0.decode(column: "name", as: String.self) }
        guard migrations == header.migrations else {
            throw BackupError(
                description:
                    "this backup was made by another version of Sparring (\(header.migrations.count) migrations, this one has \(migrations.count)): restore it with that version, then upgrade"
            )
        }
        let schema = try await BackupTable.all(on: sql)
        for table in schema where table.name != "_fluent_migrations" {
            let rows =
                try await sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
                .from(table.name).first()?.decode(column: "n", as: Int.self) ?? 0
            if rows > 0 {
                throw BackupError(
                    description: "restore needs an empty database, and this one has \(rows) rows in \(table.name)")
            }
        }
        let tables = Dictionary(uniqueKeysWithValues: schema.map { ($0.name, $0) })

        let expected = try await db.writeTransaction { tx in
            let sql = tx as! any SQLDatabase
            try await sql.delete(from: "_fluent_migrations").run()
            var expected: [TableDigest] = []
            var loader: TableLoader?
            var number = 1
            func damaged() -> BackupError {
                BackupError(
                    description:
                        "line \(number) of the backup is damaged (the file is truncated or was changed); nothing was restored"
                )
            }
            while let line = try lines.next() {
                number += 1
                if line.hasPrefix("[") {
                    guard var current = loader else { throw BackupError(description: "a row outside a table") }
                    let values: [String?]
                    do { values = try decode([String?].self, line) } catch { throw damaged() }
                    try await current.add(values, on: sql)
                    loader = current
                } else if let start = try? decode(TableStart.self, line) {
                    guard let table = tables[start.table] else {
                        throw BackupError(description: "the backup has a table \(start.table) this database lacks")
                    }
                    guard start.columns == table.columns else {
                        throw BackupError(description: "the columns of \(start.table) differ from this database's")
                    }
                    loader = TableLoader(table: table)
                } else if let end = try? decode(TableEnd.self, line) {
                    try await loader?.finish(on: sql)
                    loader = nil
                    expected.append(TableDigest(table: end.end, rows: end.rows, checksum: end.checksum))
                } else if let finish = try? decode(Finish.self, line), finish.complete == expected.count {
                    if sql.dialect.name == "sqlite" { try await SearchIndex.refillFullText(on: sql) }
                    return expected
                } else {
                    throw damaged()
                }
            }
            throw BackupError(description: "the backup ends early (the file is truncated); nothing was restored")
        }

        let restored = try await digests(db: db)
        let differing = zip(expected, restored).filter { $0 != $1 }.map(\.0.table)
        guard restored.count == expected.count, differing.isEmpty else {
            throw BackupError(
                description: "restored, but these tables differ from the backup: \(differing.joined(separator: ", "))")
        }
        return restored
    }

    static func json<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static func decode<T: Decodable>(_ type: T.Type, _ line: String) throws -> T {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode(type, from: Data(line.utf8))
    }
}

/// A table as the backup sees it: the columns it stores (not generated ones) and the primary key.
struct BackupTable: Sendable {
    var name: String
    var columns: [String]
    /// Each column's type: PostgreSQL's (to cast the text back), SQLite's as declared (lower case).
    var types: [String]
    var key: [String]
    var references: Set<String>
    /// Columns that refer to rows of the same table (a reply to a message).
    var selfReferences: [String] = []
    /// Each referring column and the table it refers to.
    var foreignKeys: [String: String] = [:]

    /// The columns that hold free text.
    var textColumns: [String] {
        zip(columns, types).filter { ["text", "character varying"].contains($0.1) }.map(\.0)
    }

    /// The tables, each after the tables it references. SQLite's full-text tables are left out: they are
    /// derived from `search_entries` and refilled after a restore.
    static func all(on sql: any SQLDatabase) async throws -> [BackupTable] {
        var tables: [BackupTable] = []
        if sql.dialect.name == "sqlite" {
            let rows = try await sql.raw(
                "SELECT name, sql FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            ).all()
            let all = try rows.map {
                (try $0.decode(column: "name", as: String.self), try $0.decode(column: "sql", as: String?.self) ?? "")
            }
            let virtual = all.filter { $0.1.hasPrefix("CREATE VIRTUAL TABLE") }.map(\.0)
            for (name, _) in all where !virtual.contains(where: { name == $0 || name.hasPrefix($0 + "_") }) {
                let info = try await sql.raw(
                    "SELECT name, type, pk FROM pragma_table_info(\(bind: name)) ORDER BY cid"
                ).all()
                let columns = try info.map { try $0.decode(column: "name", as: String.self) }
                let types = try info.map { try $0.decode(column: "type", as: String.self).lowercased() }
                let key = try info.map {
                    (try $0.decode(column: "name", as: String.self), try $0.decode(column: "pk", as: Int.self))
                }
                .filter { $0.1 > 0 }.sorted { $0.1 < $1.1 }.map(\.0)
                let references = try await sql.raw(
                    "SELECT \"table\" AS t, \"from\" AS f FROM pragma_foreign_key_list(\(bind: name))"
                ).all().map {
                    (try $0.decode(column: "t", as: String.self), try $0.decode(column: "f", as: String.self))
                }
                tables.append(
                    BackupTable(
                        name: name, columns: columns, types: types, key: key.isEmpty ? ["rowid"] : key,
                        references: Set(references.map(\.0)),
                        selfReferences: references.filter { $0.0 == name }.map(\.1),
                        foreignKeys: Dictionary(
                            references.map { ($0.1, $0.0) }, uniquingKeysWith: { first, _ in first })))
            }
        } else {
            let rows = try await sql.raw(
                """
                SELECT c.relname AS name, a.attname AS column, format_type(a.atttypid, a.atttypmod) AS type
                FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
                WHERE n.nspname = current_schema() AND c.relkind = 'r' AND a.attgenerated = ''
                ORDER BY c.relname, a.attnum
                """
            ).all()
            var columns: [String: [(String, String)]] = [:]
            for row in rows {
                columns[try row.decode(column: "name", as: String.self), default: []].append(
                    (try row.decode(column: "column", as: String.self), try row.decode(column: "type", as: String.self))
                )
            }
            var keys: [String: [String]] = [:]
            for row in try await sql.raw(
                """
                SELECT c.relname AS name, a.attname AS column FROM pg_index i
                JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
                JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = ANY(i.indkey)
                WHERE i.indisprimary AND n.nspname = current_schema() ORDER BY a.attnum
                """
            ).all() {
                keys[try row.decode(column: "name", as: String.self), default: []].append(
                    try row.decode(column: "column", as: String.self))
            }
            var references: [String: Set<String>] = [:], selfReferences: [String: [String]] = [:]
            var foreignKeys: [String: [String: String]] = [:]
            for row in try await sql.raw(
                """
                SELECT child.relname AS name, parent.relname AS parent, a.attname AS column FROM pg_constraint k
                JOIN pg_class child ON child.oid = k.conrelid JOIN pg_class parent ON parent.oid = k.confrelid
                JOIN pg_namespace n ON n.oid = child.relnamespace
                JOIN pg_attribute a ON a.attrelid = child.oid AND a.attnum = k.conkey[1]
                WHERE k.contype = 'f' AND n.nspname = current_schema()
                """
            ).all() {
                let name = try row.decode(column: "name", as: String.self)
                let parent = try row.decode(column: "parent", as: String.self)
                references[name, default: []].insert(parent)
                foreignKeys[name, default: [:]][try row.decode(column: "column", as: String.self)] = parent
                if parent == name {
                    selfReferences[name, default: []].append(try row.decode(column: "column", as: String.self))
                }
            }
            for (name, list) in columns.sorted(by: { $0.key < $1.key }) {
                tables.append(
                    BackupTable(
                        name: name, columns: list.map(\.0), types: list.map(\.1),
                        key: keys[name] ?? list.map(\.0), references: references[name] ?? [],
                        selfReferences: selfReferences[name] ?? [], foreignKeys: foreignKeys[name] ?? [:]))
            }
        }
        return ordered(tables)
    }

    /// Parents before children; a table's reference to itself is handled row by row.
    static func ordered(_ tables: [BackupTable]) -> [BackupTable] {
        var done = Set<String>(), result: [BackupTable] = []
        var pending = tables
        while !pending.isEmpty {
            let ready = pending.filter { $0.references.subtracting([$0.name]).isSubset(of: done) }
            // A cycle between tables would stop here; take the rest as they are (none exists today).
            let next = ready.isEmpty ? pending : ready
            result += next
            done.formUnion(next.map(\.name))
            pending.removeAll { table in next.contains { $0.name == table.name } }
        }
        return result
    }
}

/// Inserts one table's rows in multi-row statements. References to rows of the same table (a reply
/// to a message that may come later) are inserted empty and filled in once the whole table is there.
struct TableLoader {
    var table: BackupTable
    var batch: [[String?]] = []
    var selfIndexes: [Int] { table.selfReferences.compactMap { table.columns.firstIndex(of: $0) } }
    var keyIndexes: [Int] { table.key.compactMap { table.columns.firstIndex(of: $0) } }
    var deferred: [[String?]] = []
    /// Within a statement's bound-parameter limits on both engines.
    var batchSize: Int { max(1, 30_000 / max(table.columns.count, 1)) }

    mutating func add(_ row: [String?], on sql: any SQLDatabase) async throws {
        guard row.count == table.columns.count else {
            throw DatabaseBackup.BackupError(description: "a row of \(table.name) has the wrong number of values")
        }
        var row = row
        let selfIndexes = selfIndexes
        if selfIndexes.contains(where: { row[$0] != nil }) {
            deferred.append(row)
            for index in selfIndexes { row[index] = nil }
        }
        batch.append(row)
        if batch.count >= batchSize { try await flush(on: sql) }
    }

    /// The last rows, then the deferred references, one row at a time (they are few: replies).
    mutating func finish(on sql: any SQLDatabase) async throws {
        try await flush(on: sql)
        let keys = keyIndexes, selfIndexes = selfIndexes
        for row in deferred {
            var query = SQLQueryString("UPDATE \(ident: table.name) SET ")
            for (position, index) in selfIndexes.enumerated() {
                query.appendLiteral((position > 0 ? ", " : "") + "\"\(table.columns[index])\" = ")
                try append(row[index], column: index, to: &query, on: sql)
            }
            query.appendLiteral(" WHERE ")
            for (position, index) in keys.enumerated() {
                query.appendLiteral((position > 0 ? " AND " : "") + "\"\(table.columns[index])\" = ")
                try append(row[index], column: index, to: &query, on: sql)
            }
            try await sql.raw(query).run()
        }
        deferred = []
    }

    /// A value as a bound parameter: SQLite's typed value, or PostgreSQL's text cast to the column's type.
    func append(_ value: String?, column index: Int, to query: inout SQLQueryString, on sql: any SQLDatabase) throws {
        guard let value else { return query.appendLiteral("NULL") }
        if sql.dialect.name == "sqlite" {
            query.appendInterpolation(bind: SQLiteValue(data: try Value.sqlite(value)))
        } else {
            guard value.hasPrefix("t") else {
                throw DatabaseBackup.BackupError(description: "a value of \(table.name) is not text")
            }
            query.appendInterpolation(bind: String(value.dropFirst()))
            query.appendLiteral("::" + table.types[index])
        }
    }

    mutating func flush(on sql: any SQLDatabase) async throws {
        guard !batch.isEmpty else { return }
        defer { batch = [] }
        let names = table.columns.map { "\"\($0)\"" }.joined(separator: ", ")
        if let sqlite = sql as? any SQLiteDatabase {
            let placeholders = "(" + Array(repeating: "?", count: table.columns.count).joined(separator: ", ") + ")"
            let values = Array(repeating: placeholders, count: batch.count).joined(separator: ", ")
            let binds = try batch.flatMap { try $0.map(Value.sqlite) }
            _ = try await sqlite.query("INSERT INTO \"\(table.name)\" (\(names)) VALUES \(values)", binds)
        } else {
            var query = SQLQueryString("INSERT INTO \(ident: table.name) (\(unsafeRaw: names)) VALUES ")
            for (rowIndex, row) in batch.enumerated() {
                query.appendLiteral(rowIndex == 0 ? "(" : ", (")
                for (index, value) in row.enumerated() {
                    if index > 0 { query.appendLiteral(", ") }
                    try append(value, column: index, to: &query, on: sql)
                }
                query.appendLiteral(")")
            }
            try await sql.raw(query).run()
        }
    }
}

/// A typed SQLite value as a bound parameter of an SQLKit query.
struct SQLiteValue: Encodable, Sendable {
    var data: SQLiteData

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch data {
        case .integer(let value): try container.encode(value)
        case .float(let value): try container.encode(value)
        case .text(let value): try container.encode(value)
        case .blob(let buffer): try container.encode(Data(buffer.readableBytesView))
        case .null: try container.encodeNil()
        }
    }
}

/// The tagged text form of one value.
enum Value {
    static func encode(_ data: SQLiteData) -> String? {
        switch data {
        case .integer(let value): "i\(value)"
        case .float(let value): "r\(value)"
        case .text(let value): "t" + value
        case .blob(let buffer): "b" + Data(buffer.readableBytesView).base64EncodedString()
        case .null: nil
        }
    }

    static func sqlite(_ value: String?) throws -> SQLiteData {
        guard let value, let tag = value.first else { return .null }
        let body = String(value.dropFirst())
        switch tag {
        case "i": if let number = Int(body) { return .integer(number) }
        case "r": if let number = Double(body) { return .float(number) }
        case "t": return .text(body)
        case "b": if let bytes = Data(base64Encoded: body) { return .blob(ByteBuffer(bytes: bytes)) }
        default: break
        }
        throw DatabaseBackup.BackupError(description: "not a backup value: \(value.prefix(40))")
    }
}

/// Order-independent checksum of JSON lines.
struct Digest {
    var rows = 0
    var sum: UInt64 = 0

    mutating func add(_ line: String) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in line.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01b3
        }
        sum = sum &+ hash
        rows += 1
    }

    var hex: String { String(format: "%016llx", sum) }
}

/// Turns rows into JSON lines inside a database driver's row callback, keeping the first error.
final class RowCollector: @unchecked Sendable {
    let line: (String) throws -> Void
    var error: (any Error)?
    let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return encoder
    }()

    init(line: @escaping (String) throws -> Void) { self.line = line }

    func take(_ values: [String?]) {
        guard error == nil else { return }
        do {
            try line(String(decoding: try encoder.encode(values), as: UTF8.self))
        } catch {
            self.error = error
        }
    }
}

/// Buffered line output.
final class LineWriter: @unchecked Sendable {
    let handle: FileHandle
    var buffer = Data()

    init(handle: FileHandle) { self.handle = handle }

    func write(_ line: String) throws {
        buffer.append(contentsOf: line.utf8)
        buffer.append(0x0A)
        if buffer.count > 1 << 20 { try flush() }
    }

    func flush() throws {
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }
}

/// Reads a file line by line without holding it all.
final class LineReader: @unchecked Sendable {
    let handle: FileHandle
    var buffer = Data()
    var position = 0
    var atEnd = false

    init(handle: FileHandle) { self.handle = handle }

    func next() throws -> String? {
        while true {
            if let newline = buffer[(buffer.startIndex + position)...].firstIndex(of: 0x0A) {
                let line = String(decoding: buffer[(buffer.startIndex + position)..<newline], as: UTF8.self)
                position = newline + 1 - buffer.startIndex
                return line
            }
            if atEnd {
                guard position < buffer.count else { return nil }
                defer { position = buffer.count }
                return String(decoding: buffer[(buffer.startIndex + position)...], as: UTF8.self)
            }
            let chunk = try handle.read(upToCount: 1 << 20) ?? Data()
            buffer = Data(buffer[(buffer.startIndex + position)...])
            position = 0
            if chunk.isEmpty { atEnd = true } else { buffer.append(chunk) }
        }
    }
}
