import Vapor

/// A form that failed validation: field → message. Controllers re-render the form with 422.
struct FieldErrors: Sendable {
    private(set) var messages: [String: String] = [:]
    var isEmpty: Bool { messages.isEmpty }
    subscript(field: String) -> String? { messages[field] }
    mutating func add(_ field: String, _ message: String) {
        if messages[field] == nil { messages[field] = message }
    }
    var all: [String: String] { messages }
}
