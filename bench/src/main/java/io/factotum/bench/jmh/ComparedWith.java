package io.factotum.bench.jmh;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the benchmark method of the same class that is this benchmark's baseline, so that
 * {@link JmhMain} can print a ratio for every figure (house rule: no figure without a baseline from
 * the same run).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ComparedWith {
    /** The baseline's method name. */
    String value();
}
