import Fluent
import Foundation
import SQLKit
import Testing
import Vapor
@testable import App
import Domain

/// The one scope: its three faces (one record, a Fluent query, raw SQL) give the same units, and no other code in the
/// app matches unit paths itself.
@Suite struct UnitScopeTests {
    @Test func theThreeFacesAgree() async throws {
        try await withTestApp { app in
            let district = try await unit("ST-CTH", on: app.db)
            let office = try await unit("ST-CTH-PNV", on: app.db)
            let sibling = try await unit("ST-VC", on: app.db)
            let province = try await unit("ST", on: app.db)
            let all = try await App.Unit.query(on: app.db).all()
            let scopes: [(String, UnitScope)] = [
                ("everything", .everything), ("nothing", .nothing), ("units", .units([try office.requireID(), try sibling.requireID()])),
                ("subtree", .subtree(of: district)), ("below", .below(district)), ("two subtrees", .subtrees([district.path, sibling.path])),
            ]
            let sql = try #require(app.db as? any SQLDatabase)
            for (name, scope) in scopes {
                let one = Set(all.filter { scope.contains($0) }.compactMap(\.id))
                let fluent = Set(try await App.Unit.query(on: app.db).within(scope).all().compactMap(\.id))
                let raw = Set(try await sql.raw("SELECT u.id AS id FROM units u WHERE \(scope.sql("u.id"))").all().map { try $0.decode(column: "id", as: UUID.self) })
                let byPath = Set(try await sql.raw("SELECT s.id AS id FROM units s WHERE \(scope.pathCondition("s.path"))").all()
                    .map { try $0.decode(column: "id", as: UUID.self) })
                #expect(one == fluent && fluent == raw && raw == byPath, "\(name)")
                // Records owned by units, through the owner column.
                let users = Set(try await User.query(on: app.db).within(scope).all().map(\.$unit.id))
                #expect(users.isSubset(of: one), "\(name)")
            }
            // Literal expectations, not the rule restated.
            #expect(UnitScope.subtree(of: district).contains(office) && UnitScope.subtree(of: district).contains(district))
            #expect(!UnitScope.subtree(of: district).contains(sibling) && !UnitScope.subtree(of: district).contains(province))
            #expect(UnitScope.below(district).contains(office) && !UnitScope.below(district).contains(district))
            #expect(UnitScope.everything.contains(province) && !UnitScope.nothing.contains(province))
        }
    }

    /// A reporter's list scope is its unit and its predecessors; a plan owner's is its subtree and theirs.
    @Test func aViewersScopeFollowsTheAccessRule() async throws {
        try await withTestApp { app in
            let district = try await unit("ST-CTH", on: app.db)
            let office = try await unit("ST-CTH-PNV", on: app.db)
            let commune = try await unit("ST-CTH-XPT", on: app.db)
            let province = try await unit("ST", on: app.db)
            func viewer(_ name: String) async throws -> Viewer {
                let user = try #require(try await User.query(on: app.db).filter(\.$username == name).with(\.$unit).first())
                return try await Viewer.load(user: user, unit: user.unit, on: app.db)
            }
            let clerk = try await viewer("chauthanh.pnv")
            #expect(clerk.scope(.read).contains(office) && !clerk.scope(.read).contains(district) && !clerk.scope(.read).contains(commune))
            let owner = try await viewer("chauthanh.kehoach")
            #expect(owner.scope(.read).contains(commune) && owner.scope(.manage).contains(office) && !owner.scope(.read).contains(province))
            #expect(owner.mayReview(reportsOf: office) && !owner.mayReview(reportsOf: district))
            let admin = try await viewer("admin")
            #expect(admin.scope(.read) == .everything && admin.mayReview(reportsOf: district))
        }
    }

    /// Scoping by unit paths lives in `UnitScope.swift` only: a `LIKE` on a path or a `hasPrefix` of one elsewhere in
    /// the app is a second, drifting copy of the rule.
    @Test func noPathMatchingOutsideTheScope() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/App").standardized
        let files = try #require(FileManager.default.enumerator(atPath: sources.path)).compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
        #expect(files.count > 50)
        let patterns = [#"path\s+LIKE"#, #"\\\.\$path,\s*\.custom\("LIKE"\)"#, #"\.path\.hasPrefix\("#, #"like:\s*"path""#]
        var offenders: [String] = []
        for file in files where !file.hasSuffix("Access/UnitScope.swift") {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() where !line.trimmingCharacters(in: .whitespaces).hasPrefix("///") {
                // Request paths ("/api/…") are not unit paths.
                if line.contains("url.path") { continue }
                for pattern in patterns where line.range(of: pattern, options: .regularExpression) != nil { offenders.append("\(file):\(n + 1)") }
            }
        }
        #expect(offenders.isEmpty, "\(offenders)")
    }
}
