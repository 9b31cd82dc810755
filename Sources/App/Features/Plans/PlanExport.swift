import Domain
import Fluent
import Vapor

/// Plan downloads: the plan as `cchc.plan/v1` JSON, as a Word document in the official layout, and its task
/// table (the appendix) as a spreadsheet.
enum PlanExport {
    enum Format: String, CaseIterable {
        case json, docx, xlsx

        var contentType: String {
            switch self {
            case .json: return "application/json; charset=utf-8"
            case .docx: return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            case .xlsx: return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        }
    }

    /// "ke-hoach-23-kh-ubnd-2025.docx", or "du-thao-ke-hoach-2025.docx" before a number is given.
    static func filename(_ plan: Plan, ext: String) -> String {
        let number = VietnameseText.fold(plan.number ?? "").map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
        let base = number.isEmpty ? "du-thao-ke-hoach-\(plan.year)" : "ke-hoach-\(number)-\(plan.year)"
        return base + "." + ext
    }

    static func response(_ plan: Plan, format: Format, on db: any Database) async throws -> Response {
        let document = try await PlanService.document(plan, on: db)
        let data: Data
        switch format {
        case .json:
            data = try document.jsonData()
        case .docx:
            do { data = try DocxWriter.data(for: document) } catch let error as PlanExportError {
                throw AppError(.unprocessableEntity, error.description)
            }
        case .xlsx:
            let rows = document.tasks.map { t in
                ["\(t.no)", t.content, t.product ?? "", t.lead.joined(separator: "; "), t.coordinating.joined(separator: "; "),
                 t.timeframe.text, t.timeframe.summary, t.notes ?? ""]
            }
            data = try XlsxWriter.data(sheet: "Phụ lục", header: ["STT", "Nội dung", "Sản phẩm", "Cơ quan chủ trì", "Cơ quan phối hợp",
                                                                 "Thời gian thực hiện", "Thời gian (đã hiểu)", "Ghi chú"],
                                       rows: rows, widths: [6, 60, 25, 30, 30, 20, 22, 20])
        }
        let response = Response(status: .ok, body: .init(data: data))
        response.headers.replaceOrAdd(name: .contentType, value: format.contentType)
        response.headers.contentDisposition = .init(.attachment, filename: filename(plan, ext: format.rawValue))
        return response
    }
}
