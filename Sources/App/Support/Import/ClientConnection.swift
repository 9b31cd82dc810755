import Domain
import Foundation
import Vapor

/// The connection a request came in on, watched while the request waits for slow work (reading an uploaded document in
/// a child) so that the work stops when the client leaves. Vapor gives a handler no signal when its peer goes away
/// (vapor/vapor#3354), so the kernel's socket table is read instead (Linux `/proc/net/tcp{,6}`): once the connection
/// has been seen established and is no longer, the client is gone. Behind nginx the peer is nginx, which closes its
/// upstream connection when its own client leaves (`proxy_ignore_client_abort off`, the default).
struct ClientConnection: Sendable {
    let remote: [UInt8]
    let remotePort: Int
    let localPort: Int?
    var tables = ["/proc/net/tcp", "/proc/net/tcp6"]

    init?(_ req: Request) {
        guard let peer = req.remoteAddress, let ip = peer.ipAddress, let port = peer.port,
              let bytes = IPNetwork.parse(ip) else { return nil }
        remote = bytes
        remotePort = port
        localPort = req.application.http.server.shared.localAddress?.port
    }

    /// True while the connection is established, false once it is closing or gone, nil when that cannot be told here.
    func isEstablished() -> Bool? {
        var entries: [SocketTable.Entry] = []
        for path in tables {
            guard let text = Self.readWhole(path) else { continue }
            entries += SocketTable.parse(text)
        }
        return SocketTable.isEstablished(entries, remote: remote, remotePort: remotePort, localPort: localPort)
    }

    /// A file of /proc read to its end: it reports no size, and a table of many connections is longer than what a
    /// single read returns.
    static func readWhole(_ path: String) -> String? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        var data = Data()
        while data.count < 64 << 20, let chunk = try? handle.read(upToCount: 1 << 16), !chunk.isEmpty { data.append(chunk) }
        return String(decoding: data, as: UTF8.self)
    }

    /// Runs `body`, cancelling it as soon as the client is seen gone (checked every `interval`); the work's own
    /// cancellation handlers stop what it started (a child, a place in the queue). Without a connection to watch, or
    /// where the table does not show it, `body` just runs.
    static func cancelling<T: Sendable>(whenLeft connection: ClientConnection?, interval: Duration = .milliseconds(300),
                                        _ body: @escaping @Sendable () async throws -> T) async throws -> T {
        guard let connection, connection.isEstablished() == true else { return try await body() }
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await body() }
            group.addTask {
                while true {
                    try await Task.sleep(for: interval)
                    if connection.isEstablished() != true { throw ClientLeft() }
                }
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let value = first else { throw ClientLeft() }
            return value
        }
    }

    /// The client closed its connection before the answer was ready (nginx's 499); nobody reads this answer.
    struct ClientLeft: AbortError {
        var status: HTTPResponseStatus { HTTPResponseStatus(statusCode: 499, reasonPhrase: "Client Closed Request") }
        var reason: String { "Người gửi đã đóng kết nối trước khi tệp được đọc xong; việc đọc đã dừng." }
    }
}
