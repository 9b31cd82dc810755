import Crypto
import Vapor

/// The files under `Public/`, read once at boot and served from memory with an ETag and cache headers
/// (the stylesheet is a few KB; reading it from disk on every request was the slow part). Compression
/// for clients that ask for it comes from the server's response compression.
final class StaticFiles: Sendable {
    struct Entry: Sendable {
        let body: ByteBuffer
        let contentType: HTTPMediaType
        let etag: String
    }

    let files: [String: Entry]
    /// A digest of every file, put in asset URLs so that a new release is fetched at once.
    let version: String

    init(directory: String) {
        var files: [String: Entry] = [:]
        var all = SHA256()
        let root = URL(fileURLWithPath: directory, isDirectory: true).standardizedFileURL
        if let walker = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey]) {
            for case let url as URL in walker {
                guard (try? url.resourceValues(forKeys: [.isRegularFileKey]))?.isRegularFile == true,
                      let data = try? Data(contentsOf: url), data.count <= 2 * 1024 * 1024 else { continue }
                let relative = String(url.standardizedFileURL.path.dropFirst(root.path.count))
                let path = relative.hasPrefix("/") ? relative : "/" + relative
                let digest = SHA256.hash(data: data).hex
                all.update(data: Data((path + digest).utf8))
                let type = HTTPMediaType.fileExtension(url.pathExtension) ?? .binary
                files[path] = Entry(body: ByteBuffer(data: data), contentType: type, etag: "\"" + digest.prefix(32) + "\"")
            }
        }
        self.files = files
        self.version = String(all.finalize().hex.prefix(12))
    }
}
