import Domain
import Vapor

/// Every section of a plan as a form: one item per line for the lists; responsibilities as "Đơn vị: việc; việc".
/// An issued plan changes only with a reason (the amendment's).
struct PlanForm: Content {
    var title: String?
    var year: String?
    var place: String?
    var issuerName: String?
    var legalBases: String?
    var targets: String?
    var audiences: String?
    var topics: String?
    var forms: String?
    var responsibilities: String?
    var budget: String?
    var recipients: String?
    var signerAuthority: String?
    var signerTitle: String?
    var signerName: String?
    var reason: String?

    /// What the form holds once read.
    struct Checked: Sendable {
        var title: String
        var year: Int
        var place: String?
        var issuerName: String?
        var sections: PlanSections
        var budget: String?
        var signerAuthority: String?
        var signerTitle: String?
        var signerName: String?
        var reason: String?
    }

    init(_ plan: Plan) {
        title = plan.title
        year = "\(plan.year)"
        place = plan.place
        issuerName = plan.issuerName
        legalBases = plan.sections.legalBases.map(\.text).joined(separator: "\n")
        targets = plan.sections.targets.map(\.text).joined(separator: "\n")
        audiences = plan.sections.audiences.joined(separator: "\n")
        topics = plan.sections.topics.joined(separator: "\n")
        forms = plan.sections.forms.joined(separator: "\n")
        responsibilities = plan.sections.responsibilities.map { "\($0.unit): " + $0.duties.joined(separator: "; ") }.joined(separator: "\n")
        budget = plan.budget
        recipients = plan.sections.recipients.joined(separator: "\n")
        signerAuthority = plan.signerAuthority
        signerTitle = plan.signerTitle
        signerName = plan.signerName
    }

    static func lines(_ text: String?) -> [String] {
        (text ?? "").split(whereSeparator: \.isNewline).map { VietnameseText.clean(String($0)) }.filter { !$0.isEmpty }
    }

    static func optional(_ text: String?, limit: Int) -> String? {
        let cleaned = VietnameseText.clean(String((text ?? "").prefix(limit)))
        return cleaned.isEmpty ? nil : cleaned
    }

    func checked(issued: Bool, warnings: [String]) -> Result<Checked, FieldErrorsBox> {
        var errors = FieldErrors()
        let title = VietnameseText.clean(self.title ?? "")
        if title.isEmpty { errors.add("title", "Vui lòng nhập tên (trích yếu) của kế hoạch.") }
        else if title.count > 500 { errors.add("title", "Tên kế hoạch tối đa 500 ký tự.") }
        let year = Int((self.year ?? "").trimmingCharacters(in: .whitespaces)).flatMap { (2000...2100).contains($0) ? $0 : nil }
        if year == nil { errors.add("year", "Năm kế hoạch không hợp lệ (ví dụ 2026).") }
        var targets: [Target] = []
        for line in Self.lines(self.targets) {
            if let target = PlanParser.targets(in: [line]).first {
                targets.append(Target(text: line, percent: target.percent, subject: target.subject))
            } else {
                errors.add("targets", "Mỗi chỉ tiêu cần có tỷ lệ phần trăm, ví dụ \"80% cán bộ, công chức được khảo sát nắm vững…\" (dòng: \(line.prefix(60))).")
            }
        }
        var responsibilities: [Responsibility] = []
        for line in Self.lines(self.responsibilities) {
            guard let colon = line.firstIndex(of: ":"), !line[..<colon].trimmingCharacters(in: .whitespaces).isEmpty else {
                errors.add("responsibilities", "Mỗi dòng viết \"Tên đơn vị: nhiệm vụ; nhiệm vụ\" (dòng: \(line.prefix(60))).")
                continue
            }
            let duties = line[line.index(after: colon)...].split(separator: ";").map { VietnameseText.clean(String($0)) }.filter { !$0.isEmpty }
            responsibilities.append(Responsibility(unit: VietnameseText.clean(String(line[..<colon])), duties: duties))
        }
        let reason = Self.optional(self.reason, limit: 1000)
        if issued && reason == nil { errors.add("reason", "Kế hoạch đã ban hành: vui lòng ghi lý do sửa đổi.") }
        guard errors.isEmpty, let year else { return .failure(FieldErrorsBox(errors)) }
        let legalBases = Self.lines(self.legalBases).map { line in
            PlanParser.legalBases(in: line).first.map { LegalBasis(text: line, number: $0.number, date: $0.date, issuer: $0.issuer) }
                ?? LegalBasis(text: line)
        }
        let sections = PlanSections(legalBases: legalBases, targets: targets, audiences: Self.lines(audiences), topics: Self.lines(topics),
                                    forms: Self.lines(forms), responsibilities: responsibilities, recipients: Self.lines(recipients),
                                    warnings: warnings)
        return .success(Checked(title: title, year: year, place: Self.optional(place, limit: 100), issuerName: Self.optional(issuerName, limit: 300),
                                sections: sections, budget: Self.optional(budget, limit: 5000),
                                signerAuthority: Self.optional(signerAuthority, limit: 150), signerTitle: Self.optional(signerTitle, limit: 150),
                                signerName: Self.optional(signerName, limit: 150), reason: reason))
    }
}
