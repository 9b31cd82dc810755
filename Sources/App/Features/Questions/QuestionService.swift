import Crypto
import Domain
import Fluent
import Foundation
import SQLKit
import Vapor

/// Citizens' questions: asking (the public page and staff entry), routing by the province's rules, forwarding, the
/// answer's draft → approval → publication, each step in one audited write with its history line.
enum QuestionService {
    /// A province's rules, read and checked.
    struct Settings: Sendable {
        let routingText: String
        let holidaysText: String
        let deadlines: QuestionDeadlines
        let routing: QuestionRouting
        let calendar: WorkingCalendar

        static let defaultRouting = """
            # lĩnh vực | từ khóa (cách nhau bởi dấu phẩy; để trống: mọi câu hỏi của lĩnh vực) | đơn vị trả lời (mã hoặc tên)
            # Câu hỏi không khớp dòng nào được chuyển đến đơn vị tiếp nhận của tỉnh (dòng * | | …) hoặc UBND tỉnh.
            """

        init(routingText: String, holidaysText: String, deadlines: QuestionDeadlines) {
            self.routingText = routingText
            self.holidaysText = holidaysText
            self.deadlines = deadlines
            self.routing = QuestionRouting.parse(routingText).routing
            self.calendar = WorkingCalendar.parse(holidaysText).calendar
        }

        static let standard = Settings(routingText: defaultRouting, holidaysText: WorkingCalendar.vietnamDefaultText, deadlines: .standard)

        func due(_ channel: QuestionChannel, _ kind: QuestionKind, from day: CalendarDate) -> CalendarDate {
            calendar.adding(workingDays: deadlines.days(channel, kind), to: day) ?? day
        }
    }

    /// The top unit of `unit`'s tree: its rules apply.
    static func province(of unit: Unit, on db: any Database) async throws -> Unit {
        guard let rootID = unit.ancestorIDs.first, rootID != unit.id else { return unit }
        return try await Unit.find(rootID, on: db) ?? unit
    }

    static func settings(province: UUID, on db: any Database) async throws -> Settings {
        guard let row = try await QuestionSettings.query(on: db).filter(\.$province.$id == province).first() else { return .standard }
        let deadlines = (try? StoredJSON.decode(QuestionDeadlines.self, row.deadlinesJSON, what: "hạn trả lời")) ?? .standard
        return Settings(routingText: row.routing, holidaysText: row.holidays, deadlines: deadlines)
    }

    /// A unit named in a rule or by an asker: its code, or a name (or former name) valid today in the province.
    static func resolve(_ written: String, in province: Unit, directory: UnitDirectory, today: CalendarDate, on db: any Database) async throws -> Unit? {
        let text = VietnameseText.clean(written)
        guard !text.isEmpty else { return nil }
        if let byCode = try await Unit.query(on: db).filter(\.$code == text.uppercased()).within(.subtree(of: province)).first(),
           byCode.isValid(on: today) { return byCode }
        let found = directory.resolve(text)
        guard found.confidence >= 1, let id = found.unitID else { return nil }
        return try await Unit.find(id, on: db)
    }

    /// The unit that answers a question of `area` with `text`: the one the asker named when it is in the province and
    /// in service, else the first matching rule's, else the province itself.
    static func route(area: ReformArea, text: String, named: String?, province: Unit, settings: Settings, today: CalendarDate,
                      on db: any Database) async throws -> (unit: Unit, how: String) {
        let directory = try await UnitDirectory.load(issuer: province, on: today, db: db)
        if let named, let unit = try await resolve(named, in: province, directory: directory, today: today, on: db) {
            return (unit, "theo đơn vị người hỏi chọn")
        }
        if let rule = settings.routing.route(area: area, text: text),
           let unit = try await resolve(rule.unit, in: province, directory: directory, today: today, on: db) {
            return (unit, "theo quy tắc dòng \(rule.line)")
        }
        return (province, "không khớp quy tắc nào: chuyển đơn vị tiếp nhận của tỉnh")
    }

    struct Asked: Sendable {
        var name: String?
        var contact: String?
        var area: ReformArea
        var kind: QuestionKind = .question
        var channel: QuestionChannel = .web
        var unit: String?
        var text: String
        var consent: Bool
        var receivedOn: CalendarDate?
        var file: ActivityService.Upload?
    }

    static let textRange = 20...4000

    /// Checks what an asker typed; the Vietnamese reason by field.
    static func check(_ asked: Asked) -> [String: String] {
        var problems: [String: String] = [:]
        let text = VietnameseText.cleanLines(asked.text)
        if !textRange.contains(text.count) {
            problems["text"] = text.count < textRange.lowerBound ? "Nội dung câu hỏi cần ít nhất \(textRange.lowerBound) ký tự."
                : "Nội dung câu hỏi dài quá \(textRange.upperBound) ký tự; hãy tóm tắt hoặc gửi kèm tệp."
        }
        if let name = asked.name, name.count > 100 { problems["name"] = "Họ tên dài quá 100 ký tự." }
        if let contact = asked.contact?.trimmingCharacters(in: .whitespaces), !contact.isEmpty, Contact(contact) == nil {
            problems["contact"] = "Số điện thoại (10–11 chữ số) hoặc địa chỉ thư điện tử chưa đúng."
        }
        return problems
    }

    /// An asker's contact: an e-mail address or a phone number, in one stored form.
    enum Contact: Equatable {
        case email(String), phone(String)

        init?(_ text: String) {
            let t = text.trimmingCharacters(in: .whitespaces)
            guard t.count <= 100 else { return nil }
            if t.contains("@") {
                let parts = t.split(separator: "@")
                guard parts.count == 2, parts[1].contains("."), !t.contains(" "), !parts[1].hasSuffix("."), !parts[1].hasPrefix(".") else { return nil }
                self = .email(t.lowercased())
                return
            }
            var digits = t.filter(\.isNumber)
            if t.hasPrefix("+84") || (digits.hasPrefix("84") && digits.count == 11) { digits = "0" + digits.dropFirst(2) }
            guard digits.hasPrefix("0"), (10...11).contains(digits.count),
                  t.allSatisfy({ $0.isNumber || " .-+()".contains($0) }) else { return nil }
            self = .phone(digits)
        }

        var stored: String {
            switch self { case .email(let e): return e; case .phone(let p): return p }
        }
    }

    /// The questions of the last 30 days in the province that `text` repeats (the same question sent again).
    static func isRepeat(_ text: String, province: UUID, now: Date, on db: any Database) async throws -> Bool {
        let mine = NearDuplicate.shingles(text)
        let recent = try await CitizenQuestion.query(on: db).filter(\.$province.$id == province)
            .filter(\.$createdAt >= now.addingTimeInterval(-30 * 86_400)).sort(\.$createdAt, .descending).limit(2000)
            .field(\.$text).all()
        return recent.contains { NearDuplicate.similarity(mine, NearDuplicate.shingles($0.text)) >= NearDuplicate.threshold }
    }

    /// Records a question: routed, its deadline set, the attachment (checked like evidence) stored. Throws 422 with the
    /// first problem; the caller checked `check` for the form.
    static func ask(_ asked: Asked, province: Unit, actor: AuditActor?, storage: any FileStorage, maxBytes: Int,
                    today: CalendarDate, now: Date, on db: any Database) async throws -> (question: CitizenQuestion, unit: Unit) {
        if let problem = check(asked).sorted(by: { $0.key < $1.key }).first?.value { throw AppError(.unprocessableEntity, problem) }
        let text = VietnameseText.cleanLines(asked.text)
        let provinceID = try province.requireID()
        let settings = try await settings(province: provinceID, on: db)
        let received = min(asked.receivedOn ?? today, today)
        let routed = try await route(area: asked.area, text: text, named: asked.unit, province: province, settings: settings, today: today, on: db)
        let contact = asked.contact.flatMap(Contact.init)?.stored
        let name = asked.name.map(VietnameseText.clean).flatMap { $0.isEmpty ? nil : String($0.prefix(100)) }
        let question = CitizenQuestion(provinceID: provinceID, unitID: try routed.unit.requireID(), channel: asked.channel, kind: asked.kind,
                                       area: asked.area, receivedOn: received, dueOn: settings.due(asked.channel, asked.kind, from: received),
                                       askerName: name, askerContact: contact, consent: asked.consent, text: text, enteredBy: actor?.name, at: now)
        let type = try asked.file.map { try ActivityService.check($0, maxBytes: maxBytes) }
        if let file = asked.file, let type {
            question.attachmentKey = "questions/\(received.year)/\(try question.requireID().uuidString.lowercased()).\(type.rawValue)"
            question.attachmentName = String(VietnameseText.clean(file.filename).prefix(200))
            question.attachmentType = type.rawValue
            try await storage.save(file.data, key: question.attachmentKey ?? "")
        }
        let who = actor ?? AuditActor(id: nil, name: "người dân (trang hỏi đáp)")
        do {
            try await db.audited(by: who, at: now) { db, audit in
                try await question.create(on: db)
                let questionID = try question.requireID()
                try await CitizenQuestionEvent(questionID: questionID, at: now, actor: who.name, action: "Tiếp nhận",
                                               note: "Kênh: \(asked.channel.label); ngày nhận \(received.display)").create(on: db)
                try await CitizenQuestionEvent(questionID: questionID, at: now, actor: "hệ thống", action: "Chuyển đến \(routed.unit.name)",
                                               note: routed.how + "; hạn trả lời \(question.dueOn.display)").create(on: db)
                try await audit.record(.create, .citizenQuestion, id: questionID, unit: question.$unit.id,
                                       summary: "Tiếp nhận câu hỏi \(question.code) (\(asked.channel.label)), chuyển \(routed.unit.name)")
            }
        } catch {
            if let key = question.attachmentKey { try? await storage.delete(key: key) }
            throw error
        }
        return (question, routed.unit)
    }
}
