/*
 * Workload pread, C anchor: pread(2) of 4 KiB at offset 0 of a 64 KiB file in the page cache (written
 * just before, so the read never touches the disk). Java rows: pread.Handoff.* (the generated
 * Unix.pread overloads) and pread.Nio.* (FileChannel.read at a position). Built by bench/run.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <unistd.h>
#include "bench.h"

static int fd;
static char buf[4096] __attribute__((aligned(4096)));

static long pread4k(long iters) {
    long acc = 0;
    for (long i = 0; i < iters; i++) acc += pread(fd, buf, sizeof buf, 0);
    return acc;
}

/* The same, in a process with a second thread (see bench_second_thread): the JVM's situation. */
static long pread4k_threaded(long iters) {
    bench_second_thread();
    return pread4k(iters);
}

int main(int argc, char **argv) {
    char path[] = "/tmp/handoff-bench-preadXXXXXX";
    fd = mkstemp(path);
    if (fd < 0) { perror("mkstemp"); return 1; }
    unlink(path);
    static char data[65536];
    memset(data, 'x', sizeof data);
    if (write(fd, data, sizeof data) != (ssize_t) sizeof data) { perror("write"); return 1; }
    static const struct bench_op ops[] = {
        { "pread.C.pread4k", pread4k },                     /* the anchor: first */
        { "pread.C.pread4kThreaded", pread4k_threaded },
    };
    return bench_main(argc, argv, ops, sizeof ops / sizeof ops[0]);
}
