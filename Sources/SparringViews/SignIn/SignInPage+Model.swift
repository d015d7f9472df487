import SparringDomain

public enum SignInPage {
    public typealias View = PageView<Model>

    public struct Model: Sendable {
        public var email: String
        /// Where to go after signing in (a local path), when sign-in interrupted the way there.
        public var next: String?
        /// Why the last attempt failed, already worded (wrong password, throttled, deactivated).
        public var failure: (key: L10nKey, arguments: [String: String])?

        public init(
            email: String = "", next: String? = nil, failure: (key: L10nKey, arguments: [String: String])? = nil
        ) {
            self.email = email
            self.next = next
            self.failure = failure
        }
    }
}
