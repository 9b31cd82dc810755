import Foundation

/// Vietnamese text helpers: NFC storage form and a folded search key that ignores case and diacritics.
public enum VietnameseText {
    /// Canonical stored form: NFC, inner whitespace collapsed, trimmed.
    public static func clean(_ text: String) -> String {
        collapseWhitespace(text.precomposedStringWithCanonicalMapping)
    }

    /// Search key: lowercase, no diacritics, "đ" → "d", whitespace collapsed. "Phòng Nội vụ" → "phong noi vu".
    public static func fold(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        for scalar in text.decomposedStringWithCanonicalMapping.lowercased().unicodeScalars {
            switch scalar.value {
            case 0x0300...0x036F: continue // combining marks
            case 0x0111, 0x0110: out.append("d")
            default: out.append(scalar)
            }
        }
        return collapseWhitespace(String(out))
    }

    public static func collapseWhitespace(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        var pendingSpace = false
        for ch in text {
            if ch.isWhitespace {
                pendingSpace = !result.isEmpty
            } else {
                if pendingSpace { result.append(" ") }
                pendingSpace = false
                result.append(ch)
            }
        }
        return result
    }
}
