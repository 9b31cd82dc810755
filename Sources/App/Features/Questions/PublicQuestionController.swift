import Domain
import Fluent
import SQLKit
import Vapor

/// `/hoi-dap`: the public page of "Dân hỏi – Chính quyền trả lời". No account and no script: a question form and the
/// published answers, searchable without diacritics, by topic and unit. Flood control without a captcha: a per-address
/// hourly limit counted in the database (every instance together), a hidden field only robots fill, and a question
/// repeating a recent one refused.
struct PublicQuestionController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.questionPublic, use: page)
        routes.on(.questionAsk, use: ask)
        routes.on(.questionPublicOne, use: one)
    }

    static let pageSize = 10

    struct Form: Content {
        var name: String?
        var contact: String?
        var area: String?
        var unit: String?
        var province: String?
        var text: String?
        var consent: String?
        /// The honeypot: hidden from people, filled by robots.
        var website: String?
        var file: File?
    }

    struct Item: Encodable {
        let code: String
        let area: String
        let unit: String
        let answeredOn: String
        let question: String
        let answer: String
        let cut: Bool
    }

    struct PageContent: Encodable {
        let assetVersion: String
        let items: [Item]
        let q: String
        let areas: [SelectOption]
        let filterAreas: [SelectOption]
        let units: [SelectOption]
        let provinces: [SelectOption]
        let form: Form
        let errors: [String: String]
        let message: String?
        let page: Int
        let next: String?
        let previous: String?
        let total: Int
    }

    static func provinces(_ db: any Database, today: CalendarDate) async throws -> [Unit] {
        try await Unit.query(on: db).filter(\.$parent.$id == nil).sort(\.$name).all().filter { $0.isValid(on: today) }
    }

    func render(_ req: Request, form: Form = Form(), errors: [String: String] = [:], message: String? = nil,
                status: HTTPResponseStatus = .ok) async throws -> Response {
        let q = String(((try? req.query.get(String.self, at: "q")) ?? "").prefix(200))
        let area = (try? req.query.get(String.self, at: "topic")).flatMap(ReformArea.init(rawValue:))
        let unitID = (try? req.query.get(String.self, at: "unit")).flatMap(UUID.init(uuidString:))
        let page = max(1, min(1000, (try? req.query.get(Int.self, at: "page")) ?? 1))
        var query = CitizenQuestion.query(on: req.db).filter(\.$status == .answered).filter(\.$publicAnswer != nil)
        let folded = VietnameseText.fold(q).trimmingCharacters(in: .whitespaces)
        if !folded.isEmpty {
            for word in folded.split(separator: " ").prefix(6) {
                query = query.filter(.sql(embed: "\(ident: CitizenQuestion.schema).\(ident: "search_key") LIKE \(bind: "%" + LikePattern.escaped(String(word)) + "%") ESCAPE '\\'"))
            }
        }
        if let area { query = query.filter(\.$area == area) }
        if let unitID { query = query.filter(\.$unit.$id == unitID) }
        let total = try await query.copy().count()
        let rows = try await query.with(\.$unit).sort(\.$answeredOn, .descending).sort(\.$createdAt, .descending)
            .range(((page - 1) * Self.pageSize)..<(page * Self.pageSize)).all()
        let items = rows.map { q -> Item in
            let answer = q.publicAnswer ?? ""
            return Item(code: q.code, area: q.area.label, unit: q.unit.name, answeredOn: q.answeredOn?.display ?? "",
                        question: q.publicQuestion ?? "", answer: answer.count > 700 ? String(answer.prefix(700)) + "…" : answer, cut: answer.count > 700)
        }
        // The units that have published answers (few), for the filter.
        let unitRows = try await CitizenQuestion.query(on: req.db).filter(\.$status == .answered).filter(\.$publicAnswer != nil)
            .field(\.$unit.$id).unique().all().map(\.$unit.id)
        let units = try await Unit.query(on: req.db).filter(\.$id ~~ Set(unitRows)).sort(\.$name).all()
        let today = req.application.clock.today()
        let provinces = try await Self.provinces(req.db, today: today)
        func link(_ p: Int) -> String {
            var parts = ["page=\(p)"]
            if !q.isEmpty { parts.append("q=" + (q.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")) }
            if let area { parts.append("topic=\(area.rawValue)") }
            if let unitID { parts.append("unit=\(unitID.uuidString)") }
            return SiteRoute.questionPublic.path() + "?" + parts.joined(separator: "&")
        }
        let content = PageContent(
            assetVersion: req.application.staticFiles?.version ?? "", items: items, q: q,
            areas: ReformArea.allCases.map { SelectOption(value: $0.rawValue, label: $0.label, selected: $0.rawValue == form.area) },
            filterAreas: ReformArea.allCases.map { SelectOption(value: $0.rawValue, label: $0.label, selected: $0 == area) },
            units: try units.map { SelectOption(value: try $0.requireID().uuidString, label: $0.name, selected: $0.id == unitID) },
            provinces: provinces.count > 1 ? try provinces.map { SelectOption(value: try $0.requireID().uuidString, label: $0.name,
                                                                                  selected: $0.id?.uuidString == form.province) } : [],
            form: Form(name: form.name, contact: form.contact, area: form.area, unit: form.unit, province: form.province, text: form.text,
                       consent: form.consent),
            errors: errors, message: message, page: page, next: page * Self.pageSize < total ? link(page + 1) : nil,
            previous: page > 1 ? link(page - 1) : nil, total: total)
        return try await req.view.render("questions/public", BarePage(content: content)).encodeResponse(status: status, for: req)
    }

    @Sendable func page(req: Request) async throws -> Response { try await render(req) }

    struct DoneContent: Encodable {
        let assetVersion: String
        let heading: String
        let message: String
        let code: String?
    }

    private func done(_ req: Request, heading: String, message: String, code: String?, status: HTTPResponseStatus) async throws -> Response {
        try await req.view.render("questions/public-done", BarePage(content: DoneContent(assetVersion: req.application.staticFiles?.version ?? "",
                                                                                         heading: heading, message: message, code: code)))
            .encodeResponse(status: status, for: req)
    }

    @Sendable func ask(req: Request) async throws -> Response {
        guard !req.isCrossSite else { throw AppError.forbidden }
        let form = try req.content.decode(Form.self)
        // A robot filled the hidden field: thanked, nothing stored.
        if let trap = form.website, !trap.isEmpty {
            return try await done(req, heading: "Đã nhận câu hỏi", message: "Cảm ơn ông/bà đã gửi câu hỏi.", code: nil, status: .ok)
        }
        let today = req.application.clock.today()
        let provinces = try await Self.provinces(req.db, today: today)
        guard let province = provinces.count == 1 ? provinces.first : provinces.first(where: { $0.id?.uuidString == form.province }) else {
            return try await render(req, form: form, errors: ["province": "Chọn tỉnh, thành phố nơi ông/bà hỏi."], status: .unprocessableEntity)
        }
        guard let area = form.area.flatMap(ReformArea.init(rawValue:)) else {
            return try await render(req, form: form, errors: ["area": "Chọn lĩnh vực của câu hỏi."], status: .unprocessableEntity)
        }
        let upload = ActivityService.Upload(form.file)
        let asked = QuestionService.Asked(name: form.name, contact: form.contact, area: area, unit: form.unit, text: form.text ?? "",
                                          consent: form.consent == "1", file: upload)
        let problems = QuestionService.check(asked)
        guard problems.isEmpty else {
            return try await render(req, form: form, errors: problems, message: "Câu hỏi chưa gửi được: xem các ô đánh dấu bên dưới.", status: .unprocessableEntity)
        }
        guard try await SharedRateLimiter.allow("hoidap|\(IPNetwork.limitKey(req.clientAddress))", limit: req.config.questionsPerHour,
                                                now: req.now, on: req.db) else {
            return try await render(req, form: form, message: "Địa chỉ mạng này đã gửi quá nhiều câu hỏi trong một giờ. Vui lòng thử lại sau; nội dung ông/bà đã nhập vẫn còn bên dưới.",
                                    status: .tooManyRequests)
        }
        if try await QuestionService.isRepeat(asked.text, province: try province.requireID(), now: req.now, on: req.db) {
            return try await render(req, form: form, message: "Câu hỏi này trùng với một câu hỏi đã gửi gần đây; câu hỏi đã được tiếp nhận và đang được xử lý, không cần gửi lại.",
                                    status: .conflict)
        }
        do {
            let (question, unit) = try await QuestionService.ask(asked, province: province, actor: nil, storage: req.application.files,
                                                                 maxBytes: min(req.config.maxUploadBytes, 10 * 1024 * 1024),
                                                                 today: today, now: req.now, on: req.db)
            return try await done(req, heading: "Đã gửi câu hỏi. Cảm ơn ông/bà!",
                                  message: "Câu hỏi đã được chuyển đến \(unit.name); hạn trả lời: ngày \(question.dueOn.display). Ghi lại mã tiếp nhận để xem câu trả lời.",
                                  code: question.code, status: .created)
        } catch let error as AppError where (400..<500).contains(error.status.code) {
            var errors: [String: String] = [:]
            if [.payloadTooLarge, .unsupportedMediaType].contains(error.status) || error.reason.hasPrefix("Tệp") { errors["file"] = error.reason }
            return try await render(req, form: form, errors: errors, message: error.reason, status: error.status)
        }
    }

    struct OneContent: Encodable {
        let assetVersion: String
        let code: String
        let status: String
        let unit: String
        let area: String
        let received: String
        let due: String
        let question: String?
        let answer: String?
        let answeredOn: String?
    }

    /// One question by its receipt: its state for the asker, and the answer when published.
    @Sendable func one(req: Request) async throws -> Response {
        guard let code = req.parameters.get("code")?.uppercased(), code.count <= 16,
              let q = try await CitizenQuestion.query(on: req.db).filter(\.$code == code).with(\.$unit).first() else {
            throw AppError.notFound("Không tìm thấy câu hỏi với mã này. Kiểm tra lại mã tiếp nhận.")
        }
        let content = OneContent(assetVersion: req.application.staticFiles?.version ?? "", code: q.code, status: q.status == .answered ? "Đã trả lời" : "Đang xử lý",
                                 unit: q.unit.name, area: q.area.label, received: q.receivedOn.display, due: q.dueOn.display,
                                 question: q.publicQuestion, answer: q.publicAnswer,
                                 answeredOn: q.answeredOn?.display)
        return try await req.view.render("questions/public-one", BarePage(content: content)).encodeResponse(for: req)
    }
}
