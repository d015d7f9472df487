import Plot
import SparringDomain

/// The page shown for errors on HTML routes: a title and a sentence, never internals.
public enum ErrorPage {
    public struct Model: Sendable {
        public var title: L10nKey
        public var message: L10nKey
        public var arguments: [String: String]

        public init(title: L10nKey, message: L10nKey, arguments: [String: String] = [:]) {
            self.title = title
            self.message = message
            self.arguments = arguments
        }
    }

    public typealias View = PageView<Model>
}

extension PageView where Model == ErrorPage.Model {
    public func render() -> String {
        let t = context.t
        return Layout.render(context: context, title: t(model.title)) {
            Tag("div", [.attr("class", "narrow")]) {
                Tag("h1", text: t(model.title))
                Tag("p", [.attr("class", "lead")], text: t(model.message, model.arguments))
                Tag("p") { Tag("a", [.attr("href", SiteRoute.home.path)], text: t(.backToHome)) }
            }
        }
    }
}
