//! Tables: which hold data (written as GFM pipe tables) and which only lay
//! out the page (written as the blocks in their cells), and their rows.

use super::dom::{Dom, NodeIx};

/// The cells of each row of a table (not of tables inside it).
pub(super) fn rows(dom: &Dom, table: NodeIx) -> Vec<Vec<NodeIx>> {
    let mut rows = Vec::new();
    for child in dom.kept_children(table) {
        match dom.node(child).name() {
            "tr" => rows.push(cells(dom, child)),
            "thead" | "tbody" | "tfoot" => {
                for tr in dom.kept_children(child).filter(|&r| dom.node(r).name() == "tr") {
                    rows.push(cells(dom, tr));
                }
            }
            _ => {}
        }
    }
    rows.retain(|r| !r.is_empty());
    rows
}

fn cells(dom: &Dom, row: NodeIx) -> Vec<NodeIx> {
    dom.kept_children(row).filter(|&c| matches!(dom.node(c).name(), "td" | "th")).collect()
}

/// Whether a table holds data (written as a pipe table) rather than
/// laying out the page (written as the blocks in its cells).
pub(super) fn is_data_table(dom: &Dom, table: NodeIx, rows: &[Vec<NodeIx>]) -> bool {
    let node = dom.node(table);
    if node.attr("role").is_some_and(|r| r.eq_ignore_ascii_case("presentation")) {
        return false;
    }
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    if rows.len() < 2 || columns < 2 {
        return false;
    }
    let nested = (table + 1..node.end).any(|ix| dom.node(ix).name() == "table" && !dom.node(ix).dropped);
    let blocky = rows.iter().flatten().any(|&cell| {
        let s = dom.node(cell).stats;
        s.paragraphs > 1 || s.list_items > 0 || s.heading_chars > 0 || s.chars > 400
    });
    !nested && !blocky
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clean::html::dom::Pruning;
    use scraper::Html;

    fn table_of(html: &str) -> bool {
        let html = Html::parse_document(html);
        let dom = Dom::build(&html, Pruning::Full);
        let table = dom.nodes.iter().position(|n| n.name() == "table").expect("a table");
        is_data_table(&dom, table, &rows(&dom, table))
    }

    #[test]
    fn grids_of_short_cells_are_data() {
        assert!(table_of("<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>"));
    }

    #[test]
    fn layout_tables_are_not_data() {
        assert!(!table_of("<table><tr><td>only one column</td></tr><tr><td>x</td></tr></table>"));
        assert!(!table_of("<table><tr><td><p>a</p><p>b</p></td><td>x</td></tr><tr><td>1</td><td>2</td></tr></table>"));
        assert!(!table_of(
            "<table role='presentation'><tr><td>a</td><td>b</td></tr><tr><td>1</td><td>2</td></tr></table>"
        ));
        assert!(!table_of(
            "<table><tr><td><table><tr><td>in</td></tr></table></td><td>b</td></tr><tr><td>1</td><td>2</td></tr></table>"
        ));
    }
}
