//! The encoder's matrix products in integers. Each weight row and each activation row is scaled
//! to whole numbers within ±4,095 and multiplied in 16-bit lanes: WebAssembly's
//! `i32x4.dot_i16x8_s` does eight multiply-adds in one instruction, where f32 SIMD needs two
//! instructions for four. Every sum is exact (32-bit lanes, emptied into 64 bits before they can
//! overflow), so the native and WebAssembly builds agree to the last bit whatever order they add
//! in, and the scores move by at most about 0.003 from f32 products of the same weights.

/// The largest magnitude a scaled value takes (13 bits). At 2,047 or 1,023 the scores moved by
/// up to 0.006 and 0.023.
const RANGE: f32 = 4095.0;
/// Values of a row the WebAssembly loop sums in its four i32 lanes before emptying them into
/// i64s: each lane then holds 64 products of at most 4,095², below 2³¹.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
const LANE_CHUNK: usize = 256;

/// A matrix of `rows × depth` scaled to integers, one scale per row.
pub struct Scaled {
    values: Vec<i16>,
    scales: Vec<f32>,
    depth: usize,
}

impl Scaled {
    /// `data` holds `rows × depth` values, row by row. A row that is all zeros (or holds nothing
    /// finite, or nothing larger than a subnormal) is all 0 with scale 1; values that are not
    /// finite become 0.
    pub fn new(data: &[f32], depth: usize) -> Scaled {
        assert!(depth > 0 && data.len().is_multiple_of(depth));
        let mut values = vec![0i16; data.len()];
        let scales = data
            .chunks_exact(depth)
            .zip(values.chunks_exact_mut(depth))
            .map(|(row, out)| {
                let max = largest(row);
                // A row too small for its inverse to be finite (subnormal) counts as zeros: its
                // values would otherwise scale past RANGE and break the sums' bound.
                let (scale, inverse) = if max > 0.0 && (RANGE / max).is_finite() {
                    (max / RANGE, RANGE / max)
                } else {
                    (1.0, 0.0)
                };
                round(row, max, inverse, out);
                scale
            })
            .collect();
        Scaled {
            values,
            scales,
            depth,
        }
    }

    pub fn rows(&self) -> usize {
        self.scales.len()
    }

    fn row(&self, r: usize) -> &[i16] {
        &self.values[r * self.depth..(r + 1) * self.depth]
    }
}

/// The largest finite magnitude in `row` (0 if none).
fn largest(row: &[f32]) -> f32 {
    let (head, tail) = simd_part(row);
    let max = largest_simd(head);
    tail.iter().fold(max, |max, v| {
        let v = v.abs();
        if v > max && v < f32::INFINITY {
            v
        } else {
            max
        }
    })
}

/// Each value of `row` times `inverse`, rounded half to even; values above `max` in magnitude
/// (NaN and infinities) become 0. Every value is then within ±RANGE.
fn round(row: &[f32], max: f32, inverse: f32, out: &mut [i16]) {
    let (head, tail) = simd_part(row);
    round_simd(head, max, inverse, &mut out[..head.len()]);
    for (&v, o) in tail.iter().zip(&mut out[head.len()..]) {
        let v = if v.abs() <= max { v } else { 0.0 };
        *o = (v * inverse).round_ties_even() as i16;
    }
}

/// The part of `row` the SIMD loops take (whole groups of eight), and the rest.
fn simd_part(row: &[f32]) -> (&[f32], &[f32]) {
    if cfg!(all(target_arch = "wasm32", target_feature = "simd128")) {
        row.split_at(row.len() - row.len() % 8)
    } else {
        (&[], row)
    }
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
fn largest_simd(_: &[f32]) -> f32 {
    0.0
}

#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
fn round_simd(_: &[f32], _: f32, _: f32, _: &mut [i16]) {}

/// [`largest`] four lanes at a time: `f32x4.pmax` keeps the lane when the new value is NaN, and
/// infinities are masked to 0 first, as the scalar loop skips both.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn largest_simd(row: &[f32]) -> f32 {
    use std::arch::wasm32::*;
    let infinity = f32x4_splat(f32::INFINITY);
    let mut max = f32x4_splat(0.0);
    for c in row.chunks_exact(4) {
        // SAFETY: `c` holds four f32; v128 loads need no alignment.
        let v = f32x4_abs(unsafe { v128_load(c.as_ptr() as *const v128) });
        max = f32x4_pmax(max, v128_and(v, f32x4_lt(v, infinity)));
    }
    f32x4_extract_lane::<0>(max)
        .max(f32x4_extract_lane::<1>(max))
        .max(f32x4_extract_lane::<2>(max))
        .max(f32x4_extract_lane::<3>(max))
}

/// [`round`] eight values at a time, with the same operations (`f32x4.nearest` rounds half to
/// even), so the integers are the scalar loop's.
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn round_simd(row: &[f32], max: f32, inverse: f32, out: &mut [i16]) {
    use std::arch::wasm32::*;
    let (max, inverse) = (f32x4_splat(max), f32x4_splat(inverse));
    let scaled = |v: v128| {
        let v = v128_and(v, f32x4_le(f32x4_abs(v), max));
        i32x4_trunc_sat_f32x4(f32x4_nearest(f32x4_mul(v, inverse)))
    };
    for (c, o) in row.chunks_exact(8).zip(out.chunks_exact_mut(8)) {
        // SAFETY: `c` holds eight f32 and `o` eight i16; v128 loads and stores need no
        // alignment.
        unsafe {
            let a = scaled(v128_load(c.as_ptr() as *const v128));
            let b = scaled(v128_load(c.as_ptr().add(4) as *const v128));
            v128_store(o.as_mut_ptr() as *mut v128, i16x8_narrow_i32x4(a, b));
        }
    }
}

/// `x · wᵀ + bias`: `x` is `rows × depth`, `w` is `outputs × depth`; the result is `rows × outputs`.
pub fn linear(x: &Scaled, w: &Scaled, bias: &[f32]) -> Vec<f32> {
    assert_eq!(x.depth, w.depth);
    assert_eq!(bias.len(), w.rows());
    let outputs = w.rows();
    let mut out = vec![0f32; x.rows() * outputs];
    let pair_of_rows = |(p, out): (usize, &mut [f32])| {
        let r = 2 * p;
        let pair = out.len() / outputs;
        for c in (0..outputs).step_by(4) {
            let quad = (outputs - c).min(4);
            let sums = if pair == 2 && quad == 4 {
                tile(
                    [x.row(r), x.row(r + 1)],
                    [w.row(c), w.row(c + 1), w.row(c + 2), w.row(c + 3)],
                )
            } else {
                let mut s = [[0; 4]; 2];
                for (i, row) in s.iter_mut().enumerate().take(pair) {
                    for (j, sum) in row.iter_mut().enumerate().take(quad) {
                        *sum = dot(x.row(r + i), w.row(c + j));
                    }
                }
                s
            };
            for i in 0..pair {
                for j in 0..quad {
                    out[i * outputs + c + j] =
                        sums[i][j] as f32 * (x.scales[r + i] * w.scales[c + j]) + bias[c + j];
                }
            }
        }
    };
    let size = 2 * outputs.max(1);
    // Natively the rows are shared among the machine's cores (WebAssembly here has one thread).
    // Small products (one attention head's) are not worth a hand-off.
    #[cfg(not(target_arch = "wasm32"))]
    if x.values.len() * outputs >= 1 << 20 {
        use rayon::prelude::*;
        out.par_chunks_mut(size).enumerate().for_each(pair_of_rows);
        return out;
    }
    out.chunks_mut(size).enumerate().for_each(pair_of_rows);
    out
}

/// Two activation rows against four weight rows: eight sums, with AVX2 where the machine has it
/// (the command line and evaluation score thousands of drafts).
#[cfg(not(all(target_arch = "wasm32", target_feature = "simd128")))]
fn tile(a: [&[i16]; 2], w: [&[i16]; 4]) -> [[i64; 4]; 2] {
    #[cfg(target_arch = "x86_64")]
    if std::arch::is_x86_feature_detected!("avx2") {
        // SAFETY: the machine has AVX2 (checked above).
        return unsafe { avx2::tile(a, w) };
    }
    a.map(|a| w.map(|w| dot(a, w)))
}

/// The native products with x86's `vpmaddwd`, the instruction WebAssembly's
/// `i32x4.dot_i16x8_s` becomes there, sixteen values at a time.
#[cfg(target_arch = "x86_64")]
mod avx2 {
    use std::arch::x86_64::*;

    /// Values of a row summed in the eight i32 lanes before they are emptied into i64s: each
    /// lane then holds 64 products of at most 4,095², below 2³¹.
    const LANE_CHUNK: usize = 512;

    #[target_feature(enable = "avx2")]
    pub unsafe fn tile(a: [&[i16]; 2], w: [&[i16]; 4]) -> [[i64; 4]; 2] {
        let depth = a[0].len();
        let whole = depth - depth % 16;
        let mut sums = [[0i64; 4]; 2];
        for start in (0..whole).step_by(LANE_CHUNK) {
            let end = (start + LANE_CHUNK).min(whole);
            let mut acc = [[_mm256_setzero_si256(); 4]; 2];
            for k in (start..end).step_by(16) {
                // SAFETY: every row holds `depth` values and `k + 16 <= whole <= depth`; the
                // loads need no alignment.
                let x = [
                    _mm256_loadu_si256(a[0].as_ptr().add(k) as *const __m256i),
                    _mm256_loadu_si256(a[1].as_ptr().add(k) as *const __m256i),
                ];
                for (j, w) in w.iter().enumerate() {
                    let y = _mm256_loadu_si256(w.as_ptr().add(k) as *const __m256i);
                    acc[0][j] = _mm256_add_epi32(acc[0][j], _mm256_madd_epi16(x[0], y));
                    acc[1][j] = _mm256_add_epi32(acc[1][j], _mm256_madd_epi16(x[1], y));
                }
            }
            for (sums, acc) in sums.iter_mut().zip(&acc) {
                for (sum, v) in sums.iter_mut().zip(acc) {
                    let mut lanes = [0i32; 8];
                    _mm256_storeu_si256(lanes.as_mut_ptr() as *mut __m256i, *v);
                    *sum += lanes.iter().map(|&l| l as i64).sum::<i64>();
                }
            }
        }
        for (i, sums) in sums.iter_mut().enumerate() {
            for (j, sum) in sums.iter_mut().enumerate() {
                *sum += super::dot(&a[i][whole..], &w[j][whole..]);
            }
        }
        sums
    }
}

/// The exact dot product of two rows, one value at a time (for the values past the last whole
/// vector, and machines without the vectors used here).
fn dot(a: &[i16], b: &[i16]) -> i64 {
    a.iter().zip(b).map(|(&x, &y)| x as i64 * y as i64).sum()
}

/// Two activation rows against four weight rows: eight sums, eight values at a time, in eight
/// accumulators (with the six rows' vectors, they fit the sixteen registers of the machines the
/// browser compiles to).
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
fn tile(a: [&[i16]; 2], w: [&[i16]; 4]) -> [[i64; 4]; 2] {
    use std::arch::wasm32::*;
    let depth = a[0].len();
    let whole = depth - depth % 8;
    let mut sums = [[0i64; 4]; 2];
    for start in (0..whole).step_by(LANE_CHUNK) {
        let end = (start + LANE_CHUNK).min(whole);
        let mut acc = [[i32x4_splat(0); 4]; 2];
        for k in (start..end).step_by(8) {
            // SAFETY: every row holds `depth` values and `k + 8 <= whole <= depth`; v128 loads
            // need no alignment.
            unsafe {
                let x = [
                    v128_load(a[0].as_ptr().add(k) as *const v128),
                    v128_load(a[1].as_ptr().add(k) as *const v128),
                ];
                for (j, w) in w.iter().enumerate() {
                    let y = v128_load(w.as_ptr().add(k) as *const v128);
                    acc[0][j] = i32x4_add(acc[0][j], i32x4_dot_i16x8(x[0], y));
                    acc[1][j] = i32x4_add(acc[1][j], i32x4_dot_i16x8(x[1], y));
                }
            }
        }
        for (sums, acc) in sums.iter_mut().zip(&acc) {
            for (sum, v) in sums.iter_mut().zip(acc) {
                *sum += i32x4_extract_lane::<0>(*v) as i64
                    + i32x4_extract_lane::<1>(*v) as i64
                    + i32x4_extract_lane::<2>(*v) as i64
                    + i32x4_extract_lane::<3>(*v) as i64;
            }
        }
    }
    for (i, sums) in sums.iter_mut().enumerate() {
        for (j, sum) in sums.iter_mut().enumerate() {
            *sum += dot(&a[i][whole..], &w[j][whole..]);
        }
    }
    sums
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn products_match_f32_within_the_rounding() {
        // Rows of 19 (not a multiple of 8) and 3 × 5 outputs (not multiples of the tile).
        let depth = 19;
        let x: Vec<f32> = (0..3 * depth)
            .map(|i| ((i * 37 % 23) as f32 - 11.0) / 7.0)
            .collect();
        let w: Vec<f32> = (0..5 * depth)
            .map(|i| ((i * 13 % 17) as f32 - 8.0) / 50.0)
            .collect();
        let bias = [0.5, -1.0, 0.0, 2.0, 0.25];
        let got = linear(&Scaled::new(&x, depth), &Scaled::new(&w, depth), &bias);
        for r in 0..3 {
            for c in 0..5 {
                let exact = (0..depth)
                    .map(|i| x[r * depth + i] * w[c * depth + i])
                    .sum::<f32>()
                    + bias[c];
                let got = got[r * 5 + c];
                assert!((got - exact).abs() < 1e-3, "{r},{c}: {got} against {exact}");
            }
        }
    }

    #[test]
    fn the_largest_values_in_the_longest_rows_do_not_overflow() {
        // Every value at the limit, rows as long as the encoder's widest (1,536) and longer:
        // the sum must be the exact product, not a wrapped one.
        for depth in [1536, 4096 + 3] {
            let x = Scaled::new(&vec![1.0; 4 * depth], depth);
            let w = Scaled::new(&vec![-1.0; 4 * depth], depth);
            assert!(x.values.iter().all(|&v| v == RANGE as i16));
            let sums = tile(
                [x.row(0), x.row(1)],
                [w.row(0), w.row(1), w.row(2), w.row(3)],
            );
            let exact = -(RANGE as i64) * (RANGE as i64) * depth as i64;
            assert!(sums.iter().flatten().all(|&s| s == exact), "{sums:?}");
            let out = linear(&x, &w, &[0.0; 4]);
            assert!(out
                .iter()
                .all(|&v| (v + depth as f32).abs() < 1e-2 * depth as f32));
        }
    }

    #[test]
    fn zero_rows_and_values_that_are_not_finite_stay_finite() {
        let s = Scaled::new(&[0.0, 0.0, f32::NAN, 1.0, f32::INFINITY, -2.0], 2);
        assert_eq!(s.scales[0], 1.0);
        assert_eq!(s.row(1), [0, RANGE as i16]);
        assert_eq!(s.row(2), [0, -(RANGE as i16)]);
        let out = linear(&s, &Scaled::new(&[1.0, 1.0], 2), &[0.5]);
        assert!(out.iter().all(|v| v.is_finite()));
        assert_eq!(out[0], 0.5);
        // A subnormal row: scaling it up would overflow the scale; it is read as zeros.
        let tiny = Scaled::new(&[1e-40, -1e-41, 3.0, 1.0], 2);
        assert_eq!(tiny.row(0), [0, 0]);
        assert_eq!(tiny.row(1), [RANGE as i16, 1365]);
    }
}
