import Foundation

/// What a report document says besides its figures: who issues it, its number, place and date, the narrative the
/// unit wrote, the recipients and the signer.
public struct ReportDocument: Sendable {
    /// The header block's lines ("UBND HUYỆN CHÂU THÀNH", "PHÒNG NỘI VỤ"), upper case.
    public var issuerLines: [String]
    public var unitName: String
    /// "15/BC-UBND"; nil leaves "Số:      /BC-UBND" to be filled in by hand.
    public var number: String?
    public var place: String?
    public var date: CalendarDate?
    public var figures: ReportFigures
    public var results: String
    public var limitations: String
    public var proposals: String
    public var recipients: [String]
    public var signerAuthority: String?
    public var signerTitle: String?
    public var signerName: String?

    public init(issuerLines: [String], unitName: String, number: String?, place: String?, date: CalendarDate?, figures: ReportFigures,
                results: String, limitations: String, proposals: String, recipients: [String],
                signerAuthority: String? = nil, signerTitle: String? = nil, signerName: String? = nil) {
        self.issuerLines = issuerLines
        self.unitName = unitName
        self.number = number
        self.place = place
        self.date = date
        self.figures = figures
        self.results = results
        self.limitations = limitations
        self.proposals = proposals
        self.recipients = recipients
        self.signerAuthority = signerAuthority
        self.signerTitle = signerTitle
        self.signerName = signerName
    }

    /// "Kết quả thực hiện công tác tuyên truyền cải cách hành chính quý I năm 2025".
    public var title: String {
        "Kết quả thực hiện công tác tuyên truyền cải cách hành chính " + figures.window.period.phrase(year: figures.window.year)
    }

    /// The header lines of a unit: a people's committee names itself on two lines; an office or department is
    /// written under the committee it belongs to ("UBND HUYỆN CHÂU THÀNH" / "PHÒNG NỘI VỤ").
    public static func issuerLines(unit: String, above: String?) -> [String] {
        let own = DocxWriter.DocumentBuilder.issuerLines(unit)
        if own.count > 1 || above == nil { return own }
        let parent = DocxWriter.DocumentBuilder.issuerLines(above)
        let short = parent.count == 2 && parent[0] == "ỦY BAN NHÂN DÂN" ? "UBND " + parent[1] : parent.joined(separator: " ")
        return [short, unit.uppercased()]
    }
}

/// Writes a periodic report as a Word document in the layout of Decree 30/2020/NĐ-CP: the issuer and the national
/// motto side by side, "Số: …/BC-…" and the italic place-date line, the bold title "BÁO CÁO" and its subject, the
/// numbered parts (results with their tables, limitations and causes, proposals), the children's table of a
/// consolidated report, then "Nơi nhận" beside the signature block. Figures come from `ReportFigures` only.
public enum ReportDocxWriter {
    public static func data(for report: ReportDocument) throws -> Data {
        try DocxWriter.package(document: xml(report), title: "Báo cáo " + report.title, creator: report.unitName)
    }

    typealias B = DocxWriter.DocumentBuilder

    /// Decree 30's header: the issuer (with "Số: …") on the left, the national motto and the italic place-date line on
    /// the right, without borders.
    static func header(issuerLines: [String], number: String, placeDate: String, width: Int) -> String {
        let left = width * 2 / 5, right = width - left
        var leftCell = issuerLines.map { B.paragraph($0, bold: true, size: 13, align: .center, after: 0) }
        leftCell.append(B.paragraph("―――――", size: 13, align: .center, after: 6))
        leftCell.append(B.paragraph(number, size: 13, align: .center, after: 0))
        let rightCell = [
            B.paragraph("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold: true, size: 12.5, align: .center, after: 0),
            B.paragraph("Độc lập - Tự do - Hạnh phúc", bold: true, size: 13.5, align: .center, after: 0),
            B.paragraph("―――――――――――", size: 13, align: .center, after: 6),
            B.paragraph(placeDate, italic: true, align: .center, after: 0),
        ]
        return B.table(widths: [left, right], borders: false, rows: [[B.cell(leftCell, width: left), B.cell(rightCell, width: right)]])
    }

    /// "Nơi nhận" on the left, the signature block on the right.
    static func signature(recipients names: [String], authority: String?, title: String?, name: String?, width: Int) -> String {
        let half = width / 2
        var recipients = [B.paragraph([B.Run(text: "Nơi nhận:", bold: true, italic: true, size: 12)], align: .left, after: 0)]
        for (i, name) in names.enumerated() {
            recipients.append(B.paragraph("- \(name)\(i == names.count - 1 ? "." : ";")", size: 11, align: .left, after: 0))
        }
        var signature: [String] = []
        if let authority { signature.append(B.paragraph(authority.uppercased(), bold: true, align: .center, after: 0)) }
        signature.append(B.paragraph((title ?? "THỦ TRƯỞNG ĐƠN VỊ").uppercased(), bold: true, align: .center, after: 0))
        for _ in 0..<4 { signature.append(B.paragraph("", after: 0)) }
        if let name { signature.append(B.paragraph(name, bold: true, align: .center, after: 0)) }
        return B.paragraph("", after: 0) + B.table(widths: [half, width - half], borders: false,
                                                   rows: [[B.cell(recipients, width: half), B.cell(signature, width: width - half)]])
    }

    static func xml(_ r: ReportDocument) -> String {
        let f = r.figures
        var body = ""
        let width = DocxWriter.textWidth(landscape: false)
        // Header.
        let date = r.date.map { "ngày \(B.twoDigits($0.day)) tháng \(B.twoDigits($0.month)) năm \($0.year)" } ?? "ngày      tháng      năm \(f.window.year)"
        body += header(issuerLines: r.issuerLines, number: "Số: " + (r.number ?? "      /BC-UBND"), placeDate: "\(r.place ?? "……………"), \(date)", width: width)
        // Title.
        body += B.paragraph("", after: 6)
        body += B.paragraph("BÁO CÁO", bold: true, align: .center, after: 0, keepNext: true)
        body += B.paragraph(r.title, bold: true, align: .center, after: 0, keepNext: true)
        body += B.paragraph("―――――――――", align: .center, after: 12)
        let basis = f.plans.isEmpty ? "Thực hiện nhiệm vụ cải cách hành chính năm \(f.window.year)"
            : "Thực hiện " + f.plans.map(\.citation).joined(separator: "; ")
        body += B.paragraph("\(basis), \(r.unitName) báo cáo kết quả thực hiện công tác tuyên truyền cải cách hành chính "
                            + "\(f.window.period.phrase(year: f.window.year)) (số liệu từ ngày \(f.window.from.display) đến ngày \(f.window.to.display)) như sau:",
                            firstLine: 10)

        func heading(_ text: String) { body += B.paragraph(text, bold: true, firstLine: 10, keepNext: true) }
        func text(_ value: String) {
            for line in value.components(separatedBy: "\n") where !line.trimmingCharacters(in: .whitespaces).isEmpty {
                body += B.paragraph(line.trimmingCharacters(in: .whitespaces), firstLine: 10)
            }
        }
        func grid(_ header: [String], _ rows: [[String]], shares: [Double]) {
            let total = shares.reduce(0, +)
            let widths = shares.map { Int(Double(width) * $0 / total) }
            var cells = [zip(header, widths).map { B.cell([B.paragraph($0, bold: true, size: 12, align: .center, after: 0)], width: $1, header: true) }]
            for row in rows {
                cells.append(zip(row, widths).enumerated().map { i, pair in
                    B.cell([B.paragraph(pair.0, size: 12, align: i == 1 ? .left : .center, after: 0)], width: pair.1)
                })
            }
            body += B.table(widths: widths, borders: true, headerRows: 1, rows: cells)
            body += B.paragraph("", after: 6)
        }

        heading("I. KẾT QUẢ THỰC HIỆN")
        heading("1. Công tác chỉ đạo, triển khai")
        if f.plans.isEmpty {
            body += B.paragraph("Trong kỳ, đơn vị chưa có kế hoạch tuyên truyền cải cách hành chính được ban hành trên hệ thống.", firstLine: 10)
        } else {
            for plan in f.plans { body += B.paragraph("- \(plan.citation): \(plan.title).", firstLine: 10) }
        }
        heading("2. Kết quả thực hiện nhiệm vụ")
        let w = f.work
        body += B.paragraph("Trong kỳ có \(w.assigned) nhiệm vụ đến hạn; đã hoàn thành \(w.done) (đúng hạn \(w.doneOnTime), trễ hạn \(w.doneLate)); "
                            + "quá hạn chưa hoàn thành \(w.overdue); đang thực hiện \(w.open); hủy \(w.cancelled). Tỷ lệ hoàn thành \(w.percentDone)%.",
                            firstLine: 10)
        heading("3. Các hoạt động tuyên truyền")
        body += B.paragraph("Đã thực hiện \(f.activities) hoạt động tuyên truyền, tiếp cận \(f.reach) lượt người.", firstLine: 10)
        if !f.byKind.isEmpty {
            grid(["STT", "Hình thức", "Số lượng", "Lượt tiếp cận"],
                 f.byKind.enumerated().map { ["\($0.offset + 1)", $0.element.label, "\($0.element.count)", "\($0.element.reach)"] },
                 shares: [0.08, 0.52, 0.18, 0.22])
        }
        if !f.byChannel.isEmpty {
            grid(["STT", "Kênh", "Số lượng", "Lượt tiếp cận"],
                 f.byChannel.enumerated().map { ["\($0.offset + 1)", $0.element.label, "\($0.element.count)", "\($0.element.reach)"] },
                 shares: [0.08, 0.52, 0.18, 0.22])
        }
        var part = 4
        if !f.notable.isEmpty {
            heading("\(part). Một số hoạt động nổi bật")
            for item in f.notable {
                body += B.paragraph("- \(item.title) (\(item.kind), \(item.unit), ngày \(item.date.display); \(item.reach) lượt tiếp cận).", firstLine: 10)
            }
            part += 1
        }
        heading("\(part). Kinh phí thực hiện")
        body += B.paragraph("Kinh phí đã sử dụng trong kỳ: \(ReportFigures.money(f.cost)) đồng.", firstLine: 10)
        part += 1
        for section in f.sections {
            heading("\(part). \(section.title)")
            if section.rows.isEmpty {
                body += B.paragraph(section.note ?? "Không có số liệu trong kỳ.", firstLine: 10)
            } else {
                grid(section.header, section.rows, shares: section.header.enumerated().map { $0.offset == 1 ? 0.4 : 0.6 / Double(max(1, section.header.count - 1)) })
            }
            part += 1
        }
        if !f.children.isEmpty {
            heading("\(part). Kết quả của các đơn vị trực thuộc")
            var rows = f.children.enumerated().map { i, c in
                ["\(i + 1)", c.name, "\(c.work.assigned)", "\(c.work.done)", "\(c.work.overdue)", "\(c.activities)", "\(c.reach)", c.report]
            }
            let t = f.totalWork
            rows.append(["", "Tổng cộng (cả \(r.unitName))", "\(t.assigned)", "\(t.done)", "\(t.overdue)", "\(f.totalActivities)", "\(f.totalReach)", ""])
            grid(["STT", "Đơn vị", "Nhiệm vụ đến hạn", "Hoàn thành", "Quá hạn", "Hoạt động", "Lượt tiếp cận", "Báo cáo"], rows,
                 shares: [0.05, 0.27, 0.1, 0.1, 0.09, 0.1, 0.12, 0.17])
            part += 1
        }
        if !r.results.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            heading("\(part). Đánh giá chung")
            text(r.results)
        }
        heading("II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN")
        text(r.limitations.isEmpty ? "Không có." : r.limitations)
        heading("III. ĐỀ XUẤT, KIẾN NGHỊ")
        text(r.proposals.isEmpty ? "Không có." : r.proposals)
        body += B.paragraph("Trên đây là báo cáo kết quả thực hiện công tác tuyên truyền cải cách hành chính "
                            + "\(f.window.period.phrase(year: f.window.year)) của \(r.unitName)./.", firstLine: 10)
        // Recipients and signature.
        body += signature(recipients: r.recipients, authority: r.signerAuthority, title: r.signerTitle, name: r.signerName, width: width)
        body += DocxWriter.sectionProperties(landscape: false)
        return """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:body>\(body)</w:body></w:document>
        """
    }

    /// The figures as a workbook: the units' table (the unit, each child, the total), activities by kind and by channel,
    /// and the sections other features supply.
    public static func workbook(for report: ReportDocument) throws -> Data {
        let f = report.figures
        func unitRow(_ name: String, _ w: WorkProgress, _ activities: Int, _ reach: Int, _ cost: Int64, _ report: String) -> [String] {
            [name, "\(w.assigned)", "\(w.doneOnTime)", "\(w.doneLate)", "\(w.overdue)", "\(w.open)", "\(w.cancelled)", "\(activities)", "\(reach)", "\(cost)", report]
        }
        var units = [unitRow(report.unitName + (f.children.isEmpty ? "" : " (tự thực hiện)"), f.work, f.activities, f.reach, f.cost, "")]
        units += f.children.map { unitRow($0.name, $0.work, $0.activities, $0.reach, $0.cost, $0.report) }
        if !f.children.isEmpty { units.append(unitRow("Tổng cộng", f.totalWork, f.totalActivities, f.totalReach, f.totalCost, "")) }
        var sheets = [XlsxWriter.Sheet(name: "Đơn vị", header: ["Đơn vị", "Nhiệm vụ đến hạn", "Đúng hạn", "Trễ hạn", "Quá hạn", "Đang thực hiện",
                                                                "Đã hủy", "Hoạt động", "Lượt tiếp cận", "Kinh phí (đồng)", "Báo cáo"],
                                       rows: units, widths: [45, 12, 10, 10, 10, 12, 10, 12, 14, 16, 22], numericColumns: Set(1...9))]
        sheets.append(XlsxWriter.Sheet(name: "Hình thức", header: ["Hình thức", "Số lượng", "Lượt tiếp cận"],
                                       rows: f.byKind.map { [$0.label, "\($0.count)", "\($0.reach)"] }, widths: [40, 12, 14], numericColumns: [1, 2]))
        sheets.append(XlsxWriter.Sheet(name: "Kênh", header: ["Kênh", "Số lượng", "Lượt tiếp cận"],
                                       rows: f.byChannel.map { [$0.label, "\($0.count)", "\($0.reach)"] }, widths: [40, 12, 14], numericColumns: [1, 2]))
        for section in f.sections where !section.rows.isEmpty {
            sheets.append(XlsxWriter.Sheet(name: section.title, header: section.header, rows: section.rows))
        }
        return try XlsxWriter.data(sheets: sheets)
    }
}
