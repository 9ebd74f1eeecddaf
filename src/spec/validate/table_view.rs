//! A declared table as validation sees it, and typo suggestions.

use std::collections::BTreeMap;

use crate::spec::TableSpec;

/// What validation needs to know about a table: its columns by name and its keys.
pub(super) struct TableView<'a> {
    pub spec: &'a TableSpec,
    /// Column name → declared type.
    pub columns: BTreeMap<&'a str, &'a str>,
}

impl<'a> TableView<'a> {
    pub fn new(spec: &'a TableSpec) -> Self {
        let columns =
            spec.columns.iter().map(|(n, c)| (n.value.as_str(), c.value.0.data_type.value.as_str())).collect();
        TableView { spec, columns }
    }

    pub fn column_list(&self) -> String {
        let names: Vec<&str> = self.spec.columns.iter().map(|(n, _)| n.value.as_str()).collect();
        if names.is_empty() { "(none)".into() } else { names.join(", ") }
    }

    pub fn primary_key(&self) -> Option<Vec<String>> {
        if let Some(pk) = &self.spec.primary_key {
            return Some(pk.value.0.columns.iter().map(|c| c.value.clone()).collect());
        }
        self.spec
            .columns
            .iter()
            .find(|(_, c)| c.value.0.primary_key.as_ref().is_some_and(|p| p.value))
            .map(|(n, _)| vec![n.value.clone()])
    }

    /// Column sets of the primary key and unique constraints (a foreign key needs one of them).
    pub fn keys(&self) -> Vec<Vec<String>> {
        let mut keys: Vec<Vec<String>> = self.primary_key().into_iter().collect();
        keys.extend(self.spec.unique.iter().map(|u| u.value.columns.iter().map(|c| c.value.clone()).collect()));
        keys.extend(
            self.spec
                .columns
                .iter()
                .filter(|(_, c)| c.value.0.unique.as_ref().is_some_and(|u| u.value))
                .map(|(n, _)| vec![n.value.clone()]),
        );
        keys.extend(
            self.spec
                .indexes
                .iter()
                .filter(|(_, i)| i.value.unique.as_ref().is_some_and(|u| u.value) && i.value.predicate.is_none())
                .filter_map(|(_, i)| {
                    i.value.columns.iter().map(|k| k.value.0.column.as_ref().map(|c| c.value.clone())).collect()
                }),
        );
        keys
    }
}

/// The candidate closest to `name` by edit distance, if it is close enough to be a typo.
pub(crate) fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    candidates.map(|c| (edit_distance(name, c), c)).filter(|(d, c)| *d <= 2.max(c.len() / 4)).min().map(|(_, c)| c)
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let next = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(row[j + 1] + 1);
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}
