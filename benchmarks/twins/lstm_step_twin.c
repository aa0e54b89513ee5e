// The sized LSTM(32) step of runtime/.../simd/SizedLstm.java written in C with AVX-512 intrinsics:
// the same product (eight sums over the 32 rows of U, k in order, fused multiply-adds) and the same
// update (clamps by compare and blend, the rational tanh and sigmoid, two divisions a vector) in the
// same order, so the same bits (`check` prints the state after 30 steps; SizedLstmTwinCheck prints
// Java's). What it measures is what C2's code for that step costs against GCC's for the same
// operations, and what a whole streaming call (M5: one reading, the step, a Dense(1) head) costs
// without Java's call structure: the issue asks to show where C2 is the limit with a minimal
// benchmark rather than by estimate. Built and run by benchmarks/step-twin.sh:
//
//   gcc -O3 -march=native benchmarks/twins/lstm_step_twin.c -o lstm_step_twin
//   taskset -c 1 ./lstm_step_twin            # product | step | call: ns a step, p50
//   ./lstm_step_twin check                    # the state after 30 steps, as hex bits
#include <immintrin.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define UNITS 32
#define ROW 128 // four gate blocks of 32: i, f, o, g
#define STEPS 30

typedef __m512 V;
#define B(x) _mm512_set1_ps(x)

// VectorMath's TANH_* coefficients; the sigmoid's are the same scaled (SIG_A1 = TANH_A1 / 2, ...)
static const float A1 = 4.89352455891786e-03f, A3 = 6.37261928875436e-04f,
                   A5 = 1.48572235717979e-05f, A7 = 5.12229709037114e-08f,
                   A9 = -8.60467152213735e-11f, A11 = 2.00018790482477e-13f,
                   A13 = -2.76076847742355e-16f, B0 = 4.89352518554385e-03f,
                   B2 = 2.26843463243900e-03f, B4 = 1.18534705686654e-04f,
                   B6 = 1.19825839466702e-06f;

static inline V clamp(V v, float c)
{
    V a = _mm512_mask_blend_ps(_mm512_cmp_ps_mask(v, B(c), _CMP_GT_OQ), v, B(c));
    return _mm512_mask_blend_ps(_mm512_cmp_ps_mask(a, B(-c), _CMP_LT_OQ), a, B(-c));
}

// sigmoid(v) = n / (2q)
static inline void sigmoid(V v, V* n, V* q)
{
    V x = clamp(v, 18.f), y = _mm512_mul_ps(x, x), y2 = _mm512_mul_ps(y, y);
    *q = _mm512_fmadd_ps(_mm512_fmadd_ps(y, B(B6 / 64), B(B4 / 16)), y2,
        _mm512_fmadd_ps(y, B(B2 / 4), B(B0)));
    V p = _mm512_fmadd_ps(
        _mm512_fmadd_ps(y2, B(A13 / 8192), _mm512_fmadd_ps(y, B(A11 / 2048), B(A9 / 512))),
        _mm512_mul_ps(y2, y2),
        _mm512_fmadd_ps(_mm512_fmadd_ps(y, B(A7 / 128), B(A5 / 32)), y2,
            _mm512_fmadd_ps(y, B(A3 / 8), B(A1 / 2))));
    *n = _mm512_fmadd_ps(p, x, *q);
}

// tanh(v) = x·p / q
static inline void tanh_parts(V v, V* p, V* q, V* x)
{
    *x = clamp(v, 9.f);
    V y = _mm512_mul_ps(*x, *x), y2 = _mm512_mul_ps(y, y);
    *q = _mm512_fmadd_ps(_mm512_fmadd_ps(y, B(B6), B(B4)), y2, _mm512_fmadd_ps(y, B(B2), B(B0)));
    *p = _mm512_fmadd_ps(_mm512_fmadd_ps(y2, B(A13), _mm512_fmadd_ps(y, B(A11), B(A9))),
        _mm512_mul_ps(y2, y2),
        _mm512_fmadd_ps(_mm512_fmadd_ps(y, B(A7), B(A5)), y2, _mm512_fmadd_ps(y, B(A3), B(A1))));
}

static int product_only;

// SizedLstm.step: p is the projection row (x·W + b), u the 64-byte aligned recurrent kernel
__attribute__((noinline)) static void step(const float* p, const float* u, float* c, float* h)
{
    V a[8];
    for(int j = 0; j < 8; j++)
        a[j] = _mm512_loadu_ps(p + 16 * j);
    for(int k = 0; k < UNITS; k++)
    {
        V hk = B(h[k]);
        for(int j = 0; j < 8; j++)
            a[j] = _mm512_fmadd_ps(_mm512_load_ps(u + k * ROW + 16 * j), hk, a[j]);
    }
    if(product_only) // the product's cost: a cheap h from the sums, no update
    {
        for(int v = 0; v < 2; v++)
            _mm512_storeu_ps(h + 16 * v, _mm512_mul_ps(a[v], B(0.01f)));
        return;
    }
    for(int v = 0; v < 2; v++)
    {
        V ni, qi, nf, qf, no, qo, ng, qg, xg;
        sigmoid(a[v], &ni, &qi);
        sigmoid(a[2 + v], &nf, &qf);
        tanh_parts(a[6 + v], &ng, &qg, &xg);
        ng = _mm512_mul_ps(ng, xg);
        V c0 = _mm512_loadu_ps(c + 16 * v);
        V qig = _mm512_mul_ps(qi, qg);
        V cn = _mm512_div_ps(
            _mm512_fmadd_ps(_mm512_mul_ps(nf, c0), qig, _mm512_mul_ps(_mm512_mul_ps(ni, ng), qf)),
            _mm512_mul_ps(qig, _mm512_add_ps(qf, qf)));
        sigmoid(a[4 + v], &no, &qo);
        V pc, qc, xc;
        tanh_parts(cn, &pc, &qc, &xc);
        V hn = _mm512_div_ps(_mm512_mul_ps(pc, _mm512_mul_ps(no, xc)),
            _mm512_mul_ps(_mm512_add_ps(qo, qo), qc));
        _mm512_storeu_ps(c + 16 * v, cn);
        _mm512_storeu_ps(h + 16 * v, hn);
    }
}

static float w[ROW] __attribute__((aligned(64))), bias[ROW] __attribute__((aligned(64)));
static float projection[ROW] __attribute__((aligned(64))), column[UNITS] __attribute__((aligned(64)));

// M5's streaming call without Java's structure: the reading's projection, the step, a Dense(1) head
__attribute__((noinline)) static float call(float x, const float* u, float* c, float* h)
{
    V xv = B(x);
    for(int j = 0; j < 8; j++)
        _mm512_store_ps(projection + 16 * j,
            _mm512_fmadd_ps(_mm512_load_ps(w + 16 * j), xv, _mm512_load_ps(bias + 16 * j)));
    step(projection, u, c, h);
    V s = _mm512_fmadd_ps(_mm512_loadu_ps(h + 16), _mm512_load_ps(column + 16),
        _mm512_mul_ps(_mm512_loadu_ps(h), _mm512_load_ps(column)));
    return _mm512_reduce_add_ps(s) + 0.1f;
}

// Inputs any language computes to the same floats (SizedLstmTwinCheck uses the same formulas)
static float weight(int i) { return (float)((i * 37) % 101 - 50) / 500.f; }
static float input(int i) { return (float)((i * 53) % 97 - 48) / 50.f; }

static double now_ns(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1e9 + t.tv_nsec;
}

static int by_value(const void* a, const void* b)
{
    double x = *(const double*)a, y = *(const double*)b;
    return (x > y) - (x < y);
}

int main(int argc, char** argv)
{
    float* u = aligned_alloc(64, UNITS * ROW * sizeof(float));
    static float rows[STEPS * ROW];
    float c[UNITS] = { 0 }, h[UNITS] = { 0 };
    for(int i = 0; i < UNITS * ROW; i++)
        u[i] = weight(i);
    for(int i = 0; i < STEPS * ROW; i++)
        rows[i] = input(i);
    if(argc > 1 && strcmp(argv[1], "check") == 0)
    {
        for(int t = 0; t < STEPS; t++)
            step(rows + t * ROW, u, c, h);
        for(int j = 0; j < UNITS; j++)
        {
            unsigned bits;
            memcpy(&bits, &h[j], 4);
            printf("%08x%c", bits, j % 8 == 7 ? '\n' : ' ');
        }
        return 0;
    }
    for(int i = 0; i < ROW; i++)
    {
        w[i] = input(i + 7);
        bias[i] = input(i + 11) / 4;
    }
    for(int j = 0; j < UNITS; j++)
        column[j] = weight(j + 3);
    // Each sample times one block as JMH's SampleTime times one operation of the Java benchmarks
    // (30 steps of SizedStepBenchmark, 100 calls of M5Benchmark); the median over the samples, per
    // step, as their p50.
    const char* names[3] = { "product", "step", "call" };
    const int blocks = 200000;
    static double ns[200000];
    float sink = 0;
    for(int what = 0; what < 3; what++)
    {
        product_only = what == 0;
        int per_block = what < 2 ? STEPS : 100;
        memset(c, 0, sizeof c);
        memset(h, 0, sizeof h);
        for(int b = -blocks / 10; b < blocks; b++) // the first tenth warms up
        {
            double start = now_ns();
            if(what < 2)
                for(int t = 0; t < STEPS; t++)
                    step(rows + t * ROW, u, c, h);
            else
                for(int t = 0; t < 100; t++)
                    sink += call(rows[(t % STEPS) * ROW], u, c, h);
            if(b >= 0)
                ns[b] = (now_ns() - start) / per_block;
        }
        qsort(ns, blocks, sizeof ns[0], by_value);
        printf("%s %.1f\n", names[what], ns[blocks / 2]);
    }
    fprintf(stderr, "(%g)\n", sink + h[0]);
    return 0;
}
