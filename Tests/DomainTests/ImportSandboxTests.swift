import Foundation
import Testing
import ZIPFoundation
@testable import Domain

/// The child process that reads untrusted documents: what it answers, what becomes of a crash or a timeout, and that
/// the converters it starts cannot reach the network.
@Suite(.serialized) struct ImportSandboxTests {
    /// The real worker: the `cchc` binary built beside the test runner.
    static func sandbox(_ limits: ImportSandbox.Limits = .init(), isolation: [String] = ImportSandbox.availableIsolation) throws -> ImportSandbox {
        ImportSandbox(worker: try #require(ImportSandbox.defaultWorker(), "cchc is built beside the tests"), isolation: isolation, limits: limits)
    }

    /// A stand-in worker: a shell script that misbehaves as told.
    static func fakeWorker(_ script: String) throws -> String {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cchc-fake-worker-\(UUID().uuidString).sh")
        try ("#!/bin/sh\n" + script + "\n").write(to: url, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: url.path)
        return url.path
    }

    static let plan = """
    ỦY BAN NHÂN DÂN
    XÃ PHÚ TÂM
    Số: 07/KH-UBND
    KẾ HOẠCH
    Tuyên truyền cải cách hành chính năm 2025
    PHỤ LỤC
    | STT | Nội dung | Thời gian | Cơ quan chủ trì |
    |---|---|---|---|
    | 1 | Tuyên truyền trên loa truyền thanh xã | Hằng tháng | Công chức Văn hóa – Xã hội |
    """

    @Test func theChildReadsAPlanAsTheServerWould() throws {
        let inProcess = try PlanImporter().importData(Data(Self.plan.utf8), filename: "kh.md")
        let child = try Self.sandbox().importData(Data(Self.plan.utf8), filename: "kh.md", maxBytes: 1 << 20)
        #expect(child == inProcess)
        #expect(child.tasks.first?.lead == ["Công chức Văn hóa – Xã hội"])
    }

    @Test func theChildsOwnRefusalComesBackAsItIs() throws {
        #expect(throws: PlanImportError.self) {
            try Self.sandbox().importData(Data("Kính mời quý đại biểu dự hội nghị.".utf8), filename: "thu-moi.txt", maxBytes: 1 << 20)
        }
        do {
            _ = try Self.sandbox().importData(Data("Kính mời quý đại biểu dự hội nghị.".utf8), filename: "thu-moi.txt", maxBytes: 1 << 20)
        } catch let error as PlanImportError {
            #expect(error.description.hasPrefix("Tệp không phải là một kế hoạch"))
        }
    }

    @Test(arguments: ["kill -SEGV $$", "kill -KILL $$", "echo '{\"plan\": 12'", "head -c 100000 /dev/urandom", "exit 3"])
    func aCrashOrNonsenseFromTheChildIsARefusal(_ script: String) throws {
        let sandbox = ImportSandbox(worker: try Self.fakeWorker(script), isolation: [], limits: .init())
        do {
            _ = try sandbox.importData(Data(Self.plan.utf8), filename: "kh.md", maxBytes: 1 << 20)
            Issue.record("a crashed child gave a plan")
        } catch let error as PlanImportError {
            #expect(error.description.contains("trình đọc dừng giữa chừng"))
            #expect(error.description.contains("Không có gì được lưu"))
        }
    }

    @Test func aChildPastTheWallClockIsStopped() throws {
        let started = Date()
        let sandbox = ImportSandbox(worker: try Self.fakeWorker("sleep 60"), isolation: [], limits: .init(wallSeconds: 1))
        #expect(throws: PlanImportError.unreadable("đọc tệp quá 1 giây nên đã bị dừng; hãy gửi tệp .docx hoặc PDF có lớp chữ, ít trang hơn.")) {
            try sandbox.importData(Data(Self.plan.utf8), filename: "kh.md", maxBytes: 1 << 20)
        }
        #expect(Date().timeIntervalSince(started) < 30)
    }

    @Test func aCancelledReadingStopsItsChild() throws {
        let sandbox = ImportSandbox(worker: try Self.fakeWorker("sleep 60"), isolation: [], limits: .init(wallSeconds: 60))
        let flag = CancellationFlag()
        DispatchQueue.global().asyncAfter(deadline: .now() + 0.5) { flag.cancel() }
        let started = Date()
        #expect(throws: PlanImportError.unreadable("việc đọc tệp đã bị hủy.")) {
            try sandbox.importData(Data(Self.plan.utf8), filename: "kh.md", maxBytes: 1 << 20, cancellation: flag)
        }
        #expect(Date().timeIntervalSince(started) < 30)
    }

    /// The real worker under its own limits: a tiny address space makes it fail, and that failure is a refusal.
    @Test func theWorkersMemoryLimitHolds() throws {
        // 96 MB of address space is too little for the Swift runtime, Foundation and pdftotext together.
        let text = try #require(Bundle.module.url(forResource: "000_exported", withExtension: "pdf", subdirectory: "Fixtures"))
        #expect(throws: PlanImportError.self) {
            try Self.sandbox(.init(memoryMB: 96, wallSeconds: 15)).importFile(at: text.path, maxBytes: 20 << 20)
        }
        // With the default it reads.
        #expect(try Self.sandbox().importFile(at: text.path, maxBytes: 20 << 20).tasks.count > 3)
    }

    /// An OpenDocument file whose picture is a link: LibreOffice fetches it when converting (shown first without
    /// isolation), and through the sandbox it cannot.
    @Test(.enabled(if: OfficeConversion.soffice != nil && !ImportSandbox.availableIsolation.isEmpty))
    func convertersCannotReachTheNetwork() throws {
        let listener = try LoopbackListener()
        defer { listener.close() }
        let odt = try Self.odt(linking: "http://127.0.0.1:\(listener.port)/logo.png")
        _ = try? Self.sandbox(isolation: []).importData(odt, filename: "ke-hoach.odt", maxBytes: 1 << 20)
        #expect(listener.connections() > 0, "without isolation LibreOffice fetches the link: the check below means something")
        let before = listener.connections()
        _ = try? Self.sandbox().importData(odt, filename: "ke-hoach.odt", maxBytes: 1 << 20)
        Thread.sleep(forTimeInterval: 0.5)
        #expect(listener.connections() == before)
    }

    static func odt(linking url: String) throws -> Data {
        let content = """
        <?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" \
        xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" \
        xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.2">\
        <office:body><office:text><text:p>KẾ HOẠCH</text:p><text:p>Tuyên truyền cải cách hành chính năm 2025</text:p>\
        <text:p><draw:frame svg:width="2cm" svg:height="2cm"><draw:image xlink:href="\(url)" xlink:type="simple" xlink:show="embed" \
        xlink:actuate="onLoad"/></draw:frame></text:p></office:text></office:body></office:document-content>
        """
        let manifest = """
        <?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" \
        manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/>\
        <manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>
        """
        let archive = try Archive(accessMode: .create)
        for (path, text, method) in [("mimetype", "application/vnd.oasis.opendocument.text", CompressionMethod.none),
                                     ("content.xml", content, .deflate), ("META-INF/manifest.xml", manifest, .deflate)] {
            let bytes = Data(text.utf8)
            try archive.addEntry(with: path, type: .file, uncompressedSize: Int64(bytes.count), compressionMethod: method,
                                 provider: { position, size in bytes.subdata(in: Int(position)..<Int(position) + size) })
        }
        return try #require(archive.data)
    }
}

/// A TCP listener on 127.0.0.1 that counts the connections made to it.
final class LoopbackListener: @unchecked Sendable {
    let fd: Int32
    let port: Int
    private let lock = NSLock()
    private var count = 0
    private var closed = false

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        self.fd = fd
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        let bound = withUnsafePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard bound == 0, listen(fd, 16) == 0 else { throw POSIXError(.EADDRINUSE) }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        port = Int(UInt16(bigEndian: address.sin_port))
        start()
    }

    private func start() {
        Thread.detachNewThread { [self] in
            while true {
                let client = accept(fd, nil, nil)
                if client < 0 { return }
                lock.lock(); count += 1; lock.unlock()
                Glibc.close(client)
            }
        }
    }

    func connections() -> Int { lock.lock(); defer { lock.unlock() }; return count }

    func close() {
        lock.lock(); defer { lock.unlock() }
        guard !closed else { return }
        closed = true
        shutdown(fd, Int32(SHUT_RDWR))
        Glibc.close(fd)
    }
}
