import Domain
import Foundation

/// `cchc export-plan PLAN.json|PLAN.docx|… OUT.docx`: writes a plan (its JSON, or any document the importer reads)
/// as a Word document in the official layout.
enum PlanExportCLI {
    static func run(_ args: [String]) -> Int32 {
        guard args.count == 2, args[1].lowercased().hasSuffix(".docx") else {
            FileHandle.standardError.write(Data("usage: cchc export-plan PLAN.json OUT.docx\n".utf8))
            return 64
        }
        let (input, output) = (args[0], args[1])
        do {
            let plan: Plan
            if input.lowercased().hasSuffix(".json") {
                guard let data = FileManager.default.contents(atPath: input) else { throw PlanImportError.unreadable("không mở được tệp \(input).") }
                do { plan = try JSONDecoder().decode(Plan.self, from: data) } catch {
                    throw PlanImportError.unreadable("tệp JSON không theo mẫu cchc.plan/v1.")
                }
            } else {
                plan = try PlanImporter().importFile(at: input)
            }
            try DocxWriter.data(for: plan).write(to: URL(fileURLWithPath: output))
            return 0
        } catch let error as PlanImportError {
            FileHandle.standardError.write(Data("\(input): \(error.description)\n".utf8))
        } catch let error as PlanExportError {
            FileHandle.standardError.write(Data("\(output): \(error.description)\n".utf8))
        } catch {
            FileHandle.standardError.write(Data("\(output): không ghi được tệp.\n".utf8))
        }
        return 1
    }
}
