import Foundation

/// Vietnamese text helpers: NFC storage form and a folded search key that ignores case and diacritics.
public enum VietnameseText {
    /// Canonical stored form: NFC, inner whitespace collapsed, trimmed.
    public static func clean(_ text: String) -> String {
        collapseWhitespace(isSurelyNFC(text) ? text : text.precomposedStringWithCanonicalMapping)
    }

    /// Search key: lowercase, no diacritics, "đ" → "d", whitespace collapsed. "Phòng Nội vụ" → "phong noi vu".
    public static func fold(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if isSpace(scalar) {
                pendingSpace = !out.isEmpty
                continue
            }
            if pendingSpace { out.append(0x20); pendingSpace = false }
            if v < 0x80 {
                out.append(v >= 0x41 && v <= 0x5A ? UInt8(v + 0x20) : UInt8(v))
            } else if v >= 0x0300 && v <= 0x036F {
                continue // combining marks (text that was not NFC)
            } else if let base = foldTable[v] {
                out.append(base)
            } else {
                for folded in String(scalar).decomposedStringWithCanonicalMapping.lowercased().unicodeScalars
                where !(0x0300...0x036F).contains(folded.value) {
                    UTF8.encode(folded) { out.append($0) }
                }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Latin letters with diacritics (Latin-1, Extended-A/B, Extended Additional) → their ASCII lowercase base.
    static let foldTable: [UInt32: UInt8] = {
        var table: [UInt32: UInt8] = [0x0110: 0x64, 0x0111: 0x64] // Đ đ
        for range in [0x00C0...0x024F, 0x1E00...0x1EFF] {
            for v in range {
                guard let scalar = Unicode.Scalar(UInt32(v)), table[UInt32(v)] == nil else { continue }
                let base = String(scalar).decomposedStringWithCanonicalMapping.lowercased().unicodeScalars
                guard let first = base.first, first.isASCII, first.properties.isAlphabetic,
                      base.dropFirst().allSatisfy({ (0x0300...0x036F).contains($0.value) }) else { continue }
                table[UInt32(v)] = UInt8(first.value)
            }
        }
        return table
    }()

    /// True when the text cannot change under NFC: no combining marks and no singleton decompositions,
    /// only ASCII, Latin letters (precomposed) and common punctuation — the usual Vietnamese document text.
    static func isSurelyNFC(_ text: String) -> Bool {
        for scalar in text.unicodeScalars {
            let v = scalar.value
            if v < 0x0300 || (v >= 0x1E00 && v <= 0x1EFF) || (v >= 0x2010 && v <= 0x206F) { continue }
            return false
        }
        return true
    }

    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0x09...0x0D: return true
        // The rest of Unicode's White_Space property, spelled out: the property lookup is slow.
        case 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000: return true
        default: return false
        }
    }

    public static func collapseWhitespace(_ text: String) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for scalar in text.unicodeScalars {
            if isSpace(scalar) {
                pendingSpace = !out.isEmpty
            } else {
                if pendingSpace { out.append(0x20) }
                pendingSpace = false
                UTF8.encode(scalar) { out.append($0) }
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
