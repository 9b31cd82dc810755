import Testing
@testable import Domain

/// The bank written back reads as the same bank: what the organiser edits in the app is what was stored.
struct QuestionBankWriteTests {
    @Test func aWrittenBankReadsBackTheSame() throws {
        let typed = """
        I. CẢI CÁCH THỦ TỤC HÀNH CHÍNH
        Câu 1. Cổng Dịch vụ công quốc gia có địa chỉ nào?
        A. dichvucong.gov.vn
        B. chinhphu.vn
        Đáp án: A
        Mức độ: dễ
        Câu 2: Những việc nào thuộc cải cách thủ tục hành chính?
        a) Rà soát, đơn giản hóa thủ tục
        b) Tăng thêm giấy tờ
        c) Công khai thủ tục
        Đáp án: A, C
        Đối tượng: CBCCVC
        Giải thích: Nghị quyết 76/NQ-CP.
        Chủ đề: Chính phủ số
        Câu 5. Ứng dụng định danh điện tử quốc gia là gì?
        A. VNeID
        B. Zalo
        Đáp án: A
        Đối tượng: người dân
        Mức độ: khó
        """
        let (first, problems) = QuestionBankText.parse(typed)
        #expect(problems.isEmpty && first.count == 3)
        #expect(first.map(\.topic) == ["CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "CẢI CÁCH THỦ TỤC HÀNH CHÍNH", "Chính phủ số"])
        let written = QuestionBankText.write(first)
        let (again, more) = QuestionBankText.parse(written)
        #expect(more.isEmpty)
        #expect(again == first, "\(written)")
    }
}
