import Fluent
import SQLKit
import Foundation
import Testing
import Vapor
import VaporTesting
@testable import App

@Suite struct ShellTests {
    @Test func healthAndVietnameseLoginPage() async throws {
        try await withTestApp { app in
            var b = Browser(app)
            let health = try await b.get("/healthz")
            #expect(health.status == .ok)
            let login = try await b.get("/login")
            #expect(login.status == .ok)
            #expect(login.body.string.contains("<html lang=\"vi\">"))
            #expect(login.body.string.contains("Đăng nhập"))
            #expect(login.headers.first(name: "X-Frame-Options") == "DENY")
            #expect(login.headers.first(name: "Content-Security-Policy")?.contains("default-src 'self'") == true)
            // A visitor who is not signed in gets no session, only the form's CSRF cookie.
            #expect(login.headers.setCookie?["cchc_session"] == nil)
            #expect(login.headers.setCookie?["cchc_csrf"]?.isHTTPOnly == true)
            #expect(login.headers.setCookie?["cchc_csrf"]?.sameSite == .strict)
        }
    }

    @Test func healthIs503WhenTheDatabaseDoesNotAnswer() async throws {
        // A server whose PostgreSQL is down (nothing listens on port 1).
        let app = try await Application.make(.testing)
        var config = AppConfig(database: .postgres(url: "postgres://cchc:cchc@127.0.0.1:1/cchc?sslmode=disable", schema: nil))
        config.bcryptCost = 4
        do {
            try await configure(app, config: config)
            try await app.testing().test(.GET, "/healthz") { res async in
                #expect(res.status == .serviceUnavailable)
                #expect(res.body.string.contains("\"database\":\"unreachable\""))
            }
        } catch {
            try? await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    @Test func unknownRoutesGetTheVietnamesePageAndAPIErrorsAreJSON() async throws {
        try await withTestApp { app in
            var b = Browser(app)
            try await b.login("admin")
            let page = try await b.get("/khong-co-trang-nay")
            #expect(page.status == .notFound)
            #expect(page.body.string.contains("Không tìm thấy trang"))
            let api = try await b.get("/api/v1/khong-co")
            #expect(api.status == .notFound)
            #expect(api.headers.contentType == .json)
            #expect(api.body.string.contains("\"error\":true"))
        }
    }

    @Test func signedOutVisitorsAreSentToLogin() async throws {
        try await withTestApp { app in
            var b = Browser(app)
            let res = try await b.get("/units")
            #expect(res.status == .seeOther)
            #expect(res.headers.first(name: .location)?.hasPrefix("/login") == true)
        }
    }

    @Test func dashboardNamesTheProvince() async throws {
        try await withTestApp { app in
            var b = Browser(app)
            let login = try await b.login("admin")
            #expect(login.status == .seeOther)
            let home = try await b.get("/")
            #expect(home.status == .ok)
            #expect(home.body.string.contains("Sóc Trăng"))
        }
    }

    @Test func theSuiteRunsOnTheDatabaseItWasAskedFor() async throws {
        try await withTestApp { app in
            let dialect = try #require(app.db as? any SQLDatabase).dialect.name
            let wanted = ProcessInfo.processInfo.environment["TEST_DATABASE_URL"].map { $0.isEmpty ? "sqlite" : "postgresql" } ?? "sqlite"
            #expect(dialect == wanted)
        }
    }

    @Test func everyMigrationReverts() async throws {
        try await withTestApp { app in
            try await app.autoRevert()
            await #expect(throws: (any Error).self) { _ = try await App.Unit.query(on: app.db).count() }
            try await app.autoMigrate()
            #expect(try await App.Unit.query(on: app.db).count() == 0)
        }
    }
}

@Suite struct AuthTests {
    @Test func sixthBadPasswordIsRefusedWithTheRateLimitMessage() async throws {
        try await withTestApp { app in
            var b = Browser(app)
            for _ in 1...5 {
                let res = try await b.login("chauthanh.pnv", password: "sai-mat-khau")
                #expect(res.status == .unauthorized)
                #expect(res.body.string.contains("Tên đăng nhập hoặc mật khẩu không đúng"))
            }
            let sixth = try await b.login("chauthanh.pnv", password: testPassword)
            #expect(sixth.status == .tooManyRequests)
            #expect(sixth.body.string.contains("đăng nhập sai nhiều lần"))
            // Other accounts are not locked by this one's failures.
            var other = Browser(app)
            #expect(try await other.login("phutam").status == .seeOther)
        }
    }

    @Test func formsWithoutTheirCSRFTokenAreRefused() async throws {
        try await withTestApp { app in
            var b = Browser(app)
            try await b.get("/login")
            let res = try await b.post("/login", [("username", "admin"), ("password", testPassword)], withCSRF: false)
            #expect(res.status == .forbidden)
            #expect(res.body.string.contains("CSRF"))
            try await b.login("chauthanh.pnv")
            let own = try await unit("ST-CTH-PNV", on: app.db)
            let changed = try await b.post("/units/\(try own.requireID())/contact", [("phone", "0299 3841 234")], withCSRF: false)
            #expect(changed.status == .forbidden)
            #expect(try await unit("ST-CTH-PNV", on: app.db).phone == nil)
        }
    }

    @Test func passwordsAreStoredAsBcrypt() async throws {
        try await withTestApp { app in
            let admin = try #require(try await User.query(on: app.db).filter(\.$username == "admin").first())
            #expect(admin.passwordHash.hasPrefix("$2b$"))
            #expect(try Bcrypt.verify(testPassword, created: admin.passwordHash))
        }
    }

    @Test func apiTokensAuthenticateAndTheOpenAPIDocumentCoversEveryRoute() async throws {
        try await withTestApp { app in
            let user = try #require(try await User.query(on: app.db).filter(\.$username == "chauthanh.pnv").first())
            let token = try await APITokenService.create(on: app.db, user: user, name: "test", days: 30, actor: .system, now: Date())
            let me = try await app.testing().sendRequest(.GET, "/api/v1/me", headers: ["Authorization": "Bearer \(token)"])
            #expect(me.status == .ok)
            #expect(me.body.string.contains("chauthanh.pnv"))
            let bad = try await app.testing().sendRequest(.GET, "/api/v1/me", headers: ["Authorization": "Bearer sai"])
            #expect(bad.status == .unauthorized)
            #expect(bad.body.string.contains("\"error\":true"))
            let search = try await app.testing().sendRequest(.GET, "/api/v1/units?q=phong%20noi%20vu", headers: ["Authorization": "Bearer \(token)"])
            #expect(search.body.string.contains("Phòng Nội vụ huyện Châu Thành"))

            let doc = try await app.testing().sendRequest(.GET, "/api/v1/openapi.json")
            let json = try JSONSerialization.jsonObject(with: Data(doc.body.readableBytesView)) as? [String: Any]
            let paths = try #require(json?["paths"] as? [String: [String: Any]])
            for route in app.routes.all where route.path.first?.description == "api" {
                let path = "/" + route.path.map { c -> String in
                    if case .parameter(let name) = c { return "{\(name)}" }
                    return c.description
                }.joined(separator: "/")
                #expect(paths[path]?[route.method.rawValue.lowercased()] != nil, "\(route.method) \(path) is not in openapi.json")
            }
            // The plan document's multi-year period is described with the rest of cchc.plan/v1.
            let schemas = (json?["components"] as? [String: Any])?["schemas"] as? [String: Any]
            let planDocument = schemas?["PlanDocument"] as? [String: Any]
            let period = (planDocument?["properties"] as? [String: Any])?["period"] as? [String: Any]
            #expect((period?["properties"] as? [String: Any])?.keys.sorted() == ["from", "to"])
        }
    }
}
