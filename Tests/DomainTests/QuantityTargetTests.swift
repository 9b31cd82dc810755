import Testing
import Domain

@Suite struct QuantityTargetTests {
    @Test func promisedCountsAreFoundInTheirManyWordings() {
        #expect(QuantityTarget.parse("Xây dựng ít nhất 05 chương trình phát thanh về CCHC")?.count == 5)
        #expect(QuantityTarget.parse("Xây dựng ít nhất 05 chương trình phát thanh về CCHC")?.noun == "chương trình")
        #expect(QuantityTarget.parse("Đăng tải tối thiểu 10 tin, bài trên Cổng thông tin")?.count == 10)
        #expect(QuantityTarget.parse("Tổ chức 02 hội nghị tuyên truyền")?.count == 2)
        #expect(QuantityTarget.parse("Phát hành 12 số chuyên mục cải cách hành chính")?.count == 12)
        #expect(QuantityTarget.parse("Không ít hơn 3 lớp tập huấn cho công chức")?.count == 3)
        #expect(QuantityTarget.parse("Kế hoạch tuyên truyền năm 2025") == nil)
        #expect(QuantityTarget.parse("Thực hiện trong tháng 5 năm 2025") == nil)
        #expect(QuantityTarget.parse("Tuyên truyền thường xuyên trên loa truyền thanh") == nil)
    }
}
