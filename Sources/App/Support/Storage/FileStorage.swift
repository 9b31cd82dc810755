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

    /// The configured storage, set once by `configure` (a local folder, `FILES_PATH`); a test or deployment may set
    /// another after it. Before `configure` every call fails: nothing is written to a folder nobody chose.
    var files: any FileStorage {
        get { storage[FileStorageKey.self] ?? UnconfiguredFileStorage() }
        set { storage[FileStorageKey.self] = newValue }
    }
}

/// The storage of an application that was never configured: refuses every call.
struct UnconfiguredFileStorage: FileStorage {
    func save(_ data: Data, key: String) async throws { throw AppError.busy }
    func load(key: String) async throws -> Data { throw AppError.busy }
    func delete(key: String) async throws { throw AppError.busy }
}
