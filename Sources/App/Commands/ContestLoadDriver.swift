import AsyncHTTPClient
import Foundation
import Histogram
import NIOCore
import NIOHTTP1

/// The load side of `cchc bench contest-load`, run as its own process (`cchc bench contest-driver --driver FILE`):
/// entrants without accounts, each with its own cookie, against the real server. Modes:
/// - `get`: the server's cheapest GET for `seconds`, the reference of the same run;
/// - `burst`: every entrant starts (entry form, then the attempt page), then every entrant saves its answers one
///   question at a time (each save carries all answers given so far, as the page does) and submits;
/// - `flow`: entrants one after the other from start to submission, until the server stops answering (the kill test).
/// Every acknowledged start, save and submission is written down for the check against the database.
enum ContestLoadDriver {
    struct Options: Codable, Sendable {
        var mode: String
        var base: String
        var code: String
        var users: Int
        var concurrency: Int
        /// Distinguishes the entrants of one run from another's (the first digits of their CCCD after "079").
        var prefix: Int
        var seconds: Int
        var out: String
    }

    /// What the server acknowledged for one entrant.
    struct Acked: Codable, Sendable {
        let cccd: String
        var started = false
        /// The answers of the last save (or submission) that was acknowledged.
        var answers: [Int: [Int]] = [:]
        var submitted = false
    }

    struct Output: Codable, Sendable {
        var startRequests = 0
        var startSeconds = 0.0
        var startP99ms = 0.0
        var answerRequests = 0
        var answerSeconds = 0.0
        var answerP50ms = 0.0
        var answerP99ms = 0.0
        var getRequests = 0
        var getSeconds = 0.0
        var getP99ms = 0.0
        var failures: [String: Int] = [:]
        var acked: [Acked] = []
    }

    /// One entrant's state between the phases.
    struct Entrant: Sendable {
        var acked: Acked
        var cookie: String?
        var questions: [Int] = []
    }

    final class Tally: @unchecked Sendable {
        private let lock = NSLock()
        private var next = 0
        private(set) var failures: [String: Int] = [:]
        func take(below limit: Int) -> Int? {
            lock.lock(); defer { lock.unlock() }
            guard next < limit else { return nil }
            next += 1
            return next - 1
        }
        func reset() { lock.lock(); next = 0; lock.unlock() }
        func fail(_ what: String) { lock.lock(); failures[what, default: 0] += 1; lock.unlock() }
        /// The server stopped answering.
        var gone: Bool { lock.lock(); defer { lock.unlock() }; return failures["no answer", default: 0] > 0 }
        var all: [String: Int] { lock.lock(); defer { lock.unlock() }; return failures }
    }

    static func run(optionsFile: String) async throws {
        let options = try JSONDecoder().decode(Options.self, from: Data(contentsOf: URL(fileURLWithPath: optionsFile)))
        var configuration = HTTPClient.Configuration(redirectConfiguration: .disallow)
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: options.concurrency)
        configuration.timeout = .init(connect: .seconds(5), read: .seconds(30))
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let driver = Driver(options: options, client: client)
        let output: Output
        do {
            output = try await driver.run()
            try await client.shutdown()
        } catch {
            try? await client.shutdown()
            throw error
        }
        try JSONEncoder().encode(output).write(to: URL(fileURLWithPath: options.out))
    }

    struct Driver: Sendable {
        let options: Options
        let client: HTTPClient
        let tally = Tally()
        var path: String { "/thi/" + options.code }

        /// One request; its status and body, and how long it took in microseconds; nil when the server did not answer.
        func send(_ method: HTTPMethod, _ path: String, form: String? = nil, cookie: String?) async -> (status: Int, body: String, headers: HTTPHeaders, micros: UInt64)? {
            var request = HTTPClientRequest(url: options.base + path)
            request.method = method
            if let cookie { request.headers.add(name: "Cookie", value: cookie) }
            if let form {
                request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
                request.body = .bytes(ByteBuffer(string: form))
            }
            let t0 = DispatchTime.now().uptimeNanoseconds
            do {
                let response = try await client.execute(request, timeout: .seconds(30))
                let body = try await response.body.collect(upTo: 4 << 20)
                let micros = (DispatchTime.now().uptimeNanoseconds &- t0) / 1_000
                return (Int(response.status.code), String(buffer: body), response.headers, micros)
            } catch {
                tally.fail("no answer")
                return nil
            }
        }

        func form(_ answers: [Int: [Int]]) -> String {
            answers.sorted { $0.key < $1.key }.flatMap { q, chosen in chosen.map { "q\(q)=\($0)" } }.joined(separator: "&")
        }

        /// Start (entry form, then the attempt page): the entrant's cookie and the questions drawn.
        func start(_ index: Int, latencies: inout [UInt64]) async -> Entrant? {
            let cccd = "079" + String(options.prefix % 10) + String(format: "%08d", index % 100_000_000)
            var entrant = Entrant(acked: Acked(cccd: cccd))
            let name = "Ng%C6%B0%E1%BB%9Di+thi+\(options.prefix)-\(index)"
            guard let started = await send(.POST, path + "/start", form: "name=\(name)&cccd=\(cccd)&consent=1", cookie: nil) else { return nil }
            latencies.append(started.micros)
            guard started.status == 303, let setCookie = started.headers.first(name: "Set-Cookie"),
                  let pair = setCookie.split(separator: ";").first, pair.hasPrefix("cchc_t_") else {
                tally.fail("start \(started.status)")
                return nil
            }
            entrant.acked.started = true
            entrant.cookie = String(pair)
            guard let page = await send(.GET, path + "/bai", cookie: entrant.cookie) else { return entrant }
            latencies.append(page.micros)
            guard page.status == 200 else { tally.fail("page \(page.status)"); return entrant }
            var seen = Set<Int>()
            for part in page.body.components(separatedBy: "name=\"q").dropFirst() {
                if let n = Int(part.prefix { $0.isNumber }), seen.insert(n).inserted { entrant.questions.append(n) }
            }
            return entrant
        }

        /// Saves the answers one question at a time, then submits; false once the server stops answering.
        func answer(_ entrant: inout Entrant, latencies: inout [UInt64]) async -> Bool {
            var answers: [Int: [Int]] = [:]
            for (i, q) in entrant.questions.enumerated() {
                answers[q] = [(i + options.prefix) % 2]
                guard let saved = await send(.POST, path + "/luu", form: form(answers), cookie: entrant.cookie) else { return false }
                latencies.append(saved.micros)
                if saved.status == 204 { entrant.acked.answers = answers } else { tally.fail("save \(saved.status)") }
            }
            guard let submitted = await send(.POST, path + "/nop", form: form(answers) + "&du_doan=\(options.users / 4)", cookie: entrant.cookie) else { return false }
            latencies.append(submitted.micros)
            if submitted.status == 200 {
                entrant.acked.answers = answers
                entrant.acked.submitted = true
            } else {
                tally.fail("submit \(submitted.status)")
            }
            return true
        }

        static func percentile(_ values: [UInt64], _ p: Double) -> Double {
            var h = Histogram<UInt64>(highestTrackableValue: 120_000_000)
            for v in values { _ = h.record(min(v, 120_000_000)) }
            return Double(h.valueAtPercentile(p)) / 1_000
        }

        /// Runs `body` in `concurrency` tasks, each collecting latencies and entrants, until `body` returns false.
        func parallel(_ body: @escaping @Sendable (inout [UInt64], inout [Entrant]) async -> Bool) async -> (latencies: [UInt64], entrants: [Entrant]) {
            await withTaskGroup(of: ([UInt64], [Entrant]).self) { group in
                for _ in 0..<options.concurrency {
                    group.addTask {
                        var latencies: [UInt64] = [], entrants: [Entrant] = []
                        while await body(&latencies, &entrants) {}
                        return (latencies, entrants)
                    }
                }
                var all: ([UInt64], [Entrant]) = ([], [])
                for await (l, e) in group { all.0 += l; all.1 += e }
                return all
            }
        }

        func run() async throws -> Output {
            var output = Output()
            let clock = ContinuousClock()
            switch options.mode {
            case "get":
                let end = clock.now + .seconds(options.seconds)
                let t0 = clock.now
                let (latencies, _) = await parallel { latencies, _ in
                    guard clock.now < end, let res = await send(.GET, "/css/survey.css", cookie: nil) else { return false }
                    if res.status == 200 { latencies.append(res.micros) } else { tally.fail("get \(res.status)") }
                    return true
                }
                output.getSeconds = (clock.now - t0).seconds
                output.getRequests = latencies.count
                output.getP99ms = Self.percentile(latencies, 99)
            case "burst":
                var t0 = clock.now
                let (startLatencies, entrants) = await parallel { latencies, entrants in
                    guard let i = tally.take(below: options.users) else { return false }
                    if let e = await start(i, latencies: &latencies) { entrants.append(e) }
                    return true
                }
                output.startSeconds = (clock.now - t0).seconds
                output.startRequests = startLatencies.count
                output.startP99ms = Self.percentile(startLatencies, 99)
                let queue = EntrantQueue(entrants)
                t0 = clock.now
                let (answerLatencies, answered) = await parallel { latencies, done in
                    guard var e = queue.take() else { return false }
                    if e.cookie != nil { _ = await answer(&e, latencies: &latencies) }
                    done.append(e)
                    return true
                }
                output.answerSeconds = (clock.now - t0).seconds
                output.answerRequests = answerLatencies.count
                output.answerP50ms = Self.percentile(answerLatencies, 50)
                output.answerP99ms = Self.percentile(answerLatencies, 99)
                output.acked = answered.map(\.acked)
            default: // "flow"
                let (latencies, entrants) = await parallel { latencies, entrants in
                    // The server is gone (killed): every task stops at its next entrant.
                    guard !tally.gone, let i = tally.take(below: options.users) else { return false }
                    guard var e = await start(i, latencies: &latencies) else { return true }
                    var alive = true
                    if e.cookie != nil { alive = await answer(&e, latencies: &latencies) }
                    entrants.append(e)
                    return alive
                }
                output.answerRequests = latencies.count
                output.acked = entrants.map(\.acked)
            }
            output.failures = tally.all
            return output
        }
    }

    final class EntrantQueue: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [Entrant]
        init(_ items: [Entrant]) { self.items = items.reversed() }
        func take() -> Entrant? { lock.lock(); defer { lock.unlock() }; return items.popLast() }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
