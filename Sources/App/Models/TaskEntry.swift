import Domain
import Fluent
import Foundation

/// One row of a plan's task table (the appendix): content, product, timeframe, notes; its lead and
/// coordinating units are `TaskUnit` rows.
final class TaskEntry: Model, @unchecked Sendable {
    static let schema = "plan_tasks"

    @ID(key: .id) var id: UUID?
    @Parent(key: "plan_id") var plan: Plan
    /// Order in the table (0, 1, 2 …); `no` is the number the document prints.
    @Field(key: "position") var position: Int
    @Field(key: "no") var no: Int
    @Field(key: "content") var content: String
    @OptionalField(key: "product") var product: String?
    @OptionalField(key: "notes") var notes: String?
    @Field(key: "timeframe_text") var timeframeText: String
    @OptionalField(key: "start_month") var startMonth: YearMonth?
    @OptionalField(key: "end_month") var endMonth: YearMonth?
    @OptionalField(key: "recurrence") var recurrence: Timeframe.Recurrence?
    @OptionalField(key: "rule") var rule: String?
    @OptionalField(key: "deadline") var deadline: CalendarDate?
    @Field(key: "search_key") var searchKey: String
    @Children(for: \.$task) var units: [TaskUnit]

    init() {}

    init(id: UUID = UUID(), planID: UUID, position: Int, task: PlanTask) {
        self.id = id
        self.$plan.id = planID
        self.position = position
        apply(task)
    }

    func apply(_ task: PlanTask) {
        no = task.no
        content = VietnameseText.cleanLines(task.content)
        product = task.product.map(VietnameseText.cleanLines)
        notes = task.notes.map(VietnameseText.cleanLines)
        timeframe = task.timeframe
        searchKey = VietnameseText.fold(content)
    }

    var timeframe: Timeframe {
        get {
            Timeframe(text: timeframeText, start: startMonth, end: endMonth, recurrence: recurrence, rule: rule, deadline: deadline)
        }
        set {
            timeframeText = VietnameseText.clean(newValue.text)
            startMonth = newValue.start
            endMonth = newValue.end
            recurrence = newValue.recurrence
            rule = newValue.rule
            deadline = newValue.deadline
        }
    }
}
