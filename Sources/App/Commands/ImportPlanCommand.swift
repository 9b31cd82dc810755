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
            // The file is read by a child process under the server's limits: a file made to crash the reader ends
            // with a message, as it would on the server.
            let config = try AppConfig.fromEnvironment(ProcessInfo.processInfo.environment)
            guard let worker = config.importWorker else { throw CommandFailure("Không tìm thấy chương trình cchc để đọc tệp.") }
            guard let size = (try? FileManager.default.attributesOfItem(atPath: signature.file))?[.size] as? NSNumber else {
                throw PlanImportError.unreadable("không mở được tệp \(signature.file).")
            }
            let maxBytes = PlanImporter().maxBytes
            if size.intValue > maxBytes { throw PlanImportError.tooLarge(bytes: size.intValue, limit: maxBytes) }
            plan = try ImportSandbox(worker: worker, isolation: ImportSandbox.availableIsolation, limits: config.importLimits)
                .importFile(at: URL(fileURLWithPath: signature.file).path, maxBytes: maxBytes)
        } catch let error as PlanImportError {
            throw CommandFailure("\(signature.file): \(error.description)")
        } catch let failure as CommandFailure {
            throw failure
        } catch {
            throw CommandFailure("\(signature.file): không đọc được tệp.")
        }
        var data = try plan.jsonData()
        data.append(0x0A)
        FileHandle.standardOutput.write(data)
    }
}
