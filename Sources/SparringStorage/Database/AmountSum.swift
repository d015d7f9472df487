import Foundation
import SQLKit
import SparringDomain

/// A sum of amounts (minor units) that no number of rows can overflow, on either database.
///
/// SQLite's `SUM` of integers fails with "integer overflow" past 2^63, and PostgreSQL's `SUM(bigint)`
/// is a NUMERIC that fails when cast back to BIGINT: two deals near the largest amount the form once
/// took made the board a 500 for the whole team. Summed as a high and a low part (the amount divided
/// by a million, and the remainder), each part stays far from the limit, the sum stays exact, and
/// integer division and remainder truncate the same way on both databases, negative amounts included.
/// The parts are put together in Swift, saturating at the largest representable amount.
enum AmountSum {
    static let split: Int64 = 1_000_000

    /// The two columns to select, `NAME_high` and `NAME_low`.
    static func columns(of column: String = "amount_minor", as name: String) -> [(SQLRaw, String)] {
        [
            (SQLRaw("CAST(SUM(\(column) / \(split)) AS BIGINT)"), name + "_high"),
            (SQLRaw("CAST(SUM(\(column) % \(split)) AS BIGINT)"), name + "_low"),
        ]
    }

    /// The exact sum, or the largest (smallest) Int64 where it does not fit.
    static func decode(_ row: any SQLRow, _ name: String) throws -> Int64 {
        let high = try row.decode(column: name + "_high", as: Int64?.self) ?? 0
        let low = try row.decode(column: name + "_low", as: Int64?.self) ?? 0
        return Saturating.add(Saturating.multiply(high, split), low)
    }
}

extension SQLSelectBuilder {
    /// Selects `AmountSum` of `column` as `name` (decode it with `AmountSum.decode`).
    func amountSum(of column: String = "amount_minor", as name: String) -> Self {
        for (expression, alias) in AmountSum.columns(of: column, as: name) { self.column(expression, as: alias) }
        return self
    }
}
