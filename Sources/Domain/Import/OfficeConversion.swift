import Foundation

/// Old Word (.doc), OpenDocument (.odt) and Rich Text (.rtf) files, converted to .docx by LibreOffice headless
/// (`libreoffice-writer-nogui`) in a private temporary folder that is removed afterwards, under a time limit.
enum OfficeConversion {
    static let extensions = ["doc", "odt", "rtf"]
    /// LibreOffice's first start in a fresh profile takes a few seconds; a large file a few more.
    static let timeout: TimeInterval = 120

    static var soffice: String? {
        ExternalTool.find("soffice", extra: ["/usr/lib/libreoffice/program/soffice", "/opt/libreoffice/program/soffice"])
    }

    static let missing = "Cần cài LibreOffice (gói libreoffice-writer-nogui) để đọc tệp .doc, .odt hoặc .rtf: apt-get install libreoffice-writer-nogui. Hoặc mở tệp bằng Word và lưu lại dưới dạng .docx."

    static func docx(from data: Data, extension ext: String, maxBytes: Int) throws -> Data {
        guard let tool = soffice else { throw PlanImportError.toolMissing(missing) }
        return try ExternalTool.withPrivateFolder("office") { folder in try convert(data, extension: ext, with: tool, in: folder, maxBytes: maxBytes) }
    }

    private static func convert(_ data: Data, extension ext: String, with tool: String, in folder: URL, maxBytes: Int) throws -> Data {
        let fm = FileManager.default
        let input = folder.appendingPathComponent("plan.\(ext)")
        do { try data.write(to: input) } catch { throw PlanImportError.unreadable("không ghi được tệp tạm để chuyển đổi.") }
        // `timeout` stops the whole process group: soffice starts soffice.bin, which a kill of soffice alone would leave.
        var executable = tool
        var arguments = ["-env:UserInstallation=file://\(folder.path)/profile", "--headless", "--norestore",
                         "--convert-to", "docx", "--outdir", folder.path, input.path]
        if let limiter = ExternalTool.find("timeout", extra: ["/bin/timeout"]) {
            arguments = ["-k", "5", "\(Int(timeout))", tool] + arguments
            executable = limiter
        }
        let result: ExternalTool.Result
        do {
            result = try ExternalTool.run(executable, arguments, timeout: timeout + 10, maxOutput: 1024 * 1024)
        } catch {
            throw PlanImportError.toolMissing("Không chạy được LibreOffice (soffice).")
        }
        if result.timedOut || result.status == 124 || result.status == 137 {
            throw PlanImportError.unreadable("LibreOffice chuyển đổi tệp này quá \(Int(timeout)) giây nên đã bị dừng.")
        }
        let output = folder.appendingPathComponent("plan.docx")
        guard result.status == 0, let converted = fm.contents(atPath: output.path), !converted.isEmpty else {
            throw PlanImportError.unreadable("LibreOffice không chuyển được tệp .\(ext) này sang .docx.")
        }
        guard converted.count <= maxBytes * 4 else { throw PlanImportError.tooLarge(bytes: converted.count, limit: maxBytes) }
        return converted
    }
}
