import Domain
import Fluent
import Foundation

/// A task the viewer's unit coordinates: what the lead units are to do, and the unit's own contributions.
struct ContributionPage: Encodable {
    let planID: String
    let taskID: String
    let planTitle: String
    let planNumber: String
    let unitName: String
    let taskNo: Int
    let task: String
    let window: String
    let lead: [String]
    let activities: [AssignmentPage.Item]
    let kinds: [SelectOption]
    let channels: [SelectOption]
    let today: String
    let maxMB: Int
    let message: String?

    static func load(plan: Plan, task: TaskEntry, unit: Unit, today: CalendarDate, maxBytes: Int, message: String? = nil,
                     on db: any Database) async throws -> ContributionPage {
        let taskID = try task.requireID()
        let activities = try await Activity.query(on: db).filter(\.$task.$id == taskID).filter(\.$unit.$id == unit.requireID())
            .filter(\.$assignment.$id == nil).with(\.$files).sort(\.$happenedOn, .descending).all()
        let schedule = Schedule(timeframe: task.timeframe, planYear: plan.year)
        let leads = try await TaskUnit.query(on: db).filter(\.$task.$id == taskID).filter(\.$role == .lead).sort(\.$position).all().map(\.name)
        return ContributionPage(
            planID: try plan.requireID().uuidString, taskID: taskID.uuidString, planTitle: plan.title, planNumber: plan.number ?? "",
            unitName: unit.name, taskNo: task.no, task: task.content,
            window: schedule.map { "\($0.start.display) – \($0.due.display)" } ?? task.timeframeText, lead: leads,
            activities: activities.map { a in
                AssignmentPage.Item(id: a.id?.uuidString ?? "", kind: a.kind.label, channel: a.channel.label, date: a.happenedOn.display,
                                    title: a.title, link: a.link, reach: a.reach, period: nil, review: a.review.label,
                                    rejected: a.review == .rejected, pending: a.review == .pending, reviewNote: a.reviewNote,
                                    files: a.files.map { AssignmentPage.File(id: $0.id?.uuidString ?? "", name: $0.filename, size: "\(max(1, $0.size / 1024)) KB") })
            },
            kinds: ActivityKind.allCases.map { SelectOption(value: $0.rawValue, label: $0.label, selected: $0 == .newsArticle) },
            channels: ActivityChannel.allCases.map { SelectOption(value: $0.rawValue, label: $0.label, selected: $0 == .portal) },
            today: today.display, maxMB: maxBytes / 1024 / 1024, message: message)
    }
}
