import Domain
import Fluent
import Vapor

/// The monthly radio column (menu *Hỏi đáp* → *Chuyên mục phát thanh*): the station's unit picks the month's published
/// answers of its province, edits them into a script with the reading time, exports it as `.docx`, and marks it
/// broadcast, which records an activity (radio segment, on radio) of the plan task it chooses.
struct RadioColumnController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.radioColumns, require: \.mayEnterQuestions, use: index)
        routes.on(.radioColumnCreate, require: \.mayEnterQuestions, use: create)
        routes.on(.radioColumn, load: RadioColumn.self, need: .read, use: show)
        routes.on(.radioColumnSave, load: RadioColumn.self, need: .edit, use: save)
        routes.on(.radioColumnDOCX, load: RadioColumn.self, need: .read, use: docx)
        routes.on(.radioColumnBroadcast, load: RadioColumn.self, need: .edit, use: broadcast)
    }

    /// The answers published in `month` in the province of `unit`, newest first (the candidates for its column).
    static func candidates(for unit: Unit, month: YearMonth, on db: any Database) async throws -> [CitizenQuestion] {
        let province = try await QuestionService.province(of: unit, on: db)
        guard let first = CalendarDate(year: month.year, month: month.month, day: 1),
              let last = CalendarDate(year: month.year, month: month.month, day: CalendarDate.daysIn(month: month.month, year: month.year)) else { return [] }
        return try await CitizenQuestion.query(on: db).filter(\.$province.$id == province.requireID()).filter(\.$status == .answered)
            .filter(\.$publicAnswer != nil).filter(\.$answeredOn >= first).filter(\.$answeredOn <= last).with(\.$unit)
            .sort(\.$answeredOn, .descending).limit(200).all()
    }

    static func item(_ q: CitizenQuestion) -> RadioScript.Item {
        .init(code: q.code, unit: q.unit.name, question: q.publicQuestion ?? "", answer: q.publicAnswer ?? "")
    }

    struct Row: Encodable { let id: UUID; let month: String; let items: Int; let duration: String; let broadcast: String? }

    @Sendable func index(req: Request, viewer: Viewer) async throws -> Response {
        let columns = try await RadioColumn.query(on: req.db).within(viewer.scope(.read)).sort(\.$month, .descending).limit(120).all()
        let rows = try columns.map { c in
            Row(id: try c.requireID(), month: c.month.split(separator: "-").reversed().joined(separator: "/"), items: c.script?.items.count ?? 0,
                duration: RadioScript.duration(c.script?.totalSeconds ?? 0), broadcast: c.broadcastOn?.display)
        }
        let today = req.application.clock.today()
        let last = today.adding(days: -today.day).flatMap(\.yearMonth) ?? today.yearMonth
        struct Content: Encodable { let rows: [Row]; let month: String; let unit: String }
        return try await req.render("questions/radio-index", title: "Chuyên mục phát thanh hỏi đáp", section: "questions",
                                    Content(rows: rows, month: last.map { "\($0.month < 10 ? "0" : "")\($0.month)/\($0.year)" } ?? "", unit: viewer.unit.name))
    }

    struct CreateForm: Content { var month: String? }

    static func month(_ text: String?) -> YearMonth? {
        let parts = (text ?? "").split(whereSeparator: { $0 == "/" || $0 == "-" }).compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard parts.count == 2 else { return nil }
        return parts[0] > 12 ? YearMonth(year: parts[0], month: parts[1]) : YearMonth(year: parts[1], month: parts[0])
    }

    @Sendable func create(req: Request, viewer: Viewer) async throws -> Response {
        guard let month = Self.month(try req.content.decode(CreateForm.self).month) else {
            throw AppError(.unprocessableEntity, "Nhập tháng dạng mm/yyyy, ví dụ 11/2026.")
        }
        let unitID = try viewer.unit.requireID()
        if let existing = try await RadioColumn.query(on: req.db).filter(\.$unit.$id == unitID).filter(\.$month == month.description).first() {
            return req.redirect(to: .radioColumn, try existing.requireID())
        }
        let settings = try await QuestionService.settings(province: try await QuestionService.province(of: viewer.unit, on: req.db).requireID(), on: req.db)
        let picked = try await Self.candidates(for: viewer.unit, month: month, on: req.db).prefix(5).map(Self.item)
        let script = RadioScript(station: viewer.unit.name, month: month, intro: RadioScript.defaultIntro(month: month, station: viewer.unit.name),
                                 items: Array(picked.reversed()), outro: RadioScript.defaultOutro, wordsPerMinute: settings.deadlines.wordsPerMinute)
        let column = RadioColumn(unitID: unitID, month: month, script: try StoredJSON.encode(script), by: viewer.actor.name, at: req.now)
        do {
            try await req.db.audited(by: viewer.actor, at: req.now) { db, audit in
                try await column.create(on: db)
                try await audit.record(.create, .radioColumn, id: column.id, unit: unitID,
                                       summary: "Soạn chuyên mục phát thanh hỏi đáp tháng \(month.month)/\(month.year) (\(script.items.count) câu)")
            }
        } catch let error as any DatabaseError where error.isConstraintFailure {
            // Created meanwhile by another click: open that one.
            guard let existing = try await RadioColumn.query(on: req.db).filter(\.$unit.$id == unitID).filter(\.$month == month.description).first() else {
                throw AppError(.conflict, "Chuyên mục tháng này vừa được tạo; tải lại trang.")
            }
            return req.redirect(to: .radioColumn, try existing.requireID())
        }
        req.flash("Đã soạn chuyên mục tháng \(month.month)/\(month.year) với \(script.items.count) câu trả lời đã công bố; chọn, sửa lời rồi xuất kịch bản.")
        return req.redirect(to: .radioColumn, try column.requireID())
    }
}
