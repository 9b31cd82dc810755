import Fluent
import Vapor
import Domain

struct GroupController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.get("groups", ":groupID", use: show)
        routes.get("groups", ":groupID", "members.csv", use: exportCSV)
        routes.get("groups", ":groupID", "members.xlsx", use: exportXLSX)
    }

    /// The group in the path and the date it is resolved on (`?date=`, default today).
    private func groupAndDate(_ req: Request) async throws -> (UnitGroup, CalendarDate) {
        _ = try req.requireViewer()
        guard let id = req.parameters.get("groupID", as: UUID.self),
              let group = try await UnitGroup.query(on: req.db).filter(\.$id == id).with(\.$anchor).with(\.$aliases).first() else {
            throw AppError.notFound("Không tìm thấy nhóm đơn vị.")
        }
        var date = req.application.clock.today()
        if let text = try? req.query.get(String.self, at: "date"), !text.isEmpty {
            guard let d = UnitCSVImport.parseDate(String(text.prefix(40))) else {
                throw AppError(.badRequest, "Ngày \"\(text.prefix(40))\" không hợp lệ, hãy nhập theo dạng dd/mm/yyyy (ví dụ 01/07/2025).")
            }
            date = d
        }
        return (group, date)
    }

    @Sendable func exportCSV(req: Request) async throws -> Response { try await export(req, format: "csv") }
    @Sendable func exportXLSX(req: Request) async throws -> Response { try await export(req, format: "xlsx") }

    private func export(_ req: Request, format: String) async throws -> Response {
        let (group, date) = try await groupAndDate(req)
        let members = try await GroupService.resolve(group, on: date, db: req.db)
        let rows = try await RegistryExport.rows(members, viewer: try req.requireViewer(), on: req.db)
        let slug = String(VietnameseText.fold(group.name).map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" })
        return try RegistryExport.response(rows, name: "nhom-" + slug, format: format)
    }

    @Sendable func show(req: Request) async throws -> Response {
        let (group, date) = try await groupAndDate(req)
        let today = req.application.clock.today()
        let members = try await GroupService.resolve(group, on: date, db: req.db)
        let rule = group.rule
        let ruleText = (rule.relation == .children ? "Đơn vị trực thuộc " : "Mọi đơn vị cấp dưới của ") + group.anchor.name
            + (rule.kinds.isEmpty ? "" : ", loại: " + rule.kinds.map(\.label).joined(separator: ", "))
            + (rule.levels.isEmpty ? "" : ", cấp: " + rule.levels.map(\.label).joined(separator: ", "))
        return try await req.render("groups/show", title: group.name, section: "units",
                                    GroupShowPage(id: group.id?.uuidString ?? "", name: group.name, anchor: UnitRow(group.anchor, today: today),
                                                  aliases: group.aliases.map(\.name).sorted(), ruleText: ruleText,
                                                  date: date.display, members: members.map { UnitRow($0, today: today) }))
    }
}
