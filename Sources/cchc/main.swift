import App
import Domain
import Foundation
import Vapor

// `import-plan` and `export-plan` need no server or database: answer it straight from the Domain importer.
let arguments = CommandLine.arguments
if arguments.count > 1, arguments[1] == "import-plan" {
    exit(PlanImportCLI.run(Array(arguments.dropFirst(2))))
}
if arguments.count > 1, arguments[1] == "export-plan" {
    exit(PlanExportCLI.run(Array(arguments.dropFirst(2))))
}

var env = try Environment.detect()
// A plain `cchc` is the product, not a development server: production unless `--env` or VAPOR_ENV says otherwise
// (Leaf, for one, re-reads every template on every request in development).
if !arguments.contains(where: { $0 == "--env" || $0 == "-e" || $0.hasPrefix("--env=") }),
   ProcessInfo.processInfo.environment["VAPOR_ENV"] == nil {
    env = Environment(name: "production", arguments: env.arguments)
}
try LoggingSystem.bootstrap(from: &env)
let app = try await Application.make(env)
do {
    try await configure(app)
    let command = env.arguments.dropFirst().first
    if command == nil || command == "serve" || command?.hasPrefix("-") == true {
        try await prepareForServing(app)
    }
    try await app.execute()
} catch let refused as ServeRefused {
    FileHandle.standardError.write(Data((refused.description + "\n").utf8))
    try? await app.asyncShutdown()
    exit(1)
} catch {
    app.logger.report(error: error)
    try? await app.asyncShutdown()
    exit(1)
}
try await app.asyncShutdown()
