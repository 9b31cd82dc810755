import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting
@testable import App
import Domain

@Suite struct LoginTakeoverTests {
    @Test(arguments: ["/x\r\nSet-Cookie: cchc_session=planted", "/x%0d%0aSet-Cookie:%20cchc_session=planted", "//evil.example/",
                      "/\\evil.example", "https://evil.example/", "/a\tb", "/%2F%2Fevil.example"])
    func aLoginRedirectNeverLeavesTheSiteOrAddsAHeader(next: String) async throws {
        try await withTestApp { app in
            var b = Browser(app)
            try await b.get("/login")
            let res = try await b.post("/login", [("username", "admin"), ("password", testPassword), ("next", next)])
            #expect(res.status == .seeOther)
            #expect(res.headers.first(name: .location) == "/")
            #expect(res.headers[.setCookie].allSatisfy { !$0.contains("planted") })
        }
    }

    @Test func aLocalNextIsFollowed() async throws {
        try await withTestApp { app in
            var b = Browser(app)
            let bounce = try await b.get("/audit?q=abc")
            #expect(bounce.headers.first(name: .location) == "/login?next=%2Faudit%3Fq%3Dabc")
            try await b.get("/login?next=%2Faudit%3Fq%3Dabc")
            let res = try await b.post("/login", [("username", "admin"), ("password", testPassword), ("next", "/audit?q=abc")])
            #expect(res.headers.first(name: .location) == "/audit?q=abc")
        }
    }

    @Test func aPlantedSessionIdIsNeverTheSignedInOne() async throws {
        try await withTestApp { app in
            // The attacker's own session, planted in the victim's browser.
            var attacker = Browser(app)
            try await attacker.login("phutam")
            try await attacker.get("/")
            let planted = try #require(attacker.cookie)
            var victim = Browser(app)
            victim.cookie = planted
            victim.csrf = attacker.csrf
            let login = try await victim.post("/login", [("username", "admin"), ("password", testPassword), ("next", "/")])
            #expect(login.status == .seeOther)
            let fresh = try #require(victim.cookie)
            #expect(fresh != planted)
            // The planted id is gone, and it never became the administrator's.
            var replay = Browser(app)
            replay.cookie = planted
            let res = try await replay.get("/users")
            #expect(res.status == .seeOther)
            #expect(try await UserSession.query(on: app.db).count() == 1)
            #expect(try await victim.get("/users").status == .ok)
            // An unknown id sent by the browser is simply cleared.
            var stray = Browser(app)
            stray.cookie = String(repeating: "ab", count: 32)
            let page = try await stray.get("/login")
            #expect(page.headers.setCookie?["cchc_session"]?.maxAge == 0)
        }
    }

    @Test func visitorsWhoAreNotSignedInStoreNothing() async throws {
        try await withTestApp { app in
            for _ in 0..<20 {
                var b = Browser(app)
                let page = try await b.get("/login")
                #expect(page.status == .ok)
            }
            #expect(try await UserSession.query(on: app.db).count() == 0)
            // A login form posted without the cookie it came with is refused.
            var b = Browser(app)
            try await b.get("/login")
            b.cookies["cchc_csrf"] = nil
            #expect(try await b.post("/login", [("username", "admin"), ("password", testPassword)]).status == .forbidden)
        }
    }

    @Test func logoutEndsTheSessionOnTheServer() async throws {
        try await withTestApp { app in
            var b = Browser(app)
            try await b.login("admin")
            let cookie = try #require(b.cookie)
            try await b.get("/")
            let out = try await b.post("/logout", [])
            #expect(out.status == .seeOther)
            var replay = Browser(app)
            replay.cookie = cookie
            #expect(try await replay.get("/").status == .seeOther)
            #expect(try await UserSession.query(on: app.db).count() == 0)
        }
    }
}

@Suite struct SessionLifetimeTests {
    @Test func idleAndOldSessionsExpireAndAreSwept() async throws {
        try await withClockedTestApp(adjust: { $0.sessionIdleTimeout = 600; $0.sessionMaxAge = 3600 }) { app, clock in
            var b = Browser(app)
            try await b.login("admin")
            clock.advance(500)
            #expect(try await b.get("/").status == .ok)
            clock.advance(500)
            // Still alive: the page 500 s ago counted as activity.
            #expect(try await b.get("/").status == .ok)
            clock.advance(601)
            let expired = try await b.get("/units")
            #expect(expired.status == .seeOther)
            #expect(expired.headers.first(name: .location)?.contains("expired=1") == true)
            let login = try await b.get("/login?expired=1")
            #expect(login.body.string.contains("Phiên làm việc đã hết hạn"))

            // Absolute limit: active all the time, still out after an hour.
            try await b.login("admin")
            for _ in 0..<7 {
                clock.advance(500)
                #expect(try await b.get("/").status == .ok)
            }
            clock.advance(200)
            #expect(try await b.get("/").status == .seeOther)

            // The sweep removes what expired without anyone coming back.
            var other = Browser(app)
            try await other.login("phutam")
            clock.advance(4000)
            #expect(try await UserSession.query(on: app.db).count() >= 1)
            #expect(try await BackgroundJobs.runOnce(app: app, holder: "test", interval: 60))
            #expect(try await UserSession.query(on: app.db).count() == 0)
        }
    }

    @Test func onlyOneInstanceHoldsAJobLease() async throws {
        try await withTestApp { app in
            let now = Date()
            func take(_ holder: String, after seconds: TimeInterval) async throws -> Bool {
                try await JobLeaseService.acquire("sweep", holder: holder, duration: 60, now: now.addingTimeInterval(seconds), on: app.db)
            }
            let first = try await take("a", after: 0)
            let contested = try await take("b", after: 30)
            let renewed = try await take("a", after: 30)
            // The holder died: the lease lapses and another instance takes over.
            let takenOver = try await take("b", after: 200)
            let lost = try await take("a", after: 210)
            #expect(first && !contested && renewed && takenOver && !lost)
        }
    }

    @Test func instancesStartingTogetherGetOneLeaseAndNoError() async throws {
        try await withTestApp { app in
            let now = Date()
            // Nobody holds the lease yet: eight instances ask at once; on PostgreSQL they all find no row.
            let won = try await withThrowingTaskGroup(of: Bool.self) { group in
                for n in 0..<8 {
                    group.addTask { try await JobLeaseService.acquire("fresh", holder: "may-\(n)", duration: 60, now: now, on: app.db) }
                }
                return try await group.reduce(into: 0) { $0 += $1 ? 1 : 0 }
            }
            #expect(won == 1)
            #expect(try await JobLease.query(on: app.db).filter(\.$name == "fresh").count() == 1)
        }
    }

    @Test func aSenderAtTheLimitJustBeforeTheHourIsStillRefusedJustAfterIt() async throws {
        try await withTestApp { app in
            let hour = (Date().timeIntervalSince1970 / 3600).rounded(.down) * 3600
            func send(_ key: String, at offset: TimeInterval) async throws -> Bool {
                try await SharedRateLimiter.allow(key, limit: 3, now: Date(timeIntervalSince1970: hour + offset), on: app.db)
            }
            // 10:59:58: three sends pass, the fourth is refused.
            var passed: [Bool] = []
            for _ in 0..<4 { passed.append(try await send("edge|1.2.3.4", at: -2)) }
            #expect(passed == [true, true, true, false])
            // 11:00:02: a fixed clock hour would start again at zero; the last sixty minutes still hold the sends.
            let justAfter = try await send("edge|1.2.3.4", at: 2)
            #expect(!justAfter)
            // Another address is not affected, and an hour after the sends the sender may write again.
            // (At 11:30 the sends of 10:59 still count.)
            let halfPast = try await send("edge|1.2.3.4", at: 1800)
            #expect(!halfPast)
            let other = try await send("edge|5.6.7.8", at: 2)
            let anHourLater = try await send("edge|1.2.3.4", at: 3599)
            #expect(other && anHourLater)
        }
    }

    @Test func signedInPagesAreNotCachedAndHTTPSGetsHSTS() async throws {
        try await withTestApp(adjust: { $0.secureCookies = true }) { app in
            var b = Browser(app)
            try await b.get("/login")
            let login = try await b.post("/login", [("username", "admin"), ("password", testPassword)])
            #expect(login.headers.setCookie?["cchc_session"]?.isSecure == true)
            let home = try await b.get("/")
            #expect(home.headers.first(name: .cacheControl) == "no-store")
            #expect(home.headers.first(name: .strictTransportSecurity)?.contains("max-age=") == true)
        }
    }
}

@Suite struct ThrottleTests {
    /// What is checked is who gets through, not how fast: on a loaded 2-core machine, with other suites running, fifty
    /// logins at once may wait longer than the production limits for a connection or the write queue.
    @Test func fiftyParallelGuessesGetOnlyTheFreeTries() async throws {
        try await withTestApp(adjust: { $0.writeWait = .seconds(120); $0.connectionWait = .seconds(120) }) { app in
            let user = try #require(try await User.query(on: app.db).filter(\.$username == "chauthanh.pnv").first())
            let config = app.config, dummy = app.dummyPasswordHash
            let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
                for i in 0..<50 {
                    group.addTask {
                        do {
                            _ = try await AuthService.login(on: app.db, username: "chauthanh.pnv", password: "doan-sai-\(i)",
                                                            address: "203.0.113.5", config: config, dummyHash: dummy, now: Date())
                            return "ok"
                        } catch AuthService.Failure.rateLimited {
                            return "limited"
                        } catch AuthService.Failure.invalid {
                            return "checked"
                        }
                    }
                }
                return try await group.reduce(into: [String]()) { $0.append($1) }
            }
            #expect(outcomes.filter { $0 == "checked" }.count <= config.loginThrottle.freeFailures)
            #expect(outcomes.filter { $0 == "limited" }.count >= 50 - config.loginThrottle.freeFailures)
            // The owner and the administrators were told.
            let ownerNotices = try await Notice.query(on: app.db).filter(\.$user.$id == user.requireID()).all()
            #expect(ownerNotices.count == 1)
            #expect(ownerNotices.first?.text.contains("203.0.113.5") == true)
            let admin = try #require(try await User.query(on: app.db).filter(\.$username == "admin").first())
            #expect(try await Notice.query(on: app.db).filter(\.$user.$id == admin.requireID()).count() == 1)
            // The real owner, from another address, is not locked out.
            let ok = try await AuthService.login(on: app.db, username: "chauthanh.pnv", password: testPassword, address: "198.51.100.20",
                                                 config: config, dummyHash: dummy, now: Date())
            #expect(ok.username == "chauthanh.pnv")
        }
    }

    @Test func behindATrustedProxyTheForwardedAddressCountsAndOtherwiseItIsIgnored() async throws {
        try await withTestApp(adjust: {
            $0.clientAddresses = ClientAddressResolver(trustedProxies: [IPNetwork("127.0.0.1"), IPNetwork("::1")].compactMap { $0 })
        }) { app in
            let server = try await LiveServer.start(app)
            var attacker = Browser(app)
            attacker.live = server
            attacker.extraHeaders.replaceOrAdd(name: .xForwardedFor, value: "203.0.113.66")
            for _ in 0..<5 { #expect(try await attacker.login("phutam", password: "sai-mat-khau-roi").status == .unauthorized) }
            #expect(try await attacker.login("phutam", password: testPassword).status == .tooManyRequests)
            var owner = Browser(app)
            owner.live = server
            owner.extraHeaders.replaceOrAdd(name: .xForwardedFor, value: "198.51.100.20")
            #expect(try await owner.login("phutam").status == .seeOther)
            await server.stop()
            let addresses = Set(try await LoginAttempt.query(on: app.db).all().map(\.address))
            #expect(addresses == ["203.0.113.66", "198.51.100.20"])
        }
        try await withTestApp { app in
            // Without TRUSTED_PROXIES the header is the client's word only: ignored.
            let server = try await LiveServer.start(app)
            var b = Browser(app)
            b.live = server
            b.extraHeaders.replaceOrAdd(name: .xForwardedFor, value: "203.0.113.66")
            try await b.login("phutam", password: "sai-mat-khau-roi")
            await server.stop()
            let attempt = try #require(try await LoginAttempt.query(on: app.db).first())
            #expect(attempt.address != "203.0.113.66")
            #expect(IPNetwork.parse(attempt.address) != nil)
        }
    }

    @Test func unknownAccountsCostTheSameBcryptWorkAndLockedOnesAreToldSo() async throws {
        try await withTestApp(adjust: { $0.bcryptCost = 5 }) { app in
            // The stand-in hash for unknown names is made at the configured cost, like real ones.
            #expect(app.dummyPasswordHash.hasPrefix("$2b$05$"))
            var b = Browser(app)
            let unknown = try await b.login("khong-co-ai", password: "bat-ky-mat-khau")
            #expect(unknown.status == .unauthorized)
            #expect(unknown.body.string.contains(AuthService.invalidMessage))
            let user = try #require(try await User.query(on: app.db).filter(\.$username == "phutam").first())
            try await UserService.setActive(user, false, actor: .system, now: Date(), on: app.db)
            let locked = try await b.login("phutam")
            #expect(locked.status == .forbidden)
            #expect(locked.body.string.contains("đã bị khóa"))
            // A wrong password on a locked account says nothing about the lock.
            let wrong = try await b.login("phutam", password: "sai-mat-khau-roi")
            #expect(wrong.body.string.contains(AuthService.invalidMessage))
        }
    }
}

@Suite struct PasswordAndTokenTests {
    @Test func weakPasswordsAreRefusedWithTheReason() async throws {
        try await withTestApp { app in
            var b = Browser(app)
            try await b.login("admin")
            let user = try #require(try await User.query(on: app.db).filter(\.$username == "phutam").first())
            let path = "/users/\(try user.requireID())/password"
            try await b.get(path)
            for (password, reason) in [("password", "ít nhất 10 ký tự"), ("        ", "ít nhất 10 ký tự"), ("1234567890", "quá phổ biến"),
                                       ("\u{0}abcdefghijk", "ký tự điều khiển"), (String(repeating: "ữ", count: 30), "72 byte")] {
                let res = try await b.post(path, [("password", password)])
                #expect(res.status == .unprocessableEntity)
                #expect(res.body.string.contains(reason))
            }
        }
    }

    @Test func aResetEndsEverySessionAndTokenAndUnlockingRevivesNone() async throws {
        try await withTestApp { app in
            let user = try #require(try await User.query(on: app.db).filter(\.$username == "phutam").first())
            let token = try await APITokenService.create(on: app.db, user: user, name: "một cửa", days: 30, actor: .system, now: Date())
            var victim = Browser(app)
            try await victim.login("phutam")
            #expect(try await victim.get("/").status == .ok)
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/me", headers: ["Authorization": "Bearer \(token)"]).status == .ok)

            var admin = Browser(app)
            try await admin.login("admin")
            let path = "/users/\(try user.requireID())/password"
            try await admin.get(path)
            #expect(try await admin.post(path, [("password", "Mùa nước nổi 2026")]).status == .seeOther)
            #expect(try await victim.get("/").status == .seeOther)
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/me", headers: ["Authorization": "Bearer \(token)"]).status == .unauthorized)

            // Lock and unlock: the old token stays dead.
            let second = try await APITokenService.create(on: app.db, user: user, name: "báo cáo", days: 30, actor: .system, now: Date())
            try await admin.get("/users")
            #expect(try await admin.post("/users/\(try user.requireID())/active", []).status == .seeOther)
            #expect(try await admin.post("/users/\(try user.requireID())/active", []).status == .seeOther)
            #expect(try await User.find(user.id, on: app.db)?.isActive == true)
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/me", headers: ["Authorization": "Bearer \(second)"]).status == .unauthorized)
        }
    }

    @Test func theOwnerChangesThePasswordAndKeepsOnlyThisBrowser() async throws {
        try await withTestApp { app in
            var here = Browser(app)
            try await here.login("chauthanh.pnv")
            var elsewhere = Browser(app)
            try await elsewhere.login("chauthanh.pnv")
            let before = try #require(here.cookie)
            try await here.get("/account")
            let wrong = try await here.post("/account/password", [("current", "khong-dung-dau"), ("password", "Cây lúa Sóc Trăng 2026"),
                                                                  ("confirm", "Cây lúa Sóc Trăng 2026")])
            #expect(wrong.status == .unprocessableEntity)
            #expect(wrong.body.string.contains("Mật khẩu hiện tại không đúng"))
            let ok = try await here.post("/account/password", [("current", testPassword), ("password", "Cây lúa Sóc Trăng 2026"),
                                                               ("confirm", "Cây lúa Sóc Trăng 2026")])
            #expect(ok.status == .seeOther)
            #expect(here.cookie != before)
            #expect(try await here.get("/account").status == .ok)
            #expect(try await elsewhere.get("/").status == .seeOther)
            var fresh = Browser(app)
            #expect(try await fresh.login("chauthanh.pnv", password: "Cây lúa Sóc Trăng 2026").status == .seeOther)
        }
    }

    @Test func tokensHaveANameAnExpiryALastUseAndCanBeRevoked() async throws {
        try await withClockedTestApp { app, clock in
            var b = Browser(app)
            try await b.login("chauthanh.pnv")
            try await b.get("/account")
            let bad = try await b.post("/account/tokens", [("name", ""), ("days", "9999")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("Vui lòng đặt tên"))
            let made = try await b.post("/account/tokens", [("name", "Phần mềm một cửa"), ("days", "7")])
            #expect(made.status == .ok)
            let body = made.body.string
            let start = try #require(body.range(of: "cchc_"))
            let token = String(body[start.lowerBound...].prefix(while: { $0.isLetter || $0.isNumber || $0 == "_" }))
            let me = try await app.testing().sendRequest(.GET, "/api/v1/me", headers: ["Authorization": "Bearer \(token)"])
            #expect(me.status == .ok)
            let record = try #require(try await APIToken.query(on: app.db).filter(\.$name == "Phần mềm một cửa").first())
            #expect(record.lastUsedAt != nil)
            let list = try await b.get("/account")
            #expect(list.body.string.contains("Phần mềm một cửa"))
            #expect(!list.body.string.contains(token))
            // After 7 days it no longer works.
            clock.advance(8 * 86_400)
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/me", headers: ["Authorization": "Bearer \(token)"]).status == .unauthorized)
            // A live one is revoked from the page.
            try await b.login("chauthanh.pnv")
            let second = try await APITokenService.create(on: app.db, user: try #require(try await User.query(on: app.db).filter(\.$username == "chauthanh.pnv").first()),
                                                          name: "thử", days: 30, actor: .system, now: clock.now)
            let id = try #require(try await APIToken.query(on: app.db).filter(\.$name == "thử").first()?.id)
            try await b.get("/account")
            #expect(try await b.post("/account/tokens/\(id)/revoke", []).status == .seeOther)
            #expect(try await app.testing().sendRequest(.GET, "/api/v1/me", headers: ["Authorization": "Bearer \(second)"]).status == .unauthorized)
            // Nobody revokes someone else's token from their own page.
            var other = Browser(app)
            try await other.login("phutam")
            try await other.get("/account")
            #expect(try await other.post("/account/tokens/\(id)/revoke", []).status == .notFound)
        }
    }

    @Test func theAPITakesBearerTokensOnlyNotTheBrowserCookie() async throws {
        try await withTestApp { app in
            var b = Browser(app)
            try await b.login("admin")
            let res = try await b.get("/api/v1/me")
            #expect(res.status == .unauthorized)
            #expect(res.headers.contentType == .json)
        }
    }
}

@Suite struct InputLimitTests {
    @Test func oversizedPathsQueriesAndHeadersGetAVietnamese4xx() async throws {
        try await withTestApp { app in
            let long = String(repeating: "a", count: 300)
            let anonymous = try await app.testing().sendRequest(.GET, "/\(long)")
            #expect(anonymous.status == .uriTooLong)
            #expect(anonymous.body.string.contains("quá"))
            var b = Browser(app)
            try await b.login("admin")
            #expect(try await b.get("/units/\(long)").status == .uriTooLong)
            #expect(try await b.get("/api/v1/units/\(long)").status == .uriTooLong)
            let hugeQuery = try await b.get("/units/search?q=" + String(repeating: "x", count: 50_000))
            #expect(hugeQuery.status == .uriTooLong)
            #expect(hugeQuery.body.string.contains("Địa chỉ trang quá dài"))
            let headers = try await app.testing().sendRequest(.GET, "/login", headers: ["X-Filler": String(repeating: "y", count: 40_000)])
            #expect(headers.status == .requestHeaderFieldsTooLarge)
            // A long search term that fits the address is cut, not an error; wildcards match themselves.
            let longTerm = try await b.get("/units/search?q=" + String(repeating: "phong", count: 1000))
            #expect(longTerm.status == .ok)
            let percent = try await b.get("/units/search?q=%25")
            #expect(percent.status == .ok)
            #expect(!percent.body.string.contains("Phòng Nội vụ huyện Châu Thành"))
            let underscore = try await b.get("/audit?q=_")
            #expect(underscore.status == .ok)
        }
    }

    @Test func aPathThatExistsForAnotherMethodAnswers405() async throws {
        try await withTestApp { app in
            let trace = try await app.testing().sendRequest(.TRACE, "/api/v1/me")
            #expect(trace.status == .methodNotAllowed)
            #expect(trace.headers.first(name: .allow) == "GET")
            #expect(trace.headers.contentType == .json)
            let delete = try await app.testing().sendRequest(.DELETE, "/login")
            #expect(delete.status == .methodNotAllowed)
            #expect(delete.headers.first(name: .allow) == "GET, POST")
            #expect(try await app.testing().sendRequest(.GET, "/khong-co").status == .notFound)
        }
    }

    @Test func textFieldsAndAliasesHaveLimitsAndBrowserNewlinesSplitAliases() async throws {
        try await withTestApp { app in
            var b = Browser(app)
            try await b.login("admin")
            let pnv = try await unit("ST-CTH-PNV", on: app.db)
            let path = "/units/\(try pnv.requireID())"
            try await b.get(path + "/edit")
            let base: [(String, String)] = [("code", pnv.code), ("name", pnv.name), ("kind", pnv.kind.rawValue), ("level", pnv.level.rawValue),
                                            ("parentID", pnv.$parent.id?.uuidString ?? "")]
            let longShort = try await b.post(path, base + [("shortName", String(repeating: "x", count: 100_000))])
            #expect(longShort.status == .unprocessableEntity)
            #expect(longShort.body.string.contains("Tên viết tắt tối đa"))
            let many = (0..<5000).map { "Tên \($0)" }.joined(separator: "\r\n")
            let tooMany = try await b.post(path, base + [("aliases", many)])
            #expect(tooMany.status == .unprocessableEntity)
            #expect(tooMany.body.string.contains("Tối đa 50 tên gọi khác"))
            #expect(try await UnitAlias.query(on: app.db).filter(\.$unit.$id == pnv.requireID()).count() < 50)
            let crlf = try await b.post(path, base + [("aliases", "PNV huyện\r\nPhòng NV Châu Thành\r\nNội vụ CT")])
            #expect(crlf.status == .seeOther)
            let names = try await UnitService.aliases(of: pnv.requireID(), on: app.db)
            #expect(Set(names) == ["PNV huyện", "Phòng NV Châu Thành", "Nội vụ CT"])
        }
    }
}

@Suite struct ConcurrentWriteTests {
    /// Four officers saving their units' contact forms at the same moment, again and again: nobody gets
    /// an error, and each unit shows the last value its officer saved.
    @Test func fourOfficersSavingAtOnceAllSucceed() async throws {
        try await withTestApp { app in
            let accounts = [("chauthanh.pnv", "ST-CTH-PNV"), ("chauthanh.ttvh", "ST-CTH-TTVH"), ("phutam", "ST-CTH-XPT"), ("admin", "ST")]
            var browsers: [(Browser, UUID)] = []
            for (name, code) in accounts {
                var b = Browser(app)
                try await b.login(name)
                let id = try await unit(code, on: app.db).requireID()
                try await b.get("/units/\(id)/contact")
                browsers.append((b, id))
            }
            let rounds = 15
            let statuses = try await withThrowingTaskGroup(of: [UInt].self) { group in
                for (index, entry) in browsers.enumerated() {
                    group.addTask {
                        var (b, id) = entry
                        var seen: [UInt] = []
                        for round in 1...rounds {
                            let res = try await b.post("/units/\(id)/contact", [("phone", "0299 \(index) \(round)")])
                            seen.append(res.status.code)
                        }
                        return seen
                    }
                }
                return try await group.reduce(into: [UInt]()) { $0 += $1 }
            }
            #expect(statuses.count == accounts.count * rounds)
            #expect(statuses.allSatisfy { $0 == 303 })
            for (index, entry) in browsers.enumerated() {
                #expect(try await App.Unit.find(entry.1, on: app.db)?.phone == "0299 \(index) \(rounds)")
            }
            #expect(try await AuditEntry.query(on: app.db).filter(\.$summary, .custom("LIKE"), "Cập nhật thông tin liên hệ%").count()
                    == accounts.count * rounds)
        }
    }

    @Test func aWriterThatWaitsTooLongGetsBusyNotAnError() async throws {
        let gate = WriteGate()
        await gate.configure(timeout: .milliseconds(50))
        #expect(await gate.acquire())
        #expect(await !gate.acquire())
        await gate.release()
        #expect(await gate.acquire())
        await gate.release()
        #expect(AppError.busy.status == .serviceUnavailable)
        #expect(AppError.busy.reason == "Hệ thống đang bận, vui lòng thử lại.")
    }

    @Test func theEmbeddedDatabaseRunsInWALWithFullSync() async throws {
        try await withTestApp { app in
            guard let sql = app.db as? any SQLDatabase, sql.dialect.name == "sqlite" else { return }
            let mode = try await sql.raw("PRAGMA journal_mode").first()?.decode(column: "journal_mode", as: String.self)
            #expect(mode == "wal")
            let sync = try await sql.raw("PRAGMA synchronous").first()?.decode(column: "synchronous", as: Int.self)
            #expect(sync == 2)
            // Readers and the writer connections open the same file, so they share one writer queue.
            let writer = try #require(app.databases.database(.sqliteWriter, logger: app.logger, on: app.eventLoopGroup.any()))
            #expect(app.db.storageKey.contains("memory(identifier:"))
            #expect(writer.storageKey == app.db.storageKey)
        }
    }
}

@Suite struct StaticFileTests {
    @Test func theStylesheetIsCachedRevalidatedAndCompressed() async throws {
        try await withTestApp { app in
            let css = try await app.testing().sendRequest(.GET, "/css/app.css")
            #expect(css.status == .ok)
            #expect(css.headers.contentType?.subType == "css")
            #expect(css.headers.first(name: .cacheControl)?.contains("max-age") == true)
            let etag = try #require(css.headers.first(name: .eTag))
            let again = try await app.testing().sendRequest(.GET, "/css/app.css", headers: ["If-None-Match": etag])
            #expect(again.status == .notModified)
            let versioned = try await app.testing().sendRequest(.GET, "/css/app.css?v=\(app.staticFiles?.version ?? "")")
            #expect(versioned.headers.first(name: .cacheControl)?.contains("immutable") == true)
            let login = try await app.testing().sendRequest(.GET, "/login")
            #expect(login.body.string.contains("/css/app.css?v=\(app.staticFiles?.version ?? "-")"))
            let server = try await LiveServer.start(app)
            let gz = try await server.send(.GET, "/css/app.css", headers: ["Accept-Encoding": "gzip"], body: nil)
            let plain = try await server.send(.GET, "/css/app.css", headers: [:], body: nil)
            await server.stop()
            #expect(gz.headers.first(name: .contentEncoding) == "gzip")
            #expect((gz.body?.readableBytes ?? 0) < (plain.body?.readableBytes ?? 0))
            #expect(plain.headers.first(name: .contentEncoding) == nil)
        }
    }
}

@Suite struct TokenCommandTests {
    @Test func commandsCreateListAndRevokeTokens() async throws {
        try await withTestApp { app in
            func run(_ command: any AsyncCommand, _ arguments: [String]) async throws {
                var context = CommandContext(console: Terminal(), input: CommandInput(arguments: ["cchc"] + arguments))
                context.application = app
                try await command.run(using: &context)
            }
            try await run(CreateTokenCommand(), ["phutam", "--name", "cổng một cửa", "--days", "30"])
            let token = try #require(try await APIToken.query(on: app.db).filter(\.$name == "cổng một cửa").first())
            let days = try #require(token.expiresAt).timeIntervalSince(try #require(token.createdAt)) / 86_400
            #expect(abs(days - 30) < 0.01)
            try await run(ListTokensCommand(), ["phutam"])
            try await run(RevokeTokenCommand(), [try token.requireID().uuidString])
            #expect(try await APIToken.find(token.id, on: app.db)?.revokedAt != nil)
            try await run(CreateTokenCommand(), ["phutam", "--name", "thứ hai"])
            try await run(RevokeTokenCommand(), ["phutam", "--all"])
            #expect(try await APIToken.query(on: app.db).filter(\.$revokedAt == nil).count() == 0)
            await #expect(throws: App.CommandFailure.self) { try await run(CreateTokenCommand(), ["phutam", "--days", "9999"]) }
            await #expect(throws: App.CommandFailure.self) { try await run(RevokeTokenCommand(), ["khong-phai-ma"]) }
        }
    }
}

@Suite struct ServeStartTests {
    /// Several servers may start at once on one PostgreSQL: `serve` does not migrate it, it says what to do.
    /// The embedded database belongs to one process and is migrated and loaded on first start.
    @Test func serveMigratesOnlyTheEmbeddedDatabase() async throws {
        try await withTestApp(migrate: false) { app in
            if case .postgres = app.config.database {
                await #expect(throws: ServeRefused.self) { try await prepareForServing(app) }
                do {
                    try await prepareForServing(app)
                } catch let refused as ServeRefused {
                    #expect(refused.description.contains("cchc migrate --yes"))
                }
                try await app.autoMigrate()
                try await prepareForServing(app)
            } else {
                try await prepareForServing(app)
            }
            #expect(try await App.Unit.query(on: app.db).count() > 100)
        }
    }
}

@Suite struct ExpiredFormTests {
    @Test func anExpiredFormFromThisSiteComesBackWithWhatWasTypedAndNothingIsSaved() async throws {
        try await withTestApp { app in
            var b = Browser(app)
            try await b.login("chauthanh.pnv")
            let own = try await unit("ST-CTH-PNV", on: app.db)
            try await b.get("/units/\(try own.requireID())/contact")
            b.csrf = String(repeating: "0", count: 64)
            b.extraHeaders.replaceOrAdd(name: .host, value: "cchc.example")
            b.extraHeaders.replaceOrAdd(name: .origin, value: "http://cchc.example")
            let res = try await b.post("/units/\(try own.requireID())/contact", [("address", "Số 1 đường 30/4, thị trấn Châu Thành")])
            #expect(res.status == .forbidden)
            #expect(res.body.string.contains("Biểu mẫu đã hết hạn"))
            #expect(res.body.string.contains("Số 1 đường 30/4, thị trấn Châu Thành"))
            #expect(try await unit("ST-CTH-PNV", on: app.db).address == nil)
            // Sent again from that page (it carries a fresh token), it is saved.
            let again = try await b.post("/units/\(try own.requireID())/contact", [("address", "Số 1 đường 30/4, thị trấn Châu Thành")])
            #expect(again.status == .seeOther)
            #expect(try await unit("ST-CTH-PNV", on: app.db).address == "Số 1 đường 30/4, thị trấn Châu Thành")
            // A form posted from another site gets nothing offered back.
            b.csrf = String(repeating: "0", count: 64)
            b.extraHeaders.replaceOrAdd(name: .origin, value: "https://evil.example")
            let cross = try await b.post("/units/\(try own.requireID())/contact", [("address", "Địa chỉ giả")])
            #expect(cross.status == .forbidden)
            #expect(!cross.body.string.contains("Địa chỉ giả"))
            #expect(!cross.body.string.contains("Gửi lại"))
        }
    }

    @Test func anExpiredLoginPageKeepsTheUsername() async throws {
        try await withTestApp { app in
            var b = Browser(app)
            try await b.get("/login")
            b.cookies["cchc_csrf"] = String(repeating: "1", count: 64)
            b.extraHeaders.replaceOrAdd(name: .host, value: "cchc.example")
            b.extraHeaders.replaceOrAdd(name: .referer, value: "http://cchc.example/login")
            let res = try await b.post("/login", [("username", "chauthanh.pnv"), ("password", testPassword)])
            #expect(res.status == .forbidden)
            #expect(res.body.string.contains("value=\"chauthanh.pnv\""))
            #expect(res.body.string.contains("mở quá lâu"))
            #expect(try await b.post("/login", [("username", "chauthanh.pnv"), ("password", testPassword)]).status == .seeOther)
        }
    }
}
