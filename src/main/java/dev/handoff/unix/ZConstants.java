package dev.handoff.unix;

/** Placeholder until the generated constants arrive from branch structs (their version replaces this file). */
public abstract class ZConstants {
    ZConstants() {}
}
