/// Whether a plan task's wording launches a contest ("Phát động cuộc thi tìm hiểu …", "Tổ chức Hội thi …", "thi trực
/// tuyến"): the word "thi", but not in "thi đua" (emulation), "thi hành" / "thực thi" (enforcing), "thi công" (building).
public enum ContestTask {
    public static func launches(_ text: String) -> Bool {
        // "thi" itself has no tone mark ("thị", "thì" are other words): matched before folding; its neighbours folded.
        let exact = text.lowercased().split { !$0.isLetter }.map(String.init)
        let words = exact.map(VietnameseText.fold)
        for (i, word) in exact.enumerated() where word == "thi" {
            let next = i + 1 < words.count ? words[i + 1] : ""
            let before = i > 0 ? words[i - 1] : ""
            if ["dua", "hanh", "cong"].contains(next) || before == "thuc" { continue }
            return true
        }
        return false
    }
}
