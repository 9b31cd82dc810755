import Foundation
import Testing
import Vapor
@testable import App

/// Routes and links come from one typed list: the application serves exactly `SiteRoute.all`, and templates
/// name routes instead of writing paths.
@Suite struct SiteRouteTests {
    @Test func theApplicationServesExactlyTheListedRoutes() async throws {
        try await withTestApp(migrate: false) { app in
            let served = app.routes.all.map(RouteMatrixTests.key)
            #expect(served.count == Set(served).count, "a route is registered twice")
            #expect(Set(served) == Set(SiteRoute.all.map(\.description)))
            #expect(SiteRoute.named.count == SiteRoute.all.count, "two routes share a name")
        }
    }

    @Test func pathsFillParametersInOrderAndEncodeThem() {
        let id = UUID()
        #expect(SiteRoute.unitEdit.path(id) == "/units/\(id.uuidString)/edit")
        #expect(SiteRoute.userTokenRevoke.path(id, "abc") == "/users/\(id.uuidString)/tokens/abc/revoke")
        #expect(SiteRoute.home.path() == "/")
        #expect(SiteRoute.unit.path("a/b c") == "/units/a%2Fb%20c")
        // A missing value gives a path no route serves, not a crash.
        #expect(SiteRoute.unit.path() == "/units/")
    }

    @Test func templatesNameRoutesAndNeverWritePaths() throws {
        let views = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Resources/Views").standardized
        let files = try #require(FileManager.default.enumerator(at: views, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "leaf" }
        #expect(files.count > 10)
        let literal = try Regex(#"(href|action)="/(?!css/)"#)
        let named = try Regex(#"#path\("([A-Za-z]+)""#)
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            #expect(text.firstMatch(of: literal) == nil, "\(file.lastPathComponent) writes a path by hand")
            for match in text.matches(of: named) {
                let name = String(match.output[1].substring ?? "")
                #expect(SiteRoute.named[name] != nil, "\(file.lastPathComponent): unknown route \(name)")
            }
        }
    }

    /// Every form a signed-in page posts carries the CSRF token (the public survey and contest pages have no session
    /// and are guarded by their origin instead).
    @Test func everySignedInFormCarriesTheToken() throws {
        let views = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Resources/Views").standardized
        let files = try #require(FileManager.default.enumerator(at: views, includingPropertiesForKeys: nil))
            .compactMap { $0 as? URL }.filter { $0.pathExtension == "leaf" }
        var checked = 0
        for file in files {
            let text = try String(contentsOf: file, encoding: .utf8)
            guard text.contains("#extend(\"layouts/base\")") else { continue }
            for form in text.components(separatedBy: "<form").dropFirst() where form.prefix(200).contains("method=\"post\"") {
                let body = form.components(separatedBy: "</form>").first ?? form
                #expect(body.contains("name=\"_csrf\""), "\(file.lastPathComponent): a form without the CSRF token")
                checked += 1
            }
        }
        #expect(checked > 20)
    }

    /// "Find, else 404; may, else 403" happens once, in the guarded registration: no handler looks the viewer up
    /// itself, and the records routes name (units, groups, accounts, plans, assignments, surveys) are loaded there only.
    @Test func handlersReceiveTheViewerAndTheRecordFromTheGuard() throws {
        let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../Sources/App").standardized
        let files = try #require(FileManager.default.enumerator(atPath: sources.path)).compactMap { $0 as? String }.filter { $0.hasSuffix(".swift") }
        #expect(files.count > 50)
        let guarded = ["unitID", "groupID", "userID", "planID", "assignmentID", "surveyID"].map { "parameters.get(\"\($0)\"" }
        var offenders: [String] = []
        for file in files where !file.hasSuffix("Routing/GuardedRoutes.swift") && !file.hasSuffix("Extensions/Viewer.swift") {
            let text = try String(contentsOf: sources.appendingPathComponent(file), encoding: .utf8)
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            where line.contains("requireViewer()") || guarded.contains(where: line.contains) {
                offenders.append("\(file):\(n + 1)")
            }
        }
        #expect(offenders.isEmpty, "\(offenders)")
    }
}
