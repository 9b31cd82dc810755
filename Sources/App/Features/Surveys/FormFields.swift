import Domain
import Vapor

/// Reading a form body whose field names are only known at run time (the questions): Vapor's form decoder wants a fixed type.
enum FormFields {
    static func parse(_ body: String) -> [String: [String]] { URLEncodedFields.parse(body) }
}
