import Domain
import Fluent
import Vapor

/// A province's Q&A settings, kept as data its coordinator edits (the plan owners of the province's top unit, and
/// administrators): the routing rules, the holidays and the deadlines by channel and kind. Checked by line before saving.
struct QuestionSettingsController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.questionSettings, use: page)
        routes.on(.questionSettingsSave, use: save)
    }

    struct Cell: Encodable { let name: String; let value: String }
    struct Line: Encodable { let channel: String; let cells: [Cell] }

    struct Content: Encodable {
        let province: String
        let routing: String
        let holidays: String
        let numbers: [Cell]
        let kinds: [String]
        let lines: [Line]
        let problems: [String]
    }

    static let numberFields = ["answerDays", "forwardDays", "remindBefore", "overdueEvery", "wordsPerMinute"]

    private func province(_ req: Request, _ viewer: Viewer) async throws -> Unit {
        let province = try await QuestionService.province(of: viewer.unit, on: req.db)
        guard viewer.may(.manage, province) else { throw AppError.forbidden }
        return province
    }

    private func render(_ req: Request, province: Unit, routing: String, holidays: String, fields: [String: String], problems: [String] = [],
                        status: HTTPResponseStatus = .ok) async throws -> Response {
        let lines = QuestionChannel.allCases.map { channel in
            Line(channel: channel.label, cells: QuestionKind.allCases.map { kind in
                let name = "d_" + channel.rawValue + "_" + kind.rawValue
                return Cell(name: name, value: fields[name] ?? "")
            })
        }
        return try await req.render("questions/settings", title: "Cài đặt hỏi đáp", section: "questions", Content(
            province: province.name, routing: routing, holidays: holidays,
            numbers: Self.numberFields.map { Cell(name: $0, value: fields[$0] ?? "") }, kinds: QuestionKind.allCases.map(\.label),
            lines: lines, problems: problems), status: status)
    }

    @Sendable func page(req: Request, viewer: Viewer) async throws -> Response {
        let province = try await province(req, viewer)
        let settings = try await QuestionService.settings(province: try province.requireID(), on: req.db)
        let d = settings.deadlines
        var fields = ["answerDays": "\(d.answerDays)", "forwardDays": "\(d.forwardDays)", "remindBefore": "\(d.remindBefore)",
                      "overdueEvery": "\(d.overdueEvery)", "wordsPerMinute": "\(d.wordsPerMinute)"]
        for (key, days) in d.answer { fields["d_" + key.replacingOccurrences(of: "|", with: "_")] = "\(days)" }
        return try await render(req, province: province, routing: settings.routingText, holidays: settings.holidaysText, fields: fields)
    }

    /// The settings a form describes, or the problems, each naming its line or field.
    static func read(_ fields: [String: String], province: Unit, today: CalendarDate, on db: any Database) async throws
        -> (settings: QuestionService.Settings?, problems: [String]) {
        var problems: [String] = []
        let routingText = String((fields["routing"] ?? "").prefix(50_000))
        let holidaysText = String((fields["holidays"] ?? "").prefix(20_000))
        let (routing, routingProblems) = QuestionRouting.parse(routingText)
        problems += routingProblems.map { "Quy tắc chuyển câu hỏi — " + $0.prefix(1).lowercased() + $0.dropFirst() }
        let directory = try await UnitDirectory.load(issuer: province, on: today, db: db)
        for rule in routing.rules where try await QuestionService.resolve(rule.unit, in: province, directory: directory, today: today, on: db) == nil {
            problems.append("Quy tắc chuyển câu hỏi — dòng \(rule.line): không tìm thấy đơn vị \"\(rule.unit)\" đang hoạt động trong \(province.name).")
        }
        problems += WorkingCalendar.parse(holidaysText).problems.map { "Ngày nghỉ lễ — " + $0.prefix(1).lowercased() + $0.dropFirst() }
        func number(_ name: String, _ label: String, _ range: ClosedRange<Int>) -> Int? {
            let text = (fields[name] ?? "").trimmingCharacters(in: .whitespaces)
            guard let value = Int(text), range.contains(value) else {
                problems.append("\(label): nhập số từ \(range.lowerBound) đến \(range.upperBound).")
                return nil
            }
            return value
        }
        let answerDays = number("answerDays", "Hạn trả lời chung (ngày làm việc)", QuestionDeadlines.dayRange)
        let forwardDays = number("forwardDays", "Hạn chuyển câu hỏi không thuộc thẩm quyền", QuestionDeadlines.dayRange)
        let remindBefore = number("remindBefore", "Nhắc trước hạn", QuestionDeadlines.remindRange)
        let overdueEvery = number("overdueEvery", "Nhắc lại sau hạn mỗi", QuestionDeadlines.dayRange)
        let speed = number("wordsPerMinute", "Tốc độ đọc (từ/phút)", QuestionDeadlines.speedRange)
        var answer: [String: Int] = [:]
        for channel in QuestionChannel.allCases {
            for kind in QuestionKind.allCases {
                let text = (fields["d_" + channel.rawValue + "_" + kind.rawValue] ?? "").trimmingCharacters(in: .whitespaces)
                guard !text.isEmpty else { continue }
                guard let days = Int(text), QuestionDeadlines.dayRange.contains(days) else {
                    problems.append("Hạn \(kind.label.lowercased()) qua \(channel.label.lowercased()): nhập số từ 1 đến 120 hoặc để trống.")
                    continue
                }
                answer[QuestionDeadlines.key(channel, kind)] = days
            }
        }
        guard problems.isEmpty, let answerDays, let forwardDays, let remindBefore, let overdueEvery, let speed else { return (nil, problems) }
        let deadlines = QuestionDeadlines(answer: answer, answerDays: answerDays, forwardDays: forwardDays, remindBefore: remindBefore,
                                          overdueEvery: overdueEvery, wordsPerMinute: speed)
        return (QuestionService.Settings(routingText: routingText, holidaysText: holidaysText, deadlines: deadlines), [])
    }

    @Sendable func save(req: Request, viewer: Viewer) async throws -> Response {
        let province = try await province(req, viewer)
        let fields = try req.content.decode([String: String].self)
        let today = req.application.clock.today()
        let (settings, problems) = try await Self.read(fields, province: province, today: today, on: req.db)
        guard let settings else {
            return try await render(req, province: province, routing: fields["routing"] ?? "", holidays: fields["holidays"] ?? "", fields: fields,
                                    problems: problems, status: .unprocessableEntity)
        }
        let provinceID = try province.requireID()
        let json = try StoredJSON.encode(settings.deadlines)
        let actor = viewer.actor
        try await req.db.audited(by: actor, at: req.now) { db, audit in
            let row = try await QuestionSettings.query(on: db).filter(\.$province.$id == provinceID).first()
                ?? QuestionSettings(provinceID: provinceID, routing: "", holidays: "", deadlines: "{}", updatedBy: actor.name, at: req.now)
            row.routing = settings.routingText
            row.holidays = settings.holidaysText
            row.deadlinesJSON = json
            row.updatedBy = actor.name
            row.updatedAt = req.now
            try await row.save(on: db)
            try await audit.record(.update, .questionSettings, id: row.id, unit: provinceID,
                                   summary: "Cập nhật cài đặt hỏi đáp của \(province.name) (\(settings.routing.rules.count) quy tắc chuyển, \(settings.calendar.holidays.count) ngày nghỉ)")
        }
        req.flash("Đã lưu cài đặt hỏi đáp. Câu hỏi mới dùng quy tắc và thời hạn này; câu hỏi đã nhận giữ hạn cũ.")
        return req.redirect(to: .questionSettings)
    }
}
