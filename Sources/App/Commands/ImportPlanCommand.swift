import Domain
import Foundation
import Vapor

/// `cchc import-plan FILE --json`: reads a plan document (.docx, .doc, .txt, .md, .html, .pdf) and prints it as
/// `cchc.plan/v1` JSON on standard output. Needs no database.
struct ImportPlanCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "file", help: "Văn bản kế hoạch") var file: String
        @Flag(name: "json", help: "In kế hoạch dưới dạng JSON cchc.plan/v1 (mặc định)") var json: Bool
    }

    var help: String { "Đọc văn bản kế hoạch và in JSON cchc.plan/v1." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let plan: Domain.Plan
        do {
            plan = try PlanImporter().importFile(at: signature.file)
        } catch let error as PlanImportError {
            throw CommandFailure("\(signature.file): \(error.description)")
        } catch {
            throw CommandFailure("\(signature.file): không đọc được tệp.")
        }
        var data = try plan.jsonData()
        data.append(0x0A)
        FileHandle.standardOutput.write(data)
    }
}
