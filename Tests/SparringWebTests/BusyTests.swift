import Foundation
import SparringTestSupport
import Testing
import Vapor

@testable import SparringWeb

/// A request that waited for a database connection longer than the pool waits (a burst on one lock)
/// is answered 503 with when to try again, on pages and in the API — not 500, and never an answer to
/// the token or password it was checking (the throttle fails closed).
@Suite struct BusyTests {
    @Test func aRequestThatGetsNoConnectionInTimeIsAnswered503WithRetryAfter() async throws {
        try await withSparring { ctx in
            for (path, json) in [("/api/v1/me", true), ("/deals", false)] {
                let request = Request(
                    application: ctx.app, method: .GET, url: URI(path: path), on: ctx.app.eventLoopGroup.next())
                let response = ErrorRenderer.response(
                    for: ConnectionPoolTimeoutError.connectionRequestTimeout, request: request)
                #expect(response.status == .serviceUnavailable, "\(path)")
                #expect(response.headers.first(name: .retryAfter) == "2", "\(path)")
                let body = response.body.string ?? ""
                if json {
                    #expect(body.contains(#""code":"unavailable""#) && body.contains("Try again in a few seconds"))
                } else {
                    #expect(body.contains("Try again in a few seconds") && !body.contains("connectionRequestTimeout"))
                }
            }
        }
    }
}
