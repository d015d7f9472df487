/// Hashes and checks passwords. The live version is bcrypt (web target); tests pass a cheaper cost.
public protocol PasswordHashing: Sendable {
    func hash(_ password: String) throws -> String
    func verify(_ password: String, against hash: String) throws -> Bool
}
