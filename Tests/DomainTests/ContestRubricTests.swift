import Foundation
import Testing
@testable import Domain

struct ContestRubricTests {
    @Test func readsCriteriaAsOrganisersTypeThem() throws {
        let text = """
        1. Nội dung, ý nghĩa: 40
        b) Tính sáng tạo – 30 điểm
        - Ngắn gọn, dễ nhớ (20đ)
        Phù hợp Nghị quyết 76 — 10
        """
        let rubric = try ContestRubric.parse(text).get()
        #expect(rubric.criteria == [.init(name: "Nội dung, ý nghĩa", max: 40), .init(name: "Tính sáng tạo", max: 30),
                                    .init(name: "Ngắn gọn, dễ nhớ", max: 20), .init(name: "Phù hợp Nghị quyết 76", max: 10)])
        #expect(rubric.total == 100)
    }

    @Test func tellsProblemsByLine() {
        guard case .failure(let failure) = ContestRubric.parse("Nội dung: 40\nTính sáng tạo\n: 30\nDễ nhớ: 5000") else {
            Issue.record("expected problems"); return
        }
        #expect(failure.list.map(\.line) == [2, 3, 4])
        guard case .failure(let empty) = ContestRubric.parse("  \n") else { Issue.record("expected a problem"); return }
        #expect(empty.list.first?.message.contains("Chưa có tiêu chí") == true)
    }

    @Test func pointsAreCheckedAgainstEachMaximum() throws {
        let rubric = try ContestRubric.parse("Nội dung: 40\nSáng tạo: 60").get()
        #expect(try rubric.points(["35,5", "60"]).get() == [35.5, 60])
        #expect(rubric.points(["41", "1"]).failureText?.contains("từ 0 đến 40") == true)
        #expect(rubric.points(["-1", "1"]).failureText?.contains("từ 0 đến 40") == true)
        #expect(rubric.points(["abc", "1"]).failureText?.contains("phải là một số") == true)
        #expect(rubric.points(["1"]).failureText?.contains("đủ 2 tiêu chí") == true)
        #expect(rubric.points(["nan", "1"]).failureText != nil && rubric.points(["1e300", "1"]).failureText != nil)
    }

    @Test func slogansAreCountedInWords() {
        #expect(CreativeText.words("Cải cách hành chính – vì nhân dân phục vụ") == 9)
        #expect(CreativeText.words("  Dân biết,   dân bàn, dân làm, dân kiểm tra!\n") == 9)
        #expect(CreativeText.check("Cải cách hành chính", min: 10, max: 20)?.contains("từ 10 chữ") == true)
        #expect(CreativeText.check(String(repeating: "chữ ", count: 21), min: 10, max: 20)?.contains("tối đa 20") == true)
        #expect(CreativeText.check(String(repeating: "chữ ", count: 12), min: 10, max: 20) == nil)
        #expect(CreativeText.check(" – ", min: nil, max: nil)?.contains("chưa có nội dung") == true)
    }

    @Test func theFinalScoreIsTheMeanOfTheJudgesAndTiesShareARank() {
        let a = UUID(), b = UUID(), c = UUID(), d = UUID()
        let entries = [CreativeRanking.Entry(id: a, totals: ["gk1": 80, "gk2": 90]),
                       CreativeRanking.Entry(id: b, totals: ["gk1": 90, "gk2": 80]),
                       CreativeRanking.Entry(id: c, totals: ["gk1": 95, "gk2": 96]),
                       CreativeRanking.Entry(id: d, totals: ["gk1": 99])]
        let ranked = CreativeRanking.rank(entries, judges: ["gk1", "gk2"])
        #expect(ranked.map(\.entry.id) == [c] + [a, b].sorted { $0.uuidString < $1.uuidString })
        #expect(ranked.map(\.rank) == [1, 2, 2] && ranked.map(\.mean) == [95.5, 85, 85])
        #expect(!CreativeRanking.complete(entries, judges: ["gk1", "gk2"]))
        #expect(CreativeRanking.complete(Array(entries.prefix(3)), judges: ["gk1", "gk2"]))
        #expect(!CreativeRanking.complete(entries, judges: []))
    }
}

extension Result {
    var failureText: String? { if case .failure(let e) = self { return "\(e)" } else { return nil } }
}
