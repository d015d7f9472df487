import FluentKit
import SQLKit

/// A seller leads no team. Before this, demoting a leader to seller could leave their lead memberships
/// in place, and with them every leader power; they are removed here, as saving the person's form
/// with the teams unticked would have. (Nothing to put back on revert: those rows were the bug.)
struct M032SellersLeadNoTeam: AsyncMigration {
    func prepare(on database: any Database) async throws {
        try await (database as! any SQLDatabase).raw(
            """
            DELETE FROM team_memberships WHERE kind = 'leader'
            AND user_id IN (SELECT id FROM users WHERE role = 'seller')
            """
        ).run()
    }

    func revert(on database: any Database) async throws {}
}
