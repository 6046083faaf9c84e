/**
 * The deterministic simulator: many nodes in one JVM on in-memory links with a virtual clock,
 * the same node code as on TCP, replayable from a seed; optionally with every frame through the
 * real codec ({@link io.meshage.sim.Simulation#wire(boolean)}).
 */
package io.meshage.sim;
