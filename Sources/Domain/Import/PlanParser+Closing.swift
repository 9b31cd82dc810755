import Foundation

/// The end of a plan: recipients ("Nơi nhận"), the signer, and the issuer when the header did not name it.
extension PlanParser {
    // MARK: Closing: recipients and signer

    func parseClosing(_ p: [String], folded: [String], into plan: inout Plan) {
        var appendix = folded.firstIndex(where: { $0.hasPrefix("phu luc") }) ?? p.count
        // Without "Nơi nhận" (cut off, or lost by a scan) the closing starts at the signing authority ("TM. …", "KT. …").
        let closingLine = folded.firstIndex(where: { $0.hasPrefix("noi nhan") })
            ?? p.indices.last(where: { $0 < appendix && Self.isAuthorityLine(p[$0]) })
        guard let recipientsAt = closingLine else { return }
        // The decision that issues a plan closes before the plan's own "KẾ HOẠCH".
        if let plan = folded.firstIndex(where: Self.isPlanHeading), plan > recipientsAt { appendix = min(appendix, plan) }
        var signerStart = recipientsAt
        // The signature block may come before "Nơi nhận" (seed 002) or after it.
        var k = recipientsAt - 1
        while k >= 0 && recipientsAt - k <= 3 {
            if Self.isAuthorityLine(p[k]) { signerStart = k }
            k -= 1
        }
        var authority: String?
        var title: String?
        var name: String?
        let first = p[recipientsAt]
        if let colon = first.firstIndex(of: ":") {
            let rest = first[first.index(after: colon)...].trimmed()
            if !rest.isEmpty, rest == rest.uppercased() { title = rest }
        }
        var i = signerStart
        while i < appendix {
            let line = p[i]
            let f = folded[i]
            if i == recipientsAt { i += 1; continue }
            if line.hasPrefix("-") || line.hasPrefix("+") {
                if i > recipientsAt {
                    let item = UnitListSplitter.clean(line)
                    if !item.isEmpty { plan.recipients.append(item) }
                }
            } else if Self.isAuthorityLine(line) {
                // "TM. ỦY BAN NHÂN DÂN CHỦ TỊCH" may arrive as one paragraph
                let words = line
                if let r = words.range(of: " PHÓ CHỦ TỊCH") ?? words.range(of: " CHỦ TỊCH"),
                   words[..<r.lowerBound].dropFirst(3).contains(where: \.isLetter) {
                    authority = VietnameseText.clean(String(words[..<r.lowerBound]))
                    title = VietnameseText.clean(String(words[r.lowerBound...]))
                } else {
                    authority = VietnameseText.clean(line)
                }
            } else if line == line.uppercased() && line.count < 40 && (f.contains("chu tich") || f.contains("giam doc") || f.contains("truong") || f.contains("bi thu")) {
                title = VietnameseText.clean(line)
            } else if Self.looksLikeName(line), name == nil, i > min(recipientsAt, signerStart) {
                name = VietnameseText.clean(line)
            }
            i += 1
        }
        if authority != nil || title != nil || name != nil {
            plan.signer = Signer(authority: authority, title: title, name: name)
        }
    }

    static func isAuthorityLine(_ line: String) -> Bool {
        let prefixes = ["TM.", "TM ", "KT.", "KT ", "Q.", "TL.", "TUQ.", "T/M"]
        return prefixes.contains(where: { line.hasPrefix($0) }) && line.dropFirst(3).contains(where: { $0.isLetter })
    }

    /// "Trương Quốc Diện": 2–5 capitalised words, no digits or punctuation.
    static func looksLikeName(_ line: String) -> Bool {
        let words = line.split(separator: " ")
        guard (2...5).contains(words.count), line != line.uppercased() else { return false }
        return words.allSatisfy { w in w.first?.isUppercase == true && w.allSatisfy { $0.isLetter } }
    }

    static func inferIssuerFromSentence(_ f: String, original: String) -> String? {
        // The earliest verb of issuing ends the issuer's name: "Sở Nội vụ xây dựng và ban hành …".
        let markers = [" xay dung ke hoach", " ban hanh ke hoach", " xay dung va ban hanh ", " ban hanh ", " trien khai ke hoach"]
        for r in markers.compactMap({ f.range(of: $0) }).sorted(by: { $0.lowerBound < $1.lowerBound }) {
            let prefixLength = f.distance(from: f.startIndex, to: r.lowerBound)
            let candidate = String(original.prefix(prefixLength))
            let folded = VietnameseText.fold(candidate)
            if folded.hasPrefix("uy ban nhan dan") || folded.hasPrefix("ubnd") || folded.hasPrefix("so ") || folded.hasPrefix("phong ") {
                return expandAbbreviations(VietnameseText.clean(candidate))
            }
        }
        return nil
    }

    func inferIssuer(_ p: [String]) -> String? {
        for line in p.prefix(40) {
            // Character counts match between original and folded text (folding only drops combining marks from NFC).
            let pre = line.precomposedStringWithCanonicalMapping
            let f = VietnameseText.fold(pre)
            if f.count == pre.count, let issuer = Self.inferIssuerFromSentence(f, original: pre) { return issuer }
            if let r = pre.range(of: "; Ủy ban nhân dân") ?? pre.range(of: "; UBND") {
                let tail = String(pre[pre.index(after: r.lowerBound)...]).trimmed()
                let tf = VietnameseText.fold(tail)
                if tf.count == tail.count, let issuer = Self.inferIssuerFromSentence(tf, original: tail) { return issuer }
            }
        }
        return nil
    }
}
