import Foundation
import NIOCore
import NIOPosix
@testable import App

/// A small SMTP server on a loopback port for the tests: it answers the conversation (EHLO, AUTH, MAIL, RCPT, DATA,
/// QUIT) as a mail relay does and keeps every message it accepts.
final class SMTPTestServer: @unchecked Sendable {
    struct Received: Sendable {
        let from: String
        let to: [String]
        let data: String

        /// A header's value ("Subject" decoded from its encoded form).
        func header(_ name: String) -> String? {
            data.components(separatedBy: "\r\n").first { $0.lowercased().hasPrefix(name.lowercased() + ":") }
                .map { MailFormat.decodeHeader(String($0.dropFirst(name.count + 1)).trimmingCharacters(in: .whitespaces)) }
        }

        /// The text of a base64 body.
        var body: String {
            guard let blank = data.range(of: "\r\n\r\n") else { return "" }
            let encoded = data[blank.upperBound...].replacingOccurrences(of: "\r\n", with: "").replacingOccurrences(of: ".", with: "")
            return Data(base64Encoded: encoded).map { String(decoding: $0, as: UTF8.self) } ?? ""
        }
    }

    private let lock = NSLock()
    private var messages: [Received] = []
    private var logins: [String] = []
    private var channel: (any Channel)?
    var port = 0

    var received: [Received] { lock.withLock { messages } }
    var authentications: [String] { lock.withLock { logins } }

    func start() async throws {
        let server = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
        port = server.channel.localAddress?.port ?? 0
        channel = server.channel
        Task {
            try? await server.executeThenClose { clients in
                for try await client in clients {
                    Task { try? await self.serve(client) }
                }
            }
        }
    }

    func stop() async {
        try? await channel?.close()
    }

    private func serve(_ client: NIOAsyncChannel<ByteBuffer, ByteBuffer>) async throws {
        try await client.executeThenClose { inbound, outbound in
            func say(_ text: String) async throws { try await outbound.write(ByteBuffer(string: text + "\r\n")) }
            try await say("220 test.local ESMTP")
            var pending = "", from = "", to: [String] = [], inData = false, data = ""
            for try await buffer in inbound {
                pending += String(buffer: buffer)
                while let range = pending.range(of: "\r\n") {
                    let line = String(pending[..<range.lowerBound])
                    pending = String(pending[range.upperBound...])
                    if inData {
                        if line == "." {
                            inData = false
                            let message = Received(from: from, to: to, data: data)
                            lock.withLock { messages.append(message) }
                            try await say("250 2.0.0 accepted")
                        } else {
                            data += line + "\r\n"
                        }
                        continue
                    }
                    let verb = line.prefix(4).uppercased()
                    switch verb {
                    case "EHLO": try await say("250-test.local\r\n250-8BITMIME\r\n250 AUTH PLAIN")
                    case "AUTH":
                        let credentials = Data(base64Encoded: String(line.dropFirst("AUTH PLAIN ".count))).map { String(decoding: $0, as: UTF8.self) } ?? ""
                        lock.withLock { logins.append(credentials) }
                        try await say("235 2.7.0 authenticated")
                    case "MAIL": from = line; try await say("250 2.1.0 ok")
                    case "RCPT": to.append(line); try await say("250 2.1.5 ok")
                    case "DATA": inData = true; data = ""; try await say("354 end with .")
                    case "QUIT": try await say("221 bye"); return
                    default: try await say("502 5.5.2 not implemented")
                    }
                }
            }
        }
    }
}
