import Foundation
import Testing
@testable import Domain

@Suite struct ScoringRuleTextTests {
    func rule(_ text: String) throws -> ScoringRule {
        switch ScoringRuleText.parse(text) {
        case .success(let r): return r
        case .failure(let p): throw p
        }
    }

    func problems(_ text: String) -> [ScoringRuleText.LineError] {
        if case .failure(let p) = ScoringRuleText.parse(text) { return p.lines }
        return []
    }

    @Test func theShippedDongNaiRuleReadsAsTwoPointsInATree() throws {
        let r = try rule(ScoringRuleText.dongNaiCommune2022)
        #expect(r.maxPoints == 2)
        #expect(r.criteria.count == 1)
        let c4 = try #require(r.criteria.first)
        #expect(c4.children.map(\.code) == ["4.1", "4.2"])
        #expect(c4.children[1].children.map(\.code) == ["4.2.1", "4.2.2"])
        #expect(c4.children[1].children[0].children.count == 2)
        #expect(r.measures.contains(.planCompletion) && r.measures.contains(.objectivesMet))
    }

    @Test func phrasingsWithoutMarksAndOtherSeparatorsReadTheSame() throws {
        let a = try rule("""
            1 | Tuyên truyền | 1
            1.1 | Kế hoạch | 1 | Hoàn thành kế hoạch | từ 100%: 1; từ 90%: mục tiêu đạt × 1; còn lại: 0
            """)
        let b = try rule("""
            # không dấu, dấu chấm thập phân, * thay cho ×, "dưới" thay cho "còn lại"
            1 | Tuyen truyen | 1
            1.1 | Ke hoach | 1.0 | hoan thanh ke hoach | dưới 90%: 0; đạt từ 90 %: muc tieu dat * 1; >= 100%: 1
            """)
        #expect(a.criteria[0].children[0].leaf == b.criteria[0].children[0].leaf)
    }

    @Test func channelAndKindNamesAreReadFromLabelsAndUsualGroups() throws {
        let r = try rule("""
            A | Đa dạng | 1
            A.1 | Mạng xã hội | 0,5 | hoạt động kênh: mạng xã hội | có 2
            A.2 | Hội nghị và tờ rơi | 0,5 | hoạt động loại: hội nghị, tờ rơi | đủ
            """)
        guard case .activities(let social)? = r.criteria[0].children[0].leaf?.measure,
              case .activities(let kinds)? = r.criteria[0].children[1].leaf?.measure else { Issue.record("not activities"); return }
        #expect(social.channels == [.facebook, .zalo, .youtube])
        #expect(kinds.kinds == [.conference, .leaflet])
        #expect(r.criteria[0].children[0].leaf?.method == .atLeast(2))
        #expect(r.criteria[0].children[1].leaf?.method == .eachOf)
    }

    @Test func mistakesAreNamedByLine() {
        let p = problems("""
            4 | Tuyên truyền | 2
            4.1 | Kế hoạch | một | hoàn thành kế hoạch | tỷ lệ
            4.3.1 | Mồ côi | 0,5 | hoạt động | có
            4.4 | Kênh lạ | 0,5 | hoạt động kênh: bồ câu đưa thư | có
            4.5 | Bậc sai | 1 | hoàn thành kế hoạch | từ 90: 1
            4.6 | Quá điểm | 1 | báo cáo đúng hạn | từ 100%: 2
            4.7 | Thiếu cột | 1 | báo cáo đúng hạn
            4.8 | Tỷ lệ trên hoạt động | 1 | hoạt động loại: hội nghị | tỷ lệ
            """)
        #expect(p.map(\.line) == [2, 3, 4, 5, 6, 7, 8])
        #expect(p[0].description.hasPrefix("Dòng 2: điểm tối đa “một”"))
        #expect(p[1].message.contains("cần mục cha 4.3"))
        #expect(p[2].message.contains("không có kênh “bồ câu đưa thư”"))
        #expect(p[3].message.contains("phần trăm"))
        #expect(p[4].message.contains("lớn hơn điểm tối đa"))
        #expect(p[5].message.contains("5 cột"))
        #expect(p[6].message.contains("tỷ lệ"))
    }

    @Test func anEmptyGroupAndAnEmptyRuleAreRefused() {
        #expect(problems("# chỉ có ghi chú\n\n").first?.message.contains("chưa có dòng nào") == true)
        #expect(problems("4 | Nhóm | 1").first?.message.contains("chưa có mục con") == true)
        #expect(problems("4 | A | 1 | hoạt động | có\n4.1 | B | 1 | hoạt động | có").first?.line == 2)
    }
}

@Suite struct ScoreEvaluatorTests {
    let dongNai: ScoringRule = {
        if case .success(let r) = ScoringRuleText.parse(ScoringRuleText.dongNaiCommune2022) { return r }
        return ScoringRule(criteria: [])
    }()

    func points(_ card: UnitScoreCard, _ code: String) -> Decimal? {
        func find(_ list: [CriterionScore]) -> CriterionScore? {
            for c in list { if c.code == code { return c }; if let f = find(c.children) { return f } }
            return nil
        }
        return find(card.criteria)?.points
    }

    func measures(done: Int, of all: Int, objectives: (Int, Int) = (4, 5), activities: [UnitMeasures.ActivityCount] = []) -> UnitMeasures {
        UnitMeasures(planCompletion: .init(done, of: all), objectivesMet: .init(objectives.0, of: objectives.1), activities: activities)
    }

    /// A block's activities are counted by the classes of channels and kinds the rule treats alike: the points, the
    /// readings and the gains are those of counting every channel and kind apart, for rules of several shapes.
    @Test func countingByClassesScoresAsCountingEachChannelAndKind() throws {
        let mixed: ScoringRule = try {
            switch ScoringRuleText.parse("""
                1 | Tuyên truyền | 3
                1.1 | Mạng xã hội, loại tin bài | 1 | hoạt động kênh: mạng xã hội loại: tin bài | mỗi 0,25
                1.2 | Đủ kênh truyền thống | 1 | hoạt động kênh: loa, phát thanh, truyền hình | đủ
                1.3 | Hội nghị | 1 | hoạt động loại: hội nghị, tập huấn | có 2
                """) {
            case .success(let r): return r
            case .failure(let p): throw p
            }
        }()
        var seed: UInt64 = 7
        func next(_ n: Int) -> Int { seed = seed &* 6364136223846793005 &+ 1442695040888963407; return Int((seed >> 33) % UInt64(n)) }
        for rule in [dongNai, mixed] {
            let channels = rule.channelClasses, kinds = rule.kindClasses
            #expect(channels.flatMap { $0 }.count == ActivityChannel.allCases.count && Set(channels.flatMap { $0 }).count == ActivityChannel.allCases.count)
            #expect(kinds.flatMap { $0 }.count == ActivityKind.allCases.count)
            #expect(channels.count < ActivityChannel.allCases.count && kinds.count < ActivityKind.allCases.count)
            for _ in 0..<200 {
                let raw = (0..<next(12)).map { _ in
                    UnitMeasures.ActivityCount(channel: ActivityChannel.allCases[next(ActivityChannel.allCases.count)],
                                               kind: ActivityKind.allCases[next(ActivityKind.allCases.count)], count: 1 + next(3))
                }
                let collapsed = raw.map { a in
                    UnitMeasures.ActivityCount(channel: channels.first { $0.contains(a.channel) }?.first ?? a.channel,
                                               kind: kinds.first { $0.contains(a.kind) }?.first ?? a.kind, count: a.count)
                }
                #expect(ScoreEvaluator.score(rule, measures(done: 9, of: 10, activities: raw))
                        == ScoreEvaluator.score(rule, measures(done: 9, of: 10, activities: collapsed)))
            }
        }
        // Đồng Nai's rule: screens alone, each listed site or page alone, the channels it does not name together.
        #expect(dongNai.channelClasses.contains([.screen]))
        #expect(dongNai.channelClasses.count <= 5)
    }

    @Test func theWorkedExampleFourOfFiveObjectivesGivesPointEight() {
        let card = ScoreEvaluator.score(dongNai, measures(done: 19, of: 20))
        #expect(points(card, "4.1") == Decimal(string: "0.8"))
    }

    @Test func thresholdsHoldOnBothSides() {
        // 89.9% → 0; exactly 90% → the partial award; 100% → 1.
        #expect(points(ScoreEvaluator.score(dongNai, measures(done: 899, of: 1000)), "4.1") == 0)
        #expect(points(ScoreEvaluator.score(dongNai, measures(done: 900, of: 1000)), "4.1") == Decimal(string: "0.8"))
        #expect(points(ScoreEvaluator.score(dongNai, measures(done: 9, of: 10, objectives: (3, 4))), "4.1") == Decimal(string: "0.75"))
        #expect(points(ScoreEvaluator.score(dongNai, measures(done: 10, of: 10)), "4.1") == 1)
        #expect(points(ScoreEvaluator.score(dongNai, measures(done: 1, of: 3)), "4.1") == 0)
    }

    @Test func varietyPointsComeFromTheKindsAndChannelsOfVerifiedActivities() {
        let some = [UnitMeasures.ActivityCount(channel: .facebook, kind: .socialPost, count: 3),
                    UnitMeasures.ActivityCount(channel: .onSite, kind: .conference, count: 1)]
        let card = ScoreEvaluator.score(dongNai, measures(done: 10, of: 10, activities: some))
        #expect(points(card, "4.2.1.1") == 0)
        #expect(points(card, "4.2.1.2") == Decimal(string: "0.25"))
        #expect(points(card, "4.2.2") == Decimal(string: "0.5"))
        #expect(points(card, "4.2") == Decimal(string: "0.75"))
        #expect(card.points == Decimal(string: "1.75"))
        #expect(card.allGains.contains { $0.hasPrefix("4.2.1.1") && $0.contains("Thêm 1 hoạt động đã xác nhận (bảng điện tử) → +0,25") })
        let screens = some + [UnitMeasures.ActivityCount(channel: .screen, kind: .poster, count: 2)]
        #expect(ScoreEvaluator.score(dongNai, measures(done: 10, of: 10, activities: screens)).points == 2)
    }

    @Test func aMeasureWithoutDataSaysSo() {
        let card = ScoreEvaluator.score(dongNai, UnitMeasures())
        #expect(points(card, "4.1") == 0)
        #expect(card.noData == ["Tỷ lệ hoàn thành kế hoạch"])
        #expect(card.allGains.contains { $0.contains("Chưa có dữ liệu") })
        // Plan done but no targets measured: the partial award cannot be computed, and says so.
        let partial = ScoreEvaluator.score(dongNai, measures(done: 95, of: 100, objectives: (0, 0)))
        #expect(partial.noData == ["Tỷ lệ mục tiêu, chỉ tiêu đạt"])
        #expect(points(partial, "4.1") == 0)
    }

    @Test func perRecordLinearAndEachOfScoreAndSayWhatIsMissing() throws {
        guard case .success(let r) = ScoringRuleText.parse("""
            1 | Khác | 3
            1.1 | Tin bài | 1 | hoạt động loại: tin bài | mỗi 0,1
            1.2 | Báo cáo | 1 | báo cáo đúng hạn | tỷ lệ
            1.3 | Đủ kênh | 1 | hoạt động kênh: loa, phát thanh, truyền hình | đủ
            """) else { Issue.record("rule refused"); return }
        let m = UnitMeasures(activities: [.init(channel: .portal, kind: .newsArticle, count: 7), .init(channel: .loudspeaker, kind: .radioSegment, count: 1)],
                             reportsOnTime: .init(3, of: 4))
        let card = ScoreEvaluator.score(r, m)
        #expect(points(card, "1.1") == Decimal(string: "0.7"))
        #expect(points(card, "1.2") == Decimal(string: "0.75"))
        #expect(points(card, "1.3") == 0)
        #expect(card.allGains.contains("1.1 — Thêm 3 hoạt động đã xác nhận (tin bài) → +0,3"))
        #expect(card.allGains.contains("1.2 — Thêm 1 báo cáo đạt → +0,25"))
        #expect(card.allGains.contains { $0.hasPrefix("1.3") && $0.contains("phát thanh, truyền hình") })
        // Twelve articles: capped at the item's maximum.
        let many = UnitMeasures(activities: [.init(channel: .portal, kind: .newsArticle, count: 12)])
        #expect(points(ScoreEvaluator.score(r, many), "1.1") == 1)
    }

    @Test func aStepGainSaysHowManyMoreRecordsReachTheNextThreshold() {
        let card = ScoreEvaluator.score(dongNai, measures(done: 17, of: 20))
        // 85%: 0 points; 18 of 20 (90%) would give 4/5 × 1 = 0,8.
        #expect(card.allGains.contains("4.1 — Thêm 1 phân công đạt để đạt từ 90% → +0,8"))
    }
}

@Suite struct ScoreRankingTests {
    @Test func equalPointsShareARankAndTheNextSkips() {
        let ranked = ScoreRanking.rank([
            .init(id: 1, name: "Xã Bình", points: Decimal(string: "1.5")!), .init(id: 2, name: "Xã An", points: 2),
            .init(id: 3, name: "Xã Châu", points: Decimal(string: "1.5")!), .init(id: 4, name: "Xã Đông", points: 1),
        ])
        #expect(ranked.map(\.entry.id) == [2, 1, 3, 4])
        #expect(ranked.map(\.rank) == [1, 2, 2, 4])
        #expect(ranked.map(\.tied) == [false, true, true, false])
    }

    @Test func pointsPrintWithADecimalComma() {
        #expect(ScorePoints.text(Decimal(string: "0.25")!) == "0,25")
        #expect(ScorePoints.text(2) == "2")
        #expect(ScorePoints.parse("0,25") == Decimal(string: "0.25"))
        #expect(ScorePoints.parse("0,255") == nil)
        #expect(ScorePoints.parse("1e9") == nil)
    }
}

@Suite struct ScoreTableWriterTests {
    static func table() -> ScoreTable {
        ScoreTable(issuer: "Ủy ban nhân dân huyện Châu Thành", issuerAbove: "Ủy ban nhân dân tỉnh Sóc Trăng", title: "Bảng điểm tiêu chí tuyên truyền CCHC cấp xã",
                   year: 2026, block: "Cấp xã — Ủy ban nhân dân",
                   columns: [.init(code: "4.1", name: "Hoàn thành kế hoạch", maxPoints: 1), .init(code: "4.2", name: "Đa dạng hình thức", maxPoints: 1)],
                   maxPoints: 2,
                   rows: [.init(rank: 1, unit: "UBND xã Phú Tâm", criteria: [1, Decimal(string: "0.75")!], computed: Decimal(string: "1.75")!,
                                proposed: 2, appraised: 2, final: 2, note: "Đã kiểm tra màn hình LED"),
                          .init(rank: 2, unit: "UBND xã Thuận Hòa", criteria: [0, Decimal(string: "0.5")!], computed: Decimal(string: "0.5")!,
                                proposed: nil, appraised: nil, final: Decimal(string: "0.5")!, note: "")],
                   approved: "Đã phê duyệt ngày 20/12/2026 (chauthanh.lanhdao).", place: "Châu Thành, ngày 20 tháng 12 năm 2026")
    }

    @Test func theWorkbookHasOneRowAUnitWithItsPoints() throws {
        let rows = try XlsxReader.rows(from: try ScoreTableWriter.xlsx(Self.table()))
        #expect(rows.count == 3)
        #expect(rows[1].contains("UBND xã Phú Tâm") && rows[1].contains("0,75") && rows[1].contains("2"))
        #expect(rows[0].contains { $0.hasPrefix("Điểm cuối cùng") })
    }

    @Test(.enabled(if: LibreOfficePrint.available))
    func libreOfficePrintsTheAnnex() throws {
        let printed = try LibreOfficePrint.text(of: try ScoreTableWriter.docx(Self.table()), name: "bang-diem")
        for part in ["PHỤ LỤC", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "UBND xã Phú Tâm", "Thuận Hòa", "Đã phê duyệt ngày 20/12/2026"] {
            #expect(printed.contains(part), "PDF lacks: \(part)")
        }
    }
}
