import Foundation
import ZIPFoundation

/// Checks of an evidence file's whole structure, past its first bytes: a PDF has its objects and its end-of-file
/// trailer, an Office file is a package with its content types and main part and nothing executable inside, a PNG
/// is a chain of chunks ending in IEND, an MP4 a chain of boxes covering the file. A file that only starts like one
/// of these (an executable behind "%PDF-", a ZIP holding "word/x" and "evil.exe") is refused.
enum EvidenceStructure {
    /// Names inside an archive that no Office document holds.
    static let executableExtensions: Set<String> = ["exe", "dll", "com", "scr", "bat", "cmd", "msi", "ps1", "vbs", "vbe", "js", "jse",
                                                   "wsf", "jar", "sh", "elf", "so", "lnk", "cpl", "hta", "pif", "apk", "app"]

    static func isPDF(_ data: Data) -> Bool {
        let tail = data.suffix(2048)
        guard tail.range(of: Data("%%EOF".utf8)) != nil, tail.range(of: Data("startxref".utf8)) != nil || data.range(of: Data("trailer".utf8)) != nil else { return false }
        guard data.range(of: Data(" obj".utf8)) != nil, data.range(of: Data("endobj".utf8)) != nil else { return false }
        // The header line ends within its first bytes and what follows is not a program.
        return !hasExecutableMagic(data.dropFirst(5).prefix(64))
    }

    /// "MZ" (Windows) or "\u{7F}ELF" at the start of `bytes` or right after the header line.
    static func hasExecutableMagic(_ bytes: Data) -> Bool {
        let b = [UInt8](bytes)
        var starts = [0]
        if let nl = b.firstIndex(where: { $0 == 0x0A || $0 == 0x0D }) { starts.append(nl + 1); if nl + 2 <= b.count { starts.append(nl + 2) } }
        for i in starts where i < b.count {
            if b.count >= i + 2, b[i] == 0x4D, b[i + 1] == 0x5A { return true }
            if b.count >= i + 4, b[i] == 0x7F, b[i + 1] == 0x45, b[i + 2] == 0x4C, b[i + 3] == 0x46 { return true }
        }
        return false
    }

    static func isOfficePackage(_ data: Data, main: String, contentType: String) -> Bool {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("cchc-evidence-\(UUID().uuidString).zip")
        defer { try? FileManager.default.removeItem(at: file) }
        // File-backed: ZIPFoundation's in-memory archives trap on corrupt offsets (see DocxReader).
        guard (try? data.write(to: file, options: .withoutOverwriting)) != nil, let archive = try? Archive(url: file, accessMode: .read) else { return false }
        var names: Set<String> = []
        var count = 0
        for entry in archive {
            count += 1
            guard count <= 10_000 else { return false }
            let name = entry.path.lowercased()
            let ext = (name as NSString).pathExtension
            if executableExtensions.contains(ext) || name.hasSuffix("vbaproject.bin") { return false }
            names.insert(entry.path)
        }
        guard names.contains(main), let types = archive["[Content_Types].xml"], types.uncompressedSize <= 1024 * 1024 else { return false }
        var xml = Data()
        guard (try? archive.extract(types, bufferSize: 16 * 1024, skipCRC32: false) { chunk in
            xml.append(chunk)
            if xml.count > 1024 * 1024 { throw CocoaError(.fileReadTooLarge) }
        }) != nil else { return false }
        return xml.range(of: Data(contentType.utf8)) != nil
    }

    static func endsLikeJPEG(_ data: Data) -> Bool {
        data.suffix(4096).range(of: Data([0xFF, 0xD9])) != nil
    }

    /// Chunks: 4-byte length, 4-byte type, data, 4-byte CRC; IHDR first, IEND last.
    static func isPNG(_ data: Data) -> Bool {
        let b = [UInt8](data)
        var i = 8
        var first = true
        while i + 12 <= b.count {
            let length = Int(b[i]) << 24 | Int(b[i + 1]) << 16 | Int(b[i + 2]) << 8 | Int(b[i + 3])
            let type = String(decoding: b[(i + 4)..<(i + 8)], as: UTF8.self)
            if first { guard type == "IHDR" else { return false }; first = false }
            guard length <= b.count - i - 12 else { return false }
            i += 12 + length
            if type == "IEND" { return true }
        }
        return false
    }

    /// Top-level boxes: 4-byte size (1: a 64-bit size follows; 0: to the end), 4-byte type; a movie box among them.
    static func isMP4(_ data: Data) -> Bool {
        let b = [UInt8](data)
        var i = 0
        var types: Set<String> = []
        var boxes = 0
        while i + 8 <= b.count {
            boxes += 1
            guard boxes <= 100_000 else { return false }
            var size = UInt64(b[i]) << 24 | UInt64(b[i + 1]) << 16 | UInt64(b[i + 2]) << 8 | UInt64(b[i + 3])
            let type = String(decoding: b[(i + 4)..<(i + 8)], as: UTF8.self)
            guard type.utf8.allSatisfy({ $0 >= 0x20 && $0 < 0x7F }) else { return false }
            types.insert(type)
            if size == 1 {
                guard i + 16 <= b.count else { return false }
                size = b[(i + 8)..<(i + 16)].reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
                guard size >= 16 else { return false }
            } else if size == 0 {
                size = UInt64(b.count - i)
            } else if size < 8 {
                return false
            }
            guard size <= UInt64(b.count - i) else { return false }
            i += Int(size)
        }
        return i == b.count && types.contains("moov")
    }
}
