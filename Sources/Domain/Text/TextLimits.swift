import Foundation

/// How long each kind of text may be. Forms, the CSV import and the API refuse longer input with a message
/// that names the limit, instead of storing a 100,000-character "short name".
public enum TextLimits {
    public static let code = 64
    public static let unitName = 300
    public static let shortName = 100
    public static let alias = 300
    public static let aliasesPerUnit = 50
    public static let address = 500
    public static let phone = 40
    public static let email = 200
    public static let website = 300
    public static let personName = 150
    public static let tokenName = 100
    public static let csvRows = 20_000
}
