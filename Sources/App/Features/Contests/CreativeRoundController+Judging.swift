import Domain
import Fluent
import Vapor

/// The judges' page of a creative round: the entries without their units' names, numbered; a form per entry with the
/// rubric's criteria; the other judges' totals for an entry shown only once this judge has scored it.
extension CreativeRoundController {
    struct Criterion: Encodable {
        let index: Int
        let name: String
        let max: Int
        let value: String
    }

    struct JudgedEntry: Encodable {
        let id: UUID
        let number: Int
        let text: String
        let file: Bool
        let criteria: [Criterion]
        let total: String?
        /// The other judges' totals, once this judge has scored the entry.
        let others: [String]
    }

    struct JudgingContent: Encodable {
        let id: UUID
        let title: String
        let number: Int
        let closes: String
        let mayScore: Bool
        let state: String
        let entries: [JudgedEntry]
        let message: String?
        let scored: Int
    }

    /// The round's entries for a judge; 403 for anyone else.
    private func renderJudging(_ req: Request, _ viewer: Viewer, _ contest: Contest, _ round: ContestRound, message: String? = nil,
                               typed: (entry: UUID, values: [String])? = nil, status: HTTPResponseStatus = .ok) async throws -> Response {
        guard try await ContestService.isJudge(viewer, of: round, on: req.db) else {
            throw AppError(.forbidden, "Trang này dành cho giám khảo ban tổ chức đã chỉ định.")
        }
        let rubric = try round.rubric
        let me = try viewer.user.requireID()
        // Numbered in a fixed order that says nothing of the unit (the entry's id).
        let entries = try await ContestEntry.query(on: req.db).filter(\.$round.$id == round.requireID()).all()
            .sorted { ($0.id?.uuidString ?? "") < ($1.id?.uuidString ?? "") }
        let scores = try await ContestScore.query(on: req.db).filter(\.$entry.$id ~~ entries.compactMap(\.id)).with(\.$judge).all()
        let open = now(req) >= round.closesAt && round.publishedVersion == 0
        var rows: [JudgedEntry] = []
        for (i, e) in entries.enumerated() {
            let id = try e.requireID()
            let mine = scores.first { $0.$entry.id == id && $0.$judge.id == me }
            let points = try mine?.points ?? []
            let values: [String] = typed?.entry == id ? typed?.values ?? [] : points.map(ContestService.number)
            let criteria = rubric.criteria.enumerated().map { j, c in
                Criterion(index: j, name: c.name, max: c.max, value: j < values.count ? values[j] : "")
            }
            let others = mine == nil ? [] : scores.filter { $0.$entry.id == id && $0.$judge.id != me }
                .map { "\($0.judge.fullName): \(ContestService.number($0.total))" }.sorted()
            rows.append(JudgedEntry(id: id, number: i + 1, text: e.text, file: e.fileKey != nil, criteria: criteria,
                                    total: mine.map { ContestService.number($0.total) }, others: others))
        }
        let state = round.publishedVersion > 0 ? "Kết quả đã công bố; điểm không đổi được nữa."
            : now(req) < round.closesAt ? "Vòng thi đóng lúc \(AppClock.display(round.closesAt)); chấm sau khi đóng." : "Đang chấm."
        return try await req.render("contests/judging", title: "Chấm vòng \(round.number) — \(contest.title)", section: "contests",
                                    JudgingContent(id: try contest.requireID(), title: contest.title, number: round.number,
                                                   closes: AppClock.display(round.closesAt), mayScore: open, state: state, entries: rows,
                                                   message: message, scored: rows.filter { $0.total != nil }.count), status: status)
    }

    private func now(_ req: Request) -> Date { req.now }

    @Sendable func judging(req: Request, viewer: Viewer, contest: Contest) async throws -> Response {
        try await renderJudging(req, viewer, contest, try await Self.round(req, contest))
    }

    struct ScoreForm: Content {
        var points: [String]?
    }

    @Sendable func score(req: Request, viewer: Viewer, contest: Contest) async throws -> Response {
        let round = try await Self.round(req, contest)
        guard let id = req.parameters.get("entryID", as: UUID.self),
              let entry = try await ContestEntry.query(on: req.db).filter(\.$id == id).filter(\.$round.$id == round.requireID()).first() else {
            throw AppError.notFound("Không tìm thấy bài dự thi.")
        }
        let typed = Array((try req.content.decode(ScoreForm.self).points ?? []).prefix(ContestRubric.maxCriteria + 1)).map { String($0.prefix(20)) }
        do {
            try await ContestService.score(entry, in: round, of: contest, typed: typed, viewer: viewer, now: req.now, on: req.db)
        } catch let error as AppError where error.status == .unprocessableEntity || error.status == .conflict {
            return try await renderJudging(req, viewer, contest, round, message: error.reason, typed: (id, typed), status: error.status)
        }
        req.flash("Đã lưu điểm.")
        return req.redirect(to: .contestJudging, try contest.requireID(), round.number)
    }
}
