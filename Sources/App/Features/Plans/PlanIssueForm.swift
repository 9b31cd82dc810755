import Domain
import Vapor

/// Issuing a plan: its number ("23/KH-UBND"), date and signer.
struct PlanIssueForm: Content {
    var number: String?
    var issuedOn: String?
    var signerAuthority: String?
    var signerTitle: String?
    var signerName: String?

    func checked() -> Result<PlanService.IssueInput, FieldErrorsBox> {
        var errors = FieldErrors()
        let number = VietnameseText.clean(self.number ?? "")
        if number.isEmpty { errors.add("number", "Vui lòng nhập số kế hoạch, ví dụ 23/KH-UBND.") }
        else if number.count > 40 || !number.contains("/") || !(number.first?.isNumber ?? false) {
            errors.add("number", "Số kế hoạch viết theo dạng số/KH-cơ quan, ví dụ 23/KH-UBND.")
        }
        let date = UnitForm.date(issuedOn, field: "issuedOn", errors: &errors)
        if date == nil && errors["issuedOn"] == nil { errors.add("issuedOn", "Vui lòng nhập ngày ban hành (dd/mm/yyyy).") }
        let name = VietnameseText.clean(signerName ?? "")
        if name.isEmpty { errors.add("signerName", "Vui lòng nhập họ tên người ký.") }
        else if name.count > TextLimits.personName { errors.add("signerName", "Họ tên người ký quá dài.") }
        func optional(_ text: String?) -> String? {
            let cleaned = VietnameseText.clean(String((text ?? "").prefix(TextLimits.unitName)))
            return cleaned.isEmpty ? nil : cleaned
        }
        guard errors.isEmpty, let date else { return .failure(FieldErrorsBox(errors)) }
        return .success(PlanService.IssueInput(number: number, issuedOn: date, signerAuthority: optional(signerAuthority),
                                               signerTitle: optional(signerTitle), signerName: name))
    }
}
