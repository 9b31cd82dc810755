import Foundation

/// Scanned PDFs — pages that are pictures with no text layer, like the signed and stamped copy offices publish.
///
/// Each page is rendered at 300 dpi by `pdftoppm`, turned straight, its table borders are found in the pixels
/// (`ScanImage`), its words are recognised by Tesseract with the Vietnamese data (TSV output: each word with its box
/// and confidence), and `PDFLayout` reads those words and borders as it reads a PDF's own. Pages are recognised in
/// parallel, one Tesseract per core, each under a time limit, all in a private folder removed afterwards.
enum ScanReader {
    static let dpi = 300.0
    /// Pages are rendered at `dpi` up to this side in points (A3); a larger page is rendered at a lower resolution so
    /// that no page image is larger than an A3 one at 300 dpi (a 6000-point blank page would otherwise be 625 MB).
    static let largestRenderedSide = 1191.0

    /// The resolution pages whose longest side is `side` points are rendered at.
    static func resolution(forLargestSide side: Double) -> Double {
        guard side > largestRenderedSide else { return dpi }
        return side.isFinite ? max(36, (dpi * largestRenderedSide / side).rounded(.down)) : 36
    }
    static let maxPages = 40
    static let pageTimeout: TimeInterval = 180

    static let missing = "Tệp PDF này là bản scan (ảnh, không có lớp chữ); cần cài Tesseract với dữ liệu tiếng Việt để nhận dạng chữ: apt-get install tesseract-ocr tesseract-ocr-vie."

    struct Page {
        var words: PDFLayout.Page
        var rules: [PDFRules.Rule]
        var confidences: [Double]
        var seconds: Double
    }

    struct Result {
        var blocks: [DocBlock]
        var meanConfidence: Double
        var pagesRead: Int
        var pagesInFile: Int
        var secondsPerPage: [Double]

        var warnings: [String] {
            var out = ["Tệp PDF là bản scan: chữ được nhận dạng bằng OCR (Tesseract), độ tin cậy trung bình \(Int(meanConfidence.rounded()))%; hãy soát lại số, ngày, tên đơn vị và thời gian."]
            if pagesRead < pagesInFile { out.append("Chỉ nhận dạng \(pagesRead) trang đầu trong \(pagesInFile) trang của tệp.") }
            return out
        }
    }

    /// Whether Tesseract and its Vietnamese data are installed (asked once).
    static let tesseract: String? = {
        guard let tool = ExternalTool.find("tesseract"),
              let result = try? ExternalTool.run(tool, ["--list-langs"], timeout: 20, maxOutput: 64 * 1024), result.status == 0 else { return nil }
        let languages = String(decoding: result.output + result.errors, as: UTF8.self).split(whereSeparator: \.isNewline)
        return languages.contains { $0.trimmed() == "vie" } ? tool : nil
    }()

    static func read(path: String, pagesInFile: Int, largestSide: Double = 0, maxBytes: Int) throws -> Result {
        let dpi = resolution(forLargestSide: largestSide)
        guard let tool = tesseract else { throw PlanImportError.toolMissing(missing) }
        guard let renderer = ExternalTool.find("pdftoppm") else {
            throw PlanImportError.toolMissing("Cần cài pdftoppm (gói poppler-utils) để đọc bản scan: apt-get install poppler-utils.")
        }
        let count = max(1, min(pagesInFile, maxPages))
        return try ExternalTool.withPrivateFolder("scan") { folder in
            let rendered: ExternalTool.Result
            do {
                rendered = try ExternalTool.run(renderer, ["-r", "\(Int(dpi))", "-gray", "-l", "\(count)", path, folder.appendingPathComponent("page").path],
                                                timeout: pageTimeout, maxOutput: 64 * 1024)
            } catch {
                throw PlanImportError.toolMissing("Không chạy được pdftoppm.")
            }
            if rendered.timedOut { throw PlanImportError.unreadable("pdftoppm dựng ảnh các trang quá \(Int(pageTimeout)) giây nên đã bị dừng.") }
            let files = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".pgm") }.sorted()
            guard rendered.status == 0, !files.isEmpty else { throw PlanImportError.unreadable("pdftoppm không dựng được ảnh các trang của tệp PDF này.") }

            // One Tesseract per core: each is told to use one thread, which is faster overall than several each.
            final class Slots: @unchecked Sendable {
                let lock = NSLock()
                var pages: [Swift.Result<Page, PlanImportError>?]
                init(_ n: Int) { pages = Array(repeating: nil, count: n) }
            }
            let slots = Slots(files.count)
            DispatchQueue.concurrentPerform(iterations: files.count) { i in
                let page: Swift.Result<Page, PlanImportError>
                do { page = .success(try recognise(folder.appendingPathComponent(files[i]), with: tool, dpi: dpi)) } catch let e as PlanImportError {
                    page = .failure(e)
                } catch {
                    page = .failure(.unreadable("không nhận dạng được trang \(i + 1)."))
                }
                slots.lock.lock()
                slots.pages[i] = page
                slots.lock.unlock()
            }
            var pages: [Page] = []
            for slot in slots.pages {
                switch slot {
                case .success(let page): pages.append(page)
                case .failure(let error): throw error
                case nil: throw PlanImportError.unreadable("không nhận dạng được một trang.")
                }
            }
            let confidences = pages.flatMap(\.confidences)
            let blocks = PDFLayout.blocks(pages: pages.map(\.words), rules: pages.map(\.rules))
            return Result(blocks: blocks, meanConfidence: confidences.isEmpty ? 0 : confidences.reduce(0, +) / Double(confidences.count),
                          pagesRead: pages.count, pagesInFile: pagesInFile, secondsPerPage: pages.map(\.seconds))
        }
    }

    /// One page: straightened, its borders found, its words recognised.
    static func recognise(_ file: URL, with tool: String, dpi: Double = dpi) throws -> Page {
        let started = Date()
        guard let data = FileManager.default.contents(atPath: file.path), var image = ScanImage(pgm: data) else {
            throw PlanImportError.unreadable("ảnh trang \(file.lastPathComponent) bị hỏng.")
        }
        // Tesseract reads the page as scanned (turning the pixels blurs the letters); the borders are found on the page
        // turned straight, and the words' boxes are turned the same way.
        let angle = image.skewAngle()
        let turned = abs(angle) >= 0.05
        let straight = turned ? image.rotated(by: angle) : image
        let toPoints = 72 / dpi
        // Borders: across at least half an inch, down at least a fifth of one (taller than any letter).
        let found = straight.rules(minLength: Int(dpi / 2), minVerticalLength: Int(dpi / 5))
        let rules = found.map { PDFRules.Rule(x0: $0.x0 * toPoints, y0: $0.y0 * toPoints, x1: $0.x1 * toPoints, y1: $0.y1 * toPoints) }
        // Tesseract reads the page as scanned, without its borders.
        let grids = PDFRules.grids(found)
        if !grids.isEmpty {
            image = image.erasing(grids.flatMap(\.rules), foundTurnedBy: turned ? angle : 0)
            guard (try? image.pgm.write(to: file)) != nil else { throw PlanImportError.unreadable("không ghi được ảnh trang để nhận dạng.") }
        }
        let result: ExternalTool.Result
        do {
            result = try ExternalTool.run(tool, [file.path, "stdout", "-l", "vie", "--psm", "3", "tsv"], timeout: pageTimeout,
                                          maxOutput: 16 * 1024 * 1024, environment: ["OMP_THREAD_LIMIT": "1"])
        } catch {
            throw PlanImportError.toolMissing(missing)
        }
        if result.timedOut { throw PlanImportError.unreadable("Tesseract nhận dạng một trang quá \(Int(pageTimeout)) giây nên đã bị dừng.") }
        guard result.status == 0 else {
            let reason = String(decoding: result.errors.prefix(200), as: UTF8.self).split(whereSeparator: \.isNewline).last.map(String.init) ?? ""
            throw PlanImportError.unreadable("Tesseract không nhận dạng được trang: \(reason)")
        }
        let straighten: (Double, Double) -> (Double, Double) = { x, y in turned ? straight.straightened(x: x, y: y, turnedBy: angle) : (x, y) }
        let (words, confidences) = words(fromTSV: String(decoding: result.output, as: UTF8.self), scale: toPoints, straighten: straighten)
        return Page(words: words, rules: rules, confidences: confidences, seconds: Date().timeIntervalSince(started))
    }

    /// Tesseract's TSV (level, page, block, paragraph, line, word, left, top, width, height, conf, text): the words
    /// grouped in its blocks and lines, in points. Border strokes read as "|" and specks read as stray marks are left out.
    static func words(fromTSV tsv: String, scale: Double,
                      straighten: (Double, Double) -> (Double, Double) = { ($0, $1) }) -> (PDFLayout.Page, [Double]) {
        var blocks: [PDFLayout.Block] = []
        var confidences: [Double] = []
        var currentBlock = "", currentLine = ""
        for row in tsv.split(whereSeparator: \.isNewline) {
            let f = row.split(separator: "\t", omittingEmptySubsequences: false)
            guard f.count >= 12, f[0] == "5", let left = Double(f[6]), let top = Double(f[7]), let width = Double(f[8]),
                  let height = Double(f[9]), let conf = Double(f[10]) else { continue }
            // Tesseract reads the en dash of names ("Văn hóa – Thể thao") as an em dash, which they never use.
            let text = VietnameseText.clean(String(f[11...].joined(separator: "\t"))).replacingOccurrences(of: "—", with: "–")
            let meaningful = text.contains { $0.isLetter || $0.isNumber }
            // A mark standing alone that no sentence writes so (".", "“", "_"): a speck or a stamp's edge.
            let dash = text == "-" || text == "–"
            guard !text.isEmpty, !text.allSatisfy({ "|[]{}!.,:;'\"“”‘’_~^*`".contains($0) }), meaningful || dash || conf >= 40 else { continue }
            let (cx, cy) = straighten(left + width / 2, top + height / 2)
            let word = PDFLayout.Word(text: text, x0: (cx - width / 2) * scale, y0: (cy - height / 2) * scale,
                                      x1: (cx + width / 2) * scale, y1: (cy + height / 2) * scale)
            let block = "\(f[2])", line = "\(f[2]).\(f[3]).\(f[4])"
            if block != currentBlock || blocks.isEmpty {
                blocks.append(PDFLayout.Block(lines: []))
                currentBlock = block
                currentLine = ""
            }
            if line != currentLine {
                blocks[blocks.count - 1].lines.append(PDFLayout.Line(words: []))
                currentLine = line
            }
            let b = blocks.count - 1
            blocks[b].lines[blocks[b].lines.count - 1].words.append(word)
            if conf >= 0 { confidences.append(conf) }
        }
        // A line of nothing but marks (a dash under a cell's number, a speck) is not text.
        let kept = blocks.map { block in
            PDFLayout.Block(lines: block.lines.filter { $0.words.contains { $0.text.contains { $0.isLetter || $0.isNumber } } })
        }.filter { !$0.lines.isEmpty }
        return (PDFLayout.Page(blocks: kept), confidences)
    }
}
