package io.meshage.examples;

/** The answer of {@link Arith#sumDiff}. */
public record Reply(int sum, int diff) {}
