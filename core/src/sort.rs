//! One small stable sort for the whole lab.
//!
//! `slice::sort_by` and friends instantiate the standard library's driftsort
//! or ipnsort for every element type and comparator: several kilobytes of
//! wasm each, 64 KB of the web build in all (measured with twiggy on the
//! optimized module). The lists the lab sorts are short (routes that match a
//! destination, addresses of one name, interfaces, directory entries, jobs),
//! so a stable insertion sort gives the same order in a fraction of the code
//! and is at least as fast for a few dozen elements. It is quadratic: do not
//! use it for lists that can grow to many thousands.

use core::cmp::Ordering;

/// Sorts `v` stably by `cmp` in O(n log n) (a bottom-up merge sort), for
/// the lists that can be long (the lines `sort` reads).
pub fn merge_sort_by<T, F: FnMut(&T, &T) -> Ordering>(
    v: alloc::vec::Vec<T>,
    mut cmp: F,
) -> alloc::vec::Vec<T> {
    let n = v.len();
    let mut order: alloc::vec::Vec<usize> = (0..n).collect();
    let mut buffer: alloc::vec::Vec<usize> = alloc::vec::Vec::with_capacity(n);
    let mut width = 1;
    while width < n {
        buffer.clear();
        let mut start = 0;
        while start < n {
            let mid = (start + width).min(n);
            let end = (start + 2 * width).min(n);
            let (mut i, mut j) = (start, mid);
            while i < mid || j < end {
                let take_left = match (order.get(i), order.get(j)) {
                    (Some(&a), Some(&b)) if i < mid && j < end => match (v.get(a), v.get(b)) {
                        (Some(x), Some(y)) => cmp(x, y) != Ordering::Greater,
                        _ => true,
                    },
                    _ => i < mid,
                };
                if take_left {
                    buffer.extend(order.get(i).copied());
                    i += 1;
                } else {
                    buffer.extend(order.get(j).copied());
                    j += 1;
                }
            }
            start = end;
        }
        core::mem::swap(&mut order, &mut buffer);
        width *= 2;
    }
    let mut slots: alloc::vec::Vec<Option<T>> = v.into_iter().map(Some).collect();
    order
        .into_iter()
        .filter_map(|i| slots.get_mut(i).and_then(Option::take))
        .collect()
}

/// Sorts `v` stably (equal elements keep their order) by `cmp`, as
/// `slice::sort_by` does.
pub fn sort_by<T, F: FnMut(&T, &T) -> Ordering>(v: &mut [T], mut cmp: F) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 {
            let out_of_order = match (v.get(j - 1), v.get(j)) {
                (Some(a), Some(b)) => cmp(a, b) == Ordering::Greater,
                _ => false,
            };
            if !out_of_order {
                break;
            }
            v.swap(j - 1, j);
            j -= 1;
        }
    }
}

/// Sorts `v` stably by the key `key` extracts, as `slice::sort_by_key` does.
pub fn sort_by_key<T, K: Ord, F: FnMut(&T) -> K>(v: &mut [T], mut key: F) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` in ascending order, as `slice::sort` does.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    #[test]
    fn sorts_like_std_and_keeps_equal_elements_in_order() {
        // (key, original position): the position shows stability.
        let mut seed = 0x2545_f491_u32;
        for len in 0..40 {
            let mut v: Vec<(u8, usize)> = (0..len)
                .map(|i| {
                    seed ^= seed << 13;
                    seed ^= seed >> 17;
                    seed ^= seed << 5;
                    ((seed % 5) as u8, i)
                })
                .collect();
            let mut expected = v.clone();
            expected.sort_by_key(|e| e.0);
            sort_by_key(&mut v, |e| e.0);
            assert_eq!(v, expected, "length {len}");
        }
    }

    #[test]
    fn sorts_descending_input_and_plain_ord() {
        let mut v: Vec<u32> = (0..50).rev().collect();
        sort(&mut v);
        assert_eq!(v, (0..50).collect::<Vec<_>>());
        let mut e: [u8; 0] = [];
        sort(&mut e);
    }
}
