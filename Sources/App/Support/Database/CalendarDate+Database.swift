import Domain
import FluentPostgresDriver
import Foundation

/// Calendar dates are stored as dates: PostgreSQL `date` columns (binary, days since 2000-01-01), and in SQLite the
/// ISO text "YYYY-MM-DD" that SQLite's own date functions read (SQLite has no date type; `Codable` gives that text).
extension CalendarDate: PostgresNonThrowingEncodable, PostgresDecodable {
    private static let postgresEpoch = 10_957 // 2000-01-01 in days since 1970-01-01

    public static var psqlType: PostgresDataType { .date }
    public static var psqlFormat: PostgresFormat { .binary }

    public func encode<JSONEncoder: PostgresJSONEncoder>(into byteBuffer: inout ByteBuffer,
                                                         context: PostgresEncodingContext<JSONEncoder>) {
        byteBuffer.writeInteger(Int32(daysSince1970 - Self.postgresEpoch))
    }

    public init<JSONDecoder: PostgresJSONDecoder>(from buffer: inout ByteBuffer, type: PostgresDataType, format: PostgresFormat,
                                                  context: PostgresDecodingContext<JSONDecoder>) throws {
        switch (type, format) {
        case (.date, .binary):
            guard buffer.readableBytes == 4, let days = buffer.readInteger(as: Int32.self),
                  let date = CalendarDate(daysSince1970: Int(days) + Self.postgresEpoch) else {
                throw PostgresDecodingError.Code.failure
            }
            self = date
        case (.date, .text), (.text, _), (.varchar, _):
            guard let text = buffer.readString(length: buffer.readableBytes), let date = CalendarDate(text) else {
                throw PostgresDecodingError.Code.failure
            }
            self = date
        default:
            throw PostgresDecodingError.Code.typeMismatch
        }
    }
}
