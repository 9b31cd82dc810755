import Foundation
import Testing
@testable import Domain

@Suite struct RegistryTests {
    @Test func foldingIgnoresCaseAndDiacritics() {
        #expect(VietnameseText.fold("Phòng Nội vụ") == "phong noi vu")
        #expect(VietnameseText.fold("ĐOÀN TNCS Hồ Chí Minh") == "doan tncs ho chi minh")
        #expect(VietnameseText.fold("Trung tâm  Văn hóa") == VietnameseText.fold("trung tam van hoa"))
    }

    @Test func csvErrorsNameTheirLines() {
        let csv = """
        ma,ten,loai,cap,ma_don_vi_cha
        A,Ủy ban nhân dân huyện A,committee,district,
        B,,office,district,A
        C,Phòng C,nonsense,district,A
        D,Phòng D,office,district,ZZZ
        A,Trùng mã,office,district,
        """
        let (rows, errors) = UnitCSVImport.read(csv, knownCodes: [])
        #expect(rows.count == 1)
        #expect(errors.map(\.line) == [3, 4, 5, 6])
        #expect(errors[0].description.hasPrefix("Dòng 3:"))
        #expect(errors[1].message.contains("loại đơn vị"))
        #expect(errors[2].message.contains("ZZZ"))
        #expect(errors[3].message.contains("trùng"))
    }

    @Test func csvQuotedFieldsAndParentsFirst() {
        let csv = "code,name,kind,level,parent_code,aliases\nX2,\"Phòng Nội vụ, huyện X\",office,district,X1,PNV|Phòng NV\nX1,UBND huyện X,committee,district,,\n"
        let (rows, errors) = UnitCSVImport.read(csv, knownCodes: [])
        #expect(errors.isEmpty)
        #expect(rows.first?.name == "Phòng Nội vụ, huyện X")
        #expect(rows.first?.aliases == ["PNV", "Phòng NV"])
        #expect(UnitCSVImport.parentsFirst(rows).map(\.code) == ["X1", "X2"])
    }

    @Test func groupRulesResolveOnADate() throws {
        let district = GroupRule.Member(id: UUID(), parentID: nil, path: "/d/", kind: .committee, level: .district, validFrom: nil, validTo: nil)
        func commune(_ to: CalendarDate?) -> GroupRule.Member {
            let id = UUID()
            return .init(id: id, parentID: district.id, path: "/d/\(id)/", kind: .committee, level: .commune, validFrom: nil, validTo: to)
        }
        let office = GroupRule.Member(id: UUID(), parentID: district.id, path: "/d/o/", kind: .office, level: .district, validFrom: nil, validTo: nil)
        let retired = commune(CalendarDate(year: 2025, month: 6, day: 30))
        let units = [district, commune(nil), commune(nil), retired, office]
        let rule = GroupRule(relation: .children, kinds: [.committee], levels: [.commune])
        let june = try #require(CalendarDate(year: 2025, month: 6, day: 1))
        let july = try #require(CalendarDate(year: 2025, month: 7, day: 1))
        #expect(rule.resolve(anchor: district, candidates: units, on: june).count == 3)
        #expect(rule.resolve(anchor: district, candidates: units, on: july).count == 2)
    }
}
