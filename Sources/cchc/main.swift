import App
import Domain
import Foundation
import Vapor

let arguments = CommandLine.arguments
// The child that reads one untrusted document (see `ImportSandbox`): nothing of the server is started.
if arguments.dropFirst().first == PlanImportWorker.command {
    exit(PlanImportWorker.main(Array(arguments.dropFirst(2))))
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
let command = env.arguments.dropFirst().first
do {
    if let command, offlineCommands.contains(command) {
        // Reading or writing a plan file needs no database: nothing is opened or created.
        configureOffline(app)
    } else {
        try await configure(app)
        if command == nil || command == "serve" || command?.hasPrefix("-") == true {
            try await prepareForServing(app)
        }
    }
    // What `app.execute()` does, without its log line: failures are printed below, on standard error.
    try await app.startup()
    try await app.running?.onStop.get()
} catch let usage as ConsoleKit.CommandError {
    FileHandle.standardError.write(Data((CommandUsage.message(usage) + "\n").utf8))
    try? await app.asyncShutdown()
    exit(64)
} catch let refused as ServeRefused {
    FileHandle.standardError.write(Data((refused.description + "\n").utf8))
    try? await app.asyncShutdown()
    exit(1)
} catch let failed as CommandFailure {
    FileHandle.standardError.write(Data((failed.description + "\n").utf8))
    try? await app.asyncShutdown()
    exit(1)
} catch {
    app.logger.report(error: error)
    try? await app.asyncShutdown()
    exit(1)
}
try await app.asyncShutdown()
