import Fluent
import FluentSQL
import SQLKit

/// `column LIKE ? ESCAPE '\'`, for patterns built by `LikePattern` (the user's `%` and `_` match themselves).
struct SQLLikeEscaped: SQLExpression {
    let column: SQLColumn
    let pattern: String
    /// Compare `UPPER(column)` (for codes, whatever case they were typed in).
    var upper = false

    func serialize(to serializer: inout SQLSerializer) {
        if upper { serializer.write("UPPER(") }
        column.serialize(to: &serializer)
        if upper { serializer.write(")") }
        serializer.write(" LIKE ")
        SQLBind(pattern).serialize(to: &serializer)
        serializer.write(" ESCAPE '\\'")
    }
}

extension DatabaseQuery.Filter {
    /// A LIKE filter on `column` (of `table`, when the query joins others) with an escaped pattern.
    static func sql(like column: String, _ pattern: String, table: String? = nil, upper: Bool = false) -> Self {
        .sql(SQLLikeEscaped(column: SQLColumn(column, table: table), pattern: pattern, upper: upper))
    }
}
