//! The shortest edit script between two sequences of lines (Myers' O(ND)
//! algorithm, as GNU diff uses), after the common prefix and suffix are
//! set aside: the pairs of lines that stay.

use alloc::vec;
use alloc::vec::Vec;

/// The most differences searched (a lab bound on time and memory): past
/// it the middle of the files is taken as wholly changed.
const MAX_D: usize = 1000;

/// The indices `(i, j)` of lines `a[i] == b[j]` kept, in order.
pub(crate) fn matches<T: PartialEq>(a: &[T], b: &[T]) -> Vec<(usize, usize)> {
    let prefix = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let rest_a = a.get(prefix..).unwrap_or_default();
    let rest_b = b.get(prefix..).unwrap_or_default();
    let suffix = rest_a
        .iter()
        .rev()
        .zip(rest_b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let mid_a = rest_a.get(..rest_a.len() - suffix).unwrap_or_default();
    let mid_b = rest_b.get(..rest_b.len() - suffix).unwrap_or_default();
    let mut out: Vec<(usize, usize)> = (0..prefix).map(|i| (i, i)).collect();
    out.extend(
        middle(mid_a, mid_b)
            .into_iter()
            .map(|(i, j)| (i + prefix, j + prefix)),
    );
    let (sa, sb) = (prefix + mid_a.len(), prefix + mid_b.len());
    out.extend((0..suffix).map(|k| (sa + k, sb + k)));
    out
}

/// Myers' forward search with the history of `V` kept for the way back.
fn middle<T: PartialEq>(a: &[T], b: &[T]) -> Vec<(usize, usize)> {
    let (n, m) = (a.len(), b.len());
    if n == 0 || m == 0 {
        return Vec::new();
    }
    let max = (n + m).min(MAX_D);
    let offset = max + 1;
    let mut v = vec![0usize; 2 * max + 3];
    let mut trace: Vec<Vec<usize>> = Vec::new();
    let mut found = None;
    'search: for d in 0..=max {
        // Only the diagonals -d..=d matter at step d: keep those.
        trace.push(
            v.get(offset - d..=offset + d)
                .map(<[usize]>::to_vec)
                .unwrap_or_default(),
        );
        let d = d as isize;
        let mut k = -d;
        while k <= d {
            let idx = (k + offset as isize) as usize;
            let down = k == -d
                || (k != d
                    && v.get(idx - 1).copied().unwrap_or(0) < v.get(idx + 1).copied().unwrap_or(0));
            let mut x = if down {
                v.get(idx + 1).copied().unwrap_or(0)
            } else {
                v.get(idx - 1).copied().unwrap_or(0) + 1
            };
            let mut y = (x as isize - k) as usize;
            while x < n && y < m && a.get(x) == b.get(y) {
                x += 1;
                y += 1;
            }
            if let Some(slot) = v.get_mut(idx) {
                *slot = x;
            }
            if x >= n && y >= m {
                found = Some(d as usize);
                break 'search;
            }
            k += 2;
        }
    }
    let Some(_) = found else {
        return Vec::new();
    };
    // Walk back through the trace, collecting the diagonals (matches).
    let mut pairs = Vec::new();
    let (mut x, mut y) = (n as isize, m as isize);
    for (d, v) in trace.iter().enumerate().rev() {
        let d = d as isize;
        let k = x - y;
        // `v` holds diagonals -d..=d, so diagonal k is at k + d.
        let at = |k: isize| v.get((k + d) as usize).copied().unwrap_or(0) as isize;
        let prev_k = if k == -d || (k != d && at(k - 1) < at(k + 1)) {
            k + 1
        } else {
            k - 1
        };
        let prev_x = if d == 0 { 0 } else { at(prev_k) };
        let prev_y = if d == 0 { 0 } else { prev_x - prev_k };
        while x > prev_x && y > prev_y {
            x -= 1;
            y -= 1;
            pairs.push((x as usize, y as usize));
        }
        if d == 0 {
            break;
        }
        x = prev_x;
        y = prev_y;
    }
    pairs.reverse();
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortest_scripts() {
        let a = ["a", "b", "c", "d"];
        let b = ["a", "B", "c", "d", "e"];
        assert_eq!(matches(&a, &b), alloc::vec![(0, 0), (2, 2), (3, 3)]);
        let h1 = ["a", "b", "c"];
        let h2 = ["b", "c", "d"];
        assert_eq!(matches(&h1, &h2), alloc::vec![(1, 0), (2, 1)]);
        let e: [&str; 0] = [];
        assert_eq!(matches(&e, &h1), alloc::vec![]);
    }
}
