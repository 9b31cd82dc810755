import Testing
import Domain

@Suite struct UnitNameKeyTests {
    @Test func spellingsOfOneNameShareAKey() {
        #expect(UnitNameKey.of("Ủy ban nhân dân huyện Châu Thành") == UnitNameKey.of("UBND huyện Châu Thành"))
        #expect(UnitNameKey.of("Uỷ ban nhân dân  huyện Châu Thành.") == "ubnd huyen chau thanh")
        #expect(UnitNameKey.of("Phòng Văn hoá và Thông tin") == UnitNameKey.of("Phòng Văn hóa và Thông tin"))
        #expect(UnitNameKey.of("Trung tâm Văn hóa – Thể thao – Truyền thanh") == UnitNameKey.of("Trung tâm Văn hóa - Thể thao - Truyền thanh"))
        #expect(UnitNameKey.of("Đoàn Thanh niên Cộng sản Hồ Chí Minh huyện") == UnitNameKey.of("Đoàn TNCS Hồ Chí Minh huyện"))
        #expect(UnitNameKey.of("Các cơ quan, ban ngành huyện") == UnitNameKey.of("cơ quan ban ngành huyện"))
        #expect(UnitNameKey.of("Đài Phát thanh và Truyền hình tỉnh") == UnitNameKey.of("Đài Phát thanh - Truyền hình tỉnh"))
        #expect(UnitNameKey.of("Ủy ban MTTQ Việt Nam huyện") != UnitNameKey.of("UBND huyện"))
    }

    @Test func similarityForgivesOrderAndAWordButNotADifferentUnit() {
        let key = UnitNameKey.of
        #expect(UnitNameKey.similarity(key("Phòng Văn hóa Thông tin"), key("Phòng Văn hóa và Thông tin huyện")) > 0.8)
        #expect(UnitNameKey.similarity(key("Phòng Nội vụ"), key("Phòng Nội vụ")) == 1)
        #expect(UnitNameKey.similarity(key("Phòng Nội vụ"), key("Phòng Tư pháp")) < 0.6)
        #expect(UnitNameKey.similarity("", key("Phòng Tư pháp")) == 0)
    }
}

@Suite struct UnitKindGuessTests {
    @Test func theFirstWordsOfANameSayItsKind() {
        let cases: [(String, UnitKind)] = [
            ("Phòng Văn hóa và Thông tin", .office), ("Văn phòng HĐND và UBND huyện", .office), ("Thanh tra huyện", .office),
            ("Sở Nội vụ", .department), ("Ủy ban nhân dân xã An Hiệp", .committee), ("UBND thị trấn Châu Thành", .committee),
            ("Trung tâm Văn hóa – Thể thao – Truyền thanh", .publicService), ("Đài Phát thanh và Truyền hình tỉnh", .publicService),
            ("Ban quản lý chợ Thuận Hòa", .publicService), ("Công an huyện", .centralBranch), ("Bảo hiểm xã hội huyện", .centralBranch),
            ("Chi cục Thuế khu vực", .centralBranch), ("Ủy ban MTTQ Việt Nam huyện", .massOrganisation), ("Hội Nông dân xã", .massOrganisation),
            ("Đoàn TNCS Hồ Chí Minh huyện", .massOrganisation), ("Ấp Phú Hữu", .hamlet), ("Hợp tác xã Thuận Phát", .other),
        ]
        for (name, kind) in cases { #expect(UnitKind(guessingFrom: name) == kind, "\(name)") }
    }
}
