import Vapor

/// The posted names of a plan's task table: for each distinct name, what the user chose (a unit or group by code
/// or name, or no specific unit), and whether to keep the name as an alias of the chosen unit.
struct PlanUnitsForm: Content {
    struct Row: Content {
        var key: String?
        var choice: String?
        var ignore: String?
        var alias: String?
        /// "1": add the name as a new unit under the plan's issuer.
        var create: String?
    }

    var rows: [String: Row]?
}
