import Foundation
import Testing
@testable import Domain

/// Plans of our own making with tables laid out in many ways (column count and order, widths, fonts, orientation,
/// two header rows, group rows, column numbers, long rows cut by page breaks, lists in cells), written as Word
/// files and printed to PDF by LibreOffice (`scripts/fixtures/make_pdf_plans.py`). Both must read as written.
@Suite struct PDFTableTests {
    static let names = ["district_five_columns", "province_product_landscape", "district_two_header_rows",
                        "commune_time_first_narrow", "district_long_rows_page_break", "province_group_rows",
                        "district_centred_merged_no_repeat"]

    struct Expected: Decodable {
        struct Task: Decodable {
            var no: Int
            var lead: [String]
            var coordinating: [String]
            var time: String?
            var start: String?
            var finish: String?
        }
        var issuer: String
        var number: String
        var date: String
        var year: Int
        var signer: String
        var tasks: [Task]
    }

    static func expected(_ name: String) throws -> Expected {
        try JSONDecoder().decode(Expected.self, from: try Fixture.data("pdf-tables/\(name).expected.json"))
    }

    /// Every field that differs from what was written, as "field: expected | read".
    static func mismatches(_ plan: Plan, _ e: Expected) -> [String] {
        var out: [String] = []
        func check<T: Equatable>(_ field: String, _ want: T, _ got: T) {
            if want != got { out.append("\(field): \(want) | \(got)") }
        }
        check("issuer", e.issuer, plan.issuer ?? "∅")
        check("number", e.number, plan.number ?? "∅")
        check("date", e.date, plan.issuedOn?.description ?? "∅")
        check("year", e.year, plan.year ?? 0)
        check("signer", e.signer, plan.signer?.name ?? "∅")
        check("task count", e.tasks.count, plan.tasks.count)
        let parser = TimeframeParser(planYear: e.year)
        for (want, got) in zip(e.tasks, plan.tasks) {
            check("task \(want.no) no", want.no, got.no)
            check("task \(want.no) lead", want.lead, got.lead)
            check("task \(want.no) coordinating", want.coordinating, got.coordinating)
            let time = want.time.map(parser.parse) ?? parser.parse(start: want.start ?? "", finish: want.finish ?? "")
            check("task \(want.no) start", time.start, got.timeframe.start)
            check("task \(want.no) end", time.end, got.timeframe.end)
            check("task \(want.no) recurrence", time.recurrence, got.timeframe.recurrence)
        }
        return out
    }

    @Test(arguments: names) func wordFileReadsAsWritten(name: String) throws {
        let plan = try Fixture.plan("pdf-tables/\(name).docx")
        let wrong = Self.mismatches(plan, try Self.expected(name))
        #expect(wrong.isEmpty, "\(wrong.joined(separator: "\n"))")
    }

    @Test(arguments: names) func pdfReadsAsWritten(name: String) throws {
        guard PDFImportTests.pdftotext else { return }
        let plan = try Fixture.plan("pdf-tables/\(name).pdf")
        let wrong = Self.mismatches(plan, try Self.expected(name))
        #expect(wrong.isEmpty, "\(wrong.joined(separator: "\n"))")
    }
}

/// Borders read from the SVG that `pdftocairo` draws: stroked segments and thin filled boxes, placed by their
/// transforms; curves (letters) give none; touching borders make one grid whose merged cells hold their words.
@Suite struct PDFRulesTests {
    static let svg = """
    <svg><defs><symbol id="g1"><path d="M 0 0 L 5 0 L 5 -8 Z"/></symbol></defs><pageSet><page>
    <g><path style="fill:none;stroke-width:0.5;" d="M 0 0 L 300 0 " transform="matrix(1,0,0,-1,50,800)"/>
    <path style="fill:none;stroke-width:0.5;" d="M 0 -40 L 300 -40 M 0 -80 L 300 -80"  transform="matrix(1,0,0,-1,50,800)"/></g>
    <path style="stroke:none;fill:rgb(0,0,0);" d="M 49.8 800 L 50.2 800 L 50.2 880 L 49.8 880 Z"/>
    <path style="fill:none;stroke-width:0.5;" d="M 100 800 L 100 880 M 250 800 L 250 840 M 350 800 L 350 880"/>
    <path style="stroke:none;" d="M 1 1 C 2 2 3 3 4 4 Z"/>
    </page></pageSet></svg>
    """

    @Test func bordersAndMergedCells() throws {
        let pages = PDFRules.read(svg: Data(Self.svg.utf8))
        #expect(pages.count == 1)
        let rules = try #require(pages.first)
        #expect(rules.count == 7) // three across, four down (one of them a thin box); the glyph and the curve give none
        let grids = PDFRules.grids(rules)
        #expect(grids.count == 1)
        let grid = try #require(grids.first)
        #expect(grid.xs.map { Int($0.rounded()) } == [50, 100, 250, 350])
        #expect(grid.ys.map { Int($0.rounded()) } == [800, 840, 880])
        // The border at x = 250 stops at the first row: the second row's last two cells are one.
        func word(_ t: String, _ x: Double, _ y: Double) -> PDFLayout.Word { PDFLayout.Word(text: t, x0: x, y0: y, x1: x + 20, y1: y + 10) }
        let rows = PDFRules.rows(of: grid, words: [word("STT", 60, 810), word("Nội", 110, 810), word("dung", 135, 810),
                                                   word("Ghi", 260, 810), word("1", 60, 850), word("Việc", 110, 850),
                                                   word("chung", 270, 850)]) { _ in false }.rows
        #expect(rows == [["STT", "Nội dung", "Ghi"], ["1", "Việc chung", ""]])
    }
}

/// Old Word (.doc) and OpenDocument (.odt) files go through LibreOffice headless and read like the Word file they
/// were saved from; without LibreOffice the user is told which package to install.
@Suite struct OfficeConversionTests {
    static let installed = OfficeConversion.soffice != nil

    @Test(arguments: [("district_five_columns", "doc"), ("district_two_header_rows", "doc"), ("district_two_header_rows", "odt")])
    func oldFormatsReadAsWritten(name: String, ext: String) throws {
        let data = try Fixture.data("pdf-tables/\(name).\(ext)")
        guard Self.installed else {
            #expect(throws: PlanImportError.toolMissing(OfficeConversion.missing)) { try PlanImporter().importData(data, filename: "plan.\(ext)") }
            return
        }
        let plan = try PlanImporter().importData(data, filename: "ke-hoach.\(ext)")
        let wrong = PDFTableTests.mismatches(plan, try PDFTableTests.expected(name))
        #expect(wrong.isEmpty, "\(wrong.joined(separator: "\n"))")
    }

    @Test func aBrokenOldWordFileGivesAReason() throws {
        guard Self.installed else { return }
        // Not a Word file at all: LibreOffice opens it as text, and what it gives is not a plan.
        #expect(throws: PlanImportError.self) { try PlanImporter().importData(Data([0xD0, 0xCF, 0x11, 0xE0, 0, 1, 2, 3]), filename: "hong.doc") }
    }
}
