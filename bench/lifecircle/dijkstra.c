/* The compiled baseline of `npm run bench -- lifecircle`: the same accessibility pass as
   server/src/modules/lifecircle/network/accessibility.ts (one multi-source Dijkstra per kind over the
   CSR graph, binary heap with lazy deletion), in C, built by gcc -O2 at run time. Reads the graph and
   the snapped sources the benchmark wrote, times the pass alone (no I/O), prints
   "<median ms> <checksum> <unreachable>". */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double *hk; static int32_t *hv; static size_t hsize, hcap;
static void hpush(double k, int32_t v) {
  if (hsize == hcap) { hcap *= 2; hk = realloc(hk, hcap * sizeof *hk); hv = realloc(hv, hcap * sizeof *hv); }
  size_t i = hsize++;
  while (i > 0) { size_t p = (i - 1) >> 1; if (hk[p] <= k) break; hk[i] = hk[p]; hv[i] = hv[p]; i = p; }
  hk[i] = k; hv[i] = v;
}
static int32_t hpop(void) {
  int32_t top = hv[0]; size_t n = --hsize; if (n == 0) return top;
  double k = hk[n]; int32_t v = hv[n]; size_t i = 0;
  for (;;) { size_t c = 2 * i + 1; if (c >= n) break; if (c + 1 < n && hk[c + 1] < hk[c]) c++; if (hk[c] >= k) break;
    hk[i] = hk[c]; hv[i] = hv[c]; i = c; }
  hk[i] = k; hv[i] = v; return top;
}
static void rd(void *p, size_t sz, size_t n, FILE *f) { if (fread(p, sz, n, f) != n) { fprintf(stderr, "short read\n"); exit(2); } }
static double now_ms(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec * 1e3 + t.tv_nsec / 1e6; }
static int cmp(const void *a, const void *b) { double x = *(const double *)a, y = *(const double *)b; return x < y ? -1 : x > y; }

int main(int argc, char **argv) {
  if (argc < 3) return 1;
  FILE *f = fopen(argv[1], "rb"); if (!f) return 1;
  int runs = atoi(argv[2]);
  int32_t n, m2, nb, nk;
  rd(&n, 4, 1, f); rd(&m2, 4, 1, f);
  int32_t *off = malloc((n + 1) * 4), *tgt = malloc(m2 * 4); double *w = malloc(m2 * 8);
  rd(off, 4, n + 1, f); rd(tgt, 4, m2, f); rd(w, 8, m2, f);
  rd(&nb, 4, 1, f);
  int32_t *bnode = malloc(nb * 4); double *bleg = malloc(nb * 8);
  rd(bnode, 4, nb, f); rd(bleg, 8, nb, f);
  rd(&nk, 4, 1, f);
  int32_t *cnt = malloc(nk * 4); int32_t **src = malloc(nk * sizeof *src); double **init = malloc(nk * sizeof *init);
  for (int k = 0; k < nk; k++) { rd(&cnt[k], 4, 1, f); src[k] = malloc(cnt[k] * 4 + 4); init[k] = malloc(cnt[k] * 8 + 8);
    rd(src[k], 4, cnt[k], f); rd(init[k], 8, cnt[k], f); }
  fclose(f);
  double *dist = malloc(n * 8), *out = malloc((size_t)nb * nk * 8), *times = malloc(runs * 8);
  hcap = n > 16 ? n : 16; hk = malloc(hcap * sizeof *hk); hv = malloc(hcap * sizeof *hv);
  for (int r = 0; r < runs; r++) {
    double t0 = now_ms();
    for (int k = 0; k < nk; k++) {
      for (int v = 0; v < n; v++) dist[v] = INFINITY;
      hsize = 0;
      for (int i = 0; i < cnt[k]; i++) { int32_t s = src[k][i]; double d = init[k][i];
        if (s < 0 || !(d < dist[s])) continue; dist[s] = d; hpush(d, s); }
      while (hsize > 0) {
        double d = hk[0]; int32_t v = hpop();
        if (d > dist[v]) continue;
        for (int32_t p = off[v]; p < off[v + 1]; p++) { int32_t u = tgt[p]; double nd = d + w[p];
          if (nd < dist[u]) { dist[u] = nd; hpush(nd, u); } }
      }
      for (int b = 0; b < nb; b++) { int32_t v = bnode[b]; out[(size_t)k * nb + b] = v < 0 ? INFINITY : dist[v] + bleg[b]; }
    }
    times[r] = now_ms() - t0;
  }
  double sum = 0; long unreachable = 0;
  for (size_t i = 0; i < (size_t)nb * nk; i++) { if (isfinite(out[i])) sum += out[i]; else unreachable++; }
  qsort(times, runs, sizeof *times, cmp);
  printf("%.3f %.6f %ld\n", times[runs / 2], sum, unreachable);
  return 0;
}
