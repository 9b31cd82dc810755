import Domain

/// A row of the task table as the plan page shows it: names as written, each with what it stands for.
struct PlanTaskRow: Encodable {
    struct Name: Encodable {
        let name: String
        /// The unit or group the name was resolved to.
        let target: String?
        let targetURL: String?
        let match: String
        let uncertain: Bool
    }

    let id: String
    let no: Int
    let content: String
    let product: String?
    let notes: String?
    let timeframe: String
    let understood: String
    let lead: [Name]
    let coordinating: [Name]
    let assignments: Int

    init(_ task: PlanReadModel.Task, links: [PlanReadModel.Link], names: PlanNames, assignments: Int) {
        id = task.id.uuidString
        no = task.no
        content = task.content
        product = task.product.flatMap { $0.isEmpty ? nil : $0 }
        notes = task.notes.flatMap { $0.isEmpty ? nil : $0 }
        timeframe = task.timeframe.text
        understood = task.timeframe.summary
        lead = links.filter { $0.role == .lead }.map(names.row)
        coordinating = links.filter { $0.role == .coordinating }.map(names.row)
        self.assignments = assignments
    }
}
