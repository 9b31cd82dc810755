import Foundation
import Testing
@testable import Domain

/// Restructuring tables: how rows become merges, splits and the other changes, read from CSV or Excel alike.
@Suite struct RestructuringTableTests {
    let header = ["Đơn vị cũ", "Đơn vị mới", "Mã đơn vị mới", "Hình thức", "Đơn vị cấp trên mới", "Số văn bản", "Ngày hiệu lực"]

    func row(_ old: String, _ new: String, _ form: String = "", parent: String = "", code: String = "") -> [String] {
        [old, new, code, form, parent, "1668/NQ-UBTVQH15", "01/07/2025"]
    }

    @Test func severalOldUnitsIntoOneIsAMergeAndOneIntoSeveralIsASplit() {
        let read = RestructuringTable.read([header,
                                            row("Xã A", "Xã AB"), row("Xã B", "Xã AB"),
                                            row("Xã C", "Xã C1"), row("Xã C", "Xã C2"),
                                            row("Xã D", "", "Giữ nguyên", parent: "Thành phố Mới"),
                                            row("Huyện E", "Xã AB", "Giải thể"), row("Huyện E", "Xã C1", "giải thể"),
                                            row("Xã F", "Xã Phú F", "Đổi tên")])
        #expect(read.problems.isEmpty)
        let grouped = RestructuringTable.changes(read.rows)
        #expect(grouped.problems.isEmpty)
        let forms = Dictionary(grouping: grouped.changes, by: \.form)
        #expect(forms[.merge]?.first?.olds == ["Xã A", "Xã B"] && forms[.merge]?.first?.news == ["Xã AB"])
        #expect(forms[.split]?.first?.olds == ["Xã C"] && forms[.split]?.first?.news == ["Xã C1", "Xã C2"])
        #expect(forms[.move]?.first?.rows.first?.parent == "Thành phố Mới")
        #expect(forms[.abolish]?.first?.news == ["Xã AB", "Xã C1"])
        #expect(forms[.rename]?.first?.news == ["Xã Phú F"])
    }

    @Test func formsAreReadInTheirUsualWordings() {
        #expect(RestructuringTable.form("Sáp nhập") == .merge)
        #expect(RestructuringTable.form("hợp nhất") == .merge)
        #expect(RestructuringTable.form("Nhập vào") == .merge)
        #expect(RestructuringTable.form("Chia tách") == .split)
        #expect(RestructuringTable.form("Tách một phần") == .split)
        #expect(RestructuringTable.form("Không thực hiện sắp xếp") == .move)
        #expect(RestructuringTable.form("Điều chuyển") == .move)
        #expect(RestructuringTable.form("Giải thể") == .abolish)
        #expect(RestructuringTable.form("ĐỔI TÊN") == .rename)
        #expect(RestructuringTable.form("Thành lập mới") == .found)
        #expect(RestructuringTable.form("ghi nhận") == nil)
    }

    @Test func badRowsAreNamedByLineAndTangledGroupsRefused() {
        let read = RestructuringTable.read([header, row("Xã A", "Xã AB"), ["Xã B", "Xã AB", "", "", "", "", "31/02/2025"],
                                            ["", "", "", "", "", "", ""], row("", "Xã Mới", "xếp lại")])
        #expect(read.rows.count == 1)
        #expect(read.problems.map(\.line) == [3, 5])
        #expect(read.problems[0].message.contains("ngày hiệu lực"))
        let tangled = RestructuringTable.changes(RestructuringTable.read([header, row("Xã A", "Xã X"), row("Xã B", "Xã X"), row("Xã B", "Xã Y")]).rows)
        #expect(tangled.changes.isEmpty && tangled.problems.count == 1)
        #expect(RestructuringTable.read([["Tên", "Mã"], ["a", "b"]]).problems.first?.message.contains("tiêu đề") == true)
    }

    @Test func anExcelTableReadsLikeItsCSV() throws {
        let rows = [row("Xã A", "Xã AB"), row("Xã B", "Xã AB")]
        let data = try XlsxWriter.data(sheet: "Sắp xếp", header: header, rows: rows)
        let table = try XlsxReader.rows(from: data)
        #expect(table == [header] + rows)
        #expect(XlsxReader.date(serial: "45839") == CalendarDate(year: 2025, month: 7, day: 1))
        #expect(throws: PlanImportError.self) { try XlsxReader.rows(from: Data("không phải excel".utf8)) }
    }
}
