import Foundation

/// A problem with one input field, named by its form/JSON field and explained by a catalogue key.
public struct FieldError: Sendable, Equatable, Error {
    public var field: String
    public var message: L10nKey
    public var arguments: [String: String]

    public init(_ field: String, _ message: L10nKey, _ arguments: [String: String] = [:]) {
        self.field = field
        self.message = message
        self.arguments = arguments
    }
}

/// Typed errors of the whole application. The web layer maps them to HTTP in one middleware.
public enum AppError: Error, Sendable, Equatable {
    /// Not signed in, or the token/session is not valid.
    case unauthenticated
    /// The object exists in the actor's organisation but the role does not allow the action.
    case forbidden
    /// No such object — also what another organisation's objects look like.
    case notFound
    /// Somebody else changed the object since it was read.
    case conflict
    /// One or more fields are invalid.
    case validation([FieldError])
    /// The request is malformed (bad JSON, bad cursor, …).
    case badRequest(L10nKey, field: String?)
    /// Too many failed attempts; try again after the given number of seconds.
    case throttled(retryAfterSeconds: Int)
    /// Setup can only run once.
    case alreadySetUp
    /// A rule of one of a kind ("one open sparring session per deal") that this request would break:
    /// somebody made the one there may be, maybe a moment ago. Held by a unique index, so two requests
    /// at once cannot both pass.
    case duplicate(L10nKey, field: String?)

    public static func invalid(_ field: String, _ message: L10nKey, _ arguments: [String: String] = [:]) -> AppError {
        .validation([FieldError(field, message, arguments)])
    }
}
