/// A page's view: its model and the request's context. Each page declares
/// `public typealias View = PageView<Model>` and renders in an extension constrained to its model,
/// so the view reads only its model and the layout context, never the request or the database.
public struct PageView<Model: Sendable> {
    public let model: Model
    public let context: PageContext

    public init(model: Model, context: PageContext) {
        self.model = model
        self.context = context
    }
}
