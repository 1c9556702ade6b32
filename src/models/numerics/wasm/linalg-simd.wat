;; Float64 dense linear algebra for the GP with WebAssembly SIMD (f64x2). All matrices row-major, addresses
;; in bytes, sizes in doubles. Written by hand; assembled to linalg-simd.wasm.ts (see the header there).
(module
  (memory (export "memory") 1)

  ;; Σ_{k<len} a[k]·b[k] for doubles at byte addresses $a, $b (any alignment): 4 per step in two f64x2
  ;; accumulators, then a scalar tail.
  (func $dot (export "dot") (param $a i32) (param $b i32) (param $len i32) (result f64)
    (local $acc0 v128) (local $acc1 v128) (local $end i32) (local $s f64)
    (local.set $end (i32.add (local.get $a) (i32.shl (i32.and (local.get $len) (i32.const -4)) (i32.const 3))))
    (block $done
      (loop $step
        (br_if $done (i32.ge_u (local.get $a) (local.get $end)))
        (local.set $acc0 (f64x2.add (local.get $acc0)
          (f64x2.mul (v128.load (local.get $a)) (v128.load (local.get $b)))))
        (local.set $acc1 (f64x2.add (local.get $acc1)
          (f64x2.mul (v128.load offset=16 (local.get $a)) (v128.load offset=16 (local.get $b)))))
        (local.set $a (i32.add (local.get $a) (i32.const 32)))
        (local.set $b (i32.add (local.get $b) (i32.const 32)))
        (br $step)))
    (local.set $acc0 (f64x2.add (local.get $acc0) (local.get $acc1)))
    (local.set $s (f64.add (f64x2.extract_lane 0 (local.get $acc0)) (f64x2.extract_lane 1 (local.get $acc0))))
    (local.set $end (i32.add (local.get $a) (i32.shl (i32.and (local.get $len) (i32.const 3)) (i32.const 3))))
    (block $tailDone
      (loop $tail
        (br_if $tailDone (i32.ge_u (local.get $a) (local.get $end)))
        (local.set $s (f64.add (local.get $s) (f64.mul (f64.load (local.get $a)) (f64.load (local.get $b)))))
        (local.set $a (i32.add (local.get $a) (i32.const 8)))
        (local.set $b (i32.add (local.get $b) (i32.const 8)))
        (br $tail)))
    (local.get $s))

  ;; Cholesky–Banachiewicz: L (n x n at $L, zero-filled by the caller) with L Lᵀ = A + jitter·I, reading the
  ;; lower triangle of A (at $A). Returns 1, or 0 at the first non-positive, NaN or infinite pivot.
  (func (export "cholesky") (param $A i32) (param $L i32) (param $n i32) (param $jitter f64) (result i32)
    (local $i i32) (local $j i32) (local $row i32) (local $ri i32) (local $rj i32) (local $v f64)
    (local.set $row (i32.shl (local.get $n) (i32.const 3)))
    (block $iDone
      (loop $iLoop
        (br_if $iDone (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $ri (i32.mul (local.get $i) (local.get $row)))
        (local.set $j (i32.const 0))
        (block $jDone
          (loop $jLoop
            (br_if $jDone (i32.ge_u (local.get $j) (local.get $i)))
            (local.set $rj (i32.mul (local.get $j) (local.get $row)))
            (f64.store
              (i32.add (i32.add (local.get $L) (local.get $ri)) (i32.shl (local.get $j) (i32.const 3)))
              (f64.div
                (f64.sub
                  (f64.load (i32.add (i32.add (local.get $A) (local.get $ri)) (i32.shl (local.get $j) (i32.const 3))))
                  (call $dot (i32.add (local.get $L) (local.get $ri)) (i32.add (local.get $L) (local.get $rj)) (local.get $j)))
                (f64.load (i32.add (i32.add (local.get $L) (local.get $rj)) (i32.shl (local.get $j) (i32.const 3))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $jLoop)))
        (local.set $v
          (f64.sub
            (f64.add (f64.load (i32.add (i32.add (local.get $A) (local.get $ri)) (i32.shl (local.get $i) (i32.const 3))))
                     (local.get $jitter))
            (call $dot (i32.add (local.get $L) (local.get $ri)) (i32.add (local.get $L) (local.get $ri)) (local.get $i))))
        ;; v > 0 and finite (v − v is NaN for ±∞ and NaN)
        (if (i32.or (i32.eqz (f64.gt (local.get $v) (f64.const 0)))
                    (f64.ne (f64.sub (local.get $v) (local.get $v)) (f64.const 0)))
          (then (return (i32.const 0))))
        (f64.store (i32.add (i32.add (local.get $L) (local.get $ri)) (i32.shl (local.get $i) (i32.const 3)))
          (f64.sqrt (local.get $v)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $iLoop)))
    (i32.const 1))

  ;; U = L⁻ᵀ (upper triangular, at $U, zero-filled by the caller): U[j][j] = 1/L[j][j],
  ;; U[j][i] = −(L[i][j:i]·U[j][j:i]) / L[i][i] for i > j.
  (func (export "inverseLowerTransposed") (param $L i32) (param $U i32) (param $n i32)
    (local $i i32) (local $j i32) (local $row i32) (local $ri i32) (local $rj i32) (local $jb i32)
    (local.set $row (i32.shl (local.get $n) (i32.const 3)))
    (block $jDone
      (loop $jLoop
        (br_if $jDone (i32.ge_u (local.get $j) (local.get $n)))
        (local.set $rj (i32.mul (local.get $j) (local.get $row)))
        (local.set $jb (i32.shl (local.get $j) (i32.const 3)))
        (f64.store (i32.add (i32.add (local.get $U) (local.get $rj)) (local.get $jb))
          (f64.div (f64.const 1) (f64.load (i32.add (i32.add (local.get $L) (local.get $rj)) (local.get $jb)))))
        (local.set $i (i32.add (local.get $j) (i32.const 1)))
        (block $iDone
          (loop $iLoop
            (br_if $iDone (i32.ge_u (local.get $i) (local.get $n)))
            (local.set $ri (i32.mul (local.get $i) (local.get $row)))
            (f64.store (i32.add (i32.add (local.get $U) (local.get $rj)) (i32.shl (local.get $i) (i32.const 3)))
              (f64.div
                (f64.neg (call $dot
                  (i32.add (i32.add (local.get $L) (local.get $ri)) (local.get $jb))
                  (i32.add (i32.add (local.get $U) (local.get $rj)) (local.get $jb))
                  (i32.sub (local.get $i) (local.get $j))))
                (f64.load (i32.add (i32.add (local.get $L) (local.get $ri)) (i32.shl (local.get $i) (i32.const 3))))))
            (local.set $i (i32.add (local.get $i) (i32.const 1)))
            (br $iLoop)))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $jLoop)))
  )

  ;; A = U Uᵀ for upper-triangular U (at $U): A[i][j] = A[j][i] = U[i][j:]·U[j][j:] for j ≥ i.
  (func (export "upperGram") (param $U i32) (param $A i32) (param $n i32)
    (local $i i32) (local $j i32) (local $row i32) (local $ri i32) (local $rj i32) (local $v f64)
    (local.set $row (i32.shl (local.get $n) (i32.const 3)))
    (block $iDone
      (loop $iLoop
        (br_if $iDone (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $ri (i32.mul (local.get $i) (local.get $row)))
        (local.set $j (local.get $i))
        (block $jDone
          (loop $jLoop
            (br_if $jDone (i32.ge_u (local.get $j) (local.get $n)))
            (local.set $rj (i32.mul (local.get $j) (local.get $row)))
            (local.set $v (call $dot
              (i32.add (i32.add (local.get $U) (local.get $ri)) (i32.shl (local.get $j) (i32.const 3)))
              (i32.add (i32.add (local.get $U) (local.get $rj)) (i32.shl (local.get $j) (i32.const 3)))
              (i32.sub (local.get $n) (local.get $j))))
            (f64.store (i32.add (i32.add (local.get $A) (local.get $ri)) (i32.shl (local.get $j) (i32.const 3))) (local.get $v))
            (f64.store (i32.add (i32.add (local.get $A) (local.get $rj)) (i32.shl (local.get $i) (i32.const 3))) (local.get $v))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $jLoop)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $iLoop)))
  )

  ;; out[k] = ‖M K[k]ᵀ‖² for k < m. M: lower-triangular s x s at $M with zero padding (s even); K: m x s at $K
  ;; (m a multiple of 4, rows zero-padded to s). Blocked 4 rows of K x 2 rows of M in eight f64x2 accumulators;
  ;; rows i, i+1 of M are read over columns [0, i+2), where M[i][i+1] = 0.
  (func (export "quadForms") (param $M i32) (param $K i32) (param $s i32) (param $m i32) (param $out i32)
    (local $k i32) (local $i i32) (local $j i32) (local $row i32) (local $jEnd i32)
    (local $a0 i32) (local $mi i32)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local $t0 v128) (local $t1 v128) (local $t2 v128) (local $t3 v128)
    (local $mv v128) (local $mw v128) (local $b v128)
    (local $q0 f64) (local $q1 f64) (local $q2 f64) (local $q3 f64) (local $x f64)
    (local.set $row (i32.shl (local.get $s) (i32.const 3)))
    (block $kDone
      (loop $kLoop
        (br_if $kDone (i32.ge_u (local.get $k) (local.get $m)))
        (local.set $a0 (i32.add (local.get $K) (i32.mul (local.get $k) (local.get $row))))
        (local.set $q0 (f64.const 0)) (local.set $q1 (f64.const 0))
        (local.set $q2 (f64.const 0)) (local.set $q3 (f64.const 0))
        (local.set $i (i32.const 0))
        (block $iDone
          (loop $iLoop
            (br_if $iDone (i32.ge_u (local.get $i) (local.get $s)))
            (local.set $mi (i32.add (local.get $M) (i32.mul (local.get $i) (local.get $row))))
            (local.set $s0 (v128.const i64x2 0 0)) (local.set $s1 (v128.const i64x2 0 0))
            (local.set $s2 (v128.const i64x2 0 0)) (local.set $s3 (v128.const i64x2 0 0))
            (local.set $t0 (v128.const i64x2 0 0)) (local.set $t1 (v128.const i64x2 0 0))
            (local.set $t2 (v128.const i64x2 0 0)) (local.set $t3 (v128.const i64x2 0 0))
            (local.set $jEnd (i32.shl (i32.add (local.get $i) (i32.const 2)) (i32.const 3)))
            (local.set $j (i32.const 0))
            (block $jDone
              (loop $jLoop
                (br_if $jDone (i32.ge_u (local.get $j) (local.get $jEnd)))
                (local.set $mv (v128.load (i32.add (local.get $mi) (local.get $j))))
                (local.set $mw (v128.load (i32.add (i32.add (local.get $mi) (local.get $row)) (local.get $j))))
                (local.set $b (v128.load (i32.add (local.get $a0) (local.get $j))))
                (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $mv) (local.get $b))))
                (local.set $t0 (f64x2.add (local.get $t0) (f64x2.mul (local.get $mw) (local.get $b))))
                (local.set $b (v128.load (i32.add (i32.add (local.get $a0) (local.get $row)) (local.get $j))))
                (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $mv) (local.get $b))))
                (local.set $t1 (f64x2.add (local.get $t1) (f64x2.mul (local.get $mw) (local.get $b))))
                (local.set $b (v128.load (i32.add (i32.add (local.get $a0) (i32.shl (local.get $row) (i32.const 1))) (local.get $j))))
                (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (local.get $mv) (local.get $b))))
                (local.set $t2 (f64x2.add (local.get $t2) (f64x2.mul (local.get $mw) (local.get $b))))
                (local.set $b (v128.load (i32.add (i32.add (local.get $a0) (i32.mul (local.get $row) (i32.const 3))) (local.get $j))))
                (local.set $s3 (f64x2.add (local.get $s3) (f64x2.mul (local.get $mv) (local.get $b))))
                (local.set $t3 (f64x2.add (local.get $t3) (f64x2.mul (local.get $mw) (local.get $b))))
                (local.set $j (i32.add (local.get $j) (i32.const 16)))
                (br $jLoop)))
            (local.set $x (f64.add (f64x2.extract_lane 0 (local.get $s0)) (f64x2.extract_lane 1 (local.get $s0))))
            (local.set $q0 (f64.add (local.get $q0) (f64.mul (local.get $x) (local.get $x))))
            (local.set $x (f64.add (f64x2.extract_lane 0 (local.get $t0)) (f64x2.extract_lane 1 (local.get $t0))))
            (local.set $q0 (f64.add (local.get $q0) (f64.mul (local.get $x) (local.get $x))))
            (local.set $x (f64.add (f64x2.extract_lane 0 (local.get $s1)) (f64x2.extract_lane 1 (local.get $s1))))
            (local.set $q1 (f64.add (local.get $q1) (f64.mul (local.get $x) (local.get $x))))
            (local.set $x (f64.add (f64x2.extract_lane 0 (local.get $t1)) (f64x2.extract_lane 1 (local.get $t1))))
            (local.set $q1 (f64.add (local.get $q1) (f64.mul (local.get $x) (local.get $x))))
            (local.set $x (f64.add (f64x2.extract_lane 0 (local.get $s2)) (f64x2.extract_lane 1 (local.get $s2))))
            (local.set $q2 (f64.add (local.get $q2) (f64.mul (local.get $x) (local.get $x))))
            (local.set $x (f64.add (f64x2.extract_lane 0 (local.get $t2)) (f64x2.extract_lane 1 (local.get $t2))))
            (local.set $q2 (f64.add (local.get $q2) (f64.mul (local.get $x) (local.get $x))))
            (local.set $x (f64.add (f64x2.extract_lane 0 (local.get $s3)) (f64x2.extract_lane 1 (local.get $s3))))
            (local.set $q3 (f64.add (local.get $q3) (f64.mul (local.get $x) (local.get $x))))
            (local.set $x (f64.add (f64x2.extract_lane 0 (local.get $t3)) (f64x2.extract_lane 1 (local.get $t3))))
            (local.set $q3 (f64.add (local.get $q3) (f64.mul (local.get $x) (local.get $x))))
            (local.set $i (i32.add (local.get $i) (i32.const 2)))
            (br $iLoop)))
        (f64.store (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 3))) (local.get $q0))
        (f64.store offset=8 (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 3))) (local.get $q1))
        (f64.store offset=16 (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 3))) (local.get $q2))
        (f64.store offset=24 (i32.add (local.get $out) (i32.shl (local.get $k) (i32.const 3))) (local.get $q3))
        (local.set $k (i32.add (local.get $k) (i32.const 4)))
        (br $kLoop)))
  )

  ;; e^x for both lanes, x ≤ 0 (clamped at −708, where e^x ≈ 3e-308): x = k·ln2 + r, |r| ≤ ln2/2, e^r by its
  ;; degree-13 Taylor polynomial (truncation < 2e-16 relative), 2^k built in the exponent bits.
  (func $exp2x (param $x v128) (result v128)
    (local $k v128) (local $r v128) (local $p v128)
    (local.set $x (f64x2.max (local.get $x) (f64x2.splat (f64.const -708))))
    (local.set $k (f64x2.nearest (f64x2.mul (local.get $x) (f64x2.splat (f64.const 1.4426950408889634)))))
    (local.set $r (f64x2.sub
      (f64x2.sub (local.get $x) (f64x2.mul (local.get $k) (f64x2.splat (f64.const 0.6931471803691238))))
      (f64x2.mul (local.get $k) (f64x2.splat (f64.const 1.9082149292705877e-10)))))
    (local.set $p (f64x2.splat (f64.const 1.6059043836821613e-10)))
    (local.set $p (f64x2.add (f64x2.splat (f64.const 2.08767569878681e-09)) (f64x2.mul (local.get $p) (local.get $r))))
    (local.set $p (f64x2.add (f64x2.splat (f64.const 2.505210838544172e-08)) (f64x2.mul (local.get $p) (local.get $r))))
    (local.set $p (f64x2.add (f64x2.splat (f64.const 2.755731922398589e-07)) (f64x2.mul (local.get $p) (local.get $r))))
    (local.set $p (f64x2.add (f64x2.splat (f64.const 2.7557319223985893e-06)) (f64x2.mul (local.get $p) (local.get $r))))
    (local.set $p (f64x2.add (f64x2.splat (f64.const 2.48015873015873e-05)) (f64x2.mul (local.get $p) (local.get $r))))
    (local.set $p (f64x2.add (f64x2.splat (f64.const 0.0001984126984126984)) (f64x2.mul (local.get $p) (local.get $r))))
    (local.set $p (f64x2.add (f64x2.splat (f64.const 0.001388888888888889)) (f64x2.mul (local.get $p) (local.get $r))))
    (local.set $p (f64x2.add (f64x2.splat (f64.const 0.008333333333333333)) (f64x2.mul (local.get $p) (local.get $r))))
    (local.set $p (f64x2.add (f64x2.splat (f64.const 0.041666666666666664)) (f64x2.mul (local.get $p) (local.get $r))))
    (local.set $p (f64x2.add (f64x2.splat (f64.const 0.16666666666666666)) (f64x2.mul (local.get $p) (local.get $r))))
    (local.set $p (f64x2.add (f64x2.splat (f64.const 0.5)) (f64x2.mul (local.get $p) (local.get $r))))
    (local.set $p (f64x2.add (f64x2.splat (f64.const 1)) (f64x2.mul (local.get $p) (local.get $r))))
    (local.set $p (f64x2.add (f64x2.splat (f64.const 1)) (f64x2.mul (local.get $p) (local.get $r))))
    ;; 2^k: (k + 1023) << 52 as the bits of a double (k ≥ −1022 after the clamp)
    (f64x2.mul (local.get $p)
      (i64x2.shl
        (i64x2.extend_low_i32x4_s
          (i32x4.add (i32x4.trunc_sat_f64x2_s_zero (local.get $k)) (i32x4.splat (i32.const 1023))))
        (i32.const 52))))

  ;; exp on a pair (testing hook): writes e^x for the two doubles at $p in place.
  (func (export "exp2") (param $p i32)
    (v128.store (local.get $p) (call $exp2x (v128.load (local.get $p)))))

  ;; Cross kernel of scaled inputs: out (m x s, row stride s even) with
  ;; out[a][b] = s2·g(‖Za[a] − Zb[b]‖) for b < s, where Za is m x d row-major and ZbT is d x s (Zb transposed,
  ;; zero-padded columns). kind 0: g = exp(−r²/2) (RBF); kind 1: (1 + √5 r + 5r²/3)·exp(−√5 r) (Matérn-5/2).
  (func (export "crossKernel") (param $Za i32) (param $ZbT i32) (param $m i32) (param $s i32) (param $d i32)
    (param $kind i32) (param $s2 f64) (param $out i32)
    (local $a i32) (local $b i32) (local $i i32) (local $row i32) (local $o i32) (local $za i32)
    (local $r2 v128) (local $t v128) (local $r v128) (local $vs2 v128)
    (local.set $row (i32.shl (local.get $s) (i32.const 3)))
    (local.set $vs2 (f64x2.splat (local.get $s2)))
    (block $aDone
      (loop $aLoop
        (br_if $aDone (i32.ge_u (local.get $a) (local.get $m)))
        (local.set $za (i32.add (local.get $Za) (i32.shl (i32.mul (local.get $a) (local.get $d)) (i32.const 3))))
        (local.set $o (i32.add (local.get $out) (i32.mul (local.get $a) (local.get $row))))
        (local.set $b (i32.const 0))
        (block $bDone
          (loop $bLoop
            (br_if $bDone (i32.ge_u (local.get $b) (local.get $row)))
            (local.set $r2 (v128.const i64x2 0 0))
            (local.set $i (i32.const 0))
            (block $iDone
              (loop $iLoop
                (br_if $iDone (i32.ge_u (local.get $i) (local.get $d)))
                (local.set $t (f64x2.sub
                  (f64x2.splat (f64.load (i32.add (local.get $za) (i32.shl (local.get $i) (i32.const 3)))))
                  (v128.load (i32.add (i32.add (local.get $ZbT) (i32.mul (local.get $i) (local.get $row))) (local.get $b)))))
                (local.set $r2 (f64x2.add (local.get $r2) (f64x2.mul (local.get $t) (local.get $t))))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br $iLoop)))
            (if (i32.eqz (local.get $kind))
              (then
                (v128.store (i32.add (local.get $o) (local.get $b))
                  (f64x2.mul (local.get $vs2) (call $exp2x (f64x2.mul (local.get $r2) (f64x2.splat (f64.const -0.5)))))))
              (else
                (local.set $r (f64x2.sqrt (local.get $r2)))
                (v128.store (i32.add (local.get $o) (local.get $b))
                  (f64x2.mul
                    (f64x2.mul (local.get $vs2)
                      (f64x2.add (f64x2.splat (f64.const 1))
                        (f64x2.add (f64x2.mul (local.get $r) (f64x2.splat (f64.const 2.23606797749979)))
                                   (f64x2.mul (local.get $r2) (f64x2.splat (f64.const 1.6666666666666667))))))
                    (call $exp2x (f64x2.mul (local.get $r) (f64x2.splat (f64.const -2.23606797749979))))))))
            (local.set $b (i32.add (local.get $b) (i32.const 16)))
            (br $bLoop)))
        (local.set $a (i32.add (local.get $a) (i32.const 1)))
        (br $aLoop)))
  )
)
