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

    /// A moment typed in Vietnam time: "29/09/2025 07:00" (or "29/9/2025 7:00", "29/09/2025" for 00:00) or the form of
    /// a datetime-local field, "2025-09-29T07:00". Nil for anything else or a day that does not exist.
    static func parseDateTime(_ text: String) -> Date? {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard t.count <= 40 else { return nil }
        let parts = t.split(whereSeparator: { $0 == " " || $0 == "T" }).map(String.init)
        guard (1...2).contains(parts.count) else { return nil }
        let day: [Int]
        if parts[0].contains("-") {
            let ymd = parts[0].split(separator: "-").compactMap { Int($0) }
            guard ymd.count == 3 else { return nil }
            day = [ymd[2], ymd[1], ymd[0]]
        } else {
            day = parts[0].split(separator: "/").compactMap { Int($0) }
        }
        let time = parts.count == 2 ? parts[1].split(separator: ":").compactMap { Int($0) } : [0, 0]
        guard day.count == 3, (2000...2100).contains(day[2]), (1...12).contains(day[1]), (1...31).contains(day[0]),
              time.count == 2, (0...23).contains(time[0]), (0...59).contains(time[1]) else { return nil }
        var comps = DateComponents()
        (comps.year, comps.month, comps.day, comps.hour, comps.minute) = (day[2], day[1], day[0], time[0], time[1])
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        guard let date = calendar.date(from: comps), calendar.component(.day, from: date) == day[0] else { return nil }
        return date
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
