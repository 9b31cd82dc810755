import Domain
import Foundation
import Vapor

/// `cchc export-plan PLAN.json|PLAN.docx|… OUT.docx`: writes a plan (its JSON, or any document the importer reads)
/// as a Word document in the official layout. Needs no database.
struct ExportPlanCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Argument(name: "input", help: "Kế hoạch: tệp JSON cchc.plan/v1 hoặc văn bản đọc được") var input: String
        @Argument(name: "output", help: "Tệp Word (.docx) cần ghi") var output: String
    }

    var help: String { "Viết kế hoạch thành tệp Word theo thể thức Nghị định 30/2020." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let (input, output) = (signature.input, signature.output)
        guard output.lowercased().hasSuffix(".docx") else { throw CommandFailure("\(output): tệp ra phải có đuôi .docx.") }
        let plan: Domain.Plan
        do {
            if input.lowercased().hasSuffix(".json") {
                guard let data = FileManager.default.contents(atPath: input) else { throw PlanImportError.unreadable("không mở được tệp \(input).") }
                do { plan = try JSONDecoder().decode(Domain.Plan.self, from: data) } catch {
                    throw PlanImportError.unreadable("tệp JSON không theo mẫu cchc.plan/v1.")
                }
            } else {
                plan = try PlanImporter().importFile(at: input)
            }
        } catch let error as PlanImportError {
            throw CommandFailure("\(input): \(error.description)")
        }
        do {
            try DocxWriter.data(for: plan).write(to: URL(fileURLWithPath: output))
        } catch let error as PlanExportError {
            throw CommandFailure("\(output): \(error.description)")
        } catch {
            throw CommandFailure("\(output): không ghi được tệp.")
        }
    }
}
