import Foundation

/// Rebuilds the appendix table from text extracted from a PDF without layout, where each cell's
/// lines follow each other (row number, content, product, timeframes, lead, coordinating).
/// Columns are told apart by what they contain: timeframe phrases sit between the
/// content/product cells and the unit cells; a capitalised line starts a new cell.
enum StreamTable {
    static func rows(from lines: [String]) -> [[String]]? {
        // Find the header: a line starting "TT"/"STT" and mentioning "Nội dung".
        guard let headerAt = lines.firstIndex(where: { l in
            let f = VietnameseText.fold(l)
            return (f.hasPrefix("tt ") || f.hasPrefix("stt ") || f.hasPrefix("so tt")) && f.contains("noi dung")
        }) else { return nil }
        let headerText = VietnameseText.fold(lines[headerAt...].prefix(8).joined(separator: " "))
        let hasProduct = headerText.contains("san pham")
        let hasStartFinish = headerText.contains("trien khai") && headerText.contains("hoan thanh")
        var header = ["TT", "Nội dung"]
        if hasProduct { header.append("Sản phẩm") }
        header += hasStartFinish ? ["Triển khai", "Hoàn thành"] : ["Thời gian thực hiện"]
        header += ["Cơ quan chủ trì", "Cơ quan phối hợp"]
        // Skip the header's own lines (until a line that is a bare number "1" or starts "1 ").
        var i = headerAt + 1
        while i < lines.count, leadingNumber(lines[i]) != 1 { i += 1 }
        var rows: [[String]] = [header]
        var expected = 1
        var chunk: [String] = []
        func flush() {
            if !chunk.isEmpty, let row = row(chunk, hasProduct: hasProduct, startFinish: hasStartFinish) { rows.append(row) }
            chunk = []
        }
        while i < lines.count {
            let line = lines[i]
            if let n = leadingNumber(line), n == expected {
                flush()
                expected += 1
                chunk = [line]
            } else if !chunk.isEmpty {
                chunk.append(line)
            }
            i += 1
        }
        flush()
        return rows.count > 1 ? rows : nil
    }

    /// "6 Tiếp xúc cử tri" → 6; "1" → 1; "01/2024" → nil.
    static func leadingNumber(_ line: String) -> Int? {
        let t = line.trimmed()
        let digits = t.prefix(while: { $0.isNumber })
        guard !digits.isEmpty, digits.count <= 3 else { return nil }
        let rest = t.dropFirst(digits.count)
        guard rest.isEmpty || rest.first == " " else { return nil }
        if let next = rest.dropFirst().first, !(next.isLetter && next.isUppercase) { return nil }
        return Int(digits)
    }

    static let timeWords: Set<String> = ["thang", "truoc", "ngay", "nam", "moi", "hang", "thuong", "xuyen", "quy", "tu", "den",
                                         "cham", "nhat", "dinh", "ky", "lien", "tuc", "ca", "dau", "cuoi", "-", "–", "sau", "khi"]

    static func isTimeLine(_ line: String) -> Bool {
        let words = VietnameseText.fold(line).split(separator: " ")
        guard !words.isEmpty else { return false }
        return words.allSatisfy { w in timeWords.contains(String(w)) || w.allSatisfy { $0.isNumber || $0 == "/" || $0 == "-" || $0 == "." } }
            && words.contains { ["thang", "truoc", "moi", "hang", "thuong", "xuyen", "quy", "nam", "ngay"].contains(String($0)) || $0.contains("/") }
    }

    /// Splits the time lines into phrases: "Tháng 01/2024 Trước 17/01" → ["Tháng 01/2024", "Trước 17/01"].
    static func timePhrases(_ lines: [String]) -> [String] {
        let starters: Set<String> = ["thang", "truoc", "moi", "hang", "thuong", "cham", "tu", "quy", "dinh"]
        var phrases: [[String]] = []
        for word in lines.joined(separator: " ").split(separator: " ").map(String.init) {
            let f = VietnameseText.fold(word)
            if var current = phrases.last, starters.contains(f) {
                let cf = current.map(VietnameseText.fold)
                let complete = cf.contains { $0.contains(where: \.isNumber) } || cf == ["moi", "thang"] || cf == ["hang", "thang"]
                    || cf == ["thuong", "xuyen"] || cf == ["hang", "quy"] || cf == ["moi", "quy"]
                if complete { phrases.append([word]); continue }
                current.append(word)
                phrases[phrases.count - 1] = current
            } else if phrases.isEmpty {
                phrases.append([word])
            } else {
                phrases[phrases.count - 1].append(word)
            }
        }
        return phrases.map { $0.joined(separator: " ") }
    }

    static let unitStarters = ["cong chuc", "can bo", "truong ", "cac ", "he thong", "dai ", "hdnd", "ubnd", "uy ban", "phong ",
                               "so ", "ban ", "trung tam", "doan ", "hoi ", "cong an", "mat tran", "van phong", "tram ", "bo phan"]

    static func startsCell(_ line: String, previous: String?) -> Bool {
        guard let first = line.first else { return false }
        if let p = previous, p.hasSuffix("-") || p.hasSuffix("(") || p.hasSuffix(",") { return false }
        if first == "(" || first == "-" || first.isLowercase || first.isNumber { return false }
        return true
    }

    static func row(_ chunk: [String], hasProduct: Bool, startFinish: Bool) -> [String]? {
        guard let first = chunk.first, let n = leadingNumber(first) else { return nil }
        var lines = chunk
        let rest = first.trimmed().dropFirst(String(n).count).trimmed()
        lines[0] = rest
        lines = lines.map { $0.trimmed() }.filter { !$0.isEmpty }
        guard let timeStart = lines.firstIndex(where: isTimeLine) else { return nil }
        var timeEnd = timeStart
        while timeEnd < lines.count, isTimeLine(lines[timeEnd]) { timeEnd += 1 }
        // Content and product: split at capitalised line starts.
        var before: [[String]] = []
        for (k, line) in lines[..<timeStart].enumerated() {
            if before.isEmpty || startsCell(line, previous: k > 0 ? lines[k - 1] : nil) { before.append([line]) } else { before[before.count - 1].append(line) }
        }
        let content = before.first.map { joinCell($0) } ?? ""
        let product = hasProduct ? before.dropFirst().map(joinCell).joined(separator: " ") : ""
        let phrases = timePhrases(Array(lines[timeStart..<timeEnd]))
        // Lead and coordinating: a new cell begins with a unit word.
        var after: [[String]] = []
        for line in lines[timeEnd...] {
            let f = VietnameseText.fold(line)
            let previous = after.last?.last
            // "Công chức" alone has not named its unit yet: the next line completes it.
            let incomplete = after.last.map { ["cong chuc", "can bo", "he thong", "truong", "cac"].contains(VietnameseText.fold(joinCell($0))) } ?? false
            let isNew = after.isEmpty || (!incomplete && unitStarters.contains(where: { f.hasPrefix($0) }) && startsCell(line, previous: previous))
            if isNew { after.append([line]) } else { after[after.count - 1].append(line) }
        }
        let lead = after.first.map(joinCell) ?? ""
        let coordinating = after.dropFirst().map(joinCell).joined(separator: "\n")
        var row = [String(n), content]
        if hasProduct { row.append(product) }
        if startFinish {
            row.append(phrases.first ?? "")
            row.append(phrases.count > 1 ? phrases[1] : (phrases.first ?? ""))
        } else {
            row.append(phrases.joined(separator: " "))
        }
        row += [lead, coordinating]
        return row
    }

    /// Lines of one cell joined; a line ending in "-" keeps a spaced dash ("Văn phòng - Thống Kê").
    static func joinCell(_ lines: [String]) -> String {
        VietnameseText.clean(lines.joined(separator: " "))
    }
}
