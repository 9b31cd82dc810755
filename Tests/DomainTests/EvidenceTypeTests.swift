import Foundation
import Testing
import ZIPFoundation
import Domain

@Suite struct EvidenceTypeTests {
    static let pdf = Data("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\nxref\n0 1\ntrailer << /Root 1 0 R >>\nstartxref\n9\n%%EOF\n".utf8)

    static func chunk(_ type: String, _ body: [UInt8]) -> [UInt8] {
        let n = body.count
        return [UInt8(n >> 24 & 0xFF), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] + Array(type.utf8) + body + [0, 0, 0, 0]
    }
    static let png = Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + chunk("IHDR", [0, 0, 0, 1, 0, 0, 0, 1, 8, 0, 0, 0, 0]) + chunk("IEND", []))

    static func box(_ type: String, _ body: [UInt8]) -> [UInt8] {
        let n = body.count + 8
        return [UInt8(n >> 24 & 0xFF), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] + Array(type.utf8) + body
    }
    static let mp4 = Data(box("ftyp", Array("mp42\0\0\0\0".utf8)) + box("moov", [UInt8](repeating: 0, count: 16)) + box("mdat", [1, 2, 3]))

    static func package(_ entries: [(String, String)]) throws -> Data {
        let archive = try Archive(accessMode: .create)
        for (path, text) in entries {
            let data = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(data.count), compressionMethod: .deflate) { position, size in
                data.subdata(in: Int(position)..<min(data.count, Int(position) + size))
            }
        }
        return try #require(archive.data)
    }
    static func contentTypes(_ main: String) -> (String, String) {
        ("[Content_Types].xml", "<Types><Override PartName=\"/x\" ContentType=\"application/vnd.openxmlformats-officedocument.\(main)\"/></Types>")
    }

    @Test func contentMustMatchTheName() throws {
        #expect(EvidenceType.detect(Self.pdf, filename: "bai-viet.pdf") == .pdf)
        #expect(EvidenceType.detect(Self.pdf, filename: "BAI-VIET.PDF") == .pdf)
        let exe = Data([0x4D, 0x5A, 0x90, 0x00] + Array(repeating: 0, count: 60))
        #expect(EvidenceType.detect(exe, filename: "bai-viet.pdf") == nil)
        #expect(EvidenceType.detect(exe, filename: "setup.exe") == nil)
        #expect(EvidenceType.detect(Self.pdf, filename: "anh.png") == nil)
        #expect(EvidenceType.detect(Self.png, filename: "pano.png") == .png)
        #expect(EvidenceType.detect(Data([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10, 0xFF, 0xD9]), filename: "hoi-nghi.jpeg") == .jpg)
        #expect(EvidenceType.detect(Data("ID3\u{3}\0\0\0\0\0\0".utf8), filename: "chuyen-muc.mp3") == .mp3)
        #expect(EvidenceType.detect(Self.mp4, filename: "phong-su.mp4") == .mp4)
        let docx = try Self.package([Self.contentTypes("wordprocessingml.document.main+xml"), ("word/document.xml", "<w:document/>")])
        #expect(EvidenceType.detect(docx, filename: "bao-cao.docx") == .docx)
        #expect(EvidenceType.detect(docx, filename: "bang.xlsx") == nil)
        let xlsx = try Self.package([Self.contentTypes("spreadsheetml.sheet.main+xml"), ("xl/workbook.xml", "<workbook/>")])
        #expect(EvidenceType.detect(xlsx, filename: "bang.xlsx") == .xlsx)
        #expect(EvidenceType.detect(Data(), filename: "rong.pdf") == nil)
    }

    /// Files that start like an allowed type but are not one (what a probe sent): each is refused.
    @Test func theWholeStructureIsChecked() throws {
        // "%PDF-" and then a Windows program; a header with no objects or trailer; the trailer without objects.
        var disguised = Data("%PDF-1.4\n".utf8)
        disguised.append(Data([0x4D, 0x5A, 0x90, 0x00] + Array(repeating: 0, count: 200)))
        disguised.append(Data("\n1 0 obj endobj trailer startxref %%EOF".utf8))
        #expect(EvidenceType.detect(disguised, filename: "to-trinh.pdf") == nil)
        #expect(EvidenceType.detect(Data("%PDF-1.4\n%thử\n".utf8), filename: "to-trinh.pdf") == nil)
        #expect(EvidenceType.detect(Data("%PDF-1.4\ntrailer\n%%EOF".utf8), filename: "to-trinh.pdf") == nil)
        // A ZIP naming "word/x" beside a program; a package with a program inside; one without content types; macros.
        let zipWithProgram = try Self.package([("word/x", "a"), ("evil.exe", "MZ")])
        #expect(EvidenceType.detect(zipWithProgram, filename: "bao-cao.docx") == nil)
        let packageWithProgram = try Self.package([Self.contentTypes("wordprocessingml.document.main+xml"), ("word/document.xml", "<w/>"),
                                                   ("word/media/setup.EXE", "MZ")])
        #expect(EvidenceType.detect(packageWithProgram, filename: "bao-cao.docx") == nil)
        #expect(EvidenceType.detect(try Self.package([("word/document.xml", "<w/>")]), filename: "bao-cao.docx") == nil)
        let macros = try Self.package([Self.contentTypes("wordprocessingml.document.main+xml"), ("word/document.xml", "<w/>"), ("word/vbaProject.bin", "x")])
        #expect(EvidenceType.detect(macros, filename: "bao-cao.docx") == nil)
        // A workbook's content types on a file named .docx.
        let workbook = try Self.package([Self.contentTypes("spreadsheetml.sheet.main+xml"), ("word/document.xml", "<w/>")])
        #expect(EvidenceType.detect(workbook, filename: "bao-cao.docx") == nil)
        // A PNG signature and nothing of the chunks; a chunk longer than the file; a JPEG with no end marker.
        #expect(EvidenceType.detect(Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13]), filename: "anh.png") == nil)
        #expect(EvidenceType.detect(Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Self.chunk("IHDR", []).prefix(8) + [0xFF, 0xFF]), filename: "anh.png") == nil)
        #expect(EvidenceType.detect(Data([0xFF, 0xD8, 0xFF, 0xE0] + Array(repeating: 0x41, count: 100)), filename: "anh.jpg") == nil)
        // "ftyp" at 4 and then boxes that do not add up, or no movie box.
        #expect(EvidenceType.detect(Data([0, 0, 0, 0x18] + Array("ftypmp42".utf8)), filename: "phong-su.mp4") == nil)
        #expect(EvidenceType.detect(Data(Self.box("ftyp", Array("mp42".utf8)) + Self.box("mdat", [1])), filename: "phong-su.mp4") == nil)
        #expect(EvidenceType.detect(Data(Self.box("ftyp", Array("mp42".utf8)) + [0xFF, 0xFF, 0xFF, 0xFF] + Array("moov".utf8)), filename: "phong-su.mp4") == nil)
    }
}
