import Foundation
import NIOConcurrencyHelpers

/// One writer at a time for the embedded SQLite database, in arrival order.
///
/// SQLite allows one writer; two connections that both try to write fail with "database is locked"
/// (or, in a transaction that read first, cannot upgrade at all). Writers here wait their turn instead,
/// for at most `timeout`; only when that runs out does the caller get "busy".
actor WriteGate {
    private static let gates = NIOLockedValueBox<[String: WriteGate]>([:])

    /// The gate of one database file (tests run many apps, each on a file of its own, side by side).
    static func gate(for key: String) -> WriteGate {
        gates.withLockedValue { all in
            if let gate = all[key] { return gate }
            let gate = WriteGate()
            all[key] = gate
            return gate
        }
    }

    private var held = false
    private var waiters: [(id: UInt64, continuation: CheckedContinuation<Bool, Never>)] = []
    private var nextID: UInt64 = 0
    private(set) var timeout: Duration = .seconds(10)

    func configure(timeout: Duration) {
        self.timeout = timeout
    }

    /// True when the caller now holds the gate; false when the wait ran out.
    func acquire() async -> Bool {
        if !held {
            held = true
            return true
        }
        nextID += 1
        let id = nextID
        let limit = timeout
        return await withCheckedContinuation { continuation in
            waiters.append((id, continuation))
            Task { [weak self] in
                try? await Task.sleep(for: limit)
                await self?.expire(id)
            }
        }
    }

    func release() {
        if waiters.isEmpty {
            held = false
        } else {
            // The gate passes straight to the next writer.
            waiters.removeFirst().continuation.resume(returning: true)
        }
    }

    private func expire(_ id: UInt64) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(returning: false)
    }

    var waiting: Int { waiters.count }
}
