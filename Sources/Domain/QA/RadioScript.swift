import Foundation

/// The month's radio column "Dân hỏi – Chính quyền trả lời": an introduction, the chosen questions and answers as the
/// presenters read them, and a closing, each part with its reading time at the station's speed (words a minute).
public struct RadioScript: Sendable, Equatable, Codable {
    public struct Item: Sendable, Equatable, Codable {
        public var code: String
        public var unit: String
        public var question: String
        public var answer: String

        public init(code: String, unit: String, question: String, answer: String) {
            self.code = code
            self.unit = unit
            self.question = question
            self.answer = answer
        }
    }

    public var station: String
    public var month: YearMonth
    public var intro: String
    public var items: [Item]
    public var outro: String
    public var wordsPerMinute: Int

    public init(station: String, month: YearMonth, intro: String, items: [Item], outro: String, wordsPerMinute: Int) {
        self.station = station
        self.month = month
        self.intro = intro
        self.items = items
        self.outro = outro
        self.wordsPerMinute = wordsPerMinute
    }

    /// Words as a presenter reads them: each run of letters or digits ("30/4" is two).
    public static func words(_ text: String) -> Int {
        text.split { !($0.isLetter || $0.isNumber) }.count
    }

    /// Seconds to read `text` aloud at `wordsPerMinute`, rounded up.
    public static func seconds(_ text: String, wordsPerMinute: Int) -> Int {
        let speed = max(1, wordsPerMinute)
        let w = words(text)
        return (w * 60 + speed - 1) / speed
    }

    public func seconds(_ text: String) -> Int { Self.seconds(text, wordsPerMinute: wordsPerMinute) }

    public var totalSeconds: Int {
        seconds(intro) + seconds(outro) + items.reduce(0) { $0 + seconds($1.question) + seconds($1.answer) }
    }

    /// "3 phút 05 giây".
    public static func duration(_ seconds: Int) -> String {
        let s = max(0, seconds)
        return "\(s / 60) phút " + (s % 60 < 10 ? "0" : "") + "\(s % 60) giây"
    }

    public static func defaultIntro(month: YearMonth, station: String) -> String {
        "Kính thưa quý thính giả! Chuyên mục “Dân hỏi – Chính quyền trả lời” tháng \(month.month)/\(month.year) của \(station) "
            + "xin gửi đến quý vị câu trả lời của các cơ quan có thẩm quyền cho những câu hỏi về cải cách hành chính mà người dân quan tâm."
    }

    public static let defaultOutro = "Chuyên mục “Dân hỏi – Chính quyền trả lời” đến đây là kết thúc. Mọi câu hỏi xin gửi về trang hỏi đáp "
        + "của tỉnh hoặc bộ phận một cửa các cấp. Xin chào và hẹn gặp lại quý thính giả trong chuyên mục tháng sau."
}

/// The script as a Word document in the station's layout: the station and the programme, then a table of parts
/// (signature tune, introduction, each question and answer, closing) with who reads and how long.
public enum RadioScriptWriter {
    typealias B = DocxWriter.DocumentBuilder

    public static func data(for script: RadioScript) throws -> Data {
        try DocxWriter.package(document: xml(script), title: "Kịch bản chuyên mục Dân hỏi – Chính quyền trả lời tháng \(script.month.month)/\(script.month.year)",
                               creator: script.station)
    }

    static func xml(_ s: RadioScript) -> String {
        let width = DocxWriter.textWidth(landscape: false)
        var body = B.paragraph(s.station.uppercased(), bold: true, size: 13, align: .center, after: 0)
        body += B.paragraph("―――――――――", align: .center, after: 12)
        body += B.paragraph("KỊCH BẢN CHUYÊN MỤC", bold: true, align: .center, after: 0, keepNext: true)
        body += B.paragraph("“DÂN HỎI – CHÍNH QUYỀN TRẢ LỜI”", bold: true, align: .center, after: 0, keepNext: true)
        body += B.paragraph("Số phát sóng tháng \(B.twoDigits(s.month.month))/\(s.month.year) · Thời lượng dự kiến: \(RadioScript.duration(s.totalSeconds)) "
                            + "(tốc độ đọc \(s.wordsPerMinute) từ/phút)", italic: true, align: .center, after: 12)
        let widths = [0.22, 0.62, 0.16].map { Int(Double(width) * $0) }
        var rows = [zip(["Phần", "Nội dung", "Thời lượng"], widths).map {
            B.cell([B.paragraph($0, bold: true, size: 12, align: .center, after: 0)], width: $1, header: true)
        }]
        func row(_ part: String, _ text: String, seconds: Int?) {
            let paragraphs = text.split(separator: "\n").map { B.paragraph(String($0), size: 13, after: 3) }
            rows.append([B.cell([B.paragraph(part, bold: true, size: 12, align: .left, after: 0)], width: widths[0]),
                         B.cell(paragraphs.isEmpty ? [B.paragraph("", after: 0)] : paragraphs, width: widths[1]),
                         B.cell([B.paragraph(seconds.map { RadioScript.duration($0) } ?? "", size: 12, align: .center, after: 0)], width: widths[2])])
        }
        row("Nhạc hiệu", "Nhạc hiệu chuyên mục", seconds: nil)
        row("Người dẫn (mở đầu)", s.intro, seconds: s.seconds(s.intro))
        for (i, item) in s.items.enumerated() {
            row("Câu hỏi \(i + 1) (\(item.code))", item.question, seconds: s.seconds(item.question))
            row("Trả lời — \(item.unit)", item.answer, seconds: s.seconds(item.answer))
        }
        row("Người dẫn (kết thúc)", s.outro, seconds: s.seconds(s.outro))
        row("Nhạc hiệu", "Nhạc kết chuyên mục", seconds: nil)
        body += B.table(widths: widths, borders: true, headerRows: 1, rows: rows)
        body += B.paragraph("", after: 12)
        body += B.paragraph("Tổng thời lượng đọc: \(RadioScript.duration(s.totalSeconds)).", italic: true, after: 6)
        body += DocxWriter.sectionProperties(landscape: false)
        return """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>\(body)</w:body></w:document>
        """
    }
}
