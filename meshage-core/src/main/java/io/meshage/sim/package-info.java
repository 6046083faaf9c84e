/**
 * The deterministic simulator, for tests and experiments: {@link io.meshage.sim.Simulation} runs
 * many nodes of the same node code as on TCP in one JVM, on in-memory links and a virtual clock,
 * replayable from a seed. The engine behind it is internal ({@code io.meshage.internal.sim}).
 */
package io.meshage.sim;
