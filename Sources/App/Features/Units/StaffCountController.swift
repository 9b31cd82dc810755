import Domain
import Fluent
import Vapor

/// Staff counts of units ("số biên chế"), dated: a unit's history and a form for whoever manages the unit, and a CSV
/// import for the registry's managers. A contest's participation rate divides by the count in force on the round's day.
struct StaffCountController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.unitStaff, load: Unit.self, need: .read, use: show)
        routes.on(.unitStaffSubmit, load: Unit.self, need: .manage, use: save)
        routes.on(.staffImport, require: \.managesRegistry, use: importForm)
        routes.on(.staffImportSubmit, require: \.managesRegistry, use: importCSV)
    }

    struct Form: Content {
        var staff: String?
        var asOf: String?
    }

    struct Page: Encodable {
        struct Row: Encodable { let asOf: String; let staff: Int; let recordedBy: String; let recordedAt: String }
        let unit: UnitRow
        let rows: [Row]
        let current: String?
        let mayManage: Bool
        let staff: String
        let asOf: String
        let errors: [String: String]
    }

    private func page(_ req: Request, _ viewer: Viewer, _ unit: Unit, form: Form? = nil, errors: FieldErrors = FieldErrors(),
                      status: HTTPResponseStatus = .ok) async throws -> Response {
        let today = req.application.clock.today()
        let history = try await StaffCountService.history(of: unit, on: req.db)
        let current = StaffCountCSV.inForce(history.map { ($0.asOf, $0) }, on: today)
        return try await req.render("units/staff", title: "Số biên chế — \(unit.name)", section: "units",
                                    Page(unit: UnitRow(unit, today: today),
                                         rows: history.map { .init(asOf: $0.asOf.display, staff: $0.staff, recordedBy: $0.recordedBy,
                                                                   recordedAt: AppClock.display($0.recordedAt)) },
                                         current: current.map { "\($0.staff) người (từ ngày \($0.asOf.display))" },
                                         mayManage: viewer.may(.manage, unit), staff: form?.staff ?? "",
                                         asOf: form?.asOf ?? today.display, errors: errors.all), status: status)
    }

    @Sendable func show(req: Request, viewer: Viewer, unit: Unit) async throws -> Response {
        try await page(req, viewer, unit)
    }

    @Sendable func save(req: Request, viewer: Viewer, unit: Unit) async throws -> Response {
        let form = try req.content.decode(Form.self)
        let typed = Form(staff: form.staff.map { String($0.prefix(40)) }, asOf: form.asOf.map { String($0.prefix(40)) })
        var errors = FieldErrors()
        let staff = StaffCountCSV.staff(typed.staff ?? "")
        if staff == nil { errors.add("staff", "Hãy nhập số biên chế là một số từ 0 đến \(StaffCountCSV.maxStaff), ví dụ 125.") }
        let date = UnitCSVImport.parseDate((typed.asOf ?? "").trimmingCharacters(in: .whitespaces))
        if date == nil { errors.add("asOf", "Hãy nhập ngày áp dụng theo dạng ngày/tháng/năm, ví dụ 01/01/2026.") }
        guard let staff, let date else { return try await page(req, viewer, unit, form: typed, errors: errors, status: .unprocessableEntity) }
        try await StaffCountService.save([(unit, staff, date)], actor: viewer.actor, now: req.now, on: req.db)
        req.flash("Đã lưu số biên chế của \(unit.name): \(staff) người từ ngày \(date.display).")
        return req.redirect(to: .unitStaff, try unit.requireID())
    }

    struct ImportPage: Encodable {
        let errors: [String]
        let saved: Int?
        let sample: String
        let scopeName: String?
    }

    private func importPage(_ req: Request, _ viewer: Viewer, errors: [String] = [], saved: Int? = nil,
                            status: HTTPResponseStatus = .ok) async throws -> Response {
        let sample = "ma,bien_che,ngay\n\(viewer.unit.code),\(45),01/01/\(req.application.clock.today().year)"
        return try await req.render("units/staff-import", title: "Nhập số biên chế", section: "units",
                                    ImportPage(errors: errors, saved: saved, sample: sample, scopeName: viewer.isAdmin ? nil : viewer.unit.name),
                                    status: status)
    }

    @Sendable func importForm(req: Request, viewer: Viewer) async throws -> Response {
        try await importPage(req, viewer)
    }

    @Sendable func importCSV(req: Request, viewer: Viewer) async throws -> Response {
        let upload = try req.content.decode(UnitController.ImportUpload.self)
        switch UploadedText.csv(upload.file) {
        case .failure(let problem): return try await importPage(req, viewer, errors: [problem.message], status: .unprocessableEntity)
        case .success(let text):
            let result = try await StaffCountService.importCSV(text, viewer: viewer, now: req.now, on: req.db)
            guard result.errors.isEmpty else {
                return try await importPage(req, viewer, errors: result.errors.map(\.description), status: .unprocessableEntity)
            }
            return try await importPage(req, viewer, saved: result.saved)
        }
    }
}
