import Domain
import Fluent
import Foundation

/// One assignment: the task, its window and periods, its status, the activities recorded with their files, and the
/// forms the unit (record, complete) and the plan owner (verify, reject, cancel) use.
struct AssignmentPage: Encodable {
    struct File: Encodable {
        let id: String
        let name: String
        let size: String
    }

    struct Item: Encodable {
        let id: String
        let kind: String
        let channel: String
        let date: String
        let title: String
        let link: String?
        let reach: Int?
        let period: String?
        let review: String
        let rejected: Bool
        let pending: Bool
        let reviewNote: String?
        let files: [File]
    }

    struct Period: Encodable {
        let id: String
        let label: String
        let due: String
        let recorded: Int
    }

    let id: String
    let planID: String
    let planTitle: String
    let planNumber: String
    let unitName: String
    let taskNo: Int
    let task: String
    let window: String
    let status: String
    let statusLabel: String
    let isOpen: Bool
    let justification: String?
    let cancelReason: String?
    /// "3/5 chương trình" when the task promises a count.
    let quantity: String?
    let periods: [Period]
    let activities: [Item]
    let canRecord: Bool
    let canReview: Bool
    let kinds: [SelectOption]
    let channels: [SelectOption]
    let today: String
    let maxMB: Int
    let message: String?

    static func status(_ a: Assignment, activities: Int, today: CalendarDate) -> (String, String) {
        switch a.status {
        case .done: return ("done", "Hoàn thành" + ((a.doneOn.map { $0 > a.dueOn } ?? false) ? " (trễ hạn)" : ""))
        case .cancelled: return ("cancelled", "Đã hủy")
        case .open:
            if a.dueOn < today { return ("overdue", "Quá hạn") }
            return activities > 0 ? ("open", "Đang thực hiện") : ("upcoming", "Chưa bắt đầu")
        }
    }

    static func load(_ assignment: Assignment, plan: Plan, viewer: Viewer, today: CalendarDate, maxBytes: Int, message: String? = nil,
                     on db: any Database) async throws -> AssignmentPage {
        let id = try assignment.requireID()
        let task = try await assignment.$task.get(on: db)
        let unit = try await assignment.$unit.get(on: db)
        let occurrences = try await Occurrence.query(on: db).filter(\.$assignment.$id == id).sort(\.$dueOn).all()
        let activities = try await Activity.query(on: db).filter(\.$assignment.$id == id).with(\.$files).sort(\.$happenedOn, .descending).all()
        let labels = Dictionary(uniqueKeysWithValues: occurrences.compactMap { o in o.id.map { ($0, o.label) } })
        let (status, label) = Self.status(assignment, activities: activities.count, today: today)
        return AssignmentPage(
            id: id.uuidString, planID: try plan.requireID().uuidString, planTitle: plan.title, planNumber: plan.number ?? "",
            unitName: unit.name, taskNo: task.no, task: task.content, window: "\(assignment.startsOn.display) – \(assignment.dueOn.display)",
            status: status, statusLabel: label, isOpen: assignment.status == .open, justification: assignment.justification,
            cancelReason: assignment.cancelReason,
            quantity: (QuantityTarget.parse(task.content) ?? task.product.flatMap(QuantityTarget.parse)).map { target in
                "\(activities.filter { $0.review != .rejected }.count)/\(target.count) \(target.noun)"
            },
            periods: occurrences.map { o in
                Period(id: o.id?.uuidString ?? "", label: o.label, due: o.dueOn.display, recorded: activities.filter { $0.$occurrence.id == o.id }.count)
            },
            activities: activities.map { a in
                Item(id: a.id?.uuidString ?? "", kind: a.kind.label, channel: a.channel.label, date: a.happenedOn.display, title: a.title,
                     link: a.link, reach: a.reach, period: a.$occurrence.id.flatMap { labels[$0] }, review: a.review.label,
                     rejected: a.review == .rejected, pending: a.review == .pending, reviewNote: a.reviewNote,
                     files: a.files.map { File(id: $0.id?.uuidString ?? "", name: $0.filename, size: "\(max(1, $0.size / 1024)) KB") })
            },
            canRecord: viewer.may(.edit, unit) && assignment.status != .cancelled && plan.status == .issued,
            canReview: viewer.mayAuthor(planOf: plan.unit),
            kinds: ActivityKind.allCases.map { SelectOption(value: $0.rawValue, label: $0.label, selected: $0 == .newsArticle) },
            channels: ActivityChannel.allCases.map { SelectOption(value: $0.rawValue, label: $0.label, selected: $0 == .portal) },
            today: today.display, maxMB: maxBytes / 1024 / 1024, message: message)
    }
}
