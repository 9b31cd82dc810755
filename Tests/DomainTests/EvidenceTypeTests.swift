import Foundation
import Testing
import Domain

@Suite struct EvidenceTypeTests {
    @Test func contentMustMatchTheName() {
        let pdf = Data("%PDF-1.7\n1 0 obj".utf8)
        #expect(EvidenceType.detect(pdf, filename: "bai-viet.pdf") == .pdf)
        #expect(EvidenceType.detect(pdf, filename: "BAI-VIET.PDF") == .pdf)
        let exe = Data([0x4D, 0x5A, 0x90, 0x00] + Array(repeating: 0, count: 60))
        #expect(EvidenceType.detect(exe, filename: "bai-viet.pdf") == nil)
        #expect(EvidenceType.detect(exe, filename: "setup.exe") == nil)
        #expect(EvidenceType.detect(pdf, filename: "anh.png") == nil)
        let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13])
        #expect(EvidenceType.detect(png, filename: "pano.png") == .png)
        #expect(EvidenceType.detect(Data([0xFF, 0xD8, 0xFF, 0xE0]), filename: "hoi-nghi.jpeg") == .jpg)
        #expect(EvidenceType.detect(Data("ID3\u{3}".utf8), filename: "chuyen-muc.mp3") == .mp3)
        #expect(EvidenceType.detect(Data([0, 0, 0, 0x18] + Array("ftypmp42".utf8)), filename: "phong-su.mp4") == .mp4)
        let docx = Data([0x50, 0x4B, 0x03, 0x04] + Array("....word/document.xml".utf8))
        #expect(EvidenceType.detect(docx, filename: "bao-cao.docx") == .docx)
        #expect(EvidenceType.detect(docx, filename: "bang.xlsx") == nil)
        #expect(EvidenceType.detect(Data(), filename: "rong.pdf") == nil)
    }
}
