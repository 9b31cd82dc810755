import Foundation

/// The sections of a plan: headings, legal bases, targets with their percentages, audiences, topics, forms, budget.
extension PlanParser {
    // MARK: Body

    static let romans = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]

    /// "II. ĐỐI TƯỢNG …" → "ĐỐI TƯỢNG …"
    static func romanHeading(_ line: String) -> String? {
        guard let dot = line.firstIndex(of: "."), line.distance(from: line.startIndex, to: dot) <= 4 else { return nil }
        let head = String(line[..<dot])
        guard romans.contains(head) else { return nil }
        return line[line.index(after: dot)...].trimmed()
    }

    /// "2. Sở Nội vụ" → (2, "Sở Nội vụ")
    static func numberedHeading(_ line: String) -> (Int, String)? {
        let digits = line.prefix(while: { $0.isNumber })
        guard !digits.isEmpty, digits.count <= 2, let n = Int(digits) else { return nil }
        let rest = line.dropFirst(digits.count)
        guard rest.first == "." || rest.first == ")" else { return nil }
        let text = rest.dropFirst().trimmed()
        guard !text.isEmpty else { return nil }
        return (n, text)
    }

    static func isItem(_ line: String) -> Bool {
        guard let f = line.first else { return false }
        if "-+•–".contains(f) { return true }
        if f == "(", line.dropFirst().prefix(while: { $0.isNumber }).count > 0 { return true }
        if f.isLetter, f.isLowercase, line.dropFirst().first == ")" { return true }
        return false
    }

    static func classify(_ heading: String) -> Section? {
        let f = VietnameseText.fold(heading)
        if f.hasPrefix("kinh phi") { return .budget }
        if f.hasPrefix("to chuc thuc hien") { return .responsibilities }
        if f.hasPrefix("nhiem vu cu the") || f.hasPrefix("nhiem vu trong tam") || f.hasPrefix("cac nhiem vu") || f == "nhiem vu" { return .tasks }
        if f.hasPrefix("muc tieu") || f.hasPrefix("muc dich") { return .objectives }
        if f.hasPrefix("yeu cau") { return .requirements }
        if f.hasPrefix("doi tuong") { return .audiences }
        if f.hasPrefix("hinh thuc") { return .forms }
        if f.hasPrefix("noi dung") || f.hasPrefix("tuyen truyen ve") || f.hasPrefix("chu de") { return .topics }
        return nil
    }

    func parseBody(_ p: [String], folded: [String], from start: Int, into plan: inout Plan) {
        var section = Section.none
        var topSection = Section.none
        var objectiveText: [String] = []
        var currentUnit: Int?
        var budget: [String] = []
        var bodyTasks = BodyTaskReader(timeframes: TimeframeParser(planYear: plan.year))
        defer { plan.tasks = bodyTasks.finish() }
        var i = start
        while i < p.count {
            let line = p[i]
            let f = folded[i]
            if f.hasPrefix("noi nhan") { break }
            if f.hasPrefix("phu luc") { break }
            if section == .none || topSection == .none, f.hasPrefix("can cu ") || f.hasPrefix("thuc hien ") {
                plan.legalBases += Self.legalBases(in: line)
                i += 1
                continue
            }
            if let heading = Self.romanHeading(line) {
                topSection = Self.classify(heading) ?? .closing
                if Self.classify(heading) == nil, VietnameseText.fold(heading).contains("doi tuong") { topSection = .audiences }
                section = topSection
                currentUnit = nil
                i += 1
                continue
            }
            if let (_, text) = Self.numberedHeading(line), !Self.isItem(line) {
                let (title, inline) = Self.splitInline(text)
                if let s = Self.classify(title) {
                    section = s
                    currentUnit = nil
                    if s == .topics && VietnameseText.fold(title).hasPrefix("tuyen truyen ve") { plan.topics.append(Self.cleanItem(title)) }
                    if let inline { Self.add(inline, to: s, plan: &plan, objective: &objectiveText, budget: &budget) }
                    i += 1
                    continue
                }
                if topSection == .responsibilities {
                    section = .responsibilities
                    plan.responsibilities.append(Responsibility(unit: UnitListSplitter.clean(title), duties: inline.map { [$0] } ?? []))
                    currentUnit = plan.responsibilities.count - 1
                    i += 1
                    continue
                }
            }
            if f.hasPrefix("tren day la") || f.contains("trong qua trinh thuc hien, neu") || f.contains("ban hanh ke hoach") && f.contains("trong qua trinh") {
                section = .closing
            }
            switch section {
            case .responsibilities:
                if let u = currentUnit { plan.responsibilities[u].duties.append(Self.cleanItem(line)) }
            case .budget:
                budget.append(line)
            case .tasks:
                bodyTasks.read(line)
            default:
                Self.add(line, to: section, plan: &plan, objective: &objectiveText, budget: &budget)
            }
            i += 1
        }
        if !budget.isEmpty { plan.budget = budget.joined(separator: "\n") }
        plan.targets = Self.targets(in: objectiveText)
        parseClosing(p, folded: folded, into: &plan)
    }

    static func splitInline(_ text: String) -> (String, String?) {
        guard let colon = text.firstIndex(of: ":") else { return (text, nil) }
        let title = String(text[..<colon]).trimmed()
        let rest = String(text[text.index(after: colon)...]).trimmed()
        return (title, rest.isEmpty ? nil : rest)
    }

    static func add(_ line: String, to section: Section, plan: inout Plan, objective: inout [String], budget: inout [String]) {
        switch section {
        case .objectives: objective.append(line)
        case .audiences:
            plan.audiences += line.split(separator: ";").map { cleanItem(String($0)) }.filter { !$0.isEmpty }
        case .topics: plan.topics.append(cleanItem(line))
        case .forms: plan.forms.append(cleanItem(line))
        case .budget: budget.append(line)
        default: break
        }
    }

    static func cleanItem(_ s: String) -> String {
        var t = s.trimmed()
        while let f = t.first, "-+•–".contains(f) { t = String(t.dropFirst()).trimmed() }
        return VietnameseText.clean(t)
    }

    // MARK: Legal bases

    static let documentKinds = ["Kế hoạch", "Quyết định", "Nghị quyết", "Chỉ thị", "Công văn", "Thông tư", "Nghị định", "Đề án", "Chương trình", "Hướng dẫn", "Luật"]

    /// Every document reference in a "Căn cứ …" / "Thực hiện …" paragraph.
    public static func legalBases(in paragraph: String) -> [LegalBasis] {
        var results: [LegalBasis] = []
        var starts: [String.Index] = []
        var search = paragraph.startIndex
        while search < paragraph.endIndex {
            var best: Range<String.Index>?
            for kind in documentKinds {
                if let r = paragraph.range(of: kind + " số", range: search..<paragraph.endIndex), best.map({ r.lowerBound < $0.lowerBound }) ?? true {
                    best = r
                }
            }
            guard let found = best else { break }
            starts.append(found.lowerBound)
            search = found.upperBound
        }
        for (k, s) in starts.enumerated() {
            let end = k + 1 < starts.count ? starts[k + 1] : paragraph.endIndex
            var text = String(paragraph[s..<end]).trimmed()
            if let semicolon = text.firstIndex(of: ";") { text = String(text[..<semicolon]) }
            for suffix in [" và", ";", ",", "."] where text.hasSuffix(suffix) { text = String(text.dropLast(suffix.count)).trimmed() }
            let folded = VietnameseText.fold(text)
            var number: String?
            if let r = text.range(of: " số ") {
                let rest = text[r.upperBound...]
                let token = rest.prefix(while: { !$0.isWhitespace && $0 != "," && $0 != ";" })
                number = token.isEmpty ? nil : Self.normaliseDocumentNumber(String(token))
            }
            var date: CalendarDate?
            if let r = folded.range(of: " ngay ") {
                let rest = String(folded[r.upperBound...])
                let nums = TimeframeParser.numbers(in: String(rest.prefix(30)))
                if nums.count >= 3 { date = CalendarDate(year: nums[2], month: nums[1], day: nums[0]) }
            }
            var issuer: String?
            if let r = text.range(of: " của ") {
                var rest = String(text[r.upperBound...])
                for stop in [" về ", " ban hành", " thực hiện", " phê duyệt", ";", ","] {
                    if let sr = rest.range(of: stop) { rest = String(rest[..<sr.lowerBound]) }
                }
                let clean = VietnameseText.clean(rest)
                issuer = clean.isEmpty ? nil : expandAbbreviations(clean)
            }
            results.append(LegalBasis(text: VietnameseText.clean(text), number: number, date: date, issuer: issuer))
        }
        return results
    }

    static func expandAbbreviations(_ s: String) -> String {
        var t = s.replacingOccurrences(of: " (UBND)", with: "").replacingOccurrences(of: " (CCHC)", with: "")
        if t.hasPrefix("UBND ") { t = "Ủy ban nhân dân " + t.dropFirst(5) }
        return t
    }

    // MARK: Targets

    public static func targets(in lines: [String]) -> [Target] {
        var out: [Target] = []
        for line in lines {
            var search = line.startIndex
            while let pct = line.range(of: "%", range: search..<line.endIndex) {
                search = pct.upperBound
                // number right before "%"
                var numStart = pct.lowerBound
                while numStart > line.startIndex {
                    let prev = line.index(before: numStart)
                    if line[prev].isNumber || line[prev] == "," || line[prev] == "." { numStart = prev } else { break }
                }
                let numberText = line[numStart..<pct.lowerBound].replacingOccurrences(of: ",", with: ".")
                guard let percent = Double(numberText), percent <= 100 else { continue }
                var end = line[pct.upperBound...].firstIndex(where: { $0 == ";" || $0 == "." }) ?? line.endIndex
                if end < line.endIndex, line[end] == ".", line.index(after: end) < line.endIndex, line[line.index(after: end)].isNumber {
                    end = line[line.index(after: end)...].firstIndex(where: { $0 == ";" || $0 == "." }) ?? line.endIndex
                }
                let text = VietnameseText.clean(String(line[numStart..<end]))
                out.append(Target(text: text, percent: percent, subject: subject(of: text)))
            }
        }
        return out
    }

    static func subject(of text: String) -> Target.Subject {
        let f = VietnameseText.fold(text)
        if f.contains("phu trach") || f.contains("lam cong tac cai cach") || f.contains("cong chuc chuyen trach") { return .reformStaff }
        if f.contains("can bo") || f.contains("cong chuc") || f.contains("vien chuc") || f.contains("cbcc") { return .civilServants }
        if f.contains("nguoi dan") || f.contains("to chuc") || f.contains("doanh nghiep") || f.contains("cong dan") { return .citizens }
        if f.contains("nhiem vu") || f.contains("ke hoach") { return .tasks }
        return .other
    }
}
