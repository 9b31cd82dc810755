import Domain
import Foundation

// Benchmarks and fuzzes the plan importer (release build):
//   swift run -c release import-bench ../shared/seeds/*.txt          median import time per seed, and of a
//                                                                    60-row .docx written from the first seed
//   swift run -c release import-bench --fuzz 20000 ../shared/seeds/*.txt
//                                                                    mutated seeds and .docx files: each must be
//                                                                    read or refused with a reason, never crash;
//                                                                    PDF, .doc and .odt files given are mutated too
//                                                                    (every 10th input) and must never hang
//   import-bench … SCANNED.pdf                                       a scan: median time, time per page (pages are
//                                                                    recognised in parallel) and the confidence
var arguments = Array(CommandLine.arguments.dropFirst())
//   import-bench --blocks FILE                                       the paragraphs and tables FILE is read into
if arguments.first == "--blocks", arguments.count == 2 {
    do {
        for block in try PlanImporter().blocks(atPath: arguments[1]) {
            switch block {
            case .paragraph(let p): print("¶ " + p)
            case .table(let rows): for row in rows { print("| " + row.map { $0.replacingOccurrences(of: "\n", with: " ⏎ ") }.joined(separator: " | ")) }
            }
        }
        exit(0)
    } catch {
        print(error)
        exit(1)
    }
}
var fuzzRounds = 0
if let i = arguments.firstIndex(of: "--fuzz") {
    fuzzRounds = i + 1 < arguments.count ? Int(arguments[i + 1]) ?? 10_000 : 10_000
    arguments.removeSubrange(i..<min(i + 2, arguments.count))
}
guard !arguments.isEmpty else {
    print("usage: import-bench [--fuzz N] SEED.txt…")
    exit(64)
}
// PDF, .doc and .odt go through outside tools (pdftotext and pdftocairo, antiword, LibreOffice, Tesseract): timed
// from their files with fewer runs; in the fuzz run one input in ten is one of them, mutated.
let external = arguments.filter { ["pdf", "doc", "odt", "rtf"].contains(($0 as NSString).pathExtension.lowercased()) }
let externalInputs = external.compactMap { path in FileManager.default.contents(atPath: path).map { ((path as NSString).lastPathComponent, $0) } }
arguments.removeAll { external.contains($0) }
guard !arguments.isEmpty else {
    print("usage: import-bench [--fuzz N] SEED.txt… [PLAN.pdf|.doc|.odt…]")
    exit(64)
}
var inputs: [(name: String, data: Data)] = []
for path in arguments {
    guard let data = FileManager.default.contents(atPath: path) else { print("\(path): unreadable"); exit(66) }
    inputs.append(((path as NSString).lastPathComponent, data))
}

// A 60-row appendix: the first seed's plan with its tasks repeated, written as Word.
do {
    var plan = try PlanImporter().importData(inputs[0].data, filename: inputs[0].name)
    let source = plan.tasks
    plan.tasks = (0..<60).map { i in
        var task = source[i % max(source.count, 1)]
        task.no = i + 1
        return task
    }
    inputs.append(("60-row.docx", try DocxWriter.data(for: plan)))
} catch {
    print("cannot build the 60-row .docx: \(error)")
    exit(1)
}

if fuzzRounds > 0 {
    var rng = SystemRandomNumberGenerator()
    var read = 0, refused = 0
    var reasons: [String: Int] = [:]
    var slowest = (seconds: 0.0, name: "")
    let start = Date()
    for round in 0..<fuzzRounds {
        let outside = !externalInputs.isEmpty && round % 10 == 9
        let (name, original) = outside ? externalInputs[(round / 10) % externalInputs.count] : inputs[round % inputs.count]
        var bytes = [UInt8](original)
        let isText = !name.hasSuffix(".docx") && !outside
        switch Int.random(in: 0..<(isText ? 6 : 4), using: &rng) {
        case 4, 5: // text files: delete, repeat, swap or cut lines, keeping valid UTF-8 so the parser is exercised
            var lines = String(decoding: bytes, as: UTF8.self).components(separatedBy: "\n")
            for _ in 0..<Int.random(in: 1...12, using: &rng) where lines.count > 2 {
                let a = Int.random(in: 0..<lines.count, using: &rng), b = Int.random(in: 0..<lines.count, using: &rng)
                switch Int.random(in: 0..<4, using: &rng) {
                case 0: lines.remove(at: a)
                case 1: lines.insert(lines[a], at: b)
                case 2: lines.swapAt(a, b)
                default: lines[a] = String(lines[a].prefix(Int.random(in: 0...max(0, lines[a].count), using: &rng)))
                }
            }
            bytes = Array(lines.joined(separator: "\n").utf8)
        case 0: // flip bytes
            for _ in 0..<Int.random(in: 1...20, using: &rng) where !bytes.isEmpty {
                bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
            }
        case 1: // truncate
            bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &rng)))
        case 2: // splice a random chunk elsewhere
            if bytes.count > 10 {
                let a = Int.random(in: 0..<bytes.count, using: &rng), b = min(bytes.count, a + Int.random(in: 1...400, using: &rng))
                let chunk = bytes[a..<b]
                bytes.insert(contentsOf: chunk, at: Int.random(in: 0..<bytes.count, using: &rng))
            }
        default: // random bytes of the same kind of file
            bytes = (0..<Int.random(in: 0...4096, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        }
        let began = Date()
        defer {
            let seconds = Date().timeIntervalSince(began)
            if seconds > slowest.seconds { slowest = (seconds, name) }
        }
        do {
            _ = try PlanImporter().importData(Data(bytes), filename: name)
            read += 1
        } catch let error as PlanImportError {
            refused += 1
            reasons[String(error.description.prefix(60)), default: 0] += 1
        } catch {
            print("unexpected error type: \(error)")
            exit(1)
        }
    }
    print(String(format: "fuzz: %d inputs in %.1f s: %d read, %d refused with a reason, 0 crashes", fuzzRounds, Date().timeIntervalSince(start), read, refused))
    print(String(format: "slowest input: %.2f s (%@)", slowest.seconds, slowest.name))
    for (reason, count) in reasons.sorted(by: { $0.value > $1.value }).prefix(8) { print("  \(count)× \(reason)") }
    exit(0)
}

let runs = 200
for (name, data) in inputs {
    var times: [Double] = []
    var tasks = 0
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        let plan = try? PlanImporter().importData(data, filename: name)
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
        tasks = plan?.tasks.count ?? -1
    }
    times.sort()
    print(String(format: "%@: median %.2f ms, p90 %.2f ms over %d runs (%d tasks)", name, times[runs / 2], times[runs * 9 / 10], runs, tasks))
}

for path in external {
    var runs = 10
    var times: [Double] = []
    var plan: Plan?
    var k = 0
    while k < runs {
        let start = DispatchTime.now().uptimeNanoseconds
        plan = try? PlanImporter().importFile(at: path)
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
        // A scan takes seconds a page: three runs tell its median.
        if k == 0, plan?.warnings.first?.contains("OCR") == true { runs = 3 }
        k += 1
    }
    times.sort()
    let name = (path as NSString).lastPathComponent, tasks = plan?.tasks.count ?? -1
    if let ocr = plan?.warnings.first, ocr.contains("OCR") {
        let pages = PDFPages.count(path: path)
        let confidence = ocr.split(separator: " ").first { $0.hasSuffix("%;") }.map { String($0.dropLast()) } ?? "?"
        print(String(format: "%@ (scan): median %.1f s over %d runs, %d pages, %.2f s a page on %d cores, confidence %@ (%d tasks)", name,
                     times[runs / 2] / 1000, runs, pages, times[runs / 2] / 1000 / Double(max(pages, 1)),
                     ProcessInfo.processInfo.activeProcessorCount, confidence, tasks))
    } else {
        print(String(format: "%@: median %.1f ms, slowest %.1f ms over %d runs (%d tasks)", name, times[runs / 2], times[runs - 1], runs, tasks))
    }
}

/// Page count of a PDF, from poppler's pdfinfo.
enum PDFPages {
    static func count(path: String) -> Int {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/pdfinfo")
        process.arguments = [path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return 0 }
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        let line = output.split(separator: "\n").first { $0.hasPrefix("Pages:") } ?? ""
        return Int(line.dropFirst(6).trimmingCharacters(in: .whitespaces)) ?? 0
    }
}
