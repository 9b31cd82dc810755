import Foundation

/// What a new password must be. Bcrypt reads at most 72 bytes and stops at a NUL, so longer or
/// control-character passwords would be silently cut; we refuse them and say why.
public enum PasswordPolicy {
    public static let minCharacters = 10
    public static let maxBytes = 72

    /// The problems with `password`, in Vietnamese; empty when it is acceptable.
    public static func problems(_ password: String, username: String? = nil) -> [String] {
        var out: [String] = []
        if password.unicodeScalars.contains(where: { $0.properties.generalCategory == .control || $0.value == 0x7F }) {
            out.append("Mật khẩu không được chứa ký tự điều khiển (Tab, xuống dòng …).")
        }
        if password.count < minCharacters {
            out.append("Mật khẩu phải có ít nhất \(minCharacters) ký tự.")
        } else if password.utf8.count > maxBytes {
            out.append("Mật khẩu quá dài: tối đa \(maxBytes) byte (chữ có dấu tính 2–3 byte), mật khẩu này có \(password.utf8.count) byte.")
        }
        if password.allSatisfy({ $0.isWhitespace }) {
            out.append("Mật khẩu không được chỉ gồm dấu cách.")
        } else if password.count >= minCharacters {
            let lower = password.lowercased()
            if Set(lower).count == 1 {
                out.append("Mật khẩu không được chỉ lặp lại một ký tự.")
            } else if CommonPasswords.all.contains(lower) || CommonPasswords.all.contains(lower.trimmingCharacters(in: .whitespaces)) {
                out.append("Mật khẩu này quá phổ biến và dễ bị đoán; hãy chọn mật khẩu khác.")
            } else if let username, !username.isEmpty, lower.contains(username.lowercased()) {
                out.append("Mật khẩu không được chứa tên đăng nhập.")
            }
        }
        return out
    }

    /// Whether a password typed at login can be checked at all (it could never have been set otherwise).
    public static func isCheckable(_ password: String) -> Bool {
        !password.isEmpty && password.utf8.count <= maxBytes && !password.utf8.contains(0)
    }
}
