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
        app.databases.use(.sqlite(.file(path), sqlLogLevel: .debug), as: .sqlite)
    case .sqliteMemory:
        app.databases.use(.sqlite(.memory, sqlLogLevel: .debug), as: .sqlite)
    case .postgres(let url, let schema):
        var pg = try SQLPostgresConfiguration(url: url)
        if let schema { pg.searchPath = [schema] }
        app.databases.use(.postgres(configuration: pg, sqlLogLevel: .debug), as: .psql)
    }
    Migrations.register(on: app)

    app.views.use(.leaf)
    app.leaf.cache.isEnabled = app.environment.isRelease

    app.sessions.use(.fluent)
    app.sessions.configuration.cookieName = "cchc_session"
    let secure = config.secureCookies
    app.sessions.configuration.cookieFactory = { id in
        HTTPCookies.Value(string: id.string, expires: Date().addingTimeInterval(60 * 60 * 8), maxAge: nil, domain: nil,
                          path: "/", isSecure: secure, isHTTPOnly: true, sameSite: .lax)
    }

    app.http.server.configuration.hostname = config.hostname
    app.http.server.configuration.port = config.port
    app.routes.defaultMaxBodySize = ByteCount(integerLiteral: config.maxUploadBytes)

    app.middleware = Middlewares()
    app.middleware.use(SecurityHeadersMiddleware())
    app.middleware.use(ErrorPageMiddleware())
    app.middleware.use(FileMiddleware(publicDirectory: app.directory.publicDirectory))
    app.middleware.use(app.sessions.middleware)
    app.middleware.use(SessionsReadyMiddleware())
    app.middleware.use(User.sessionAuthenticator())
    app.middleware.use(TokenAuthenticator())
    app.middleware.use(ViewerMiddleware())

    app.asyncCommands.use(DemoCommand(), as: "demo")
    app.asyncCommands.use(CreateUserCommand(), as: "create-user")
    app.asyncCommands.use(CreateTokenCommand(), as: "create-token")

    try routes(app)
}

/// What `swift run cchc` (no command) and `cchc serve` do before serving: migrate, load the demo
/// registry into an empty database, and say how to log in.
public func prepareForServing(_ app: Application) async throws {
    try await app.autoMigrate()
    let loaded = try await DemoData.loadIfEmpty(on: app.db, config: app.config, now: app.clock.now())
    let host = app.config.hostname == "0.0.0.0" ? "127.0.0.1" : app.config.hostname
    app.logger.notice("CCHC: mở http://\(host):\(app.config.port)/login")
    if loaded {
        app.logger.notice("CCHC: đã nạp dữ liệu mẫu tỉnh Sóc Trăng. Đăng nhập: tài khoản admin, mật khẩu \(app.config.demoAdminPassword)")
    } else {
        app.logger.notice("CCHC: đăng nhập bằng tài khoản quản trị (tài khoản mẫu: admin)")
    }
}
