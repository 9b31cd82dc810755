import Domain
import Fluent
import Foundation

/// The registry as one plan sees it: the units and groups of the issuer's province valid on the plan's date,
/// indexed by name key, so that every name in the plan resolves in memory. A name found near the issuer wins
/// over the same name elsewhere ("Phòng Nội vụ" in Châu Thành's plan is Châu Thành's office), and names that
/// leave out the place ("UBND huyện", "Phòng Nội vụ huyện") are read as the issuer's own.
struct UnitDirectory: Sendable {
    struct Candidate: Sendable {
        let unitID: UUID?
        let groupID: UUID?
        let path: String
        /// 0 = the issuer or below it, 1 = the issuer's ancestors and their direct children, 2 = elsewhere.
        let distance: Int
    }

    private(set) var exact: [String: [Candidate]] = [:]
    private(set) var aliases: [String: [Candidate]] = [:]
    private(set) var groups: [String: [Candidate]] = [:]
    private var all: [(key: String, candidate: Candidate)] = []

    /// The minimum similarity for a fuzzy match to be proposed at all.
    static let fuzzyThreshold = 0.7

    static func load(issuer: Unit, on date: CalendarDate, db: any Database) async throws -> UnitDirectory {
        let rootID = try issuer.ancestorIDs.first ?? issuer.requireID()
        let root = try await Unit.find(rootID, on: db) ?? issuer
        let units = try await Unit.query(on: db).within(.subtree(of: root)).all().filter { $0.isValid(on: date) }
        let unitIDs = units.compactMap(\.id)
        var aliasNames: [UUID: [String]] = [:]
        for chunk in unitIDs.chunked(500) {
            // A name is found only if it was in use on the plan's date (a former name until the rename, a new one after).
            for alias in try await UnitAlias.query(on: db).filter(\.$unit.$id ~~ chunk).all() where alias.isValid(on: date) {
                aliasNames[alias.$unit.id, default: []].append(alias.name)
            }
        }
        let groupList = try await UnitGroup.query(on: db).with(\.$anchor).with(\.$aliases).all()
            .filter { $0.isValid(on: date) && UnitScope.subtree(of: root).contains($0.anchor) }

        var directory = UnitDirectory()
        let ancestors = Set(issuer.ancestorIDs)
        func distance(_ path: String, parentID: UUID?) -> Int {
            if UnitScope.subtree(of: issuer).contains(id: nil, path: path) { return 0 }
            if let parentID, ancestors.contains(parentID) { return 1 }
            return 2
        }
        // Place names of the issuer and its ancestors ("chau thanh", "soc trang"), left out by the plan's own wording.
        let committees = units.filter { ancestors.contains($0.id ?? UUID()) && $0.kind == .committee }
        let places: [(path: String, place: String)] = committees.compactMap { c in
            let words = UnitNameKey.of(c.shortName ?? c.name).split(separator: " ").map(String.init)
            let levelWords: Set<String> = ["tinh", "huyen", "xa", "phuong"]
            var rest = words.drop(while: { $0 == "ubnd" })
            // "huyen", "thi xa", "thanh pho", "phuong", "thi tran", "dac khu": the level word(s), then the place.
            if rest.first == "thi" || rest.first == "dac" || (rest.first == "thanh" && rest.dropFirst().first == "pho") {
                rest = rest.dropFirst(2)
            } else if let first = rest.first, levelWords.contains(first) {
                rest = rest.dropFirst()
            }
            let place = rest.joined(separator: " ")
            return place.isEmpty ? nil : (c.path, place)
        }
        for unit in units {
            guard let id = unit.id else { continue }
            let candidate = Candidate(unitID: id, groupID: nil, path: unit.path, distance: distance(unit.path, parentID: unit.$parent.id))
            var own = [UnitNameKey.of(unit.name)]
            if let short = unit.shortName { own.append(UnitNameKey.of(short)) }
            let other = (aliasNames[id] ?? []).map(UnitNameKey.of)
            for (path, place) in places where UnitScope.subtree(path: path).contains(unit) {
                for key in own + other where key.hasSuffix(" " + place) {
                    directory.add(String(key.dropLast(place.count + 1)), candidate, to: \.aliases)
                }
            }
            for key in own { directory.add(key, candidate, to: \.exact) }
            for key in other { directory.add(key, candidate, to: \.aliases) }
        }
        for group in groupList {
            guard let id = group.id else { continue }
            let anchorPath = group.anchor.path
            let candidate = Candidate(unitID: nil, groupID: id, path: anchorPath,
                                      distance: anchorPath == issuer.path ? 0 : (UnitScope.subtree(path: anchorPath).contains(issuer) ? 1 : 2))
            for name in [group.name] + group.aliases.map(\.name) { directory.add(UnitNameKey.of(name), candidate, to: \.groups) }
        }
        return directory
    }

    private mutating func add(_ key: String, _ candidate: Candidate, to table: WritableKeyPath<UnitDirectory, [String: [Candidate]]>) {
        guard !key.isEmpty else { return }
        if !(self[keyPath: table][key]?.contains { $0.unitID == candidate.unitID && $0.groupID == candidate.groupID } ?? false) {
            self[keyPath: table][key, default: []].append(candidate)
            all.append((key, candidate))
        }
    }

    /// The best reading of `name`: exact name, then another known name, then a group, each nearest the issuer
    /// first; then the most similar name above the threshold, with its similarity as the confidence.
    func resolve(_ name: String) -> UnitResolution {
        let key = UnitNameKey.of(name)
        guard !key.isEmpty else { return .unresolved }
        for (table, match) in [(exact, TaskUnit.Match.exact), (aliases, .alias), (groups, .group)] {
            if let found = table[key], let best = Self.nearest(found) {
                // Two candidates equally near: a person must choose; propose one with half confidence.
                let tied = found.filter { $0.distance == best.distance }.count > 1
                return UnitResolution(unitID: best.unitID, groupID: best.groupID, match: tied ? .fuzzy : match, confidence: tied ? 0.5 : 1)
            }
        }
        var best: (score: Double, candidate: Candidate)?
        for (other, candidate) in all {
            // Nearer units win ties; a small bonus keeps the issuer's own units ahead of equal names elsewhere.
            let score = UnitNameKey.similarity(key, other) - Double(candidate.distance) * 0.01
            if score >= Self.fuzzyThreshold, score > (best?.score ?? 0) { best = (score, candidate) }
        }
        guard let best else { return .unresolved }
        return UnitResolution(unitID: best.candidate.unitID, groupID: best.candidate.groupID, match: .fuzzy,
                              confidence: (min(1, best.score + Double(best.candidate.distance) * 0.01) * 100).rounded() / 100)
    }

    private static func nearest(_ list: [Candidate]) -> Candidate? {
        list.min { ($0.distance, $0.path.count) < ($1.distance, $1.path.count) }
    }
}
