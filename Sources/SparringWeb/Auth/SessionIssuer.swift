import Foundation
import SparringDomain
import SparringStorage
import Vapor

/// Starting and ending browser sessions.
enum SessionIssuer {
    /// Signs a person in: any session the browser had is ended and a new id is issued (no fixation),
    /// with a fresh CSRF token tied to the new session.
    static func signIn(_ user: User, request: Request, response: Response) async throws {
        let accounts = AccountStore(db: request.db)
        if let old = request.cookies[Cookies.session]?.string, !old.isEmpty {
            try await accounts.deleteSession(tokenHash: Secrets.hash(old))
        }
        let token = Secrets.random()
        let lifetime = request.application.sparringConfig.sessionLifetime
        try await accounts.createSession(
            tokenHash: Secrets.hash(token), userID: user.id, csrfToken: Secrets.random(),
            now: request.now, lifetime: lifetime)
        response.cookies[Cookies.session] = request.cookie(token, maxAge: Int(lifetime))
        response.cookies[Cookies.csrf] = request.cookie("", maxAge: 0)
    }

    /// Ends the session in the database, so it is gone for every server, and clears the cookie.
    static func signOut(request: Request, response: Response) async throws {
        if let token = request.cookies[Cookies.session]?.string, !token.isEmpty {
            try await AccountStore(db: request.db).deleteSession(tokenHash: Secrets.hash(token))
        }
        response.cookies[Cookies.session] = request.cookie("", maxAge: 0)
    }
}
