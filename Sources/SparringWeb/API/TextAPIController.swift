import Foundation
import SparringDomain
import SparringViews
import Vapor

struct BlockerFindingDTO: Content {
    var bias: String
    /// Offsets in Unicode scalars of the text sent.
    var start: Int
    var end: Int
    var phrase: String
    var question: String
}

extension BlockerFindingDTO {
    /// Every blocking phrase in a text, with its question in the language of `t`.
    static func all(in text: String, _ t: Localizer) -> [BlockerFindingDTO] {
        BlockerDetector().findings(in: text).map {
            BlockerFindingDTO(
                bias: $0.bias.rawValue, start: $0.start, end: $0.end, phrase: $0.phrase, question: t($0.bias.question))
        }
    }
}

struct BlockerFindingsDTO: Content {
    var locale: String
    var findings: [BlockerFindingDTO]
}

/// `POST /api/v1/text/blockers`: the innovation-blocking phrases in a text, each with the opening
/// question that answers it, in the text's language (or the one asked for).
struct TextAPIController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.post(.api(.textBlockers), use: blockers)
    }

    struct Body: Content {
        var text: String?
        var locale: String?
    }

    /// The longest text checked: a long message, not a document.
    static let maximumLength = 20_000

    func blockers(req: Request) async throws -> Response {
        _ = try req.signedIn()
        let body = try req.decodeJSON(Body.self)
        guard let text = body.text else { throw AppError.invalid("text", .errorRequired) }
        guard text.unicodeScalars.count <= Self.maximumLength else {
            throw AppError.invalid("text", .errorTooLong, ["max": String(Self.maximumLength)])
        }
        var locale = BlockerDetector.language(of: text, fallback: req.context.locale)
        if let asked = body.locale {
            guard let chosen = AppLocale(rawValue: asked) else { throw AppError.invalid("locale", .errorChoice) }
            locale = chosen
        }
        return try json(
            BlockerFindingsDTO(locale: locale.rawValue, findings: BlockerFindingDTO.all(in: text, Localizer(locale))))
    }
}
