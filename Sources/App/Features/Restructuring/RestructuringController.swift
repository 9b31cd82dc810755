import Domain
import Fluent
import Vapor

/// Restructuring pages: the list of registry events (undo while pending), one event entered by hand, and the table
/// import with its preview.
struct RestructuringController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.registryEvents, require: \.managesRegistry, use: events)
        routes.on(.registryEventUndo, require: \.managesRegistry, use: undo)
        routes.on(.registryEventNew, require: \.managesRegistry, use: newEvent)
        routes.on(.registryEventCreate, require: \.managesRegistry, use: createEvent)
        routes.on(.restructure, require: \.managesRegistry, use: form)
        routes.on(.restructureSubmit, require: \.managesRegistry, use: submit)
    }

    struct EventRow: Encodable {
        let id: String
        let kind: String
        let state: String
        let effective: String
        let basis: String
        let summary: String
        let note: String?
        let accounts: Int
        let canUndo: Bool
    }

    struct EventsPage: Encodable {
        let rows: [EventRow]
        let paging: Paging
    }

    struct ImportPage: Encodable {
        let preview: RestructuringImport.Preview?
        let errors: [String]
        let applied: Int?
        /// The table as sent (base64), carried to the "apply" button so the same table is applied.
        let payload: String?
        let filename: String?
    }

    /// Events about units the viewer manages (administrators: all), newest effective date first.
    @Sendable func events(req: Request, viewer: Viewer) async throws -> Response {
        let today = req.application.clock.today()
        let query = RegistryEvent.query(on: req.db).join(Unit.self, on: \RegistryEvent.$unit.$id == \Unit.$id, method: .left)
        if !viewer.isAdmin { query.filter(viewer.scope(.manage).unitFilter) }
        let total = try await query.copy().count()
        let paging = Paging(page: req.pageNumber, total: total, noun: "sự kiện", link: { req.link(page: $0) })
        let list = try await query.sort(\.$effectiveOn, .descending).sort(\.$createdAt, .descending)
            .range(paging.offset..<(paging.offset + paging.perPage)).all()
        let rows = list.map { e in
            EventRow(id: e.id?.uuidString ?? "", kind: e.kind.label, state: e.state.label, effective: e.effectiveOn.display, basis: e.basisText,
                     summary: e.summary, note: e.note, accounts: e.details.accounts.count,
                     canUndo: e.state == .pending && e.effectiveOn > today)
        }
        return try await req.render("registry/events", title: "Sự kiện sắp xếp đơn vị", section: "units", EventsPage(rows: rows, paging: paging))
    }

    @Sendable func undo(req: Request, viewer: Viewer) async throws -> Response {
        guard let id = req.parameters.get("eventID", as: UUID.self), let event = try await RegistryEvent.find(id, on: req.db) else {
            throw AppError.notFound("Không tìm thấy sự kiện sắp xếp.")
        }
        // Only who manages every unit the event touched may undo it.
        let ids = Set(event.details.sources + event.details.targets)
        for unit in try await Unit.query(on: req.db).filter(\.$id ~~ ids).all() where !viewer.may(.manage, unit) && !event.details.created.contains(unit.id ?? UUID()) {
            throw AppError.forbidden
        }
        try await RegistryEventService.undo(event, actor: viewer.actor, now: req.now, today: req.application.clock.today(), on: req.db)
        req.flash("Đã hủy sự kiện: \(event.summary).")
        return req.redirect(to: .registryEvents)
    }

    @Sendable func newEvent(req: Request, viewer: Viewer) async throws -> Response {
        var form = RegistryEventForm()
        form.kind = (try? req.query.get(String.self, at: "kind")) ?? RegistryEvent.Kind.merge.rawValue
        return try await req.render("registry/event-new", title: "Ghi một sự kiện sắp xếp", section: "units",
                                    RegistryEventForm.page(form, errors: []))
    }

    /// One event from the form: recorded (and applied at once when its date has come), or the form again with the reason.
    @Sendable func createEvent(req: Request, viewer: Viewer) async throws -> Response {
        let form = try req.content.decode(RegistryEventForm.self)
        do {
            let change = try await form.change(viewer: viewer, on: req.db)
            let event = try await RegistryEventService.record(change, actor: viewer.actor, now: req.now, today: req.application.clock.today(), on: req.db)
            req.flash("Đã ghi sự kiện: \(event.summary).")
            return req.redirect(to: .registryEvents)
        } catch let error as AppError where error.status == .unprocessableEntity || error.status == .conflict {
            return try await req.render("registry/event-new", title: "Ghi một sự kiện sắp xếp", section: "units",
                                        RegistryEventForm.page(form, errors: [error.reason]), status: .unprocessableEntity)
        }
    }

    @Sendable func form(req: Request, viewer: Viewer) async throws -> Response {
        return try await req.render("registry/restructure", title: "Sắp xếp đơn vị từ bảng", section: "units",
                                    ImportPage(preview: nil, errors: [], applied: nil, payload: nil, filename: nil))
    }

    struct Upload: Content {
        var file: File?
        /// Sent by the preview's "apply" button: the same table, base64.
        var payload: String?
        var filename: String?
        var apply: String?
    }

    /// A table uploaded → its preview (nothing changed); the preview's button → applied in one transaction.
    @Sendable func submit(req: Request, viewer: Viewer) async throws -> Response {
        let upload = try req.content.decode(Upload.self)
        func page(_ content: ImportPage, _ status: HTTPResponseStatus) async throws -> Response {
            try await req.render("registry/restructure", title: "Sắp xếp đơn vị từ bảng", section: "units", content, status: status)
        }
        var data: Data
        var filename: String
        if let file = upload.file, file.data.readableBytes > 0 {
            data = Data(buffer: file.data)
            filename = file.filename
        } else if let payload = upload.payload, let decoded = Data(base64Encoded: payload), let name = upload.filename {
            data = decoded
            filename = name
        } else {
            return try await page(ImportPage(preview: nil, errors: ["Vui lòng chọn tệp bảng sắp xếp (.csv hoặc .xlsx)."], applied: nil,
                                             payload: nil, filename: nil), .unprocessableEntity)
        }
        let table: [[String]]
        do { table = try RestructuringImport.table(from: data, filename: filename) } catch let error as AppError {
            return try await page(ImportPage(preview: nil, errors: [error.reason], applied: nil, payload: nil, filename: nil), .unprocessableEntity)
        }
        let resolution = try await RestructuringImport.resolve(table, viewer: viewer, on: req.db)
        if upload.apply == "1", resolution.problems.isEmpty {
            let count = try await RestructuringImport.apply(resolution, viewer: viewer, now: req.now, today: req.application.clock.today(), on: req.db)
            req.flash("Đã áp dụng \(count) thay đổi trong bảng sắp xếp.")
            return req.redirect(to: .registryEvents)
        }
        let preview = try await RestructuringImport.preview(resolution, on: req.db)
        return try await page(ImportPage(preview: preview, errors: [], applied: nil, payload: data.base64EncodedString(), filename: filename),
                              preview.problems.isEmpty ? .ok : .unprocessableEntity)
    }
}
