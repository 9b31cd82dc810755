import Domain
import Fluent
import Vapor

/// Creative rounds of a contest (a CCHC slogan per unit): the organiser adds the round with its rubric and judges; each
/// unit under the organiser sends its entry while the round is open; the judges score the entries once it has closed,
/// each blind to the others' points until they have scored an entry; the organiser publishes from the contest page.
struct CreativeRoundController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.contestCreativeRoundCreate, load: Contest.self, need: .edit, use: addRound)
        routes.on(.contestEntries, load: Contest.self, need: .enterOrRead, use: entries)
        routes.on(.contestEntrySave, load: Contest.self, need: .enter, maxBody: ByteCount(value: 40 * 1024 * 1024), use: saveEntry)
        routes.on(.contestEntryFile, load: Contest.self, need: .signedIn, use: file)
        routes.on(.contestJudging, load: Contest.self, need: .signedIn, use: judging)
        routes.on(.contestScore, load: Contest.self, need: .signedIn, use: score)
    }

    struct RoundForm: Content {
        var opens: String?
        var closes: String?
        var rubric: String?
        var wordMin: String?
        var wordMax: String?
        var judges: String?
        var prizes: String?
    }

    @Sendable func addRound(req: Request, viewer: Viewer, contest: Contest) async throws -> Response {
        let form = try req.content.decode(RoundForm.self)
        guard let opens = AppClock.parseDateTime(form.opens ?? ""), let closes = AppClock.parseDateTime(form.closes ?? "") else {
            return try await ContestController().render(req, viewer, contest, message: "Thời điểm mở và đóng theo dạng ngày/tháng/năm giờ:phút, ví dụ 29/09/2025 07:00.",
                                                        status: .unprocessableEntity)
        }
        func count(_ text: String?) throws -> Int? {
            let t = (text ?? "").trimmingCharacters(in: .whitespaces)
            if t.isEmpty { return nil }
            guard t.count <= 6, let n = Int(t) else { throw AppError(.unprocessableEntity, "“\(t.prefix(20))” không phải là một số.") }
            return n
        }
        do {
            _ = try await ContestService.addCreativeRound(.init(opensAt: opens, closesAt: closes, rubric: form.rubric ?? "",
                                                                wordMin: try count(form.wordMin), wordMax: try count(form.wordMax),
                                                                judges: String((form.judges ?? "").prefix(2_000)), prizes: try count(form.prizes) ?? 0),
                                                          to: contest, viewer: viewer, now: req.now, on: req.db)
        } catch let error as AppError where error.status == .unprocessableEntity {
            return try await ContestController().render(req, viewer, contest, message: error.reason, status: error.status)
        }
        req.flash("Đã thêm vòng thi sáng tác.")
        return req.redirect(to: .contest, try contest.requireID())
    }

    /// The round the path names, a creative one of this contest.
    static func round(_ req: Request, _ contest: Contest) async throws -> ContestRound {
        guard let number = req.parameters.get("round", as: Int.self),
              let round = try await ContestRound.query(on: req.db).filter(\.$contest.$id == contest.requireID()).filter(\.$number == number).first(),
              round.isCreative else { throw AppError.notFound("Không tìm thấy vòng thi sáng tác.") }
        return round
    }

    struct EntryRow: Encodable {
        let id: UUID
        let unit: String
        let text: String
        let by: String
        let at: String
        let file: String?
    }

    struct EntriesContent: Encodable {
        let id: UUID
        let title: String
        let unit: String
        let number: Int
        let window: String
        let state: String
        let rules: String
        let open: Bool
        let mayEnter: Bool
        let ownUnit: String
        let text: String
        let ownFile: String?
        let message: String?
        let all: [EntryRow]
        let maxMB: Int
    }

    private func render(_ req: Request, _ viewer: Viewer, _ contest: Contest, _ round: ContestRound, typed: String? = nil,
                        message: String? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        let roundID = try round.requireID()
        let own = try await ContestEntry.query(on: req.db).filter(\.$round.$id == roundID).filter(\.$unit.$id == viewer.unit.requireID()).first()
        // The organiser sees every unit's entry; a unit only its own.
        let all = viewer.may(.read, contest.unit)
            ? try await ContestEntry.query(on: req.db).filter(\.$round.$id == roundID).with(\.$unit).all().sorted { $0.unit.name < $1.unit.name }
            : []
        let words = round.wordLimits
        let rubric = (try? round.rubric.criteria.map { "\($0.name) (\($0.max) điểm)" }.joined(separator: "; ")) ?? ""
        let content = EntriesContent(
            id: try contest.requireID(), title: contest.title, unit: contest.unit.name, number: round.number,
            window: "\(AppClock.display(round.opensAt)) – \(AppClock.display(round.closesAt))",
            state: round.isOpen(at: req.now) ? "Đang nhận bài" : round.opensAt > req.now ? "Chưa mở" : "Đã đóng",
            rules: (words.isEmpty ? "" : "Mỗi bài \(words) chữ. ") + (rubric.isEmpty ? "" : "Tiêu chí chấm: \(rubric)."),
            open: round.isOpen(at: req.now), mayEnter: ContestService.mayEnter(viewer, contest), ownUnit: viewer.unit.name,
            text: typed ?? own?.text ?? "", ownFile: own?.fileName, message: message,
            all: try all.map { e in EntryRow(id: try e.requireID(), unit: e.unit.name, text: e.text, by: e.submittedBy, at: AppClock.display(e.updatedAt),
                                              file: e.fileName) },
            maxMB: req.application.config.maxUploadBytes / 1024 / 1024)
        return try await req.render("contests/entries", title: "Vòng \(round.number) — \(contest.title)", section: "contests", content, status: status)
    }

    @Sendable func entries(req: Request, viewer: Viewer, contest: Contest) async throws -> Response {
        try await render(req, viewer, contest, try await Self.round(req, contest))
    }

    struct EntryForm: Content {
        var text: String?
        var file: File?
    }

    @Sendable func saveEntry(req: Request, viewer: Viewer, contest: Contest) async throws -> Response {
        let round = try await Self.round(req, contest)
        let form = try req.content.decode(EntryForm.self)
        let upload = ActivityService.Upload(form.file)
        do {
            _ = try await ContestService.saveEntry(round, of: contest, text: String((form.text ?? "").prefix(10_000)), upload: upload, viewer: viewer,
                                                   files: req.application.files, maxBytes: req.application.config.maxUploadBytes,
                                                   now: req.now, on: req.db)
        } catch let error as AppError where error.status != .forbidden && error.status != .notFound {
            return try await render(req, viewer, contest, round, typed: form.text, message: error.reason, status: error.status)
        }
        req.flash("Đã lưu bài dự thi của \(viewer.unit.name).")
        return req.redirect(to: .contestEntries, try contest.requireID(), round.number)
    }

    /// An entry's file, for the organiser, the round's judges and the unit that sent it.
    @Sendable func file(req: Request, viewer: Viewer, contest: Contest) async throws -> Response {
        let round = try await Self.round(req, contest)
        guard let id = req.parameters.get("entryID", as: UUID.self),
              let entry = try await ContestEntry.query(on: req.db).filter(\.$id == id).filter(\.$round.$id == round.requireID()).with(\.$unit).first(),
              let key = entry.fileKey, let type = entry.fileType else { throw AppError.notFound("Không tìm thấy tệp.") }
        let allowed = viewer.may(.read, contest.unit) || viewer.may(.read, entry.unit)
        if !allowed { guard try await ContestService.isJudge(viewer, of: round, on: req.db) else { throw AppError.forbidden } }
        return .download(try await req.application.files.load(key: key), filename: entry.fileName ?? "bai-du-thi", contentType: type.contentType)
    }
}
