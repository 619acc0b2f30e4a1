/*
 * Workload getpid, C anchor: the raw SYSCALL instruction in a loop (no libc wrapper), the kernel's
 * own cost of one system call on this machine. Every other getpid row is divided by this one.
 * Built by bench/run with gcc -O2.
 */
#include <sys/syscall.h>
#include "bench.h"

static inline long raw_syscall0(long nr) {
    long ret;
    __asm__ volatile ("syscall" : "=a"(ret) : "a"(nr) : "rcx", "r11", "memory");
    return ret;
}

static long raw_getpid(long iters) {
    long acc = 0;
    for (long i = 0; i < iters; i++) acc += raw_syscall0(SYS_getpid);
    return acc;
}

int main(int argc, char **argv) {
    static const struct bench_op ops[] = {
        { "getpid.C.rawSyscall", raw_getpid },
    };
    return bench_main(argc, argv, ops, sizeof ops / sizeof ops[0]);
}
