import Domain
import Foundation

// Prints the median time to import each seed text (release build):
//   swift run -c release import-bench ../shared/seeds/*.txt
let files = Array(CommandLine.arguments.dropFirst())
guard !files.isEmpty else {
    print("usage: import-bench FILE…")
    exit(64)
}
let runs = 200
for path in files {
    guard let data = FileManager.default.contents(atPath: path) else { print("\(path): unreadable"); continue }
    let name = (path as NSString).lastPathComponent
    var times: [Double] = []
    var tasks = 0
    for _ in 0..<runs {
        let start = DispatchTime.now().uptimeNanoseconds
        let plan = try? PlanImporter().importData(data, filename: name)
        times.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000_000)
        tasks = plan?.tasks.count ?? -1
    }
    times.sort()
    print(String(format: "%@: median %.2f ms, p90 %.2f ms over %d runs (%d tasks)", name, times[runs / 2], times[runs * 9 / 10], runs, tasks))
}
