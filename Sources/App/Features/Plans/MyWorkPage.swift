import Domain
import Fluent
import Foundation

/// "Việc của đơn vị": the tasks of issued plans the viewer's unit leads (its assignments) or coordinates,
/// overdue and due within a week first.
struct MyWorkPage: Encodable {
    struct Item: Encodable {
        /// The assignment's page (work led by the unit).
        let assignmentID: String?
        /// The task's id, for the contribution page (work coordinated).
        let taskID: String?
        let planID: String
        let planTitle: String
        let planNumber: String
        let no: Int
        let content: String
        let window: String
        let due: String
        let nextDue: String?
        let state: String
        let stateLabel: String
    }

    let unitName: String
    let overdue: [Item]
    let dueSoon: [Item]
    let leading: [Item]
    let coordinating: [Item]

    static let soonDays = 7

    static func load(unit: Unit, today: CalendarDate, on db: any Database) async throws -> MyWorkPage {
        let unitID = try unit.requireID()
        let assignments = try await Assignment.query(on: db).filter(\.$unit.$id == unitID).with(\.$task).with(\.$plan)
            .with(\.$occurrences).sort(\.$dueOn).all()
        let soon = today.adding(days: soonDays) ?? today
        var leading: [Item] = []
        for a in assignments {
            let next = a.occurrences.map(\.dueOn).filter { $0 >= today }.min()
            let (state, label): (String, String)
            if a.status == .done { (state, label) = ("done", "Hoàn thành") }
            else if a.status == .cancelled { (state, label) = ("cancelled", "Đã hủy") }
            else if a.dueOn < today { (state, label) = ("overdue", "Quá hạn") }
            else if (next ?? a.dueOn) <= soon { (state, label) = ("soon", "Sắp đến hạn") }
            else if a.startsOn > today { (state, label) = ("upcoming", "Chưa đến kỳ") }
            else { (state, label) = ("open", "Đang thực hiện") }
            leading.append(Item(assignmentID: a.id?.uuidString, taskID: nil, planID: a.plan.id?.uuidString ?? "", planTitle: a.plan.title, planNumber: a.plan.number ?? "",
                                no: a.task.no, content: a.task.content, window: "\(a.startsOn.display) – \(a.dueOn.display)",
                                due: a.dueOn.display, nextDue: next.map(\.display), state: state, stateLabel: label))
        }
        let links = try await TaskUnit.query(on: db).filter(\.$unit.$id == unitID).filter(\.$role == .coordinating)
            .with(\.$task).with(\.$plan).all().filter { $0.plan.status == .issued }
        let coordinating = links.map { link -> Item in
            let schedule = Schedule(timeframe: link.task.timeframe, planYear: link.plan.year)
            return Item(assignmentID: nil, taskID: link.$task.id.uuidString, planID: link.plan.id?.uuidString ?? "", planTitle: link.plan.title, planNumber: link.plan.number ?? "",
                        no: link.task.no, content: link.task.content,
                        window: schedule.map { "\($0.start.display) – \($0.due.display)" } ?? link.task.timeframeText,
                        due: schedule?.due.display ?? "", nextDue: nil, state: "coordinating", stateLabel: "Phối hợp")
        }
        return MyWorkPage(unitName: unit.name, overdue: leading.filter { $0.state == "overdue" },
                          dueSoon: leading.filter { $0.state == "soon" }, leading: leading, coordinating: coordinating)
    }
}
