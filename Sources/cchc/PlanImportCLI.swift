import Domain
import Foundation

/// `cchc import-plan FILE --json`
enum PlanImportCLI {
    static func run(_ args: [String]) -> Int32 {
        let files = args.filter { !$0.hasPrefix("--") }
        guard files.count == 1, let path = files.first else {
            FileHandle.standardError.write(Data("usage: cchc import-plan FILE --json\n".utf8))
            return 64
        }
        do {
            let plan = try PlanImporter().importFile(at: path)
            var data = try plan.jsonData()
            data.append(0x0A)
            FileHandle.standardOutput.write(data)
            return 0
        } catch let error as PlanImportError {
            FileHandle.standardError.write(Data("\(path): \(error.description)\n".utf8))
            return 1
        } catch {
            FileHandle.standardError.write(Data("\(path): không đọc được tệp.\n".utf8))
            return 1
        }
    }
}
