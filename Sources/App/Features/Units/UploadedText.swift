import Vapor

/// The text of an uploaded CSV file, or why it cannot be read (in Vietnamese, for the form).
enum UploadedText {
    struct Problem: Error { let message: String }

    static func csv(_ file: File?) -> Result<String, Problem> {
        guard let file, file.data.readableBytes > 0 else { return .failure(Problem(message: "Vui lòng chọn tệp CSV cần nhập.")) }
        let ext = file.extension?.lowercased() ?? ""
        guard ext == "csv" || ext == "txt" else {
            return .failure(Problem(message: "Chỉ nhận tệp .csv (UTF-8). Tệp \"\(file.filename.prefix(120))\" không đúng định dạng."))
        }
        guard let text = file.data.getString(at: file.data.readerIndex, length: file.data.readableBytes, encoding: .utf8),
              !text.contains("\u{0}") else {
            return .failure(Problem(message: "Tệp không phải văn bản UTF-8. Hãy lưu lại tệp dưới dạng \"CSV UTF-8\"."))
        }
        return .success(text)
    }
}
