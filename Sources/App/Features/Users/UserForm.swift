import Vapor
import Domain

struct UserForm: Content {
    var username: String?
    var fullName: String?
    var email: String?
    var role: String?
    var unitID: String?
    /// The unit typed as a code or name (the picker); `unitID` wins when a choice was ticked.
    var unitQuery: String?
    var password: String?

    /// The fields every account has, checked the same way for a new and an existing account.
    func validateAccount(errors: inout FieldErrors) -> AccountInput? {
        let fullName = (fullName ?? "").trimmingCharacters(in: .whitespaces)
        if fullName.isEmpty { errors.add("fullName", "Vui lòng nhập họ và tên.") }
        else if fullName.count > TextLimits.personName { errors.add("fullName", "Họ và tên tối đa \(TextLimits.personName) ký tự.") }
        let email = (email ?? "").trimmingCharacters(in: .whitespaces)
        if email.count > TextLimits.email { errors.add("email", "Địa chỉ thư điện tử tối đa \(TextLimits.email) ký tự.") }
        else if !email.isEmpty && !(email.contains("@") && email.contains(".") && !email.contains(" ")) {
            errors.add("email", "Địa chỉ thư điện tử không hợp lệ.")
        }
        let role = Role(rawValue: role ?? "")
        if role == nil { errors.add("role", "Vui lòng chọn vai trò.") }
        let unitID = UUID(uuidString: unitID ?? "")
        if unitID == nil { errors.add("unitID", "Vui lòng chọn đơn vị.") }
        guard let role, let unitID else { return nil }
        return AccountInput(fullName: fullName, email: email.isEmpty ? nil : email, role: role, unitID: unitID)
    }

    func validate() -> Result<UserInput, FieldErrorsBox> {
        var errors = FieldErrors()
        let username = (username ?? "").trimmingCharacters(in: .whitespaces).lowercased()
        if username.isEmpty { errors.add("username", "Vui lòng nhập tên đăng nhập.") }
        else if username.count > 64 || !username.allSatisfy({ ($0.isASCII && ($0.isLetter || $0.isNumber)) || "._-".contains($0) }) {
            errors.add("username", "Tên đăng nhập chỉ gồm chữ không dấu, chữ số và . _ - (tối đa 64 ký tự).")
        }
        let account = validateAccount(errors: &errors)
        let password = password ?? ""
        UserService.validatePassword(password, username: username, errors: &errors)
        guard errors.isEmpty, let account else { return .failure(FieldErrorsBox(errors)) }
        return .success(UserInput(username: username, fullName: account.fullName, email: account.email, role: account.role,
                                  unitID: account.unitID, password: password))
    }
}
