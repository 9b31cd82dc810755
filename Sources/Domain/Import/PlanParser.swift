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

    // MARK: Header

    func parseHeader(_ p: [String], folded: [String], planIndex: Int, into plan: inout Plan) {
        let headerRange = 0..<min(p.count, planIndex + 1)
        var issuerLines: [String] = []
        for i in headerRange {
            // A scan may set a speck before "Số:" ("-Số: 23/KH-UBND").
            let f = String(folded[i].drop { !$0.isLetter && !$0.isNumber })
            if plan.number == nil, f.hasPrefix("so:") || f.hasPrefix("so ") && f.contains("/") {
                let (number, rest) = Self.splitNumberLine(p[i])
                plan.number = number
                if plan.number == nil { plan.draft = true }
                // "Số: 12/KH-UBND Mỹ Tú, ngày 10 tháng 01 năm 2025": a web copy puts both on one line.
                if let rest, plan.place == nil, Self.isPlaceDateLine(VietnameseText.fold(rest)) {
                    (plan.place, plan.issuedOn) = Self.placeAndDate(rest)
                }
            } else if Self.isPlaceDateLine(f) && plan.place == nil {
                let (place, date) = Self.placeAndDate(p[i])
                plan.place = place
                plan.issuedOn = date
            } else if f == "du thao" || f.hasPrefix("du thao ") {
                plan.draft = true
            } else if f.hasPrefix("uy ban nhan dan") || f.hasPrefix("ubnd") {
                if p[i] == p[i].uppercased() { issuerLines.append(p[i]) }
            } else if i > 0, let last = issuerLines.last, p[i] == p[i].uppercased(), p[i].contains(where: \.isLetter),
                      Self.followsIssuerLine(last, at: i, in: p, folded: folded),
                      !f.contains("cong hoa"), !f.contains("doc lap"), !f.hasPrefix("viet nam"), f != "nam", f != "ke hoach" {
                issuerLines.append(p[i])
            }
        }
        if !issuerLines.isEmpty {
            plan.issuer = Self.issuer(fromHeaderLines: issuerLines, body: p)
        }
        if plan.number == nil && plan.issuedOn == nil { plan.draft = true }
    }

    /// The issuer's name goes on in the next line, or after the national motto set beside it (a PDF read line by line
    /// gives "ỦY BAN NHÂN DÂN", "CỘNG HÒA XÃ HỘI …", "TỈNH BẠC LIÊU").
    static func followsIssuerLine(_ last: String, at i: Int, in p: [String], folded: [String]) -> Bool {
        var k = i - 1
        while k >= 0, p[k] != last {
            let f = folded[k]
            guard f.contains("cong hoa") || f.contains("doc lap") || f.hasPrefix("viet nam") || f == "nam" || !f.contains(where: \.isLetter) else { return false }
            k -= 1
        }
        return k >= 0 && i - k <= 4
    }

    /// "23 /KH-UBND" → "23/KH-UBND"; "132-KH/UBND" → "132/KH-UBND"; "/KH-UBND" → nil.
    static func documentNumber(_ line: String) -> String? {
        splitNumberLine(line).number
    }

    /// "Châu Thành, ngày 14 tháng 02 năm 2025", not a web page's "Thứ Hai, ngày 13 tháng 01 năm 2025".
    static func isPlaceDateLine(_ f: String) -> Bool {
        guard f.contains(" ngay ") && f.contains(" thang ") && f.contains(" nam "), let comma = f.firstIndex(of: ",") else { return false }
        let place = f[..<comma]
        let weekdays = ["thu hai", "thu ba", "thu tu", "thu nam", "thu sau", "thu bay", "chu nhat", "cap nhat", "ngay dang", "dang ngay"]
        return !weekdays.contains { place.hasPrefix($0) } && place.count < 40
    }

    /// "Châu Thành, ngày 14 tháng 02 năm 2025" → ("Châu Thành", 2025-02-14); blank day or month → nil date.
    static func placeAndDate(_ line: String) -> (String?, CalendarDate?) {
        guard let comma = line.firstIndex(of: ",") else { return (nil, nil) }
        let place = VietnameseText.clean(String(line[..<comma]))
        let rest = VietnameseText.fold(String(line[line.index(after: comma)...]))
        func number(after word: String) -> Int? {
            guard let r = rest.range(of: word + " ") else { return nil }
            let digits = rest[r.upperBound...].prefix(while: { $0.isNumber })
            return Int(digits)
        }
        let date = number(after: "ngay").flatMap { d in number(after: "thang").flatMap { m in number(after: "nam").flatMap { y in CalendarDate(year: y, month: m, day: d) } } }
        return (place.contains(where: \.isLetter) ? place : nil, date)
    }

    /// "ỦY BAN NHÂN DÂN" / "HUYỆN CHÂU THÀNH" → "Ủy ban nhân dân huyện Châu Thành"; an agency under its
    /// committee, "UBND TỈNH SÓC TRĂNG" / "SỞ NỘI VỤ" → "Sở Nội vụ tỉnh Sóc Trăng" (cased as the body writes it).
    static func issuer(fromHeaderLines all: [String], body: [String]) -> String {
        let places = ["uy ban", "ubnd", "tinh ", "huyen ", "xa ", "phuong ", "thi xa ", "thanh pho ", "thi tran ", "quan "]
        // "UBND HUYỆN TRẦN ĐỀ" / "UBND XÃ LỊCH HỘI THƯỢNG": the committee above is named first; the last committee that
        // names its place is the issuer.
        var lines = all
        if let own = lines.lastIndex(where: { line in
            let f = VietnameseText.fold(line)
            return ["uy ban nhan dan ", "ubnd "].contains { f.hasPrefix($0) && f.count > $0.count }
        }), own > 0 {
            lines = Array(lines[own...])
        }
        guard lines.count >= 2, let last = lines.last, !places.contains(where: { (VietnameseText.fold(last) + " ").hasPrefix($0) }) else {
            return expandCommittee(titleCase(lines.joined(separator: " ")))
        }
        var locality = titleCase(lines.dropLast().joined(separator: " "))
        for prefix in ["Ủy ban nhân dân ", "Ubnd "] where locality.hasPrefix(prefix) { locality = String(locality.dropFirst(prefix.count)) }
        return agencyName(last, body: body) + (locality.isEmpty ? "" : " " + locality)
    }

    /// "Ubnd huyện Hòa Bình" (a header that abbreviates) → "Ủy ban nhân dân huyện Hòa Bình".
    static func expandCommittee(_ name: String) -> String {
        for short in ["Ubnd ", "UBND "] where name.hasPrefix(short) { return "Ủy ban nhân dân " + name.dropFirst(short.count) }
        return name
    }

    /// An agency's name as the document's own sentences write it, or by the usual rule: the kind, then a capital
    /// for each name in it ("SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH" → "Sở Văn hóa, Thể thao và Du lịch").
    static func agencyName(_ upper: String, body: [String]) -> String {
        let folded = VietnameseText.fold(upper)
        for line in body.prefix(60) {
            let f = VietnameseText.fold(line)
            guard f.count == line.count, let r = f.range(of: folded) else { continue }
            let start = f.distance(from: f.startIndex, to: r.lowerBound)
            let candidate = String(line.dropFirst(start).prefix(folded.count))
            if candidate != candidate.uppercased() { return candidate }
        }
        let words = VietnameseText.clean(upper).lowercased().split(separator: " ").map(String.init)
        let twoWordKinds: Set<String> = ["trung tâm", "văn phòng", "thanh tra", "công an", "chi cục", "bảo hiểm", "ban quản", "đài phát"]
        let kindLength = words.count > 1 && twoWordKinds.contains(words[0] + " " + words[1]) ? 2 : 1
        var out: [String] = []
        var capitalise = true
        for (i, w) in words.enumerated() {
            let startsName = i == 0 || i == kindLength || capitalise
            out.append(startsName ? w.prefix(1).uppercased() + w.dropFirst() : w)
            capitalise = w == "và" || w.hasSuffix(",") || w == "-" || w == "–"
        }
        return out.joined(separator: " ")
    }

    static func titleCase(_ upper: String) -> String {
        let words = VietnameseText.clean(upper).lowercased().split(separator: " ").map(String.init)
        guard let first = words.first else { return upper }
        // "ỦY BAN NHÂN DÂN HUYỆN CHÂU THÀNH" → "Ủy ban nhân dân huyện Châu Thành"
        let levelWords: Set<String> = ["tỉnh", "huyện", "xã", "phường", "thị", "thành", "trấn", "phố", "quận"]
        var out = [first.prefix(1).uppercased() + first.dropFirst()]
        var capitalise = false
        for w in words.dropFirst() {
            if capitalise { out.append(w.prefix(1).uppercased() + w.dropFirst()) } else { out.append(w) }
            if levelWords.contains(w) && !capitalise { capitalise = ["tỉnh", "huyện", "xã", "phường", "trấn", "phố", "quận"].contains(w) }
            if w == "xã" && out.dropLast().last == "thị" { capitalise = true }
        }
        return out.joined(separator: " ")
    }

    // MARK: Title

    func parseTitle(_ p: [String], folded: [String], planIndex: Int, into plan: inout Plan) -> Int {
        var titleParts: [String] = []
        let inline = p[planIndex].dropFirst("KẾ HOẠCH".count).trimmed()
        if !inline.isEmpty { titleParts.append(inline) }
        var i = planIndex + 1
        while i < p.count, titleParts.isEmpty || titleParts.joined().count < 200 {
            let f = folded[i]
            if f.hasPrefix("can cu") || f.hasPrefix("thuc hien") || Self.romanHeading(p[i]) != nil || f.hasPrefix("so:") { break }
            // "(Ban hành kèm theo Quyết định số 215/QĐ-UBND ngày 20 tháng 01 năm 2025 của …)": the plan's number and date.
            if f.hasPrefix("("), f.contains("kem theo") {
                if let decision = Self.legalBases(in: p[i]).first {
                    if plan.number == nil, let number = decision.number { plan.number = number.trimmed(of: ")") }
                    if plan.issuedOn == nil { plan.issuedOn = decision.date }
                }
                i += 1
                break
            }
            // "Ủy ban nhân dân … ban hành Kế hoạch … như sau:" opens the body when no legal basis is cited.
            if f.hasSuffix(":") || f.contains(" ke hoach") && (f.contains("ban hanh ke hoach") || f.contains("xay dung ke hoach")) { break }
            if !f.contains(where: { $0.isLetter || $0.isNumber }) { i += 1; continue }
            // Past two lines, only words that go on with the title ("trên địa bàn huyện" / "năm 2025", a web copy's breaks).
            if titleParts.count >= 2, !Self.continuesTitle(p[i], after: titleParts) { break }
            titleParts.append(p[i])
            i += 1
            if titleParts.count >= 6 { break }
        }
        if !titleParts.isEmpty {
            plan.title = VietnameseText.clean(titleParts.joined(separator: " "))
        }
        setYear(&plan)
        return i
    }

    /// A title line broken further: it starts in lower case (or, in an upper-case title, is upper case too), is short
    /// and ends no sentence.
    static func continuesTitle(_ line: String, after parts: [String]) -> Bool {
        guard let first = line.first, line.count < 100, !line.hasSuffix(":"), !line.hasSuffix(";") else { return false }
        if first.isLowercase { return true }
        let upperTitle = parts.allSatisfy { $0 == $0.uppercased() }
        return upperTitle && line == line.uppercased() && line.contains(where: \.isLetter) && !line.hasPrefix("(")
    }

    /// The plan's year from its title, else from its date; a plan "giai đoạn 2022-2025" has a period instead.
    func setYear(_ plan: inout Plan) {
        if let t = plan.title, let period = Self.period(in: t) {
            plan.period = period
            plan.year = Self.yearOutside(period, in: t)
        } else if let t = plan.title, let y = Self.lastYear(in: t) {
            plan.year = y
        } else {
            plan.year = plan.issuedOn?.year
        }
    }

    static func lastYear(in text: String) -> Int? {
        TimeframeParser.numbers(in: text).last(where: { (1990...2100).contains($0) })
    }

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

    // MARK: Closing: recipients and signer

    func parseClosing(_ p: [String], folded: [String], into plan: inout Plan) {
        var appendix = folded.firstIndex(where: { $0.hasPrefix("phu luc") }) ?? p.count
        // Without "Nơi nhận" (cut off, or lost by a scan) the closing starts at the signing authority ("TM. …", "KT. …").
        let closingLine = folded.firstIndex(where: { $0.hasPrefix("noi nhan") })
            ?? p.indices.last(where: { $0 < appendix && Self.isAuthorityLine(p[$0]) })
        guard let recipientsAt = closingLine else { return }
        // The decision that issues a plan closes before the plan's own "KẾ HOẠCH".
        if let plan = folded.firstIndex(where: Self.isPlanHeading), plan > recipientsAt { appendix = min(appendix, plan) }
        var signerStart = recipientsAt
        // The signature block may come before "Nơi nhận" (seed 002) or after it.
        var k = recipientsAt - 1
        while k >= 0 && recipientsAt - k <= 3 {
            if Self.isAuthorityLine(p[k]) { signerStart = k }
            k -= 1
        }
        var authority: String?
        var title: String?
        var name: String?
        let first = p[recipientsAt]
        if let colon = first.firstIndex(of: ":") {
            let rest = first[first.index(after: colon)...].trimmed()
            if !rest.isEmpty, rest == rest.uppercased() { title = rest }
        }
        var i = signerStart
        while i < appendix {
            let line = p[i]
            let f = folded[i]
            if i == recipientsAt { i += 1; continue }
            if line.hasPrefix("-") || line.hasPrefix("+") {
                if i > recipientsAt {
                    let item = UnitListSplitter.clean(line)
                    if !item.isEmpty { plan.recipients.append(item) }
                }
            } else if Self.isAuthorityLine(line) {
                // "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH" may arrive as one paragraph
                let words = line
                if let r = words.range(of: " PHÓ CHỦ TỊCH") ?? words.range(of: " CHỦ TỊCH"),
                   words[..<r.lowerBound].dropFirst(3).contains(where: \.isLetter) {
                    authority = VietnameseText.clean(String(words[..<r.lowerBound]))
                    title = VietnameseText.clean(String(words[r.lowerBound...]))
                } else {
                    authority = VietnameseText.clean(line)
                }
            } else if line == line.uppercased() && line.count < 40 && (f.contains("chu tich") || f.contains("giam doc") || f.contains("truong") || f.contains("bi thu")) {
                title = VietnameseText.clean(line)
            } else if Self.looksLikeName(line), name == nil, i > min(recipientsAt, signerStart) {
                name = VietnameseText.clean(line)
            }
            i += 1
        }
        if authority != nil || title != nil || name != nil {
            plan.signer = Signer(authority: authority, title: title, name: name)
        }
    }

    static func isAuthorityLine(_ line: String) -> Bool {
        let prefixes = ["TM.", "TM ", "KT.", "KT ", "Q.", "TL.", "TUQ.", "T/M"]
        return prefixes.contains(where: { line.hasPrefix($0) }) && line.dropFirst(3).contains(where: { $0.isLetter })
    }

    /// "Trương Quốc Diện": 2–5 capitalised words, no digits or punctuation.
    static func looksLikeName(_ line: String) -> Bool {
        let words = line.split(separator: " ")
        guard (2...5).contains(words.count), line != line.uppercased() else { return false }
        return words.allSatisfy { w in w.first?.isUppercase == true && w.allSatisfy { $0.isLetter } }
    }

    static func inferIssuerFromSentence(_ f: String, original: String) -> String? {
        // The earliest verb of issuing ends the issuer's name: "Sở Nội vụ xây dựng và ban hành …".
        let markers = [" xay dung ke hoach", " ban hanh ke hoach", " xay dung va ban hanh ", " ban hanh ", " trien khai ke hoach"]
        for r in markers.compactMap({ f.range(of: $0) }).sorted(by: { $0.lowerBound < $1.lowerBound }) {
            let prefixLength = f.distance(from: f.startIndex, to: r.lowerBound)
            let candidate = String(original.prefix(prefixLength))
            let folded = VietnameseText.fold(candidate)
            if folded.hasPrefix("uy ban nhan dan") || folded.hasPrefix("ubnd") || folded.hasPrefix("so ") || folded.hasPrefix("phong ") {
                return expandAbbreviations(VietnameseText.clean(candidate))
            }
        }
        return nil
    }

    func inferIssuer(_ p: [String]) -> String? {
        for line in p.prefix(40) {
            // Character counts match between original and folded text (folding only drops combining marks from NFC).
            let pre = line.precomposedStringWithCanonicalMapping
            let f = VietnameseText.fold(pre)
            if f.count == pre.count, let issuer = Self.inferIssuerFromSentence(f, original: pre) { return issuer }
            if let r = pre.range(of: "; Ủy ban nhân dân") ?? pre.range(of: "; UBND") {
                let tail = String(pre[pre.index(after: r.lowerBound)...]).trimmed()
                let tf = VietnameseText.fold(tail)
                if tf.count == tail.count, let issuer = Self.inferIssuerFromSentence(tf, original: tail) { return issuer }
            }
        }
        return nil
    }
}
