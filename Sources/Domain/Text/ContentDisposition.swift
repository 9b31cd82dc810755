import Foundation

/// `Content-Disposition: attachment` with the file's name as RFC 6266 asks: an ASCII `filename` for old clients
/// (diacritics folded, quotes and controls dropped) and the real name in `filename*` (UTF-8, percent-encoded).
public enum ContentDisposition {
    public static func attachment(filename: String) -> String {
        let name = filename.isEmpty ? "tep" : filename
        let folded = VietnameseText.fold(name)
        let ascii = String(String.UnicodeScalarView(folded.unicodeScalars.map { s in
            s.isASCII && s.value >= 0x20 && s.value != 0x7F && s != "\"" && s != "\\" && s != ";" ? s : "_"
        }))
        // attr-char of RFC 8187: letters, digits and !#$&+-.^_`|~ stay, every other byte is %XX.
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$&+-.^_`|~")
        let encoded = name.addingPercentEncoding(withAllowedCharacters: allowed) ?? ascii
        return "attachment; filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"
    }
}
