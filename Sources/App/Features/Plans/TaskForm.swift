import Domain
import Vapor

/// One row of the task table as a form; lead and coordinating units one per line.
struct TaskForm: Content {
    var no: String?
    var content: String?
    var product: String?
    var lead: String?
    var coordinating: String?
    var timeframe: String?
    var notes: String?
    var reason: String?

    struct Checked: Sendable {
        var task: PlanTask
        var reason: String?
    }

    init(no: Int) { self.no = "\(no)" }

    init(_ task: TaskEntry) {
        no = "\(task.no)"
        content = task.content
        product = task.product
        lead = task.units.filter { $0.role == .lead }.map(\.name).joined(separator: "\n")
        coordinating = task.units.filter { $0.role == .coordinating }.map(\.name).joined(separator: "\n")
        timeframe = task.timeframeText
        notes = task.notes
    }

    func checked(planYear: Int, issued: Bool) -> Result<Checked, FieldErrorsBox> {
        var errors = FieldErrors()
        let no = Int((self.no ?? "").trimmingCharacters(in: .whitespaces)).flatMap { (1...9999).contains($0) ? $0 : nil }
        if no == nil { errors.add("no", "Số thứ tự là một số từ 1 đến 9999.") }
        let content = VietnameseText.cleanLines(String((self.content ?? "").prefix(5000)))
        if content.isEmpty { errors.add("content", "Vui lòng nhập nội dung nhiệm vụ.") }
        let lead = PlanForm.lines(self.lead)
        if lead.isEmpty { errors.add("lead", "Vui lòng nhập ít nhất một cơ quan chủ trì.") }
        if (lead + PlanForm.lines(coordinating)).contains(where: { $0.count > TextLimits.unitName }) {
            errors.add("lead", "Mỗi tên đơn vị tối đa \(TextLimits.unitName) ký tự.")
        }
        let text = VietnameseText.clean(String((self.timeframe ?? "").prefix(300)))
        let timeframe = TimeframeParser(planYear: planYear).parse(text)
        if text.isEmpty { errors.add("timeframe", "Vui lòng nhập thời gian thực hiện, ví dụ \"Tháng 5-10/\(planYear)\" hoặc \"Hằng quý\".") }
        else if !timeframe.isUnderstood {
            errors.add("timeframe", "Chưa hiểu được thời gian \"\(text)\". Hãy viết như \"Tháng 3/\(planYear)\", \"Tháng 5-10/\(planYear)\", "
                       + "\"Chậm nhất ngày 15/4/\(planYear)\", \"Hằng tháng\", \"Hằng quý\" hoặc \"Thường xuyên\".")
        }
        let reason = PlanForm.optional(self.reason, limit: 1000)
        if issued && reason == nil { errors.add("reason", "Kế hoạch đã ban hành: vui lòng ghi lý do sửa đổi.") }
        guard errors.isEmpty, let no else { return .failure(FieldErrorsBox(errors)) }
        let task = PlanTask(no: no, content: content, product: PlanForm.optional(product, limit: 1000), lead: lead,
                            coordinating: PlanForm.lines(coordinating), timeframe: timeframe, notes: PlanForm.optional(notes, limit: 1000))
        return .success(Checked(task: task, reason: reason))
    }
}
