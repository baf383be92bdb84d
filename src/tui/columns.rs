//! The roster table's columns, listed once: the table draws them in this order and `s` cycles
//! the sort through them in this order.

use crate::domain::filter::SortKey;

/// One column of the roster table.
#[derive(Clone, Copy, Debug)]
pub struct Column {
    pub title: &'static str,
    /// The sort the column stands for (its header shows the arrow).
    pub key: SortKey,
    /// Width in columns; 0 shares what the fixed columns leave.
    pub width: u16,
    pub right: bool,
    /// Tables narrower than this leave the column out (it is still in the sort cycle).
    pub min_table_width: u16,
    /// Whether `s` onto this column sorts largest first: numbers read best largest first,
    /// text from A, and cost per engagement cheapest first.
    pub descending_first: bool,
}

const fn col(
    title: &'static str,
    key: SortKey,
    width: u16,
    right: bool,
    min_table_width: u16,
    descending_first: bool,
) -> Column {
    Column {
        title,
        key,
        width,
        right,
        min_table_width,
        descending_first,
    }
}

/// Every column in table order. Narrow screens drop name and cost per engagement below 100
/// columns and niches below 130.
pub const COLUMNS: [Column; 11] = [
    col("Name", SortKey::Name, 0, false, 100, false),
    col("Handle", SortKey::Handle, 0, false, 0, false),
    col("Platform", SortKey::Platform, 10, false, 0, false),
    col("Tier", SortKey::Tier, 8, false, 0, true),
    col("Niches", SortKey::Niches, 0, false, 130, false),
    col("Followers", SortKey::Followers, 10, true, 0, true),
    col("Eng.", SortKey::Engagement, 6, true, 0, true),
    col("Fee/post", SortKey::Fee, 9, true, 0, true),
    col("Eng/post", SortKey::Engagements, 9, true, 0, true),
    col("Cost/eng", SortKey::CostPerEngagement, 9, true, 100, false),
    col("Ctry", SortKey::Country, 5, false, 0, false),
];

/// The columns that fit a table `width` wide.
pub fn fitting(width: u16) -> impl Iterator<Item = &'static Column> {
    COLUMNS.iter().filter(move |c| width >= c.min_table_width)
}

/// The sort `s` moves to after `key`, with its starting direction (descending or not).
pub fn next_sort(key: SortKey) -> (SortKey, bool) {
    let i = COLUMNS.iter().position(|c| c.key == key).unwrap_or(0);
    let next = &COLUMNS[(i + 1) % COLUMNS.len()];
    (next.key, next.descending_first)
}

/// The column of a sort key (the table's widths and alignments).
pub fn column(key: SortKey) -> Option<&'static Column> {
    COLUMNS.iter().find(|c| c.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn s_cycles_through_every_column_in_table_order_and_back() {
        let mut key = COLUMNS[COLUMNS.len() - 1].key;
        for c in &COLUMNS {
            let (next, descending) = next_sort(key);
            assert_eq!((next, descending), (c.key, c.descending_first));
            key = next;
        }
        // A sort that is not a column (reach) starts the cycle over at the second column,
        // as an unknown position counts as the first.
        assert_eq!(next_sort(SortKey::Reach).0, COLUMNS[1].key);
    }

    #[test]
    fn narrow_tables_drop_name_and_cost_then_niches() {
        let titles = |w| fitting(w).map(|c| c.title).collect::<Vec<_>>();
        assert_eq!(titles(130).len(), 11);
        assert!(!titles(129).contains(&"Niches"));
        assert_eq!(titles(99).len(), 8);
        assert!(!titles(99).contains(&"Name") && !titles(99).contains(&"Cost/eng"));
    }
}
