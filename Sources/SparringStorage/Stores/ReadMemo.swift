import Foundation
import SparringDomain

/// What one read-only request would otherwise load again and again: the organisation's sales processes
/// and the stay statistics the stuck rules are measured against (hundreds of histogram rows). A leader's
/// home read both three times, once per part of the page. A memo lives for one request and is given only
/// to requests that write nothing (GET), so nothing it holds can have been changed by the request itself;
/// other servers' and other requests' changes are seen by the next request.
public final class ReadMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var pipelines: [Pipeline]?
    private var statistics: [[UUID]: [UUID: StayStatistics]] = [:]

    public init() {}

    func pipelines(_ load: () async throws -> [Pipeline]) async throws -> [Pipeline] {
        if let known = lock.withLock({ pipelines }) { return known }
        let loaded = try await load()
        lock.withLock { pipelines = loaded }
        return loaded
    }

    func statistics(
        _ stageIDs: [UUID], _ load: () async throws -> [UUID: StayStatistics]
    ) async throws -> [UUID: StayStatistics] {
        if let known = lock.withLock({ statistics[stageIDs] }) { return known }
        let loaded = try await load()
        lock.withLock { statistics[stageIDs] = loaded }
        return loaded
    }
}
