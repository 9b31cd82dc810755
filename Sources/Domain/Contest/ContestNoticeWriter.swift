import Foundation

/// The announcement of a contest round's results ("Thông báo kết quả"), in Decree 30's layout: the organiser and the
/// national motto, "Số: …/TB-…", the title and the round, the figures of the round, each audience's winners in a
/// table (rank, name, unit, score, time), then "Nơi nhận" and the signature block.
public struct ContestNotice: Sendable {
    public struct Winner: Sendable {
        public let rank: Int
        public let name: String
        public let unit: String
        public let score: String
        public let duration: String

        public init(rank: Int, name: String, unit: String, score: String, duration: String) {
            self.rank = rank
            self.name = name
            self.unit = unit
            self.score = score
            self.duration = duration
        }
    }

    public struct Group: Sendable {
        /// "Cán bộ, công chức, viên chức", "Người dân"; nil for a round with one ranking.
        public let audience: String?
        public let entries: Int
        public let winners: [Winner]

        public init(audience: String?, entries: Int, winners: [Winner]) {
            self.audience = audience
            self.entries = entries
            self.winners = winners
        }
    }

    public var issuerLines: [String]
    public var organiser: String
    public var contestTitle: String
    public var round: Int
    public var window: String
    public var published: String
    public var allCorrect: Int?
    public var groups: [Group]
    public var place: String?
    public var date: CalendarDate
    /// The winners table's column titles: a quiz's by default; a creative round names the unit, the entry and the mean.
    public var header = ["Hạng", "Họ và tên", "Đơn vị", "Số câu đúng", "Thời gian"]

    public init(issuerLines: [String], organiser: String, contestTitle: String, round: Int, window: String, published: String,
                allCorrect: Int?, groups: [Group], place: String?, date: CalendarDate) {
        self.issuerLines = issuerLines
        self.organiser = organiser
        self.contestTitle = contestTitle
        self.round = round
        self.window = window
        self.published = published
        self.allCorrect = allCorrect
        self.groups = groups
        self.place = place
        self.date = date
    }
}

public enum ContestNoticeWriter {
    typealias B = DocxWriter.DocumentBuilder

    public static func data(for notice: ContestNotice) throws -> Data {
        try DocxWriter.package(document: xml(notice), title: "Thông báo kết quả vòng \(notice.round) " + notice.contestTitle, creator: notice.organiser)
    }

    static func xml(_ n: ContestNotice) -> String {
        let width = DocxWriter.textWidth(landscape: false)
        var body = ReportDocxWriter.header(issuerLines: n.issuerLines, number: "Số:      /TB-BTC",
                                           placeDate: "\(n.place ?? "……………"), ngày \(B.twoDigits(n.date.day)) tháng \(B.twoDigits(n.date.month)) năm \(n.date.year)",
                                           width: width)
        body += B.paragraph("", after: 6)
        body += B.paragraph("THÔNG BÁO", bold: true, align: .center, after: 0, keepNext: true)
        body += B.paragraph("Kết quả vòng \(n.round) \(n.contestTitle)", bold: true, align: .center, after: 0, keepNext: true)
        body += B.paragraph("―――――――――", align: .center, after: 12)
        let total = n.groups.reduce(0) { $0.addingReportingOverflow($1.entries).partialValue }
        body += B.paragraph("Vòng \(n.round) của cuộc thi diễn ra từ \(n.window). Ban Tổ chức thông báo kết quả (\(n.published)) như sau:", firstLine: 10)
        body += B.paragraph("1. Số bài dự thi: \(total)" + (n.allCorrect.map { "; số bài trả lời đúng tất cả các câu: \($0)" } ?? "") + ".", firstLine: 10)
        body += B.paragraph("2. Danh sách cá nhân đạt giải:", firstLine: 10, keepNext: true)
        let shares = [0.08, 0.3, 0.34, 0.12, 0.16]
        let widths = shares.map { Int(Double(width) * $0) }
        for group in n.groups {
            if let audience = group.audience {
                body += B.paragraph("- Đối tượng \(audience.lowercased()) (\(group.entries) bài dự thi):", italic: true, firstLine: 10, keepNext: true)
            }
            guard !group.winners.isEmpty else {
                body += B.paragraph("Không có bài dự thi đủ điều kiện đạt giải.", firstLine: 10)
                continue
            }
            var rows = [zip(n.header, widths).map {
                B.cell([B.paragraph($0, bold: true, size: 12, align: .center, after: 0)], width: $1, header: true)
            }]
            for w in group.winners {
                rows.append(zip([String(w.rank), w.name, w.unit, w.score, w.duration], widths).enumerated().map { i, pair in
                    B.cell([B.paragraph(pair.0, size: 12, align: i == 1 || i == 2 ? .left : .center, after: 0)], width: pair.1)
                })
            }
            body += B.table(widths: widths, borders: true, headerRows: 1, rows: rows)
            body += B.paragraph("", after: 6)
        }
        body += B.paragraph("Ban Tổ chức trân trọng cảm ơn các tập thể, cá nhân đã tham gia cuộc thi./.", firstLine: 10)
        body += ReportDocxWriter.signature(recipients: ["Các đơn vị, cá nhân đạt giải", "Lưu: VT"], authority: "TM. BAN TỔ CHỨC",
                                           title: "TRƯỞNG BAN", name: nil, width: width)
        body += DocxWriter.sectionProperties(landscape: false)
        return """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>\(body)</w:body></w:document>
        """
    }
}
