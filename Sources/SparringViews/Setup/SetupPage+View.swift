import Plot
import SparringDomain

extension PageView where Model == SetupPage.Model {
    var labels: [String: String] {
        let t = context.t
        return [
            "organisationName": t(.organisationName), "defaultLocale": t(.defaultLanguage),
            "baseCurrency": t(.baseCurrency), "timeZone": t(.timeZone), "name": t(.name),
            "email": t(.email), "password": t(.password), "passwordConfirmation": t(.passwordConfirmation),
        ]
    }

    public func render() -> String {
        let t = context.t, state = model.state, labels = labels
        return Layout.render(context: context, title: t(.setupTitle)) {
            Tag("h1", text: t(.setupTitle))
            Tag("p", [.attr("class", "lead")], text: t(.setupIntro))
            ErrorSummary(context: context, state: state, labels: labels)
            PostForm(context: context, action: .setup) {
                Tag("fieldset") {
                    Tag("legend", text: t(.setupOrganisationSection))
                    TextInput(
                        context: context, name: "organisationName", label: labels["organisationName"]!,
                        value: state["organisationName"], autocomplete: "organization",
                        error: state.error("organisationName"))
                    SelectInput(
                        context: context, name: "defaultLocale", label: labels["defaultLocale"]!,
                        options: AppLocale.allCases.map { ($0.rawValue, $0.nativeName) },
                        selected: state["defaultLocale"], error: state.error("defaultLocale"))
                    TextInput(
                        context: context, name: "baseCurrency", label: labels["baseCurrency"]!,
                        value: state["baseCurrency"], error: state.error("baseCurrency"))
                    TextInput(
                        context: context, name: "timeZone", label: labels["timeZone"]!,
                        value: state["timeZone"], error: state.error("timeZone"))
                }
                Tag("fieldset") {
                    Tag("legend", text: t(.setupAdminSection))
                    TextInput(
                        context: context, name: "name", label: labels["name"]!, value: state["name"],
                        autocomplete: "name", error: state.error("name"))
                    TextInput(
                        context: context, name: "email", label: labels["email"]!, value: state["email"],
                        type: "email", autocomplete: "email", error: state.error("email"))
                    NewPasswordFields(
                        context: context, state: state, label: labels["password"]!,
                        confirmationLabel: labels["passwordConfirmation"]!)
                }
                Tag("button", [.attr("type", "submit"), .attr("class", "primary")], text: t(.setupSubmit))
            }
        }
    }
}
