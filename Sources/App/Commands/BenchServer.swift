import Fluent
import Foundation
import SQLKit
import Vapor

/// A benchmark's own database (a SQLite file in a temporary folder, or a fresh PostgreSQL schema) and the real server
/// (`cchc serve` in its own process, on a loopback port) that load is put on.
struct BenchServer: Sendable {
    let folder: URL
    let config: AppConfig
    let schema: String?
    let serverEnv: [String: String]
    let port: Int
    var base: String { "http://127.0.0.1:\(port)" }

    /// `database`: "sqlite" or "postgres"; `name` names the file or schema; `serverEnv`: the server's settings.
    static func make(database: String, name: String, serverEnv: [String: String]) throws -> BenchServer {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cchc-\(name)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var env = serverEnv
        let config: AppConfig
        var schema: String?
        switch database {
        case "sqlite":
            let path = folder.appendingPathComponent("\(name).sqlite").path
            config = AppConfig(database: .sqliteFile(path: path))
            env["SQLITE_PATH"] = path
        case "postgres":
            let schemaName = "cchc_\(name)_" + UUID().uuidString.prefix(8).lowercased()
            schema = schemaName
            config = BenchCommand.postgres(schema: schemaName, serverEnv: &env)
        default:
            throw CommandFailure("--database là sqlite hoặc postgres")
        }
        return BenchServer(folder: folder, config: config, schema: schema, serverEnv: env, port: 19_000 + Int.random(in: 0..<2000))
    }

    /// The line every load benchmark prints about durability.
    static func durability(_ database: String) -> String {
        database == "sqlite" ? "sqlite WAL synchronous=FULL" : "postgresql commit (synchronous_commit=on)"
    }

    /// An application on the benchmark's database in this process (to prepare data and to check it afterwards).
    func withApp<T>(_ body: (Application) async throws -> T) async throws -> T {
        var env = Environment(name: "production", arguments: ["bench"])
        env.arguments = ["bench"]
        let app = try await Application.make(env)
        do {
            try await configure(app, config: config)
            let value = try await body(app)
            try await app.asyncShutdown()
            return value
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
    }

    /// Creates the schema (PostgreSQL), migrates, loads the demo registry.
    func prepare(_ app: Application) async throws {
        if let schema, let sql = app.db as? any SQLDatabase { try await sql.raw("CREATE SCHEMA IF NOT EXISTS \(unsafeRaw: schema)").run() }
        try await app.autoMigrate()
        _ = try await DemoData.loadIfEmpty(on: app.db, config: app.config, now: Date())
    }

    /// Starts `cchc serve` and waits until `/healthz` answers.
    func start(_ context: CommandContext) async throws -> Process {
        let server = Process()
        server.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
        server.arguments = ["serve", "--port", "\(port)", "--hostname", "127.0.0.1"]
        server.environment = ProcessInfo.processInfo.environment.merging(serverEnv) { _, new in new }
        let log = folder.appendingPathComponent("server.log")
        if !FileManager.default.fileExists(atPath: log.path) { FileManager.default.createFile(atPath: log.path, contents: nil) }
        let handle = try FileHandle(forWritingTo: log)
        handle.seekToEndOfFile()
        server.standardOutput = handle
        server.standardError = handle
        try server.run()
        let client = context.application.client
        for _ in 0..<120 {
            if let res = try? await client.get(URI(string: base + "/healthz")), res.status == .ok { return server }
            try await Task.sleep(nanoseconds: 250_000_000)
        }
        server.terminate()
        throw CommandFailure("máy chủ không khởi động được; xem \(log.path)")
    }

    /// Drops the PostgreSQL schema and the folder.
    func cleanUp() async throws {
        if let schema {
            try await withApp { app in
                if let sql = app.db as? any SQLDatabase { try? await sql.raw("DROP SCHEMA IF EXISTS \(unsafeRaw: schema) CASCADE").run() }
            }
        }
        try? FileManager.default.removeItem(at: folder)
    }
}
