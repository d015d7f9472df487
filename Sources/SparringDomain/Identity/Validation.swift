import Foundation

/// Input rules shared by pages, API and commands, so that all three refuse the same things
/// with the same words.
public enum Validate {
    public static let minimumPasswordLength = 10
    public static let maximumPasswordLength = 72  // bcrypt ignores bytes past 72

    /// Trims and checks a person's, team's or organisation's name.
    public static func name(_ raw: String, field: String, into errors: inout [FieldError]) -> String {
        let value = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        if value.isEmpty {
            errors.append(FieldError(field, .errorRequired))
        } else if value.count > 120 {
            errors.append(FieldError(field, .errorTooLong, ["max": "120"]))
        }
        return value
    }

    /// Lower-cases and checks an e-mail address. Deliberately simple: one `@`, a dot in the domain,
    /// no spaces — the address is a sign-in name here, nothing is sent to it.
    public static func email(_ raw: String, field: String = "email", into errors: inout [FieldError]) -> String {
        let value = raw.trimmingCharacters(in: .whitespacesAndNewlines).lowercased()
        let parts = value.split(separator: "@", omittingEmptySubsequences: false)
        if value.isEmpty {
            errors.append(FieldError(field, .errorRequired))
        } else if value.count > 254 || parts.count != 2 || parts[0].isEmpty || !parts[1].contains(".")
            || parts[1].hasPrefix(".") || parts[1].hasSuffix(".") || value.contains(where: \.isWhitespace)
        {
            errors.append(FieldError(field, .errorEmail))
        }
        return value
    }

    public static func newPassword(
        _ value: String, confirmation: String?, field: String = "password",
        into errors: inout [FieldError]
    ) {
        if value.count < minimumPasswordLength {
            errors.append(FieldError(field, .errorPasswordShort, ["min": String(minimumPasswordLength)]))
        } else if value.utf8.count > maximumPasswordLength {
            errors.append(FieldError(field, .errorTooLong, ["max": String(maximumPasswordLength)]))
        }
        if let confirmation, confirmation != value {
            errors.append(FieldError("passwordConfirmation", .errorPasswordMismatch))
        }
    }

    /// ISO 4217-shaped code: three upper-case letters.
    public static func currency(
        _ raw: String, field: String = "baseCurrency", into errors: inout [FieldError]
    ) -> String {
        let value = raw.trimmingCharacters(in: .whitespaces).uppercased()
        if value.count != 3 || !value.allSatisfy({ $0.isASCII && $0.isLetter }) {
            errors.append(FieldError(field, .errorCurrency))
        }
        return value
    }

    public static func role(_ raw: String, field: String = "role", into errors: inout [FieldError]) -> Role {
        guard let role = Role(rawValue: raw) else {
            errors.append(FieldError(field, .errorChoice))
            return .seller
        }
        return role
    }

    public static func locale(_ raw: String, field: String = "locale", into errors: inout [FieldError]) -> AppLocale? {
        if raw.isEmpty { return nil }
        guard let locale = AppLocale(rawValue: raw) else {
            errors.append(FieldError(field, .errorChoice))
            return nil
        }
        return locale
    }
}
