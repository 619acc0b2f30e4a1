/*
 * Workload pipe, C anchor: write one byte into a pipe and read it back (libc write(2) and read(2)),
 * two system calls per operation. Java rows: pipe.Handoff.* (the byte[], ByteBuffer and MemorySegment
 * overloads of the generated Unix.write/Unix.read) and pipe.Nio.* (java.nio.channels.Pipe).
 * Built by bench/run with gcc -O2.
 */
#include <unistd.h>
#include "bench.h"

static int fds[2];

static long write_read(long iters) {
    char b = 1;
    long acc = 0;
    for (long i = 0; i < iters; i++) {
        acc += write(fds[1], &b, 1);
        acc += read(fds[0], &b, 1);
    }
    return acc;
}

int main(int argc, char **argv) {
    if (pipe(fds) != 0) { perror("pipe"); return 1; }
    static const struct bench_op ops[] = {
        { "pipe.C.writeRead", write_read },                 /* the anchor: first */
    };
    return bench_main(argc, argv, ops, sizeof ops / sizeof ops[0]);
}
