package dev.handoff.gen;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.handoff.gen.Macros.CValue;

/** Macros' evaluator follows C's integer typing (LP64) and reads enumerators. */
class MacrosTest {
    static CValue i32(long v) { return new CValue(v, 32, false); }
    static CValue u32(long v) { return new CValue(v, 32, true); }
    static CValue i64(long v) { return new CValue(v, 64, false); }
    static CValue u64(long v) { return new CValue(v, 64, true); }

    @Test
    void literalsTakeTheFirstTypeThatHoldsThem() {
        assertEquals(i32(5), Macros.literal("5"));
        assertEquals(i32(15), Macros.literal("017"));
        assertEquals(u32(0x80000000L), Macros.literal("0x80000000"), "hex: unsigned int before long");
        assertEquals(i64(2147483648L), Macros.literal("2147483648"), "decimal: long, never unsigned int");
        assertEquals(u32(1), Macros.literal("1U"));
        assertEquals(i64(1), Macros.literal("1L"));
        assertEquals(u64(1), Macros.literal("1UL"));
        assertEquals(u64(-1), Macros.literal("0xffffffffffffffffULL"));
        assertEquals(i64(0x100000000L), Macros.literal("0x100000000"));
    }

    @Test
    void usualArithmeticConversions() {
        assertEquals(u32(0xffffffffL), Macros.arith(i32(2), u32(3), '-'), "int - unsigned int wraps unsigned");
        assertEquals(i64(0x100000000L), Macros.arith(i64(1), u32(0xffffffffL), '+'), "long holds every unsigned int");
        assertEquals(u64(-1), Macros.arith(u64(0), i32(1), '-'));
        assertEquals(i32(Integer.MIN_VALUE), Macros.arith(i32(Integer.MAX_VALUE), i32(1), '+'), "32-bit wraps as gcc's");
    }

    @Test
    void headerMacrosAndEnumerators(@TempDir Path dir) throws Exception {
        String many = IntStream.range(1, 50).mapToObj(i -> "Y" + i).collect(Collectors.joining(", "));
        Path h = dir.resolve("t.h");
        Files.writeString(h, """
                typedef unsigned long long __u64;
                #define A (1U << 31)
                #define B (1 << 31)
                #define C (1UL << 40)
                #define D ((unsigned int) -1)
                #define E (A | 1)
                #define F ((__u64) 1 << 33)
                enum { X0, X1, X2 = 10, X3, X4 = X2 * 2 };
                #define X1 X1
                #define G (X4 + 1)
                #define H ~0
                #define I (-100)
                #define J (sizeof(int))
                #define K "str"
                #define L (2 - 3U)
                #define M (1L + 0xffffffffU)
                #define N ((short) 0x18000)
                #define P (7 / 2 + 7 %% 2)
                #define Q UNDEFINED_NAME
                enum big { Y0 = 5, %s };
                """.formatted(many));
        Macros m = Macros.of(List.of(h.toString()), List.of());
        assertEquals(Optional.of(u32(0x80000000L)), m.typedValue("A"));
        assertEquals(Optional.of(i32(Integer.MIN_VALUE)), m.typedValue("B"));
        assertEquals(Optional.of(u64(1L << 40)), m.typedValue("C"));
        assertEquals(Optional.of(u32(0xffffffffL)), m.typedValue("D"));
        assertEquals(Optional.of(u32(0x80000001L)), m.typedValue("E"));
        assertEquals(Optional.of(u64(1L << 33)), m.typedValue("F"));
        assertEquals(Optional.of(i32(1)), m.typedValue("X1"), "#define X X names the enumerator");
        assertEquals(Optional.of(i32(11)), m.typedValue("X3"), "implicit enumerators count on");
        assertEquals(Optional.of(i32(21)), m.typedValue("G"));
        assertEquals(Optional.of(i32(-1)), m.typedValue("H"));
        assertEquals(Optional.of(i32(-100)), m.typedValue("I"));
        assertEquals(Optional.empty(), m.typedValue("J"), "sizeof is not evaluated");
        assertEquals(Optional.empty(), m.typedValue("K"));
        assertEquals(Optional.of(u32(0xffffffffL)), m.typedValue("L"));
        assertEquals(Optional.of(i64(0x100000000L)), m.typedValue("M"));
        assertEquals(Optional.of(i32(-32768)), m.typedValue("N"), "(short) truncates, then promotes to int");
        assertEquals(Optional.of(i32(4)), m.typedValue("P"));
        assertEquals(Optional.empty(), m.typedValue("Q"));
        assertEquals(Optional.of(i32(54)), m.typedValue("Y49"), "a long enum stays within the evaluation depth");
        assertTrue(m.enumNames(java.util.regex.Pattern.compile("Y4[0-9]")).size() == 10);
        assertEquals(m.value("C").getAsLong(), 1L << 40);
    }
}
