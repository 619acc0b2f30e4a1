/*
 * The C side of Handoff's benchmark harness: a tiny timing loop shared by every workload file.
 *
 * A workload file defines its operations with BENCH_OP and lists them in main() with bench_main.
 * Each operation is timed with clock_gettime(CLOCK_MONOTONIC) around `iters` calls, `reps` times;
 * the reported ns/op is the MEDIAN of the reps (min and max are printed too). Output is one line per
 * operation, tab-separated, read by bench/run:
 *     name <TAB> median_ns <TAB> min_ns <TAB> max_ns <TAB> reps <TAB> iters
 * Usage: ./WORKLOAD [reps] [iters] [name-regex]   (defaults 7, 1000000, all)
 *        ./WORKLOAD -l                           (list the operation names)
 * The FIRST operation of a workload is its anchor: every other row of the workload is divided by it.
 */
#define _GNU_SOURCE
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <pthread.h>
#include <unistd.h>

typedef long (*bench_fn)(long iters);

static void *bench_idle(void *arg) {
    (void) arg;
    for (;;) pause();
    return NULL;
}

/*
 * Makes the process multi-threaded (one idle thread), as every JVM and every Go program is. The
 * kernel treats the two differently on every call that takes a file descriptor: with a file table
 * shared by several threads, fdget() takes and drops a reference on the file (two atomic operations)
 * where a single-threaded process skips them. The *Threaded rows measure C in the JVM's situation.
 */
__attribute__((unused)) static void bench_second_thread(void) {
    static int started;
    if (started) return;
    pthread_t t;
    if (pthread_create(&t, NULL, bench_idle, NULL) != 0) { perror("pthread_create"); exit(1); }
    started = 1;
}
struct bench_op { const char *name; bench_fn fn; };

/* A value the compiler cannot see through, so loops are not folded away. */
static volatile long bench_sink;

static double bench_now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double) ts.tv_sec * 1e9 + (double) ts.tv_nsec;
}

static int bench_cmp(const void *a, const void *b) {
    double x = *(const double *) a, y = *(const double *) b;
    return (x > y) - (x < y);
}

static void bench_one(const struct bench_op *op, int reps, long iters) {
    double *ns = calloc((size_t) reps, sizeof *ns);
    op->fn(iters / 10);                          /* warm up: page in, train the predictors */
    for (int r = 0; r < reps; r++) {
        double t0 = bench_now_ns();
        bench_sink += op->fn(iters);
        ns[r] = (bench_now_ns() - t0) / (double) iters;
    }
    qsort(ns, (size_t) reps, sizeof *ns, bench_cmp);
    printf("%s\t%.2f\t%.2f\t%.2f\t%d\t%ld\n", op->name, ns[reps / 2], ns[0], ns[reps - 1], reps, iters);
    fflush(stdout);
    free(ns);
}

static int bench_main(int argc, char **argv, const struct bench_op *ops, int n) {
    if (argc > 1 && strcmp(argv[1], "-l") == 0) {
        for (int i = 0; i < n; i++) printf("%s\n", ops[i].name);
        return 0;
    }
    int reps = argc > 1 ? atoi(argv[1]) : 7;
    long iters = argc > 2 ? atol(argv[2]) : 1000000;
    regex_t re;
    if (argc > 3 && regcomp(&re, argv[3], REG_EXTENDED | REG_NOSUB) != 0) {
        fprintf(stderr, "bad regex: %s\n", argv[3]);
        return 2;
    }
    if (reps < 1 || iters < 10) {
        fprintf(stderr, "usage: %s [reps>=1] [iters>=10] [name-regex]\n", argv[0]);
        return 2;
    }
    for (int i = 0; i < n; i++)
        if (argc <= 3 || regexec(&re, ops[i].name, 0, NULL, 0) == 0) bench_one(&ops[i], reps, iters);
    return 0;
}
