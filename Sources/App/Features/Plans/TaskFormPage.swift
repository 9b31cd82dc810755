/// The form for one row of the task table, with the timeframe as the system reads it.
struct TaskFormPage: Encodable {
    let planID: String
    let planTitle: String
    let year: Int
    let issued: Bool
    let action: String
    /// Where "remove this task" posts (an existing task of an issued plan).
    let deleteAction: String?
    let isNew: Bool
    let form: TaskForm
    let understood: String
    let errors: [String: String]
    let message: String?
}
