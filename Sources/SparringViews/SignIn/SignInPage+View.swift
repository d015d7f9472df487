import Plot
import SparringDomain

extension PageView where Model == SignInPage.Model {
    public func render() -> String {
        let t = context.t
        return Layout.render(context: context, title: t(.signInTitle)) {
            Tag("div", [.attr("class", "narrow")]) {
                Tag("h1", text: t(.signInTitle))
                Tag("p", [.attr("class", "lead")], text: t(.signInIntro))
                if let failure = model.failure {
                    Tag(
                        "div",
                        [.attr("class", "error-summary"), .attr("role", "alert"), .attr("id", "error-summary")]
                    ) {
                        Tag("p", text: t(failure.key, failure.arguments))
                    }
                }
                PostForm(context: context, action: .signIn) {
                    if let next = model.next {
                        VoidTag("input", [.attr("type", "hidden"), .attr("name", "next"), .attr("value", next)])
                    }
                    TextInput(
                        context: context, name: "email", label: t(.email), value: model.email, type: "email",
                        autocomplete: "username")
                    TextInput(
                        context: context, name: "password", label: t(.password), type: "password",
                        autocomplete: "current-password")
                    Tag("button", [.attr("type", "submit"), .attr("class", "primary")], text: t(.signInSubmit))
                }
            }
        }
    }
}
