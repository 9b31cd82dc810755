import Foundation
import Testing
@testable import Domain

/// Plans saved as web pages: Word/LibreOffice exports and hand-made HTML.
@Suite struct HTMLImportTests {
    @Test func libreOfficeExportReadsLikeTheSourceText() throws {
        // Seed 000 exported by DocxWriter, then saved as HTML by LibreOffice Writer.
        let html = try Fixture.plan("000_exported.html")
        var text = try Fixture.plan("000_112d4e7ddf674a47.txt")
        // The exported file names the issuer in its header; the seed's blank header left it to the opening sentence.
        #expect(text.warnings.contains("Đầu văn bản không ghi cơ quan ban hành; đã lấy theo câu mở đầu: Ủy ban nhân dân huyện Châu Thành."))
        text.warnings.removeAll { $0.contains("câu mở đầu") }
        #expect(html == text, "\(Fixture.difference(text, html))")
    }

    @Test func handMadePageWithHeadRowspanAndLists() throws {
        let plan = try Fixture.plan("phu_tam_2025.html")
        // Nothing from <head>, <style>, <script> or comments leaks into the plan.
        #expect(plan.title == "Tuyên truyền cải cách hành chính xã Phú Tâm năm 2025")
        #expect(plan.issuer == "Ủy ban nhân dân xã Phú Tâm")
        #expect(plan.number == "18/KH-UBND")
        #expect(plan.issuedOn == CalendarDate(year: 2025, month: 2, day: 3))
        #expect(plan.place == "Phú Tâm")
        #expect(plan.legalBases.map(\.number) == ["23/KH-UBND"])
        // Entities decoded; list items become lines.
        #expect(plan.targets.map(\.percent) == [90, 70])
        #expect(plan.targets.last?.text == "70% người dân được khảo sát hiểu rõ \"một cửa\" & dịch vụ công trực tuyến")
        #expect(plan.forms == ["Trên hệ thống truyền thanh xã", "Niêm yết tại Bộ phận một cửa"])
        #expect(plan.recipients == ["UBND huyện", "Phòng Nội vụ huyện", "Lưu: VT"])
        #expect(plan.signer == Signer(authority: "TM. ỦY BAN NHÂN DÂN", title: "CHỦ TỊCH", name: "Nguyễn Văn Khởi"))
        // The group heading row spanning all columns is not a task; a rowspan lead leads both tasks.
        try #require(plan.tasks.map(\.no) == [1, 2, 3])
        #expect(plan.tasks[0].lead == ["Công chức Văn hóa - Xã hội"])
        #expect(plan.tasks[1].lead == ["Công chức Văn hóa - Xã hội"])
        #expect(plan.tasks[0].coordinating == ["Đài truyền thanh xã", "Công chức Văn phòng - Thống kê"])
        #expect(plan.tasks[1].coordinating == ["Ấp Phú Thành", "Ấp Phú Hòa", "Ấp Phú Lợi"])
        #expect(plan.tasks[2].coordinating == ["Bộ phận một cửa", "Các ấp"])
        #expect(plan.tasks[2].timeframe.rule == "Khi có thủ tục hành chính mới được công bố")
        #expect(plan.warnings.isEmpty)
    }
}
