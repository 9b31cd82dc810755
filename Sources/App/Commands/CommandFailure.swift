import Fluent
import Vapor

/// A command failed for a reason its user can act on; the message is printed as is (on standard error).
public struct CommandFailure: Error, CustomStringConvertible {
    public let description: String
    init(_ d: String) { description = d }
}
