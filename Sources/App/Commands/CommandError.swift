import Fluent
import Vapor

struct CommandError: Error, CustomStringConvertible {
    let description: String
    init(_ d: String) { description = d }
}
