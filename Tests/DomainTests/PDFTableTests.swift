import Foundation
import Testing
@testable import Domain

/// Plans of our own making with tables laid out in many ways (column count and order, widths, fonts, orientation,
/// two header rows, group rows, column numbers, long rows cut by page breaks, lists in cells), written as Word
/// files and printed to PDF by LibreOffice (`scripts/fixtures/make_pdf_plans.py`). Both must read as written.
@Suite struct PDFTableTests {
    static let names = ["district_five_columns", "province_product_landscape", "district_two_header_rows",
                        "commune_time_first_narrow", "district_long_rows_page_break", "province_group_rows"]

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
