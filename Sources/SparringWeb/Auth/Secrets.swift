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

    static let apiTokenPrefix = "sp_"
}
