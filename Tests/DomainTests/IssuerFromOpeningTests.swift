import Testing
@testable import Domain

/// A copy whose header is blank or cut off still names its issuer in the opening sentence; the reader takes it from
/// there and says so in a warning.
@Suite struct IssuerFromOpeningTests {
    static func plan(opening: String) throws -> Plan {
        try PlanImporter().importText("""
        KẾ HOẠCH
        Tuyên truyền cải cách hành chính năm 2026
        Căn cứ Kế hoạch số 10/KH-UBND ngày 05/01/2026 của Ủy ban nhân dân tỉnh về cải cách hành chính năm 2026;
        \(opening)
        I. MỤC ĐÍCH, YÊU CẦU
        - Tuyên truyền kịp thời, đầy đủ.
        """)
    }

    @Test func theOpeningSentenceNamesTheIssuer() throws {
        let cases: [(String, String)] = [
            ("UBND huyện Mỹ Tú xây dựng Kế hoạch tuyên truyền cải cách hành chính năm 2026 như sau:", "Ủy ban nhân dân huyện Mỹ Tú"),
            ("Ủy ban nhân dân xã Long Hưng ban hành Kế hoạch tuyên truyền cải cách hành chính năm 2026, cụ thể như sau:", "Ủy ban nhân dân xã Long Hưng"),
            ("Sở Nội vụ xây dựng và ban hành Kế hoạch thông tin, tuyên truyền cải cách hành chính năm 2026 như sau:", "Sở Nội vụ"),
            ("Ủy ban nhân dân phường Vĩnh Phước ban hành kế hoạch thực hiện như sau:", "Ủy ban nhân dân phường Vĩnh Phước"),
        ]
        for (opening, issuer) in cases {
            let plan = try Self.plan(opening: opening)
            #expect(plan.issuer == issuer, "\(opening)")
            #expect(plan.warnings.contains { $0.contains("câu mở đầu") }, "\(opening)")
        }
    }

    @Test func aHeaderThatNamesTheIssuerNeedsNoWarning() throws {
        let plan = try PlanImporter().importText("""
        ỦY BAN NHÂN DÂN
        HUYỆN MỸ TÚ
        Số: 12/KH-UBND
        Mỹ Tú, ngày 10 tháng 01 năm 2026
        KẾ HOẠCH
        Tuyên truyền cải cách hành chính năm 2026
        Ủy ban nhân dân huyện Mỹ Tú ban hành Kế hoạch như sau:
        """)
        #expect(plan.issuer == "Ủy ban nhân dân huyện Mỹ Tú")
        #expect(!plan.warnings.contains { $0.contains("câu mở đầu") })
    }
}
