import Foundation
import Domain

/// An audit entry's before/after as the list of fields that changed, with Vietnamese labels and values
/// a person reads ("Cấp: Cấp huyện → Cấp xã"), instead of raw JSON with English keys and ids.
enum AuditDiff {
    struct Change: Encodable {
        let field: String
        let before: String
        let after: String
    }

    static let labels: [String: String] = [
        "code": "Mã", "name": "Tên", "shortName": "Tên viết tắt", "kind": "Loại", "level": "Cấp", "parentID": "Đơn vị cấp trên",
        "validFrom": "Hiệu lực từ", "validTo": "Hiệu lực đến", "aliases": "Tên gọi khác", "address": "Địa chỉ", "phone": "Điện thoại",
        "email": "Thư điện tử", "website": "Trang web", "username": "Tên đăng nhập", "fullName": "Họ và tên", "role": "Vai trò",
        "unitID": "Đơn vị", "isActive": "Trạng thái", "anchorID": "Đơn vị gốc của nhóm", "relation": "Quan hệ", "kinds": "Các loại",
        "levels": "Các cấp", "members": "Đơn vị trong danh sách", "expiresAt": "Hết hạn", "revokedAt": "Thu hồi lúc",
        "status": "Tình trạng", "submittedLate": "Nộp muộn", "reviewNote": "Ý kiến của cấp trên", "number": "Số", "issuedOn": "Ngày ban hành",
        "signer": "Người ký", "title": "Tiêu đề", "audience": "Đối tượng", "access": "Cách trả lời", "opensOn": "Mở từ ngày",
        "closesOn": "Đóng ngày", "targetPercent": "Chỉ tiêu (%)", "questions": "Số câu hỏi", "populations": "Quy mô đối tượng theo đơn vị",
        "changes": "Nội dung sửa", "reason": "Lý do", "amount": "Số tiền", "source": "Nguồn kinh phí", "scope": "Phạm vi", "note": "Ghi chú",
        "tasks": "Số nhiệm vụ", "file": "Tệp", "activityKind": "Hình thức", "happenedOn": "Ngày thực hiện",
    ]
    /// Fields that are ids or bookkeeping, not something a reader compares.
    static let hidden: Set<String> = ["id"]

    /// `unitNames` turns unit ids (parent, account unit) into names.
    static func changes(before: String?, after: String?, unitNames: [String: String]) -> [Change] {
        let old = object(before), new = object(after)
        let keys = Set(old.keys).union(new.keys).subtracting(hidden)
        return keys.compactMap { key -> Change? in
            let a = display(key, old[key], unitNames), b = display(key, new[key], unitNames)
            guard a != b else { return nil }
            return Change(field: labels[key] ?? key, before: a.isEmpty ? "—" : a, after: b.isEmpty ? "—" : b)
        }.sorted { order($0.field) < order($1.field) }
    }

    /// Every unit id mentioned in these entries' before/after, to look their names up in one query.
    static func unitIDs(in texts: [String?]) -> Set<UUID> {
        var ids = Set<UUID>()
        for text in texts {
            let o = object(text)
            for key in ["parentID", "unitID", "anchorID"] {
                if let s = o[key] as? String, let id = UUID(uuidString: s) { ids.insert(id) }
            }
            for case let map as [String: Any] in o.values { ids.formUnion(map.keys.compactMap(UUID.init(uuidString:))) }
        }
        return ids
    }

    private static func order(_ label: String) -> Int {
        let sequence = ["Mã", "Tên đăng nhập", "Tên", "Họ và tên", "Tên viết tắt", "Loại", "Cấp", "Vai trò", "Đơn vị cấp trên", "Đơn vị"]
        return sequence.firstIndex(of: label) ?? sequence.count
    }

    private static func object(_ text: String?) -> [String: Any] {
        guard let data = text?.data(using: .utf8), let value = try? JSONSerialization.jsonObject(with: data) as? [String: Any] else { return [:] }
        return value
    }

    private static func display(_ key: String, _ value: Any?, _ unitNames: [String: String]) -> String {
        switch value {
        case nil, is NSNull: return ""
        case let list as [Any]: return list.map { "\($0)" }.joined(separator: "; ")
        case let flag as Bool where key == "isActive": return flag ? "Đang hoạt động" : "Đã khóa"
        case let flag as Bool where key == "submittedLate": return flag ? "Có" : "Không"
        case let map as [String: Any]:
            return map.keys.sorted().map { "\(unitNames[$0.uppercased()] ?? unitNames[$0] ?? $0): \(map[$0] ?? "")" }.joined(separator: "; ")
        case let text as String:
            switch key {
            case "kind": return UnitKind(rawValue: text)?.label ?? text
            case "level": return UnitLevel(rawValue: text)?.label ?? text
            case "role": return Role(rawValue: text)?.label ?? text
            case "validFrom", "validTo": return CalendarDate(text)?.display ?? text
            case "parentID", "unitID", "anchorID": return unitNames[text.uppercased()] ?? unitNames[text] ?? "(đơn vị đã xóa)"
            default: return text
            }
        default: return "\(value ?? "")"
        }
    }
}
