import Foundation
import SQLKit
import SparringDomain

extension SQLRow {
    /// A calendar day stored as `YYYY-MM-DD`. Sparring writes only that shape; anything else is a
    /// damaged row, said as such rather than replaced by some other day.
    func day(_ column: String) throws -> Day {
        let text = try decode(column: column, as: String.self)
        guard let day = Day(text) else {
            throw DecodingError.dataCorrupted(
                .init(codingPath: [], debugDescription: "\(column) holds \"\(text)\", not a day (YYYY-MM-DD)"))
        }
        return day
    }
}
