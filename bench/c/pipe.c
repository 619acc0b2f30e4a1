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

/* The same, in a process with a second thread (see bench_second_thread): the JVM's situation. */
static long write_read_threaded(long iters) {
    bench_second_thread();
    return write_read(iters);
}

int main(int argc, char **argv) {
    if (pipe(fds) != 0) { perror("pipe"); return 1; }
    static const struct bench_op ops[] = {
        { "pipe.C.writeRead", write_read },                 /* the anchor: first */
        { "pipe.C.writeReadThreaded", write_read_threaded },
    };
    return bench_main(argc, argv, ops, sizeof ops / sizeof ops[0]);
}
