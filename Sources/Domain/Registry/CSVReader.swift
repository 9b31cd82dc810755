import Foundation

/// A small RFC 4180 reader that remembers the line each record starts on, so import errors can name it.
public enum CSVReader {
    public struct Record: Sendable, Equatable {
        public var line: Int
        public var fields: [String]
    }

    /// Which field of `header` holds each column: a column's names are matched without case, diacritics or "_".
    public static func columns(of header: Record, named columns: [String: [String]]) -> [String: Int] {
        var index: [String: Int] = [:]
        for (i, raw) in header.fields.enumerated() {
            let f = VietnameseText.fold(raw).lowercased().replacingOccurrences(of: "_", with: " ").trimmingCharacters(in: .whitespaces)
            for (key, names) in columns where names.contains(where: { $0.replacingOccurrences(of: "_", with: " ") == f }) {
                index[key] = i
            }
        }
        return index
    }

    public static func records(_ text: String) -> [Record] {
        var records: [Record] = []
        var fields: [String] = []
        var field = ""
        var inQuotes = false
        var line = 1
        var recordLine = 1
        var chars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil
        let delimiter: Unicode.Scalar = text.prefix(while: { $0 != "\n" }).contains(";") && !text.prefix(while: { $0 != "\n" }).contains(",") ? ";" : ","

        func next() -> Unicode.Scalar? {
            if let p = pending { pending = nil; return p }
            return chars.next()
        }
        func endRecord() {
            fields.append(field)
            field = ""
            if !(fields.count == 1 && fields[0].trimmed().isEmpty) {
                records.append(Record(line: recordLine, fields: fields))
            }
            fields = []
        }
        while let c = next() {
            if inQuotes {
                if c == "\"" {
                    if let n = next() {
                        if n == "\"" { field.unicodeScalars.append("\"") } else { inQuotes = false; pending = n }
                    } else { inQuotes = false }
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                continue
            }
            switch c {
            case "\"" where field.isEmpty: inQuotes = true
            case delimiter: fields.append(field); field = ""
            case "\r": continue
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            default: field.unicodeScalars.append(c)
            }
        }
        if !field.isEmpty || !fields.isEmpty { endRecord() }
        return records
    }
}

/// One unit row read from a registry CSV file, validated.
public struct UnitImportRow: Sendable, Equatable {
    public var line: Int
    public var code: String
    public var name: String
    public var shortName: String?
    public var kind: UnitKind
    public var level: UnitLevel
    public var parentCode: String?
    public var aliases: [String]
    public var validFrom: CalendarDate?
    public var validTo: CalendarDate?
}

public struct UnitImportError: Sendable, Equatable, CustomStringConvertible {
    public var line: Int
    public var message: String
    public var description: String { "Dòng \(line): \(message)" }

    public init(line: Int, message: String) {
        self.line = line
        self.message = message
    }
}

/// Reads the unit registry CSV: `ma, ten, ten_viet_tat, loai, cap, ma_don_vi_cha, ten_goi_khac, hieu_luc_tu, hieu_luc_den`
/// (English headers `code, name, short_name, kind, level, parent_code, aliases, valid_from, valid_to` also work).
public enum UnitCSVImport {
    static let columns: [String: [String]] = [
        "code": ["code", "ma", "ma don vi"],
        "name": ["name", "ten", "ten don vi", "ten chinh thuc"],
        "short_name": ["short_name", "ten viet tat", "ten_viet_tat"],
        "kind": ["kind", "loai", "loai don vi"],
        "level": ["level", "cap"],
        "parent_code": ["parent_code", "ma_don_vi_cha", "ma don vi cha", "don vi cha"],
        "aliases": ["aliases", "ten_goi_khac", "ten goi khac", "bi danh"],
        "valid_from": ["valid_from", "hieu_luc_tu", "hieu luc tu", "tu ngay"],
        "valid_to": ["valid_to", "hieu_luc_den", "hieu luc den", "den ngay"],
    ]

    /// Parses and validates every line; `knownCodes` are codes already in the registry (parents may refer to them).
    public static func read(_ text: String, knownCodes: Set<String>) -> (rows: [UnitImportRow], errors: [UnitImportError]) {
        let cleaned = text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text
        let records = CSVReader.records(cleaned)
        guard let header = records.first else {
            return ([], [UnitImportError(line: 1, message: "Tệp trống, không có dòng tiêu đề.")])
        }
        let index = CSVReader.columns(of: header, named: columns)
        var errors: [UnitImportError] = []
        let vietnamese = ["code": "ma", "name": "ten", "kind": "loai", "level": "cap"]
        for required in ["code", "name", "kind", "level"] where index[required] == nil {
            errors.append(UnitImportError(line: header.line, message: "Thiếu cột bắt buộc \"\(vietnamese[required] ?? required)\"."))
        }
        if !errors.isEmpty { return ([], errors) }

        if records.count - 1 > TextLimits.csvRows {
            return ([], [UnitImportError(line: header.line, message: "Tệp có \(records.count - 1) dòng, quá giới hạn \(TextLimits.csvRows) dòng mỗi lần nhập. Hãy chia tệp thành nhiều phần (đơn vị cấp trên nhập trước).")])
        }
        // Every code the file defines, so a parent named further down is found without rescanning the file.
        let fileCodes: Set<String> = index["code"].map { ci in
            Set(records.dropFirst().compactMap { ci < $0.fields.count ? VietnameseText.clean($0.fields[ci]) : nil })
        } ?? []
        var rows: [UnitImportRow] = []
        var seen: [String: Int] = [:]
        for record in records.dropFirst() {
            func value(_ key: String) -> String? {
                guard let i = index[key], i < record.fields.count else { return nil }
                let v = VietnameseText.clean(record.fields[i])
                return v.isEmpty ? nil : v
            }
            var problems: [String] = []
            let code = value("code") ?? ""
            let name = value("name") ?? ""
            if code.isEmpty { problems.append("thiếu mã đơn vị") }
            if name.isEmpty { problems.append("thiếu tên đơn vị") }
            if code.count > TextLimits.code { problems.append("mã đơn vị dài quá \(TextLimits.code) ký tự") }
            if name.count > TextLimits.unitName { problems.append("tên đơn vị dài quá \(TextLimits.unitName) ký tự") }
            if (value("short_name")?.count ?? 0) > TextLimits.shortName { problems.append("tên viết tắt dài quá \(TextLimits.shortName) ký tự") }
            let kind = value("kind").flatMap(UnitKind.init(loose:))
            if kind == nil { problems.append("loại đơn vị \"\(value("kind") ?? "")\" không hợp lệ") }
            let level = value("level").flatMap(UnitLevel.init(loose:))
            if level == nil { problems.append("cấp \"\(value("level") ?? "")\" không hợp lệ") }
            let from = value("valid_from")
            let to = value("valid_to")
            let fromDate = from.flatMap(parseDate)
            let toDate = to.flatMap(parseDate)
            if from != nil && fromDate == nil { problems.append("ngày hiệu lực từ \"\(from ?? "")\" không đúng dạng dd/mm/yyyy") }
            if to != nil && toDate == nil { problems.append("ngày hiệu lực đến \"\(to ?? "")\" không đúng dạng dd/mm/yyyy") }
            if let a = fromDate, let b = toDate, b < a { problems.append("ngày hết hiệu lực trước ngày bắt đầu") }
            if let previous = seen[code], !code.isEmpty { problems.append("mã \"\(code)\" trùng với dòng \(previous)") }
            let parent = value("parent_code")
            if let p = parent, p == code { problems.append("đơn vị không thể là cấp trên của chính nó") }
            if let p = parent, p != code, !knownCodes.contains(p), !fileCodes.contains(p) {
                problems.append("không tìm thấy đơn vị cấp trên có mã \"\(p)\"")
            }
            let aliases = (value("aliases") ?? "").split(whereSeparator: { $0 == "|" || $0 == ";" })
                .map { VietnameseText.clean(String($0)) }.filter { !$0.isEmpty }
            if aliases.count > TextLimits.aliasesPerUnit { problems.append("quá \(TextLimits.aliasesPerUnit) tên gọi khác") }
            if aliases.contains(where: { $0.count > TextLimits.alias }) { problems.append("có tên gọi khác dài quá \(TextLimits.alias) ký tự") }
            if !code.isEmpty { seen[code] = record.line }
            if !problems.isEmpty {
                errors.append(UnitImportError(line: record.line, message: problems.joined(separator: "; ") + "."))
                continue
            }
            guard let kind, let level else { continue }
            rows.append(UnitImportRow(line: record.line, code: code, name: name, shortName: value("short_name"), kind: kind,
                                      level: level, parentCode: parent, aliases: aliases, validFrom: fromDate, validTo: toDate))
        }
        if rows.isEmpty && errors.isEmpty {
            errors.append(UnitImportError(line: header.line, message: "Tệp không có dòng dữ liệu nào."))
        }
        if errors.isEmpty { errors = cycles(in: rows) }
        return (rows, errors)
    }

    /// Accepts "dd/MM/yyyy" and "yyyy-MM-dd".
    public static func parseDate(_ text: String) -> CalendarDate? {
        if let d = CalendarDate(text) { return d }
        let parts = text.split(separator: "/").compactMap { Int($0.trimmed()) }
        guard parts.count == 3 else { return nil }
        return CalendarDate(year: parts[2], month: parts[1], day: parts[0])
    }

    /// Rows whose parent chain inside the file comes back to themselves, each named once (linear time).
    static func cycles(in rows: [UnitImportRow]) -> [UnitImportError] {
        let byCode = Dictionary(rows.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        // 0 = not seen, 1 = on the current chain, 2 = known to reach a root.
        var state: [String: UInt8] = [:]
        var errors: [UnitImportError] = []
        for row in rows where state[row.code] == nil {
            var chain: [String] = []
            var code: String? = row.code
            while let c = code, let r = byCode[c], state[c] == nil {
                state[c] = 1
                chain.append(c)
                code = r.parentCode
            }
            if let c = code, state[c] == 1, let start = chain.firstIndex(of: c) {
                let loop = chain[start...]
                if let first = loop.first.flatMap({ byCode[$0] }) {
                    errors.append(UnitImportError(line: first.line, message: "các đơn vị \(loop.joined(separator: " → ")) → \(c) làm cấp trên của nhau thành vòng lặp."))
                }
            }
            chain.forEach { state[$0] = 2 }
        }
        return errors.sorted { $0.line < $1.line }
    }

    /// Orders rows so that each parent comes before its children (linear time; rows in a cycle go last).
    public static func parentsFirst(_ rows: [UnitImportRow]) -> [UnitImportRow] {
        let codes = Set(rows.map(\.code))
        var children: [String: [Int]] = [:]
        var roots: [Int] = []
        for (i, row) in rows.enumerated() {
            if let p = row.parentCode, codes.contains(p), p != row.code { children[p, default: []].append(i) } else { roots.append(i) }
        }
        var ordered: [UnitImportRow] = []
        ordered.reserveCapacity(rows.count)
        var placed = [Bool](repeating: false, count: rows.count)
        var queue = roots
        var head = 0
        while head < queue.count {
            let i = queue[head]
            head += 1
            guard !placed[i] else { continue }
            placed[i] = true
            ordered.append(rows[i])
            queue += children[rows[i].code] ?? []
        }
        for (i, row) in rows.enumerated() where !placed[i] { ordered.append(row) }
        return ordered
    }
}
