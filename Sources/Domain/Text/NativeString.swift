import Foundation

// Plain (literal, case-sensitive) substring search and replacement on UTF-8 bytes.
//
// On Linux, Foundation's `contains(_:)`, `range(of:)`, `replacingOccurrences(of:with:)` and
// `components(separatedBy:)` bridge every call through NSString and UTF-16, which made the plan
// importer spend most of its time copying strings. These concrete `String` overloads are preferred
// by the compiler over Foundation's generic ones inside this module. All text the importer handles
// is NFC (see `VietnameseText.clean`), so a byte comparison gives the same answer as Foundation's
// literal comparison. Calls that pass `options:` still go to Foundation.
extension String {
    /// UTF-8 offset of the first occurrence of `needle` at or after `from`, or nil.
    func utf8Offset(of needle: String, from start: Int = 0) -> Int? {
        var haystack = self
        var needle = needle
        return haystack.withUTF8 { h in
            needle.withUTF8 { n in
                guard let first = n.first else { return start <= h.count ? start : nil }
                guard n.count <= h.count else { return nil }
                var i = start
                let last = h.count - n.count
                while i <= last {
                    if h[i] == first {
                        var j = 1
                        while j < n.count && h[i + j] == n[j] { j += 1 }
                        if j == n.count { return i }
                    }
                    i += 1
                }
                return nil
            }
        }
    }

    /// Byte search for an ASCII character (which always stands alone as a Character in NFC text
    /// except "\r\n", never searched for); other characters use the Character view.
    func firstIndex(of character: Character) -> String.Index? {
        guard let ascii = character.asciiValue, character != "\r\n" else { return indices.first { self[$0] == character } }
        guard let i = utf8.firstIndex(of: ascii) else { return nil }
        return i
    }

    func lastIndex(of character: Character) -> String.Index? {
        guard let ascii = character.asciiValue, character != "\r\n" else { return indices.last { self[$0] == character } }
        guard let i = utf8.lastIndex(of: ascii) else { return nil }
        return i
    }

    func contains(_ other: String) -> Bool {
        utf8Offset(of: other) != nil
    }

    func range(of other: String) -> Range<String.Index>? {
        guard !other.isEmpty, let offset = utf8Offset(of: other) else { return nil }
        let lower = utf8.index(utf8.startIndex, offsetBy: offset)
        let upper = utf8.index(lower, offsetBy: other.utf8.count)
        return lower..<upper
    }

    func range(of other: String, range: Range<String.Index>) -> Range<String.Index>? {
        let from = utf8.distance(from: utf8.startIndex, to: range.lowerBound)
        let limit = utf8.distance(from: utf8.startIndex, to: range.upperBound)
        guard !other.isEmpty, let offset = utf8Offset(of: other, from: from), offset + other.utf8.count <= limit else { return nil }
        let lower = utf8.index(utf8.startIndex, offsetBy: offset)
        return lower..<utf8.index(lower, offsetBy: other.utf8.count)
    }

    func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard !target.isEmpty, var at = utf8Offset(of: target) else { return self }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count)
        var copied = 0
        let bytes = Array(utf8)
        let targetCount = target.utf8.count
        while true {
            out.append(contentsOf: bytes[copied..<at])
            out.append(contentsOf: replacement.utf8)
            copied = at + targetCount
            guard let next = utf8Offset(of: target, from: copied) else { break }
            at = next
        }
        out.append(contentsOf: bytes[copied...])
        return String(decoding: out, as: UTF8.self)
    }

    func components(separatedBy separator: String) -> [String] {
        guard !separator.isEmpty else { return [self] }
        var parts: [String] = []
        var start = 0
        let bytes = Array(utf8)
        let width = separator.utf8.count
        while let at = utf8Offset(of: separator, from: start) {
            parts.append(String(decoding: bytes[start..<at], as: UTF8.self))
            start = at + width
        }
        parts.append(String(decoding: bytes[start...], as: UTF8.self))
        return parts
    }
}

extension StringProtocol {
    /// Leading and trailing white space removed (spaces, tabs, line breaks, no-break spaces).
    func trimmed() -> String {
        trimmed(where: VietnameseText.isSpace)
    }

    /// Leading and trailing characters from `characters` removed: `"1. ".trimmed(of: " .")` → `"1"`.
    func trimmed(of characters: String) -> String {
        let set = Set(characters.unicodeScalars)
        return trimmed(where: { set.contains($0) })
    }

    func trimmed(where drop: (Unicode.Scalar) -> Bool) -> String {
        let text = String(self)
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !drop($0) }) else { return "" }
        var end = scalars.endIndex
        while end > first {
            let before = scalars.index(before: end)
            if !drop(scalars[before]) { break }
            end = before
        }
        return String(scalars[first..<end])
    }
}

extension String {
    /// The lines of the text, split at "\n", "\r\n" or "\r"; empty lines kept.
    func lines() -> [String] {
        var result: [String] = []
        var current: [UInt8] = []
        var afterCR = false
        for byte in utf8 {
            if byte == 0x0A && afterCR { afterCR = false; continue }
            afterCR = byte == 0x0D
            if byte == 0x0A || byte == 0x0D {
                result.append(String(decoding: current, as: UTF8.self))
                current.removeAll(keepingCapacity: true)
            } else {
                current.append(byte)
            }
        }
        result.append(String(decoding: current, as: UTF8.self))
        return result
    }
}
