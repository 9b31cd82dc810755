import Foundation

extension PlanParser {
    enum Column: Equatable {
        case no, content, product, lead, coordinating, time, start, finish, notes, unknown(String)
    }

    static func column(_ header: String) -> Column {
        let f = VietnameseText.fold(header).replacingOccurrences(of: "\n", with: " ")
        // A narrow first column may break its title: "ST" / "T".
        let compact = String(f.filter(\.isLetter))
        if compact == "stt" || compact == "tt" || compact.hasPrefix("sott") || compact == "sothutu" || compact == "so" { return .no }
        if f.contains("chu tri") { return .lead }
        if f.contains("phoi hop") { return .coordinating }
        if f.contains("san pham") { return .product }
        if f.contains("noi dung") || f.contains("nhiem vu") || f.contains("hoat dong") || f.contains("cong viec") { return .content }
        if f.contains("trien khai") || f.contains("bat dau") { return .start }
        if f.contains("hoan thanh") || f.contains("ket thuc") { return .finish }
        if f.contains("thoi gian") || f.contains("thoi han") || f.contains("tien do") || f == "thoi diem" { return .time }
        // "Cơ quan thực hiện", "Đơn vị thực hiện", "Trách nhiệm thực hiện": who leads
        if f.contains("thuc hien") || f.contains("trach nhiem") || f == "don vi" || f == "co quan" { return .lead }
        if f.contains("ghi chu") { return .notes }
        return .unknown(header)
    }

    /// Tasks written in the body instead of an appendix table: "1. Tọa đàm …" then "- Chủ trì: Phòng Nội vụ",
    /// "- Phối hợp: …", "- Thời gian: Quý II/2025", "- Sản phẩm: …". A numbered item with none of these is not a task.
    struct BodyTaskReader {
        let timeframes: TimeframeParser
        var current: PlanTask?
        var hasField = false
        var tasks: [PlanTask] = []

        static let fields: [(prefix: String, column: Column)] = [
            ("co quan chu tri", .lead), ("don vi chu tri", .lead), ("chu tri", .lead), ("don vi thuc hien", .lead),
            ("co quan thuc hien", .lead), ("trach nhiem", .lead), ("co quan phoi hop", .coordinating),
            ("don vi phoi hop", .coordinating), ("phoi hop", .coordinating), ("thoi gian", .time), ("thoi han", .time),
            ("tien do", .time), ("san pham", .product),
        ]

        mutating func read(_ line: String) {
            if let (_, text) = PlanParser.numberedHeading(line) {
                flush()
                current = PlanTask(no: 0, content: PlanParser.cleanItem(text), lead: [], coordinating: [], timeframe: Timeframe(text: ""))
                return
            }
            guard var task = current else { return }
            let item = PlanParser.cleanItem(line)
            let f = VietnameseText.fold(item)
            if let field = Self.fields.first(where: { f.hasPrefix($0.prefix) }), let colon = item.firstIndex(of: ":") {
                let value = item[item.index(after: colon)...].trimmed()
                switch field.column {
                case .lead: task.lead += UnitListSplitter.split(value)
                case .coordinating: task.coordinating += UnitListSplitter.split(value)
                case .time: task.timeframe = timeframes.parse(value.trimmed(of: ".;"))
                default: task.product = value.trimmed(of: ".;")
                }
                hasField = true
            } else {
                task.content += "\n" + item
            }
            current = task
        }

        mutating func flush() {
            if var task = current, hasField {
                task.no = tasks.count + 1
                tasks.append(task)
            }
            current = nil
            hasField = false
        }

        mutating func finish() -> [PlanTask] {
            flush()
            return tasks
        }
    }

    /// A header over two rows ("Đơn vị thực hiện" over "Chủ trì | Phối hợp", "Thời gian" over "Bắt đầu | Kết thúc")
    /// becomes one: each column's title is its own cell under the title spanning it. Taken only when the second row
    /// tells more columns apart than the first alone.
    static func joinHeaderRows(_ rows: [[String]]) -> [[String]] {
        guard rows.count >= 3, let top = rows.first else { return rows }
        let sub = rows[1]
        guard sub.count == top.count, Int(sub.first?.trimmed(of: " .") ?? "") == nil, sub.allSatisfy({ $0.count <= 60 }) else { return rows }
        var merged: [String] = []
        var spanning = ""
        for (c, title) in top.enumerated() {
            if !title.isEmpty { spanning = title }
            let below = sub[c]
            if below.isEmpty || below == title { merged.append(title) } else { merged.append((title.isEmpty ? spanning : title) + " " + below) }
        }
        func known(_ header: [String]) -> Int {
            Set(header.map(column).filter { if case .unknown = $0 { return false } else { return true } }.map { "\($0)" }).count
        }
        return known(merged) > known(top) ? [merged] + rows.dropFirst(2) : rows
    }

    /// The row of column numbers under a header ("(1) (2) (3) …", or as a scan reads it, "q) (2)- (3) G)"): short
    /// cells, hardly any letters, most of them with a digit.
    static func isColumnNumbersRow(_ row: [String]) -> Bool {
        let filled = row.filter { !$0.isEmpty }
        guard filled.count >= 2 else { return false }
        return filled.allSatisfy { $0.count <= 4 && $0.filter(\.isLetter).count <= 1 } && filled.filter { $0.contains(where: \.isNumber) }.count * 2 >= filled.count
    }

    func parseTasks(_ blocks: [DocBlock], paragraphs: [String], folded: [String], rawLines lines: () -> [String], into plan: inout Plan) {
        // Tasks read from the body stand only when the document has no appendix table.
        let bodyTasks = plan.tasks
        plan.tasks = []
        let appendixHeading = folded.firstIndex(where: { $0.hasPrefix("phu luc") })
        if let h = appendixHeading {
            // The appendix heading names a year; it should be the plan's.
            let heading = (h..<min(paragraphs.count, h + 4)).filter { !folded[$0].contains("kem theo") }.map { paragraphs[$0] }.joined(separator: " ")
            if let y = Self.lastYear(in: heading), let planYear = plan.year, y != planYear {
                plan.warnings.append("Tiêu đề phụ lục ghi năm \(y), khác với năm của kế hoạch (\(planYear)).")
            }
        }
        var tables: [[[String]]] = blocks.compactMap { if case .table(let rows) = $0 { return Self.joinHeaderRows(rows) } else { return nil } }
        tables = tables.filter { rows in
            guard let header = rows.first else { return false }
            let cols = header.map(Self.column)
            return cols.contains(.content) && (cols.contains(.lead) || cols.contains(.time) || cols.contains(.start))
        }
        let rawLines = tables.isEmpty ? lines() : []
        if tables.isEmpty, let h = rawLines.lastIndex(where: { VietnameseText.fold($0).hasPrefix("phu luc") }) {
            if let rows = StreamTable.rows(from: Array(rawLines[h...])) { tables = [rows] }
        }
        let parser = TimeframeParser(planYear: plan.year)
        for rows in tables {
            guard let header = rows.first else { continue }
            var columns = header.map(Self.column)
            // A number column whose title was lost (a scan, a merged header cell): a blank title over mostly numbers.
            // The first column is where Decree 30 puts it; a scan may garble many of the numbers themselves.
            // A short title the scan misread ("SIT", "5TT") before the content column is the number column too.
            if !columns.contains(.no), case .unknown(let title) = columns.first {
                let body = rows.dropFirst().filter { !($0.first ?? "").isEmpty }
                let numbers = body.filter { Int(($0.first ?? "").trimmed(of: " .")) != nil }.count
                let shortTitleBeforeContent = !title.isEmpty && title.count <= 4 && columns.dropFirst().first == .content
                if title.isEmpty && numbers >= 2 && numbers * 3 >= body.count || shortTitleBeforeContent { columns[0] = .no }
            }
            for case .unknown(let name) in columns where !name.isEmpty {
                plan.warnings.append("Cột \"\(name)\" trong bảng phụ lục không được nhận ra; nội dung cột này bị bỏ qua.")
            }
            var tasks: [PlanTask] = []
            for row in rows.dropFirst() {
                if row.map(Self.column) == columns { continue } // repeated header
                if Self.isColumnNumbersRow(row) { continue }
                func cell(_ c: Column) -> String {
                    guard let i = columns.firstIndex(of: c), i < row.count else { return "" }
                    return row[i]
                }
                // "13" over a stray "-" on the next line of the cell: the number is what has digits.
                let noText = cell(.no).split(whereSeparator: \.isNewline).map { $0.trimmed(of: " .-_|") }.first { !$0.isEmpty } ?? ""
                var number = Int(noText)
                // A number no plan has (a year typed in the column, "9223372036854775807"): not a task of its own.
                if number.map({ !PlanLimits.taskNumbers.contains($0) }) ?? (!noText.isEmpty && noText.allSatisfy { $0.isASCII && $0.isNumber }) {
                    plan.warnings.append("Số thứ tự \"\(noText.prefix(20))\" của một dòng trong phụ lục nằm ngoài khoảng 1–9999; dòng này bị bỏ qua.")
                    continue
                }
                // A number a scan garbled ("Ỷ" for 7) or lost on a row that holds a whole task (its content, its lead, and
                // when the number is lost, its time too; the rest of a row cut by a page break has no time of its own):
                // the next number.
                let time = cell(.time) + cell(.start) + cell(.finish)
                if number == nil, noText.count <= 3, PlanParser.romanHeading(noText + ". x") == nil, !noText.contains(where: \.isLowercase),
                   cell(.content).count >= 10, !cell(.lead).isEmpty, !noText.isEmpty || !time.isEmpty {
                    let next = min(tasks.last?.no ?? plan.tasks.last?.no ?? 0, PlanLimits.taskNumbers.upperBound - 1) + 1
                    plan.warnings.append("Số thứ tự \"\(noText)\" của một dòng trong phụ lục không đọc được; đã đánh số \(next).")
                    number = next
                }
                guard let no = number else {
                    // A row without a number continues the previous one (split across pages) or is a group heading.
                    if noText.isEmpty, var last = tasks.popLast() {
                        if !cell(.content).isEmpty { last.content += "\n" + cell(.content) }
                        last.lead += UnitListSplitter.split(cell(.lead))
                        last.coordinating += UnitListSplitter.split(cell(.coordinating))
                        tasks.append(last)
                    }
                    continue
                }
                let timeframe: Timeframe
                if columns.contains(.start) || columns.contains(.finish) {
                    timeframe = parser.parse(start: cell(.start), finish: cell(.finish).isEmpty ? cell(.time) : cell(.finish))
                } else {
                    timeframe = parser.parse(cell(.time))
                }
                let product = cell(.product)
                let notes = cell(.notes)
                tasks.append(PlanTask(no: no, content: cell(.content), product: product.isEmpty ? nil : product,
                                      lead: UnitListSplitter.split(cell(.lead)), coordinating: UnitListSplitter.split(cell(.coordinating)),
                                      timeframe: timeframe, notes: notes.isEmpty ? nil : notes))
            }
            plan.tasks += tasks
        }
        if plan.tasks.isEmpty { plan.tasks = bodyTasks }
        for i in plan.tasks.indices {
            // "Hằng tháng, khi nhận được văn bản của tỉnh": the schedule is read, the condition is kept in the notes.
            let timeframe = plan.tasks[i].timeframe
            guard timeframe.rule != timeframe.text, let condition = TimeframeParser.trailingCondition(timeframe.text) else { continue }
            let notes = plan.tasks[i].notes ?? ""
            if !VietnameseText.fold(notes).contains(VietnameseText.fold(condition)) {
                plan.tasks[i].notes = notes.isEmpty ? condition : notes + "\n" + condition
            }
        }
        for task in plan.tasks {
            if task.lead.isEmpty { plan.warnings.append("Nhiệm vụ \(task.no) không có cơ quan chủ trì.") }
            if !task.timeframe.isUnderstood && !task.timeframe.text.isEmpty {
                plan.warnings.append("Nhiệm vụ \(task.no): không hiểu thời gian thực hiện \"\(task.timeframe.text)\".")
            } else if task.timeframe.text.isEmpty {
                plan.warnings.append("Nhiệm vụ \(task.no) không ghi thời gian thực hiện.")
            }
            if let issued = plan.issuedOn {
                if let d = task.timeframe.deadline, d < issued {
                    plan.warnings.append("Nhiệm vụ \(task.no) có hạn \(d.display), trước ngày ban hành kế hoạch (\(issued.display)).")
                } else if task.timeframe.deadline == nil, let end = task.timeframe.end, let month = issued.yearMonth, end < month {
                    plan.warnings.append("Nhiệm vụ \(task.no) kết thúc tháng \(end.month)/\(end.year), trước ngày ban hành kế hoạch (\(issued.display)).")
                }
            }
        }
    }
}
