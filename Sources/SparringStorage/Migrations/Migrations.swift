import FluentKit

/// Every migration, in order. Append only: a released migration is never edited or reordered.
public enum SparringMigrations {
    public static let all: [any AsyncMigration] = [
        M001CreateOrganisations(),
        M002CreateUsers(),
        M003CreateTeams(),
        M004CreateTeamMemberships(),
        M005CreateSessions(),
        M006CreateAPITokens(),
        M007CreateSignInFailures(),
        M008CreateInstallationFlags(),
        M009CreatePipelines(),
        M010CreateStages(),
        M011CreateCustomers(),
        M012CreateDeals(),
        M013CreateStageChanges(),
        M014CreateStageStayDays(),
        M015CreateExchangeRates(),
        M016DealListIndexes(),
        M017CreateImportFiles(),
        M018CreateCaseWorkbench(),
        M019CreateSparring(),
        M020SparringIndexes(),
        M021OpenSessionsIndex(),
        M022CreateShare(),
        M023CreateBulletins(),
        M024CreateGuestsAndComments(),
        M025SearchScope(),
        M026StoryOrder(),
        M027SearchCovering(),
        M028SearchPerKind(),
        M029CreateLeadership(),
        M030MustChangePassword(),
        M031SignInAttemptLocks(),
        M032SellersLeadNoTeam(),
    ]
}
