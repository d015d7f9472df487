import Foundation

/// Whether the start of an uploaded file is CSV text at all. A workbook, a UTF-16 export or any binary
/// file read as CSV gave a hundred "problems" in garbage columns; one sentence saying what the file is
/// and how to get a CSV helps instead.
public enum TextFileCheck {
    /// What is wrong with a file that begins with `bytes` (its first chunk), or `nil` for text.
    public static func problem(_ bytes: some Collection<UInt8>) -> L10nKey? {
        let start = Array(bytes.prefix(1 << 16))
        if start.starts(with: [0x50, 0x4B, 0x03, 0x04]) || start.starts(with: [0xD0, 0xCF, 0x11, 0xE0]) {
            return .importNotTextWorkbook  // .xlsx (a zip) or the old .xls
        }
        if start.starts(with: [0xFF, 0xFE]) || start.starts(with: [0xFE, 0xFF]) { return .importNotTextUTF16 }
        // Text has no NUL and hardly any other control characters besides tab, line feed and return.
        let control = start.filter { $0 < 0x20 && $0 != 0x09 && $0 != 0x0A && $0 != 0x0D }
        if start.contains(0) || control.count * 100 > start.count { return .importNotText }
        return nil
    }
}
