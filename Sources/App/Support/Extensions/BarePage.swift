/// The public pages (surveys, contests) have no layout (no account, no navigation): their content alone, under the
/// name the templates read.
struct BarePage<C: Encodable>: Encodable {
    let content: C
}
