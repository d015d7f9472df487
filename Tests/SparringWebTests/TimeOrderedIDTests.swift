import Foundation
import SparringStorage
import Testing

@Suite struct TimeOrderedIDTests {
    @Test func versionSevenIdsSortByTheirTimeAndDiffer() {
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        let ids = (0..<200).map { UUID.timeOrdered(at: start.addingTimeInterval(Double($0) * 0.002)) }
        // In text, as SQLite stores them, and as PostgreSQL orders its uuid type (byte by byte).
        #expect(ids.map(\.uuidString) == ids.map(\.uuidString).sorted())
        #expect(Set(ids).count == ids.count)
        let sameMillisecond = (0..<1000).map { _ in UUID.timeOrdered(at: start) }
        #expect(Set(sameMillisecond).count == 1000, "74 random bits apart")
        for id in ids.prefix(20) {
            let text = id.uuidString
            #expect(text[text.index(text.startIndex, offsetBy: 14)] == "7", "version 7")
            #expect("89AB".contains(text[text.index(text.startIndex, offsetBy: 19)]), "RFC 9562 variant")
        }
        // The first 48 bits are the milliseconds since 1970.
        let millis = ids[0].uuid
        let stamp = [millis.0, millis.1, millis.2, millis.3, millis.4, millis.5].reduce(UInt64(0)) {
            $0 << 8 | UInt64($1)
        }
        #expect(stamp == 1_795_000_000_000)
    }
}
