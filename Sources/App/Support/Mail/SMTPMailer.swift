import Foundation
import NIOCore
import NIOPosix

/// One e-mail: plain UTF-8 text.
struct MailMessage: Sendable, Equatable {
    var to: String
    var subject: String
    var body: String
}

/// Sends e-mail by a plain SMTP conversation (EHLO, AUTH PLAIN when credentials are set, MAIL, RCPT, DATA, QUIT) to the
/// configured relay, usually the office's own mail server or a local relay that does TLS onwards. Every step has a
/// time limit; a refusal comes back as an error with the server's reply.
struct SMTPMailer: Sendable {
    struct Settings: Sendable, Equatable {
        var host: String
        var port: Int = 25
        var username: String?
        var password: String?
        var from: String
        /// The name this machine gives in EHLO.
        var helo = "cchc.local"
        var timeout: TimeAmount = .seconds(15)
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
    }

    let settings: Settings

    /// The whole conversation within the time limit (twice the per-step limit).
    func send(_ message: MailMessage) async throws {
        let limit = settings.timeout.nanoseconds * 2
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await converse(message) }
            group.addTask {
                try await Task.sleep(nanoseconds: UInt64(limit))
                throw Failure(description: "Máy chủ thư không trả lời kịp.")
            }
            try await group.next()
            group.cancelAll()
        }
    }

    private func converse(_ message: MailMessage) async throws {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(settings.timeout)
            .connect(host: settings.host, port: settings.port) { channel in
                channel.eventLoop.makeCompletedFuture { try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel) }
            }
        try await channel.executeThenClose { inbound, outbound in
            var lines = LineReader(inbound.makeAsyncIterator())
            func expect(_ code: Int) async throws {
                let reply = try await lines.reply()
                guard reply.code == code else { throw Failure(description: "Máy chủ thư trả lời \(reply.text)") }
            }
            func say(_ line: String) async throws { try await outbound.write(ByteBuffer(string: line + "\r\n")) }
            try await expect(220)
            try await say("EHLO \(settings.helo)")
            try await expect(250)
            if let user = settings.username, let password = settings.password {
                try await say("AUTH PLAIN " + Data("\0\(user)\0\(password)".utf8).base64EncodedString())
                try await expect(235)
            }
            try await say("MAIL FROM:<\(settings.from)>")
            try await expect(250)
            try await say("RCPT TO:<\(message.to)>")
            try await expect(250)
            try await say("DATA")
            try await expect(354)
            try await outbound.write(ByteBuffer(string: MailFormat.data(message, from: settings.from, now: Date())))
            try await expect(250)
            try await say("QUIT")
            try? await expect(221)
        }
    }
}

/// Reads SMTP replies ("250-first line", "250 last line") from the connection's bytes.
struct LineReader: @unchecked Sendable {
    var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    var pending = ""

    init(_ iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator) { self.iterator = iterator }

    mutating func line() async throws -> String {
        while true {
            if let range = pending.range(of: "\r\n") {
                let line = String(pending[..<range.lowerBound])
                pending = String(pending[range.upperBound...])
                return line
            }
            guard let buffer = try await iterator.next() else { throw SMTPMailer.Failure(description: "Máy chủ thư đóng kết nối.") }
            pending += String(buffer: buffer)
            guard pending.utf8.count < 64 * 1024 else { throw SMTPMailer.Failure(description: "Máy chủ thư trả lời quá dài.") }
        }
    }

    /// A whole reply: its code and text (the last line of a multi-line reply).
    mutating func reply() async throws -> (code: Int, text: String) {
        while true {
            let line = try await self.line()
            guard line.count >= 3, let code = Int(line.prefix(3)) else { throw SMTPMailer.Failure(description: "Máy chủ thư trả lời lạ: \(line.prefix(80))") }
            if line.count == 3 || line[line.index(line.startIndex, offsetBy: 3)] == " " { return (code, line) }
        }
    }
}
