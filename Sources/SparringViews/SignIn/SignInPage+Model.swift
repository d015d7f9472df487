import SparringDomain

public enum SignInPage {
    public typealias View = PageView<Model>

    public struct Model: Sendable {
        public var email: String
        /// Why the last attempt failed, already worded (wrong password, throttled, deactivated).
        public var failure: (key: L10nKey, arguments: [String: String])?

        public init(email: String = "", failure: (key: L10nKey, arguments: [String: String])? = nil) {
            self.email = email
            self.failure = failure
        }
    }
}
