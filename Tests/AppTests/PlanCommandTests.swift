import Foundation
import Testing
import Vapor
import ZIPFoundation
@testable import App
import Domain

/// `import-plan` and `export-plan` are commands of the one command system, and need no database.
@Suite struct PlanCommandTests {
    @Test func offlineCommandsAreTheSameCommandsWithoutADatabase() async throws {
        let app = try await Application.make(.testing)
        do {
            try await run(app)
        } catch {
            try await app.asyncShutdown()
            throw error
        }
        try await app.asyncShutdown()
    }

    func run(_ app: Application) async throws {
        configureOffline(app)
        #expect(offlineCommands.isSubset(of: Set(app.asyncCommands.commands.keys)))
        #expect(app.databases.ids().isEmpty)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("cchc-plan-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let seed = try PlanTests.seed("000")
        let out = folder.appendingPathComponent("ke-hoach.docx")
        var context = CommandContext(console: Terminal(), input: CommandInput(arguments: ["cchc", seed.path, out.path]))
        context.application = app
        try await ExportPlanCommand().run(using: &context)
        let written = try PlanImporter().importFile(at: out.path)
        let original = try PlanImporter().importFile(at: seed.path)
        #expect(written.tasks.map(\.content) == original.tasks.map(\.content))

        var bad = CommandContext(console: Terminal(), input: CommandInput(arguments: ["cchc", folder.appendingPathComponent("khong-co.docx").path]))
        bad.application = app
        await #expect(throws: CommandFailure.self) { try await ImportPlanCommand().run(using: &bad) }
    }

    @Test func theServerConfigurationHasThemToo() async throws {
        try await withTestApp(migrate: false) { app in
            #expect(offlineCommands.isSubset(of: Set(app.asyncCommands.commands.keys)))
        }
    }
}
