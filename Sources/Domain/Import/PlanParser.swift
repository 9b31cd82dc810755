import Foundation

/// Reads a Vietnamese communication plan from its blocks: header, legal bases, sections and the appendix of tasks.
public struct PlanParser {
    public init() {}

    enum Section {
        case none, objectives, requirements, audiences, topics, forms, responsibilities, tasks, budget, closing
    }

    /// `rawLines`: the document's lines before paragraph joining, when it came from text (PDF extractions).
    public func parse(_ blocks: [DocBlock], rawLines: @autoclosure () -> [String] = []) throws -> Plan {
        var plan = Plan()
        let blocks = Self.flattenLayoutTables(blocks)
        var paragraphs: [String] = blocks.compactMap { if case .paragraph(let p) = $0 { return p } else { return nil } }
        paragraphs = Self.dropSiteBoilerplate(Self.joinBrokenHeadingWords(paragraphs))
        let folded = paragraphs.map(VietnameseText.fold)
        let planHeading = folded.firstIndex(where: Self.isPlanHeading)
        let decision = Self.decisionIssuingPlan(paragraphs, folded: folded)
        guard planHeading != nil || decision != nil else {
            throw PlanImportError.notAPlan("không thấy tiêu đề \"KẾ HOẠCH\" hay quyết định ban hành kế hoạch.")
        }
        if !folded.contains(where: { $0.contains("cai cach hanh chinh") || $0.contains("cchc") }) {
            plan.warnings.append("Văn bản không nhắc đến cải cách hành chính; hãy kiểm tra đây đúng là kế hoạch tuyên truyền cải cách hành chính.")
        }
        let bodyStart: Int
        if let planIndex = planHeading {
            parseHeader(paragraphs, folded: folded, planIndex: planIndex, into: &plan)
            // A plan issued with a decision ("QUYẾT ĐỊNH Về việc ban hành Kế hoạch …"): the decision's legal bases are the plan's.
            if let decision = folded[..<planIndex].firstIndex(where: { $0 == "quyet dinh" }) {
                for i in decision..<planIndex where folded[i].hasPrefix("can cu ") {
                    plan.legalBases += Self.legalBases(in: paragraphs[i])
                }
            }
            bodyStart = parseTitle(paragraphs, folded: folded, planIndex: planIndex, into: &plan)
        } else if let decision {
            // Only the decision (the plan sent as an attachment, or the copy cut off): its header, title and bases.
            parseHeader(paragraphs, folded: folded, planIndex: decision.heading, into: &plan)
            let title = VietnameseText.clean(decision.title.map { paragraphs[$0] }.joined(separator: " "))
            plan.title = Self.planTitle(fromDecisionTitle: title)
            setYear(&plan)
            bodyStart = decision.title.upperBound
        } else {
            bodyStart = paragraphs.count
        }
        parseBody(paragraphs, folded: folded, from: bodyStart, into: &plan)
        parseTasks(blocks, paragraphs: paragraphs, folded: folded, rawLines: rawLines, into: &plan)
        if plan.issuer == nil, let issuer = inferIssuer(paragraphs) {
            plan.issuer = issuer
            plan.warnings.append("Đầu văn bản không ghi cơ quan ban hành; đã lấy theo câu mở đầu: \(issuer).")
        }
        if plan.tasks.isEmpty {
            plan.warnings.append(planHeading == nil
                ? "Không thấy phụ lục nhiệm vụ: văn bản chỉ có quyết định ban hành; hãy tải lên cả kế hoạch kèm theo."
                : "Không thấy phụ lục nhiệm vụ: văn bản có thể bị cắt hoặc phụ lục được gửi riêng.")
        }
        return PlanLimits.apply(plan)
    }

    /// "KẾ HOẠCH" (alone, or followed by its title on the same line), not a reference to "Kế hoạch số …".
    static func isPlanHeading(_ folded: String) -> Bool {
        folded == "ke hoach" || folded.hasPrefix("ke hoach ") && folded.count < 160 && !folded.contains(" so ")
    }

    /// Word documents set the header (issuing body | national motto) and the closing ("Nơi nhận" | signature)
    /// in borderless two-column tables. Such tables are read as paragraphs, left column first.
    static func flattenLayoutTables(_ blocks: [DocBlock]) -> [DocBlock] {
        blocks.flatMap { block -> [DocBlock] in
            guard case .table(let rows) = block, let width = rows.map(\.count).max(), width <= 2 else { return [block] }
            var out: [DocBlock] = []
            for column in 0..<width {
                for row in rows where column < row.count {
                    out += row[column].split(separator: "\n").map { .paragraph(VietnameseText.clean(String($0))) }.filter { $0 != .paragraph("") }
                }
            }
            return out
        }
    }
}
