import Foundation

/// Where a login (or any form) may send the browser afterwards: only a path on this site.
///
/// The value reaches a `Location` header, so anything that could end the header (CR, LF), be read as
/// another host (`//evil`, `/\evil`, `https:`), or be re-interpreted after decoding is refused.
public enum SafeRedirect {
    public static let maxLength = 2048

    /// The local path to go to, or nil when `target` is not one.
    public static func localPath(_ target: String?) -> String? {
        guard let target, !target.isEmpty, target.utf8.count <= maxLength else { return nil }
        // Printable ASCII only: no control characters, no white space, nothing a header could split on.
        guard target.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
        guard isLocal(target) else { return nil }
        // The same checks after decoding (an encoded space is fine), so "%0d%0a" or "/%2F%2Fevil" do not slip through.
        if let decoded = target.removingPercentEncoding, decoded != target {
            guard decoded.unicodeScalars.allSatisfy({ $0.value >= 0x20 && $0.value != 0x7F }),
                  isLocal(decoded) else { return nil }
        }
        return target
    }

    private static func isLocal(_ path: String) -> Bool {
        guard path.hasPrefix("/") else { return false }
        if path.hasPrefix("//") || path.contains("\\") { return false }
        // "/x:y" is a path; only a scheme before the first slash would make it absolute, and we require "/".
        return true
    }
}
