import Foundation

/// The official restructuring lists as tables: each row an old unit and what it became (the new unit, its parent,
/// the resolution and the effective date). Read from CSV or Excel rows, then grouped into changes: several old
/// units → one new is a merge, one old → several new a split; "giải thể", "đổi tên", "giữ nguyên"/"chuyển" rows say
/// so in the form column.
public enum RestructuringTable {
    public enum Form: String, Sendable, Equatable {
        case merge, split, abolish, rename, move, found
    }

    public struct Row: Sendable, Equatable {
        public var line: Int
        public var old: String?
        public var new: String?
        public var newCode: String?
        public var newShortName: String?
        public var form: Form?
        public var parent: String?
        public var kind: UnitKind?
        public var level: UnitLevel?
        public var basisNumber: String
        public var basisDate: CalendarDate?
        public var issuer: String
        public var effectiveOn: CalendarDate
        public var note: String?
    }

    /// One change to record: its rows (for messages), the old units and the new ones, by the names the table uses.
    public struct Change: Sendable, Equatable {
        public var form: Form
        public var lines: [Int]
        public var olds: [String]
        /// The new units (merge: one; split: several; abolish: those taking over; rename: the new name; found: one).
        public var news: [String]
        public var rows: [Row]
    }

    public struct Problem: Sendable, Equatable, CustomStringConvertible {
        public var line: Int
        public var message: String
        public var description: String { "Dòng \(line): \(message)" }
    }

    static let columns: [(key: String, names: [String])] = [
        ("new_code", ["ma don vi moi", "ma moi", "ma don vi sau sap xep", "new code"]),
        ("new_short", ["ten viet tat moi", "ten viet tat"]),
        ("old", ["don vi cu", "ten don vi cu", "ma don vi cu", "don vi truoc sap xep", "don vi hien nay", "don vi hien tai", "old"]),
        ("new", ["don vi moi", "ten don vi moi", "don vi sau sap xep", "ten don vi sau sap xep", "new"]),
        ("form", ["hinh thuc", "hinh thuc sap xep", "phuong an", "form"]),
        ("parent", ["don vi cap tren moi", "cap tren moi", "truc thuoc", "don vi cap tren", "parent"]),
        ("kind", ["loai don vi", "loai", "kind"]),
        ("level", ["cap", "cap hanh chinh", "level"]),
        ("basis_number", ["so van ban", "so nghi quyet", "so quyet dinh", "van ban", "can cu", "nghi quyet", "basis"]),
        ("basis_date", ["ngay van ban", "ngay ban hanh", "ngay nghi quyet", "basis date"]),
        ("issuer", ["co quan ban hanh", "noi ban hanh", "issuer"]),
        ("effective", ["ngay hieu luc", "hieu luc tu", "ngay co hieu luc", "co hieu luc tu", "effective"]),
        ("note", ["ghi chu", "note"]),
    ]

    /// Which column holds what, from the header's words (exact names first, then names a header starts with).
    static func index(_ header: [String]) -> [String: Int] {
        var index: [String: Int] = [:]
        let folded = header.map { VietnameseText.fold($0).replacingOccurrences(of: "_", with: " ").trimmingCharacters(in: .whitespaces) }
        for (key, names) in columns {
            if let i = folded.firstIndex(where: { names.contains($0) }), !index.values.contains(i) { index[key] = i }
        }
        for (key, names) in columns where index[key] == nil {
            if let i = folded.indices.first(where: { i in !index.values.contains(i) && names.contains { folded[i].hasPrefix($0) } }) { index[key] = i }
        }
        return index
    }

    public static func form(_ text: String) -> Form? {
        let f = VietnameseText.fold(text)
        if f.isEmpty { return nil }
        if f.contains("giai the") { return .abolish }
        if f.contains("doi ten") { return .rename }
        if f.contains("giu nguyen") || f.contains("khong sap xep") || f.contains("khong thuc hien sap xep") || f.contains("chuyen") { return .move }
        if f.contains("chia") || f.contains("tach") { return .split }
        if f.contains("thanh lap moi") || f == "thanh lap" { return .found }
        if f.contains("hop nhat") || f.contains("sap nhap") || f.contains("nhap") { return .merge }
        return nil
    }

    /// Reads the rows under the header (the first row that names the old or the new units).
    public static func read(_ table: [[String]], firstLine: Int = 1) -> (rows: [Row], problems: [Problem]) {
        guard let headerAt = table.firstIndex(where: { r in let i = index(r); return i["old"] != nil || i["new"] != nil }) else {
            return ([], [Problem(line: firstLine, message: "Không thấy dòng tiêu đề có cột \"Đơn vị cũ\" và \"Đơn vị mới\".")])
        }
        let columns = index(table[headerAt])
        var problems: [Problem] = []
        for (key, label) in [("old", "Đơn vị cũ"), ("new", "Đơn vị mới"), ("basis_number", "Số văn bản"), ("effective", "Ngày hiệu lực")] where columns[key] == nil {
            problems.append(Problem(line: firstLine + headerAt, message: "Thiếu cột \"\(label)\"."))
        }
        if !problems.isEmpty { return ([], problems) }
        var rows: [Row] = []
        for (offset, cells) in table.enumerated().dropFirst(headerAt + 1) {
            let line = firstLine + offset
            func value(_ key: String) -> String? {
                guard let i = columns[key], i < cells.count else { return nil }
                let v = VietnameseText.clean(cells[i])
                return v.isEmpty ? nil : v
            }
            func date(_ key: String) -> CalendarDate? {
                value(key).flatMap { UnitCSVImport.parseDate($0) ?? XlsxReader.date(serial: $0) }
            }
            if cells.allSatisfy({ VietnameseText.clean($0).isEmpty }) { continue }
            var messages: [String] = []
            let old = value("old"), new = value("new")
            if old == nil && new == nil { messages.append("thiếu cả đơn vị cũ và đơn vị mới") }
            let formText = value("form")
            var form = formText.flatMap(Self.form)
            if formText != nil && form == nil { messages.append("không hiểu hình thức \"\(formText ?? "")\" (hợp nhất, sáp nhập, chia tách, giải thể, đổi tên, giữ nguyên, chuyển, thành lập)") }
            if old == nil && form == nil { form = .found }
            if old == nil && form != .found { messages.append("thiếu đơn vị cũ") }
            let number = value("basis_number")
            if number == nil { messages.append("thiếu số văn bản làm căn cứ") }
            let effective = date("effective")
            if effective == nil { messages.append(value("effective") == nil ? "thiếu ngày hiệu lực" : "ngày hiệu lực \"\(value("effective") ?? "")\" không hợp lệ") }
            let kind = value("kind").flatMap(UnitKind.init(loose:))
            if value("kind") != nil && kind == nil { messages.append("loại đơn vị \"\(value("kind") ?? "")\" không hợp lệ") }
            let level = value("level").flatMap(UnitLevel.init(loose:))
            if value("level") != nil && level == nil { messages.append("cấp \"\(value("level") ?? "")\" không hợp lệ") }
            guard messages.isEmpty, let number, let effective else {
                problems.append(Problem(line: line, message: messages.joined(separator: "; ")))
                continue
            }
            rows.append(Row(line: line, old: old, new: new, newCode: value("new_code")?.uppercased(), newShortName: value("new_short"), form: form,
                            parent: value("parent"), kind: kind, level: level, basisNumber: number, basisDate: date("basis_date"),
                            issuer: value("issuer") ?? "", effectiveOn: effective, note: value("note")))
        }
        if rows.isEmpty && problems.isEmpty { problems.append(Problem(line: firstLine + headerAt, message: "Bảng không có dòng nào dưới tiêu đề.")) }
        return (rows, problems)
    }

    /// Groups rows into changes. Rows that say their form are taken as they say; the others are merges or splits by
    /// how old and new units connect (several old → one new: merge; one old → several new: split).
    public static func changes(_ rows: [Row]) -> (changes: [Change], problems: [Problem]) {
        var changes: [Change] = []
        var problems: [Problem] = []
        let key = { (s: String) in VietnameseText.fold(s) }
        // Abolitions, renames, moves and foundings: one change per old unit (per new unit for foundings).
        for form in [Form.abolish, .rename, .move, .found] {
            let list = rows.filter { $0.form == form }
            var order: [String] = []
            var groups: [String: [Row]] = [:]
            for row in list {
                let k = key(form == .found ? (row.newCode ?? row.new ?? "") : (row.old ?? ""))
                if groups[k] == nil { order.append(k) }
                groups[k, default: []].append(row)
            }
            for k in order {
                let g = groups[k] ?? []
                guard let first = g.first else { continue }
                if form == .rename, g.count > 1 { problems.append(Problem(line: first.line, message: "\(first.old ?? "") được đổi tên nhiều lần trong bảng.")); continue }
                if (form == .rename || form == .found), first.new == nil { problems.append(Problem(line: first.line, message: "thiếu tên đơn vị mới.")); continue }
                if form == .move, first.parent == nil { problems.append(Problem(line: first.line, message: "thiếu đơn vị cấp trên mới cho \(first.old ?? "").")); continue }
                changes.append(Change(form: form, lines: g.map(\.line), olds: first.old.map { [$0] } ?? [],
                                      news: g.compactMap(\.new).uniqued(by: key), rows: g))
            }
        }
        // Merges and splits: connected groups of old and new units.
        let linked = rows.filter { $0.form == nil || $0.form == .merge || $0.form == .split }
        var parent: [String: String] = [:]
        func find(_ x: String) -> String { var x = x; while let p = parent[x], p != x { x = p }; return x }
        func union(_ a: String, _ b: String) { let ra = find(a), rb = find(b); if ra != rb { parent[ra] = rb } }
        for row in linked {
            guard let old = row.old else { continue }
            let o = "o:" + key(old)
            parent[o] = parent[o] ?? o
            if let new = row.new {
                let n = "n:" + key(row.newCode ?? new)
                parent[n] = parent[n] ?? n
                union(o, n)
            } else {
                problems.append(Problem(line: row.line, message: "thiếu đơn vị mới của \(old)."))
            }
        }
        var order: [String] = []
        var groups: [String: [Row]] = [:]
        for row in linked where row.old != nil && row.new != nil {
            let root = find("o:" + key(row.old ?? ""))
            if groups[root] == nil { order.append(root) }
            groups[root, default: []].append(row)
        }
        for root in order {
            let g = groups[root] ?? []
            let olds = g.compactMap(\.old).uniqued(by: key)
            let newRows = g.uniqued { key($0.newCode ?? $0.new ?? "") }
            guard let first = g.first else { continue }
            if Set(g.map(\.effectiveOn)).count > 1 {
                problems.append(Problem(line: first.line, message: "các dòng của cùng một lần sắp xếp có ngày hiệu lực khác nhau (dòng \(g.map { String($0.line) }.joined(separator: ", ")))."))
                continue
            }
            if olds.count > 1 && newRows.count > 1 {
                problems.append(Problem(line: first.line, message: "nhiều đơn vị cũ và nhiều đơn vị mới nối với nhau (dòng \(g.map { String($0.line) }.joined(separator: ", "))); hãy tách thành từng lần hợp nhất hoặc chia tách."))
                continue
            }
            changes.append(Change(form: newRows.count > 1 ? .split : .merge, lines: g.map(\.line), olds: olds,
                                  news: newRows.compactMap(\.new), rows: g))
        }
        return (changes.sorted { ($0.lines.first ?? 0) < ($1.lines.first ?? 0) }, problems)
    }
}

extension Array {
    /// The elements whose key was not seen before, in order.
    public func uniqued(by key: (Element) -> String) -> [Element] {
        var seen = Set<String>()
        return filter { seen.insert(key($0)).inserted }
    }
}
