import Plot
import SparringDomain

extension PageView where Model == ProfilePage.Model {
    public func render() -> String {
        let t = context.t
        return Layout.render(context: context, title: t(.profileTitle)) {
            Tag("h1", text: t(.profileTitle))
            Tag("dl", [.attr("class", "facts")]) {
                Tag("dt", text: t(.name)); Tag("dd", text: model.name)
                Tag("dt", text: t(.email)); Tag("dd", text: model.email)
                Tag("dt", text: t(.role)); Tag("dd", text: t.role(model.role))
            }
            if model.mustChangePassword {
                // Nothing else works until the password is changed: say so first, and show only that.
                Tag("p", [.attr("class", "notice warning"), .attr("role", "alert")], text: t(.passwordMustChange))
                password
            } else {
                settings
                password
                tokens
            }
        }
    }

    private var settings: Component {
        let t = context.t
        return Tag("section", [.attr("class", "card"), .attr("aria-labelledby", "settings-title")]) {
            Tag("h2", [.attr("id", "settings-title")], text: t(.profileSettings))
            PostForm(context: context, action: .profileSettings) {
                SelectInput(
                    context: context, name: "locale", label: t(.locale),
                    options: [("", t(.localeFromBrowser))]
                        + AppLocale.allCases.map { ($0.rawValue, $0.nativeName) },
                    selected: model.locale?.rawValue ?? "")
                Tag("button", [.attr("type", "submit")], text: t(.save))
            }
        }
    }

    private var password: Component {
        let t = context.t, state = model.passwordForm
        let labels = [
            "currentPassword": t(.currentPassword), "password": t(.newPassword),
            "passwordConfirmation": t(.passwordConfirmation),
        ]
        return Tag("section", [.attr("class", "card"), .attr("aria-labelledby", "password-title")]) {
            Tag("h2", [.attr("id", "password-title")], text: t(.changePasswordTitle))
            ErrorSummary(context: context, state: state, labels: labels)
            PostForm(context: context, action: .profilePassword) {
                TextInput(
                    context: context, name: "currentPassword", label: labels["currentPassword"]!,
                    type: "password", autocomplete: "current-password", error: state.error("currentPassword"))
                NewPasswordFields(
                    context: context, state: state, label: labels["password"]!,
                    confirmationLabel: labels["passwordConfirmation"]!)
                Tag("button", [.attr("type", "submit")], text: t(.changePasswordSubmit))
            }
        }
    }

    private var tokens: Component {
        let t = context.t, state = model.tokenForm
        return Tag("section", [.attr("class", "card"), .attr("aria-labelledby", "tokens-title")]) {
            Tag("h2", [.attr("id", "tokens-title")], text: t(.apiTokensTitle))
            Tag("p", [.attr("class", "muted")], text: t(.apiTokensIntro))
            if let secret = model.newTokenSecret {
                Tag("div", [.attr("class", "notice"), .attr("role", "status")]) {
                    Tag("p", text: t(.tokenCreatedOnce))
                    Tag("code", [.attr("class", "secret"), .attr("id", "new-token")], text: secret)
                }
            }
            if model.tokens.isEmpty {
                Tag("p", text: t(.noTokens))
            } else {
                DataTable(headers: [t(.tokenName), t(.tokenCreatedAt), t(.tokenLastUsed), t(.actions)]) {
                    for token in model.tokens {
                        Tag("tr") {
                            Tag("td", text: token.name)
                            Tag("td", text: context.format.dateTime(token.createdAt))
                            Tag("td", text: token.lastUsedAt.map(context.format.dateTime) ?? t(.never))
                            Tag("td") {
                                PostButton(
                                    context: context, action: .profileTokenRevoke(token.id),
                                    label: t(.tokenRevoke))
                            }
                        }
                    }
                }
            }
            ErrorSummary(context: context, state: state, labels: ["name": t(.tokenName)])
            PostForm(context: context, action: .profileTokens) {
                TextInput(
                    context: context, name: "name", label: t(.tokenName),
                    value: state.values["name"] ?? t(.tokenDefaultName), error: state.error("name"))
                Tag("button", [.attr("type", "submit")], text: t(.tokenCreate))
            }
        }
    }
}
