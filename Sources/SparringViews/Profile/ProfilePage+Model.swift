import Foundation
import SparringDomain

/// The person's own page: language, password and API tokens.
public enum ProfilePage {
    public typealias View = PageView<Model>

    public struct Model: Sendable {
        public var name: String
        public var email: String
        public var role: Role
        public var locale: AppLocale?
        public var tokens: [APIToken]
        /// A token just created: shown once, never again.
        public var newTokenSecret: String?
        public var passwordForm: FormState
        public var tokenForm: FormState
        /// An administrator reset the password: the page leads with the password form.
        public var mustChangePassword: Bool

        public init(
            name: String, email: String, role: Role, locale: AppLocale?, tokens: [APIToken],
            newTokenSecret: String? = nil, passwordForm: FormState = FormState(),
            tokenForm: FormState = FormState(), mustChangePassword: Bool = false
        ) {
            self.name = name
            self.email = email
            self.role = role
            self.locale = locale
            self.tokens = tokens
            self.newTokenSecret = newTokenSecret
            self.passwordForm = passwordForm
            self.tokenForm = tokenForm
            self.mustChangePassword = mustChangePassword
        }
    }
}
