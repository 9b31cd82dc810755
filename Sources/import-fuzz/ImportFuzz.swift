import Domain
import Foundation
#if FUZZING
import FuzzDriver
#endif

/// Fuzz target for the plan importer, in-process under the limits the server's child process sets for itself.
///
/// Built with libFuzzer by `scripts/fuzz-import` (`-sanitize=fuzzer -DFUZZING`): each input's first byte picks the
/// format (.docx, .md, .html, .txt) and the rest is the file. Built normally, it is the reproducer: it reads the files
/// named on its command line (a crash file libFuzzer left, a corpus folder) through the same path.
enum ImportFuzz {
    static let formats = ["docx", "md", "html", "txt"]

    static func run(_ bytes: UnsafeRawBufferPointer) {
        guard let first = bytes.first else { return }
        let data = Data(bytes.dropFirst())
        _ = try? PlanImporter(maxBytes: 1 << 20).importData(data, filename: "plan." + formats[Int(first) % formats.count])
    }
}

#if FUZZING
/// libFuzzer's runtime refers to this symbol even when its loop is entered through `LLVMFuzzerRunDriver`.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    ImportFuzz.run(UnsafeRawBufferPointer(start: data, count: size))
    return 0
}
#endif

@main
struct ImportFuzzMain {
    static func main() throws {
        PlanImportWorker.applyFuzzLimits()
        #if FUZZING
        // SwiftPM gives an executable its own main; libFuzzer's loop is entered from it.
        var argc = CommandLine.argc
        var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
        exit(LLVMFuzzerRunDriver(&argc, &argv) { data, size in fuzzOneInput(data, size) })
        #else
        var files: [URL] = []
        for path in CommandLine.arguments.dropFirst() {
            let url = URL(fileURLWithPath: path)
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue {
                files += try FileManager.default.contentsOfDirectory(at: url, includingPropertiesForKeys: nil)
            } else {
                files.append(url)
            }
        }
        for file in files {
            let data = try Data(contentsOf: file)
            data.withUnsafeBytes { ImportFuzz.run($0) }
        }
        print("read \(files.count) inputs without a trap")
        #endif
    }
}
