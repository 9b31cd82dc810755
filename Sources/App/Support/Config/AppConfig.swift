import Foundation

/// Configuration read once from the environment and validated at boot.
public struct AppConfig: Sendable {
    public enum DatabaseChoice: Sendable, Equatable {
        case sqliteFile(path: String)
        case sqliteMemory
        case postgres(url: String, schema: String?)
    }

    public var database: DatabaseChoice
    public var hostname: String
    public var port: Int
    /// Bcrypt cost; lowered only by the test suite.
    public var bcryptCost: Int
    public var loginMaxFailures: Int
    public var loginWindow: TimeInterval
    public var maxUploadBytes: Int
    public var demoAdminPassword: String
    /// Secure cookies when served over HTTPS behind a proxy.
    public var secureCookies: Bool

    public static let defaultSQLitePath = "data/cchc.sqlite"

    public init(database: DatabaseChoice, hostname: String = "127.0.0.1", port: Int = 8080, bcryptCost: Int = 12,
                loginMaxFailures: Int = 5, loginWindow: TimeInterval = 15 * 60, maxUploadBytes: Int = 20 * 1024 * 1024,
                demoAdminPassword: String = "cchc2025", secureCookies: Bool = false) {
        self.database = database
        self.hostname = hostname
        self.port = port
        self.bcryptCost = bcryptCost
        self.loginMaxFailures = loginMaxFailures
        self.loginWindow = loginWindow
        self.maxUploadBytes = maxUploadBytes
        self.demoAdminPassword = demoAdminPassword
        self.secureCookies = secureCookies
    }

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    /// Reads `DATABASE_URL`, `SQLITE_PATH`, `HOST`, `PORT`, `UPLOAD_LIMIT_MB`, `DEMO_ADMIN_PASSWORD`, `SECURE_COOKIES`.
    public static func fromEnvironment(_ env: [String: String]) throws -> AppConfig {
        let database: DatabaseChoice
        if let url = env["DATABASE_URL"], !url.isEmpty {
            guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
                throw Invalid(description: "DATABASE_URL must start with postgres:// (got \(url.prefix(12))…)")
            }
            database = .postgres(url: url, schema: nil)
        } else {
            database = .sqliteFile(path: env["SQLITE_PATH"].flatMap { $0.isEmpty ? nil : $0 } ?? defaultSQLitePath)
        }
        var config = AppConfig(database: database)
        if let host = env["HOST"], !host.isEmpty { config.hostname = host }
        if let portText = env["PORT"], !portText.isEmpty {
            guard let port = Int(portText), (1...65535).contains(port) else {
                throw Invalid(description: "PORT must be a number between 1 and 65535 (got \(portText))")
            }
            config.port = port
        }
        if let mb = env["UPLOAD_LIMIT_MB"], !mb.isEmpty {
            guard let value = Int(mb), value > 0 else { throw Invalid(description: "UPLOAD_LIMIT_MB must be a positive number") }
            config.maxUploadBytes = value * 1024 * 1024
        }
        if let pw = env["DEMO_ADMIN_PASSWORD"], !pw.isEmpty { config.demoAdminPassword = pw }
        config.secureCookies = env["SECURE_COOKIES"] == "1" || env["SECURE_COOKIES"] == "true"
        return config
    }
}
