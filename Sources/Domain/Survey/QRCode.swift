import Foundation

/// A QR code as SVG, drawn by `qrencode` (Debian package qrencode), for the link printed on posters and invitations.
public enum QRCode {
    /// Nil when the tool is not installed or fails (the page then shows the link alone).
    public static func svg(for text: String) -> String? {
        guard let tool = ExternalTool.find("qrencode"),
              let result = try? ExternalTool.run(tool, ["-t", "SVG", "-m", "2", "-s", "6", "-l", "M", "-o", "-", text], timeout: 10, maxOutput: 512 * 1024),
              result.status == 0, !result.timedOut else { return nil }
        let svg = String(decoding: result.output, as: UTF8.self)
        return svg.contains("<svg") ? svg : nil
    }
}
