import Domain
import Fluent
import FluentPostgresDriver
import FluentSQLiteDriver
import Leaf
import Vapor

/// The one entry the executable and the tests both call.
public func configure(_ app: Application, config given: AppConfig? = nil) async throws {
    let config = try given ?? AppConfig.fromEnvironment(ProcessInfo.processInfo.environment)
    app.config = config

    switch config.database {
    case .sqliteFile(let path):
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        app.databases.use(.sqlite(.file(path), sqlLogLevel: .debug), as: .sqlite, isDefault: true)
        app.databases.use(.sqlite(.file(path), sqlLogLevel: .debug), as: .sqliteWriter, isDefault: false)
    case .sqliteMemory:
        let storage = SQLiteConfiguration(storage: .memory(identifier: UUID().uuidString))
        app.databases.use(.sqlite(storage, sqlLogLevel: .debug), as: .sqlite, isDefault: true)
        app.databases.use(.sqlite(storage, sqlLogLevel: .debug), as: .sqliteWriter, isDefault: false)
    case .postgres(let url, let schema):
        var pg = try SQLPostgresConfiguration(url: url)
        if let schema { pg.searchPath = [schema] }
        app.databases.use(.postgres(configuration: pg, maxConnectionsPerEventLoop: config.poolPerLoop,
                                    connectionPoolTimeout: .seconds(config.connectionWait.components.seconds), sqlLogLevel: .debug),
                          as: .psql)
    }
    if case .postgres = config.database {} else {
        try await SQLiteSetup.prepare(app)
        await WriteGate.gate(for: app.db.storageKey).configure(timeout: config.writeWait)
    }
    Migrations.register(on: app)
    let surveys = SurveyServices(app: app)
    app.surveyServices = surveys
    app.contestWriter = ContestAnswerWriter(app: app)
    app.files = LocalFileStorage(root: URL(fileURLWithPath: config.filesPath, isDirectory: true))
    app.documentReader = DocumentReader(
        sandbox: config.importWorker.map { ImportSandbox(worker: $0, isolation: ImportSandbox.availableIsolation, limits: config.importLimits) },
        slots: config.importConcurrency, maxWaiting: config.importQueue)

    app.views.use(.leaf)
    // Templates are parsed once (Leaf re-reads them on every request only in the development environment).
    app.leaf.cache.isEnabled = true
    app.leaf.tags["path"] = PathTag()

    app.http.server.configuration.hostname = config.hostname
    app.http.server.configuration.port = config.port
    app.http.server.configuration.responseCompression = .enabledForCompressibleTypes
    app.routes.defaultMaxBodySize = ByteCount(integerLiteral: config.maxUploadBytes)

    let staticFiles = StaticFiles(directory: app.directory.publicDirectory)
    app.staticFiles = staticFiles
    app.dummyPasswordHash = try await AuthService.hash(CSRFMiddleware.newToken(), cost: config.bcryptCost)

    app.middleware = Middlewares()
    app.middleware.use(WriterDatabaseMiddleware())
    app.middleware.use(SecurityHeadersMiddleware(https: config.secureCookies))
    app.middleware.use(ErrorPageMiddleware())
    app.middleware.use(MethodNotAllowedMiddleware())
    app.middleware.use(RequestLimitsMiddleware(limits: config.limits))
    app.middleware.use(StaticFilesMiddleware(files: staticFiles))

    registerOfflineCommands(app)
    app.asyncCommands.use(DemoCommand(), as: "demo")
    app.asyncCommands.use(CreateUserCommand(), as: "create-user")
    app.asyncCommands.use(CreateTokenCommand(), as: "create-token")
    app.asyncCommands.use(ListTokensCommand(), as: "tokens")
    app.asyncCommands.use(RevokeTokenCommand(), as: "revoke-token")
    app.asyncCommands.use(ImportUnitsCommand(), as: "import-units")

    try routes(app, surveys: surveys)
}

/// Commands that read and write files only: `configureOffline` is all they need (no database, no server).
public let offlineCommands: Set<String> = ["import-plan", "export-plan", "bench"]

/// The configuration for an offline command: its commands and nothing else.
public func configureOffline(_ app: Application) {
    registerOfflineCommands(app)
}

private func registerOfflineCommands(_ app: Application) {
    app.asyncCommands.use(BenchCommand(), as: "bench")
    app.asyncCommands.use(ImportPlanCommand(), as: "import-plan")
    app.asyncCommands.use(ExportPlanCommand(), as: "export-plan")
}

/// What `swift run cchc` (no command) and `cchc serve` do before serving: migrate, load the demo
/// registry into an empty database, start the background jobs, and say how to log in.
public func prepareForServing(_ app: Application) async throws {
    if case .postgres = app.config.database {
        // Several servers may start at once on a shared database: none of them changes its structure.
        // A database never migrated has no migration table at all: the preview fails, and that is "not migrated" too.
        let pending = try? await app.migrator.previewPrepareBatch().get()
        guard let pending, pending.isEmpty else {
            throw ServeRefused(description: "Cơ sở dữ liệu PostgreSQL chưa được cập nhật cấu trúc"
                               + (pending.map { " (còn \($0.count) bước)" } ?? "") + ". "
                               + "Hãy chạy một lần `cchc migrate --yes` (từ một máy) rồi khởi động các máy chủ.")
        }
    } else {
        // The embedded database belongs to this one process.
        try await app.autoMigrate()
    }
    let loaded: Bool
    do {
        loaded = try await DemoData.loadIfEmpty(on: app.db, config: app.config, now: app.clock.now())
    } catch {
        // Another instance loading the demo data at the same moment is fine; anything else is not.
        guard try await Unit.query(on: app.db).count() > 0 else { throw error }
        loaded = false
    }
    if loaded && app.config.demoPlans {
        do { try await DemoPlans.loadIfNone(app: app) } catch {
            app.logger.warning("CCHC: không nạp được kế hoạch mẫu: \(error)")
        }
    }
    if loaded && app.config.demoRestructuring {
        do { try await DemoRestructuring.applyIfNone(app: app) } catch {
            app.logger.warning("CCHC: không áp dụng được sắp xếp đơn vị mẫu năm 2025: \(error)")
        }
        if app.config.demoPlans {
            do { try await DemoPlans.loadCityPlanIfNone(app: app) } catch {
                app.logger.warning("CCHC: không nạp được kế hoạch mẫu năm nay của thành phố Cần Thơ: \(error)")
            }
        }
    }
    app.lifecycle.use(BackgroundJobs())
    let host = app.config.hostname == "0.0.0.0" ? "127.0.0.1" : app.config.hostname
    app.logger.notice("CCHC: mở http://\(host):\(app.config.port)/login")
    if loaded {
        app.logger.notice("CCHC: đã nạp dữ liệu mẫu tỉnh Sóc Trăng. Đăng nhập: tài khoản admin, mật khẩu \(app.config.demoAdminPassword)")
    } else {
        app.logger.notice("CCHC: đăng nhập bằng tài khoản quản trị (tài khoản mẫu: admin)")
    }
}

/// `serve` will not start on this database, and says why.
public struct ServeRefused: Error, CustomStringConvertible {
    public let description: String
}
