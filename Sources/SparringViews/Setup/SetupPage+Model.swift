import SparringDomain

/// The first-run page: create the organisation and its first admin.
public enum SetupPage {
    public typealias View = PageView<Model>

    public struct Model: Sendable {
        public var state: FormState

        public init(
            state: FormState = FormState(values: [
                "defaultLocale": "nb", "baseCurrency": "NOK",
                "timeZone": "Europe/Oslo",
            ])
        ) {
            self.state = state
        }
    }
}
