import Foundation

/// Reads a question bank kept as a table, in Excel or in a Word table — one question per row:
///
/// | Câu (STT) | Câu hỏi (Nội dung) | A | B | C | D … | Đáp án | Chủ đề | Mức độ | Giải thích | Đối tượng |
///
/// The header row may be anywhere in the first 20 rows; its names are matched without case or diacritics ("Phương án
/// A", "PA A" and "A" are the same column; "Nhóm", "Lĩnh vực" are the topic). Only the question and two options and the
/// answer are required. The answer is letters ("B", "A, C"), or the right options' texts. A row without a number is
/// numbered after the row above. Every problem is told with the question's number.
public enum QuestionBankTable {
    enum Column: Hashable { case number, text, option(Int), answer, topic, difficulty, explanation, audience }

    private static let letters = Array("ABCDEFGH")

    static func column(_ header: String) -> Column? {
        let h = VietnameseText.fold(header).lowercased().trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters))
        let words = h.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map(String.init)
        guard !words.isEmpty else { return nil }
        // "A", "Phương án A", "PA A", "Đáp án A" (an option column, not the answer), "Lựa chọn B".
        if let last = words.last, last.count == 1, let letter = last.uppercased().first, let index = letters.firstIndex(of: letter),
           words.count == 1 || ["phuong", "pa", "lua", "an"].contains(words[words.count - 2]) {
            return .option(index)
        }
        let text = words.joined(separator: " ")
        if ["stt", "so tt", "cau", "cau so", "so cau", "ma cau", "so thu tu", "tt"].contains(text) { return .number }
        if text.hasPrefix("dap an") || text == "da" || text.hasPrefix("phuong an dung") || text.hasPrefix("cau tra loi dung") { return .answer }
        if text.hasPrefix("noi dung") || text == "cau hoi" || text.hasPrefix("cau hoi ") || text.hasPrefix("de bai") { return .text }
        if text.hasPrefix("chu de") || text.hasPrefix("nhom") || text.hasPrefix("linh vuc") { return .topic }
        if text.hasPrefix("muc do") || text.hasPrefix("do kho") { return .difficulty }
        if text.hasPrefix("giai thich") || text.hasPrefix("can cu") || text.hasPrefix("huong dan") { return .explanation }
        if text.hasPrefix("doi tuong") || text.hasPrefix("danh cho") { return .audience }
        return nil
    }

    /// The header row and its columns: the first of the first rows with a question column and at least two options.
    static func header(_ rows: [[String]]) -> (row: Int, columns: [Int: Column])? {
        for (r, row) in rows.prefix(20).enumerated() {
            var columns: [Int: Column] = [:]
            for (i, cell) in row.enumerated() {
                guard let c = column(cell), !columns.values.contains(c) else { continue }
                columns[i] = c
            }
            let options = columns.values.filter { if case .option = $0 { return true } else { return false } }.count
            if columns.values.contains(.text), options >= 2 { return (r, columns) }
        }
        return nil
    }

    /// Whether `rows` look like a bank table (a header with a question column and options).
    public static func isBank(_ rows: [[String]]) -> Bool { header(rows) != nil }

    public static func parse(_ rows: [[String]]) -> (questions: [ContestQuestion], problems: [QuestionBankText.Problem]) {
        guard let (headerRow, columns) = header(rows) else {
            return ([], [.init(question: nil, message: "Không tìm thấy hàng tiêu đề của bảng câu hỏi (cần các cột \"Câu hỏi\", \"A\", \"B\" … và \"Đáp án\").")])
        }
        var questions: [ContestQuestion] = []
        var problems: [QuestionBankText.Problem] = []
        var seen = Set<Int>()
        var lastNumber = 0
        for row in rows.dropFirst(headerRow + 1) {
            var cells: [Column: String] = [:]
            for (i, column) in columns where i < row.count {
                cells[column] = VietnameseText.clean(row[i].replacingOccurrences(of: "\n", with: " "))
            }
            let optionTexts = (0..<letters.count).map { cells[.option($0)] ?? "" }
            // A row with no question and no options is a spacer or a group heading: its first cell may name a topic.
            if (cells[.text] ?? "").isEmpty && optionTexts.allSatisfy(\.isEmpty) { continue }
            let numberText = (cells[.number] ?? "").filter(\.isNumber)
            let number: Int
            if let n = Int(numberText.prefix(6)), n > 0 { number = n } else {
                let (next, overflow) = lastNumber.addingReportingOverflow(1)
                number = overflow ? lastNumber : next
            }
            lastNumber = number
            func problem(_ message: String) { problems.append(.init(question: number, message: message)) }
            var ok = true
            guard seen.insert(number).inserted else { problem("số câu bị trùng (đã có một Câu \(number) ở trên)"); continue }
            let text = cells[.text] ?? ""
            if text.isEmpty { problem("chưa có nội dung câu hỏi"); ok = false }
            if text.count > QuestionBankText.maxTextLength { problem("nội dung dài quá \(QuestionBankText.maxTextLength) ký tự"); ok = false }
            // Options are the filled cells from A on; a gap ("A, B, _, D") is a mistake, not the end.
            let lastFilled = optionTexts.lastIndex { !$0.isEmpty } ?? -1
            let options = Array(optionTexts.prefix(lastFilled + 1))
            if options.count < 2 { problem("cần ít nhất hai phương án A, B"); ok = false }
            if options.contains(where: \.isEmpty) { problem("có phương án để trống giữa các phương án"); ok = false }
            if options.contains(where: { $0.count > QuestionBankText.maxOptionLength }) {
                problem("có phương án dài quá \(QuestionBankText.maxOptionLength) ký tự"); ok = false
            }
            let answerText = cells[.answer] ?? ""
            var correct = QuestionBankText.answer("Đáp án: " + answerText) ?? []
            if correct.isEmpty, !answerText.isEmpty {
                // The right option written out rather than its letter.
                let key = VietnameseText.fold(answerText).lowercased()
                correct = options.indices.filter { VietnameseText.fold(options[$0]).lowercased() == key }
            }
            if correct.isEmpty { problem(answerText.isEmpty ? "chưa có đáp án" : "đáp án \"\(answerText.prefix(40))\" không phải chữ cái của phương án"); ok = false }
            if let bad = correct.first(where: { $0 >= options.count }) {
                problem("đáp án \(String(letters[bad])) không có trong các phương án"); ok = false
            }
            var difficulty: ContestQuestion.Difficulty?
            if let d = cells[.difficulty], !d.isEmpty {
                switch QuestionBankText.difficulty("Mức độ: " + d) {
                case .some(.some(let level)): difficulty = level
                default: problem("mức độ \"\(d.prefix(40))\" không rõ (dễ, trung bình hoặc khó)"); ok = false
                }
            }
            var audience: ContestQuestion.Audience?
            if let a = cells[.audience], !a.isEmpty {
                switch ContestQuestion.Audience.read(a) {
                case .some(let value): audience = value
                case .none: problem("đối tượng \"\(a.prefix(40))\" không rõ (CBCCVC, người dân hoặc tất cả)"); ok = false
                }
            }
            guard ok else { continue }
            questions.append(ContestQuestion(number: number, text: text, options: options, correct: correct.sorted(),
                                             topic: cells[.topic].flatMap { $0.isEmpty ? nil : $0 }, difficulty: difficulty,
                                             explanation: cells[.explanation].flatMap { $0.isEmpty ? nil : $0 }, audience: audience))
            if questions.count > QuestionBankText.maxQuestions { break }
        }
        if questions.count > QuestionBankText.maxQuestions {
            problems.append(.init(question: nil, message: "Ngân hàng có hơn \(QuestionBankText.maxQuestions) câu; hãy chia thành nhiều tệp."))
        }
        if questions.isEmpty && problems.isEmpty { problems.append(.init(question: nil, message: "Bảng câu hỏi không có hàng nào dưới tiêu đề.")) }
        return (Array(questions.prefix(QuestionBankText.maxQuestions)), problems)
    }
}

/// A bank read from a file's paragraphs and tables: the tables with a bank header by `QuestionBankTable`, everything
/// else as lines of text by `QuestionBankText` (a Word file typed "Câu 1. …", or a table without a header whose cells
/// hold such lines).
public enum QuestionBankFile {
    /// What the child process answers for a bank file.
    public struct Read: Codable, Sendable {
        public var questions: [ContestQuestion]
        public var problems: [QuestionBankText.Problem]

        public init(questions: [ContestQuestion], problems: [QuestionBankText.Problem]) {
            self.questions = questions
            self.problems = problems
        }
    }

    /// The formats a bank is read from: Word (and what LibreOffice turns into Word), Excel, text, HTML and PDF.
    public static let supportedExtensions = PlanImporter.supportedExtensions + ["xlsx"]

    /// Reads the bank file at `path` (in the sandbox's child: this starts outside tools for .doc, .odt and PDF).
    public static func readFile(at path: String, maxBytes: Int) throws -> Read {
        let ext = (path as NSString).pathExtension.lowercased()
        guard supportedExtensions.contains(ext) else { throw PlanImportError.unsupportedFormat(ext) }
        let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber)?.intValue ?? 0
        guard size <= maxBytes else { throw PlanImportError.tooLarge(bytes: size, limit: maxBytes) }
        let blocks: [DocBlock]
        if ext == "xlsx" {
            guard let data = FileManager.default.contents(atPath: path) else { throw PlanImportError.unreadable("không đọc được tệp.") }
            blocks = [.table(try XlsxReader.rows(from: data))]
        } else {
            blocks = try PlanImporter(maxBytes: maxBytes).blocks(atPath: path)
        }
        let (questions, problems) = read(blocks)
        return Read(questions: questions, problems: problems)
    }

    public static func read(_ blocks: [DocBlock]) -> (questions: [ContestQuestion], problems: [QuestionBankText.Problem]) {
        var lines: [String] = []
        var tables: [[[String]]] = []
        for block in blocks {
            switch block {
            case .paragraph(let text): lines.append(text)
            case .table(let rows):
                if QuestionBankTable.isBank(rows) { tables.append(rows) }
                else { lines += rows.flatMap { $0.flatMap { $0.split(separator: "\n").map(String.init) } } }
            }
        }
        var questions: [ContestQuestion] = []
        var problems: [QuestionBankText.Problem] = []
        for rows in tables {
            let read = QuestionBankTable.parse(rows)
            questions += read.questions
            problems += read.problems
        }
        let text = lines.joined(separator: "\n")
        if !text.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty || tables.isEmpty {
            let read = QuestionBankText.parse(text)
            // A file that is all tables has paragraphs only as titles: "no question found" there is not a problem.
            if !(tables.count > 0 && read.questions.isEmpty) {
                questions += read.questions
                problems += read.problems
            }
        }
        var seen = Set<Int>()
        for q in questions where !seen.insert(q.number).inserted {
            problems.append(.init(question: q.number, message: "số câu bị trùng giữa các bảng hoặc phần của tệp"))
        }
        return (questions, problems)
    }
}
