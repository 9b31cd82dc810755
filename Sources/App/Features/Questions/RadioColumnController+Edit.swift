import Domain
import Fluent
import Vapor

extension RadioColumnController {
    struct Part: Encodable { let code: String; let unit: String; let question: String; let answer: String; let picked: Bool; let duration: String }

    struct ShowContent: Encodable {
        let id: UUID
        let month: String
        let station: String
        let intro: String
        let outro: String
        let introDuration: String
        let outroDuration: String
        let total: String
        let speed: Int
        let parts: [Part]
        let broadcast: String?
        let mayEdit: Bool
        let tasks: [ContestService.TaskChoice]
        let message: String?
    }

    func render(_ req: Request, _ viewer: Viewer, _ column: RadioColumn, message: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        guard let script = column.script, let month = YearMonth(column.month) else { throw AppError(.internalServerError, "Kịch bản bị hỏng.") }
        let chosen = Set(script.items.map(\.code))
        var parts = script.items.map { Part(code: $0.code, unit: $0.unit, question: $0.question, answer: $0.answer, picked: true,
                                            duration: RadioScript.duration(script.seconds($0.question) + script.seconds($0.answer))) }
        for q in try await Self.candidates(for: column.unit, month: month, on: req.db) where !chosen.contains(q.code) {
            let item = Self.item(q)
            parts.append(Part(code: item.code, unit: item.unit, question: item.question, answer: item.answer, picked: false,
                              duration: RadioScript.duration(script.seconds(item.question) + script.seconds(item.answer))))
        }
        let mayEdit = viewer.may(.edit, column.unit)
        let content = ShowContent(
            id: try column.requireID(), month: "\(month.month < 10 ? "0" : "")\(month.month)/\(month.year)", station: script.station,
            intro: script.intro, outro: script.outro, introDuration: RadioScript.duration(script.seconds(script.intro)),
            outroDuration: RadioScript.duration(script.seconds(script.outro)), total: RadioScript.duration(script.totalSeconds),
            speed: script.wordsPerMinute, parts: parts, broadcast: column.broadcastOn?.display, mayEdit: mayEdit,
            tasks: mayEdit ? try await ContestService.taskChoices(for: column.unit, on: req.db) : [], message: message)
        return try await req.render("questions/radio", title: "Chuyên mục hỏi đáp tháng \(content.month)", section: "questions", content, status: status)
    }

    @Sendable func show(req: Request, viewer: Viewer, column: RadioColumn) async throws -> Response {
        try await render(req, viewer, column)
    }

    struct SaveForm: Content {
        var intro: String?
        var outro: String?
        var pick: [String]?
        var questions: [String: String]?
        var answers: [String: String]?
    }

    @Sendable func save(req: Request, viewer: Viewer, column: RadioColumn) async throws -> Response {
        guard var script = column.script, let month = YearMonth(column.month) else { throw AppError(.internalServerError, "Kịch bản bị hỏng.") }
        let form = try req.content.decode(SaveForm.self)
        let picked = Set((form.pick ?? []).prefix(30))
        // The texts as edited, each checked again for personal data (the asker's name included) before it can be aired.
        var known: [String: CitizenQuestion] = [:]
        for q in try await Self.candidates(for: column.unit, month: month, on: req.db) { known[q.code] = q }
        let previous = Dictionary(script.items.map { ($0.code, $0) }, uniquingKeysWith: { a, _ in a })
        var items: [RadioScript.Item] = []
        for code in (script.items.map(\.code) + known.keys.sorted()) where picked.contains(code) && !items.contains(where: { $0.code == code }) {
            guard let base = previous[code] ?? known[code].map(Self.item) else { continue }
            let names = [known[code]?.askerName].compactMap { $0 }
            let question = PersonalData.mask(VietnameseText.cleanLines(String((form.questions?[code] ?? base.question).prefix(4000))), names: names).text
            let answer = PersonalData.mask(VietnameseText.cleanLines(String((form.answers?[code] ?? base.answer).prefix(8000))), names: names).text
            items.append(.init(code: code, unit: base.unit, question: question, answer: answer))
        }
        script.items = items
        script.intro = VietnameseText.cleanLines(String((form.intro ?? script.intro).prefix(4000)))
        script.outro = VietnameseText.cleanLines(String((form.outro ?? script.outro).prefix(4000)))
        let json = try StoredJSON.encode(script)
        let summary = "Sửa chuyên mục hỏi đáp tháng \(month.month)/\(month.year): \(items.count) câu, \(RadioScript.duration(script.totalSeconds))"
        let actor = viewer.actor
        let id = try column.requireID()
        try await req.db.audited(by: actor, at: req.now) { db, audit in
            try await RadioColumn.query(on: db).filter(\.$id == id).set(\.$scriptJSON, to: json).set(\.$updatedBy, to: actor.name)
                .set(\.$updatedAt, to: req.now).update()
            try await audit.record(.update, .radioColumn, id: id, unit: column.$unit.id,
                                   summary: summary)
        }
        req.flash("Đã lưu kịch bản: \(items.count) câu hỏi, thời lượng đọc \(RadioScript.duration(script.totalSeconds)).")
        return req.redirect(to: .radioColumn, id)
    }

    @Sendable func docx(req: Request, viewer: Viewer, column: RadioColumn) async throws -> Response {
        guard let script = column.script else { throw AppError(.internalServerError, "Kịch bản bị hỏng.") }
        return .download(try RadioScriptWriter.data(for: script), filename: "chuyen-muc-hoi-dap-\(column.month).docx",
                         contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    }

    struct BroadcastForm: Content { var day: String?; var task: String?; var reach: String? }

    /// Marks the column aired on a day and records it as the activity of the chosen plan task (radio segment, on radio).
    @Sendable func broadcast(req: Request, viewer: Viewer, column: RadioColumn) async throws -> Response {
        let form = try req.content.decode(BroadcastForm.self)
        guard column.broadcastOn == nil else { return try await render(req, viewer, column, message: "Chuyên mục đã được đánh dấu phát sóng.", status: .conflict) }
        var errors = FieldErrors()
        guard let day = UnitForm.date(form.day, field: "day", errors: &errors), day <= req.application.clock.today() else {
            return try await render(req, viewer, column, message: errors["day"] ?? "Nhập ngày phát sóng (dd/mm/yyyy), không sau hôm nay.", status: .unprocessableEntity)
        }
        guard let script = column.script, !script.items.isEmpty else {
            return try await render(req, viewer, column, message: "Kịch bản chưa có câu hỏi nào.", status: .unprocessableEntity)
        }
        let reachText = (form.reach ?? "").trimmingCharacters(in: .whitespaces)
        let reach = reachText.isEmpty ? nil : Int(reachText)
        if !reachText.isEmpty && (reach ?? -1) < 0 { return try await render(req, viewer, column, message: "Số người nghe phải là số không âm.", status: .unprocessableEntity) }
        let title = "Chuyên mục “Dân hỏi – Chính quyền trả lời” tháng \(column.month.split(separator: "-").reversed().joined(separator: "/")): \(script.items.count) câu hỏi"
        let input = ActivityService.Input(kind: .radioSegment, channel: .radio, happenedOn: day, title: title, link: nil, reach: reach, cost: nil,
                                          note: "Thời lượng \(RadioScript.duration(script.totalSeconds)); ghi khi đánh dấu phát sóng.", occurrenceID: nil)
        let activityID: UUID?
        do {
            activityID = try await ContestService.recordOnTask(input, choice: form.task, unit: column.unit, actor: viewer.actor,
                                                              files: req.application.files, config: req.config, on: req.db)?.id
        } catch let error as AppError where (400..<500).contains(error.status.code) {
            return try await render(req, viewer, column, message: error.reason, status: error.status)
        }
        let id = try column.requireID()
        let recorded = activityID
        try await req.db.audited(by: viewer.actor, at: req.now) { db, audit in
            try await RadioColumn.query(on: db).filter(\.$id == id).set(\.$broadcastOn, to: day).set(\.$activityID, to: recorded).update()
            try await audit.record(.update, .radioColumn, id: id, unit: column.$unit.id, summary: "Đánh dấu phát sóng chuyên mục hỏi đáp ngày \(day.display)")
        }
        req.flash("Đã đánh dấu phát sóng ngày \(day.display)" + (activityID != nil ? " và ghi kết quả thực hiện nhiệm vụ." : "."))
        return req.redirect(to: .radioColumn, id)
    }
}
