import Foundation
import SparringDomain

extension AppLocale {
    /// The language of messages on the command line: Norwegian when `LANG` (or `LC_ALL`) says so.
    static var commandLine: AppLocale {
        let environment = ProcessInfo.processInfo.environment
        let lang = (environment["LC_ALL"] ?? environment["LANG"] ?? "").lowercased()
        return lang.hasPrefix("nb") || lang.hasPrefix("no") || lang.hasPrefix("nn") ? .nb : .en
    }
}

extension AppError {
    /// What a page says about this error, as one line for a terminal: "file: The file has no rows."
    public func commandLineText(_ t: Localizer) -> String {
        func line(_ field: String?, _ message: String) -> String { field.map { "\($0): " + message } ?? message }
        switch self {
        case .validation(let errors):
            return errors.map { line($0.field, t($0.message, $0.arguments)) }.joined(separator: "; ")
        case .badRequest(let key, let field), .duplicate(let key, let field):
            return line(field, t(key))
        case .notFound: return t(.errorNotFound)
        case .forbidden: return t(.errorForbidden)
        case .conflict: return t(.errorConflict)
        case .unauthenticated: return t(.errorUnauthenticated)
        case .throttled(let seconds): return t(.errorThrottled, ["seconds": String(seconds)])
        case .alreadySetUp: return t(.errorAlreadySetUp)
        }
    }
}
