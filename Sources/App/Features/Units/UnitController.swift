import Fluent
import Vapor
import Domain

/// Registry pages: tree, search, a unit's page, add/edit/retire (administrators), contact details (the unit), CSV import.
struct UnitController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.units, use: tree)
        routes.on(.unitSearch, use: search)
        routes.on(.unitsCSV, use: exportCSV)
        routes.on(.unitsXLSX, use: exportXLSX)
        routes.on(.unitNew, require: \.managesRegistry, use: newForm)
        routes.on(.unitCreate, require: \.managesRegistry, use: create)
        routes.on(.unitImport, require: \.managesRegistry, use: importForm)
        routes.on(.unitImportSubmit, require: \.managesRegistry, use: importCSV)
        routes.on(.unit, load: Unit.self, need: .signedIn, use: show)
        routes.on(.unitEdit, load: Unit.self, need: .manage, use: editForm)
        routes.on(.unitUpdate, load: Unit.self, need: .manage, use: update)
        routes.on(.unitRetire, load: Unit.self, need: .retire, use: retireForm)
        routes.on(.unitRetireSubmit, load: Unit.self, need: .retire, use: retire)
        routes.on(.unitContact, load: Unit.self, need: .edit, use: contactForm)
        routes.on(.unitContactSubmit, load: Unit.self, need: .edit, use: updateContact)
        routes.on(.unitUsers, load: Unit.self, need: .read, use: users)
    }

    @Sendable func tree(req: Request, viewer: Viewer) async throws -> Response {
        let parentText = (try? req.query.get(String.self, at: "parent")) ?? ""
        var parent: Unit?
        if !parentText.isEmpty {
            guard let id = UUID(uuidString: parentText), let found = try await Unit.find(id, on: req.db) else {
                throw AppError.notFound("Không tìm thấy đơn vị cấp trên này. Hãy mở lại danh mục từ đầu.")
            }
            parent = found
        }
        let filters = try UnitBrowser.filters(from: req)
        let date = filters.date
        let (rows, paging, breadcrumb) = try await UnitBrowser.load(parent: parent, filters: filters, page: req.pageNumber,
                                                                     link: { req.link(page: $0) }, on: req.db)
        let options = UnitBrowser.options(filters)
        let page = UnitBrowser.Page(parent: parent.map { UnitRow($0, today: date) }, breadcrumb: breadcrumb.map { UnitRow($0, today: date) },
                                    rows: rows, paging: paging, kinds: options.kinds, levels: options.levels, statuses: options.statuses,
                                    parentID: parent?.id?.uuidString ?? "", filtered: !filters.isEmpty,
                                    canManage: viewer.managesRegistry, date: date.description, dateDisplay: date.display,
                                    dateQuery: filters.datedByRequest ? "&date=\(date.description)" : "")
        return try await req.render("units/index", title: parent?.name ?? "Danh mục đơn vị", section: "units", page)
    }

    @Sendable func exportCSV(req: Request, viewer: Viewer) async throws -> Response { try await export(req, viewer, format: "csv") }
    @Sendable func exportXLSX(req: Request, viewer: Viewer) async throws -> Response { try await export(req, viewer, format: "xlsx") }

    /// The whole registry, or with `?parent=` the subtree under one unit.
    private func export(_ req: Request, _ viewer: Viewer, format: String) async throws -> Response {
        let q = Unit.query(on: req.db)
        var name = "danh-muc-don-vi"
        if let text = try? req.query.get(String.self, at: "parent"), !text.isEmpty {
            guard let id = UUID(uuidString: text), let root = try await Unit.find(id, on: req.db) else {
                throw AppError.notFound("Không tìm thấy đơn vị cần xuất danh mục.")
            }
            q.within(.subtree(of: root))
            name += "-" + root.code
        }
        let units = try await q.sort(\.$path).all()
        return try RegistryExport.response(try await RegistryExport.rows(units, viewer: viewer, on: req.db), name: name, format: format)
    }

    @Sendable func search(req: Request, viewer: Viewer) async throws -> Response {
        let q = (try? req.query.get(String.self, at: "q")) ?? ""
        let date = try req.registryDate()
        let everyPeriod = (try? req.query.get(String.self, at: "period")) == "all"
        let on: CalendarDate? = everyPeriod ? nil : date
        let groups = try await GroupService.search(q, on: req.db)
        let first = try await UnitService.search(q, on: req.db, date: on, offset: (req.pageNumber - 1) * 50, limit: 50)
        let paging = Paging(page: req.pageNumber, total: first.total, noun: "đơn vị", link: { req.link(page: $0) })
        // A page past the end shows the last one.
        let shown = paging.offset == (req.pageNumber - 1) * 50 ? first.units
            : try await UnitService.search(q, on: req.db, date: on, offset: paging.offset, limit: paging.perPage).units
        return try await req.render("units/search", title: "Tìm đơn vị", section: "units",
                                    UnitSearchPage(query: String(q.prefix(LikePattern.maxTermLength)), rows: shown.map { UnitRow($0, today: date) },
                                                   groups: groups, paging: paging, searched: !q.trimmingCharacters(in: .whitespaces).isEmpty,
                                                   date: date.description, dateDisplay: date.display, everyPeriod: everyPeriod))
    }

    @Sendable func show(req: Request, viewer: Viewer, unit: Unit) async throws -> Response {
        let today = req.application.clock.today()
        let ancestors = try await Unit.query(on: req.db).filter(\.$id ~~ unit.ancestorIDs.dropLast()).all()
            .sorted { $0.path.count < $1.path.count }
        // The units below it today (or on ?date=), and its place in the restructurings.
        let date = try req.registryDate()
        let children = try await Unit.query(on: req.db).children(of: try unit.requireID(), on: date).valid(on: date).sort(\.$name).all()
        let lineage = try await UnitLineage.links(of: try unit.requireID(), on: req.db)
        let ownEvents = try await RegistryEvent.query(on: req.db).filter(\.$unit.$id == unit.requireID()).filter(\.$state != .undone)
            .sort(\.$effectiveOn).all()
        let pending = ownEvents.filter { $0.state == .pending }
        let aliases = try await UnitService.aliases(of: unit.requireID(), on: req.db)
        let groups = try await GroupService.groups(anchoredAt: unit, on: req.db)
        let counts = viewer.may(.read, unit) ? try await StaffCountService.history(of: unit, on: req.db).map { ($0.asOf, $0.staff) } : []
        let staff = StaffCountCSV.inForce(counts, on: today).map { "\($0) người" }
        let page = UnitShowPage(
            unit: UnitRow(unit, today: today), shortName: unit.shortName,
            parent: ancestors.last.map { UnitRow($0, today: today) },
            ancestors: ancestors.map { UnitRow($0, today: today) },
            children: children.map { UnitRow($0, today: today) }, aliases: aliases, groups: groups,
            validFrom: unit.validFrom?.display,
            validTo: unit.validTo?.display,
            address: viewer.may(.read, unit) ? unit.address : nil, phone: viewer.may(.read, unit) ? unit.phone : nil,
            email: viewer.may(.read, unit) ? unit.email : nil, website: unit.website,
            canSeeRecords: viewer.may(.read, unit), canEditRecords: viewer.may(.edit, unit), canManage: viewer.may(.manage, unit),
            canRetire: viewer.mayRetireOrMove(unit),
            predecessors: lineage.predecessors, successors: lineage.successors,
            pendingEvents: pending.map { "\($0.summary) — \($0.basisText)" },
            events: ownEvents.filter { $0.state == .effective }.map(UnitShowPage.EventNote.init),
            childrenDate: date.display, canRestructure: viewer.may(.manage, unit) && viewer.managesRegistry,
            staff: staff)
        return try await req.render("units/show", title: unit.name, section: "units", page)
    }

    @Sendable func newForm(req: Request, viewer: Viewer) async throws -> Response {
        var parent = viewer.isAdmin ? nil : viewer.unit
        if let text = try? req.query.get(String.self, at: "parent"), let id = UUID(uuidString: text) {
            parent = try await Unit.find(id, on: req.db) ?? parent
        }
        return try await renderForm(req, isNew: true, action: SiteRoute.unitCreate.path(), form: UnitForm(parentQuery: parent?.code), errors: FieldErrors())
    }

    private func renderForm(_ req: Request, isNew: Bool, action: String, form: UnitForm, errors: FieldErrors,
                            choices: [Unit] = [], status: HTTPResponseStatus = .ok) async throws -> Response {
        try await req.render("units/form", title: isNew ? "Thêm đơn vị" : "Sửa đơn vị", section: "units",
                             UnitFormPage.make(isNew: isNew, action: action, form: form, errors: errors,
                                               parentQuery: form.parentQuery ?? "", choices: choices),
                             status: status)
    }

    /// Turns the typed parent into an id, or the page to show instead (choices, or "not found").
    private func pickParent(_ req: Request, viewer: Viewer, form: UnitForm, isNew: Bool, action: String) async throws -> Result<UnitForm, ResponseBox> {
        let outcome = try await UnitPicker.resolve(id: form.parentID, query: form.parentQuery, allowed: { viewer.mayPlace(under: $0) }, date: req.application.clock.today(), on: req.db)
        let decision = UnitPicker.decide(outcome, typed: form.parentQuery, what: "đơn vị cấp trên", required: false)
        var form = form
        guard let message = decision.error else {
            form.parentID = decision.id
            return .success(form)
        }
        var errors = FieldErrors()
        errors.add("parentID", message)
        return .failure(ResponseBox(try await renderForm(req, isNew: isNew, action: action, form: form, errors: errors,
                                                         choices: decision.choices, status: .unprocessableEntity)))
    }

    @Sendable func create(req: Request, viewer: Viewer) async throws -> Response {
        let posted = try req.content.decode(UnitForm.self)
        let form: UnitForm
        switch try await pickParent(req, viewer: viewer, form: posted, isNew: true, action: SiteRoute.unitCreate.path()) {
        case .failure(let page): return page.response
        case .success(let picked): form = picked
        }
        switch form.validate() {
        case .failure(let box):
            return try await renderForm(req, isNew: true, action: SiteRoute.unitCreate.path(), form: form, errors: box.errors, status: .unprocessableEntity)
        case .success(let input):
            var errors = FieldErrors()
            if try await UnitService.codeExists(input.code, except: nil, on: req.db) {
                errors.add("code", "Mã đơn vị \"\(input.code)\" đã được dùng cho đơn vị khác.")
            }
            let parent = try await input.parentID.asyncMap { try await Unit.find($0, on: req.db) } ?? nil
            if input.parentID != nil && parent == nil {
                errors.add("parentID", "Không tìm thấy đơn vị cấp trên.")
            } else if !viewer.mayPlace(under: parent) {
                errors.add("parentID", parent == nil ? "Chỉ quản trị hệ thống được thêm đơn vị gốc; hãy chọn đơn vị cấp trên."
                                                     : "Bạn chỉ được thêm đơn vị thuộc phạm vi \(viewer.unit.name).")
            }
            guard errors.isEmpty else {
                return try await renderForm(req, isNew: true, action: SiteRoute.unitCreate.path(), form: form, errors: errors, status: .unprocessableEntity)
            }
            let unit = try await UnitService.create(input, actor: viewer.actor, now: req.now, on: req.db)
            req.flash("Đã thêm đơn vị \(unit.name).")
            return req.redirect(to: .unit, try unit.requireID())
        }
    }

    @Sendable func editForm(req: Request, viewer: Viewer, unit: Unit) async throws -> Response {
        let dto = try await UnitService.dto(unit, on: req.db)
        var form = UnitForm(dto)
        form.parentID = nil
        form.parentQuery = try await unit.$parent.id.asyncMap { try await Unit.find($0, on: req.db)?.code } ?? nil
        return try await renderForm(req, isNew: false, action: SiteRoute.unitUpdate.path(try unit.requireID()), form: form, errors: FieldErrors())
    }

    @Sendable func update(req: Request, viewer: Viewer, unit: Unit) async throws -> Response {
        let action = SiteRoute.unitUpdate.path(try unit.requireID())
        let posted = try req.content.decode(UnitForm.self)
        let form: UnitForm
        switch try await pickParent(req, viewer: viewer, form: posted, isNew: false, action: action) {
        case .failure(let page): return page.response
        case .success(let picked): form = picked
        }
        switch form.validate() {
        case .failure(let box):
            return try await renderForm(req, isNew: false, action: action, form: form, errors: box.errors, status: .unprocessableEntity)
        case .success(let input):
            var errors = FieldErrors()
            if try await UnitService.codeExists(input.code, except: unit.id, on: req.db) {
                errors.add("code", "Mã đơn vị \"\(input.code)\" đã được dùng cho đơn vị khác.")
            }
            if input.parentID != unit.$parent.id {
                let parent = try await input.parentID.asyncMap { try await Unit.find($0, on: req.db) } ?? nil
                if input.parentID != nil && parent == nil {
                    errors.add("parentID", "Không tìm thấy đơn vị cấp trên.")
                } else if let parent, UnitScope.subtree(of: unit).contains(parent) {
                    errors.add("parentID", "Không thể chuyển đơn vị vào dưới chính nó hoặc đơn vị cấp dưới của nó.")
                } else if !viewer.mayRetireOrMove(unit) || !viewer.mayPlace(under: parent) {
                    errors.add("parentID", "Bạn chỉ được chuyển đơn vị trong phạm vi \(viewer.unit.name).")
                }
            }
            guard errors.isEmpty else {
                return try await renderForm(req, isNew: false, action: action, form: form, errors: errors, status: .unprocessableEntity)
            }
            try await UnitService.update(unit, with: input, actor: viewer.actor, now: req.now, on: req.db)
            req.flash("Đã lưu thay đổi của đơn vị \(unit.name).")
            return req.redirect(to: action)
        }
    }

    struct RetireForm: Content {
        var date: String?
        var confirm: String?
    }

    struct RetirePage: Encodable {
        let unit: UnitRow
        let childCount: Int
        let date: String
        let error: String?
    }

    private func renderRetire(_ req: Request, unit: Unit, date: String, status: HTTPResponseStatus = .ok, error: String?) async throws -> Response {
        let children = try await Unit.query(on: req.db).filter(\.$parent.$id == unit.requireID()).count()
        return try await req.render("units/retire", title: "Cho ngừng hoạt động", section: "units",
                                    RetirePage(unit: UnitRow(unit, today: req.application.clock.today()), childCount: children,
                                               date: date, error: error), status: status)
    }

    /// The confirmation step: retiring takes a deliberate second click.
    @Sendable func retireForm(req: Request, viewer: Viewer, unit: Unit) async throws -> Response {
        return try await renderRetire(req, unit: unit, date: "", error: nil)
    }

    @Sendable func retire(req: Request, viewer: Viewer, unit: Unit) async throws -> Response {
        let form = try req.content.decode(RetireForm.self)
        let text = String((form.date ?? "").trimmingCharacters(in: .whitespaces).prefix(40))
        let date: CalendarDate
        if !text.isEmpty {
            guard let d = UnitCSVImport.parseDate(text) else {
                return try await renderRetire(req, unit: unit, date: text, status: .unprocessableEntity,
                                              error: "Ngày \"\(text)\" không hợp lệ. Hãy nhập theo dạng ngày/tháng/năm, ví dụ 30/06/2025.")
            }
            date = d
        } else {
            date = req.application.clock.today()
        }
        guard form.confirm == "1" else {
            return try await renderRetire(req, unit: unit, date: text, status: .unprocessableEntity,
                                          error: "Hãy đánh dấu ô xác nhận để cho đơn vị ngừng hoạt động.")
        }
        try await UnitService.retire(unit, on: date, actor: viewer.actor, now: req.now, on: req.db)
        req.flash("Đơn vị \(unit.name) ngừng hoạt động từ ngày \(date.display).")
        return req.redirect(to: .unit, try unit.requireID())
    }

    @Sendable func contactForm(req: Request, viewer: Viewer, unit: Unit) async throws -> Response {
        let form = UnitContactForm(address: unit.address, phone: unit.phone, email: unit.email, website: unit.website)
        return try await req.render("units/contact", title: "Thông tin liên hệ", section: "units",
                                    UnitContactPage(unit: UnitRow(unit, today: req.application.clock.today()), form: form, errors: [:]))
    }

    @Sendable func updateContact(req: Request, viewer: Viewer, unit: Unit) async throws -> Response {
        let form = try req.content.decode(UnitContactForm.self)
        switch form.validate() {
        case .failure(let box):
            return try await req.render("units/contact", title: "Thông tin liên hệ", section: "units",
                                        UnitContactPage(unit: UnitRow(unit, today: req.application.clock.today()), form: form,
                                                        errors: box.errors.all), status: .unprocessableEntity)
        case .success(let input):
            try await UnitService.updateContact(unit, with: input, actor: viewer.actor, now: req.now, on: req.db)
            req.flash("Đã lưu thông tin liên hệ.")
            return req.redirect(to: .unit, try unit.requireID())
        }
    }

    @Sendable func users(req: Request, viewer: Viewer, unit: Unit) async throws -> Response {
        let users = try await User.query(on: req.db).filter(\.$unit.$id == unit.requireID()).sort(\.$username).all()
        let rows = users.map {
            UserRow(id: $0.id?.uuidString ?? "", username: $0.username, fullName: $0.fullName, role: $0.role.label,
                    unitName: unit.name, active: $0.isActive)
        }
        return try await req.render("units/users", title: "Tài khoản của \(unit.name)", section: "units",
                                    UnitUsersPage(unit: UnitRow(unit, today: req.application.clock.today()), users: rows,
                                                  canManage: viewer.may(.manage, unit)))
    }

    /// A sample that imports as written for the account reading it: a new office under its own unit.
    static func sampleCSV(for viewer: Viewer) -> String {
        let parent = viewer.unit
        return """
        ma,ten,ten_viet_tat,loai,cap,ma_don_vi_cha,ten_goi_khac,hieu_luc_tu,hieu_luc_den
        \(parent.code)-PDT,Phòng Dân tộc (ví dụ),PDT,Phòng,\(parent.level.label),\(parent.code),Phòng Dân tộc|PDT,01/01/2026,
        """
    }

    private func importPage(_ req: Request, _ viewer: Viewer, errors: [String] = [], created: Int? = nil, updated: Int? = nil,
                            status: HTTPResponseStatus = .ok) async throws -> Response {
        return try await req.render("units/import", title: "Nhập danh mục đơn vị", section: "units",
                                    UnitImportPage(errors: errors, created: created, updated: updated, sample: Self.sampleCSV(for: viewer),
                                                   kinds: UnitKind.allCases.map(\.label).joined(separator: "; "),
                                                   levels: UnitLevel.allCases.map(\.label).joined(separator: "; "),
                                                   scopeName: viewer.isAdmin ? nil : viewer.unit.name),
                                    status: status)
    }

    @Sendable func importForm(req: Request, viewer: Viewer) async throws -> Response {
        return try await importPage(req, viewer)
    }

    struct ImportUpload: Content {
        var file: File?
    }

    @Sendable func importCSV(req: Request, viewer: Viewer) async throws -> Response {
        let upload = try req.content.decode(ImportUpload.self)
        let text: String
        switch UploadedText.csv(upload.file) {
        case .failure(let problem): return try await importPage(req, viewer, errors: [problem.message], status: .unprocessableEntity)
        case .success(let read): text = read
        }
        let result = try await UnitImportService.importCSV(text, actor: viewer.actor, scope: viewer.isAdmin ? nil : viewer.unit,
                                                           now: req.now, on: req.db)
        if !result.errors.isEmpty {
            return try await importPage(req, viewer, errors: result.errors.map(\.description), status: .unprocessableEntity)
        }
        return try await importPage(req, viewer, created: result.created, updated: result.updated)
    }
}
