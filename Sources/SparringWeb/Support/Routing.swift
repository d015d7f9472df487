import SparringDomain
import SparringViews
import Vapor

extension SiteRoute {
    /// The route's pattern as Vapor path components (`:teamID` becomes a parameter).
    var pathComponents: [PathComponent] { pattern.map { PathComponent(stringLiteral: $0) } }
}

extension RoutesBuilder {
    @discardableResult
    func get<R: AsyncResponseEncodable>(
        _ route: SiteRoute, use handler: @Sendable @escaping (Request) async throws -> R
    )
        -> Route
    {
        on(.GET, route.pathComponents, use: handler)
    }

    @discardableResult
    func post<R: AsyncResponseEncodable>(
        _ route: SiteRoute, use handler: @Sendable @escaping (Request) async throws -> R
    )
        -> Route
    {
        on(.POST, route.pathComponents, use: handler)
    }
}

extension Request {
    /// A path parameter as a UUID; a malformed id is simply "not found", like an id of another organisation.
    func id(_ name: String) throws -> UUID {
        guard let raw = parameters.get(name), let id = UUID(uuidString: raw) else { throw AppError.notFound }
        return id
    }

    /// The `cursor` query parameter of a paginated page, if any; a damaged one is a clear 400.
    func listCursor() throws -> PageCursor? {
        guard let raw = try? query.get(String.self, at: "cursor"), !raw.isEmpty else { return nil }
        return try PageCursor.decode(raw, count: 2)
    }

    /// POST-redirect-GET to a page, with an optional one-time notice.
    func redirect(to route: SiteRoute, notice: L10nKey? = nil) -> Response {
        redirect(to: route.path, notice: notice)
    }

    func redirect(to path: String, notice: L10nKey?) -> Response {
        let response = redirect(to: path, redirectType: .normal)
        if let notice { response.cookies[Cookies.notice] = cookie(notice.rawValue, maxAge: 60) }
        return response
    }
}

/// An HTML page response.
func htmlResponse(_ html: String, status: HTTPResponseStatus = .ok) -> Response {
    var headers = HTTPHeaders()
    headers.contentType = .html
    return Response(status: status, headers: headers, body: .init(string: html))
}

/// Only local paths may be redirect targets (`/x`, never `//evil.example` or `https://…`).
func safeLocalPath(_ raw: String?) -> String? {
    // Browsers follow the URL standard: they drop tabs and newlines from a URL and read `\` as `/`, so
    // `/\t/evil.example` and `/\evil.example` both become `//evil.example`, another host. Only a path
    // that starts with exactly one `/` and holds no control character, backslash or space is ours.
    guard let raw, raw.utf8.count < 2048, raw.hasPrefix("/"), !raw.dropFirst().hasPrefix("/") else { return nil }
    let refused = raw.unicodeScalars.contains {
        $0 == "\\" || $0 == " " || $0.properties.generalCategory == .control
            || $0.properties.generalCategory == .format || $0.properties.isWhitespace
    }
    return refused ? nil : raw
}

/// Form fields that name several ids (checkbox groups). Anything not a UUID is a field error.
func parseIDs(_ raw: [String]?, field: String, into errors: inout [FieldError]) -> [UUID] {
    var ids: [UUID] = []
    for value in raw ?? [] {
        guard let id = UUID(uuidString: value) else {
            errors.append(FieldError(field, .errorChoice))
            return []
        }
        ids.append(id)
    }
    return ids
}
