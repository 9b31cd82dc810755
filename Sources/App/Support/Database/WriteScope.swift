import Fluent
import SQLKit
import Vapor

enum WriteScope {
    /// Marks the task tree that already runs inside a write transaction, so nested writes join it.
    @TaskLocal static var active = false
    /// The embedded database's writer connections (a pool of their own, set per request by
    /// `WriterDatabaseMiddleware`), so a write transaction never holds a connection readers wait for.
    @TaskLocal static var writer: (any Database)?
}
