import Foundation
import SparringDomain

/// Who is looking, in which language: what the shared layout needs from the request, gathered by the
/// web layer. Views never see the request itself.
public struct PageContext: Sendable {
    public struct Viewer: Sendable {
        public var name: String
        public var role: Role
        public var organisationName: String

        public init(name: String, role: Role, organisationName: String) {
            self.name = name
            self.role = role
            self.organisationName = organisationName
        }
    }

    public var locale: AppLocale
    public var format: LocaleFormat
    public var currentPath: String
    public var csrfToken: String
    public var viewer: Viewer?
    /// A one-time notice after a redirect ("The team is saved.").
    public var notice: L10nKey?
    /// What navigation items the viewer may use; decided by the policy in the web layer.
    public var navigation: [NavigationItem]

    public init(
        locale: AppLocale, format: LocaleFormat? = nil, currentPath: String, csrfToken: String,
        viewer: Viewer? = nil, notice: L10nKey? = nil, navigation: [NavigationItem] = []
    ) {
        self.locale = locale
        self.format = format ?? LocaleFormat(locale)
        self.currentPath = currentPath
        self.csrfToken = csrfToken
        self.viewer = viewer
        self.notice = notice
        self.navigation = navigation
    }

    public var t: Localizer { Localizer(locale) }
}

public struct NavigationItem: Sendable, Equatable {
    public var route: SiteRoute
    public var label: L10nKey
    /// A count shown beside the label (unread notifications); nothing when zero.
    public var badge: Int

    public init(_ route: SiteRoute, _ label: L10nKey, badge: Int = 0) {
        self.route = route
        self.label = label
        self.badge = badge
    }
}

/// What a form shows back after a failed submit: the values as typed and the errors by field.
public struct FormState: Sendable {
    public var values: [String: String]
    public var lists: [String: Set<String>]
    public var errors: [FieldError]

    public init(values: [String: String] = [:], lists: [String: Set<String>] = [:], errors: [FieldError] = []) {
        self.values = values
        self.lists = lists
        self.errors = errors
    }

    public subscript(_ field: String) -> String { values[field] ?? "" }
    public func list(_ field: String) -> Set<String> { lists[field] ?? [] }
    public func error(_ field: String) -> FieldError? { errors.first { $0.field == field } }
}
