import FluentKit
import Foundation
import SQLKit
import SparringDomain

/// Sign-in, sessions, API tokens and throttling: the lookups that happen before an organisation is
/// known, keyed by e-mail address or by a hashed secret.
public struct AccountStore: Sendable {
    let db: any Database

    public init(db: any Database) { self.db = db }

    /// The person with this e-mail address and their password hash, active or not.
    public func credentials(email: String) async throws -> (user: User, passwordHash: String)? {
        guard let model = try await UserModel.query(on: db).filter(\.$email == email).first() else { return nil }
        return (try await withMemberships(model), model.passwordHash)
    }

    public func passwordHash(userID: UUID) async throws -> String? {
        try await UserModel.find(userID, on: db)?.passwordHash
    }

    /// Sets a new password and signs out every other session of the person.
    public func changePassword(userID: UUID, newHash: String, keepingSession tokenHash: String?) async throws {
        try await db.writeTransaction { tx in
            try await UserModel.query(on: tx).filter(\.$id == userID).set(\.$passwordHash, to: newHash)
                .set(\.$mustChangePassword, to: false).update()
            var sessions = SessionModel.query(on: tx).filter(\.$userID == userID)
            if let tokenHash { sessions = sessions.filter(\.$id != tokenHash) }
            try await sessions.delete()
        }
    }

    func withMemberships(_ model: UserModel) async throws -> User {
        let ms = try await Memberships.load(userIDs: [model.id!], organisationID: model.organisationID, on: db)
        return model.domain(memberOf: ms.memberOf[model.id!] ?? [], leads: ms.leads[model.id!] ?? [])
    }

    // MARK: Sessions

    public struct Session: Sendable {
        public var tokenHash: String
        public var csrfToken: String
        public var lastSeenAt: Date
        public var expiresAt: Date
    }

    public func createSession(
        tokenHash: String, userID: UUID, csrfToken: String, now: Date, lifetime: TimeInterval
    )
        async throws
    {
        let model = SessionModel()
        model.id = tokenHash
        model.userID = userID
        model.csrfToken = csrfToken
        model.createdAt = now
        model.lastSeenAt = now
        model.expiresAt = now.addingTimeInterval(lifetime)
        try await model.create(on: db)
    }

    /// The live session and its (active) person, or `nil` when expired, signed out or deactivated.
    public func session(tokenHash: String, now: Date) async throws -> (Session, User)? {
        guard let session = try await SessionModel.find(tokenHash, on: db), session.expiresAt > now,
            let model = try await UserModel.find(session.userID, on: db), model.isActive
        else { return nil }
        return (
            Session(
                tokenHash: tokenHash, csrfToken: session.csrfToken, lastSeenAt: session.lastSeenAt,
                expiresAt: session.expiresAt), try await withMemberships(model)
        )
    }

    /// Slides the expiry forward; called at most every few minutes per session to spare writes.
    public func touchSession(tokenHash: String, now: Date, lifetime: TimeInterval) async throws {
        try await SessionModel.query(on: db).filter(\.$id == tokenHash)
            .set(\.$lastSeenAt, to: now).set(\.$expiresAt, to: now.addingTimeInterval(lifetime)).update()
    }

    public func deleteSession(tokenHash: String) async throws {
        try await SessionModel.query(on: db).filter(\.$id == tokenHash).delete()
    }

    /// Housekeeping: expired sessions and sign-in failures older than `failuresBefore`. Idempotent and
    /// safe to run on several servers at once (plain deletes by time, both indexed).
    public func purge(now: Date, failuresBefore: Date) async throws {
        try await SessionModel.query(on: db).filter(\.$expiresAt < now).delete()
        try await SignInFailureModel.query(on: db).filter(\.$failedAt < failuresBefore).delete()
        // Lock rows of keys with no failure left; an attempt that comes meanwhile makes its row again.
        try await (db as! any SQLDatabase).raw(
            "DELETE FROM sign_in_attempt_locks WHERE key NOT IN (SELECT email FROM sign_in_failures)"
        ).run()
    }

    // MARK: API tokens

    public func createToken(
        userID: UUID, organisationID: UUID, name: String, tokenHash: String, now: Date
    )
        async throws -> APIToken
    {
        let model = APITokenModel()
        model.userID = userID
        model.organisationID = organisationID
        model.name = name
        model.tokenHash = tokenHash
        model.createdAt = now
        try await model.create(on: db)
        return model.domain
    }

    public func tokens(userID: UUID) async throws -> [APIToken] {
        try await APITokenModel.query(on: db).filter(\.$userID == userID).filter(\.$revokedAt == nil)
            .sort(\.$createdAt, .descending).all().map(\.domain)
    }

    /// Revokes one of the person's own tokens; another person's token id is simply not found.
    public func revokeToken(id: UUID, userID: UUID, now: Date) async throws {
        guard
            let model = try await APITokenModel.query(on: db).filter(\.$id == id).filter(\.$userID == userID)
                .filter(\.$revokedAt == nil).first()
        else { throw AppError.notFound }
        model.revokedAt = now
        try await model.save(on: db)
    }

    /// The active person a token belongs to. `lastUsedAt` is written at most once a minute.
    public func authenticate(tokenHash: String, now: Date) async throws -> User? {
        guard
            let token = try await APITokenModel.query(on: db).filter(\.$tokenHash == tokenHash)
                .filter(\.$revokedAt == nil).first(),
            let model = try await UserModel.find(token.userID, on: db), model.isActive
        else { return nil }
        if (token.lastUsedAt.map { now.timeIntervalSince($0) > 60 }) ?? true {
            token.lastUsedAt = now
            try await token.save(on: db)
        }
        return try await withMemberships(model)
    }

    // MARK: Throttling

    /// What `reserveAttempt` decided: go ahead (the attempt already counts as a failure, `id`), or wait.
    public enum AttemptReservation: Sendable, Equatable {
        case reserved(UUID)
        case throttled(retryAfter: TimeInterval)
    }

    /// Counts the attempt before anything is checked, atomically on every server: the attempts on one
    /// key take turns on its lock row (PostgreSQL holds the row's lock until commit; SQLite's writers
    /// take turns anyway), each counts the failures in the window, and each that may go ahead writes
    /// its own failure first. A successful attempt then takes it back (`clearSignInFailures`). Read,
    /// check and write apart, thirty simultaneous sign-ins had all been checked against a limit of five.
    ///
    /// An attempt that cannot be counted in time is throttled, not answered (fails closed): under a
    /// burst on a busy server the attempts queued on one key's lock held every pooled connection, and
    /// those waiting for a connection past the pool's timeout were answered 500 (forty wrong tokens at
    /// once during the full parallel test run: 20 answered, 13 throttled, 7 errors). PostgreSQL waits
    /// at most two seconds for the lock, which frees the connections sooner.
    public func reserveAttempt(key: String, throttle: SignInThrottle, now: Date) async throws -> AttemptReservation {
        do {
            return try await reserve(key: key, throttle: throttle, now: now)
        } catch let error as AppError {
            throw error
        } catch {
            db.logger.warning(
                "A sign-in attempt could not be counted in time, so it was throttled: \(String(reflecting: error))")
            return .throttled(retryAfter: 2)
        }
    }

    private func reserve(key: String, throttle: SignInThrottle, now: Date) async throws -> AttemptReservation {
        try await db.writeTransaction { tx in
            let sql = tx as! any SQLDatabase
            if sql.dialect.name == "postgresql" { try await sql.raw("SET LOCAL lock_timeout = '2s'").run() }
            try await sql.raw(
                "INSERT INTO sign_in_attempt_locks (key) VALUES (\(bind: key)) ON CONFLICT (key) DO UPDATE SET key = excluded.key"
            ).run()
            let store = AccountStore(db: tx)
            let failures = try await store.signInFailures(email: key, since: throttle.windowStart(now: now))
            if let wait = throttle.retryAfter(failures: failures, now: now) { return .throttled(retryAfter: wait) }
            let model = SignInFailureModel()
            model.email = key
            model.failedAt = now
            try await model.create(on: tx)
            return .reserved(model.id!)
        }
    }

    /// Takes back a reserved attempt that turned out not to be a failure (`reserveAttempt`).
    public func releaseAttempt(_ id: UUID) async throws {
        try await SignInFailureModel.query(on: db).filter(\.$id == id).delete()
    }

    public func recordSignInFailure(email: String, at now: Date) async throws {
        let model = SignInFailureModel()
        model.email = email
        model.failedAt = now
        try await model.create(on: db)
    }

    public func signInFailures(email: String, since: Date) async throws -> [Date] {
        try await SignInFailureModel.query(on: db).filter(\.$email == email).filter(\.$failedAt > since)
            .all().map(\.failedAt)
    }

    public func clearSignInFailures(email: String) async throws {
        try await SignInFailureModel.query(on: db).filter(\.$email == email).delete()
    }
}
