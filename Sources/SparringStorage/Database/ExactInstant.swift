import Foundation
import SQLKit
import SparringDomain

/// A stored time exactly as the database holds it, for keyset cursors.
///
/// A `Date` read back is not the stored value: SQLite keeps the `Double` it was given and the driver
/// rounds it to microseconds when reading; PostgreSQL keeps whole microseconds and the driver truncates
/// a bound `Date` to them after a floating-point subtraction. A cursor made from a `Date` therefore
/// names an instant a hair away from its row's, and the next page repeats or skips the rows between
/// (an API client counted 121 deals of 120). This reads and binds the stored value itself: SQLite's
/// `REAL` as the shortest decimal that parses back to the same `Double`, PostgreSQL's microseconds
/// since 1970 as an integer, compared in SQL with no rounding on either side.
struct ExactInstant: Comparable, Sendable {
    /// SQLite: seconds since 1970 as stored. PostgreSQL: microseconds since 1970, a whole number, held
    /// exactly by a `Double` until the year 2255.
    let value: Double
    let postgres: Bool

    static func < (lhs: ExactInstant, rhs: ExactInstant) -> Bool { lhs.value < rhs.value }

    /// The text a cursor carries.
    var cursorText: String { postgres ? String(Int64(value)) : "\(value)" }

    /// The instant a cursor names; anything else is the API's "bad cursor" error.
    init(cursor text: String, on sql: any SQLDatabase) throws(AppError) {
        postgres = sql.dialect.name == "postgresql"
        if postgres, let micro = Int64(text), abs(micro) < 1 << 53 {
            value = Double(micro)
        } else if !postgres, let seconds = Double(text), seconds.isFinite {
            value = seconds
        } else {
            throw .badRequest(.errorBadCursor, field: "cursor")
        }
    }

    private init(value: Double, postgres: Bool) {
        self.value = value
        self.postgres = postgres
    }

    /// The stored value of `column`, to select (as `alias`) and `decode` from the row.
    static func column(_ column: String, table: String? = nil, on sql: any SQLDatabase) -> any SQLExpression {
        let expression = table.map { SQLColumn(column, table: $0) } ?? SQLColumn(column)
        guard sql.dialect.name == "postgresql" else { return expression }
        // EXTRACT(EPOCH …) is numeric (exact) since PostgreSQL 14.
        return SQLFunction(
            "CAST",
            args: SQLAlias(
                SQLBinaryExpression(
                    SQLFunction("EXTRACT", args: SQLList([SQLRaw("EPOCH FROM"), expression], separator: SQLRaw(" "))),
                    .multiply, SQLLiteral.numeric("1000000")),
                as: SQLRaw("BIGINT")))
    }

    static func decode(_ row: any SQLRow, _ alias: String, on sql: any SQLDatabase) throws -> ExactInstant {
        if sql.dialect.name == "postgresql" {
            return ExactInstant(value: Double(try row.decode(column: alias, as: Int64.self)), postgres: true)
        }
        return ExactInstant(value: try row.decode(column: alias, as: Double.self), postgres: false)
    }

    /// The stored time of one row, as its cursor names it.
    static func of(_ column: String, table: String, id: UUID, on sql: any SQLDatabase) async throws -> ExactInstant {
        let row = try await sql.select().column(Self.column(column, on: sql), as: "exact").from(table)
            .where("id", .equal, id).first()
        guard let row else { throw AppError.notFound }
        return try decode(row, "exact", on: sql)
    }

    /// The value to compare the column with, in the column's own type.
    var expression: any SQLExpression {
        guard postgres else { return SQLBind(value) }
        return SQLGroupExpression(
            SQLBinaryExpression(
                SQLRaw("TIMESTAMPTZ 'epoch'"), .add,
                SQLBinaryExpression(
                    SQLFunction("CAST", args: SQLAlias(SQLBind(Int64(value)), as: SQLRaw("BIGINT"))), .multiply,
                    SQLRaw("INTERVAL '1 microsecond'"))))
    }
}
