import Foundation

/// How many failed sign-ins are tolerated before an e-mail address is paused.
/// Counted per e-mail address (not per IP): an attacker rotating addresses gains nothing against one
/// account, and colleagues behind one office NAT are not locked out by each other's typos.
public struct SignInThrottle: Sendable {
    public var maximumFailures: Int
    public var window: TimeInterval

    public init(maximumFailures: Int = 5, window: TimeInterval = 15 * 60) {
        self.maximumFailures = maximumFailures
        self.window = window
    }

    /// The start of the window that counts at `now`.
    public func windowStart(now: Date) -> Date { now.addingTimeInterval(-window) }

    /// Given the failures inside the window, how long the person must wait, or `nil` if they may try.
    public func retryAfter(failures: [Date], now: Date) -> TimeInterval? {
        let recent = failures.filter { $0 > windowStart(now: now) }.sorted()
        guard recent.count >= maximumFailures else { return nil }
        // Free again when the oldest failure that still counts leaves the window.
        let freeAt = recent[recent.count - maximumFailures].addingTimeInterval(window)
        let wait = freeAt.timeIntervalSince(now)
        return wait > 0 ? wait : nil
    }
}
