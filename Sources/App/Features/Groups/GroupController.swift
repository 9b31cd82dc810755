import Fluent
import Vapor
import Domain

struct GroupController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.groupNew, use: newForm)
        routes.on(.groupCreate, use: create)
        routes.on(.groupEdit, load: UnitGroup.self, need: .manage, use: editForm)
        routes.on(.groupUpdate, load: UnitGroup.self, need: .manage, use: update)
        routes.on(.group, load: UnitGroup.self, need: .signedIn, use: show)
        routes.on(.groupCSV, load: UnitGroup.self, need: .signedIn, use: exportCSV)
        routes.on(.groupXLSX, load: UnitGroup.self, need: .signedIn, use: exportXLSX)
    }

    /// The date a group is resolved on (`?date=`, default today).
    private func date(_ req: Request) throws -> CalendarDate {
        var date = req.application.clock.today()
        if let text = try? req.query.get(String.self, at: "date"), !text.isEmpty {
            guard let d = UnitCSVImport.parseDate(String(text.prefix(40))) else {
                throw AppError(.badRequest, "Ngày \"\(text.prefix(40))\" không hợp lệ, hãy nhập theo dạng dd/mm/yyyy (ví dụ 01/07/2025).")
            }
            date = d
        }
        return date
    }

    @Sendable func exportCSV(req: Request, viewer: Viewer, group: UnitGroup) async throws -> Response {
        try await export(req, viewer: viewer, group: group, format: "csv")
    }
    @Sendable func exportXLSX(req: Request, viewer: Viewer, group: UnitGroup) async throws -> Response {
        try await export(req, viewer: viewer, group: group, format: "xlsx")
    }

    private func export(_ req: Request, viewer: Viewer, group: UnitGroup, format: String) async throws -> Response {
        let members = try await GroupService.resolve(group, on: try date(req), db: req.db)
        let rows = try await RegistryExport.rows(members, viewer: viewer, on: req.db)
        let slug = String(VietnameseText.fold(group.name).map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "-" })
        return try RegistryExport.response(rows, name: "nhom-" + slug, format: format)
    }

    private func renderForm(_ req: Request, group: UnitGroup?, form: GroupForm, errors: FieldErrors, choices: [Unit] = [],
                            status: HTTPResponseStatus = .ok) async throws -> Response {
        let kinds = Set(form.kinds ?? []), levels = Set(form.levels ?? [])
        let page = GroupFormPage(
            isNew: group == nil, action: group.map { SiteRoute.groupUpdate.path($0.id?.uuidString ?? "") } ?? SiteRoute.groupCreate.path(), form: form,
            isList: form.type == "list", errors: errors.all,
            relations: GroupRule.Relation.allCases.map {
                SelectOption(value: $0.rawValue, label: $0 == .children ? "Đơn vị trực thuộc trực tiếp" : "Mọi đơn vị cấp dưới",
                             selected: $0.rawValue == (form.relation ?? "children"))
            },
            kinds: UnitKind.allCases.map { SelectOption(value: $0.rawValue, label: $0.label, selected: kinds.contains($0.rawValue)) },
            levels: UnitLevel.allCases.map { SelectOption(value: $0.rawValue, label: $0.label, selected: levels.contains($0.rawValue)) },
            anchorChoices: UnitPicker.choices(choices))
        return try await req.render("groups/form", title: group == nil ? "Tạo nhóm đơn vị" : "Sửa nhóm đơn vị", section: "units", page,
                                    status: status)
    }

    @Sendable func newForm(req: Request, viewer: Viewer) async throws -> Response {
        guard viewer.managesRegistry else { throw AppError.forbidden }
        var anchor = viewer.unit
        if let text = try? req.query.get(String.self, at: "anchor"), let id = UUID(uuidString: text), let found = try await Unit.find(id, on: req.db) {
            anchor = found
        }
        return try await renderForm(req, group: nil, form: GroupForm(anchorQuery: anchor.code, type: "rule", relation: "children"),
                                    errors: FieldErrors())
    }

    @Sendable func editForm(req: Request, viewer: Viewer, group: UnitGroup) async throws -> Response {
        let dto = try await GroupService.dto(group, on: req.db)
        let form = GroupForm(name: group.name, anchorQuery: group.anchor.code, type: group.isList ? "list" : "rule",
                             relation: group.isList ? "children" : group.relation, kinds: dto.kinds, levels: dto.levels,
                             members: dto.members.joined(separator: "\n"), aliases: dto.aliases.joined(separator: "\n"),
                             validFrom: group.validFrom?.display, validTo: group.validTo?.display)
        return try await renderForm(req, group: group, form: form, errors: FieldErrors())
    }

    @Sendable func create(req: Request, viewer: Viewer) async throws -> Response {
        guard viewer.managesRegistry else { throw AppError.forbidden }
        return try await save(req, group: nil, viewer: viewer)
    }

    @Sendable func update(req: Request, viewer: Viewer, group: UnitGroup) async throws -> Response {
        return try await save(req, group: group, viewer: viewer)
    }

    private func save(_ req: Request, group: UnitGroup?, viewer: Viewer) async throws -> Response {
        let form = try req.content.decode(GroupForm.self)
        var errors = FieldErrors()
        let checked = form.validate(errors: &errors)
        var anchor: Unit?
        switch try await UnitPicker.resolve(id: nil, query: form.anchorQuery, allowed: { viewer.may(.manage, $0) }, date: req.application.clock.today(), on: req.db) {
        case .unit(let unit): anchor = unit
        case .choose(let units):
            errors.add("anchorQuery", "Có nhiều đơn vị khớp. Hãy nhập mã của đơn vị gốc (ví dụ trong danh sách dưới đây).")
            return try await renderForm(req, group: group, form: form, errors: errors, choices: units, status: .unprocessableEntity)
        case .none, .notFound:
            errors.add("anchorQuery", "Không tìm thấy đơn vị gốc của nhóm trong phạm vi bạn quản lý. Hãy nhập mã đơn vị.")
        }
        if let anchor, !viewer.may(.manage, anchor) { errors.add("anchorQuery", "Bạn chỉ được tạo nhóm trong phạm vi \(viewer.unit.name).") }
        var members: [Unit] = []
        if let checked, checked.isList {
            let found = try await Unit.query(on: req.db).filter(\.$code ~~ checked.memberCodes).all()
            let known = Set(found.map(\.code))
            let unknown = checked.memberCodes.filter { !known.contains($0) }
            if !unknown.isEmpty { errors.add("members", "Không tìm thấy đơn vị có mã: \(unknown.prefix(10).joined(separator: ", "))\(unknown.count > 10 ? " …" : "").") }
            let outside = found.filter { !viewer.may(.manage, $0) }.map(\.code)
            if !outside.isEmpty { errors.add("members", "Các đơn vị ngoài phạm vi bạn quản lý: \(outside.prefix(10).joined(separator: ", ")).") }
            members = found
        }
        guard errors.isEmpty, let checked, let anchor else {
            return try await renderForm(req, group: group, form: form, errors: errors, status: .unprocessableEntity)
        }
        let saved = try await GroupService.save(group, anchor: anchor, input: checked, members: members, actor: viewer.actor, now: req.now, on: req.db)
        req.flash("Đã lưu nhóm đơn vị \(saved.name).")
        return req.redirect(to: .group, try saved.requireID())
    }

    @Sendable func show(req: Request, viewer: Viewer, group: UnitGroup) async throws -> Response {
        let date = try date(req)
        let today = req.application.clock.today()
        let members = try await GroupService.resolve(group, on: date, db: req.db)
        let rule = group.rule
        let validity = [group.validFrom.map { "từ \($0.display)" },
                        group.validTo.map { "đến \($0.display)" }].compactMap { $0 }.joined(separator: " ")
        let ruleText = (group.isList ? "Danh sách đơn vị do " + group.anchor.name + " lập"
            : (rule.relation == .children ? "Đơn vị trực thuộc " : "Mọi đơn vị cấp dưới của ") + group.anchor.name
            + (rule.kinds.isEmpty ? "" : ", loại: " + rule.kinds.map(\.label).joined(separator: ", "))
            + (rule.levels.isEmpty ? "" : ", cấp: " + rule.levels.map(\.label).joined(separator: ", ")))
            + (validity.isEmpty ? "" : "; hiệu lực " + validity)
        return try await req.render("groups/show", title: group.name, section: "units",
                                    GroupShowPage(id: group.id?.uuidString ?? "", canManage: viewer.may(.manage, group.anchor), name: group.name, anchor: UnitRow(group.anchor, today: today),
                                                  aliases: group.aliases.map(\.name).sorted(), ruleText: ruleText,
                                                  date: date.display, members: members.map { UnitRow($0, today: today) }))
    }
}
