import Domain
import Vapor

/// An activity as posted (multipart: the fields and an optional evidence file).
struct ActivityForm: Content {
    var kind: String?
    var channel: String?
    var happenedOn: String?
    var title: String?
    var link: String?
    var reach: String?
    var cost: String?
    var note: String?
    var occurrenceID: String?
    var file: File?

    /// The evidence file, when one was chosen.
    var upload: ActivityService.Upload? {
        ActivityService.Upload(file)
    }

    func checked() -> Result<ActivityService.Input, AppError> {
        guard let kind = ActivityKind(rawValue: kind ?? "") else { return .failure(AppError(.unprocessableEntity, "Vui lòng chọn loại hoạt động.")) }
        guard let channel = ActivityChannel(rawValue: channel ?? "") else { return .failure(AppError(.unprocessableEntity, "Vui lòng chọn kênh.")) }
        var errors = FieldErrors()
        guard let date = UnitForm.date(happenedOn, field: "happenedOn", errors: &errors) else {
            return .failure(AppError(.unprocessableEntity, errors["happenedOn"] ?? "Vui lòng nhập ngày thực hiện (dd/mm/yyyy)."))
        }
        let title = VietnameseText.clean(String((title ?? "").prefix(500)))
        guard !title.isEmpty else { return .failure(AppError(.unprocessableEntity, "Vui lòng nhập tiêu đề hoặc tên hoạt động.")) }
        let link = PlanForm.optional(link, limit: 500)
        if let link, !(link.hasPrefix("http://") || link.hasPrefix("https://")) {
            return .failure(AppError(.unprocessableEntity, "Đường dẫn phải bắt đầu bằng http:// hoặc https://."))
        }
        guard let reach = FormLimits.amount(reach, max: FormLimits.activityReach) else {
            return .failure(AppError(.unprocessableEntity, "Số người được tiếp cận là một số từ 0 đến \(Paging.number(Int(FormLimits.activityReach))) (ví dụ 1.200)."))
        }
        guard let cost = FormLimits.amount(cost, max: FormLimits.activityCost) else {
            return .failure(AppError(.unprocessableEntity, "Chi phí là số đồng từ 0 đến \(Paging.number(Int(FormLimits.activityCost))) (ví dụ 1.500.000)."))
        }
        return .success(ActivityService.Input(kind: kind, channel: channel, happenedOn: date, title: title, link: link,
                                              reach: reach.map { Int(clamping: $0) }, cost: cost, note: PlanForm.optional(note, limit: 1000),
                                              occurrenceID: occurrenceID.flatMap(UUID.init(uuidString:))))
    }
}

extension ActivityService.Upload {
    /// The file a form sent, when one was chosen (a form with the file field left empty sends an empty part).
    init?(_ file: File?) {
        guard let file, file.data.readableBytes > 0 else { return nil }
        self.init(filename: file.filename, data: Data(buffer: file.data))
    }
}
