import Foundation

/// What a unit did to communicate the reform.
public enum ActivityKind: String, CaseIterable, Codable, Sendable {
    case newsArticle = "news_article", radioSegment = "radio_segment", tvReport = "tv_report", newspaperArticle = "newspaper_article"
    case conference, training, contest, dialogue, studyVisit = "study_visit", poster, leaflet
    case socialPost = "social_post", zaloMessage = "zalo_message", mobileShow = "mobile_show", survey

    public var label: String {
        switch self {
        case .newsArticle: return "Tin, bài trên trang thông tin"
        case .radioSegment: return "Chuyên mục, bản tin phát thanh"
        case .tvReport: return "Phóng sự truyền hình"
        case .newspaperArticle: return "Bài báo in"
        case .conference: return "Hội nghị, hội thảo, tọa đàm"
        case .training: return "Lớp tập huấn, bồi dưỡng"
        case .contest: return "Hội thi, cuộc thi"
        case .dialogue: return "Đối thoại"
        case .studyVisit: return "Học tập kinh nghiệm"
        case .poster: return "Pano, áp phích, băng rôn"
        case .leaflet: return "Tờ rơi, tài liệu"
        case .socialPost: return "Bài trên mạng xã hội"
        case .zaloMessage: return "Tin nhắn Zalo OA"
        case .mobileShow: return "Tuyên truyền lưu động"
        case .survey: return "Khảo sát"
        }
    }
}

/// Where it reached people.
public enum ActivityChannel: String, CaseIterable, Codable, Sendable {
    case portal, reformPage = "reform_page", radio, loudspeaker, tv, newspaper, zalo, facebook, youtube, screen, onSite = "on_site"

    public var label: String {
        switch self {
        case .portal: return "Cổng/Trang thông tin điện tử"
        case .reformPage: return "Chuyên trang CCHC"
        case .radio: return "Đài phát thanh"
        case .loudspeaker: return "Loa truyền thanh cơ sở"
        case .tv: return "Truyền hình"
        case .newspaper: return "Báo in"
        case .zalo: return "Zalo"
        case .facebook: return "Facebook"
        case .youtube: return "YouTube"
        case .screen: return "Bảng điện tử, màn hình LED"
        case .onSite: return "Trực tiếp tại chỗ"
        }
    }
}
