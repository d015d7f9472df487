import Foundation
import NIOHTTP1
import Vapor
import VaporTesting

/// A browser for HTTP tests: keeps cookies, picks up the CSRF token from the last page, sends forms.
public final class Browser: @unchecked Sendable {
    public let app: Application
    public var cookies: [String: String] = [:]
    public var csrfToken: String?
    public var acceptLanguage: String?

    public init(_ app: Application, acceptLanguage: String? = "en") {
        self.app = app
        self.acceptLanguage = acceptLanguage
    }

    public struct Page: Sendable {
        public var status: HTTPResponseStatus
        public var headers: HTTPHeaders
        public var body: String
        public var location: String? { headers.first(name: .location) }
    }

    @discardableResult
    public func get(_ path: String, headers extra: [(String, String)] = []) async throws -> Page {
        try await send(.GET, path, body: nil, headers: extra)
    }

    /// Posts a form; adds the current CSRF token unless `csrf` is false or the form sets one.
    @discardableResult
    public func post(_ path: String, _ fields: [(String, String)] = [], csrf: Bool = true) async throws -> Page {
        var fields = fields
        if csrf, !fields.contains(where: { $0.0 == "csrfToken" }) {
            if csrfToken == nil { try await get("/sign-in") }
            fields.append(("csrfToken", csrfToken ?? ""))
        }
        let body = fields.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        return try await send(.POST, path, body: body, headers: [("Content-Type", "application/x-www-form-urlencoded")])
    }

    /// Signs in through the real form; the response must be the redirect of a successful sign-in.
    public func signIn(_ email: String, _ password: String) async throws {
        try await get("/sign-in")
        let page = try await post("/sign-in", [("email", email), ("password", password)])
        guard page.status == .seeOther, cookies["sparring_session"] != nil else {
            throw BrowserError(description: "sign-in as \(email) failed with \(page.status)")
        }
        try await get("/")
    }

    public struct BrowserError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Posts a multipart form with files, as a browser's file input does (with the CSRF token).
    @discardableResult
    public func upload(
        _ path: String, _ fields: [(String, String)], files: [(field: String, name: String, content: Data)]
    ) async throws -> Page {
        if csrfToken == nil { try await get("/sign-in") }
        let (body, contentType) = Multipart.body(fields + [("csrfToken", csrfToken ?? "")], files: files)
        return try await send(.POST, path, bytes: ByteBuffer(data: body), headers: [("Content-Type", contentType)])
    }

    public func send(
        _ method: HTTPMethod, _ path: String, body: String?, headers extra: [(String, String)]
    ) async throws -> Page {
        try await send(method, path, bytes: body.map { ByteBuffer(string: $0) }, headers: extra)
    }

    public func send(
        _ method: HTTPMethod, _ path: String, bytes buffer: ByteBuffer?, headers extra: [(String, String)]
    ) async throws -> Page {
        var headers = HTTPHeaders()
        if let acceptLanguage { headers.add(name: .acceptLanguage, value: acceptLanguage) }
        if !cookies.isEmpty {
            headers.add(name: .cookie, value: cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "))
        }
        for (name, value) in extra { headers.replaceOrAdd(name: name, value: value) }
        let response = try await app.testing().sendRequest(method, path, headers: headers, body: buffer)
        for value in response.headers[.setCookie] {
            let pair = value.split(separator: ";", maxSplits: 1)[0]
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 2 else { continue }
            if parts[1].isEmpty || value.contains("Max-Age=0") {
                cookies[parts[0]] = nil
            } else {
                cookies[parts[0]] = parts[1]
            }
        }
        let text = response.body.string
        if let range = text.range(of: #"name="csrfToken" value="([^"]+)""#, options: .regularExpression) {
            let match = String(text[range])
            csrfToken = match.components(separatedBy: "value=\"")[1].dropLast().description
        }
        return Page(status: response.status, headers: response.headers, body: text)
    }

    public static func encode(_ value: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return value.addingPercentEncoding(withAllowedCharacters: allowed) ?? value
    }
}

/// JSON API calls with a bearer token.
public struct APIClient: Sendable {
    public let app: Application
    public let token: String?
    public var acceptLanguage = "en"

    public init(_ app: Application, token: String?) {
        self.app = app
        self.token = token
    }

    public func get(_ path: String) async throws -> (status: HTTPResponseStatus, json: Any?, body: String) {
        try await send(.GET, path)
    }

    /// Sends a JSON object (or raw bytes with their content type) and parses the JSON answer.
    public func send(
        _ method: HTTPMethod, _ path: String, json object: [String: Any]? = nil, raw: (Data, String)? = nil
    ) async throws -> (status: HTTPResponseStatus, json: Any?, body: String) {
        var headers = HTTPHeaders()
        if let token { headers.add(name: .authorization, value: "Bearer \(token)") }
        headers.add(name: .acceptLanguage, value: acceptLanguage)
        var buffer: ByteBuffer?
        if let object {
            headers.contentType = .json
            buffer = ByteBuffer(data: try JSONSerialization.data(withJSONObject: object))
        } else if let raw {
            headers.replaceOrAdd(name: .contentType, value: raw.1)
            buffer = ByteBuffer(data: raw.0)
        }
        let response = try await app.testing().sendRequest(method, path, headers: headers, body: buffer)
        let body = response.body.string
        return (response.status, try? JSONSerialization.jsonObject(with: Data(body.utf8)), body)
    }

    /// A multipart form body with text fields and one file.
    public static func multipart(
        _ fields: [(String, String)], file: (field: String, name: String, content: Data)
    )
        -> (Data, String)
    {
        Multipart.body(fields, files: [file])
    }
}

/// A `multipart/form-data` body as a browser sends it: text fields, then files (as CSV). Returns the
/// body and its content type with the boundary.
enum Multipart {
    static func body(
        _ fields: [(String, String)], files: [(field: String, name: String, content: Data)]
    )
        -> (Data, String)
    {
        let boundary = "sparring-test-" + UUID().uuidString
        var body = Data()
        for (name, value) in fields {
            body += Data("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n".utf8)
        }
        for file in files {
            body += Data(
                "--\(boundary)\r\nContent-Disposition: form-data; name=\"\(file.field)\"; filename=\"\(file.name)\"\r\nContent-Type: text/csv\r\n\r\n"
                    .utf8)
            body += file.content + Data("\r\n".utf8)
        }
        body += Data("--\(boundary)--\r\n".utf8)
        return (body, "multipart/form-data; boundary=\(boundary)")
    }
}
