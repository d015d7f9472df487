import SparringViews
import Vapor

/// Logs each request's method and path, as Vapor's `RouteLoggingMiddleware` does, except that a
/// private calendar feed's secret (`/calendar/SECRET.ics`) never reaches the log: whoever reads the
/// logs could otherwise subscribe to a person's follow-ups.
struct RequestLogMiddleware: AsyncMiddleware {
    let logLevel: Logger.Level

    func respond(to request: Request, chainingTo next: any AsyncResponder) async throws -> Response {
        request.logger.log(level: logLevel, "\(request.method) \(SiteRoute.loggablePath(request.url.path))")
        return try await next.respond(to: request)
    }
}
