import Foundation

/// An Excel workbook: each sheet with a bold, frozen header row; text cells (so codes like "001" keep their zeros)
/// except in the columns declared numeric, whose whole numbers are written as numbers that add up in Excel.
public enum XlsxWriter {
    public struct Sheet: Sendable {
        public var name: String
        public var header: [String]
        public var rows: [[String]]
        public var widths: [Int]
        public var numericColumns: Set<Int>

        public init(name: String, header: [String], rows: [[String]], widths: [Int] = [], numericColumns: Set<Int> = []) {
            self.name = name
            self.header = header
            self.rows = rows
            self.widths = widths
            self.numericColumns = numericColumns
        }
    }

    public static func data(sheet: String, header: [String], rows: [[String]], widths: [Int] = []) throws -> Data {
        try data(sheets: [Sheet(name: sheet, header: header, rows: rows, widths: widths)])
    }

    public static func data(sheets: [Sheet]) throws -> Data {
        func cell(_ text: String, column: Int, row: Int, style: Int, numeric: Bool) -> String {
            if numeric, let number = Int64(text) { return "<c r=\"\(columnName(column))\(row)\"><v>\(number)</v></c>" }
            return "<c r=\"\(columnName(column))\(row)\" t=\"inlineStr\"\(style > 0 ? " s=\"\(style)\"" : "")><is><t xml:space=\"preserve\">\(XML.escape(clean(text)))</t></is></c>"
        }
        func worksheet(_ sheet: Sheet) -> String {
            var sheetRows = "<row r=\"1\">" + sheet.header.enumerated().map { cell($1, column: $0, row: 1, style: 1, numeric: false) }.joined() + "</row>"
            for (i, values) in sheet.rows.enumerated() {
                sheetRows += "<row r=\"\(i + 2)\">"
                    + values.enumerated().map { cell($1, column: $0, row: i + 2, style: 0, numeric: sheet.numericColumns.contains($0)) }.joined() + "</row>"
            }
            let cols = sheet.widths.isEmpty ? "" : "<cols>" + sheet.widths.enumerated().map { "<col min=\"\($0 + 1)\" max=\"\($0 + 1)\" width=\"\($1)\" customWidth=\"1\"/>" }.joined() + "</cols>"
            return """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>\(cols)<sheetData>\(sheetRows)</sheetData></worksheet>
            """
        }
        // Sheet names: at most 31 characters, none of : \\ / ? * [ ], and no two alike.
        var names: [String] = []
        for sheet in sheets {
            var name = String(sheet.name.filter { !":\\/?*[]".contains($0) }.prefix(31))
            if name.isEmpty { name = "Sheet" }
            var n = 2
            let base = name
            while names.contains(name) { name = String(base.prefix(28)) + " (\(n))"; n += 1 }
            names.append(name)
        }
        let overrides = sheets.indices.map { "<Override PartName=\"/xl/worksheets/sheet\($0 + 1).xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>" }.joined()
        let sheetList = names.enumerated().map { "<sheet name=\"\(XML.escape($1))\" sheetId=\"\($0 + 1)\" r:id=\"rId\($0 + 1)\"/>" }.joined()
        let sheetRels = sheets.indices.map { "<Relationship Id=\"rId\($0 + 1)\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet\" Target=\"worksheets/sheet\($0 + 1).xml\"/>" }.joined()
        var parts: [(String, String)] = [
            ("[Content_Types].xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\(overrides)<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>
            """),
            ("_rels/.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>
            """),
            ("xl/workbook.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>\(sheetList)</sheets></workbook>
            """),
            ("xl/_rels/workbook.xml.rels", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\(sheetRels)<Relationship Id="rId\(sheets.count + 1)" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>
            """),
            ("xl/styles.xml", """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><fonts count="2"><font><sz val="11"/><name val="Times New Roman"/></font><font><b/><sz val="11"/><name val="Times New Roman"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders><cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf fontId="0"/><xf fontId="1" applyFont="1"/></cellXfs></styleSheet>
            """),
        ]
        for (i, sheet) in sheets.enumerated() { parts.append(("xl/worksheets/sheet\(i + 1).xml", worksheet(sheet))) }
        return try OfficePackage.zip(parts)
    }

    /// 0 → A, 25 → Z, 26 → AA.
    static func columnName(_ index: Int) -> String {
        var n = index + 1
        var name = ""
        while n > 0 {
            let r = (n - 1) % 26
            name = String(UnicodeScalar(UInt8(65 + r))) + name
            n = (n - 1) / 26
        }
        return name
    }

    /// XML 1.0 cannot hold most control characters; a cell drops them rather than break the file.
    static func clean(_ text: String) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value >= 0x20 || $0 == "\t" || $0 == "\n" }))
    }
}

/// A CSV file that Excel opens as UTF-8 (with the byte-order mark), fields quoted when needed.
public enum CSVWriter {
    public static func text(header: [String], rows: [[String]]) -> String {
        func field(_ s: String) -> String {
            var value = s
            // A leading = + - @ would be run as a formula by a spreadsheet.
            if let first = value.first, "=+-@".contains(first) { value = "'" + value }
            guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == ";" }) else { return value }
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return "\u{FEFF}" + ([header] + rows).map { $0.map(field).joined(separator: ",") }.joined(separator: "\r\n") + "\r\n"
    }
}
