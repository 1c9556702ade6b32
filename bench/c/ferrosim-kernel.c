/*
 * C reference of the FerroSIM W2 grid sweep (bench sweep-vs-c): the same model, inputs and summaries as
 * `ferroloop sweep grid` with the default base spec — n = 20 tetragonal, reference physics (open dynamics,
 * periodic curl), deterministic forward Euler, 900 + 50 field samples on y, 40 seeded defects U(-3, 3) Ec,
 * seeded 0.1·N(0,1) initial state — with the update written in the wasm kernel's operation order
 * (compile with -ffp-contract=off so no FMA changes the rounding).
 *
 * Usage: ferrosim-kernel KMIN KMAX KCOUNT DMIN DMAX DCOUNT THREADS OUT.csv
 * Writes the CSV of `ferroloop sweep grid` (k, depAlpha, 7 summaries, %.17g) and "seconds S" (sweep wall) on stderr.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#ifdef _OPENMP
#include <omp.h>
#endif

#define N 20
#define SITES (N * N)
#define W (N + 2)
#define SAMPLES 900
#define HOLD 50
#define STEPS (SAMPLES + HOLD)
#define CLIP 10.0

/* ---- seeded RNG: xoshiro128** seeded by splitmix32 (src/sim/rng.ts) ---- */
typedef struct { uint32_t s0, s1, s2, s3; int hasSpare; double spare; } Rng;

static uint32_t rotl(uint32_t x, int k) { return (x << k) | (x >> (32 - k)); }

static void rngInit(Rng *r, uint32_t seed) {
  uint32_t x = seed;
  uint32_t *s[4] = { &r->s0, &r->s1, &r->s2, &r->s3 };
  for (int i = 0; i < 4; i++) {
    x += 0x9e3779b9u;
    uint32_t z = x;
    z = (z ^ (z >> 16)) * 0x85ebca6bu;
    z = (z ^ (z >> 13)) * 0xc2b2ae35u;
    *s[i] = z ^ (z >> 16);
  }
  r->hasSpare = 0;
}

static uint32_t rngNext(Rng *r) {
  uint32_t result = rotl(r->s1 * 5u, 7) * 9u;
  uint32_t t = r->s1 << 9;
  r->s2 ^= r->s0; r->s3 ^= r->s1; r->s1 ^= r->s2; r->s0 ^= r->s3; r->s2 ^= t; r->s3 = rotl(r->s3, 11);
  return result;
}

static double rngUniform(Rng *r) {
  double hi = (double)(rngNext(r) >> 5), lo = (double)(rngNext(r) >> 6);
  return (hi * 67108864.0 + lo) / 9007199254740992.0;
}

static uint32_t rngInt(Rng *r, uint32_t n) {
  uint64_t limit = 4294967296ull - (4294967296ull % n);
  for (;;) { uint32_t v = rngNext(r); if (v < limit) return v % n; }
}

static double rngNormal(Rng *r) {
  if (r->hasSpare) { r->hasSpare = 0; return r->spare; }
  for (;;) {
    double u = 2 * rngUniform(r) - 1, v = 2 * rngUniform(r) - 1, s = u * u + v * v;
    if (s > 0 && s < 1) { double f = sqrt((-2 * log(s)) / s); r->spare = v * f; r->hasSpare = 1; return u * f; }
  }
}

/* ---- the run's shared inputs (identical for every grid point) ---- */
static double ec, a1, a2, a3;            /* coercive field, self coefficients 2α1, 4α2, 2α3 */
static double fieldY[STEPS];             /* applied field on y, Ec units */
static double timeVec[STEPS];
static double defect[2 * W * W];         /* padded, (x, y) interleaved, absolute units */
static double initial[2 * W * W];        /* padded, (x, y) interleaved */

static void setupInputs(void) {
  const double alpha1 = -1.6, alpha2 = 12.2, alpha3 = 40.0;
  ec = (-2.0 / 3.0) * alpha1 * sqrt(fabs(-alpha1 / (3 * alpha2)));
  a1 = 2 * alpha1; a2 = 4 * alpha2; a3 = 2 * alpha3;
  for (int t = 0; t < STEPS; t++) timeVec[t] = (double)t / (SAMPLES - 1);
  for (int t = 0; t < SAMPLES; t++) {
    double tt = (double)t / (SAMPLES - 1);
    fieldY[t] = 0.5 * exp(1.0 * tt) * sin(2.4 * M_PI * tt) + 0.1;
  }
  for (int t = SAMPLES; t < STEPS; t++) fieldY[t] = fieldY[SAMPLES - 1];
  Rng r;
  rngInit(&r, 1);                         /* defects: 40 distinct sites, (U(-3,3), U(-3,3)) Ec each */
  uint32_t pool[SITES];
  for (int i = 0; i < SITES; i++) pool[i] = i;
  uint32_t picks[40];
  for (int i = 0; i < 40; i++) {
    uint32_t j = i + rngInt(&r, SITES - i), tmp = pool[i];
    pool[i] = pool[j]; pool[j] = tmp; picks[i] = pool[i];
  }
  for (int i = 0; i < 40; i++) {
    int s = picks[i], pad = 2 * ((s / N + 1) * W + s % N + 1);
    defect[pad] = (-3 + 6 * rngUniform(&r)) * ec;
    defect[pad + 1] = (-3 + 6 * rngUniform(&r)) * ec;
  }
  rngInit(&r, 1);                         /* initial state: 0.1·N(0,1), px then py of each site in turn */
  for (int s = 0; s < SITES; s++) {
    int pad = 2 * ((s / N + 1) * W + s % N + 1);
    initial[pad] = 0.1 * rngNormal(&r);
    initial[pad + 1] = 0.1 * rngNormal(&r);
  }
}

/* ---- one run: forward Euler on the padded grid, zero ghost ring (open boundary) ---- */
typedef struct { double curl, mx, my, mag, ratio, areaX, areaY; } Summary;

static Summary runOne(double k, double dep, double *bufA, double *bufB, double *meanY) {
  memcpy(bufA, initial, sizeof initial);
  memset(bufB, 0, sizeof initial);
  double sx = 0, sy = 0;
  for (int i = 0; i < N; i++) for (int j = 0; j < N; j++) { sx += bufA[2 * ((i + 1) * W + j + 1)]; sy += bufA[2 * ((i + 1) * W + j + 1) + 1]; }
  double meanX0 = sx / SITES, prevMeanX = meanX0, areaX = 0;
  meanY[0] = sy / SITES;
  const double a1k = a1 + k, kq = k * 0.25;
  double *src = bufA, *dst = bufB;
  for (int t = 1; t < STEPS; t++) {
    const double ex = ec * 0.0, ey = ec * fieldY[t];
    const double mx = sx / SITES, my = sy / SITES;
    const double h = -1.0 * (timeVec[t] - timeVec[t - 1]);
    const double vex = ex - dep * mx, vey = ey - dep * my;
    double nsx = 0, nsy = 0;
    for (int i = 0; i < N; i++) {
      const double *p = src + 2 * ((i + 1) * W + 1);
      const double *d = defect + 2 * ((i + 1) * W + 1);
      double *q = dst + 2 * ((i + 1) * W + 1);
      for (int j = 0; j < N; j++, p += 2, d += 2, q += 2) {
        double px = p[0], py = p[1];
        double cx = px < -CLIP ? -CLIP : px, cy = py < -CLIP ? -CLIP : py;   /* f64x2.pmax then pmin */
        cx = CLIP < cx ? CLIP : cx; cy = CLIP < cy ? CLIP : cy;
        double snx = (p[-2 * W] + p[2 * W]) + (p[-2] + p[2]);
        double sny = (p[-2 * W + 1] + p[2 * W + 1]) + (p[-1] + p[3]);
        double cx2 = cx * cx, cy2 = cy * cy;
        double gx = cx * ((a1k + a2 * cx2) + a3 * cy2);
        double gy = cy * ((a1k + a2 * cy2) + a3 * cx2);
        gx = (gx - kq * snx) - (vex + d[0]);
        gy = (gy - kq * sny) - (vey + d[1]);
        double nx = px + h * gx, ny = py + h * gy;
        q[0] = nx; q[1] = ny;
        nsx += nx; nsy += ny;
      }
    }
    sx = nsx; sy = nsy;
    double *tmp = src; src = dst; dst = tmp;
    double meanX = sx / SITES;
    areaX += 0.5 * (meanX + prevMeanX) * (ex / ec * 0.0);  /* the x field is 0: every trapezoid is 0 */
    prevMeanX = meanX;
    meanY[t] = sy / SITES;
  }
  Summary out;
  double curl = 0, fx = 0, fy = 0;
  for (int i = 0; i < N; i++) {
    for (int j = 0; j < N; j++) {
#define AT(c, ii, jj) src[2 * (((((ii) + N) % N) + 1) * W + (((jj) + N) % N) + 1) + (c)]
      curl += fabs(0.5 * ((AT(1, i + 1, j) - AT(1, i - 1, j)) - (AT(0, i, j + 1) - AT(0, i, j - 1))));
#undef AT
      fx += src[2 * ((i + 1) * W + j + 1)];
      fy += src[2 * ((i + 1) * W + j + 1) + 1];
    }
  }
  out.curl = curl;
  out.mx = fx / SITES;
  out.my = fy / SITES;
  out.mag = hypot(out.mx, out.my);
  out.ratio = curl / out.mag;
  double areaY = 0;
  for (int t = 1; t < STEPS; t++) areaY += 0.5 * (meanY[t] + meanY[t - 1]) * (fieldY[t] - fieldY[t - 1]);
  out.areaX = fabs(areaX);
  out.areaY = fabs(areaY);
  return out;
}

static double axisValue(double lo, double hi, int count, int i) {
  double f = count == 1 ? 0 : (double)i / (count - 1);
  return lo + f * (hi - lo);
}

static double now(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec + 1e-9 * ts.tv_nsec;
}

int main(int argc, char **argv) {
  if (argc != 9) { fprintf(stderr, "usage: %s KMIN KMAX KCOUNT DMIN DMAX DCOUNT THREADS OUT.csv\n", argv[0]); return 2; }
  double kmin = atof(argv[1]), kmax = atof(argv[2]), dmin = atof(argv[4]), dmax = atof(argv[5]);
  int kc = atoi(argv[3]), dc = atoi(argv[6]), threads = atoi(argv[7]), runs = kc * dc;
#ifdef _OPENMP
  omp_set_num_threads(threads);
#else
  (void)threads;
#endif
  double t0 = now();
  setupInputs();
  Summary *res = malloc(sizeof(Summary) * runs);
#pragma omp parallel
  {
    double *a = aligned_alloc(64, sizeof initial), *b = aligned_alloc(64, sizeof initial);
    double meanY[STEPS];
#pragma omp for schedule(dynamic, 16)
    for (int r = 0; r < runs; r++) res[r] = runOne(axisValue(kmin, kmax, kc, r % kc), axisValue(dmin, dmax, dc, r / kc), a, b, meanY);
    free(a); free(b);
  }
  double seconds = now() - t0;
  FILE *f = fopen(argv[8], "w");
  if (!f) { perror(argv[8]); return 1; }
  fprintf(f, "k,depAlpha,curlAbsSum,meanPx,meanPy,meanPMagnitude,curlOverPolarization,loopAreaX,loopAreaY\n");
  for (int r = 0; r < runs; r++) {
    Summary s = res[r];
    fprintf(f, "%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g,%.17g\n", axisValue(kmin, kmax, kc, r % kc), axisValue(dmin, dmax, dc, r / kc),
      s.curl, s.mx, s.my, s.mag, s.ratio, s.areaX, s.areaY);
  }
  fclose(f);
  fprintf(stderr, "seconds %.6f\n", seconds);
  free(res);
  return 0;
}
