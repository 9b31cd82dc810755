import Foundation

/// A block's score table: one row a unit with its rank, the points of each top-level and second-level criterion,
/// computed, proposed, appraised and final points.
public struct ScoreTable: Sendable, Equatable, Codable {
    public struct Row: Sendable, Equatable, Codable {
        public var rank: Int
        public var unit: String
        /// Points by criterion code, in `ScoreTable.columns` order.
        public var criteria: [Decimal]
        public var computed: Decimal
        public var proposed: Decimal?
        public var appraised: Decimal?
        public var final: Decimal
        public var note: String
        public init(rank: Int, unit: String, criteria: [Decimal], computed: Decimal, proposed: Decimal?, appraised: Decimal?, final: Decimal, note: String) {
            self.rank = rank; self.unit = unit; self.criteria = criteria; self.computed = computed
            self.proposed = proposed; self.appraised = appraised; self.final = final; self.note = note
        }
    }

    public var issuer: String
    public var issuerAbove: String?
    public var title: String
    public var year: Int
    public var block: String
    /// (code, name, max) of the criteria shown as columns.
    public var columns: [Column]
    public var maxPoints: Decimal
    public var rows: [Row]
    public var approved: String?
    public var place: String

    public struct Column: Sendable, Equatable, Codable {
        public var code: String
        public var name: String
        public var maxPoints: Decimal
        public init(code: String, name: String, maxPoints: Decimal) { self.code = code; self.name = name; self.maxPoints = maxPoints }
    }

    public init(issuer: String, issuerAbove: String?, title: String, year: Int, block: String, columns: [Column], maxPoints: Decimal, rows: [Row],
                approved: String?, place: String) {
        self.issuer = issuer; self.issuerAbove = issuerAbove; self.title = title; self.year = year; self.block = block
        self.columns = columns; self.maxPoints = maxPoints; self.rows = rows; self.approved = approved; self.place = place
    }

    /// The columns of a rule: its top-level criteria and their children.
    public static func columns(of rule: ScoringRule) -> [Column] {
        rule.criteria.flatMap { c in
            c.children.isEmpty ? [Column(code: c.code, name: c.name, maxPoints: c.maxPoints)]
                : c.children.map { Column(code: $0.code, name: $0.name, maxPoints: $0.maxPoints) }
        }
    }

    /// The points of `card` in the `columns` order.
    public static func points(_ card: UnitScoreCard, columns: [Column]) -> [Decimal] {
        func find(_ code: String, in list: [CriterionScore]) -> Decimal? {
            for c in list { if c.code == code { return c.points }; if let p = find(code, in: c.children) { return p } }
            return nil
        }
        return columns.map { find($0.code, in: card.criteria) ?? 0 }
    }

    var header: [String] {
        ["Hạng", "Đơn vị"] + columns.map { "\($0.code). \($0.name) (tối đa \(ScorePoints.text($0.maxPoints)))" }
            + ["Hệ thống tính", "Tự đánh giá", "Thẩm định", "Điểm cuối cùng (tối đa \(ScorePoints.text(maxPoints)))", "Ghi chú"]
    }

    var cells: [[String]] {
        rows.map { r in
            ["\(r.rank)", r.unit] + r.criteria.map(ScorePoints.text)
                + [ScorePoints.text(r.computed), r.proposed.map(ScorePoints.text) ?? "", r.appraised.map(ScorePoints.text) ?? "", ScorePoints.text(r.final), r.note]
        }
    }
}

public enum ScoreTableWriter {
    public static func xlsx(_ t: ScoreTable) throws -> Data {
        let n = t.columns.count
        return try XlsxWriter.data(sheets: [.init(name: "Bảng điểm \(t.year)", header: t.header, rows: t.cells,
                                                  widths: [6, 40] + Array(repeating: 14, count: n) + [12, 12, 12, 14, 40],
                                                  numericColumns: Set([0] + (2..<(2 + n + 4)).map { $0 }))])
    }

    typealias B = DocxWriter.DocumentBuilder

    /// The table as an annex in the layout of Decree 30/2020/NĐ-CP: the issuer and the motto, "PHỤ LỤC", the title
    /// and the block, the table (landscape), then who approved.
    public static func docx(_ t: ScoreTable) throws -> Data {
        try DocxWriter.package(document: xml(t), title: "Phụ lục — \(t.title)", creator: t.issuer)
    }

    public static func xml(_ t: ScoreTable) -> String {
        let width = DocxWriter.textWidth(landscape: true)
        var body = ReportDocxWriter.header(issuerLines: ReportDocument.issuerLines(unit: t.issuer, above: t.issuerAbove), number: "",
                                           placeDate: t.place, width: width)
        body += B.paragraph("", after: 6)
        body += B.paragraph("PHỤ LỤC", bold: true, align: .center, after: 0, keepNext: true)
        body += B.paragraph(t.title.uppercased(), bold: true, align: .center, after: 0, keepNext: true)
        body += B.paragraph("Năm \(t.year) — \(t.block)", italic: true, align: .center, after: 12, keepNext: true)
        let header = t.header
        let fixed = [0.05, 0.22]
        let rest = (1 - fixed.reduce(0, +) - 0.14) / Double(max(1, header.count - 3))
        let fractions = fixed + Array(repeating: rest, count: header.count - 3) + [0.14]
        let widths = fractions.map { Int(Double(width) * $0) }
        var rows = [zip(header, widths).map { B.cell([B.paragraph($0, bold: true, size: 10, align: .center, after: 0)], width: $1, header: true) }]
        for r in t.cells {
            rows.append(zip(r, widths).enumerated().map { i, pair in
                B.cell([B.paragraph(pair.0, size: 11, align: i == 1 || i == r.count - 1 ? .left : .center, after: 0)], width: pair.1)
            })
        }
        body += B.table(widths: widths, borders: true, headerRows: 1, rows: rows)
        body += B.paragraph("", after: 6)
        body += B.paragraph(t.approved ?? "Bảng điểm chưa được phê duyệt (bản dự thảo).", italic: true, after: 6)
        body += DocxWriter.sectionProperties(landscape: true)
        return """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>\(body)</w:body></w:document>
        """
    }
}
