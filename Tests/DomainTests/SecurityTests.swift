import Foundation
import Testing
@testable import Domain

@Suite struct SafeRedirectTests {
    @Test(arguments: ["/", "/units", "/units/5E6A?q=phong%20noi%20vu", "/audit?from=01%2F01%2F2025", "/units/search?q=a:b"])
    func localPathsAreKept(_ path: String) {
        #expect(SafeRedirect.localPath(path) == path)
    }

    @Test(arguments: [
        "//evil.example", "/\\evil.example", "\\\\evil", "https://evil.example", "javascript:alert(1)", "evil.example",
        "/x\r\nSet-Cookie: cchc_session=abc", "/x\nLocation: //evil", "/x%0d%0aSet-Cookie:%20a=b", "/%2F%2Fevil.example",
        "/%5Cevil", "/a\tb", "/a b", " /units", "/units\u{0}", "/phòng", "",
    ])
    func anythingElseIsRefused(_ target: String) {
        #expect(SafeRedirect.localPath(target) == nil)
    }

    @Test func overLongTargetsAreRefused() {
        #expect(SafeRedirect.localPath("/" + String(repeating: "a", count: 5000)) == nil)
        #expect(SafeRedirect.localPath(nil) == nil)
    }
}

@Suite struct PasswordPolicyTests {
    @Test(arguments: ["password", "        ", "          ", "1234567890", "qwertyuiop", "MatKhau123", "Password123", "aaaaaaaaaaaa",
                      "1q2w3e4r5t6y", "admin@12345"])
    func weakPasswordsAreRefused(_ password: String) {
        #expect(!PasswordPolicy.problems(password).isEmpty)
    }

    @Test func controlCharactersAndNULAreRefused() {
        #expect(PasswordPolicy.problems("\u{0}abcdefghijkl").contains { $0.contains("ký tự điều khiển") })
        #expect(PasswordPolicy.problems("mat khau\tdai qua").contains { $0.contains("ký tự điều khiển") })
        #expect(!PasswordPolicy.isCheckable("\u{0}anything"))
    }

    @Test func theLimitCountsBytesNotCharacters() {
        // 30 characters, but each "ữ" is 3 bytes in UTF-8: Bcrypt would silently cut it at 72 bytes.
        let vietnamese = String(repeating: "ữ", count: 30)
        #expect(vietnamese.count == 30)
        let problems = PasswordPolicy.problems(vietnamese)
        #expect(problems.contains { $0.contains("72 byte") && $0.contains("90 byte") })
        #expect(PasswordPolicy.problems(String(repeating: "ab", count: 36)).isEmpty)
        #expect(!PasswordPolicy.problems(String(repeating: "ab", count: 36) + "c").isEmpty)
    }

    @Test(arguments: ["Sóc Trăng mùa lúa chín", "tuyen-truyen-CCHC-2026!", "Ba con mèo trèo cây cau"])
    func reasonablePassphrasesPass(_ password: String) {
        #expect(PasswordPolicy.problems(password, username: "chauthanh.pnv").isEmpty)
    }

    @Test func theUsernameIsNotAPassword() {
        #expect(PasswordPolicy.problems("chauthanh.pnv2025", username: "chauthanh.pnv").contains { $0.contains("tên đăng nhập") })
    }
}

@Suite struct ClientAddressTests {
    @Test func networksMatchIPv4AndIPv6() throws {
        let net = try #require(IPNetwork("10.1.0.0/16"))
        #expect(net.contains("10.1.200.3"))
        #expect(!net.contains("10.2.0.1"))
        #expect(try #require(IPNetwork("192.168.1.7")).contains("192.168.1.7"))
        #expect(!(try #require(IPNetwork("192.168.1.7")).contains("192.168.1.8")))
        #expect(try #require(IPNetwork("fd00::/8")).contains("fd12:3456::1"))
        #expect(try #require(IPNetwork("127.0.0.1")).contains("::ffff:127.0.0.1"))
        #expect(IPNetwork("10.0.0.0/33") == nil)
        #expect(IPNetwork("proxy.local") == nil)
    }

    @Test func forwardedForIsReadOnlyFromTrustedProxies() throws {
        let resolver = try ClientAddressResolver.parse("127.0.0.1, 10.0.0.0/8").get()
        // A client talking to us directly cannot pretend to be someone else.
        #expect(resolver.client(peer: "203.0.113.9", forwardedFor: ["1.2.3.4"]) == "203.0.113.9")
        // Through our proxy, the address the proxy saw is the client.
        #expect(resolver.client(peer: "127.0.0.1", forwardedFor: ["198.51.100.7"]) == "198.51.100.7")
        // A client that sends its own X-Forwarded-For through the proxy: the proxy appends the real one, which wins.
        #expect(resolver.client(peer: "127.0.0.1", forwardedFor: ["6.6.6.6, 198.51.100.7"]) == "198.51.100.7")
        // Two of our proxies in a row are skipped.
        #expect(resolver.client(peer: "10.0.0.2", forwardedFor: ["198.51.100.7, 10.0.0.5"]) == "198.51.100.7")
        // Garbage in the header leaves the peer.
        #expect(resolver.client(peer: "127.0.0.1", forwardedFor: ["not-an-address"]) == "127.0.0.1")
        let none = ClientAddressResolver(trustedProxies: [])
        #expect(none.client(peer: "127.0.0.1", forwardedFor: ["1.2.3.4"]) == "127.0.0.1")
        #expect(throws: ClientAddressResolver.InvalidEntry.self) { try ClientAddressResolver.parse("10.0.0.1, nginx").get() }
    }
}

@Suite struct LoginThrottleTests {
    @Test func delaysGrowAfterTheFreeFailuresUpToTheCap() {
        let p = LoginThrottlePolicy()
        #expect((0..<5).allSatisfy { p.delay(afterFailures: $0) == 0 })
        #expect(p.delay(afterFailures: 5) == 60)
        #expect(p.delay(afterFailures: 6) == 120)
        #expect(p.delay(afterFailures: 8) == 480)
        #expect(p.delay(afterFailures: 500) == 3600)
        let now = Date(timeIntervalSince1970: 1_000_000)
        #expect(p.blockedUntil(failures: 5, lastFailure: now.addingTimeInterval(-30), now: now) == now.addingTimeInterval(30))
        #expect(p.blockedUntil(failures: 5, lastFailure: now.addingTimeInterval(-61), now: now) == nil)
        #expect(p.blockedUntil(failures: 4, lastFailure: now, now: now) == nil)
        #expect(LoginThrottlePolicy.describe(30) == "1 phút")
        #expect(LoginThrottlePolicy.describe(3600) == "1 giờ")
    }
}

@Suite struct LikePatternTests {
    @Test func wildcardsTypedByTheUserMatchThemselves() {
        #expect(LikePattern.contains("50%_giam") == "%50\\%\\_giam%")
        #expect(LikePattern.contains("a\\b") == "%a\\\\b%")
        #expect(LikePattern.contains("") == nil)
        #expect(LikePattern.contains(String(repeating: "x", count: 50_000))?.count == LikePattern.maxTermLength + 2)
    }
}

@Suite struct RegistryCSVScaleTests {
    /// A national-size file: every parent check is a lookup, children may come before their parents.
    @Test func tenThousandRowsWithParentsAnywhereAreRead() {
        var lines = ["ma,ten,loai,cap,ma_don_vi_cha"]
        for p in 0..<34 {
            for c in 0..<300 { lines.append("P\(p)-C\(c),Ủy ban nhân dân xã số \(c) tỉnh \(p),committee,commune,P\(p)") }
            lines.append("P\(p),Ủy ban nhân dân tỉnh số \(p),committee,province,")
        }
        let (rows, errors) = UnitCSVImport.read(lines.joined(separator: "\n"), knownCodes: [])
        #expect(errors.isEmpty)
        #expect(rows.count == 34 * 301)
        let ordered = UnitCSVImport.parentsFirst(rows)
        var placed = Set<String>()
        for row in ordered {
            if let p = row.parentCode { #expect(placed.contains(p)) }
            placed.insert(row.code)
        }
    }

    @Test func cyclesAreNamedAndLimitsApply() {
        let cycle = "ma,ten,loai,cap,ma_don_vi_cha\nA,Đơn vị A,office,district,B\nB,Đơn vị B,office,district,A\n"
        let (_, errors) = UnitCSVImport.read(cycle, knownCodes: [])
        #expect(errors.count == 1)
        #expect(errors.first?.message.contains("vòng lặp") == true)
        let aliases = (0...TextLimits.aliasesPerUnit).map { "Tên \($0)" }.joined(separator: "|")
        let many = "ma,ten,loai,cap,ten_goi_khac\nX,Đơn vị X,office,district,\(aliases)\n"
        #expect(UnitCSVImport.read(many, knownCodes: []).errors.first?.message.contains("tên gọi khác") == true)
        let longShort = "ma,ten,ten_viet_tat,loai,cap\nX,Đơn vị X,\(String(repeating: "x", count: 100_000)),office,district\n"
        #expect(UnitCSVImport.read(longShort, knownCodes: []).errors.first?.message.contains("tên viết tắt") == true)
    }
}

@Suite struct ExternalToolTests {
    @Test func bothStreamsAreDrainedAndAHangingToolIsStopped() throws {
        // 300 KB on stderr would fill a pipe nobody reads and stall the program forever.
        let chatty = try ExternalTool.run("/bin/sh", ["-c", "head -c 300000 /dev/zero >&2; echo xong"], timeout: 20, maxOutput: 1024)
        #expect(chatty.status == 0)
        #expect(String(decoding: chatty.output, as: UTF8.self) == "xong\n")
        #expect(!chatty.timedOut)
        let started = Date()
        let hanging = try ExternalTool.run("/bin/sleep", ["30"], timeout: 0.5, maxOutput: 1024)
        #expect(hanging.timedOut)
        #expect(Date().timeIntervalSince(started) < 10)
        let flood = try ExternalTool.run("/bin/sh", ["-c", "head -c 5000000 /dev/zero"], timeout: 20, maxOutput: 10_000)
        #expect(flood.truncated)
        #expect(flood.output.count <= 10_000)
    }
}
