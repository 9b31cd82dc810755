import Vapor
import Domain

struct FieldErrorsBox: Error {
    let errors: FieldErrors
    init(_ errors: FieldErrors) { self.errors = errors }
}
