import Vapor
import Domain

struct UnitContactForm: Content {
    var address: String?
    var phone: String?
    var email: String?
    var website: String?

    func validate() -> Result<UnitContactInput, FieldErrorsBox> {
        var errors = FieldErrors()
        func clean(_ s: String?) -> String? {
            let v = VietnameseText.clean(s ?? "")
            return v.isEmpty ? nil : v
        }
        let address = clean(self.address), phone = clean(self.phone), email = clean(self.email), website = clean(self.website)
        if let a = address, a.count > TextLimits.address { errors.add("address", "Địa chỉ tối đa \(TextLimits.address) ký tự.") }
        if let p = phone, p.count > TextLimits.phone || !p.allSatisfy({ $0.isNumber || " +-.()".contains($0) }) {
            errors.add("phone", "Số điện thoại chỉ gồm chữ số và các ký tự + - . ( ).")
        }
        if let e = email, !(e.contains("@") && e.contains(".") && e.count <= TextLimits.email && !e.contains(" ")) {
            errors.add("email", "Địa chỉ thư điện tử không hợp lệ.")
        }
        if let w = website, !(w.hasPrefix("http://") || w.hasPrefix("https://")) || w.count > TextLimits.website {
            errors.add("website", "Trang web phải bắt đầu bằng http:// hoặc https://.")
        }
        guard errors.isEmpty else { return .failure(FieldErrorsBox(errors)) }
        return .success(UnitContactInput(address: address, phone: phone, email: email, website: website))
    }
}
