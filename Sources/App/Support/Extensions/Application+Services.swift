import Vapor
import Domain

/// The time source; tests replace it to move through the calendar.
struct AppClock: Sendable {
    var now: @Sendable () -> Date

    static let system = AppClock(now: { Date() })
    static let zone = TimeZone(identifier: "Asia/Ho_Chi_Minh") ?? TimeZone(secondsFromGMT: 7 * 3600) ?? .current

    func today() -> CalendarDate {
        AppClock.calendarDate(now())
    }

    static func calendarDate(_ date: Date) -> CalendarDate {
        CalendarDate(date: date, timeZone: zone)
    }

    /// "dd/MM/yyyy HH:mm" in Vietnam time.
    static func display(_ date: Date) -> String {
        let f = DateFormatter()
        f.locale = Locale(identifier: "vi_VN")
        f.timeZone = zone
        f.dateFormat = "dd/MM/yyyy HH:mm"
        return f.string(from: date)
    }
}

extension Application {
    private struct ConfigKey: StorageKey { typealias Value = AppConfig }
    private struct ClockKey: StorageKey { typealias Value = AppClock }

    var config: AppConfig {
        get { storage[ConfigKey.self] ?? AppConfig(database: .sqliteMemory) }
        set { storage[ConfigKey.self] = newValue }
    }

    var clock: AppClock {
        get { storage[ClockKey.self] ?? .system }
        set { storage[ClockKey.self] = newValue }
    }
}

extension Request {
    var now: Date { application.clock.now() }
    var config: AppConfig { application.config }
}
