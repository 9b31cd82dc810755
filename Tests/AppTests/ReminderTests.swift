import Fluent
import Foundation
import Testing
@testable import App
import Domain

/// Reminders go out once, to the unit concerned, and an assignment turns overdue at midnight in Vietnam.
@Suite struct ReminderTests {
    /// 31/03/2025 at `hour`:`minute` in Asia/Ho_Chi_Minh.
    static func march31(_ hour: Int, _ minute: Int, second: Int = 0) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = AppClock.zone
        return calendar.date(from: DateComponents(year: 2025, month: 3, day: 31, hour: hour, minute: minute, second: second)) ?? Date()
    }

    @Test func dueSoonOverdueAndRejectedGoOutOnceEvenWithTwoInstances() async throws {
        try await withTestApp { app in
            _ = try await makePlan([("Pano tại trụ sở", ["Phòng Nội vụ"], "Tháng 3/2025")], number: "7/KH-UBND", on: app)
            let office = try #require(try await User.query(on: app.db).filter(\.$username == "chauthanh.pnv").first())
            func notices() async throws -> [String] {
                try await Notice.query(on: app.db).filter(\.$user.$id == office.requireID()).sort(\.$createdAt).all().map(\.text)
            }
            // 25/03: due within a week. Two instances at once send it once; a second round sends nothing.
            let day25 = CalendarDate(year: 2025, month: 3, day: 25)!
            async let first = ReminderService.run(today: day25, now: Date(), on: app.db)
            async let second = ReminderService.run(today: day25, now: Date(), on: app.db)
            #expect(try await first + second == 1)
            #expect(try await ReminderService.run(today: day25, now: Date(), on: app.db) == 0)
            #expect(try await notices().count == 1)
            #expect(try await notices().first?.hasPrefix("Sắp đến hạn: nhiệm vụ 1 của kế hoạch 7/KH-UBND") == true)

            // Overdue only once 31/03 is over in Vietnam: not at 23:59:59, yes at 00:00 on 01/04.
            let lastSecond = AppClock.calendarDate(Self.march31(23, 59, second: 59))
            #expect(try await ReminderService.run(today: lastSecond, now: Date(), on: app.db) == 0)
            let midnight = AppClock.calendarDate(Self.march31(23, 59, second: 59).addingTimeInterval(1))
            #expect(midnight == CalendarDate(year: 2025, month: 4, day: 1))
            #expect(try await ReminderService.run(today: midnight, now: Date(), on: app.db) == 1)
            #expect(try await notices().last?.hasPrefix("Quá hạn: nhiệm vụ 1") == true)
            // Another unit's accounts got nothing.
            let other = try #require(try await User.query(on: app.db).filter(\.$username == "chauthanh.ttvh").first())
            #expect(try await Notice.query(on: app.db).filter(\.$user.$id == other.requireID()).count() == 0)

            // The job itself: only the lease holder runs it.
            app.clock = AppClock(now: { Self.march31(12, 0) })
            #expect(try await BackgroundJobs.runOnce(app: app, holder: "may-1", interval: 300))
            #expect(try await BackgroundJobs.runOnce(app: app, holder: "may-2", interval: 300) == false)
        }
    }

    /// A backlog several batches long (a first run on a loaded country): every reminder goes out once between two
    /// instances running together, each unit's accounts get their own unit's, and a second round sends nothing.
    @Test func aBacklogOfManyBatchesGoesOutOnceBetweenTwoInstances() async throws {
        try await withTestApp { app in
            let today = CalendarDate(year: 2026, month: 11, day: 23)!
            _ = try await DashboardDataset.generate(provinces: 1, communes: 14, today: today, on: app.db) { _ in }
            let soon = try #require(today.adding(days: ReminderService.soonDays))
            let due = try await Assignment.query(on: app.db).filter(\.$status == .open).filter(\.$dueOn <= soon).all()
            #expect(due.count > 2 * ReminderService.batch)
            let commune = try await unit("T0-X0", on: app.db)
            let clerk = User(username: "xa0.vanthu", passwordHash: app.dummyPasswordHash, fullName: "Văn thư xã", role: .reporter,
                             unitID: try commune.requireID())
            try await clerk.create(on: app.db)
            async let first = ReminderService.run(today: today, now: Date(), on: app.db)
            async let second = ReminderService.run(today: today, now: Date(), on: app.db)
            #expect(try await first + second == due.count)
            #expect(try await ReminderSent.query(on: app.db).count() == due.count)
            #expect(try await ReminderService.run(today: today, now: Date(), on: app.db) == 0)
            let own = due.filter { $0.$unit.id == commune.id }
            #expect(!own.isEmpty)
            let texts = try await Notice.query(on: app.db).filter(\.$user.$id == clerk.requireID()).all().map(\.text)
            #expect(texts.count == own.count)
            #expect(texts.allSatisfy { $0.hasPrefix("Quá hạn: nhiệm vụ") || $0.hasPrefix("Sắp đến hạn: nhiệm vụ") })
        }
    }
}
