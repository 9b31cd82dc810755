import Foundation
import Vapor

/// Where uploaded files live. One interface, so that a deployment can keep them elsewhere than the local folder.
protocol FileStorage: Sendable {
    func save(_ data: Data, key: String) async throws
    func load(key: String) async throws -> Data
    func delete(key: String) async throws
}

extension Application {
    private struct FileStorageKey: StorageKey { typealias Value = any FileStorage }

    /// The configured storage: a local folder (`FILES_PATH`) unless a test or deployment sets another.
    var files: any FileStorage {
        get { storage[FileStorageKey.self] ?? LocalFileStorage(root: URL(fileURLWithPath: config.filesPath, isDirectory: true)) }
        set { storage[FileStorageKey.self] = newValue }
    }
}
