import Domain
import Fluent
import SQLKit
import Vapor

/// The page respondents open by link or QR code: no account, light enough for a cheap phone on a weak connection.
/// An invitation survey takes one response per token; an open survey keeps a key for the browser (a cookie) so a
/// second visit resumes or shows the answer already sent, and limits how many answers one address sends per hour.
/// Answers are saved as they are typed (a small script), and a form sent with required questions missing is kept
/// as a partial response, so nothing typed is lost.
struct PublicSurveyController: RouteCollection {
    let services: SurveyServices

    func boot(routes: any RoutesBuilder) throws {
        routes.on(.surveyPublic, use: page)
        // A questionnaire's answers are a few kilobytes; nobody needs to send the upload limit here.
        routes.on(.surveyAnswer, maxBody: ByteCount(value: Self.maxBody), use: answer)
        routes.on(.surveyAutosave, maxBody: ByteCount(value: Self.maxBody), use: autosave)
    }

    struct PageContent: Encodable {
        let title: String
        let unitName: String
        let code: String
        let assetVersion: String
        let form: SurveyFormView?
        let rid: String
        let token: String
        let needsToken: Bool
        let areas: [SelectOption]
        let areaError: String?
        let message: String?
        let closes: String
    }


    struct DoneContent: Encodable {
        let title: String
        let assetVersion: String
        let heading: String
        let message: String
        /// The response's key, shown as the respondent's receipt.
        let receipt: String?
    }

    /// The survey by the code in the path (from the cache when it was read in the last seconds).
    func survey(_ req: Request) async throws -> PublicSurvey {
        guard let code = req.parameters.get("code"), code.count <= 64 else { throw AppError.notFound("Không tìm thấy phiếu khảo sát.") }
        let now = req.now
        if let cached = services.cache.get(code, now: now) { return cached }
        guard let survey = try await Survey.query(on: req.db).filter(\.$publicCode == code).with(\.$unit).first() else {
            throw AppError.notFound("Không tìm thấy phiếu khảo sát. Kiểm tra lại đường dẫn hoặc mã QR.")
        }
        let surveyID = try survey.requireID()
        var areas: [(id: UUID, name: String)] = []
        if survey.access == .open {
            areas = try await SurveyPopulation.query(on: req.db).filter(\.$survey.$id == surveyID).with(\.$unit).all()
                .filter { $0.$unit.id != survey.$unit.id }.map { ($0.$unit.id, $0.unit.name) }.sorted { $0.name < $1.name }
        }
        let found = PublicSurvey(id: surveyID, unitID: survey.$unit.id, title: survey.title, unitName: survey.unit.name, access: survey.access,
                                 audience: survey.audience, opensOn: survey.opensOn, closesOn: survey.closesOn,
                                 questionnaire: try survey.questionnaire, areas: areas)
        services.cache.put(code, found, now: now)
        return found
    }

    static let maxBody = 64 * 1024

    /// The form's fields; a body over `maxBody` is refused (the server stops reading it there; this covers bodies
    /// that arrive already collected).
    static func fields(_ req: Request) throws -> [String: [String]] {
        guard (req.body.data?.readableBytes ?? 0) <= maxBody else { throw AppError(.payloadTooLarge, AppError.message(for: .payloadTooLarge)) }
        return FormFields.parse(req.body.string ?? "")
    }

    static func cookieName(_ code: String) -> String { "cchc_s_" + code }

    static func wellFormedKey(_ key: String) -> Bool {
        (8...64).contains(key.utf8.count) && key.utf8.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) || $0 == 45 || $0 == 95 }
    }

    /// The invitation a token names, in this survey.
    static func invitation(_ token: String, survey: PublicSurvey, on db: any Database) async throws -> SurveyInvitation? {
        guard wellFormedKey(token) else { return nil }
        return try await SurveyInvitation.query(on: db).filter(\.$token == token).filter(\.$survey.$id == survey.id).first()
    }

    static func existing(_ surveyID: UUID, key: String, on db: any Database) async throws -> SurveyResponse? {
        try await SurveyResponse.query(on: db).filter(\.$survey.$id == surveyID).filter(\.$clientKey == key).first()
    }

    private func closedMessage(_ survey: PublicSurvey, today: CalendarDate) -> String? {
        if today < survey.opensOn { return "Phiếu khảo sát mở từ ngày \(survey.opensOn.display). Mời ông/bà quay lại sau." }
        if today > survey.closesOn { return "Đợt khảo sát đã kết thúc ngày \(survey.closesOn.display). Cảm ơn ông/bà đã quan tâm." }
        return nil
    }

    private func done(_ req: Request, _ survey: PublicSurvey, heading: String, message: String, receipt: String? = nil,
                      status: HTTPResponseStatus) async throws -> Response {
        let view = try await req.view.render("surveys/public-done", BarePage(content: DoneContent(title: survey.title, assetVersion: req.application.staticFiles?.version ?? "",
                                                                                  heading: heading, message: message, receipt: receipt)))
        return try await view.encodeResponse(status: status, for: req)
    }

    private func render(_ req: Request, _ survey: PublicSurvey, rid: String, token: String, needsToken: Bool = false, answers: SurveyAnswers = [:],
                        checked: Questionnaire.Checked? = nil, area: UUID? = nil, areaError: String? = nil, message: String? = nil,
                        status: HTTPResponseStatus = .ok) async throws -> Response {
        let content = PageContent(
            title: survey.title, unitName: survey.unitName, code: req.parameters.get("code") ?? "", assetVersion: req.application.staticFiles?.version ?? "",
            form: needsToken ? nil : SurveyFormView(survey.questionnaire, answers: checked?.answers ?? answers, problems: checked?.problems ?? [:],
                                                     missing: checked?.missing ?? []),
            rid: rid, token: token, needsToken: needsToken,
            areas: survey.areas.map { SelectOption(value: $0.id.uuidString, label: $0.name, selected: $0.id == area) },
            areaError: areaError, message: message, closes: survey.closesOn.display)
        let response = try await req.view.render("surveys/public", BarePage(content: content)).encodeResponse(status: status, for: req)
        if survey.access == .open, let code = req.parameters.get("code") {
            response.cookies[Self.cookieName(code)] = HTTPCookies.Value(string: rid, maxAge: 120 * 86_400, path: "/s/" + code, isSecure: req.config.secureCookies,
                                                                        isHTTPOnly: true, sameSite: .lax)
        }
        return response
    }

    @Sendable func page(req: Request) async throws -> Response {
        let survey = try await survey(req)
        if let closed = closedMessage(survey, today: req.application.clock.today()) {
            return try await done(req, survey, heading: "Phiếu khảo sát chưa mở hoặc đã đóng", message: closed, status: .gone)
        }
        switch survey.access {
        case .invitation:
            let token = ((try? req.query.get(String.self, at: "t")) ?? "").trimmingCharacters(in: .whitespaces)
            guard !token.isEmpty else { return try await render(req, survey, rid: "", token: "", needsToken: true) }
            guard let invitation = try await Self.invitation(token, survey: survey, on: req.db) else {
                return try await render(req, survey, rid: "", token: "", needsToken: true, message: "Mã mời không đúng. Kiểm tra lại mã trên giấy mời.",
                                        status: .notFound)
            }
            let key = SurveyInvitation.responseKey(try invitation.requireID())
            let before = try await Self.existing(survey.id, key: key, on: req.db)
            if before?.status == .complete {
                return try await done(req, survey, heading: "Mã mời này đã được dùng",
                                      message: "Phiếu trả lời của mã mời này đã được gửi. Mỗi mã mời chỉ trả lời một lần.", status: .conflict)
            }
            return try await render(req, survey, rid: "", token: token, answers: before?.answers ?? [:])
        case .open:
            var rid = req.cookies[Self.cookieName(req.parameters.get("code") ?? "")]?.string ?? ""
            if !Self.wellFormedKey(rid) { rid = [UInt8].random(count: 16).hex }
            let before = try await Self.existing(survey.id, key: "o:" + rid, on: req.db)
            if before?.status == .complete {
                return try await done(req, survey, heading: "Ông/bà đã gửi phiếu này",
                                      message: "Phiếu trả lời từ trình duyệt này đã được ghi nhận. Cảm ơn ông/bà đã tham gia khảo sát.", status: .ok)
            }
            return try await render(req, survey, rid: rid, token: "", answers: before?.answers ?? [:], area: before?.$unit.id)
        }
    }

    /// Who is answering: the response key and the unit it counts in, or a page saying what is wrong.
    private enum Respondent {
        case key(String, unit: UUID?)
        case refused(HTTPResponseStatus, String)
    }

    private func respondent(_ req: Request, _ survey: PublicSurvey, _ fields: [String: [String]]) async throws -> Respondent {
        switch survey.access {
        case .invitation:
            let token = fields["t"]?.first?.trimmingCharacters(in: .whitespaces) ?? ""
            guard let invitation = try await Self.invitation(token, survey: survey, on: req.db) else {
                return .refused(.notFound, "Mã mời không đúng. Kiểm tra lại mã trên giấy mời.")
            }
            return .key(SurveyInvitation.responseKey(try invitation.requireID()), unit: invitation.$unit.id)
        case .open:
            guard let rid = fields["rid"]?.first, Self.wellFormedKey(rid) else {
                return .refused(.badRequest, "Phiếu gửi lên thiếu mã phiếu. Mở lại đường dẫn khảo sát và trả lời lại.")
            }
            let area = fields["unit"]?.first.flatMap(UUID.init(uuidString:)).flatMap { id in survey.areas.contains { $0.id == id } ? id : nil }
            return .key("o:" + rid, unit: area ?? (survey.areas.isEmpty ? survey.unitID : nil))
        }
    }

    private func answers(_ fields: [String: [String]], _ questionnaire: Questionnaire) -> SurveyAnswers {
        var raw: SurveyAnswers = [:]
        for q in questionnaire.questions { if let values = fields[q.id] { raw[q.id] = values } }
        return raw
    }

    @Sendable func answer(req: Request) async throws -> Response {
        let survey = try await survey(req)
        if let closed = closedMessage(survey, today: req.application.clock.today()) {
            return try await done(req, survey, heading: "Phiếu khảo sát chưa mở hoặc đã đóng", message: closed, status: .gone)
        }
        guard !req.isCrossSite else { throw AppError.forbidden }
        let fields = try Self.fields(req)
        let rid = fields["rid"]?.first ?? ""
        let token = fields["t"]?.first ?? ""
        let (key, unit): (String, UUID?)
        switch try await respondent(req, survey, fields) {
        case .refused(let status, let message):
            return try await render(req, survey, rid: "", token: "", needsToken: survey.access == .invitation, message: message, status: status)
        case .key(let k, let u): (key, unit) = (k, u)
        }
        let checked = survey.questionnaire.check(answers(fields, survey.questionnaire))
        let areaMissing = survey.access == .open && !survey.areas.isEmpty && unit == nil
        let complete = checked.isComplete && !areaMissing
        if complete && survey.access == .open,
           !services.limiter.allow("\(IPNetwork.limitKey(req.clientAddress))|\(survey.id)|send", limit: req.config.surveySubmissionsPerHour, now: req.now) {
            throw AppError(.tooManyRequests, "Địa chỉ này đã gửi quá nhiều phiếu trong một giờ. Vui lòng thử lại sau.")
        }
        let item = SurveyResponseWriter.Item(surveyID: survey.id, unitID: unit, clientKey: key, answers: try Self.json(checked.answers),
                                             complete: complete, source: .online, enteredBy: nil, at: req.now)
        let outcome = try await services.writer.save(item)
        if outcome == .alreadyComplete {
            return try await done(req, survey, heading: survey.access == .invitation ? "Mã mời này đã được dùng" : "Ông/bà đã gửi phiếu này",
                                  message: "Phiếu trả lời này đã được ghi nhận trước đó; mỗi người chỉ trả lời một lần. Câu trả lời lần này không được lưu.",
                                  status: .conflict)
        }
        guard complete else {
            // Kept as a partial response; the page comes back with what is missing.
            return try await render(req, survey, rid: rid, token: token, checked: checked, area: unit,
                                    areaError: areaMissing ? "Chọn nơi ông/bà sinh sống hoặc làm thủ tục." : nil,
                                    message: "Phiếu chưa gửi được: còn câu hỏi cần trả lời (đánh dấu bên dưới). Những câu đã trả lời đã được lưu.",
                                    status: .unprocessableEntity)
        }
        return try await thanks(req, survey, receipt: survey.access == .open ? rid : nil)
    }

    static let receiptMarker = "RECEIPTMARKERc4f1"

    /// The 201 page: rendered once per survey (the answer endpoint's hottest part after the commit), the receipt put in
    /// each time. The receipt is a well-formed key (letters, digits, "-", "_"): nothing in it needs escaping.
    private func thanks(_ req: Request, _ survey: PublicSurvey, receipt: String?) async throws -> Response {
        let code = req.parameters.get("code") ?? ""
        let cache = services.cache
        let page: (before: String, after: String)
        if let kept = cache.thanksPage(code) {
            page = kept
        } else {
            let rendered = try await done(req, survey, heading: "Đã gửi phiếu. Cảm ơn ông/bà!",
                                          message: "Ý kiến của ông/bà đã được ghi nhận và giúp cơ quan hành chính phục vụ tốt hơn.",
                                          receipt: Self.receiptMarker, status: .created).body.string ?? ""
            // Split where the receipt goes (it appears twice: an attribute and the text).
            let parts = rendered.components(separatedBy: Self.receiptMarker)
            page = parts.count == 3 ? (parts[0], parts[1] + "\u{0}" + parts[2]) : (rendered, "")
            cache.keepThanksPage(code, page)
        }
        var html = page.before
        if let receipt, Self.wellFormedKey(receipt), !page.after.isEmpty {
            let middle = page.after.split(separator: "\u{0}", maxSplits: 1, omittingEmptySubsequences: false)
            html += receipt + (middle.first.map(String.init) ?? "") + receipt + (middle.dropFirst().first.map(String.init) ?? "")
        } else {
            html = (page.before + page.after).replacingOccurrences(of: "\u{0}", with: "")
            if let start = html.range(of: "<p class=\"small\">Mã tiếp nhận phiếu:"), let end = html.range(of: "</p>", range: start.upperBound..<html.endIndex) {
                html.removeSubrange(start.lowerBound..<end.upperBound)
            }
        }
        let response = Response(status: .created, body: .init(string: html))
        response.headers.replaceOrAdd(name: .contentType, value: "text/html; charset=utf-8")
        return response
    }

    /// Saving as one goes: the answers so far, as a partial response (204), unless the response is already complete.
    @Sendable func autosave(req: Request) async throws -> Response {
        let survey = try await survey(req)
        guard closedMessage(survey, today: req.application.clock.today()) == nil else { throw AppError(.gone, "Đợt khảo sát đã đóng.") }
        guard !req.isCrossSite else { throw AppError.forbidden }
        let fields = try Self.fields(req)
        guard case .key(let key, let unit) = try await respondent(req, survey, fields) else {
            throw AppError.badRequest("Không lưu được: thiếu mã phiếu hoặc mã mời.")
        }
        if survey.access == .open,
           !services.limiter.allow("\(IPNetwork.limitKey(req.clientAddress))|\(survey.id)|save", limit: req.config.surveySubmissionsPerHour * 10, now: req.now) {
            throw AppError(.tooManyRequests, "Lưu quá nhiều lần. Vui lòng thử lại sau.")
        }
        let checked = survey.questionnaire.check(answers(fields, survey.questionnaire))
        let item = SurveyResponseWriter.Item(surveyID: survey.id, unitID: unit, clientKey: key, answers: try Self.json(checked.answers),
                                             complete: false, source: .online, enteredBy: nil, at: req.now)
        switch try await services.writer.save(item) {
        case .saved: return Response(status: .noContent)
        case .alreadyComplete: throw AppError(.conflict, "Phiếu này đã được gửi.")
        }
    }

    static func json(_ answers: SurveyAnswers) throws -> String { SurveyAnswersJSON.encode(answers) }
}
