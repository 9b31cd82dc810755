import Foundation

/// The sizes an imported plan may have: the same as the forms that edit it (a title of 500 characters, a task's content
/// of 5,000 …), so that nothing an import stores is longer than what a person could type. Applied by the parser to every
/// document it reads, whatever the format; what is cut is said in the plan's warnings.
public enum PlanLimits {
    public static let title = 500
    public static let number = 40
    public static let place = 100
    public static let issuer = TextLimits.unitName
    public static let budget = 5_000
    public static let signerField = TextLimits.personName
    /// One line of a section (a legal basis, a target, a topic …), and how many lines a section keeps.
    public static let sectionLine = 2_000
    public static let sectionLines = 300
    public static let tasks = 2_000
    public static let taskNumbers = 1...9_999
    public static let taskContent = 5_000
    public static let taskNote = 1_000
    public static let timeframeText = 300
    public static let unitsPerTask = 100
    public static let warnings = 200
    public static let warning = 1_000
    public static let years = 2000...2100

    /// `plan` with every text and list cut to its limit, and a warning for each kind of cut.
    public static func apply(_ plan: Plan) -> Plan {
        var p = plan
        var cuts: Set<String> = []
        func cut(_ text: String?, _ limit: Int, _ what: String) -> String? {
            guard let text, text.count > limit else { return text }
            cuts.insert(what)
            return String(text.prefix(limit))
        }
        func cut(_ text: String, _ limit: Int, _ what: String) -> String {
            cut(Optional(text), limit, what) ?? ""
        }
        func cut<T>(_ list: [T], _ limit: Int, _ what: String) -> [T] {
            guard list.count > limit else { return list }
            cuts.insert(what)
            return Array(list.prefix(limit))
        }
        p.title = cut(p.title, title, "tên kế hoạch (\(title) ký tự)")
        p.number = cut(p.number, number, "số văn bản (\(number) ký tự)")
        p.place = cut(p.place, place, "địa danh (\(place) ký tự)")
        p.issuer = cut(p.issuer, issuer, "cơ quan ban hành (\(issuer) ký tự)")
        p.budget = cut(p.budget, budget, "mục kinh phí (\(budget) ký tự)")
        if let y = p.year, !years.contains(y) { p.year = nil; cuts.insert("năm ngoài khoảng \(years.lowerBound)–\(years.upperBound)") }
        if let d = p.issuedOn, !years.contains(d.year) { p.issuedOn = nil; cuts.insert("ngày ban hành ngoài khoảng \(years.lowerBound)–\(years.upperBound)") }
        if let period = p.period, !years.contains(period.from) || !years.contains(period.to) { p.period = nil }
        if var s = p.signer {
            s.authority = cut(s.authority, signerField, "người ký (\(signerField) ký tự)")
            s.title = cut(s.title, signerField, "người ký (\(signerField) ký tự)")
            s.name = cut(s.name, signerField, "người ký (\(signerField) ký tự)")
            p.signer = s
        }
        let section = "mỗi mục tối đa \(sectionLines) dòng, mỗi dòng \(sectionLine) ký tự"
        p.legalBases = cut(p.legalBases, sectionLines, section).map { basis in
            var b = basis
            b.text = cut(b.text, sectionLine, section)
            b.number = cut(b.number, number, section)
            b.issuer = cut(b.issuer, issuer, section)
            return b
        }
        p.targets = cut(p.targets, sectionLines, section).map { target in
            var t = target
            t.text = cut(t.text, sectionLine, section)
            if !t.percent.isFinite || t.percent < 0 || t.percent > 100 { t.percent = min(100, max(0, t.percent.isFinite ? t.percent : 0)) }
            return t
        }
        p.audiences = cut(p.audiences, sectionLines, section).map { cut($0, sectionLine, section) }
        p.topics = cut(p.topics, sectionLines, section).map { cut($0, sectionLine, section) }
        p.forms = cut(p.forms, sectionLines, section).map { cut($0, sectionLine, section) }
        p.recipients = cut(p.recipients, sectionLines, section).map { cut($0, sectionLine, section) }
        p.responsibilities = cut(p.responsibilities, sectionLines, section).map { r in
            Responsibility(unit: cut(r.unit, issuer, section), duties: cut(r.duties, sectionLines, section).map { cut($0, sectionLine, section) })
        }
        let outOfRange = p.tasks.filter { !taskNumbers.contains($0.no) }.count
        if outOfRange > 0 {
            p.warnings.append("Bỏ \(outOfRange) dòng nhiệm vụ có số thứ tự ngoài khoảng \(taskNumbers.lowerBound)–\(taskNumbers.upperBound).")
        }
        let task = "nhiệm vụ (nội dung \(taskContent) ký tự, sản phẩm và ghi chú \(taskNote), tên đơn vị \(TextLimits.unitName), \(unitsPerTask) đơn vị mỗi nhiệm vụ)"
        p.tasks = cut(p.tasks.filter { taskNumbers.contains($0.no) }, tasks, "số nhiệm vụ (\(tasks))").map { t in
            var t = t
            t.content = cut(t.content, taskContent, task)
            t.product = cut(t.product, taskNote, task)
            t.notes = cut(t.notes, taskNote, task)
            t.lead = cut(t.lead, unitsPerTask, task).map { cut($0, TextLimits.unitName, task) }
            t.coordinating = cut(t.coordinating, unitsPerTask, task).map { cut($0, TextLimits.unitName, task) }
            t.timeframe.text = cut(t.timeframe.text, timeframeText, task)
            t.timeframe.rule = cut(t.timeframe.rule, timeframeText, task)
            return t
        }
        // What was cut comes first: a long list of the document's own warnings must not hide it.
        let said = cuts.sorted().map { "Văn bản dài quá giới hạn, đã cắt bớt: \($0)." }
        p.warnings = Array((said + p.warnings).prefix(warnings)).map { String($0.prefix(warning)) }
        return p
    }
}
