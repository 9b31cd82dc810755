import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
import Domain
@testable import App

/// Runs `body` against a fresh app: in-memory SQLite, or a private PostgreSQL schema when
/// `TEST_DATABASE_URL` is set, migrated and loaded with the demo registry.
func withTestApp(adjust: (inout AppConfig) -> Void = { _ in }, migrate: Bool = true, _ body: (Application) async throws -> Void) async throws {
    let app = try await Application.make(.testing)
    var schema: String?
    var config: AppConfig
    if let url = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"], !url.isEmpty {
        let name = "t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased().prefix(16)
        schema = String(name)
        config = AppConfig(database: .postgres(url: url, schema: String(name)))
        // Many test apps run at once against one server: fewer connections each than a production instance keeps.
        config.poolPerLoop = 2
    } else {
        config = AppConfig(database: .sqliteMemory)
    }
    config.bcryptCost = 4
    config.filesPath = FileManager.default.temporaryDirectory.appendingPathComponent("cchc-files-\(UUID().uuidString)").path
    config.demoAdminPassword = testPassword
    adjust(&config)
    do {
        try await configure(app, config: config)
        if let schema, let sql = app.db as? any SQLDatabase {
            try await sql.raw("CREATE SCHEMA \(ident: schema)").run()
        }
        if migrate {
            try await app.autoMigrate()
            try await DemoData.loadIfEmpty(on: app.db, config: config, now: app.clock.now())
        }
        try await body(app)
    } catch {
        await cleanUp(app, schema: schema)
        throw error
    }
    await cleanUp(app, schema: schema)
}

private func cleanUp(_ app: Application, schema: String?) async {
    if let schema, let sql = app.db as? any SQLDatabase {
        try? await sql.raw("DROP SCHEMA \(ident: schema) CASCADE").run()
    }
    try? await app.asyncShutdown()
}

let testPassword = "mat-khau-demo"

/// A clock the test moves by hand.
/// A test app on a clock the test moves.
func withClockedTestApp(adjust: (inout AppConfig) -> Void = { _ in }, _ body: (Application, TestClock) async throws -> Void) async throws {
    let clock = TestClock()
    try await withTestApp(adjust: adjust) { app in
        app.clock = clock.appClock
        try await body(app, clock)
    }
}

final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date

    init(_ start: Date = Date()) { current = start }

    var now: Date { lock.withLock { current } }

    func advance(_ seconds: TimeInterval) { lock.withLock { current = current.addingTimeInterval(seconds) } }

    var appClock: AppClock { AppClock(now: { [self] in now }) }
}

/// A browser: keeps its cookies (the session, the anonymous CSRF cookie) and the page's CSRF token.
struct Browser {
    let app: Application
    var cookies: [String: String] = [:]
    var csrf: String?
    /// Headers sent with every request (an address behind a proxy, a user agent …).
    var extraHeaders: HTTPHeaders = [:]

    init(_ app: Application) { self.app = app }

    /// The session cookie the browser holds now.
    var cookie: String? {
        get { cookies["cchc_session"] }
        set { cookies["cchc_session"] = newValue }
    }

    var cookieHeader: String? {
        cookies.isEmpty ? nil : cookies.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "; ")
    }

    mutating func remember(_ res: BrowserResponse) {
        for (name, value) in res.headers.setCookie?.all ?? [:] {
            if value.maxAge == 0 || value.string.isEmpty { cookies[name] = nil } else { cookies[name] = value.string }
        }
        let body = res.body.string
        if let r = body.range(of: #"name="_csrf" value=""#) {
            csrf = String(body[r.upperBound...].prefix(while: { $0 != "\"" }))
        }
    }

    /// When set, requests go through this real server on a loopback port (a real peer address, the
    /// real HTTP pipeline) instead of in memory.
    var live: LiveServer?

    /// Sends one request in memory or over the live server.
    func send(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders, body: ByteBuffer?) async throws -> BrowserResponse {
        if let live {
            let res = try await live.send(method, path, headers: headers, body: body)
            return BrowserResponse(status: res.status, headers: res.headers, body: res.body ?? ByteBuffer())
        }
        let res = try await app.testing().sendRequest(method, path, headers: headers, body: body)
        return BrowserResponse(status: res.status, headers: res.headers, body: res.body)
    }

    func headers(contentType: String? = nil) -> HTTPHeaders {
        var h = extraHeaders
        if let cookie = cookieHeader { h.replaceOrAdd(name: .cookie, value: cookie) }
        if let contentType { h.replaceOrAdd(name: .contentType, value: contentType) }
        return h
    }

    @discardableResult
    mutating func get(_ path: String) async throws -> BrowserResponse {
        let res = try await send(.GET, path, headers: headers(), body: nil)
        remember(res)
        return res
    }

    @discardableResult
    mutating func post(_ path: String, _ form: [(String, String)], withCSRF: Bool = true) async throws -> BrowserResponse {
        var fields = form
        if withCSRF, let csrf { fields.append(("_csrf", csrf)) }
        let body = fields.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        let res = try await send(.POST, path, headers: headers(contentType: "application/x-www-form-urlencoded"), body: ByteBuffer(string: body))
        remember(res)
        return res
    }

    mutating func postMultipart(_ path: String, fileField: String, filename: String, content: String,
                                fields: [(String, String)] = []) async throws -> BrowserResponse {
        try await postMultipart(path, fileField: fileField, filename: filename, data: Data(content.utf8), fields: fields)
    }

    mutating func postMultipart(_ path: String, fileField: String, filename: String, data: Data,
                                fields: [(String, String)] = []) async throws -> BrowserResponse {
        let boundary = "cchc-test-boundary-7f3a"
        var body = ByteBuffer()
        for (name, value) in [("_csrf", csrf ?? "")] + fields {
            body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(name)\"\r\n\r\n\(value)\r\n")
        }
        body.writeString("--\(boundary)\r\nContent-Disposition: form-data; name=\"\(fileField)\"; filename=\"\(filename)\"\r\nContent-Type: application/octet-stream\r\n\r\n")
        body.writeBytes(data)
        body.writeString("\r\n--\(boundary)--\r\n")
        let res = try await send(.POST, path, headers: headers(contentType: "multipart/form-data; boundary=\(boundary)"), body: body)
        remember(res)
        return res
    }

    /// Logs in through the login form.
    @discardableResult
    mutating func login(_ username: String, password: String = testPassword) async throws -> BrowserResponse {
        try await get("/login")
        return try await post("/login", [("username", username), ("password", password), ("next", "/")])
    }

    static func encode(_ s: String) -> String {
        s.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~"))) ?? s
    }
}

func unit(_ code: String, on db: any Database) async throws -> App.Unit {
    try #require(try await App.Unit.query(on: db).filter(\.$code == code).first())
}

/// What a browser got back.
struct BrowserResponse: Sendable {
    var status: HTTPStatus
    var headers: HTTPHeaders
    var body: ByteBuffer
}

/// The application served on a real loopback port, for tests that need the peer address or the
/// server's HTTP pipeline (compression). Redirects are not followed, as a browser test would see them.
struct LiveServer: Sendable {
    let app: Application
    let port: Int

    static func start(_ app: Application) async throws -> LiveServer {
        app.http.client.configuration.redirectConfiguration = .disallow
        try await app.asyncBoot()
        try await app.server.start(address: .hostname("127.0.0.1", port: 0))
        let port = try #require(app.http.server.shared.localAddress?.port)
        return LiveServer(app: app, port: port)
    }

    func stop() async {
        await app.server.shutdown()
    }

    func send(_ method: HTTPMethod, _ path: String, headers: HTTPHeaders, body: ByteBuffer?) async throws -> ClientResponse {
        try await app.client.send(method, headers: headers, to: URI(string: "http://127.0.0.1:\(port)\(path)")) { req in
            req.body = body
        }
    }
}

/// A plan of the unit `issuer` with one row per (content, lead names, timeframe), stored as a draft and, when
/// `number` is given, issued on 6 January of `year`.
func makePlan(_ rows: [(String, [String], String)], issuer: String = "ST-CTH", year: Int = 2025, number: String? = nil,
              on app: Application) async throws -> App.Plan {
    var document = Domain.Plan()
    document.year = year
    document.title = "Kế hoạch tuyên truyền cải cách hành chính năm \(year)"
    let parser = TimeframeParser(planYear: year)
    document.tasks = rows.enumerated().map { index, row in
        PlanTask(no: index + 1, content: row.0, lead: row.1, coordinating: [], timeframe: parser.parse(row.2))
    }
    let plan = try await PlanService.store(document, issuer: try await unit(issuer, on: app.db), sourceName: nil, actor: .system,
                                           today: try #require(CalendarDate(year: year, month: 1, day: 5)), now: Date(), on: app.db)
    if let number {
        _ = try await PlanService.issue(plan, .init(number: number, issuedOn: try #require(CalendarDate(year: year, month: 1, day: 6)), signerName: "Người ký"),
                                        actor: .system, now: Date(), on: app.db)
    }
    return plan
}
