import Crypto
import Foundation
import SparringDomain

/// The key that seals pulse answers while their round is open.
///
/// A person's participation and their answer are written in one transaction, so an answer is never
/// lost or counted twice. Written in clear, the two sat side by side in the database's write-ahead log
/// (SQLite's and PostgreSQL's), pairing every answer with its seller for anyone holding the files.
/// The answer is therefore written sealed (AES-GCM, one size for every answer) with a key that is not in
/// the database, and only opened when the round closes, where all of them are written at once in a
/// random order (`PulseStore.close`). The key lives in `SPARRING_PULSE_KEY`, or in a key file beside the
/// SQLite database (`<database>.pulse-key`), made on first start.
public struct PulseKey: Sendable {
    let key: SymmetricKey
    /// Names the key without revealing it (the first 8 bytes of a hash of it), stored with each ballot,
    /// so a server with another key says so instead of failing to open it.
    public let id: String

    public init(bytes: Data) throws(ConfigurationError) {
        guard bytes.count == 32 else {
            throw ConfigurationError(setting: "SPARRING_PULSE_KEY", problem: "use 32 bytes, base64-encoded")
        }
        key = SymmetricKey(data: bytes)
        id = SHA256.hash(data: Data("sparring pulse key".utf8) + bytes).prefix(8)
            .map { String(format: "%02x", $0) }.joined()
    }

    public static func generate() -> PulseKey {
        try! PulseKey(bytes: SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) })
    }

    /// The key in base64, as `SPARRING_PULSE_KEY` and the key file hold it.
    public var encoded: String { key.withUnsafeBytes { Data($0) }.base64EncodedString() }

    public static func parse(_ text: String, setting: String) throws(ConfigurationError) -> PulseKey {
        guard let bytes = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw ConfigurationError(setting: setting, problem: "not base64: use 32 random bytes, base64-encoded")
        }
        do {
            return try PulseKey(bytes: bytes)
        } catch {
            throw ConfigurationError(setting: setting, problem: error.problem)
        }
    }

    /// The key in `path`, or a new one written there (readable by this user only) when there is none.
    public static func loadOrCreate(file path: String) throws -> PulseKey {
        if let text = try? String(contentsOfFile: path, encoding: .utf8) {
            return try parse(text, setting: "the pulse key file \(path)")
        }
        let key = generate()
        let created = FileManager.default.createFile(
            atPath: path, contents: Data((key.encoded + "\n").utf8), attributes: [.posixPermissions: 0o600])
        guard created else {
            throw ConfigurationError(setting: "the pulse key file \(path)", problem: "cannot be written")
        }
        return key
    }
}

/// The pulse key of this process, installed at start-up (`configure`) for every `PulseStore`. Before
/// that, and for in-memory databases that live only as long as the process, a random key of its own.
public enum PulseKeys {
    private final class Box: @unchecked Sendable {
        let lock = NSLock()
        var key = PulseKey.generate()
    }
    private static let box = Box()

    public static func install(_ key: PulseKey) { box.lock.withLock { box.key = key } }
    public static var current: PulseKey { box.lock.withLock { box.key } }
}

/// Sealing and opening one ballot: `<key id>:<base64 of nonce, ciphertext and tag>`.
enum PulseBallot {
    struct WrongKey: Error {
        var keyID: String
    }

    static func seal(_ submission: PulseSubmission, with key: PulseKey) throws -> String {
        let box = try AES.GCM.seal(submission.payload, using: key.key)
        return key.id + ":" + box.combined!.base64EncodedString()
    }

    static func open(_ sealed: String, with key: PulseKey) throws -> PulseSubmission {
        let parts = sealed.split(separator: ":", maxSplits: 1)
        guard parts.count == 2 else { throw WrongKey(keyID: "") }
        guard String(parts[0]) == key.id else { throw WrongKey(keyID: String(parts[0])) }
        guard let combined = Data(base64Encoded: String(parts[1])),
            let submission = PulseSubmission(
                payload: Array(try AES.GCM.open(AES.GCM.SealedBox(combined: combined), using: key.key)))
        else { throw WrongKey(keyID: String(parts[0])) }
        return submission
    }
}
