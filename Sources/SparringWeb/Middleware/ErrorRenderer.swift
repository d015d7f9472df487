import Foundation
import SparringDomain
import SparringViews
import Vapor

/// Errors that only the web layer knows.
enum WebError: Error {
    /// A form came without the right CSRF token.
    case csrf
    /// An administrator reset the password, and the person has not chosen a new one yet.
    case passwordChangeRequired
    /// An API body that does not say it is JSON.
    case notJSON
}

/// The JSON error body every `/api` error has: `{"error": {"code", "message", "field"}}`.
struct ErrorBodyDTO: Content {
    struct Detail: Codable {
        var code: String
        var message: String
        var field: String?
    }
    var error: Detail
}

/// Turns any error into a response, in one place: an HTML page in the user's language for pages,
/// the JSON error for `/api`. Internals are logged, never shown.
enum ErrorRenderer {
    struct Described {
        var status: HTTPResponseStatus
        var code: String
        var title: L10nKey
        var message: L10nKey
        var arguments: [String: String] = [:]
        var field: String?
        var headers: HTTPHeaders = [:]
    }

    static func describe(_ error: any Error, request: Request) -> Described {
        switch error {
        case let error as AppError:
            switch error {
            case .unauthenticated:
                var headers = HTTPHeaders()
                if request.isAPI { headers.add(name: .wwwAuthenticate, value: "Bearer") }
                return Described(
                    status: .unauthorized, code: "unauthenticated", title: .signInTitle,
                    message: .errorUnauthenticated, headers: headers)
            case .forbidden:
                return Described(
                    status: .forbidden, code: "forbidden", title: .errorForbiddenTitle, message: .errorForbidden)
            case .notFound:
                return Described(
                    status: .notFound, code: "not_found", title: .errorNotFoundTitle, message: .errorNotFound)
            case .conflict:
                return Described(status: .conflict, code: "conflict", title: .errorConflict, message: .errorConflict)
            case .validation(let errors):
                let first = errors.first
                return Described(
                    status: .unprocessableEntity, code: "validation_failed", title: .errorSummaryTitle,
                    message: first?.message ?? .errorBadRequest, arguments: first?.arguments ?? [:],
                    field: first?.field)
            case .badRequest(let key, let field):
                return Described(
                    status: .badRequest, code: "bad_request", title: .errorBadRequest, message: key, field: field)
            case .throttled(let seconds):
                var headers = HTTPHeaders()
                headers.add(name: .retryAfter, value: String(seconds))
                return Described(
                    status: .tooManyRequests, code: "throttled", title: .errorThrottled,
                    message: .errorThrottled, arguments: ["seconds": String(seconds)], headers: headers)
            case .alreadySetUp:
                return Described(
                    status: .conflict, code: "already_set_up", title: .setupTitle, message: .errorAlreadySetUp)
            case .duplicate(let key, let field):
                return Described(
                    status: .conflict, code: "duplicate", title: .errorConflict, message: key, field: field)
            }
        case WebError.csrf:
            return Described(status: .forbidden, code: "csrf", title: .errorForbiddenTitle, message: .errorCSRF)
        case WebError.notJSON:
            return Described(
                status: .unsupportedMediaType, code: "unsupported_media_type", title: .errorBadRequest,
                message: .errorJSONContentType)
        case WebError.passwordChangeRequired:
            return Described(
                status: .forbidden, code: "password_change_required", title: .errorForbiddenTitle,
                message: .passwordMustChange)
        case ConnectionPoolTimeoutError.connectionRequestTimeout:
            // Every pooled connection was busy for longer than the pool waits (a burst of requests on
            // one lock): the server is overloaded, not broken, so 503 with when to try again — and a
            // request that was checking a token or a password is refused, never answered (fails
            // closed). The request did nothing: it never had a connection.
            request.logger.warning("No database connection within the pool's timeout: answered 503")
            var headers = HTTPHeaders()
            headers.add(name: .retryAfter, value: "2")
            return Described(
                status: .serviceUnavailable, code: "unavailable", title: .errorBusyTitle, message: .errorBusy,
                headers: headers)
        case let error as DecodingError:
            return Described(
                status: .badRequest, code: "bad_request", title: .errorBadRequest,
                message: error.expectation ?? .errorBadJSON, field: error.fieldPath)
        case let abort as any AbortError:
            switch abort.status {
            case .notFound:
                return Described(
                    status: .notFound, code: "not_found", title: .errorNotFoundTitle, message: .errorNotFound)
            case .payloadTooLarge:
                return Described(
                    status: .payloadTooLarge, code: "too_large", title: .errorBadRequest, message: .errorTooLarge)
            case .methodNotAllowed:
                return Described(
                    status: .methodNotAllowed, code: "method_not_allowed", title: .errorBadRequest,
                    message: .errorMethod)
            case .unauthorized:
                return Described(
                    status: .unauthorized, code: "unauthenticated", title: .signInTitle,
                    message: .errorUnauthenticated)
            case let status where status.code < 500:
                return Described(
                    status: status, code: "bad_request", title: .errorBadRequest,
                    message: request.isAPI ? .errorBadJSON : .errorBadRequest)
            default:
                break
            }
        default:
            break
        }
        request.logger.report(error: error)
        return Described(
            status: .internalServerError, code: "internal", title: .errorServerTitle, message: .errorServer)
    }

    static func response(for error: any Error, request: Request) -> Response {
        let described = describe(error, request: request)
        let t = request.t
        if request.isAPI || request.url.path == SiteRoute.healthz.path {
            var message = t(described.message, described.arguments)
            if let field = described.field { message = "\(field): \(message)" }
            let body = ErrorBodyDTO(error: .init(code: described.code, message: message, field: described.field))
            let response = Response(status: described.status, headers: described.headers)
            try? response.content.encode(body, using: JSONEncoder.api)
            return response
        }
        // A page that needs a signed-in person sends the browser to sign in, and back afterwards.
        if described.status == .unauthorized, request.method == .GET {
            let next = request.url.path.hasPrefix("/") && !request.url.path.hasPrefix("//") ? request.url.path : "/"
            var components = URLComponents()
            components.path = SiteRoute.signIn.path
            components.queryItems = next == "/" ? nil : [URLQueryItem(name: "next", value: next)]
            return request.redirect(to: components.string ?? SiteRoute.signIn.path, redirectType: .normal)
        }
        let html = ErrorPage.View(
            model: .init(
                title: described.title, message: described.message,
                arguments: described.arguments),
            context: request.pageContext(unread: 0)
        ).render()
        var headers = described.headers
        headers.contentType = .html
        return Response(status: described.status, headers: headers, body: .init(string: html))
    }
}

/// Catches every error below it and renders it through `ErrorRenderer`.
struct AppErrorMiddleware: AsyncMiddleware {
    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        do {
            return try await next.respond(to: request)
        } catch {
            return ErrorRenderer.response(for: error, request: request)
        }
    }
}

extension DecodingError {
    /// What the field should have held, when the JSON had the wrong kind of value there.
    var expectation: L10nKey? {
        switch self {
        case .typeMismatch(let type, _), .valueNotFound(let type, _):
            switch type {
            case is String.Type, is String?.Type: return .errorJSONExpectText
            case is Int.Type, is Int?.Type, is Int64.Type, is Double.Type: return .errorJSONExpectNumber
            case is Bool.Type, is Bool?.Type: return .errorJSONExpectBoolean
            case is UUID.Type, is UUID?.Type: return .errorJSONExpectID
            default:
                let name = String(describing: type)
                if name.hasPrefix("Array") || name.hasPrefix("[") { return .errorJSONExpectList }
                if name.hasPrefix("Dictionary") || name.contains(":") { return .errorJSONExpectObject }
                return nil
            }
        case .dataCorrupted(let context):
            // Foundation says so when a string is not a UUID.
            return context.debugDescription.contains("UUID") ? .errorJSONExpectID : nil
        default:
            return nil
        }
    }

    /// The JSON path of the offending field, dotted (`teams.0.name`), if any.
    var fieldPath: String? {
        let path: [any CodingKey]
        switch self {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            path = context.codingPath
        case .keyNotFound(let key, let context):
            path = context.codingPath + [key]
        @unknown default:
            path = []
        }
        let text = path.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".")
        return text.isEmpty ? nil : text
    }
}

extension JSONEncoder {
    /// The API's JSON: camelCase keys (Swift's own), ISO-8601 dates, stable key order.
    static var api: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}

extension JSONDecoder {
    static var api: JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }
}
