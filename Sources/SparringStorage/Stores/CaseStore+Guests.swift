import FluentKit
import Foundation
import SQLKit
import SparringDomain

extension CaseStore {
    // MARK: Comments

    /// The case's comments, oldest first.
    public func comments() async throws -> [CaseComment] {
        try await rows("case_comments").map {
            CaseComment(
                id: try $0.decode(column: "id", as: UUID.self),
                authorID: try $0.decode(column: "author_id", as: UUID.self),
                text: try $0.decode(column: "text", as: String.self),
                createdAt: try $0.decode(column: "created_at", as: Date.self))
        }
    }

    public func addComment(_ text: String, by actorID: UUID, at time: Date) async throws -> CaseComment {
        let problems = CaseComment.problems(text)
        guard problems.isEmpty else { throw AppError.validation(problems) }
        let id = UUID.timeOrdered(at: time)
        try await change(by: actorID, at: time, .commentAdded, subject: String(text.prefix(80))) { store in
            try await store.sql.insert(into: "case_comments")
                .columns("id", "organisation_id", "deal_id", "author_id", "text", "created_at")
                .values(
                    SQLBind(id), SQLBind(organisationID), SQLBind(dealID), SQLBind(actorID), SQLBind(text),
                    SQLBind(time)
                ).run()
        }
        return CaseComment(id: id, authorID: actorID, text: text, createdAt: time)
    }

    // MARK: Guests

    /// The case's guests, in the order they were invited.
    public func guests() async throws -> [CaseGuest] {
        try await sql.select().columns("user_id", "invited_by", "invited_at").from("deal_guests")
            .where("deal_id", .equal, dealID).where("organisation_id", .equal, organisationID)
            .orderBy("invited_at").all()
            .map {
                CaseGuest(
                    userID: try $0.decode(column: "user_id", as: UUID.self),
                    invitedBy: try $0.decode(column: "invited_by", as: UUID.self),
                    invitedAt: try $0.decode(column: "invited_at", as: Date.self))
            }
    }

    /// Invites an active person of the organisation (found by e-mail) into the case and tells them.
    /// Inviting somebody who is already a guest changes nothing.
    public func invite(email: String, by actorID: UUID, at time: Date) async throws -> User {
        let users = UserStore(db: db, organisationID: organisationID)
        let address = email.trimmed.lowercased()
        guard let id = try await users.ids(emails: [address])[address] else {
            throw AppError.invalid("email", .guestUnknownEmail)
        }
        let user = try await users.find(id)
        guard user.id != actorID else { throw AppError.invalid("email", .guestIsYou) }
        guard try await !guests().contains(where: { $0.userID == user.id }) else { return user }
        try await change(by: actorID, at: time, .guestInvited, subject: user.name) { store in
            try await store.sql.insert(into: "deal_guests")
                .columns("id", "organisation_id", "deal_id", "user_id", "invited_by", "invited_at")
                .values(
                    SQLBind(UUID()), SQLBind(organisationID), SQLBind(dealID), SQLBind(user.id), SQLBind(actorID),
                    SQLBind(time)
                ).run()
            try await store.sql.insert(into: "notifications")
                .columns("id", "organisation_id", "user_id", "kind", "deal_id", "actor_id", "at")
                .values(
                    SQLBind(UUID.timeOrdered(at: time)), SQLBind(organisationID), SQLBind(user.id),
                    SQLBind(NotificationKind.guestInvited.rawValue), SQLBind(dealID), SQLBind(actorID), SQLBind(time)
                ).run()
        }
        return user
    }

    /// Removes a guest: from the next request on they no longer see the case.
    public func removeGuest(_ userID: UUID, by actorID: UUID, at time: Date) async throws {
        guard try await guests().contains(where: { $0.userID == userID }) else { throw AppError.notFound }
        let name = try await UserStore(db: db, organisationID: organisationID).names(of: [userID])[userID] ?? ""
        try await change(by: actorID, at: time, .guestRemoved, subject: name) { store in
            try await store.sql.delete(from: "deal_guests").where("deal_id", .equal, dealID)
                .where("user_id", .equal, userID).where("organisation_id", .equal, organisationID).run()
        }
    }
}

/// The deals a person is a guest of, read for every signed-in request.
public struct GuestAccess: Sendable {
    let db: any Database

    public init(db: any Database) { self.db = db }

    public func deals(of userID: UUID, organisationID: UUID) async throws -> Set<UUID> {
        let sql = db as! any SQLDatabase
        return Set(
            try await sql.select().column("deal_id").from("deal_guests").where("user_id", .equal, userID)
                .where("organisation_id", .equal, organisationID).all()
                .map { try $0.decode(column: "deal_id", as: UUID.self) })
    }
}
