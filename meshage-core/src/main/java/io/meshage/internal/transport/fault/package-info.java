/** Fault injection as a transport decorator (loss, duplicates, corrupted bulk frames, delay, blocks, freeze, dropped links) from one seeded RNG. */
package io.meshage.internal.transport.fault;
