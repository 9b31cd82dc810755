import Foundation

/// Writes a `cchc.plan/v1` plan as a Word document in the layout of Decree 30/2020/NĐ-CP (Appendix I):
/// A4 portrait, Times New Roman, margins top/bottom 20 mm, left 30 mm, right 15 mm; the issuing body and the
/// national motto side by side; "Số: …/KH-UBND" and the italic place-date line; bold "KẾ HOẠCH" and title;
/// numbered sections; "Nơi nhận" (12 pt bold italic, list 11 pt) beside the signature block; then the task
/// appendix on a landscape page with its "(Kèm theo Kế hoạch số …)" line and a repeating header row.
/// `PlanImporter` reads the result back into the same plan.
public enum DocxWriter {
    public static func data(for plan: Plan) throws -> Data {
        try package(document: DocumentBuilder(plan: plan).xml(), title: plan.title.map { "Kế hoạch " + $0 } ?? "Kế hoạch",
                    creator: plan.issuer ?? "CCHC")
    }

    /// A Word package around `word/document.xml` (the styles, page and fonts all documents here share).
    static func package(document: String, title: String, creator: String) throws -> Data {
        try OfficePackage.zip([
            ("[Content_Types].xml", contentTypes),
            ("_rels/.rels", packageRelationships),
            ("docProps/core.xml", coreProperties(title: title, creator: creator)),
            ("word/_rels/document.xml.rels", documentRelationships),
            ("word/styles.xml", styles),
            ("word/settings.xml", settings),
            ("word/document.xml", document),
        ])
    }

    // MARK: Page geometry (twentieths of a point) and font sizes (half-points)

    static let mm = 56.692 // twips per millimetre
    static func twips(_ millimetres: Double) -> Int { Int((millimetres * mm).rounded()) }
    static let a4Short = 11906, a4Long = 16838
    static let margins = (top: twips(20), bottom: twips(20), left: twips(30), right: twips(15))

    static func sectionProperties(landscape: Bool) -> String {
        let (w, h) = landscape ? (a4Long, a4Short) : (a4Short, a4Long)
        let orient = landscape ? " w:orient=\"landscape\"" : ""
        return "<w:sectPr><w:pgSz w:w=\"\(w)\" w:h=\"\(h)\"\(orient)/><w:pgMar w:top=\"\(margins.top)\" w:right=\"\(margins.right)\" w:bottom=\"\(margins.bottom)\" w:left=\"\(margins.left)\" w:header=\"720\" w:footer=\"720\" w:gutter=\"0\"/><w:pgNumType w:start=\"1\"/></w:sectPr>"
    }

    /// Text width of a page between its margins.
    static func textWidth(landscape: Bool) -> Int {
        (landscape ? a4Long : a4Short) - margins.left - margins.right
    }

    // MARK: Package parts

    static let contentTypes = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>
    """

    static let packageRelationships = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/></Relationships>
    """

    static let documentRelationships = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/></Relationships>
    """

    static let settings = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:defaultTabStop w:val="720"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat></w:settings>
    """

    /// Times New Roman 14 pt for the body, justified, 6 pt after each paragraph, single spacing.
    static let styles = """
    <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
    <w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:eastAsia="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/></w:style><w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style></w:styles>
    """

    static func coreProperties(title: String, creator: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
        <cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title>\(XML.escape(title))</dc:title><dc:creator>\(XML.escape(creator))</dc:creator><dc:language>vi-VN</dc:language></cp:coreProperties>
        """
    }
}

public enum PlanExportError: Error, CustomStringConvertible, Sendable {
    case cannotCreate

    public var description: String {
        switch self {
        case .cannotCreate: return "Không tạo được tệp Word."
        }
    }
}

/// XML text escaping.
enum XML {
    static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default:
                // Characters XML 1.0 forbids are dropped.
                if scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r" { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }
}
