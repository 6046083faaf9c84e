/** Fault injection as a transport decorator (loss, duplicates, delay, blocks, freeze, dropped links) from one seeded RNG. */
package io.meshage.internal.transport.fault;
