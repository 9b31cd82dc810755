import Foundation
import Testing
import Vapor
import ZIPFoundation
@testable import App
import Domain

/// `import-plan` and `export-plan` are commands of the one command system, and need no database.
@Suite struct PlanCommandTests {
    static let seeds = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("../../../shared/seeds").standardized

    @Test func offlineCommandsAreTheSameCommandsWithoutADatabase() async throws {
        let app = try await Application.make(.testing)
        configureOffline(app)
        #expect(offlineCommands.isSubset(of: Set(app.asyncCommands.commands.keys)))
        #expect(app.databases.ids().isEmpty)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cchc-plan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let seed = try #require(try FileManager.default.contentsOfDirectory(atPath: Self.seeds.path).sorted().first)
        let out = folder.appendingPathComponent("ke-hoach.docx")
        var context = CommandContext(console: Terminal(), input: CommandInput(arguments: ["cchc", Self.seeds.appendingPathComponent(seed).path, out.path]))
        context.application = app
        try await ExportPlanCommand().run(using: &context)
        let written = try PlanImporter().importFile(at: out.path)
        let original = try PlanImporter().importFile(at: Self.seeds.appendingPathComponent(seed).path)
        #expect(written.tasks.map(\.content) == original.tasks.map(\.content))

        var bad = CommandContext(console: Terminal(), input: CommandInput(arguments: ["cchc", folder.appendingPathComponent("khong-co.docx").path]))
        bad.application = app
        await #expect(throws: CommandFailure.self) { try await ImportPlanCommand().run(using: &bad) }
        try await app.asyncShutdown()
    }

    @Test func theServerConfigurationHasThemToo() async throws {
        try await withTestApp(migrate: false) { app in
            #expect(offlineCommands.isSubset(of: Set(app.asyncCommands.commands.keys)))
        }
    }
}
