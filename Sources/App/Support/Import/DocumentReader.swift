import Domain
import Foundation
import Vapor

/// Reads uploaded documents in child processes (`ImportSandbox`), a bounded number at a time: the others wait in a
/// queue of bounded length, whose state the import page shows; past it, a reader is told to come back later (503).
/// One per application, made in `configure` and handed to the handlers that read documents.
actor DocumentReader {
    struct Status: Sendable, Equatable {
        var running: Int
        var waiting: Int
        var slots: Int
    }

    let sandbox: ImportSandbox?
    let slots: Int
    let maxWaiting: Int
    private var running = 0
    private var waiters: [(id: UUID, continuation: CheckedContinuation<Void, any Error>)] = []

    init(sandbox: ImportSandbox?, slots: Int, maxWaiting: Int) {
        self.sandbox = sandbox
        self.slots = max(1, slots)
        self.maxWaiting = max(0, maxWaiting)
    }

    var status: Status { Status(running: running, waiting: waiters.count, slots: slots) }

    /// The plan in `data`, read by a child under the sandbox's limits; a Vietnamese 4xx (or 503) when it cannot be.
    /// A cancelled task (the server stopping) or a client that leaves (`client`, watched meanwhile) stops its child, or
    /// takes it out of the queue.
    func read(_ data: Data, filename: String, maxBytes: Int, client: ClientConnection? = nil) async throws -> Domain.Plan {
        try await ClientConnection.cancelling(whenLeft: client) {
            try await self.inChild(what: "tệp kế hoạch") { sandbox, flag in
                try sandbox.importData(data, filename: filename, maxBytes: maxBytes, cancellation: flag)
            }
        }
    }

    /// A contest's question bank in `data` (Word, Excel, text or PDF), read by a child under the same limits.
    func readBank(_ data: Data, filename: String, maxBytes: Int, client: ClientConnection? = nil) async throws -> QuestionBankFile.Read {
        try await ClientConnection.cancelling(whenLeft: client) {
            try await self.inChild(what: "tệp câu hỏi") { sandbox, flag in
                try sandbox.importBank(data, filename: filename, maxBytes: maxBytes, cancellation: flag)
            }
        }
    }

    private func inChild<T: Sendable>(what: String, _ body: @escaping @Sendable (ImportSandbox, CancellationFlag) throws -> T) async throws -> T {
        guard let sandbox else {
            throw AppError(.serviceUnavailable, "Chưa cài trình đọc văn bản (tệp cchc bên cạnh chương trình); không đọc được \(what).")
        }
        try await takeSlot()
        defer { releaseSlot() }
        let flag = CancellationFlag()
        let result: Result<T, any Error> = await withTaskCancellationHandler {
            // Waiting for the child blocks a thread: one of its own, not an event loop nor Swift concurrency's few.
            await withCheckedContinuation { continuation in
                Thread.detachNewThread {
                    continuation.resume(returning: Result { try body(sandbox, flag) })
                }
            }
        } onCancel: {
            flag.cancel()
        }
        do {
            return try result.get()
        } catch let error as PlanImportError {
            switch error {
            case .tooLarge: throw AppError(.payloadTooLarge, error.description)
            case .unsupportedFormat: throw AppError(.unsupportedMediaType, error.description)
            case .toolMissing: throw AppError(.serviceUnavailable, error.description)
            default: throw AppError(.unprocessableEntity, error.description)
            }
        }
    }

    private func takeSlot() async throws {
        if running < slots { running += 1; return }
        guard waiters.count < maxWaiting else {
            throw AppError(.serviceUnavailable, "Đang có \(running) tệp được đọc và \(waiters.count) tệp chờ; hãy gửi lại sau ít phút.")
        }
        let id = UUID()
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                waiters.append((id, continuation))
            }
        } onCancel: {
            Task { await self.leave(id) }
        }
    }

    /// A waiter whose request was abandoned leaves the queue.
    private func leave(_ id: UUID) {
        guard let i = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: i).continuation.resume(throwing: CancellationError())
    }

    private func releaseSlot() {
        if waiters.isEmpty { running -= 1 } else { waiters.removeFirst().continuation.resume() } // the slot passes on
    }
}

extension Application {
    private struct DocumentReaderKey: StorageKey { typealias Value = DocumentReader }

    /// Set once in `configure`; nil only in an application that was not configured to serve.
    var documentReader: DocumentReader? {
        get { storage[DocumentReaderKey.self] }
        set { storage[DocumentReaderKey.self] = newValue }
    }
}
