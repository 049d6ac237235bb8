//! Self-attention with the layers' exact integer products (products.rs) and a softmax on libm's
//! `expf`, so the native and WebAssembly builds compute the same numbers. With f32 products here
//! (fused multiply-adds natively, not in WebAssembly) and each platform's own `exp`, the two
//! differed in the last bits, and scaling an activation to integers can turn such a difference
//! into a step of one: scores then differed by up to 0.002.

use crate::products::{self, Scaled};

/// The context each token reads. `q`, `k` and `v` are `batch × length × hidden`, row by row, with
/// `heads` heads side by side in each row; `padding` is `batch × length`: 0 for a token, a large
/// negative for padding (added to its score as a key, so no token attends to it). The result is
/// shaped as `q`.
pub fn attend(
    q: &[f32],
    k: &[f32],
    v: &[f32],
    padding: &[f32],
    length: usize,
    heads: usize,
) -> Vec<f32> {
    let hidden = q.len() / (padding.len().max(1));
    let size = hidden / heads;
    let batch = padding.len() / length.max(1);
    let scale = 1.0 / (size as f32).sqrt();
    let (no_bias_length, no_bias_size) = (vec![0f32; length], vec![0f32; size]);
    let mut context = vec![0f32; q.len()];
    for b in 0..batch {
        let padding = &padding[b * length..(b + 1) * length];
        for h in 0..heads {
            let at = |t: usize| (b * length + t) * hidden + h * size;
            // One head's rows: a token's `size` values each.
            let head = |m: &[f32]| -> Vec<f32> {
                (0..length)
                    .flat_map(|t| m[at(t)..at(t) + size].iter().copied())
                    .collect()
            };
            let mut scores = products::linear(
                &Scaled::new(&head(q), size),
                &Scaled::new(&head(k), size),
                &no_bias_length,
            );
            for row in scores.chunks_exact_mut(length) {
                for (s, p) in row.iter_mut().zip(padding) {
                    *s = *s * scale + p;
                }
                softmax(row);
            }
            // The values one dimension a row, so each is a dot product with a row of weights.
            // Padding's are left 0: their weight is 0, and they would only coarsen the scale.
            let values: Vec<f32> = (0..size)
                .flat_map(|d| {
                    (0..length).map(move |t| if padding[t] < 0.0 { 0.0 } else { v[at(t) + d] })
                })
                .collect();
            let out = products::linear(
                &Scaled::new(&scores, length),
                &Scaled::new(&values, length),
                &no_bias_size,
            );
            for (t, row) in out.chunks_exact(size).enumerate() {
                context[at(t)..at(t) + size].copy_from_slice(row);
            }
        }
    }
    context
}

/// The softmax of `row`, in place, in one order of operations on every platform.
fn softmax(row: &mut [f32]) {
    let max = row
        .iter()
        .fold(f32::NEG_INFINITY, |m, &v| if v > m { v } else { m });
    let mut sum = 0f32;
    for v in row.iter_mut() {
        *v = libm::expf(*v - max);
        sum += *v;
    }
    let inverse = 1.0 / sum;
    for v in row.iter_mut() {
        *v *= inverse;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attention_matches_f32_and_ignores_padding() {
        // One sequence of three tokens, the third padding; two heads of two.
        let (length, heads) = (3, 2);
        let q = [1.0, 0.5, -0.5, 2.0, 0.2, 0.1, 1.0, -1.0, 0.3, 0.3, 0.3, 0.3];
        let k = [0.5, 1.0, 1.0, 0.0, -1.0, 0.5, 0.2, 0.4, 9.0, 9.0, 9.0, 9.0];
        let v = [
            1.0, 2.0, 3.0, 4.0, -1.0, 0.0, 1.0, 0.5, 100.0, 100.0, 100.0, 100.0,
        ];
        let padding = [0.0, 0.0, -1e4];
        let got = attend(&q, &k, &v, &padding, length, heads);
        let scale = 1.0 / 2f32.sqrt();
        for t in 0..length {
            for h in 0..heads {
                let dot = |j: usize| {
                    (0..2)
                        .map(|d| q[t * 4 + h * 2 + d] * k[j * 4 + h * 2 + d])
                        .sum::<f32>()
                        * scale
                        + padding[j]
                };
                let e: Vec<f32> = (0..length).map(|j| dot(j).exp()).collect();
                let total: f32 = e.iter().sum();
                for d in 0..2 {
                    let exact: f32 = (0..length)
                        .map(|j| e[j] / total * v[j * 4 + h * 2 + d])
                        .sum();
                    let got = got[t * 4 + h * 2 + d];
                    assert!(
                        (got - exact).abs() < 2e-3,
                        "token {t}, head {h}: {got} against {exact}"
                    );
                    assert!(got.abs() < 10.0, "the padding's values leaked in");
                }
            }
        }
    }
}
