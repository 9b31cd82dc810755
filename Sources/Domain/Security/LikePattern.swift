import Foundation

/// Search terms for SQL `LIKE … ESCAPE '\'`: wildcards typed by the user match themselves, and terms
/// are cut to a sane length (SQLite refuses patterns over 50,000 bytes; nobody searches with a page of text).
public enum LikePattern {
    public static let maxTermLength = 100
    public static let escape = "\\"

    /// `%term%` with `%`, `_` and `\` escaped; nil when there is nothing to search for.
    public static func contains(_ term: String) -> String? {
        let cut = String(term.prefix(maxTermLength))
        guard !cut.isEmpty else { return nil }
        return "%" + escaped(cut) + "%"
    }

    /// `term%`, escaped the same way.
    public static func prefix(_ term: String) -> String? {
        let cut = String(term.prefix(maxTermLength))
        guard !cut.isEmpty else { return nil }
        return escaped(cut) + "%"
    }

    public static func escaped(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for c in text {
            if c == "\\" || c == "%" || c == "_" { out.append("\\") }
            out.append(c)
        }
        return out
    }
}
