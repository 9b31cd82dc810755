import Fluent
import Foundation
import Testing
import Vapor
@testable import App
import Domain

/// Reminders and the daily digest by e-mail, through a real SMTP conversation on a loopback port.
@Suite struct MailTests {
    @Test func aDueSoonAssignmentSendsExactlyOneEmailWithTwoInstances() async throws {
        let server = SMTPTestServer()
        try await server.start()
        try await withTestApp(adjust: { config in
            config.smtp = SMTPMailer.Settings(host: "127.0.0.1", port: server.port, username: "cchc", password: "mat-khau-thu", from: "cchc@soctrang.gov.vn")
        }) { app in
            let office = try #require(try await User.query(on: app.db).filter(\.$username == "chauthanh.pnv").first())
            try await app.db.write { db in
                office.email = "pnv.chauthanh@soctrang.gov.vn"
                try await office.save(on: db)
            }
            _ = try await makePlan([("Pano tại trụ sở", ["Phòng Nội vụ"], "Tháng 3/2025")], number: "7/KH-UBND", on: app)
            let day = try #require(CalendarDate(year: 2025, month: 3, day: 26))
            // Two instances run the job against the same database at the same moment.
            async let a = ReminderService.run(today: day, now: Date(), mailer: app.mailer, on: app.db)
            async let b = ReminderService.run(today: day, now: Date(), mailer: app.mailer, on: app.db)
            #expect(try await a + b == 1)
            #expect(try await ReminderService.run(today: day, now: Date(), mailer: app.mailer, on: app.db) == 0)
            let mail = server.received
            #expect(mail.count == 1)
            #expect(mail.first?.to == ["RCPT TO:<pnv.chauthanh@soctrang.gov.vn>"])
            #expect(mail.first?.from == "MAIL FROM:<cchc@soctrang.gov.vn>")
            #expect(mail.first?.header("Subject")?.hasPrefix("[CCHC] Sắp đến hạn: nhiệm vụ 1 của kế hoạch 7/KH-UBND") == true)
            #expect(mail.first?.body.contains("Kính gửi Cán bộ Phòng Nội vụ huyện Châu Thành") == true)
            #expect(server.authentications == ["\0cchc\0mat-khau-thu"])

            // The daily digest: from 07:00 Vietnam time, once a day.
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = AppClock.zone
            let early = try #require(calendar.date(from: DateComponents(year: 2025, month: 3, day: 27, hour: 6, minute: 59)))
            let mailer = try #require(app.mailer)
            #expect(try await DigestService.run(now: early, mailer: mailer, on: app.db) == 0)
            let seven = early.addingTimeInterval(60)
            #expect(try await DigestService.run(now: seven, mailer: mailer, on: app.db) == 1)
            #expect(try await DigestService.run(now: seven.addingTimeInterval(3600), mailer: mailer, on: app.db) == 0)
            let digest = try #require(server.received.last)
            #expect(digest.header("Subject") == "[CCHC] Việc của đơn vị ngày 27/03/2025")
            #expect(digest.body.contains("Đến hạn trong 7 ngày (1)"))
        }
        await server.stop()
    }

    @Test func aMailServerThatRefusesIsReportedNotRetried() async throws {
        let mailer = SMTPMailer(settings: .init(host: "127.0.0.1", port: 1, from: "cchc@localhost", timeout: .seconds(2)))
        await #expect(throws: (any Error).self) { try await mailer.send(MailMessage(to: "a@b.vn", subject: "x", body: "y")) }
        let text = MailFormat.data(MailMessage(to: "a@b.vn", subject: "Nhắc việc", body: ".một dòng bắt đầu bằng dấu chấm"), from: "c@d.vn", now: Date())
        #expect(text.hasSuffix("\r\n.\r\n"))
        #expect(text.contains("Subject: =?UTF-8?B?"))
    }
}
