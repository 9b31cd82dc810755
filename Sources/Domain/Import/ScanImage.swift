import Foundation

/// A scanned page as grey pixels (from `pdftoppm -gray`, a binary PGM): how far it is turned, turned straight, and
/// the borders of its tables found as long thin runs of dark pixels.
struct ScanImage {
    var width: Int
    var height: Int
    var pixels: [UInt8]

    /// A binary PGM ("P5", 8-bit); nil for anything else.
    init?(pgm data: Data) {
        let bytes = [UInt8](data)
        var i = 0
        func token() -> String? {
            while i < bytes.count {
                if bytes[i] == UInt8(ascii: "#") { while i < bytes.count, bytes[i] != 0x0A { i += 1 } }
                guard i < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) else { break }
                i += 1
            }
            let start = i
            while i < bytes.count, ![0x20, 0x09, 0x0A, 0x0D].contains(bytes[i]) { i += 1 }
            return start < i ? String(decoding: bytes[start..<i], as: UTF8.self) : nil
        }
        guard token() == "P5", let w = token().flatMap(Int.init), let h = token().flatMap(Int.init),
              let maxValue = token().flatMap(Int.init), maxValue == 255, w > 0, h > 0, w < 20_000, h < 20_000 else { return nil }
        i += 1 // the one whitespace after the header
        guard bytes.count - i >= w * h else { return nil }
        self.init(width: w, height: h, pixels: Array(bytes[i..<(i + w * h)]))
    }

    init(width: Int, height: Int, pixels: [UInt8]) {
        self.width = width
        self.height = height
        self.pixels = pixels
    }

    var pgm: Data {
        var data = Data("P5\n\(width) \(height)\n255\n".utf8)
        data.append(contentsOf: pixels)
        return data
    }

    static let dark: UInt8 = 128

    // MARK: Skew

    /// The angle in degrees to turn the page by (`rotated(by:)`) for its lines to lie level, found as the slope whose
    /// row profile of dark pixels is sharpest, on a page scaled down four times.
    func skewAngle(range: Double = 3, step: Double = 0.05) -> Double {
        let scale = 4
        var points: [(Double, Double)] = []
        let w = width / scale, h = height / scale
        guard w > 10, h > 10 else { return 0 }
        for by in 0..<h {
            for bx in 0..<w {
                var sum = 0
                for dy in 0..<scale {
                    let row = (by * scale + dy) * width + bx * scale
                    for dx in 0..<scale { sum += Int(pixels[row + dx]) }
                }
                if sum < 160 * scale * scale { points.append((Double(bx), Double(by))) }
            }
        }
        guard points.count > 50 else { return 0 }
        var best = (angle: 0.0, score: -1.0)
        var bins = [Int](repeating: 0, count: h * 2 + 2 * w)
        let offset = Double(w)
        var a = -range
        while a <= range + 1e-9 {
            let t = tan(a * .pi / 180)
            for k in bins.indices { bins[k] = 0 }
            for (x, y) in points {
                let row = Int((y + x * t + offset).rounded())
                if row >= 0 && row < bins.count { bins[row] += 1 }
            }
            var score = 0.0
            for c in bins where c > 0 { score += Double(c * c) }
            if score > best.score { best = (a, score) }
            a += step
        }
        return -best.angle
    }

    /// The page turned by `degrees` about its centre (white where nothing was), nearest pixel.
    func rotated(by degrees: Double) -> ScanImage {
        let t = degrees * .pi / 180
        let (c, s) = (cos(t), sin(t))
        let (cx, cy) = (Double(width) / 2, Double(height) / 2)
        var out = [UInt8](repeating: 255, count: width * height)
        for y in 0..<height {
            let dy = Double(y) - cy
            for x in 0..<width {
                let dx = Double(x) - cx
                let sx = Int((c * dx - s * dy + cx).rounded()), sy = Int((s * dx + c * dy + cy).rounded())
                if sx >= 0 && sx < width && sy >= 0 && sy < height { out[y * width + x] = pixels[sy * width + sx] }
            }
        }
        return ScanImage(width: width, height: height, pixels: out)
    }

    /// Where a point of the page as scanned lies on the page `rotated(by: degrees)`.
    func straightened(x: Double, y: Double, turnedBy degrees: Double) -> (Double, Double) {
        let t = degrees * .pi / 180
        let (c, s) = (cos(t), sin(t))
        let (cx, cy) = (Double(width) / 2, Double(height) / 2)
        let (dx, dy) = (x - cx, y - cy)
        return (c * dx + s * dy + cx, -s * dx + c * dy + cy)
    }

    /// The page as scanned with the borders found on its straightened copy (`rules`, in that copy's pixels) painted
    /// white: ruling confuses how Tesseract splits a page into blocks, and the words alone read better.
    func erasing(_ rules: [PDFRules.Rule], foundTurnedBy degrees: Double, halfWidth: Int = 4) -> ScanImage {
        var out = self
        let back = -degrees
        for rule in rules {
            let vertical = rule.isVertical
            let length = Int(vertical ? rule.y1 - rule.y0 : rule.x1 - rule.x0)
            guard length > 0 else { continue }
            for step in 0...length {
                let sx = vertical ? rule.x0 : rule.x0 + Double(step), sy = vertical ? rule.y0 + Double(step) : rule.y0
                let (ox, oy) = degrees == 0 ? (sx, sy) : straightened(x: sx, y: sy, turnedBy: back)
                let (cx, cy) = (Int(ox.rounded()), Int(oy.rounded()))
                for d in -halfWidth...halfWidth {
                    let (x, y) = vertical ? (cx + d, cy) : (cx, cy + d)
                    if x >= 0 && x < width && y >= 0 && y < height { out.pixels[y * width + x] = 255 }
                }
            }
        }
        return out
    }

    // MARK: Borders

    /// Horizontal and vertical borders: runs of dark pixels at least `minLength` long (gaps of `gap` pixels bridged),
    /// rows of runs lying on top of each other joined into one border through their middle. In pixels.
    /// A thin border thresholded from a scan breaks in places, so across the page pieces down to `piece` pixels are
    /// gathered and joined over gaps of `joinGap` before the length is judged. Down the page pieces must already be
    /// taller than letters: stems of letters set one above the other would otherwise join into a border.
    func rules(minLength: Int, minVerticalLength: Int, gap: Int = 6, piece: Int = 40, joinGap: Double = 40) -> [PDFRules.Rule] {
        let across = Self.stack(horizontalRuns(minLength: min(piece, minLength), gap: gap), joinGap: joinGap)
            .filter { $0.to - $0.from + 1 >= Double(minLength) }
        let down = Self.stack(verticalRuns(minLength: minVerticalLength, gap: gap), joinGap: 12)
        // A border down the page runs from one border across to another (a cell's side); a short stroke that does not
        // is letters set one above another. A long one may have lost an end to the scan.
        let tolerance = 10.0
        func meetsBorderAcross(x: Double, y: Double) -> Bool {
            across.contains { abs($0.at - y) <= tolerance && $0.from - tolerance <= x && x <= $0.to + tolerance }
        }
        let sides = down.filter { side in
            let ends = [side.from, side.to].filter { meetsBorderAcross(x: side.at, y: $0) }.count
            return ends == 2 || ends == 1 && side.to - side.from >= Double(minVerticalLength * 5)
        }
        return across.map { PDFRules.Rule(x0: $0.from, y0: $0.at, x1: $0.to, y1: $0.at) }
            + sides.map { PDFRules.Rule(x0: $0.at, y0: $0.from, x1: $0.at, y1: $0.to) }
    }

    struct Run { var at: Double; var from: Double; var to: Double }

    private func horizontalRuns(minLength: Int, gap: Int) -> [(Int, Int, Int)] {
        var runs: [(y: Int, x0: Int, x1: Int)] = []
        for y in 0..<height {
            let row = y * width
            runs += Self.runs(count: width, minLength: minLength, gap: gap) { pixels[row + $0] < Self.dark }.map { (y, $0.0, $0.1) }
        }
        return runs.map { ($0.y, $0.x0, $0.x1) }
    }

    private func verticalRuns(minLength: Int, gap: Int) -> [(Int, Int, Int)] {
        var runs: [(x: Int, y0: Int, y1: Int)] = []
        for x in 0..<width {
            runs += Self.runs(count: height, minLength: minLength, gap: gap) { pixels[$0 * width + x] < Self.dark }.map { (x, $0.0, $0.1) }
        }
        return runs.map { ($0.x, $0.y0, $0.y1) }
    }

    /// The dark stretches along one line of pixels.
    static func runs(count: Int, minLength: Int, gap: Int, isDark: (Int) -> Bool) -> [(Int, Int)] {
        var out: [(Int, Int)] = []
        var start = -1, lastDark = -1
        for i in 0..<count {
            if isDark(i) {
                if start < 0 || i - lastDark > gap + 1 {
                    if start >= 0, lastDark - start + 1 >= minLength { out.append((start, lastDark)) }
                    start = i
                }
                lastDark = i
            }
        }
        if start >= 0, lastDark - start + 1 >= minLength { out.append((start, lastDark)) }
        return out
    }

    /// Runs on neighbouring lines that overlap most of their length are one thick border; one thicker than a pen
    /// stroke (`maxThickness`) is a filled area (a shaded heading, a photo), not a border.
    static func stack(_ runs: [(Int, Int, Int)], maxThickness: Int = 10, joinGap: Double) -> [Run] {
        var open: [(first: Int, last: Int, from: Int, to: Int)] = []
        var done: [(first: Int, last: Int, from: Int, to: Int)] = []
        for (at, from, to) in runs {
            if let k = open.firstIndex(where: { at - $0.last <= 1 && min($0.to, to) - max($0.from, from) > (to - from) / 2 }) {
                open[k].last = at
                open[k].from = min(open[k].from, from)
                open[k].to = max(open[k].to, to)
                continue
            }
            // Borders no longer growing are finished.
            done += open.filter { at - $0.last > 1 }
            open.removeAll { at - $0.last > 1 }
            open.append((at, at, from, to))
        }
        let borders = (done + open).filter { $0.last - $0.first < maxThickness }
            .map { Run(at: Double($0.first + $0.last) / 2, from: Double($0.from), to: Double($0.to)) }
        return joinCollinear(borders, gap: joinGap)
    }

    /// A border that wanders a pixel across lines of pixels (a page not quite straight, a thin stroke thresholded)
    /// comes in pieces side by side: pieces within `across` pixels of each other that overlap or nearly meet are one.
    static func joinCollinear(_ runs: [Run], across: Double = 3, gap: Double) -> [Run] {
        var clusters: [[Run]] = []
        for run in runs.sorted(by: { $0.at < $1.at }) {
            if let last = clusters.last?.last, run.at - last.at <= across { clusters[clusters.count - 1].append(run) } else { clusters.append([run]) }
        }
        var out: [Run] = []
        for cluster in clusters {
            var joined: [(run: Run, weight: Double)] = []
            for run in cluster.sorted(by: { $0.from < $1.from }) {
                let length = run.to - run.from + 1
                if let last = joined.last, run.from <= last.run.to + gap {
                    let weight = last.weight + length
                    let at = (last.run.at * last.weight + run.at * length) / weight
                    joined[joined.count - 1] = (Run(at: at, from: last.run.from, to: max(last.run.to, run.to)), weight)
                } else {
                    joined.append((run, length))
                }
            }
            out += joined.map(\.run)
        }
        return out
    }
}
