import Foundation
import NIOCore
import NIOPosix

/// Files in a folder on this server; keys are paths made by the system ("2025/06/<uuid>.pdf"), never by users.
struct LocalFileStorage: FileStorage {
    let root: URL

    private func url(_ key: String) throws -> URL {
        guard !key.isEmpty, !key.contains(".."), !key.hasPrefix("/"),
              key.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "/-_.".contains($0)) }) else {
            throw AppError(.badRequest, "Tên tệp lưu trữ không hợp lệ.")
        }
        return root.appendingPathComponent(key)
    }

    func save(_ data: Data, key: String) async throws {
        let target = try url(key)
        try FileManager.default.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
        // `.atomic` writes a temporary file and renames it: a reader never sees half a file.
        try await NIOThreadPool.singleton.runIfActive { try data.write(to: target, options: .atomic) }
    }

    func load(key: String) async throws -> Data {
        let source = try url(key)
        return try await NIOThreadPool.singleton.runIfActive { try Data(contentsOf: source) }
    }

    func delete(key: String) async throws {
        try? FileManager.default.removeItem(at: try url(key))
    }
}
