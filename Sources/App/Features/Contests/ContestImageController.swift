import Domain
import Fluent
import Vapor

/// The organiser adds a picture to a question of the bank (PNG or JPEG), while the bank can still change.
struct ContestImageController: RouteCollection {
    func boot(routes: any RoutesBuilder) throws {
        routes.on(.contestQuestionImage, load: Contest.self, need: .edit, maxBody: ByteCount(value: ContestService.maxImageBytes + 64 * 1024),
                  use: upload)
    }

    struct Form: Content {
        var number: String?
        var file: File?
    }

    @Sendable func upload(req: Request, viewer: Viewer, contest: Contest) async throws -> Response {
        let form = try req.content.decode(Form.self)
        do {
            guard let number = Int((form.number ?? "").trimmingCharacters(in: .whitespaces).prefix(6)) else {
                throw AppError(.unprocessableEntity, "Ghi số thứ tự của câu hỏi cần thêm ảnh.")
            }
            guard let file = form.file, file.data.readableBytes > 0 else { throw AppError(.unprocessableEntity, "Vui lòng chọn tệp ảnh (PNG hoặc JPG).") }
            try await ContestService.setImage(.init(filename: file.filename, data: Data(buffer: file.data)), question: number, of: contest,
                                              viewer: viewer, files: req.application.files, now: req.now, on: req.db)
            req.flash("Đã thêm ảnh cho câu \(number).")
            return req.redirect(to: .contest, try contest.requireID())
        } catch let error as AppError where error.status.code < 500 && error.status != .forbidden {
            return try await ContestController().render(req, viewer, contest, message: error.reason, status: error.status)
        }
    }
}
