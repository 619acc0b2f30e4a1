/*
 * Workload getpid, C anchor: the raw SYSCALL instruction in a loop (no libc wrapper, no call), the
 * kernel's own cost of one system call on this machine. Every other getpid row is divided by it.
 * Built by bench/run with gcc -O2.
 *
 * Two more rows (not anchors) show what a function return right after SYSCALL costs here: the same
 * loop calling a 3-instruction asm function that ends in `ret`, and one that ends in `pop rcx; jmp rcx`
 * (an indirect jump, predicted by the branch target buffer instead of the return stack). See
 * "Findings" in docs/benchmarks.md and getpid/TrampolineExit.java for the Java side.
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

/* long fn(long nr): rax = nr; syscall; return by `ret` or by `pop rcx; jmp rcx`. */
__asm__(".text\n"
        ".globl bench_syscall_ret\n"
        "bench_syscall_ret:\n\tmov %rdi, %rax\n\tsyscall\n\tret\n"
        ".globl bench_syscall_popjmp\n"
        "bench_syscall_popjmp:\n\tmov %rdi, %rax\n\tsyscall\n\tpop %rcx\n\tjmp *%rcx\n");
long bench_syscall_ret(long nr);
long bench_syscall_popjmp(long nr);

static long call_ret_getpid(long iters) {
    long acc = 0;
    for (long i = 0; i < iters; i++) acc += bench_syscall_ret(SYS_getpid);
    return acc;
}

static long call_popjmp_getpid(long iters) {
    long acc = 0;
    for (long i = 0; i < iters; i++) acc += bench_syscall_popjmp(SYS_getpid);
    return acc;
}

int main(int argc, char **argv) {
    static const struct bench_op ops[] = {
        { "getpid.C.rawSyscall", raw_getpid },              /* the anchor: first */
        { "getpid.C.callRet", call_ret_getpid },
        { "getpid.C.callPopJmp", call_popjmp_getpid },
    };
    return bench_main(argc, argv, ops, sizeof ops / sizeof ops[0]);
}
