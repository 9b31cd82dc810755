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
        let number = VietnameseText.slug(plan.number ?? "")
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
        return .download(data, filename: filename(plan, ext: format.rawValue), contentType: format.contentType)
    }

    /// One row per assignment: the task, the lead unit, its window, due date, status and number of periods.
    static func assignmentsCSV(_ plan: Plan, on db: any Database) async throws -> Response {
        let planID = try plan.requireID()
        let tasks = try await PlanReadModel.load(planID: planID, withLinks: false, on: db).tasks
        let order = Dictionary(uniqueKeysWithValues: tasks.enumerated().map { ($1.id, $0) })
        let assignments = try await Assignment.query(on: db).filter(\.$plan.$id == planID).with(\.$unit).with(\.$occurrences).all()
            .sorted { (order[$0.$task.id] ?? 0, $0.unit.code) < (order[$1.$task.id] ?? 0, $1.unit.code) }
        let byID = Dictionary(uniqueKeysWithValues: tasks.map { ($0.id, $0) })
        let labels: [Assignment.Status: String] = [.open: "Đang thực hiện", .done: "Hoàn thành", .cancelled: "Đã hủy"]
        let rows = assignments.map { a -> [String] in
            let task = byID[a.$task.id]
            return ["\(task?.no ?? 0)", task?.content ?? "", a.unit.code, a.unit.name, a.startsOn.display, a.dueOn.display,
                    labels[a.status] ?? a.status.rawValue, "\(a.occurrences.count)"]
        }
        let text = CSVWriter.text(header: ["STT nhiệm vụ", "Nội dung", "Mã đơn vị chủ trì", "Đơn vị chủ trì", "Bắt đầu", "Hạn",
                                           "Trạng thái", "Số kỳ"], rows: rows)
        return .download(Data(text.utf8), filename: filename(plan, ext: "csv").replacingOccurrences(of: ".csv", with: "-phan-cong.csv"),
                         contentType: "text/csv; charset=utf-8")
    }
}
