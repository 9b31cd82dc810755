import Foundation
import Domain

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
    /// Where evidence files are kept (`FILES_PATH`).
    public var filesPath = "data/files"
    /// The mail relay (`SMTP_HOST`, `SMTP_PORT`, `SMTP_USER`, `SMTP_PASSWORD`, `SMTP_FROM`); nil: no e-mail.
    var smtp: SMTPMailer.Settings?
    public var demoAdminPassword: String
    /// Load the demo's plans with the demo registry (`DEMO_PLANS=0`: registry and accounts only).
    public var demoPlans = true
    /// Apply the demo's 2025 restructuring (Sóc Trăng into the new thành phố Cần Thơ) after loading it
    /// (`DEMO_RESTRUCTURING=0`: the demo stays in the structure of early 2025).
    public var demoRestructuring = true
    /// Secure cookies (and HSTS) when served over HTTPS behind a proxy.
    public var secureCookies: Bool
    /// A signed-in browser is signed out after this long without a request …
    public var sessionIdleTimeout: TimeInterval = 2 * 3600
    /// … and after this long in any case.
    public var sessionMaxAge: TimeInterval = 12 * 3600
    /// Proxies whose `X-Forwarded-For` tells the client address; empty = use the peer address.
    public var clientAddresses = ClientAddressResolver(trustedProxies: [])
    public var loginThrottle = LoginThrottlePolicy()
    /// How long a write waits for its turn on the embedded database before "busy".
    public var writeWait: Duration = .seconds(10)
    /// How long a request waits for a PostgreSQL connection from the pool before failing.
    public var connectionWait: Duration = .seconds(10)
    /// (PostgreSQL) connections per event loop (`DB_POOL_PER_LOOP`). The driver's default of one gives a 2-core server
    /// two connections in all, one of them often held by the answer writers' transaction: reads queue behind it.
    public var poolPerLoop = 4
    /// API tokens live this many days unless asked otherwise, and never longer than `tokenMaxDays`.
    public var tokenDefaultDays = 90
    public var tokenMaxDays = 365
    public var limits = RequestLimits()
    /// Answers sent in full to one open survey from one address per hour (a commune office's shared connection
    /// included); 0 turns the limit off (load tests). Saving as one goes counts ten times as many.
    public var surveySubmissionsPerHour = 120
    /// Contest attempts one address may start per contest and hour (offices behind one NAT enter together), counted
    /// in the database for every instance; 0: no limit.
    public var contestStartsPerHour = 600
    /// Questions one address may send to `/hoi-dap` per hour (`QUESTIONS_PER_HOUR`), counted in the database for every
    /// instance; 0: no limit.
    public var questionsPerHour = 5
    /// Where answers are announced to askers who left a phone number (`QUESTION_WEBHOOK_URL`): a JSON POST an SMS or
    /// Zalo gateway takes (see the README). Unset: phone askers are not notified; e-mail askers are, through SMTP.
    public var questionWebhookURL: String?
    /// Uploaded plan documents are read in child processes under these limits (`IMPORT_MEMORY_MB`,
    /// `IMPORT_CPU_SECONDS`, `IMPORT_TIMEOUT_SECONDS`), at most `importConcurrency` at once (`IMPORT_CONCURRENCY`)
    /// with at most `importQueue` waiting (`IMPORT_QUEUE`).
    public var importLimits = ImportSandbox.Limits()
    /// The address people reach the server at (`PUBLIC_URL`, e.g. https://cchc.soctrang.gov.vn), for links that leave
    /// the site: survey invitations and QR codes. Default: the address it serves on.
    public var publicURL: String?
    var publicBaseURL: String { publicURL ?? "\(secureCookies ? "https" : "http")://\(hostname):\(port)" }
    /// Evidence files one unit may keep in all (`UNIT_STORAGE_QUOTA_MB`).
    public var unitStorageQuotaBytes: Int64 = 2048 * 1024 * 1024
    public var importConcurrency = 2
    public var importQueue = 16
    /// The program that reads documents (`IMPORT_WORKER`); by default the `cchc` binary itself.
    public var importWorker: String? = ImportSandbox.defaultWorker()

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

    /// Reads `DATABASE_URL` (and `DATABASE_SCHEMA`), `SQLITE_PATH`, `HOST`, `PORT`, `UPLOAD_LIMIT_MB`, `DEMO_ADMIN_PASSWORD`, `SECURE_COOKIES`,
    /// `DEMO_PLANS`, `FILES_PATH`, `SMTP_*`, `SESSION_IDLE_MINUTES`, `SESSION_MAX_HOURS`, `TRUSTED_PROXIES`, `WRITE_WAIT_SECONDS`.
    public static func fromEnvironment(_ env: [String: String]) throws -> AppConfig {
        let database: DatabaseChoice
        if let url = env["DATABASE_URL"], !url.isEmpty {
            guard url.hasPrefix("postgres://") || url.hasPrefix("postgresql://") else {
                throw Invalid(description: "DATABASE_URL must start with postgres:// (got \(url.prefix(12))…)")
            }
            database = .postgres(url: url, schema: env["DATABASE_SCHEMA"].flatMap { $0.isEmpty ? nil : $0 })
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
            guard let value = Int(mb), (1...4096).contains(value) else { throw Invalid(description: "UPLOAD_LIMIT_MB must be a number from 1 to 4096") }
            config.maxUploadBytes = value * 1024 * 1024
        }
        if let pw = env["DEMO_ADMIN_PASSWORD"], !pw.isEmpty { config.demoAdminPassword = pw }
        config.demoPlans = env["DEMO_PLANS"] != "0" && env["DEMO_PLANS"] != "false"
        config.demoRestructuring = env["DEMO_RESTRUCTURING"] != "0" && env["DEMO_RESTRUCTURING"] != "false"
        if let path = env["FILES_PATH"], !path.isEmpty { config.filesPath = path }
        if let host = env["SMTP_HOST"], !host.isEmpty {
            var smtp = SMTPMailer.Settings(host: host, from: env["SMTP_FROM"].flatMap { $0.isEmpty ? nil : $0 } ?? "cchc@localhost")
            if let text = env["SMTP_PORT"], !text.isEmpty {
                guard let port = Int(text), (1...65535).contains(port) else { throw Invalid(description: "SMTP_PORT must be a port number (got \(text))") }
                smtp.port = port
            }
            smtp.username = env["SMTP_USER"].flatMap { $0.isEmpty ? nil : $0 }
            smtp.password = env["SMTP_PASSWORD"].flatMap { $0.isEmpty ? nil : $0 }
            config.smtp = smtp
        }
        config.secureCookies = env["SECURE_COOKIES"] == "1" || env["SECURE_COOKIES"] == "true"
        func bounded(_ name: String, _ range: ClosedRange<Int>) throws -> Int? {
            guard let text = env[name], !text.isEmpty else { return nil }
            guard let value = Int(text), range.contains(value) else {
                throw Invalid(description: "\(name) must be a number from \(range.lowerBound) to \(range.upperBound) (got \(text))")
            }
            return value
        }
        if let m = try bounded("SESSION_IDLE_MINUTES", 1...10_080) { config.sessionIdleTimeout = TimeInterval(m * 60) }
        if let h = try bounded("SESSION_MAX_HOURS", 1...8_760) { config.sessionMaxAge = TimeInterval(h * 3600) }
        if let s = try bounded("WRITE_WAIT_SECONDS", 1...3_600) { config.writeWait = .seconds(s) }
        if let s = try bounded("DB_CONNECTION_WAIT_SECONDS", 1...3_600) { config.connectionWait = .seconds(s) }
        if let n = try bounded("DB_POOL_PER_LOOP", 1...64) { config.poolPerLoop = n }
        if let v = try bounded("IMPORT_MEMORY_MB", 256...65_536) { config.importLimits.memoryMB = v }
        if let v = try bounded("IMPORT_CPU_SECONDS", 1...3_600) { config.importLimits.cpuSeconds = v }
        if let v = try bounded("IMPORT_TIMEOUT_SECONDS", 1...3_600) { config.importLimits.wallSeconds = v }
        if let v = try bounded("UNIT_STORAGE_QUOTA_MB", 1...10_000_000) { config.unitStorageQuotaBytes = Int64(v) * 1024 * 1024 }
        if let v = try bounded("IMPORT_CONCURRENCY", 1...64) { config.importConcurrency = v }
        if let v = try bounded("IMPORT_QUEUE", 0...1_000) { config.importQueue = v }
        if let url = env["PUBLIC_URL"], !url.isEmpty {
            let trimmed = url.hasSuffix("/") ? String(url.dropLast()) : url
            guard let parsed = URL(string: trimmed), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil,
                  parsed.query == nil, parsed.fragment == nil else {
                throw Invalid(description: "PUBLIC_URL must be an http:// or https:// address without query (got \(url))")
            }
            config.publicURL = trimmed
        }
        if let path = env["IMPORT_WORKER"], !path.isEmpty {
            guard FileManager.default.isExecutableFile(atPath: path) else { throw Invalid(description: "IMPORT_WORKER: \(path) is not an executable") }
            config.importWorker = path
        }
        if let text = env["SURVEY_SUBMISSIONS_PER_HOUR"], !text.isEmpty {
            guard let value = Int(text), value >= 0 else { throw Invalid(description: "SURVEY_SUBMISSIONS_PER_HOUR must be 0 (no limit) or a positive number (got \(text))") }
            config.surveySubmissionsPerHour = value
        }
        if let text = env["CONTEST_STARTS_PER_HOUR"], !text.isEmpty {
            guard let value = Int(text), value >= 0 else { throw Invalid(description: "CONTEST_STARTS_PER_HOUR must be 0 (no limit) or a positive number (got \(text))") }
            config.contestStartsPerHour = value
        }
        if let text = env["QUESTIONS_PER_HOUR"], !text.isEmpty {
            guard let value = Int(text), value >= 0 else { throw Invalid(description: "QUESTIONS_PER_HOUR must be 0 (no limit) or a positive number (got \(text))") }
            config.questionsPerHour = value
        }
        if let url = env["QUESTION_WEBHOOK_URL"], !url.isEmpty {
            guard let parsed = URL(string: url), ["http", "https"].contains(parsed.scheme ?? ""), parsed.host != nil else {
                throw Invalid(description: "QUESTION_WEBHOOK_URL must be an http:// or https:// address (got \(url))")
            }
            config.questionWebhookURL = url
        }
        if let proxies = env["TRUSTED_PROXIES"] {
            switch ClientAddressResolver.parse(proxies) {
            case .success(let resolver): config.clientAddresses = resolver
            case .failure(let bad): throw Invalid(description: "TRUSTED_PROXIES: \"\(bad.entry)\" is not an IP address or network")
            }
        }
        return config
    }
}
