import Vapor

/// A finished response carried through a `Result` (a form that must be shown again instead).
struct ResponseBox: Error, @unchecked Sendable {
    let response: Response
    init(_ response: Response) { self.response = response }
}
