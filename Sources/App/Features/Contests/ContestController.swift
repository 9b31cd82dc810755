import Domain
import Fluent
import Vapor

/// Contests for the staff (menu *Hội thi*): the list of those the viewer may read, a new contest for the viewer's unit,
/// its rounds and question bank, and each round's ranking.
struct ContestController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.contests, use: index)
        routes.on(.contestNew, require: \.mayStartSurveys, use: new)
        routes.on(.contestCreate, require: \.mayStartSurveys, use: create)
        routes.on(.contest, load: Contest.self, need: .read, use: show)
        // A bank pasted from Word can be long; nothing near the upload limit.
        routes.on(.contestQuestions, load: Contest.self, need: .edit, maxBody: ByteCount(value: 2 * 1024 * 1024), use: questions)
        routes.on(.contestQuestionsFile, load: Contest.self, need: .edit, use: questionsFile)
        routes.on(.contestRoundCreate, load: Contest.self, need: .edit, use: addRound)
        routes.on(.contestPublish, load: Contest.self, need: .edit, use: publish)
        routes.on(.contestResultsXLSX, load: Contest.self, need: .read, use: resultsXLSX)
        routes.on(.contestQR, load: Contest.self, need: .read, use: qr)
        routes.on(.contestNotice, load: Contest.self, need: .read, use: notice)
    }

    struct Row: Encodable {
        let id: UUID
        let title: String
        let unit: String
        let created: String
    }

    @Sendable func index(req: Request, viewer: Viewer) async throws -> Response {
        let contests = try await Contest.query(on: req.db).visible(to: viewer).with(\.$unit).sort(\.$createdAt, .descending).limit(500).all()
        struct Content: Encodable { let rows: [Row]; let mayCreate: Bool; let open: [OpenRound] }
        let rows = try contests.map { Row(id: try $0.requireID(), title: $0.title, unit: $0.unit.name, created: AppClock.display($0.createdAt)) }
        return try await req.render("contests/index", title: "Hội thi", section: "contests",
                                    Content(rows: rows, mayCreate: viewer.mayStartSurveys, open: try await Self.openCreativeRounds(req, viewer)))
    }

    struct Form: Content {
        var title: String?
        var rules: String?
        var consent: String?
        /// The identity fields asked ("cccd", "phone" …), checkboxes.
        var ask: [String]?
        /// "1" when the organising unit's staff take no prize.
        var exclude: String?
        /// The assignment of the plan task that launched the contest (empty: none).
        var task: String?
    }

    private func renderNew(_ req: Request, _ viewer: Viewer, form: Form, message: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        struct Field: Encodable { let value: String; let label: String; let checked: Bool }
        struct Task: Encodable { let id: String; let label: String; let selected: Bool }
        struct Content: Encodable {
            let title: String; let rules: String; let consent: String; let message: String?; let fields: [Field]; let exclude: Bool; let tasks: [Task]
        }
        let choices = try await ContestService.taskChoices(for: viewer.unit, on: req.db)
        // What was picked; on a new form the first task that launches a contest.
        let picked = form.task ?? choices.first(where: \.suggested)?.id
        let tasks = choices.map { Task(id: $0.id, label: $0.label, selected: $0.id == picked) }
        let asked = Set(form.ask ?? [])
        let fields = ContestIdentity.Field.allCases.map { Field(value: $0.rawValue, label: $0.label.prefix(1).uppercased() + $0.label.dropFirst(), checked: asked.contains($0.rawValue)) }
        return try await req.render("contests/new", title: "Cuộc thi mới", section: "contests",
                                    Content(title: form.title ?? "", rules: form.rules ?? "", consent: form.consent ?? "", message: message,
                                            fields: fields, exclude: form.exclude == "1", tasks: tasks), status: status)
    }

    @Sendable func new(req: Request, viewer: Viewer) async throws -> Response {
        try await renderNew(req, viewer, form: Form(title: "Cuộc thi trực tuyến tìm hiểu cải cách hành chính năm \(AppClock.calendarDate(req.now).year)",
                                            rules: "", consent: "Tôi đồng ý với thể lệ cuộc thi và cho phép ban tổ chức dùng thông tin của tôi để công bố kết quả.",
                                            ask: ContestIdentity.Field.usual.map(\.rawValue) + [ContestIdentity.Field.unit.rawValue], exclude: "1"))
    }

    @Sendable func create(req: Request, viewer: Viewer) async throws -> Response {
        let form = try req.content.decode(Form.self)
        do {
            let asked = (form.ask ?? []).compactMap(ContestIdentity.Field.init(rawValue:))
            let contest = try await ContestService.create(.init(title: form.title ?? "", rules: form.rules ?? "", consent: form.consent ?? "",
                                                                identityFields: asked, excludeOrganisers: form.exclude == "1",
                                                                task: form.task),
                                                          unit: viewer.unit, viewer: viewer, now: req.now, on: req.db)
            req.flash("Đã tạo cuộc thi. Hãy nạp ngân hàng câu hỏi và thêm vòng thi.")
            return req.redirect(to: .contest, try contest.requireID())
        } catch let error as AppError where error.status == .unprocessableEntity {
            return try await renderNew(req, viewer, form: form, message: error.reason, status: error.status)
        }
    }

    struct RoundView: Encodable {
        let number: Int
        let window: String
        let minutes: Int
        let questions: Int
        let state: String
        let results: [ContestService.ResultRow]
        /// The results by audience, each its own ranking.
        let groups: [ResultGroup]
        /// The collective ranking, one table per block of units.
        let collective: [Block]
        let setup: String
        let published: String?
        let mayPublish: Bool
        let actual: String?
        /// A creative round: its entries ranked by the judges' mean, the rubric and the judges.
        var creative: Creative? = nil
    }

    struct Creative: Encodable {
        let rows: [ContestService.CreativeRow]
        let rubric: String
        let judges: String
        let complete: Bool
        let isJudge: Bool
    }

    struct ResultGroup: Encodable {
        let title: String?
        let rows: [ContestService.ResultRow]
        let winners: Int
    }

    struct Block: Encodable {
        let title: String
        let rows: [ContestService.CollectiveRow]
    }

    static func blocks(_ rows: [ContestService.CollectiveRow]) -> [Block] {
        var blocks: [Block] = []
        for row in rows {
            if let last = blocks.last, last.title == row.block { blocks[blocks.count - 1] = Block(title: last.title, rows: last.rows + [row]) }
            else { blocks.append(Block(title: row.block, rows: [row])) }
        }
        return blocks
    }

    static func groups(_ rows: [ContestService.ResultRow]) -> [ResultGroup] {
        var groups: [ResultGroup] = []
        for row in rows {
            if let last = groups.last, last.title == row.audience {
                groups[groups.count - 1] = ResultGroup(title: last.title, rows: last.rows + [row], winners: last.winners + (row.winner == true ? 1 : 0))
            } else {
                groups.append(ResultGroup(title: row.audience, rows: [row], winners: row.winner == true ? 1 : 0))
            }
        }
        return groups
    }

    func render(_ req: Request, _ viewer: Viewer, _ contest: Contest, message: String? = nil, bankText: String = "",
                        status: HTTPResponseStatus = .ok) async throws -> Response {
        let now = req.now
        let contestID = try contest.requireID()
        let rounds = try await ContestRound.query(on: req.db).filter(\.$contest.$id == contestID).sort(\.$number).all()
        var views: [RoundView] = []
        for r in rounds {
            if r.isCreative {
                views.append(try await creativeView(req, viewer, contest, r))
                continue
            }
            let (results, collective) = try await ContestService.shown(of: r, now: now, on: req.db)
            let setup = [r.audience.map { "dành cho " + $0.label.lowercased() } ?? "cán bộ, công chức, viên chức và người dân (xếp hạng riêng)",
                         r.attemptsAllowed == 1 ? "mỗi người 1 lượt" : "mỗi người tối đa \(r.attemptsAllowed) lượt, tính lượt cao nhất",
                         "giải: " + r.prizes.description].joined(separator: " · ")
            views.append(RoundView(number: r.number, window: "\(AppClock.display(r.opensAt)) – \(AppClock.display(r.closesAt))",
                                   minutes: r.timeLimitSeconds / 60, questions: r.questionCount,
                                   state: r.isOpen(at: now) ? "Đang mở" : r.opensAt > now ? "Chưa mở" : "Đã đóng",
                                   results: results, groups: Self.groups(results), collective: Self.blocks(collective), setup: setup,
                                   published: r.publishedAt.map { "Đã công bố lần \(r.publishedVersion) lúc \(AppClock.display($0))" },
                                   mayPublish: now >= r.closesAt && viewer.may(.edit, contest.unit),
                                   actual: r.actual.map { "Số bài thi đúng tất cả các câu: \($0)" }))
        }
        let questions = try await ContestService.bank(of: contestID, on: req.db)
        let bank = questions.count
        let topics = Dictionary(grouping: questions) { $0.topic ?? "(chưa có chủ đề)" }.map { "\($0.key): \($0.value.count) câu" }.sorted()
            + ContestAudience.allCases.compactMap { a in
                let n = questions.filter { $0.audience == a }.count
                return n == 0 ? nil : "Chỉ dành cho \(a.label.lowercased()): \(n) câu"
            }
            + [questions.filter { $0.image != nil }.map { String($0.number) }].filter { !$0.isEmpty }.map { "Câu có ảnh minh họa: " + $0.joined(separator: ", ") }
        struct Content: Encodable {
            let id: UUID; let title: String; let unit: String; let link: String; let bank: Int; let rounds: [RoundView]
            let mayEdit: Bool; let locked: Bool; let message: String?; let bankText: String; let topics: [String]; let maxMB: Int
            let task: String?; let assignment: UUID?; let plan: UUID?
        }
        let assignment = try await contest.$assignment.id.asyncMap { try await Assignment.query(on: req.db).filter(\.$id == $0).with(\.$task).first() } ?? nil
        let ownTask = try await contest.taskID.asyncMap { try await TaskEntry.query(on: req.db).filter(\.$id == $0).with(\.$plan).first() } ?? nil
        let link = Self.publicLink(req, contest)
        return try await req.render("contests/show", title: contest.title, section: "contests",
                                    Content(id: contestID, title: contest.title, unit: contest.unit.name, link: link, bank: bank, rounds: views,
                                            mayEdit: viewer.may(.edit, contest.unit), locked: rounds.contains { !$0.isCreative && $0.opensAt <= now },
                                            message: message, bankText: bankText.isEmpty ? QuestionBankText.write(questions) : bankText, topics: topics,
                                            maxMB: req.application.config.maxUploadBytes / 1024 / 1024,
                                            task: (assignment?.task ?? ownTask).map { "\($0.no). \($0.content.prefixed(200))" },
                                            assignment: assignment?.id, plan: ownTask?.$plan.id), status: status)
    }

    @Sendable func show(req: Request, viewer: Viewer, contest: Contest) async throws -> Response {
        try await render(req, viewer, contest)
    }

    struct BankForm: Content { var text: String? }

    @Sendable func questions(req: Request, viewer: Viewer, contest: Contest) async throws -> Response {
        let text = try req.content.decode(BankForm.self).text ?? ""
        do {
            let count = try await ContestService.importBank(text, into: contest, viewer: viewer, now: req.now, on: req.db)
            req.flash("Đã nạp \(count) câu hỏi.")
            return req.redirect(to: .contest, try contest.requireID())
        } catch let error as AppError where error.status == .unprocessableEntity || error.status == .conflict {
            return try await render(req, viewer, contest, message: error.reason, bankText: text, status: error.status)
        }
    }

    struct BankUpload: Content { var file: File? }

    /// A bank kept in Word or Excel: read in the import sandbox's child (limits of memory, time and size), then stored
    /// as a pasted bank is.
    @Sendable func questionsFile(req: Request, viewer: Viewer, contest: Contest) async throws -> Response {
        let upload = try req.content.decode(BankUpload.self)
        do {
            guard let file = upload.file, file.data.readableBytes > 0 else {
                throw AppError(.unprocessableEntity, "Vui lòng chọn tệp câu hỏi (.docx, .xlsx, .doc, .odt, .txt hoặc .pdf).")
            }
            let ext = (file.filename as NSString).pathExtension.lowercased()
            guard QuestionBankFile.supportedExtensions.contains(ext) else {
                throw AppError(.unsupportedMediaType, "Không đọc được tệp “\(file.filename.prefix(120))”: chỉ nhận tệp Word (.docx, .doc, .odt), Excel (.xlsx), văn bản (.txt) hoặc PDF.")
            }
            guard let reader = req.application.documentReader else { throw AppError(.serviceUnavailable, "Máy chủ chưa sẵn sàng đọc tệp.") }
            let read = try await reader.readBank(Data(buffer: file.data), filename: file.filename, maxBytes: req.application.config.maxUploadBytes,
                                             client: ClientConnection(req))
            let count = try await ContestService.storeBank(read.questions, problems: read.problems, into: contest, viewer: viewer, now: req.now, on: req.db)
            req.flash("Đã nạp \(count) câu hỏi từ tệp “\(file.filename.prefix(120))”.")
            return req.redirect(to: .contest, try contest.requireID())
        } catch let error as AppError where error.status != .forbidden && error.status != .notFound {
            return try await render(req, viewer, contest, message: error.reason, status: error.status)
        }
    }

    struct RoundForm: Content {
        var opens: String?
        var closes: String?
        var minutes: String?
        var questions: String?
        var prediction: String?
        var topics: String?
        /// "staff", "citizens" or "both".
        var audience: String?
        var attempts: String?
        var prizes: String?
    }

    @Sendable func addRound(req: Request, viewer: Viewer, contest: Contest) async throws -> Response {
        let form = try req.content.decode(RoundForm.self)
        guard let opens = AppClock.parseDateTime(form.opens ?? ""), let closes = AppClock.parseDateTime(form.closes ?? "") else {
            return try await render(req, viewer, contest, message: "Thời điểm mở và đóng theo dạng ngày/tháng/năm giờ:phút, ví dụ 29/09/2025 07:00.",
                                    status: .unprocessableEntity)
        }
        do {
            let questions = Int(form.questions ?? "") ?? 0
            let bank = try await ContestService.bank(of: try contest.requireID(), on: req.db)
            let topics = try ContestService.topicQuota(String((form.topics ?? "").prefix(4_000)), bank: bank, total: questions)
            let prizes: ContestPrizes
            switch ContestPrizes.parse(String((form.prizes ?? "").prefix(1_000))) {
            case .success(let value): prizes = value
            case .failure(let error): throw AppError(.unprocessableEntity, "Giải thưởng: " + error.message)
            }
            let audience = form.audience.flatMap(ContestAudience.init(rawValue:))
            let attempts = (form.attempts ?? "").isEmpty ? 1 : Int(form.attempts ?? "") ?? 0
            _ = try await ContestService.addRound(.init(opensAt: opens, closesAt: closes, minutes: Int(form.minutes ?? "") ?? 0,
                                                        questions: questions, prediction: form.prediction, topics: topics,
                                                        audience: audience, attempts: attempts, prizes: prizes),
                                                  to: contest, viewer: viewer, now: req.now, on: req.db)
            req.flash("Đã thêm vòng thi.")
            return req.redirect(to: .contest, try contest.requireID())
        } catch let error as AppError where error.status == .unprocessableEntity {
            return try await render(req, viewer, contest, message: error.reason, status: error.status)
        }
    }

    struct PublishForm: Content {
        var round: Int?
        var reason: String?
    }

    @Sendable func publish(req: Request, viewer: Viewer, contest: Contest) async throws -> Response {
        let form = try req.content.decode(PublishForm.self)
        guard let number = form.round,
              let round = try await ContestRound.query(on: req.db).filter(\.$contest.$id == contest.requireID()).filter(\.$number == number).first() else {
            throw AppError.notFound("Không tìm thấy vòng thi.")
        }
        let recorded: ContestService.TaskRecord
        do {
            recorded = try await ContestService.publishRecordingTask(round, of: contest, reason: form.reason, link: Self.publicLink(req, contest),
                                                                     viewer: viewer, files: req.application.files, config: req.application.config,
                                                                     now: req.now, on: req.db)
        } catch let error as AppError where error.status == .conflict || error.status == .unprocessableEntity {
            return try await render(req, viewer, contest, message: error.reason, status: error.status)
        }
        switch recorded {
        case .noTask: req.flash("Đã công bố kết quả vòng \(number).")
        case .recorded(let entrants): req.flash("Đã công bố kết quả vòng \(number). Đã ghi vào kết quả thực hiện nhiệm vụ: \(entrants) người dự thi.")
        case .notRecorded(let why): req.flash("Đã công bố kết quả vòng \(number). Chưa ghi được vào kết quả thực hiện nhiệm vụ: \(why)")
        }
        return req.redirect(to: .contest, try contest.requireID())
    }

    /// Every round's results as the page shows them (published, else live), one sheet per round, in Excel.
    @Sendable func resultsXLSX(req: Request, viewer: Viewer, contest: Contest) async throws -> Response {
        let rounds = try await ContestRound.query(on: req.db).filter(\.$contest.$id == contest.requireID()).sort(\.$number).all()
        var sheets: [XlsxWriter.Sheet] = []
        for r in rounds {
            if r.isCreative {
                let entries = try await ContestService.creativeResults(of: r, on: req.db).rows
                sheets.append(.init(name: "Vòng \(r.number) sáng tác" + (r.publishedVersion > 0 ? " (công bố lần \(r.publishedVersion))" : " (tạm tính)"),
                                    header: ["Hạng", "Đơn vị", "Bài dự thi", "Điểm trung bình", "Điểm từng giám khảo", "Xét giải"],
                                    rows: entries.map { [$0.rank.map(String.init) ?? "", $0.unit, $0.text, $0.mean, $0.judges.joined(separator: "; "),
                                                         $0.winner ? "Đạt giải" : ""] },
                                    widths: [6, 32, 60, 14, 40, 12], numericColumns: [0]))
                continue
            }
            let (people, units) = try await ContestService.shown(of: r, now: req.now, on: req.db)
            let rows = people.map { e in
                [e.audience ?? "", String(e.rank), e.name, e.unit ?? "", String(e.correct), String(e.total), e.predicted, e.gap, e.duration,
                 e.winner == true ? "Đạt giải" : e.note.map { "Không đủ điều kiện: " + $0 } ?? ""]
            }
            sheets.append(.init(name: "Vòng \(r.number)" + (r.publishedVersion > 0 ? " (công bố lần \(r.publishedVersion))" : " (tạm tính)"),
                                header: ["Đối tượng", "Hạng", "Họ và tên", "Đơn vị", "Số câu đúng", "Số câu", "Dự đoán", "Chênh lệch", "Thời gian", "Xét giải"],
                                rows: rows, widths: [24, 6, 28, 32, 10, 8, 10, 10, 16, 36], numericColumns: [1, 4, 5]))
            sheets.append(.init(name: "Vòng \(r.number) - tập thể",
                                header: ["Khối", "Hạng", "Đơn vị", "Số người dự thi", "Số biên chế", "Tỷ lệ tham gia", "Điểm trung bình"],
                                rows: units.map { [$0.block, String($0.rank), $0.unit, String($0.entrants), $0.staff.map(String.init) ?? "", $0.rate, $0.mean] },
                                widths: [24, 6, 36, 14, 12, 14, 14], numericColumns: [1, 3, 4]))
        }
        if sheets.isEmpty { sheets = [.init(name: "Kết quả", header: ["Chưa có vòng thi"], rows: [])] }
        let data = try XlsxWriter.data(sheets: sheets)
        return .download(data, filename: "ket-qua-" + VietnameseText.slug(contest.title).prefixed(60) + ".xlsx",
                         contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    }

    /// The entry link as entrants receive it: absolute when the public address is configured.
    static func publicLink(_ req: Request, _ contest: Contest) -> String {
        let path = SiteRoute.contestPublic.path(contest.publicCode)
        return req.application.config.publicURL.map { $0 + path } ?? path
    }

    /// The QR code of the public link, for posters and the portal banner.
    @Sendable func qr(req: Request, viewer: Viewer, contest: Contest) async throws -> Response {
        guard let svg = QRCode.svg(for: Self.publicLink(req, contest)) else { throw AppError(.notFound, "Máy chủ chưa cài công cụ tạo mã QR (qrencode).") }
        let response = Response(status: .ok, body: .init(string: svg))
        response.headers.replaceOrAdd(name: .contentType, value: "image/svg+xml")
        return response
    }

    /// The published results of a round as a Decree 30 notice ("Thông báo kết quả"), in Word: the winners of each audience.
    @Sendable func notice(req: Request, viewer: Viewer, contest: Contest) async throws -> Response {
        guard let number = req.parameters.get("round", as: Int.self),
              let round = try await ContestRound.query(on: req.db).filter(\.$contest.$id == contest.requireID()).filter(\.$number == number).first() else {
            throw AppError.notFound("Không tìm thấy vòng thi.")
        }
        guard let publishedAt = round.publishedAt else {
            throw AppError(.conflict, "Kết quả vòng \(number) chưa được công bố; thông báo kết quả lập từ kết quả đã công bố.")
        }
        let rows = round.isCreative ? [] : try await ContestService.shownResults(of: round, now: req.now, on: req.db)
        var groups = Self.groups(rows).map { g in
            ContestNotice.Group(audience: g.title, entries: g.rows.count, winners: g.rows.filter { $0.winner == true }.map {
                ContestNotice.Winner(rank: $0.rank, name: $0.name, unit: $0.unit ?? "", score: "\($0.correct)/\($0.total)", duration: $0.duration)
            })
        }
        if round.isCreative {
            let entries = try await ContestService.creativeResults(of: round, on: req.db).rows
            groups = [ContestNotice.Group(audience: nil, entries: entries.count, winners: entries.filter(\.winner).map {
                ContestNotice.Winner(rank: $0.rank ?? 0, name: $0.unit, unit: $0.text, score: $0.mean, duration: "")
            })]
        }
        let above = try await contest.unit.$parent.get(on: req.db)
        var document = ContestNotice(
            issuerLines: ReportDocument.issuerLines(unit: contest.unit.name, above: above?.name), organiser: contest.unit.name,
            contestTitle: contest.title, round: number, window: "\(AppClock.display(round.opensAt)) đến \(AppClock.display(round.closesAt))",
            published: "công bố lần \(round.publishedVersion) lúc \(AppClock.display(publishedAt))", allCorrect: round.actual, groups: groups,
            place: ReportController.place(of: [contest.unit.name] + (above.map { [$0.name] } ?? [])), date: AppClock.calendarDate(req.now))
        if round.isCreative { document.header = ["Hạng", "Đơn vị", "Bài dự thi", "Điểm trung bình", "Ghi chú"] }
        return .download(try ContestNoticeWriter.data(for: document),
                         filename: "thong-bao-ket-qua-vong-\(number)-" + VietnameseText.slug(contest.title).prefixed(50) + ".docx",
                         contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    }
}
