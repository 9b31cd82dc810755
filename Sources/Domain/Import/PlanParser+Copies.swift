import Foundation

/// Rules for copies that are not the clean document: pages copied from a web site, a decision without
/// the plan it issues, a title broken word by word.
extension PlanParser {
    // MARK: Words broken over lines

    /// Headings whose words a copy may spread over several lines ("QUYẾT ĐỊNH" / "BAN" / "HÀNH KẾ HOẠCH …",
    /// "VỀ" / "VIỆC BAN HÀNH …", "KẾ" / "HOẠCH"). A line that is only the first words of one of them is joined
    /// with the next line.
    static let brokenHeadings = ["quyet dinh", "ke hoach", "ve viec ban hanh ke hoach", "ban hanh ke hoach", "phe duyet ke hoach",
                                 "uy ban nhan dan", "cong hoa xa hoi chu nghia viet nam", "doc lap - tu do - hanh phuc"]
    /// Lines that are whole by themselves although another heading starts with them.
    static let wholeHeadings: Set<String> = ["quyet dinh", "ke hoach", "uy ban nhan dan", "cong hoa xa hoi chu nghia viet nam"]

    static func isHeadingFragment(_ line: String) -> Bool {
        let f = VietnameseText.fold(line).trimmed(of: " :.")
        guard !f.isEmpty, f.split(separator: " ").count <= 4, !wholeHeadings.contains(f) else { return false }
        return brokenHeadings.contains { $0.hasPrefix(f + " ") }
    }

    static func joinBrokenHeadingWords(_ lines: [String]) -> [String] {
        var out: [String] = []
        var pending: String?
        for line in lines {
            let joined = pending.map { $0 + " " + line } ?? line
            if isHeadingFragment(joined) {
                pending = joined
            } else {
                out.append(joined)
                pending = nil
            }
        }
        if let pending { out.append(pending) }
        return out
    }

    // MARK: Site boilerplate

    /// A line that opens an official document's header: the issuing body, the national motto or the number.
    static func opensHeader(_ line: String) -> Bool {
        let f = VietnameseText.fold(line)
        if f.hasPrefix("cong hoa xa hoi chu nghia") || f.hasPrefix("uy ban nhan dan") { return true }
        if f.hasPrefix("so:"), line.contains("/") { return true }
        guard line == line.uppercased(), line.count < 80 else { return false }
        let heads = ["ubnd ", "so ", "phong ", "ban ", "trung tam ", "van phong ", "hdnd ", "hoi dong nhan dan "]
        return heads.contains { f.hasPrefix($0) }
    }

    /// Lines a web page sets before the document (menus, "Trang chủ > Văn bản", "Thứ Hai, ngày …", view counts)
    /// are dropped when an official header follows them, before the plan's or decision's heading.
    static func dropSiteBoilerplate(_ lines: [String]) -> [String] {
        let folded = lines.map(VietnameseText.fold)
        let heading = folded.firstIndex(where: { isPlanHeading($0) || $0 == "quyet dinh" }) ?? lines.count
        guard let start = lines.indices.first(where: { $0 < heading && opensHeader(lines[$0]) }), start > 0 else { return lines }
        // "Dự thảo" may stand above the header; it is kept.
        let kept = (0..<start).filter { folded[$0] == "du thao" || folded[$0].hasPrefix("du thao ") }
        return kept.map { lines[$0] } + lines[start...]
    }

    // MARK: Number and place-date on one line

    /// "Số: 12/KH-UBND Mỹ Tú, ngày 10 tháng 01 năm 2025" → ("12/KH-UBND", "Mỹ Tú, ngày 10 tháng 01 năm 2025").
    /// The number is made of digits, capitals and "/-."; the place that follows is written in lower case.
    static func splitNumberLine(_ line: String) -> (number: String?, rest: String?) {
        var t = Substring(line)
        if let colon = t.firstIndex(of: ":") { t = t[t.index(after: colon)...] } else if VietnameseText.fold(String(t.prefix(3))).hasPrefix("so") {
            t = t.dropFirst(2)
        }
        let words = t.split(separator: " ")
        var number = ""
        var used = 0
        for word in words {
            let numberLike = word.allSatisfy { $0.isNumber || "/-.".contains($0) || ($0.isLetter && $0.isUppercase) }
            guard numberLike, !(number.contains("/") && word.first?.isNumber == true && !word.hasPrefix("/")) else { break }
            number += word
            used += 1
        }
        let rest = words.dropFirst(used).joined(separator: " ")
        let cleaned = number.trimmed(of: ".")
        let valid = cleaned.first?.isNumber == true && (cleaned.contains("/") || cleaned.contains("-"))
        return (valid ? normaliseDocumentNumber(cleaned) : nil, rest.isEmpty ? nil : rest)
    }

    /// "132-KH/UBND" is the same number as "132/KH-UBND": the form Decree 30/2020 sets is used.
    public static func normaliseDocumentNumber(_ number: String) -> String {
        let parts = number.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let dash = parts[0].firstIndex(of: "-") else { return number }
        let serial = parts[0][..<dash], kind = parts[0][parts[0].index(after: dash)...]
        guard !serial.isEmpty, serial.allSatisfy(\.isNumber), !kind.isEmpty, kind.allSatisfy(\.isLetter), !parts[1].isEmpty else { return number }
        return "\(serial)/\(kind)-\(parts[1])"
    }

    // MARK: Period

    /// "giai đoạn 2022-2025", "giai đoạn 2021 – 2025", "từ năm 2022 đến năm 2025": the years a plan spans.
    static func period(in title: String) -> PlanPeriod? {
        let f = TimeframeParser.normalise(VietnameseText.fold(title))
        let years = TimeframeParser.numbers(in: f).filter { (1990...2100).contains($0) }
        guard years.count >= 2 else { return nil }
        for (a, b) in zip(years, years.dropFirst()) where a < b {
            let spans = f.contains("\(a)-\(b)") || f.contains("nam \(a) den nam \(b)") || f.contains("\(a) den \(b)")
                || f.contains("\(a) den nam \(b)")
            if spans { return PlanPeriod(from: a, to: b) }
        }
        return nil
    }

    /// The year the title names outside the span ("giai đoạn 2021-2025, năm 2023" → 2023), if any.
    static func yearOutside(_ period: PlanPeriod, in title: String) -> Int? {
        let words = VietnameseText.fold(title).split(separator: " ").map { $0.trimmed(of: ",.;:()") }
        for (i, word) in words.enumerated() where word == "nam" && i + 1 < words.count {
            if let y = Int(words[i + 1]), (1990...2100).contains(y), y != period.from, y != period.to { return y }
        }
        return nil
    }

    // MARK: A decision that issues a plan

    /// The decision's heading and the lines of its title ("Về việc ban hành Kế hoạch …"), when it issues a plan.
    static func decisionIssuingPlan(_ p: [String], folded: [String]) -> (heading: Int, title: Range<Int>)? {
        guard let heading = folded.firstIndex(where: { $0 == "quyet dinh" }) else { return nil }
        var end = heading + 1
        while end < p.count, end - heading <= 4 {
            let f = folded[end]
            if f.hasPrefix("can cu") || f.hasPrefix("chu tich") || f.hasPrefix("giam doc") || f.hasPrefix("truong phong")
                || f.hasPrefix("quyet dinh") || f.hasPrefix("so:") || f.hasPrefix("dieu ") { break }
            end += 1
        }
        let title = folded[(heading + 1)..<end].joined(separator: " ")
        let issues = ["ban hanh ke hoach", "phe duyet ke hoach", "ban hanh kem theo quyet dinh nay ke hoach"]
        guard end > heading + 1, issues.contains(where: { title.contains($0) }) else { return nil }
        return (heading, (heading + 1)..<end)
    }

    /// "Về việc ban hành Kế hoạch tuyên truyền cải cách hành chính năm 2025" → "Tuyên truyền cải cách hành chính năm 2025".
    static func planTitle(fromDecisionTitle title: String) -> String? {
        let f = VietnameseText.fold(title)
        guard f.count == title.count, let r = f.range(of: "ke hoach ") else { return nil }
        let offset = f.distance(from: f.startIndex, to: r.upperBound)
        let rest = String(title.dropFirst(offset)).trimmed(of: " .;:")
        let cased = rest == rest.uppercased() ? sentenceCase(rest) : rest
        guard let first = cased.first else { return nil }
        return first.uppercased() + cased.dropFirst()
    }

    /// An upper-case title in the case a document writes it: lower case, but the names of places after their level word
    /// ("TUYÊN TRUYỀN … HUYỆN MỸ TÚ NĂM 2025" → "tuyên truyền … huyện Mỹ Tú năm 2025") and abbreviations kept.
    static func sentenceCase(_ upper: String) -> String {
        let levels: Set<String> = ["tỉnh", "huyện", "xã", "phường", "quận", "trấn", "phố"]
        let stops: Set<String> = ["năm", "giai", "trong", "về", "và", "đến", "từ", "giai đoạn", "trên", "của", "với"]
        let abbreviations: Set<String> = ["UBND", "HĐND", "CCHC", "CNTT", "MTTQ", "TNCS", "CBCCVC", "CBCC", "TTHC"]
        var out: [String] = []
        var inName = false
        for word in upper.split(separator: " ").map(String.init) {
            let lower = word.lowercased()
            let bare = lower.trimmed(of: ",.;:()")
            if abbreviations.contains(word.trimmed(of: ",.;:()")) {
                out.append(word)
            } else if inName && !stops.contains(bare) && !(bare.first?.isNumber ?? false) {
                out.append(lower.prefix(1).uppercased() + lower.dropFirst())
            } else {
                inName = false
                out.append(lower)
            }
            if levels.contains(bare) && !(out.dropLast().last == "thị" && bare == "xã" && inName) { inName = true }
            if bare == "xã", out.dropLast().last == "thị" { inName = true }
        }
        return out.joined(separator: " ")
    }
}
