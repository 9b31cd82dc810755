import Foundation

/// The top of a plan: the issuing body, number, place and date, the title and the year.
extension PlanParser {
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
}
