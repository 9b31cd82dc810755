import Testing
import Domain

/// A comma inside a group's name does not split it; a list of named units does; mixed lines split only between whole names.
@Suite struct UnitListRuleTests {
    @Test func aCommaBeforeAHeadStartsANameABareLevelWordContinuesIt() {
        let cases: [(String, [String])] = [
            ("UBND các xã, phường", ["UBND các xã, phường"]),
            ("UBND các xã, thị trấn", ["UBND các xã, thị trấn"]),
            ("UBND xã, thị trấn", ["UBND xã, thị trấn"]),
            ("Các phòng, ban ngành", ["Các phòng, ban ngành"]),
            ("các cơ quan, đơn vị", ["các cơ quan, đơn vị"]),
            ("UBND xã An Hiệp, UBND xã Phú Tâm, UBND Phường 1", ["UBND xã An Hiệp", "UBND xã Phú Tâm", "UBND Phường 1"]),
            ("Các phòng, ban ngành, UBND các xã, thị trấn", ["Các phòng, ban ngành", "UBND các xã, thị trấn"]),
            ("Phòng Nội vụ, Phòng Tư pháp, Trung tâm Văn hóa – Thể thao – Truyền thanh", ["Phòng Nội vụ", "Phòng Tư pháp", "Trung tâm Văn hóa – Thể thao – Truyền thanh"]),
            ("Các sở, ban, ngành tỉnh, UBND các huyện, thị xã, thành phố", ["Các sở, ban, ngành tỉnh", "UBND các huyện, thị xã, thành phố"]),
            ("Mặt trận Tổ quốc và các đoàn thể, Công an huyện", ["Mặt trận Tổ quốc và các đoàn thể", "Công an huyện"]),
            ("Cơ quan, đơn vị, địa phương có liên quan", ["Cơ quan, đơn vị, địa phương có liên quan"]),
            ("xã Phú Tâm, Phú Tân, Thiện Mỹ và An Hiệp", ["xã Phú Tâm", "xã Phú Tân", "xã Thiện Mỹ", "xã An Hiệp"]),
            ("Văn phòng HĐND và UBND huyện, Phòng Nội vụ", ["Văn phòng HĐND và UBND huyện", "Phòng Nội vụ"]),
            ("Ban Quản lý dự án, UBND các xã, phường, thị trấn", ["Ban Quản lý dự án", "UBND các xã, phường, thị trấn"]),
            ("Phòng Văn hóa, Thể thao", ["Phòng Văn hóa, Thể thao"]),
        ]
        for (cell, expected) in cases {
            #expect(UnitListSplitter.split(cell) == expected, "\(cell)")
        }
    }

    /// "và" inside a name ("Phòng Giáo dục và Đào tạo") does not end it; a group begun with "các cơ quan/phòng/ban …"
    /// after a named unit is a new entry, while "các xã", "các ấp" go on with a committee's name; enumerated people
    /// ("cán bộ, công chức") are not units.
    @Test func namesWithAndGroupsAfterNamedUnitsAndPeople() {
        let cases: [(String, [String])] = [
            ("Văn phòng HĐND và UBND huyện, Phòng Giáo dục và Đào tạo, Hội Liên hiệp Phụ nữ huyện, Các phòng, ban ngành huyện",
             ["Văn phòng HĐND và UBND huyện", "Phòng Giáo dục và Đào tạo", "Hội Liên hiệp Phụ nữ huyện", "Các phòng, ban ngành huyện"]),
            ("Sở Kế hoạch và Đầu tư, Sở Thông tin và Truyền thông, Tỉnh đoàn, Các sở, ban ngành tỉnh",
             ["Sở Kế hoạch và Đầu tư", "Sở Thông tin và Truyền thông", "Tỉnh đoàn", "Các sở, ban ngành tỉnh"]),
            ("Công chức Tư pháp - Hộ tịch, các ban, ngành, đoàn thể xã", ["Công chức Tư pháp - Hộ tịch", "các ban, ngành, đoàn thể xã"]),
            ("Hội Liên hiệp Phụ nữ huyện, các cơ quan, đơn vị có liên quan", ["Hội Liên hiệp Phụ nữ huyện", "các cơ quan, đơn vị có liên quan"]),
            ("Phòng Văn hóa và Thông tin, UBND các xã, thị trấn", ["Phòng Văn hóa và Thông tin", "UBND các xã, thị trấn"]),
            ("Trưởng các ấp, cán bộ, công chức có liên quan", ["Trưởng các ấp, cán bộ, công chức có liên quan"]),
            ("phòng Nội vụ, phòng Tư pháp", ["phòng Nội vụ", "phòng Tư pháp"]),
            ("Sở Văn hóa, Thể thao và Du lịch, Sở Y tế", ["Sở Văn hóa, Thể thao và Du lịch", "Sở Y tế"]),
            ("Ban Nhân dân các ấp, Đoàn Thanh niên xã", ["Ban Nhân dân các ấp", "Đoàn Thanh niên xã"]),
            ("Đài Phát thanh và Truyền hình tỉnh, Báo Bạc Liêu, các cơ quan báo chí", ["Đài Phát thanh và Truyền hình tỉnh", "Báo Bạc Liêu", "các cơ quan báo chí"]),
        ]
        for (cell, expected) in cases {
            #expect(UnitListSplitter.split(cell) == expected, "\(cell)")
        }
    }
}
