//! Kahn's algorithm over positions, written once for every ordering ogel needs.
//!
//! Nodes are `0..count`; an edge `(a, b)` says `a` comes before `b`. Among the nodes that are
//! ready, the one with the smallest key goes next, so the order is a function of the keys and
//! the edges alone, never of hashing or of the order the edges were found in.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// The nodes in dependency order, or `Err` with the nodes that lie on or behind a cycle.
pub fn toposort<K: Ord>(
    count: usize,
    edges: &[(usize, usize)],
    key: impl Fn(usize) -> K,
) -> Result<Vec<usize>, Vec<usize>> {
    let mut after: Vec<Vec<usize>> = vec![Vec::new(); count];
    let mut waiting = vec![0usize; count];
    for &(from, to) in edges {
        after[from].push(to);
        waiting[to] += 1;
    }
    let mut ready: BinaryHeap<Reverse<(K, usize)>> =
        (0..count).filter(|&n| waiting[n] == 0).map(|n| Reverse((key(n), n))).collect();
    let mut order = Vec::with_capacity(count);
    while let Some(Reverse((_, n))) = ready.pop() {
        order.push(n);
        for &next in &after[n] {
            waiting[next] -= 1;
            if waiting[next] == 0 {
                ready.push(Reverse((key(next), next)));
            }
        }
    }
    if order.len() < count {
        return Err((0..count).filter(|&n| waiting[n] > 0).collect());
    }
    Ok(order)
}

#[cfg(test)]
mod tests {
    use super::toposort;

    #[test]
    fn ready_nodes_go_by_key_and_edges_win_over_keys() {
        // Keys alone would give 2, 1, 0; the edge 0 -> 2 holds 2 back.
        assert_eq!(toposort(3, &[(0, 2)], |n| 3 - n), Ok(vec![1, 0, 2]));
        assert_eq!(toposort(3, &[], |n| n), Ok(vec![0, 1, 2]));
    }

    #[test]
    fn a_cycle_names_what_it_holds_back() {
        assert_eq!(toposort(4, &[(1, 2), (2, 1), (2, 3)], |n| n), Err(vec![1, 2, 3]));
    }
}
