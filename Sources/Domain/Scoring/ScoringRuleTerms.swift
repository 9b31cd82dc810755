import Foundation

/// The words of the rule form: measure names, channel and kind names (by the app's labels, whole words, and a few
/// usual groups such as "mạng xã hội"), and the ways of scoring. Matching ignores case and diacritics.
/// A refusal of one line of the rule, in Vietnamese.
struct RuleProblem: Error, Sendable {
    let message: String
    init(_ message: String) { self.message = message }
}

enum ScoringRuleTerms {
    static let measures: [(names: [String], measure: ScoringMeasure)] = [
        (["hoan thanh ke hoach", "ty le hoan thanh ke hoach", "muc do hoan thanh ke hoach", "hoan thanh nhiem vu", "ke hoach"], .planCompletion),
        (["muc tieu dat", "chi tieu dat", "ty le muc tieu dat", "muc tieu", "chi tieu"], .objectivesMet),
        (["bao cao dung han", "bao cao dung thoi han", "bao cao"], .reportsOnTime),
        (["khao sat dat", "chi tieu khao sat dat", "khao sat"], .surveyTargetsMet),
        (["tham gia cuoc thi", "ty le tham gia cuoc thi", "cuoc thi", "hoi thi"], .contestParticipation),
        (["hoi dap dung han", "tra loi dung han", "cau hoi tra loi dung han", "hoi dap"], .questionsOnTime),
    ]

    static let channelGroups: [String: Set<ActivityChannel>] = [
        "mang xa hoi": [.facebook, .zalo, .youtube],
        "truc tuyen": [.portal, .reformPage, .facebook, .zalo, .youtube, .screen],
        "bang dien tu": [.screen], "man hinh": [.screen], "led": [.screen],
        "trang thong tin": [.portal], "cong thong tin": [.portal], "website": [.portal], "chuyen trang": [.reformPage],
        "loa": [.loudspeaker], "truyen thanh": [.loudspeaker], "phat thanh": [.radio],
        "truc tiep": [.onSite], "tai cho": [.onSite],
    ]

    static let kindGroups: [String: Set<ActivityKind>] = [
        "truyen thong": [.conference, .training, .contest, .dialogue, .studyVisit, .poster, .leaflet, .mobileShow],
        "tin bai": [.newsArticle], "bai viet": [.newsArticle], "hoi thi": [.contest], "cuoc thi": [.contest],
        "bang ron": [.poster], "ap phich": [.poster], "pano": [.poster], "luu dong": [.mobileShow], "phong su": [.tvReport],
    ]

    static func measure(_ text: String) -> Result<ScoringMeasure, RuleProblem> {
        let f = VietnameseText.fold(text).trimmingCharacters(in: .whitespaces)
        if f.hasPrefix("hoat dong") || f.hasPrefix("hinh thuc") {
            // "hoạt động" and "hình thức" are both nine letters and spaces, with or without marks.
            return filter(String(text.dropFirst(9))).map { .activities($0) }
        }
        if let m = measures.first(where: { $0.names.contains(f) }) { return .success(m.measure) }
        return .failure(RuleProblem("không hiểu cách đo “\(text)”; dùng một trong: hoàn thành kế hoạch, mục tiêu đạt, hoạt động (kênh: …; loại: …), báo cáo đúng hạn, khảo sát đạt, tham gia cuộc thi, hỏi đáp đúng hạn."))
    }

    /// A new list ("loại:", "kênh:") written after the previous one without a semicolon starts a part all the same.
    static let listStart = try? NSRegularExpression(pattern: "\\s+(?=(loại|loai|kênh|kenh|hình thức|hinh thuc)\\s*:)", options: [.caseInsensitive])

    /// "kênh: bảng điện tử, mạng xã hội; loại: hội nghị" (or without the semicolon) → the filter.
    static func filter(_ text: String) -> Result<ActivityFilter, RuleProblem> {
        var filter = ActivityFilter()
        var text = text.precomposedStringWithCanonicalMapping
        if let listStart { text = listStart.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: ";") }
        for part in text.split(separator: ";").map({ $0.trimmingCharacters(in: .whitespaces) }) where !part.isEmpty {
            guard let colon = part.firstIndex(of: ":") else {
                return .failure(RuleProblem("sau “hoạt động” viết “kênh: …” hoặc “loại: …” (cách nhau bằng dấu chấm phẩy), không phải “\(part)”."))
            }
            let head = VietnameseText.fold(String(part[..<colon])).trimmingCharacters(in: .whitespaces)
            let names = part[part.index(after: colon)...].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            guard !names.isEmpty else { return .failure(RuleProblem("danh sách “\(head)” đang trống.")) }
            /// Each listed name resolved by `lookup`, or the refusal naming the first unknown one.
            func each<T>(_ lookup: (String) -> Set<T>, unknown: (String) -> String, add: (String, Set<T>) -> Void) -> RuleProblem? {
                for name in names {
                    let found = lookup(name)
                    guard !found.isEmpty else { return RuleProblem(unknown(name)) }
                    add(name, found)
                }
                return nil
            }
            var problem: RuleProblem?
            switch head {
            case "kenh", "kenh dang":
                problem = each(channels, unknown: { "không có kênh “\($0)”; các kênh: \(ActivityChannel.allCases.map(\.label).joined(separator: "; ")); hoặc mạng xã hội, trực tuyến." }) {
                    filter.channels.formUnion($1); filter.items.append(.init(name: $0, channels: $1))
                }
            case "loai", "hinh thuc", "loai hoat dong":
                problem = each(kinds, unknown: { "không có loại hoạt động “\($0)”; các loại: \(ActivityKind.allCases.map(\.label).joined(separator: "; ")); hoặc truyền thống." }) {
                    filter.kinds.formUnion($1); filter.items.append(.init(name: $0, kinds: $1))
                }
            default:
                return .failure(RuleProblem("“\(head)” không phải “kênh” hay “loại”."))
            }
            if let problem { return .failure(problem) }
        }
        return .success(filter)
    }

    static func channels(_ name: String) -> Set<ActivityChannel> {
        let f = VietnameseText.fold(name)
        if let group = channelGroups[f] { return group }
        return Set(ActivityChannel.allCases.filter { words(f, in: VietnameseText.fold($0.label)) || $0.rawValue == f })
    }

    static func kinds(_ name: String) -> Set<ActivityKind> {
        let f = VietnameseText.fold(name)
        if let group = kindGroups[f] { return group }
        return Set(ActivityKind.allCases.filter { words(f, in: VietnameseText.fold($0.label)) || $0.rawValue == f })
    }

    /// Whether `needle` appears in `hay` as whole words ("hoi nghi" in "hoi nghi, hoi thao, toa dam").
    static func words(_ needle: String, in hay: String) -> Bool {
        func tokens(_ s: String) -> [Substring] { s.split { !$0.isLetter && !$0.isNumber } }
        let n = tokens(needle), h = tokens(hay)
        guard !n.isEmpty, n.count <= h.count else { return false }
        return (0...(h.count - n.count)).contains { Array(h[$0..<($0 + n.count)]) == n }
    }

    static func method(_ text: String, measure: ScoringMeasure, max: Decimal) -> Result<ScoringRule.Method, RuleProblem> {
        let f = VietnameseText.fold(text).trimmingCharacters(in: .whitespaces)
        let filterItems: Int = { if case .activities(let filter) = measure { return filter.items.count } else { return 0 } }()
        if f == "ty le" || f == "theo ty le" || f == "tuyen tinh" {
            guard !measure.isCount else { return .failure(RuleProblem("“tỷ lệ” chỉ dùng cho cách đo là một tỷ lệ; với hoạt động dùng “có”, “mỗi …” hoặc bậc “từ 3: …”.")) }
            return .success(.linear)
        }
        if f == "du" || f == "du cac loai" || f == "moi loai" || f == "du cac kenh" || f == "moi kenh" || f == "tat ca" {
            guard measure.isCount, filterItems > 1 else { return .failure(RuleProblem("“đủ” cần cách đo hoạt động với ít nhất hai kênh hoặc loại được liệt kê.")) }
            return .success(.eachOf)
        }
        if f == "co" || f.hasPrefix("co ") {
            guard measure.isCount else { return .failure(RuleProblem("“có” chỉ dùng cho cách đo hoạt động.")) }
            let rest = f.dropFirst(2).replacingOccurrences(of: "it nhat", with: "").replacingOccurrences(of: "hoat dong", with: "").trimmingCharacters(in: .whitespaces)
            if rest.isEmpty { return .success(.atLeast(1)) }
            guard let n = Int(rest), n >= 1, n <= 10_000 else { return .failure(RuleProblem("sau “có” viết số hoạt động tối thiểu (1 đến 10000), không phải “\(rest)”.")) }
            return .success(.atLeast(n))
        }
        if f.hasPrefix("moi ") || f.contains(" moi ") {
            guard measure.isCount else { return .failure(RuleProblem("“mỗi …” chỉ dùng cho cách đo hoạt động.")) }
            let numbers = f.split(separator: " ").compactMap { ScorePoints.parse(String($0)) }
            guard numbers.count == 1, let each = numbers.first, each > 0, each <= max else {
                return .failure(RuleProblem("“mỗi …” cần đúng một số điểm cho mỗi hoạt động, lớn hơn 0 và không quá điểm tối đa \(ScorePoints.text(max))."))
            }
            return .success(.perRecord(each))
        }
        return steps(text, measure: measure, max: max)
    }

    /// "từ 100%: 1; từ 90%: mục tiêu đạt × 1; còn lại: 0".
    static func steps(_ text: String, measure: ScoringMeasure, max: Decimal) -> Result<ScoringRule.Method, RuleProblem> {
        var steps: [ScoringRule.Step] = []
        var otherwise: ScoringRule.Award = .points(0)
        let clauses = text.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard !clauses.isEmpty, clauses.allSatisfy({ $0.contains(":") }) else {
            return .failure(RuleProblem("không hiểu cách chấm “\(text)”; viết các bậc “từ 100%: 1; từ 90%: 0,5; còn lại: 0”, hoặc “tỷ lệ”, “có”, “có 3”, “đủ”, “mỗi 0,05”."))
        }
        for clause in clauses {
            guard let colon = clause.firstIndex(of: ":") else { continue }
            let head = VietnameseText.fold(String(clause[..<colon])).trimmingCharacters(in: .whitespaces)
            let awardText = String(clause[clause.index(after: colon)...]).trimmingCharacters(in: .whitespaces)
            let award: ScoringRule.Award
            switch self.award(awardText, max: max) {
            case .failure(let m): return .failure(m)
            case .success(let a): award = a
            }
            if head == "con lai" || head == "khac" || head.hasPrefix("duoi") || head.hasPrefix("<") {
                otherwise = award
                continue
            }
            var number = head
            for prefix in ["dat tu", "tu", ">=", "≥"] where number.hasPrefix(prefix) {
                number = String(number.dropFirst(prefix.count)).trimmingCharacters(in: .whitespaces)
                break
            }
            let percent = number.hasSuffix("%")
            if percent { number = String(number.dropLast()).trimmingCharacters(in: .whitespaces) }
            guard let threshold = ScorePoints.parse(number) else {
                return .failure(RuleProblem("bậc “\(clause)”: viết “từ 90%: …” (hoặc “từ 3: …” với hoạt động), “còn lại: …”."))
            }
            if measure.isCount && percent { return .failure(RuleProblem("bậc “\(clause)”: cách đo hoạt động là số hoạt động, không phải phần trăm.")) }
            if !measure.isCount && !percent { return .failure(RuleProblem("bậc “\(clause)”: cách đo “\(measure.label.lowercased())” là một tỷ lệ, viết ngưỡng bằng phần trăm (ví dụ 90%).")) }
            if percent && threshold > 100 { return .failure(RuleProblem("bậc “\(clause)”: ngưỡng không quá 100%.")) }
            if steps.contains(where: { $0.threshold == threshold }) { return .failure(RuleProblem("ngưỡng \(number) viết hai lần.")) }
            steps.append(.init(threshold: threshold, award: award))
        }
        guard !steps.isEmpty else { return .failure(RuleProblem("cần ít nhất một bậc “từ …: …”.")) }
        return .success(.steps(steps.sorted { $0.threshold > $1.threshold }, otherwise: otherwise))
    }

    /// "1", "0,5", "tỷ lệ × 1", "mục tiêu đạt × 1".
    static func award(_ text: String, max: Decimal) -> Result<ScoringRule.Award, RuleProblem> {
        if let points = ScorePoints.parse(text) {
            guard points <= max else { return .failure(RuleProblem("số điểm \(text) lớn hơn điểm tối đa \(ScorePoints.text(max)) của mục.")) }
            return .success(.points(points))
        }
        let sides = text.split(whereSeparator: { $0 == "×" || $0 == "*" }).map { $0.trimmingCharacters(in: .whitespaces) }
        let parts = sides.count == 2 ? sides : text.components(separatedBy: " x ").map { $0.trimmingCharacters(in: .whitespaces) }
        guard parts.count == 2, let factor = ScorePoints.parse(parts[1]), factor > 0, factor <= max else {
            return .failure(RuleProblem("không hiểu số điểm “\(text)”; viết một số (0,5), hoặc “tỷ lệ × 1”, “mục tiêu đạt × 1” với hệ số không quá điểm tối đa."))
        }
        let name = VietnameseText.fold(parts[0])
        if name == "ty le" || name == "ty le dat" { return .success(.ratio(nil, factor)) }
        guard let m = measures.first(where: { $0.names.contains(name) }) else {
            return .failure(RuleProblem("“\(parts[0])” không phải cách đo; dùng tỷ lệ, mục tiêu đạt, hoàn thành kế hoạch, báo cáo đúng hạn …"))
        }
        return .success(.ratio(m.measure, factor))
    }
}
