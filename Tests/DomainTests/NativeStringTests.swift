import Foundation
import Testing
@testable import Domain

/// The importer's native string helpers must agree with Foundation on NFC text.
@Suite struct NativeStringTests {
    static let alphabet: [String] = ["a", "b", "đ", "Đ", "ơ", "ớ", "Ư", "ự", "ế", "Ả", " ", " ", "\t", "\n", ":", ";", ".", ",", "-", "–", "“", "”", "…", "*", "#", "<", ">", "1", "2", "\u{00A0}", "x", "ab", "Nội", "vụ"]

    static func randomText(_ g: inout SeededGenerator, maxLength: Int = 12) -> String {
        (0..<Int.random(in: 0...maxLength, using: &g)).map { _ in alphabet.randomElement(using: &g) ?? "" }.joined()
    }

    @Test func searchAndReplaceAgreeWithFoundation() {
        var g = SeededGenerator(state: 42)
        for _ in 0..<3000 {
            let text = Self.randomText(&g)
            let needle = Self.randomText(&g, maxLength: 2)
            let replacement = Self.randomText(&g, maxLength: 2)
            let foundationRange = text.range(of: needle, options: [])
            if !needle.isEmpty {
                #expect(text.contains(needle) == (foundationRange != nil), "contains \(needle) in \(text)")
                #expect(text.range(of: needle) == foundationRange, "range of \(needle) in \(text)")
                #expect(text.replacingOccurrences(of: needle, with: replacement) == text.replacingOccurrences(of: needle, with: replacement, options: []))
                #expect(text.components(separatedBy: needle) == NSString(string: text).components(separatedBy: needle))
                if let r = foundationRange {
                    #expect(text.range(of: needle, range: r.lowerBound..<text.endIndex) == r)
                    #expect(text.range(of: needle, range: text.startIndex..<r.upperBound) == r)
                }
            }
            #expect(text.trimmed() == text.trimmingCharacters(in: .whitespacesAndNewlines))
            #expect(text.trimmed(of: " .;") == text.trimmingCharacters(in: CharacterSet(charactersIn: " .;")))
            #expect(text.firstIndex(of: ":") == text.indices.first { text[$0] == ":" })
            #expect(text.lastIndex(of: ".") == text.indices.last { text[$0] == "." })
            #expect(text.lines() == text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        }
    }

    @Test func foldingMatchesTheDecomposedDefinition() {
        func reference(_ text: String) -> String {
            let stripped = String(String.UnicodeScalarView(text.decomposedStringWithCanonicalMapping.lowercased().unicodeScalars
                .filter { !(0x0300...0x036F).contains($0.value) }.map { $0.value == 0x0111 ? "d" : $0 }))
            return stripped.split(whereSeparator: { $0.isWhitespace }).joined(separator: " ")
        }
        var g = SeededGenerator(state: 7)
        for _ in 0..<3000 {
            let text = Self.randomText(&g)
            #expect(VietnameseText.fold(text) == reference(text), "fold \(text)")
            #expect(VietnameseText.clean(text) == text.precomposedStringWithCanonicalMapping.split(whereSeparator: { $0.isWhitespace }).joined(separator: " "))
        }
        // Every precomposed Vietnamese letter folds to its ASCII base.
        let letters = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
        #expect(VietnameseText.fold(letters) == [("a", 18), ("e", 12), ("i", 6), ("o", 18), ("u", 12), ("y", 6), ("d", 1)].map { String(repeating: $0, count: $1) }.joined())
        #expect(VietnameseText.fold(letters.uppercased()) == VietnameseText.fold(letters))
        // Decomposed input (as some Word files store it) folds the same.
        #expect(VietnameseText.fold("Pho\u{0300}ng Nô\u{0323}i vu\u{0323}") == "phong noi vu")
        #expect(VietnameseText.clean("Pho\u{0300}ng") == "Phòng")
    }
}
