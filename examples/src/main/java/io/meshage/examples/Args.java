package io.meshage.examples;

/** The argument of {@link Arith#sumDiff}. */
public record Args(int a, int b) {}
