import Foundation
import Testing
@testable import Domain

/// PDF plans through `pdftotext -bbox-layout`. The fixtures are the seed plans exported to Word by `DocxWriter`
/// and printed to PDF by LibreOffice: a header and a closing set side by side, paragraphs and an appendix table
/// that run across pages, multi-line cells.
@Suite struct PDFImportTests {
    static let pdftotext = ExternalTool.find("pdftotext") != nil

    /// Wrapping in a narrow cell may take the space out of "Tháng 1- 12/2025"; nothing else may change.
    static func normalised(_ plan: Plan) -> Plan {
        var p = plan
        for i in p.tasks.indices { p.tasks[i].timeframe.text = p.tasks[i].timeframe.text.replacingOccurrences(of: "- ", with: "-") }
        // The Word file the PDF was printed from names the issuer in its header; a source text with a blank header
        // has it from the opening sentence, and says so.
        p.warnings.removeAll { $0.contains("câu mở đầu") }
        return p
    }

    @Test(arguments: [("000_exported.pdf", "000_112d4e7ddf674a47.txt"), ("003_exported.pdf", "003_d55f1bc8d62f71d1.txt")])
    func pdfReadsLikeTheSourceText(pdf: String, text: String) throws {
        let source = try Fixture.plan(text)
        guard Self.pdftotext else {
            // Without poppler-utils the user is told what to install.
            #expect(throws: PlanImportError.toolMissing("Cần cài pdftotext (gói poppler-utils) để đọc tệp PDF: apt-get install poppler-utils.")) {
                try Fixture.plan(pdf)
            }
            return
        }
        let plan = try Fixture.plan(pdf)
        #expect(Self.normalised(plan) == Self.normalised(source), "\(Fixture.difference(Self.normalised(source), Self.normalised(plan)))")
    }

    @Test func aPDFThatIsNotAPlanGivesAReason() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("not-a-pdf-\(UUID().uuidString).pdf")
        try Data("%PDF-1.4 broken".utf8).write(to: file)
        defer { try? FileManager.default.removeItem(at: file) }
        #expect(throws: PlanImportError.self) { try PlanImporter().importFile(at: file.path) }
    }
}
