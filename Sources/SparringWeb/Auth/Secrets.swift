import Crypto
import Foundation
import Vapor

/// Random secrets (session ids, CSRF tokens, API tokens) and their stored form.
enum Secrets {
    /// 32 random bytes, base64url without padding: 256 bits from the system's secure generator.
    static func random(prefix: String = "") -> String {
        prefix
            + Data([UInt8].random(count: 32)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// What the database keeps of a secret: its SHA-256, hex. The secret has full entropy, so a
    /// plain hash is enough (no salt or slow hash needed, unlike passwords).
    static func hash(_ secret: String) -> String {
        SHA256.hash(data: Data(secret.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Compares without leaking where two strings first differ.
    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        let x = Array(a.utf8), y = Array(b.utf8)
        guard x.count == y.count else { return false }
        var difference: UInt8 = 0
        for index in x.indices { difference |= x[index] ^ y[index] }
        return difference == 0
    }

    /// A password an administrator reads out or types for someone: 16 letters and digits without the
    /// look-alikes (0/O, 1/l/I), in groups of four. 31^16 ≈ 2^79, and it is replaced at first sign-in.
    static func temporaryPassword() -> String {
        let alphabet = Array("abcdefghjkmnpqrstuvwxyz23456789")
        var generator = SystemRandomNumberGenerator()
        let characters = (0..<16).map { _ in alphabet.randomElement(using: &generator)! }
        return stride(from: 0, to: 16, by: 4).map { String(characters[$0..<$0 + 4]) }.joined(separator: "-")
    }

    static let apiTokenPrefix = "sp_"
}
