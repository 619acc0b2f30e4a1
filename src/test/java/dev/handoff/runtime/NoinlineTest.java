package dev.handoff.runtime;

import static org.junit.jupiter.api.Assertions.*;

import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.MethodModel;
import java.lang.classfile.attribute.CodeAttribute;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Noinline's entry points must stay too big for C2 (FreqInlineSize 325) and C1 (MaxInlineSize 35) to inline. */
class NoinlineTest {
    @Test
    void entryPointsAreTooBigToInline() throws Exception {
        ClassModel cm;
        try (InputStream in = Noinline.class.getResourceAsStream("Noinline.class")) {
            cm = ClassFile.of().parse(in.readAllBytes());
        }
        Set<String> checked = new TreeSet<>();
        for (MethodModel m : cm.methods()) {
            String name = m.methodName().stringValue();
            if (!Set.of("currentGWaiter", "gopark", "goready", "currentP").contains(name)) continue;
            int len = m.findAttribute(java.lang.classfile.Attributes.code()).map(CodeAttribute::codeLength).orElse(0);
            assertTrue(len > 325, name + " is only " + len + " bytes of bytecode: C2 could inline it");
            checked.add(name);
        }
        assertEquals(Set.of("currentGWaiter", "currentP", "gopark", "goready"), checked);
    }
}
