import Foundation
import SparringDomain
import Testing

@Suite struct PolicyTests {
    let org = UUID()

    func actor(_ role: Role) -> Actor { Actor(userID: UUID(), organisationID: org, role: role) }

    @Test func onlyAdminsManageTeamsAndPeople() {
        let policy = Policy()
        for action in [Action.manageTeams, .manageUsers, .viewDeactivatedUsers] {
            #expect(policy.allows(actor(.admin), action))
            #expect(!policy.allows(actor(.leader), action))
            #expect(!policy.allows(actor(.seller), action))
        }
    }

    @Test func everyoneSeesTheDirectoryAndManagesTheirOwnAccount() {
        for role in Role.allCases {
            #expect(Policy().allows(actor(role), .viewDirectory))
            #expect(Policy().allows(actor(role), .manageOwnAccount))
        }
    }

    @Test func authorizeThrowsForbidden() {
        #expect(throws: AppError.forbidden) { try Policy().authorize(actor(.seller), .manageUsers) }
    }
}

@Suite struct ValidationTests {
    @Test func emailIsTrimmedLowercasedAndChecked() {
        var errors: [FieldError] = []
        #expect(Validate.email("  Kari.Nordmann@Firma.NO ", into: &errors) == "kari.nordmann@firma.no")
        #expect(errors.isEmpty)
        for bad in ["", "kari", "kari@", "@firma.no", "kari@firma", "ka ri@firma.no", "a@b@c.no", "kari@.no"] {
            var errors: [FieldError] = []
            _ = Validate.email(bad, into: &errors)
            #expect(errors.count == 1, "accepted \(bad)")
            #expect(errors.first?.field == "email")
        }
    }

    @Test func passwordRules() {
        var errors: [FieldError] = []
        Validate.newPassword("short", confirmation: "other", into: &errors)
        #expect(errors.map(\.field) == ["password", "passwordConfirmation"])
        #expect(errors.first?.message == .errorPasswordShort)
        errors = []
        Validate.newPassword(String(repeating: "ø", count: 40), confirmation: nil, into: &errors)
        #expect(errors.first?.message == .errorTooLong, "80 UTF-8 bytes is more than bcrypt reads")
        errors = []
        Validate.newPassword("long enough pass", confirmation: "long enough pass", into: &errors)
        #expect(errors.isEmpty)
    }

    @Test func namesAndCurrencies() {
        var errors: [FieldError] = []
        #expect(Validate.name("  Team Øst ", field: "name", into: &errors) == "Team Øst")
        _ = Validate.name("   ", field: "name", into: &errors)
        _ = Validate.name(String(repeating: "x", count: 121), field: "name", into: &errors)
        #expect(errors.map(\.message) == [.errorRequired, .errorTooLong])
        errors = []
        #expect(Validate.currency("nok", into: &errors) == "NOK")
        _ = Validate.currency("kroner", into: &errors)
        #expect(errors.map(\.field) == ["baseCurrency"])
    }
}

@Suite struct SignInThrottleTests {
    let throttle = SignInThrottle(maximumFailures: 5, window: 900)
    let now = Date(timeIntervalSince1970: 10_000)

    @Test func fourFailuresStillAllowAnotherTry() {
        let failures = (1...4).map { now.addingTimeInterval(-Double($0) * 10) }
        #expect(throttle.retryAfter(failures: failures, now: now) == nil)
    }

    @Test func fiveFailuresPauseUntilTheOldestLeavesTheWindow() {
        let failures = (0..<5).map { now.addingTimeInterval(-Double($0) * 60) }  // now, -60 … -240
        let wait = throttle.retryAfter(failures: failures, now: now) ?? 0
        #expect(abs(wait - (900 - 240)) < 0.001)
    }

    @Test func failuresOutsideTheWindowDoNotCount() {
        let failures = (0..<5).map { now.addingTimeInterval(-1000 - Double($0)) }
        #expect(throttle.retryAfter(failures: failures, now: now) == nil)
    }
}

@Suite struct PageCursorTests {
    @Test func roundTripsIncludingNorwegianLetters() throws {
        let cursor = PageCursor(["Åse Ødegård", "3F2504E0-4F89-11D3-9A0C-0305E82C3301"])
        #expect(try PageCursor.decode(cursor.encoded, count: 2) == cursor)
        #expect(!cursor.encoded.contains("="))
    }

    @Test func rejectsGarbageAndWrongArity() {
        #expect(throws: AppError.badRequest(.errorBadCursor, field: "cursor")) {
            try PageCursor.decode("%%%", count: 2)
        }
        #expect(throws: AppError.badRequest(.errorBadCursor, field: "cursor")) {
            try PageCursor.decode(PageCursor(["a"]).encoded, count: 2)
        }
    }

    @Test func limitBounds() throws {
        #expect(try PageLimit.parse(nil) == 50)
        #expect(try PageLimit.parse(200) == 200)
        #expect(throws: AppError.self) { try PageLimit.parse(0) }
        #expect(throws: AppError.self) { try PageLimit.parse(201) }
    }
}

@Suite struct DemoPlanTests {
    @Test func sameSeedSamePlanAndTheShapeTheIssueAsksFor() {
        let plan = DemoPlan.make(seed: 7)
        #expect(plan == DemoPlan.make(seed: 7))
        #expect(plan != DemoPlan.make(seed: 8))
        #expect(plan.teams.count == 3)
        #expect(plan.teams.allSatisfy { (4...6).contains($0.sellers.count) && $0.leader.role == .leader })
        #expect(plan.admin.role == .admin)
        let emails = [plan.admin.email] + plan.teams.flatMap { [$0.leader.email] + $0.sellers.map(\.email) }
        #expect(Set(emails).count == emails.count)
        #expect(emails.allSatisfy { $0.allSatisfy(\.isASCII) })
    }
}
