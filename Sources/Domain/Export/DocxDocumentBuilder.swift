import Foundation

extension DocxWriter {
    /// Builds `word/document.xml` for a plan.
    struct DocumentBuilder {
        let plan: Plan
        var body = ""

        init(plan: Plan) { self.plan = plan }

        struct Run {
            var text: String
            var bold = false
            var italic = false
            var size: Double? = nil // points; nil = the 14 pt default
        }

        enum Align: String { case left, center, right, both }

        // MARK: Document

        func xml() -> String {
            var b = self
            b.header()
            b.title()
            b.preamble()
            b.sections()
            b.closing()
            if !plan.tasks.isEmpty {
                // The body's section ends in the last paragraph; the appendix is its own landscape section.
                b.body += "<w:p><w:pPr>\(DocxWriter.sectionProperties(landscape: false))</w:pPr></w:p>"
                b.appendix()
                b.body += DocxWriter.sectionProperties(landscape: true)
            } else {
                b.body += DocxWriter.sectionProperties(landscape: false)
            }
            return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>\(b.body)</w:body></w:document>
            """
        }

        // MARK: Building blocks

        static func run(_ r: Run) -> String {
            var props = ""
            if r.bold { props += "<w:b/><w:bCs/>" }
            if r.italic { props += "<w:i/><w:iCs/>" }
            if let size = r.size {
                let half = Int((size * 2).rounded())
                props += "<w:sz w:val=\"\(half)\"/><w:szCs w:val=\"\(half)\"/>"
            }
            let rPr = props.isEmpty ? "" : "<w:rPr>\(props)</w:rPr>"
            return "<w:r>\(rPr)<w:t xml:space=\"preserve\">\(XML.escape(r.text))</w:t></w:r>"
        }

        /// A paragraph; `firstLine` indents the first line (in millimetres), `after` is the space after (points).
        static func paragraph(_ runs: [Run], align: Align = .both, firstLine: Double = 0, after: Double = 6, keepNext: Bool = false) -> String {
            var pPr = keepNext ? "<w:keepNext/>" : ""
            pPr += "<w:spacing w:before=\"0\" w:after=\"\(Int(after * 20))\"/>"
            if firstLine > 0 { pPr += "<w:ind w:firstLine=\"\(DocxWriter.twips(firstLine))\"/>" }
            pPr += "<w:jc w:val=\"\(align.rawValue)\"/>"
            return "<w:p><w:pPr>\(pPr)</w:pPr>\(runs.map(run).joined())</w:p>"
        }

        static func paragraph(_ text: String, bold: Bool = false, italic: Bool = false, size: Double? = nil, align: Align = .both,
                              firstLine: Double = 0, after: Double = 6, keepNext: Bool = false) -> String {
            paragraph([Run(text: text, bold: bold, italic: italic, size: size)], align: align, firstLine: firstLine, after: after, keepNext: keepNext)
        }

        /// A table cell holding paragraphs.
        static func cell(_ paragraphs: [String], width: Int, header: Bool = false) -> String {
            let content = paragraphs.isEmpty ? paragraph("", after: 0) : paragraphs.joined()
            let shade = header ? "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"F2F2F2\"/>" : ""
            return "<w:tc><w:tcPr><w:tcW w:w=\"\(width)\" w:type=\"dxa\"/>\(shade)<w:vAlign w:val=\"\(header ? "center" : "top")\"/></w:tcPr>\(content)</w:tc>"
        }

        static func table(widths: [Int], borders: Bool, headerRows: Int = 0, rows: [[String]]) -> String {
            let border = borders
                ? "<w:tblBorders><w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/><w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/><w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/><w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/><w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/><w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"000000\"/></w:tblBorders>"
                : "<w:tblBorders><w:top w:val=\"nil\"/><w:left w:val=\"nil\"/><w:bottom w:val=\"nil\"/><w:right w:val=\"nil\"/><w:insideH w:val=\"nil\"/><w:insideV w:val=\"nil\"/></w:tblBorders>"
            let grid = widths.map { "<w:gridCol w:w=\"\($0)\"/>" }.joined()
            var xml = "<w:tbl><w:tblPr><w:tblW w:w=\"\(widths.reduce(0, +))\" w:type=\"dxa\"/><w:jc w:val=\"center\"/>\(border)<w:tblLayout w:type=\"fixed\"/></w:tblPr><w:tblGrid>\(grid)</w:tblGrid>"
            for (index, cells) in rows.enumerated() {
                let isHeader = index < headerRows
                let trPr = isHeader ? "<w:trPr><w:tblHeader/><w:cantSplit/></w:trPr>" : "<w:trPr><w:cantSplit/></w:trPr>"
                xml += "<w:tr>\(trPr)\(cells.joined())</w:tr>"
            }
            return xml + "</w:tbl>"
        }

        // MARK: Header: issuing body, national motto, number, place and date

        /// "Ủy ban nhân dân huyện Châu Thành" → ["ỦY BAN NHÂN DÂN", "HUYỆN CHÂU THÀNH"].
        static func issuerLines(_ issuer: String?) -> [String] {
            guard let issuer, !issuer.isEmpty else { return [] }
            let upper = issuer.uppercased()
            let committee = "ỦY BAN NHÂN DÂN"
            if upper.hasPrefix(committee + " ") {
                return [committee, upper.dropFirst(committee.count).trimmed()]
            }
            // An agency of a locality: its committee above it ("UBND TỈNH SÓC TRĂNG" / "SỞ NỘI VỤ").
            let folded = VietnameseText.fold(issuer)
            for level in [" tinh ", " huyen ", " thi xa ", " thanh pho ", " xa ", " phuong ", " thi tran "] {
                if let r = folded.range(of: level) {
                    let split = folded.distance(from: folded.startIndex, to: r.lowerBound)
                    guard folded.count == issuer.count, split > 0 else { break }
                    let agency = String(issuer.prefix(split)).uppercased()
                    let locality = String(issuer.dropFirst(split + 1)).uppercased()
                    return ["UBND " + locality, agency]
                }
            }
            return [upper]
        }

        static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

        /// "Châu Thành, ngày 14 tháng 02 năm 2025"; a blank date keeps the spaces to be filled in by hand.
        static func placeDate(_ plan: Plan) -> String {
            let place = plan.place ?? "……………"
            if let d = plan.issuedOn {
                return "\(place), ngày \(twoDigits(d.day)) tháng \(twoDigits(d.month)) năm \(d.year)"
            }
            return "\(place), ngày      tháng      năm \(plan.year.map(String.init) ?? "20…")"
        }

        static func numberLine(_ plan: Plan) -> String {
            plan.number.map { "Số: \($0)" } ?? "Số:        /KH-UBND"
        }

        mutating func header() {
            if plan.draft {
                body += Self.paragraph("DỰ THẢO", bold: true, size: 13, align: .right, after: 6)
            }
            let width = DocxWriter.textWidth(landscape: false)
            let left = width * 2 / 5, right = width - left
            var leftCell = Self.issuerLines(plan.issuer).map { Self.paragraph($0, bold: true, size: 13, align: .center, after: 0) }
            leftCell.append(Self.paragraph("―――――", size: 13, align: .center, after: 6))
            leftCell.append(Self.paragraph(Self.numberLine(plan), size: 13, align: .center, after: 0))
            let rightCell = [
                Self.paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold: true, size: 12.5, align: .center, after: 0),
                Self.paragraph("Độc lập - Tự do - Hạnh phúc", bold: true, size: 13.5, align: .center, after: 0),
                Self.paragraph("―――――――――――", size: 13, align: .center, after: 6),
                Self.paragraph(Self.placeDate(plan), italic: true, align: .center, after: 0),
            ]
            body += Self.table(widths: [left, right], borders: false,
                               rows: [[Self.cell(leftCell, width: left), Self.cell(rightCell, width: right)]])
        }

        // MARK: Title and preamble

        mutating func title() {
            body += Self.paragraph("", after: 6)
            body += Self.paragraph("KẾ HOẠCH", bold: true, align: .center, after: 0, keepNext: true)
            body += Self.paragraph(plan.title ?? "", bold: true, align: .center, after: 0, keepNext: true)
            body += Self.paragraph("―――――――――", align: .center, after: 12)
        }

        mutating func preamble() {
            for basis in plan.legalBases {
                body += Self.paragraph("Căn cứ \(basis.text);", firstLine: 10)
            }
            let year = plan.year.map { " năm \($0)" } ?? ""
            let who = plan.issuer ?? "Cơ quan"
            let opening = plan.legalBases.isEmpty ? "Thực hiện nhiệm vụ cải cách hành chính\(year), " + who : who
            body += Self.paragraph("\(opening) ban hành Kế hoạch tuyên truyền cải cách hành chính\(year) với các nội dung như sau:", firstLine: 10)
        }

        // MARK: Sections

        mutating func sections() {
            var romans = PlanParser.romans.makeIterator()
            func heading(_ text: String) -> String {
                Self.paragraph("\(romans.next() ?? "")" + ". " + text, bold: true, firstLine: 10, keepNext: true)
            }
            func items(_ lines: [String]) -> String {
                lines.map { Self.paragraph("- \($0)", firstLine: 10) }.joined()
            }
            body += heading("MỤC ĐÍCH, YÊU CẦU")
            body += Self.paragraph("1. Mục tiêu", bold: true, firstLine: 10, keepNext: true)
            if plan.targets.isEmpty {
                body += Self.paragraph("- Nâng cao nhận thức của cán bộ, công chức, viên chức và người dân về cải cách hành chính.", firstLine: 10)
            } else {
                body += items(plan.targets.map { "Phấn đấu \($0.text)." })
            }
            if !plan.audiences.isEmpty {
                body += heading("ĐỐI TƯỢNG TUYÊN TRUYỀN")
                body += items(plan.audiences)
            }
            if !plan.topics.isEmpty {
                body += heading("NỘI DUNG TUYÊN TRUYỀN")
                body += items(plan.topics)
            }
            if !plan.forms.isEmpty {
                body += heading("HÌNH THỨC TUYÊN TRUYỀN")
                body += items(plan.forms)
            }
            if !plan.tasks.isEmpty {
                body += heading("NHIỆM VỤ CỤ THỂ")
                body += Self.paragraph("(Có Phụ lục kèm theo)", italic: true, firstLine: 10)
            }
            if let budget = plan.budget, !budget.isEmpty {
                body += heading("KINH PHÍ THỰC HIỆN")
                for line in budget.components(separatedBy: "\n") { body += Self.paragraph(line, firstLine: 10) }
            }
            if !plan.responsibilities.isEmpty {
                body += heading("TỔ CHỨC THỰC HIỆN")
                for (index, r) in plan.responsibilities.enumerated() {
                    body += Self.paragraph("\(index + 1). \(r.unit)", bold: true, firstLine: 10, keepNext: true)
                    body += items(r.duties)
                }
            }
            let year = plan.year.map { " năm \($0)" } ?? ""
            let of = plan.issuer.map { " của \($0)" } ?? ""
            body += Self.paragraph("Trên đây là Kế hoạch tuyên truyền cải cách hành chính\(year)\(of).", firstLine: 10)
        }

        // MARK: Recipients and signature

        mutating func closing() {
            let width = DocxWriter.textWidth(landscape: false)
            let left = width / 2, right = width - left
            var leftCell = [Self.paragraph([Run(text: "Nơi nhận:", bold: true, italic: true, size: 12)], align: .left, after: 0)]
            for (index, r) in plan.recipients.enumerated() {
                let end = index == plan.recipients.count - 1 ? "." : ";"
                leftCell.append(Self.paragraph("- \(r)\(end)", size: 11, align: .left, after: 0))
            }
            var rightCell: [String] = []
            if let authority = plan.signer?.authority { rightCell.append(Self.paragraph(authority, bold: true, align: .center, after: 0)) }
            if let title = plan.signer?.title { rightCell.append(Self.paragraph(title, bold: true, align: .center, after: 0)) }
            for _ in 0..<4 { rightCell.append(Self.paragraph("", after: 0)) }
            if let name = plan.signer?.name { rightCell.append(Self.paragraph(name, bold: true, align: .center, after: 0)) }
            body += Self.paragraph("", after: 0)
            body += Self.table(widths: [left, right], borders: false,
                               rows: [[Self.cell(leftCell, width: left), Self.cell(rightCell, width: right)]])
        }

        // MARK: Appendix: the task table on a landscape page

        mutating func appendix() {
            let year = plan.year.map { " NĂM \($0)" } ?? ""
            let issuerUpper = plan.issuer.map { " " + $0.uppercased() } ?? ""
            body += Self.paragraph("PHỤ LỤC", bold: true, align: .center, after: 0, keepNext: true)
            body += Self.paragraph("NỘI DUNG TUYÊN TRUYỀN CẢI CÁCH HÀNH CHÍNH\(issuerUpper)\(year)", bold: true, align: .center, after: 0, keepNext: true)
            var reference = "(Kèm theo Kế hoạch số \(plan.number ?? "      /KH-UBND")"
            if let d = plan.issuedOn { reference += " ngày \(Self.twoDigits(d.day))/\(Self.twoDigits(d.month))/\(d.year)" }
            if let issuer = plan.issuer { reference += " của \(issuer)" }
            body += Self.paragraph(reference + ")", italic: true, align: .center, after: 12, keepNext: true)

            let hasProduct = plan.tasks.contains { $0.product != nil }
            let hasNotes = plan.tasks.contains { $0.notes != nil }
            var columns: [(String, Double)] = [("STT", 0.05), ("NỘI DUNG TUYÊN TRUYỀN", 0.33)]
            if hasProduct { columns.append(("SẢN PHẨM", 0.12)) }
            columns += [("THỜI GIAN THỰC HIỆN", 0.12), ("CƠ QUAN CHỦ TRÌ", 0.17), ("CƠ QUAN PHỐI HỢP", 0.21)]
            if hasNotes { columns.append(("GHI CHÚ", 0.08)) }
            let total = DocxWriter.textWidth(landscape: true)
            let share = columns.map(\.1).reduce(0, +)
            let widths = columns.map { Int(Double(total) * $0.1 / share) }

            func cellText(_ lines: [String], align: Align = .left) -> [String] {
                lines.map { Self.paragraph($0, size: 13, align: align, after: 0) }
            }
            var rows: [[String]] = [zip(columns, widths).map { column, width in
                Self.cell([Self.paragraph(column.0, bold: true, size: 13, align: .center, after: 0)], width: width, header: true)
            }]
            for task in plan.tasks {
                var cells = [Self.cell(cellText(["\(task.no)"], align: .center), width: widths[0]),
                             Self.cell(cellText(task.content.components(separatedBy: "\n"), align: .both), width: widths[1])]
                var k = 2
                if hasProduct { cells.append(Self.cell(cellText(task.product.map { $0.components(separatedBy: "\n") } ?? []), width: widths[k])); k += 1 }
                cells.append(Self.cell(cellText([task.timeframe.text], align: .center), width: widths[k])); k += 1
                cells.append(Self.cell(cellText(task.lead), width: widths[k])); k += 1
                cells.append(Self.cell(cellText(task.coordinating), width: widths[k])); k += 1
                if hasNotes { cells.append(Self.cell(cellText(task.notes.map { $0.components(separatedBy: "\n") } ?? []), width: widths[k])) }
                rows.append(cells)
            }
            body += Self.table(widths: widths, borders: true, headerRows: 1, rows: rows)
        }
    }
}

