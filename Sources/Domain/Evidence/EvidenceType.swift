import Foundation

/// The kinds of evidence file the system keeps, recognised by their content (not only their name): a `.pdf` that
/// does not start like a PDF, or an `.exe` renamed, is refused.
public enum EvidenceType: String, CaseIterable, Sendable, Codable {
    case pdf, docx, xlsx, jpg, png, mp3, mp4

    public var contentType: String {
        switch self {
        case .pdf: return "application/pdf"
        case .docx: return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        case .xlsx: return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        case .jpg: return "image/jpeg"
        case .png: return "image/png"
        case .mp3: return "audio/mpeg"
        case .mp4: return "video/mp4"
        }
    }

    /// The type the name claims and the content confirms; nil when either is not one of the allowed types or they disagree.
    public static func detect(_ data: Data, filename: String) -> EvidenceType? {
        let ext = (filename as NSString).pathExtension.lowercased()
        let claimed: EvidenceType? = ext == "jpeg" ? .jpg : EvidenceType(rawValue: ext)
        guard let claimed else { return nil }
        let bytes = [UInt8](data.prefix(16))
        func starts(_ magic: [UInt8], at offset: Int = 0) -> Bool {
            bytes.count >= offset + magic.count && Array(bytes[offset..<(offset + magic.count)]) == magic
        }
        let isZip = starts([0x50, 0x4B, 0x03, 0x04])
        switch claimed {
        case .pdf: return starts(Array("%PDF-".utf8)) && EvidenceStructure.isPDF(data) ? .pdf : nil
        case .docx: return isZip && EvidenceStructure.isOfficePackage(data, main: "word/document.xml", contentType: "wordprocessingml.document.main+xml") ? .docx : nil
        case .xlsx: return isZip && EvidenceStructure.isOfficePackage(data, main: "xl/workbook.xml", contentType: "spreadsheetml.sheet.main+xml") ? .xlsx : nil
        case .jpg: return starts([0xFF, 0xD8, 0xFF]) && EvidenceStructure.endsLikeJPEG(data) ? .jpg : nil
        case .png: return starts([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) && EvidenceStructure.isPNG(data) ? .png : nil
        case .mp3: return (starts(Array("ID3".utf8)) || starts([0xFF, 0xFB]) || starts([0xFF, 0xF3]) || starts([0xFF, 0xF2])) && !EvidenceStructure.hasExecutableMagic(data.dropFirst(3).prefix(64)) ? .mp3 : nil
        case .mp4: return starts(Array("ftyp".utf8), at: 4) && EvidenceStructure.isMP4(data) ? .mp4 : nil
        }
    }
}
