import Foundation

/// Turns a table cell naming units into one entry per unit, as written, cleaned of numbering,
/// bullets and trailing punctuation.
public enum UnitListSplitter {
    /// Words that begin a unit's name; a comma list is split only when every part begins with one.
    static let heads = ["xa ", "phuong ", "thi tran ", "ubnd ", "uy ban ", "phong ", "so ", "ban ", "trung tam ", "cong an ",
                        "dai ", "bao ", "doan ", "hoi ", "thanh tra ", "van phong ", "bao hiem ", "chi cuc ", "cuc ", "truong ",
                        "ap ", "khom ", "tram ", "cong chuc ", "huyen ", "thi xa ", "thanh pho ", "tinh ", "mat tran ",
                        "toa an ", "vien kiem sat ", "ngan hang ", "kho bac ", "chi nhanh ", "buu dien "]
    /// Second halves of compound names joined by " - " ("Tài chính - Kế hoạch").
    static let compoundTails = ["ke hoach", "thong ke", "xa hoi", "ho tich", "thuong binh", "xay dung", "ke toan", "the thao",
                                "truyen thanh", "truyen hinh", "nong nghiep", "moi truong", "do thi", "nong thon", "du lich",
                                "noi vu", "thong tin", "dau tu", "quoc phong", "giao thong"]

    public static func split(_ cell: String) -> [String] {
        var out: [String] = []
        // "Văn. hóa", "các.cơ quan": a speck read as a full stop inside a name, before a word in lower case.
        let cell = cell.replacingOccurrences(of: #"(\p{L})\.\s*(?=\p{Ll})"#, with: "$1 ", options: .regularExpression)
        for line in cell.split(separator: "\n").map(String.init) {
            for part in splitBullets(line) {
                for numbered in splitNumbered(part) {
                    out += splitSemicolons(numbered).flatMap(splitCommaList)
                }
            }
        }
        // A unit has a name: an entry of digits or marks alone ("1", "_|") is a stray from a scan or a column number.
        return out.map(clean).filter { $0.filter(\.isLetter).count >= 2 }
    }

    /// "- A - B - C" (a cell whose list lost its line breaks).
    static func splitBullets(_ line: String) -> [String] {
        let t = line.trimmed()
        guard t.hasPrefix("- ") || t.hasPrefix("+ ") || t.hasPrefix("• ") else { return [t] }
        let marker = String(t.prefix(1))
        var parts: [String] = []
        for piece in t.dropFirst(2).components(separatedBy: " \(marker) ") {
            let p = piece.trimmed()
            if let last = parts.last, compoundTails.contains(where: { VietnameseText.fold(p).hasPrefix($0) }) {
                parts[parts.count - 1] = last + " - " + p
            } else {
                parts.append(p)
            }
        }
        return parts
    }

    /// "1. A 2. B 3. C": split at numbers that count up from 1.
    static func splitNumbered(_ line: String) -> [String] {
        // Markers are ASCII ("12." / "3)"), so the search runs over UTF-8 bytes.
        let bytes = Array(line.utf8)
        func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }
        var cuts: [(Int, Int)] = [] // (start of marker, start of text)
        var expected = 1
        var i = 0
        while i < bytes.count {
            let atStart = i == 0 || bytes[i - 1] == 0x20
            if atStart, isDigit(bytes[i]) {
                var j = i
                var n = 0
                while j < bytes.count, isDigit(bytes[j]), n < 1000 { n = n * 10 + Int(bytes[j] - 0x30); j += 1 }
                if n == expected, j < bytes.count, bytes[j] == UInt8(ascii: ".") || bytes[j] == UInt8(ascii: ")"),
                   j + 1 == bytes.count || bytes[j + 1] == 0x20 {
                    cuts.append((i, min(j + 2, bytes.count)))
                    expected += 1
                    i = j + 1
                    continue
                }
            }
            i += 1
        }
        guard cuts.count >= 2 || (cuts.count == 1 && cuts[0].0 == 0) else { return [line] }
        var parts: [String] = []
        if let first = cuts.first, first.0 > 0 { parts.append(String(decoding: bytes[0..<first.0], as: UTF8.self)) }
        for (k, cut) in cuts.enumerated() {
            let end = k + 1 < cuts.count ? cuts[k + 1].0 : bytes.count
            if cut.1 <= end { parts.append(String(decoding: bytes[cut.1..<end], as: UTF8.self)) }
        }
        return parts
    }

    static func splitSemicolons(_ line: String) -> [String] {
        line.split(separator: ";").map(String.init)
    }

    /// Words that begin the name of a unit (a head), as opposed to the bare level and collective words that continue
    /// a group's name after a comma ("UBND các xã, phường", "Các phòng, ban ngành").
    static let unitHeads = ["ubnd ", "uy ban ", "phong ", "so ", "trung tam ", "cong an ", "dai ", "bao ", "doan tncs ", "doan thanh nien ",
                            "hoi ", "thanh tra ", "van phong ", "bao hiem ", "chi cuc ", "cuc ", "truong ", "tram ", "cong chuc ",
                            "mat tran ", "toa an ", "vien kiem sat ", "ngan hang ", "kho bac ", "chi nhanh ", "buu dien ", "lien doan ",
                            "ban quan ly ", "ban chi huy ", "ban dan toc ", "ban tuyen giao ", "ban to chuc ", "ban dan van ",
                            "ban chi dao ", "ban quan ly ", "huyen doan ", "tinh doan ", "thi doan ", "quan doan "]
    /// Words a group's name is made of when it names no particular unit.
    static let collectiveWords: Set<String> = ["xa", "phuong", "thi", "tran", "huyen", "thanh", "pho", "tinh", "quan", "nganh", "ban",
                                               "doan", "the", "don", "vi", "co", "dia", "cac", "lien", "khu", "dac", "cap", "to", "chuc",
                                               "chinh", "tri", "hoi", "truc", "thuoc", "khac", "cua", "tren", "va", "nha", "nuoc", "su",
                                               "nghiep", "cong", "lap", "trung", "uong", "dong", "dat", "tai", "chuyen", "mon", "phong",
                                               "so", "ap", "khom", "ubnd", "-", "–", "thuoc"]

    enum Piece { case head, continuation, other }

    /// A head: a unit's head word, or a level word followed by a proper name ("xã Phú Tâm", "Phường 1").
    static func classify(_ piece: String) -> Piece {
        let folded = VietnameseText.fold(piece) + " "
        if unitHeads.contains(where: { folded.hasPrefix($0) }) { return .head }
        let words = folded.split(separator: " ").map(String.init)
        if words.allSatisfy({ collectiveWords.contains($0) }) { return .continuation }
        let levels = ["xa ", "phuong ", "thi tran ", "huyen ", "thi xa ", "thanh pho ", "tinh ", "quan ", "ap ", "khom ", "dac khu "]
        if levels.contains(where: { folded.hasPrefix($0) }) { return .head }
        return .other
    }

    /// "xã Phú Tâm, Phú Tân, Thiện Mỹ và An Hiệp" → four communes; "Phòng Nội vụ, Phòng Tư pháp" → two offices;
    /// "Các phòng, ban ngành, UBND các xã, thị trấn" → "Các phòng, ban ngành" and "UBND các xã, thị trấn": a comma before
    /// a unit's head starts a new name, a comma before bare level or collective words continues the one before.
    static func splitCommaList(_ line: String) -> [String] {
        let t = line.trimmed()
        guard t.contains(",") || t.contains(" và ") else { return [t] }
        // "Văn phòng HĐND và UBND huyện" is one office.
        let joint = "\u{1}"
        let protected = t.replacingOccurrences(of: "HĐND và UBND", with: "HĐND" + joint + "UBND")
        // Pieces with the separator written before each ("", ", ", " và ").
        var pieces: [(separator: String, text: String)] = []
        var separator = ""
        var current = ""
        var rest = Substring(protected)
        while !rest.isEmpty {
            if rest.hasPrefix(",") {
                pieces.append((separator, current)); separator = ","; current = ""; rest = rest.dropFirst()
            } else if rest.hasPrefix(" và ") {
                pieces.append((separator, current)); separator = " và"; current = ""; rest = rest.dropFirst(4)
            } else {
                current.append(rest.removeFirst())
            }
        }
        pieces.append((separator, current))
        let parts = pieces.map { ($0.separator, $0.text.trimmed().replacingOccurrences(of: joint, with: " và ")) }.filter { !$0.1.isEmpty }
        guard parts.count >= 2 else { return [t] }
        let folded = parts.map { VietnameseText.fold($0.1) + " " }
        let plain = parts.map(\.1)
        // A place prefix shared by the names that follow: "UBND các xã Phú Tâm, Phú Tân và An Hiệp".
        let prefixes = ["ubnd cac xa ", "ubnd xa ", "cac xa ", "xa ", "ubnd cac phuong ", "cac phuong ", "phuong ",
                        "ubnd cac thi tran ", "cac thi tran ", "thi tran ", "cac ap ", "ap ", "cac khom ", "khom "]
        if let prefix = prefixes.first(where: { folded[0].hasPrefix($0) }),
           plain.dropFirst().allSatisfy({ p in (p.first?.isUppercase == true || p.first?.isNumber == true) && p.split(separator: " ").count <= 4 && !heads.contains(where: { (VietnameseText.fold(p) + " ").hasPrefix($0) }) }) {
            let words = prefix.split(separator: " ").count
            let firstWords = plain[0].split(separator: " ")
            var written = firstWords.prefix(words).joined(separator: " ")
            written = written.replacingOccurrences(of: " các ", with: " ").replacingOccurrences(of: "các ", with: "")
                .replacingOccurrences(of: "Các ", with: "")
            let head = written.trimmed()
            let firstName = firstWords.dropFirst(words).joined(separator: " ")
            return ([firstName] + plain.dropFirst()).map { head.isEmpty ? $0 : head + " " + $0 }
        }
        // Otherwise a new name begins only at a unit's head ("Phòng …", "UBND …", "các cơ quan …" after a named unit);
        // anything else goes on with the name before it ("Phòng Giáo dục và Đào tạo", "UBND các xã, thị trấn").
        var names: [String] = []
        var group = false // the name so far is a group ("Các phòng, …"), so "các …" after it goes on with it
        for (k, part) in parts.enumerated() {
            let startsGroup = part.0 == "," && startsGroupName(folded[k]) && !group
            // A head in lower case names a unit only with its proper name ("phòng Tư pháp"), not in "cán bộ, công chức".
            let named = part.1.first?.isUppercase == true || part.1.split(separator: " ").dropFirst().contains { $0.first?.isUppercase == true }
            if let last = names.last, !startsGroup, classify(part.1) != .head || !named {
                names[names.count - 1] = last + part.0 + " " + part.1
            } else {
                names.append(part.1)
                group = (" " + folded[k]).contains(" cac ") || classify(part.1) == .continuation
            }
        }
        return names
    }

    /// "các cơ quan …", "các phòng, ban …": a group of bodies, as opposed to "các xã", "các ấp" that go on with a
    /// committee's name ("UBND các xã", "Ban Nhân dân các ấp").
    static func startsGroupName(_ folded: String) -> Bool {
        let bodies = ["co quan", "don vi", "phong", "ban", "nganh", "so", "to chuc", "doan the", "hoi", "truong", "doanh nghiep",
                      "dia phuong", "tang lop", "thanh vien"]
        return bodies.contains { folded.hasPrefix("cac " + $0 + " ") || folded.hasPrefix("cac " + $0 + ",") || folded == "cac " + $0 }
    }

    /// Strips list numbering, bullets, quotes and trailing punctuation.
    public static func clean(_ s: String) -> String {
        var t = s.trimmed()
        while let f = t.first, "-+•–*".contains(f) { t = String(t.dropFirst()).trimmed() }
        let digits = t.prefix(while: { $0.isNumber })
        if !digits.isEmpty, digits.count <= 2, let after = t.dropFirst(digits.count).first, ".)".contains(after) {
            t = String(t.dropFirst(digits.count + 1)).trimmed()
        }
        if t.count > 2, t.first?.isLetter == true, t.dropFirst().first == ")" {
            t = String(t.dropFirst(2)).trimmed()
        }
        // No name ends with a dash, and "– -" (a dash read twice from a scan) is one.
        while let l = t.last, ";,.:-–".contains(l) { t = String(t.dropLast()).trimmed() }
        t = t.replacingOccurrences(of: #"\s[-–](\s+[-–])+\s"#, with: " – ", options: .regularExpression)
        return VietnameseText.clean(t)
    }
}
