import Domain
import Fluent
import SQLKit
import Vapor

/// The page entrants open by link or QR code (`/thi/<code>`), without an account: who they are, then the questions of
/// the open round against the server's clock. The right answers reach the browser only after the attempt is closed.
/// The browser keeps its attempt by a cookie; a reload, another tab or a later visit resumes the same attempt and the
/// same deadline.
struct PublicContestController: RouteCollection {
    static let maxBody = 64 * 1024

    func boot(routes: any RoutesBuilder) throws {
        routes.on(.contestPublic, use: page)
        routes.on(.contestStart, maxBody: ByteCount(value: Self.maxBody), use: start)
        routes.on(.contestAttempt, use: attemptPage)
        routes.on(.contestSave, maxBody: ByteCount(value: Self.maxBody), use: save)
        routes.on(.contestSubmit, maxBody: ByteCount(value: Self.maxBody), use: submit)
        routes.on(.contestImage, use: image)
    }

    /// A question's picture, for the entrant whose attempt drew that question (the bank's other questions stay unseen).
    @Sendable func image(req: Request) async throws -> Response {
        let missing = AppError.notFound("Không tìm thấy ảnh.")
        guard let number = req.parameters.get("number", as: Int.self), let attempt = try await answering(req) else { throw missing }
        guard try StoredJSON.decode([Int].self, attempt.questionsJSON, what: "câu hỏi của lượt thi").contains(number) else { throw missing }
        let bank = try await ContestService.lockedBank(of: try await ContestService.contestID(ofRound: attempt.$round.id, on: req.db), on: req.db)
        guard let question = bank[number], let key = question.image, let type = question.imageType.flatMap(EvidenceType.init(rawValue:)) else {
            throw missing
        }
        let response = Response(status: .ok, body: .init(data: try await req.application.files.load(key: key)))
        response.headers.replaceOrAdd(name: .contentType, value: type.contentType)
        response.headers.replaceOrAdd(name: .cacheControl, value: "private, max-age=3600")
        return response
    }


    struct EntryContent: Encodable {
        let title: String
        let unitName: String
        let code: String
        let assetVersion: String
        let rules: String
        let consent: String
        let round: String?
        let closes: String?
        let minutes: Int?
        let message: String?
        let name: String
        let citizenID: String
        let phone: String
        let email: String
        let address: String
        let birthYear: String
        /// Which identity fields count for a prize (marked on the form), and which extra ones are shown.
        let asks: Asks
        let askNote: String?
        /// Offered when the round is for both audiences.
        let audiences: [Choice]
        /// The units of the organiser's subtree, when the contest asks for the work unit.
        let units: [Choice]
    }

    struct Asks: Encodable {
        let cccd: Bool, phone: Bool, email: Bool, unit: Bool, address: Bool, birthYear: Bool
        init(_ fields: [ContestIdentity.Field]) {
            (cccd, phone, email) = (fields.contains(.citizenID), fields.contains(.phone), fields.contains(.email))
            (unit, address, birthYear) = (fields.contains(.unit), fields.contains(.address), fields.contains(.birthYear))
        }
    }

    struct Choice: Encodable {
        let value: String
        let label: String
        let selected: Bool
    }

    /// At most this many units in the work-unit list (the page stays small on a phone).
    static let maxUnits = 300

    /// The active units an entrant may name as their work unit: the organiser's subtree, in the registry's order.
    static func workUnits(of contest: Contest, on db: any Database) async throws -> [Unit] {
        try await Unit.query(on: db).filter(UnitScope.subtree(of: contest.unit).unitFilter).filter(\.$validTo == nil)
            .sort(\.$path).limit(maxUnits).all()
    }

    struct Option: Encodable {
        let index: Int
        let letter: String
        let text: String
        let chosen: Bool
        let right: Bool
    }

    struct QuestionView: Encodable {
        let number: Int
        let position: Int
        let text: String
        let multiple: Bool
        /// The picture's address, when the question has one.
        var image: String? = nil
        let options: [Option]
        let explanation: String?
        let answeredRight: Bool
    }

    struct AttemptContent: Encodable {
        let title: String
        let code: String
        let assetVersion: String
        let name: String
        let closed: Bool
        let secondsLeft: Int
        let deadline: String
        /// The questions as HTML, escaped (`AttemptQuestionsHTML`).
        let questionsHTML: String
        let prediction: String?
        let predicted: String
        let score: String?
        let message: String?
    }

    static func cookieName(_ code: String) -> String { "cchc_t_" + code }

    private func contest(_ req: Request) async throws -> Contest {
        guard let code = req.parameters.get("code"), code.count <= 64,
              let contest = try await Contest.query(on: req.db).filter(\.$publicCode == code).with(\.$unit).first() else {
            throw AppError.notFound("Không tìm thấy cuộc thi. Kiểm tra lại đường dẫn.")
        }
        return contest
    }

    /// The round open now, else the next one to open, else the last one.
    private func round(of contest: Contest, now: Date, on db: any Database) async throws -> ContestRound? {
        // Creative rounds take units' entries in the app, not attempts on this page.
        let rounds = try await ContestRound.query(on: db).filter(\.$contest.$id == contest.requireID()).sort(\.$number).all().filter { !$0.isCreative }
        return rounds.first { $0.isOpen(at: now) } ?? rounds.first { $0.opensAt > now } ?? rounds.last
    }

    private func renderEntry(_ req: Request, _ contest: Contest, message: String? = nil, typed: [String: String] = [:],
                             status: HTTPResponseStatus = .ok) async throws -> Response {
        let now = req.now
        let round = try await round(of: contest, now: now, on: req.db)
        let state: String? = round.map { r in
            r.isOpen(at: now) ? "Vòng \(r.number) đang mở" : r.opensAt > now ? "Vòng \(r.number) mở lúc \(AppClock.display(r.opensAt))"
                : "Vòng \(r.number) đã đóng lúc \(AppClock.display(r.closesAt))"
        }
        let asked = contest.identityFields
        let units = asked.contains(.unit) ? try await Self.workUnits(of: contest, on: req.db) : []
        let audiences = round.map { $0.audience == nil } == true ? ContestAudience.allCases.map {
            Choice(value: $0.rawValue, label: $0.label, selected: typed["audience"] == $0.rawValue)
        } : []
        let unitChoices = units.map { Choice(value: $0.id?.uuidString ?? "", label: $0.name, selected: typed["unit"] == $0.id?.uuidString) }
        let asks = Asks(asked)
        let content = EntryContent(title: contest.title, unitName: contest.unit.name, code: contest.publicCode,
                                   assetVersion: req.application.staticFiles?.version ?? "", rules: contest.rules, consent: contest.consent,
                                   round: state, closes: round.flatMap { $0.isOpen(at: now) ? AppClock.display($0.closesAt) : nil },
                                   minutes: round.flatMap { $0.isOpen(at: now) ? $0.timeLimitSeconds / 60 : nil }, message: message,
                                   name: typed["name"] ?? "", citizenID: typed["cccd"] ?? "", phone: typed["phone"] ?? "", email: typed["email"] ?? "",
                                   address: typed["address"] ?? "", birthYear: typed["birth_year"] ?? "", asks: asks,
                                   askNote: asked.isEmpty ? nil : "Để được xét giải cần khai đủ: họ và tên, " + asked.map(\.label).joined(separator: ", ") + ".",
                                   audiences: audiences, units: unitChoices)
        return try await req.view.render("contests/public", BarePage(content: content)).encodeResponse(status: status, for: req)
    }

    @Sendable func page(req: Request) async throws -> Response {
        let contest = try await contest(req)
        if try await attempt(req, contest) != nil { return req.redirect(to: .contestAttempt, contest.publicCode) }
        return try await renderEntry(req, contest)
    }

    /// The attempt this browser holds for the contest's current round (by its cookie): once the next round opens, the
    /// entrant starts again.
    private func attempt(_ req: Request, _ contest: Contest) async throws -> ContestAttempt? {
        guard let token = req.cookies[Self.cookieName(contest.publicCode)]?.string, token.count == 36,
              let attempt = try await ContestAttempt.query(on: req.db).filter(\.$token == token).with(\.$round).first(),
              attempt.round.$contest.id == contest.id,
              let current = try await round(of: contest, now: req.now, on: req.db), current.id == attempt.$round.id else { return nil }
        return attempt
    }

    @Sendable func start(req: Request) async throws -> Response {
        let contest = try await contest(req)
        guard !req.isCrossSite else { throw AppError.forbidden }
        if try await attempt(req, contest) != nil { return req.redirect(to: .contestAttempt, contest.publicCode) }
        let fields = FormFields.parse(req.body.string ?? "")
        func field(_ name: String) -> String { String((fields[name]?.first ?? "").prefix(300)) }
        let typed = ["name": field("name"), "cccd": field("cccd"), "phone": field("phone"), "email": field("email"),
                     "address": field("address"), "birth_year": field("birth_year"), "audience": field("audience"), "unit": field("unit")]
        guard let round = try await round(of: contest, now: req.now, on: req.db), round.isOpen(at: req.now) else {
            return try await renderEntry(req, contest, message: "Hiện không có vòng thi nào đang mở.", typed: typed, status: .gone)
        }
        guard try await SharedRateLimiter.allow("thi|\(IPNetwork.limitKey(req.clientAddress))|\(contest.publicCode)",
                                                limit: req.config.contestStartsPerHour, now: req.now, on: req.db) else {
            return try await renderEntry(req, contest, message: "Địa chỉ mạng này đã bắt đầu quá nhiều lượt thi trong một giờ; vui lòng thử lại sau.",
                                         typed: typed, status: .tooManyRequests)
        }
        guard field("consent") == "1" else {
            return try await renderEntry(req, contest, message: "Cần đánh dấu đồng ý với thể lệ trước khi bắt đầu.", typed: typed, status: .unprocessableEntity)
        }
        func given(_ name: String) -> String? { typed[name].flatMap { $0.isEmpty ? nil : $0 } }
        let identity = ContestIdentity(name: typed["name"] ?? "", citizenID: given("cccd"), phone: given("phone"), email: given("email"),
                                       address: given("address"), birthYear: given("birth_year"), thisYear: AppClock.calendarDate(req.now).year)
        if given("cccd") != nil, identity.citizenID == nil {
            return try await renderEntry(req, contest, message: "Số CCCD gồm 12 chữ số.", typed: typed, status: .unprocessableEntity)
        }
        if given("birth_year") != nil, identity.birthYear == nil {
            return try await renderEntry(req, contest, message: "Năm sinh ghi bốn chữ số, ví dụ 1985.", typed: typed, status: .unprocessableEntity)
        }
        var unitID: UUID?
        if let picked = given("unit"), contest.identityFields.contains(.unit) {
            // Only a unit the list offered: the organiser's subtree, active today.
            guard let id = UUID(uuidString: picked), try await Self.workUnits(of: contest, on: req.db).contains(where: { $0.id == id }) else {
                return try await renderEntry(req, contest, message: "Hãy chọn đơn vị công tác trong danh sách.", typed: typed, status: .unprocessableEntity)
            }
            unitID = id
        }
        let audience = given("audience").flatMap(ContestAudience.init(rawValue:))
        do {
            let attempt = try await ContestService.start(round, identity: identity, audience: audience, unitID: unitID, now: req.now, on: req.db)
            let response = req.redirect(to: .contestAttempt, contest.publicCode)
            response.cookies[Self.cookieName(contest.publicCode)] = HTTPCookies.Value(
                string: attempt.token, maxAge: 30 * 86_400, path: "/thi/" + contest.publicCode, isSecure: req.config.secureCookies,
                isHTTPOnly: true, sameSite: .lax)
            return response
        } catch let error as AppError where error.status.code < 500 {
            return try await renderEntry(req, contest, message: error.reason, typed: typed, status: error.status)
        }
    }

    @Sendable func attemptPage(req: Request) async throws -> Response {
        let contest = try await contest(req)
        guard let attempt = try await attempt(req, contest) else { return req.redirect(to: .contestPublic, contest.publicCode) }
        return try await renderAttempt(req, .init(contestID: try contest.requireID(), title: contest.title, code: contest.publicCode,
                                                  prediction: attempt.round.prediction), attempt)
    }

    private func renderAttempt(_ req: Request, _ facts: ContestService.RoundFacts, _ attempt: ContestAttempt, message: String? = nil,
                               status: HTTPResponseStatus = .ok) async throws -> Response {
        let now = req.now
        let closed = attempt.isClosed(at: now)
        let questions = try await ContestService.questions(of: attempt, on: req.db)
        let answers = try ContestService.answers(of: attempt)
        let letters = Array("ABCDEFGH")
        let code = facts.code
        let views = questions.enumerated().map { position, q -> QuestionView in
            let chosen = Set(answers[q.number] ?? [])
            return QuestionView(number: q.number, position: position + 1, text: q.text, multiple: q.multiple,
                                image: q.image == nil ? nil : SiteRoute.contestImage.path([code, String(q.number)]),
                                options: q.options.enumerated().map { i, text in
                                    // The right answers only once the attempt is closed.
                                    Option(index: i, letter: String(letters[i]), text: text, chosen: chosen.contains(i), right: closed && q.correct.contains(i))
                                },
                                explanation: closed ? q.explanation : nil, answeredRight: closed && Set(q.correct) == chosen)
        }
        let score = closed ? ContestDraw.correct(answers, of: questions) : nil
        let content = AttemptContent(title: facts.title, code: facts.code, assetVersion: req.application.staticFiles?.version ?? "",
                                     name: attempt.name, closed: closed, secondsLeft: max(0, Int(attempt.deadline.timeIntervalSince(now).rounded())),
                                     deadline: AppClock.display(attempt.deadline), questionsHTML: AttemptQuestionsHTML.render(views, closed: closed), prediction: facts.prediction,
                                     predicted: attempt.predicted.map(String.init) ?? "",
                                     score: score.map { "\($0)/\(questions.count) câu đúng" }, message: message)
        return try await req.view.render("contests/attempt", BarePage(content: content)).encodeResponse(status: status, for: req)
    }

    /// Question number → chosen options, from the form ("q12" = "1", checkboxes repeat the name).
    static func answers(_ fields: [String: [String]]) -> [Int: [Int]] {
        var answers: [Int: [Int]] = [:]
        for (name, values) in fields where name.hasPrefix("q") {
            guard let number = Int(name.dropFirst()), (0...9_999).contains(number) else { continue }
            let chosen = values.prefix(8).compactMap { Int($0) }.filter { (0..<8).contains($0) }
            if !chosen.isEmpty { answers[number] = chosen }
        }
        return answers
    }

    /// The attempt this browser holds in the contest of the link, for saving answers: one query on the answer path
    /// (the contest's id by its code and the round's contest are kept in memory: they never change). An attempt of an
    /// earlier round still in time may still save; the deadline and submission are checked by the caller.
    /// `forSave`: an attempt seen before is taken from memory (its id, round, questions and deadline never change; it is
    /// read as not yet submitted, which the writer checks in the database: a save after a submission is refused there).
    private func answering(_ req: Request, forSave: Bool = false) async throws -> ContestAttempt? {
        guard let code = req.parameters.get("code"), code.count <= 64 else { throw AppError.notFound("Không tìm thấy cuộc thi. Kiểm tra lại đường dẫn.") }
        let contestID: UUID
        if let kept = ContestService.keptContestID(code: code) {
            contestID = kept
        } else {
            guard let contest = try await Contest.query(on: req.db).filter(\.$publicCode == code).first() else {
                throw AppError.notFound("Không tìm thấy cuộc thi. Kiểm tra lại đường dẫn.")
            }
            contestID = try contest.requireID()
            ContestService.keep(contestID: contestID, code: code)
        }
        // Only the columns saving needs, by plain SQL (no model reflection on the hottest path).
        guard let token = req.cookies[Self.cookieName(code)]?.string, token.count == 36 else { return nil }
        if forSave, let kept = ContestService.keptAttempt(token: token), kept.contestID == contestID {
            let attempt = ContestAttempt()
            attempt.id = kept.id
            attempt.$round.id = kept.roundID
            attempt.questionsJSON = kept.questions
            attempt.deadline = kept.deadline
            return attempt
        }
        guard let sql = req.db as? any SQLDatabase else { throw AppError.busy }
        guard let row = try await sql.select().columns("id", "round_id", "name", "predicted", "questions", "answers", "deadline", "submitted_at")
            .from(ContestAttempt.schema).where("token", .equal, token).first() else { return nil }
        let attempt = ContestAttempt()
        attempt.id = try row.decode(column: "id", as: UUID.self)
        attempt.name = try row.decode(column: "name", as: String.self)
        attempt.predicted = try row.decode(column: "predicted", as: Int?.self)
        attempt.$round.id = try row.decode(column: "round_id", as: UUID.self)
        attempt.questionsJSON = try row.decode(column: "questions", as: String.self)
        attempt.answersJSON = try row.decode(column: "answers", as: String.self)
        attempt.deadline = try row.decode(column: "deadline", as: Date.self)
        attempt.submittedAt = try row.decode(column: "submitted_at", as: Date?.self)
        guard try await ContestService.contestID(ofRound: attempt.$round.id, on: req.db) == contestID else { return nil }
        if attempt.submittedAt == nil, let id = attempt.id {
            ContestService.keep(attempt: .init(id: id, roundID: attempt.$round.id, contestID: contestID, questions: attempt.questionsJSON,
                                               deadline: attempt.deadline), token: token)
        }
        return attempt
    }

    @Sendable func save(req: Request) async throws -> Response {
        guard !req.isCrossSite else { throw AppError.forbidden }
        guard let attempt = try await answering(req, forSave: true) else { throw AppError.notFound("Không tìm thấy lượt thi của bạn.") }
        let fields = FormFields.parse(req.body.string ?? "")
        do {
            try await ContestService.save(attempt, answers: Self.answers(fields), now: req.now, writer: req.application.contestWriter, on: req.db)
        } catch let error as AppError where error.status == .conflict {
            return Response(status: .conflict, body: .init(string: error.reason))
        }
        return Response(status: .noContent)
    }

    /// The submission, on the answer path's plain reads (the attempt's columns by its token, the round's facts from memory).
    @Sendable func submit(req: Request) async throws -> Response {
        guard !req.isCrossSite else { throw AppError.forbidden }
        guard let attempt = try await answering(req) else {
            return req.redirect(to: .contestPublic, String((req.parameters.get("code") ?? "").prefix(64)))
        }
        let facts = try await ContestService.facts(ofRound: attempt.$round.id, on: req.db)
        let fields = FormFields.parse(req.body.string ?? "")
        if attempt.submittedAt != nil { return try await renderAttempt(req, facts, attempt, message: "Bài thi đã được nộp trước đó.") }
        let predicted = fields["du_doan"]?.first.flatMap { Int($0.filter(\.isNumber).prefix(12)) }
        let stored = try await ContestService.submit(attempt, answers: Self.answers(fields), predicted: predicted, now: req.now,
                                                     writer: req.application.contestWriter, on: req.db)
        let late = req.now >= attempt.deadline
        return try await renderAttempt(req, facts, stored, message: late ? "Đã hết giờ: bài thi được chấm với các câu trả lời đã lưu đến lúc hết giờ."
                                                                          : "Đã nộp bài.")
    }
}
