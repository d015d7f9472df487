import Foundation

/// Runs `body` `runs` times and prints the median and 95th percentile in milliseconds. It runs on the
/// caller's actor (`#isolation`), so the closure need not be sendable.
func timed(
    _ label: String, runs: Int = 200, isolation: isolated (any Actor)? = #isolation,
    _ body: () async throws -> Void
) async throws {
    var samples: [Double] = []
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        try await body()
        samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
    }
    samples.sort()
    let p50 = samples[samples.count / 2], p95 = samples[samples.count * 95 / 100]
    let padded = label.padding(toLength: 44, withPad: " ", startingAt: 0)
    print("  " + padded + String(format: "p50 %7.3f ms   p95 %7.3f ms", p50, p95))
}
