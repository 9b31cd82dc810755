import Foundation
import Testing
@testable import Domain

/// Scanned copies (image-only PDFs made by `scripts/fixtures/make_scanned_pdfs.py` from our own printed plans: turned
/// a little, speckled, stamped, one in grey and two in black and white) are recognised by Tesseract and read field
/// by field like the printed PDF.
@Suite struct ScannedPDFTests {
    /// Fields read right out of all compared, and what was wrong.
    static func score(_ name: String) throws -> (right: Int, total: Int, wrong: [String], plan: Plan) {
        let plan = try Fixture.plan("scanned/\(name).scanned.pdf")
        let expected = try PDFTableTests.expected(name)
        // Tasks missing count every field of theirs as wrong.
        let missing = expected.tasks.dropFirst(plan.tasks.count).map { "task \($0.no): missing" }
        let wrong = PDFTableTests.mismatches(plan, expected) + missing
        let total = 6 + expected.tasks.count * 6
        return (total - (wrong.count - missing.count) - missing.count * 6, total, wrong, plan)
    }

    /// These scans are harsh on purpose (200 dpi, speckles, a stamp across the table, one in black and white): what
    /// is left wrong is letters Tesseract misreads ("Công arxã" under the stamp, a dash lost, "Quân Sự Xã").
    @Test(arguments: ["commune_time_first_narrow", "district_centred_merged_no_repeat"])
    func scannedPlanReadsNineTenthsOfItsFields(name: String) throws {
        let (right, total, wrong, plan) = try Self.score(name)
        #expect(Double(right) / Double(total) >= 0.9, "\(right)/\(total)\n\(wrong.joined(separator: "\n"))")
        // The header fields an office files the plan by come out exactly.
        #expect(!wrong.contains { $0.hasPrefix("number") || $0.hasPrefix("date") || $0.hasPrefix("year") || $0.hasPrefix("task count") },
                "\(wrong)")
        let warning = try #require(plan.warnings.first)
        #expect(warning.hasPrefix("Tệp PDF là bản scan: chữ được nhận dạng bằng OCR"))
        let confidence = try #require(Int(warning.split(separator: " ").first { $0.hasSuffix("%;") }?.dropLast(2) ?? ""))
        #expect((60...100).contains(confidence))
    }

    /// The seed plan of Châu Thành printed over ten pages and scanned in black and white.
    @Test func tenPageScanOfTheDistrictPlan() throws {
        let plan = try Fixture.plan("scanned/000_exported.scanned.pdf")
        let golden = try Fixture.plan("000_112d4e7ddf674a47.txt")
        #expect(plan.issuer == golden.issuer)
        #expect(plan.number == golden.number)
        #expect(plan.issuedOn == golden.issuedOn)
        #expect(plan.year == golden.year)
        #expect(plan.signer?.name == golden.signer?.name)
        #expect(plan.targets.map(\.percent) == golden.targets.map(\.percent))
        try #require(plan.tasks.count == golden.tasks.count)
        var right = 0, total = 0
        for (got, want) in zip(plan.tasks, golden.tasks) {
            for same in [got.lead == want.lead, got.coordinating == want.coordinating, got.timeframe.start == want.timeframe.start,
                         got.timeframe.end == want.timeframe.end, got.timeframe.recurrence == want.timeframe.recurrence] {
                total += 1
                if same { right += 1 }
            }
        }
        #expect(Double(right) / Double(total) >= 0.9, "\(right)/\(total)")
    }

    @Test func aPDFWithTextIsNotSentToOCR() throws {
        let plan = try Fixture.plan("pdf-tables/commune_time_first_narrow.pdf")
        #expect(!plan.warnings.contains { $0.contains("OCR") })
    }

    @Test func uploadedBytesOfAScanAreReadToo() throws {
        let data = try Fixture.data("scanned/commune_time_first_narrow.scanned.pdf")
        let plan = try PlanImporter().importData(data, filename: "ke-hoach-scan.pdf")
        #expect(plan.number == "15/KH-UBND")
    }
}

/// The page image: how far it is turned, and its borders.
@Suite struct ScanImageTests {
    /// A white page with a ruled table and lines of "text" (short dark dashes), turned by `degrees`.
    static func page(turnedBy degrees: Double) -> ScanImage {
        let (w, h) = (1200, 1600)
        var image = ScanImage(width: w, height: h, pixels: [UInt8](repeating: 255, count: w * h))
        func dark(_ x: Int, _ y: Int) { if x >= 0 && x < w && y >= 0 && y < h { image.pixels[y * w + x] = 0 } }
        // Text lines above the table.
        for line in 0..<12 {
            let y = 150 + line * 40
            var x = 150
            while x < 1000 { for dx in 0..<18 { for dy in 0..<14 { dark(x + dx, y + dy) } }; x += 26 }
        }
        // A table of three rows and four columns.
        let xs = [150, 300, 600, 800, 1050], ys = [800, 900, 1000, 1100]
        for y in ys { for x in xs[0]...xs[4] { for t in 0..<3 { dark(x, y + t) } } }
        for x in xs { for y in ys[0]...ys[3] { for t in 0..<3 { dark(x + t, y) } } }
        return degrees == 0 ? image : image.rotated(by: -degrees)
    }

    @Test(arguments: [0.0, 0.7, -1.2, 2.0])
    func skewIsFoundAndTheTableComesOutStraight(degrees: Double) throws {
        let scanned = Self.page(turnedBy: degrees)
        let angle = scanned.skewAngle()
        #expect(abs(angle - degrees) <= 0.15, "found \(angle) for \(degrees)")
        let straight = abs(angle) >= 0.05 ? scanned.rotated(by: angle) : scanned
        let grids = PDFRules.grids(straight.rules(minLength: 150, minVerticalLength: 60))
        let grid = try #require(grids.first)
        #expect(grids.count == 1)
        #expect(grid.xs.count == 5 && grid.ys.count == 4)
        // A point of the scan lands where the straightened page has it.
        let (x, y) = scanned.straightened(x: 600, y: 800, turnedBy: angle)
        #expect(x.isFinite && y.isFinite)
    }

    @Test func pgmIsReadAndBadImagesAreRefused() throws {
        let image = ScanImage(width: 3, height: 2, pixels: [0, 128, 255, 1, 2, 3])
        let back = try #require(ScanImage(pgm: image.pgm))
        #expect(back.pixels == image.pixels && back.width == 3 && back.height == 2)
        #expect(ScanImage(pgm: Data("P6\n3 2\n255\n".utf8) + Data(count: 18)) == nil) // colour
        #expect(ScanImage(pgm: Data("P5\n3 2\n255\n".utf8) + Data(count: 4)) == nil)  // cut short
        #expect(ScanImage(pgm: Data("P5\n99999999 2\n255\n".utf8)) == nil)
        #expect(ScanImage(pgm: Data()) == nil)
    }

    @Test func tesseractWordsKeepTheirLinesAndDropSpecks() {
        let tsv = """
        level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext
        5\t1\t1\t1\t1\t1\t100\t100\t80\t40\t95.1\tPhòng
        5\t1\t1\t1\t1\t2\t190\t100\t80\t40\t93.0\tNội
        5\t1\t1\t1\t1\t3\t280\t100\t6\t40\t30.0\t|
        5\t1\t1\t1\t1\t4\t300\t100\t80\t40\t91.0\tvụ
        5\t1\t1\t1\t2\t1\t100\t160\t10\t10\t20.0\t.
        5\t1\t2\t1\t1\t1\t100\t400\t10\t40\t88.0\t_
        5\t1\t3\t1\t1\t1\t100\t500\t300\t40\t90.0\tVăn hóa - Xã hội
        """
        let (page, confidences) = ScanReader.words(fromTSV: tsv, scale: 0.24)
        #expect(page.blocks.count == 2)
        #expect(page.blocks[0].lines.map(\.text) == ["Phòng Nội vụ"])
        #expect(page.blocks[1].lines.map(\.text) == ["Văn hóa - Xã hội"])
        #expect(abs((page.blocks[0].lines[0].words[0].x0) - 24) < 0.001)
        #expect(confidences == [95.1, 93.0, 91.0, 90.0])
    }
}

/// Damaged PDFs (bytes flipped, cut short, chunks moved) through every outside tool: each is read or refused with a
/// one-line reason, quickly, never a crash or a hang. The long run is `import-bench --fuzz N … FILE.pdf`.
@Suite struct DamagedPDFTests {
    @Test func damagedPDFsAreReadOrRefusedWithAReason() throws {
        var rng = SeededGenerator(state: 2026)
        let sources = ["pdf-tables/commune_time_first_narrow.pdf", "scanned/commune_time_first_narrow.scanned.pdf"]
        for round in 0..<12 {
            var bytes = [UInt8](try Fixture.data(sources[round % sources.count]))
            switch round % 3 {
            case 0: for _ in 0..<40 { bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng) }
            case 1: bytes = Array(bytes.prefix(Int.random(in: 0..<bytes.count, using: &rng)))
            default:
                let a = Int.random(in: 0..<bytes.count - 500, using: &rng)
                bytes.insert(contentsOf: bytes[a..<(a + 500)], at: Int.random(in: 0..<bytes.count, using: &rng))
            }
            let started = Date()
            do {
                _ = try PlanImporter().importData(Data(bytes), filename: "hong.pdf")
            } catch let error as PlanImportError {
                #expect(!error.description.isEmpty && !error.description.contains("\n"), "\(error.description)")
            }
            #expect(Date().timeIntervalSince(started) < 60)
        }
    }
}
