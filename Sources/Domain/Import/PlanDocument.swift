import Foundation

/// A document reduced to what the plan reader needs: paragraphs and tables, in order.
public enum DocBlock: Equatable, Sendable {
    case paragraph(String)
    /// Rows of cells; a cell's lines (list items, paragraphs) are separated by "\n".
    case table([[String]])
}

public enum PlanImportError: Error, Equatable, CustomStringConvertible, Sendable, Codable {
    case empty
    case tooLarge(bytes: Int, limit: Int)
    case unsupportedFormat(String)
    case encoding(String)
    case unreadable(String)
    case notAPlan(String)
    case toolMissing(String)

    public var description: String {
        switch self {
        case .empty: return "Tệp trống."
        case .tooLarge(let b, let l): return "Tệp quá lớn (\(b / 1024 / 1024) MB); giới hạn là \(l / 1024 / 1024) MB."
        case .unsupportedFormat(let ext): return "Không đọc được định dạng \"\(ext)\"; hãy dùng .docx, .doc, .odt, .txt, .md, .html hoặc .pdf."
        case .encoding(let why): return "Không đọc được bảng mã của tệp: \(why)"
        case .unreadable(let why): return "Tệp bị hỏng hoặc không đúng định dạng: \(why)"
        case .notAPlan(let why): return "Tệp không phải là một kế hoạch: \(why)"
        case .toolMissing(let why): return why
        }
    }
}

/// Text decoding with encoding detection: UTF-8 (with or without BOM) and UTF-16 are read; legacy
/// Vietnamese 8-bit encodings (TCVN3, VNI) are refused with a reason rather than read as garbage.
public enum TextDecoding {
    public static func decode(_ data: Data) throws -> String {
        let bytes = [UInt8](data.prefix(4))
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) {
            guard let s = String(data: data.dropFirst(3), encoding: .utf8) else { throw PlanImportError.encoding("tệp ghi là UTF-8 nhưng có byte sai.") }
            return s
        }
        if bytes.starts(with: [0xFF, 0xFE]) || bytes.starts(with: [0xFE, 0xFF]) {
            guard let s = String(data: data, encoding: .utf16) else { throw PlanImportError.encoding("tệp UTF-16 bị hỏng.") }
            return s
        }
        // UTF-16 without BOM: every other byte is zero in Vietnamese/Latin text.
        if data.count >= 4 {
            let sample = data.prefix(400)
            let zerosEven = sample.enumerated().filter { $0.offset % 2 == 0 && $0.element == 0 }.count
            let zerosOdd = sample.enumerated().filter { $0.offset % 2 == 1 && $0.element == 0 }.count
            if zerosOdd > sample.count / 4, let s = String(data: data, encoding: .utf16LittleEndian) { return s }
            if zerosEven > sample.count / 4, let s = String(data: data, encoding: .utf16BigEndian) { return s }
        }
        if let s = String(data: data, encoding: .utf8) {
            if s.contains("\u{0}") { throw PlanImportError.unreadable("tệp nhị phân, không phải văn bản.") }
            return s
        }
        throw PlanImportError.encoding("tệp không phải UTF-8 (có thể là bảng mã TCVN3/ABC hoặc VNI cũ). Hãy mở tệp bằng Word và lưu lại dưới dạng Unicode (UTF-8) hoặc .docx.")
    }
}
