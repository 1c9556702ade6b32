;; FerroSIM forward-Euler Jacobi sweep with WebAssembly SIMD (f64x2 lanes = (px, py) of one site).
;; State layout: padded (n+2)x(n+2) grid, 16 bytes per site (px, py interleaved, little-endian f64).
;; Per-site arrays (defects, k, α_dep) use the same padded indexing so one pointer walks them all.
;;
;; Force (spec §3) rewritten as g = c·(a1 + k + a2·c² + a3·c⊥²) − (k/4)·S − E_loc, with c the clipped
;; self value, S the 4-neighbour sum (unclipped) and c⊥² the squared other component (lane swap);
;; a1 = 2α1, a2 = 4α2, a3 = 2α3 (tetragonal/rhombohedral) or α1, α2, 0 (squareelectric/uniaxial).
;; The update is p ← p + h·g per lane (h = −γ·dt; h_x = 0 freezes px for uniaxial).
(module
  (memory (export "memory") 1)

  ;; Uniform k and α_dep: e = E_app − α_dep·⟨p⟩ is one vector per step, a1k = a1 + k, kq = k/4.
  ;; Writes Σ p_new (two f64) at $out.
  (func (export "stepUniform")
    (param $src i32) (param $dst i32) (param $def i32) (param $n i32)
    (param $a1k f64) (param $a2 f64) (param $a3 f64) (param $kq f64)
    (param $ex f64) (param $ey f64) (param $hx f64) (param $hy f64) (param $out i32)
    (v128.store (local.get $out) (call $sweepUniform (local.get $src) (local.get $dst) (local.get $def) (local.get $n)
      (local.get $a1k) (local.get $a2) (local.get $a3) (local.get $kq)
      (local.get $ex) (local.get $ey) (local.get $hx) (local.get $hy))))

  ;; A whole run with uniform k and α_dep and an open boundary (zero ghost ring): steps 1…T−1 of
  ;; stepUniform with the drive computed here exactly as simulate.ts does (e = Ec·E(t) − α_dep·Σp/N,
  ;; h = −γ·(t_t − t_{t−1}), h_x = 0 when $hxOff), from Σp of the initial state ($sx, $sy).
  ;; $field: T × 2 f64 (Ec units), $time: T f64; writes ⟨p⟩(t) at $mean as [comp][t] (2·T f64, t ≥ 1).
  ;; Returns the address of the final state ($src or $dst).
  (func (export "runUniform")
    (param $src i32) (param $dst i32) (param $def i32) (param $n i32)
    (param $a1k f64) (param $a2 f64) (param $a3 f64) (param $kq f64) (param $dep f64)
    (param $ec f64) (param $gamma f64) (param $hxOff i32) (param $sites f64)
    (param $field i32) (param $time i32) (param $steps i32) (param $mean i32) (param $sx f64) (param $sy f64)
    (result i32)
    (local $t i32) (local $h f64) (local $sum v128) (local $swap i32) (local $fp i32) (local $tp i32)
    (local.set $t (i32.const 1))
    (block $done
      (loop $steps_loop
        (br_if $done (i32.ge_u (local.get $t) (local.get $steps)))
        (local.set $fp (i32.add (local.get $field) (i32.shl (local.get $t) (i32.const 4))))
        (local.set $tp (i32.add (local.get $time) (i32.shl (local.get $t) (i32.const 3))))
        (local.set $h (f64.mul (f64.neg (local.get $gamma))
          (f64.sub (f64.load (local.get $tp)) (f64.load offset=0 (i32.sub (local.get $tp) (i32.const 8))))))
        (local.set $sum (call $sweepUniform (local.get $src) (local.get $dst) (local.get $def) (local.get $n)
          (local.get $a1k) (local.get $a2) (local.get $a3) (local.get $kq)
          (f64.sub (f64.mul (local.get $ec) (f64.load (local.get $fp)))
            (f64.mul (local.get $dep) (f64.div (local.get $sx) (local.get $sites))))
          (f64.sub (f64.mul (local.get $ec) (f64.load offset=8 (local.get $fp)))
            (f64.mul (local.get $dep) (f64.div (local.get $sy) (local.get $sites))))
          (select (f64.const 0) (local.get $h) (local.get $hxOff))
          (local.get $h)))
        (local.set $sx (f64x2.extract_lane 0 (local.get $sum)))
        (local.set $sy (f64x2.extract_lane 1 (local.get $sum)))
        (f64.store (i32.add (local.get $mean) (i32.shl (local.get $t) (i32.const 3)))
          (f64.div (local.get $sx) (local.get $sites)))
        (f64.store (i32.add (local.get $mean) (i32.shl (i32.add (local.get $t) (local.get $steps)) (i32.const 3)))
          (f64.div (local.get $sy) (local.get $sites)))
        (local.set $swap (local.get $src))
        (local.set $src (local.get $dst))
        (local.set $dst (local.get $swap))
        (local.set $t (i32.add (local.get $t) (i32.const 1)))
        (br $steps_loop)))
    (local.get $src))

  ;; One uniform sweep src → dst; returns Σ p_new as (Σpx, Σpy).
  (func $sweepUniform
    (param $src i32) (param $dst i32) (param $def i32) (param $n i32)
    (param $a1k f64) (param $a2 f64) (param $a3 f64) (param $kq f64)
    (param $ex f64) (param $ey f64) (param $hx f64) (param $hy f64)
    (result v128)
    (local $row i32) (local $pl i32) (local $end i32) (local $rowBytes i32)
    (local $dDst i32) (local $dDef i32)
    (local $vA1 v128) (local $vA2 v128) (local $vA3 v128) (local $vKq v128) (local $vE v128) (local $vH v128)
    (local $lo v128) (local $hi v128) (local $sum v128)
    (local $p v128) (local $c v128) (local $c2 v128) (local $s v128) (local $g v128) (local $np v128)
    (local.set $rowBytes (i32.shl (i32.add (local.get $n) (i32.const 2)) (i32.const 4)))
    (local.set $dDst (i32.sub (local.get $dst) (local.get $src)))
    (local.set $dDef (i32.sub (local.get $def) (local.get $src)))
    (local.set $vA1 (f64x2.splat (local.get $a1k)))
    (local.set $vA2 (f64x2.splat (local.get $a2)))
    (local.set $vA3 (f64x2.splat (local.get $a3)))
    (local.set $vKq (f64x2.splat (local.get $kq)))
    (local.set $vE (f64x2.replace_lane 1 (f64x2.splat (local.get $ex)) (local.get $ey)))
    (local.set $vH (f64x2.replace_lane 1 (f64x2.splat (local.get $hx)) (local.get $hy)))
    (local.set $lo (f64x2.splat (f64.const -10)))
    (local.set $hi (f64x2.splat (f64.const 10)))
    (local.set $sum (f64x2.splat (f64.const 0)))
    (local.set $row (i32.const 0))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $row) (local.get $n)))
        ;; $pl points one site left of (row, 0): src + ((row+1)(n+2) + 1)·16 − 16.
        (local.set $pl (i32.add (local.get $src)
          (i32.mul (i32.add (local.get $row) (i32.const 1)) (local.get $rowBytes))))
        (local.set $end (i32.add (local.get $pl) (i32.shl (local.get $n) (i32.const 4))))
        (loop $sites
          (local.set $p (v128.load offset=16 (local.get $pl)))
          (local.set $c (f64x2.pmin (f64x2.pmax (local.get $p) (local.get $lo)) (local.get $hi)))
          (local.set $s (f64x2.add
            (f64x2.add (v128.load offset=16 (i32.sub (local.get $pl) (local.get $rowBytes)))
                       (v128.load offset=16 (i32.add (local.get $pl) (local.get $rowBytes))))
            (f64x2.add (v128.load (local.get $pl)) (v128.load offset=32 (local.get $pl)))))
          (local.set $c2 (f64x2.mul (local.get $c) (local.get $c)))
          (local.set $g (f64x2.mul (local.get $c)
            (f64x2.add
              (f64x2.add (local.get $vA1) (f64x2.mul (local.get $vA2) (local.get $c2)))
              (f64x2.mul (local.get $vA3)
                (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $c2) (local.get $c2))))))
          (local.set $g (f64x2.sub
            (f64x2.sub (local.get $g) (f64x2.mul (local.get $vKq) (local.get $s)))
            (f64x2.add (local.get $vE) (v128.load offset=16 (i32.add (local.get $pl) (local.get $dDef))))))
          (local.set $np (f64x2.add (local.get $p) (f64x2.mul (local.get $vH) (local.get $g))))
          (v128.store offset=16 (i32.add (local.get $pl) (local.get $dDst)) (local.get $np))
          (local.set $sum (f64x2.add (local.get $sum) (local.get $np)))
          (local.set $pl (i32.add (local.get $pl) (i32.const 16)))
          (br_if $sites (i32.lt_u (local.get $pl) (local.get $end))))
        (local.set $row (i32.add (local.get $row) (i32.const 1)))
        (br $rows)))
    (local.get $sum))

  ;; Per-site k and α_dep: $kk holds (k, k) and $dep holds (α, α) per padded site (16 bytes each).
  ;; E_loc = E_app − α·⟨p⟩ + D per site; (mx, my) = ⟨p⟩ of the previous state.
  (func (export "stepSites")
    (param $src i32) (param $dst i32) (param $def i32) (param $kk i32) (param $dep i32) (param $n i32)
    (param $a1 f64) (param $a2 f64) (param $a3 f64)
    (param $ex f64) (param $ey f64) (param $mx f64) (param $my f64) (param $hx f64) (param $hy f64) (param $out i32)
    (local $row i32) (local $pl i32) (local $end i32) (local $rowBytes i32)
    (local $dDst i32) (local $dDef i32) (local $dK i32) (local $dDep i32)
    (local $vA1 v128) (local $vA2 v128) (local $vA3 v128) (local $vE v128) (local $vM v128) (local $vH v128)
    (local $vQ v128) (local $lo v128) (local $hi v128) (local $sum v128)
    (local $p v128) (local $c v128) (local $c2 v128) (local $s v128) (local $g v128) (local $np v128) (local $k v128)
    (local.set $rowBytes (i32.shl (i32.add (local.get $n) (i32.const 2)) (i32.const 4)))
    (local.set $dDst (i32.sub (local.get $dst) (local.get $src)))
    (local.set $dDef (i32.sub (local.get $def) (local.get $src)))
    (local.set $dK (i32.sub (local.get $kk) (local.get $src)))
    (local.set $dDep (i32.sub (local.get $dep) (local.get $src)))
    (local.set $vA1 (f64x2.splat (local.get $a1)))
    (local.set $vA2 (f64x2.splat (local.get $a2)))
    (local.set $vA3 (f64x2.splat (local.get $a3)))
    (local.set $vE (f64x2.replace_lane 1 (f64x2.splat (local.get $ex)) (local.get $ey)))
    (local.set $vM (f64x2.replace_lane 1 (f64x2.splat (local.get $mx)) (local.get $my)))
    (local.set $vH (f64x2.replace_lane 1 (f64x2.splat (local.get $hx)) (local.get $hy)))
    (local.set $vQ (f64x2.splat (f64.const 0.25)))
    (local.set $lo (f64x2.splat (f64.const -10)))
    (local.set $hi (f64x2.splat (f64.const 10)))
    (local.set $sum (f64x2.splat (f64.const 0)))
    (local.set $row (i32.const 0))
    (block $rows_done
      (loop $rows
        (br_if $rows_done (i32.ge_u (local.get $row) (local.get $n)))
        (local.set $pl (i32.add (local.get $src)
          (i32.mul (i32.add (local.get $row) (i32.const 1)) (local.get $rowBytes))))
        (local.set $end (i32.add (local.get $pl) (i32.shl (local.get $n) (i32.const 4))))
        (loop $sites
          (local.set $p (v128.load offset=16 (local.get $pl)))
          (local.set $k (v128.load offset=16 (i32.add (local.get $pl) (local.get $dK))))
          (local.set $c (f64x2.pmin (f64x2.pmax (local.get $p) (local.get $lo)) (local.get $hi)))
          (local.set $s (f64x2.add
            (f64x2.add (v128.load offset=16 (i32.sub (local.get $pl) (local.get $rowBytes)))
                       (v128.load offset=16 (i32.add (local.get $pl) (local.get $rowBytes))))
            (f64x2.add (v128.load (local.get $pl)) (v128.load offset=32 (local.get $pl)))))
          (local.set $c2 (f64x2.mul (local.get $c) (local.get $c)))
          (local.set $g (f64x2.mul (local.get $c)
            (f64x2.add
              (f64x2.add (f64x2.add (local.get $vA1) (local.get $k)) (f64x2.mul (local.get $vA2) (local.get $c2)))
              (f64x2.mul (local.get $vA3)
                (i8x16.shuffle 8 9 10 11 12 13 14 15 0 1 2 3 4 5 6 7 (local.get $c2) (local.get $c2))))))
          (local.set $g (f64x2.sub
            (f64x2.sub (local.get $g) (f64x2.mul (f64x2.mul (local.get $k) (local.get $vQ)) (local.get $s)))
            (f64x2.add
              (f64x2.sub (local.get $vE)
                (f64x2.mul (v128.load offset=16 (i32.add (local.get $pl) (local.get $dDep))) (local.get $vM)))
              (v128.load offset=16 (i32.add (local.get $pl) (local.get $dDef))))))
          (local.set $np (f64x2.add (local.get $p) (f64x2.mul (local.get $vH) (local.get $g))))
          (v128.store offset=16 (i32.add (local.get $pl) (local.get $dDst)) (local.get $np))
          (local.set $sum (f64x2.add (local.get $sum) (local.get $np)))
          (local.set $pl (i32.add (local.get $pl) (i32.const 16)))
          (br_if $sites (i32.lt_u (local.get $pl) (local.get $end))))
        (local.set $row (i32.add (local.get $row) (i32.const 1)))
        (br $rows)))
    (v128.store (local.get $out) (local.get $sum)))
)
