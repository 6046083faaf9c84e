/**
 * Messaging: set and broadcast on shortest paths, end-to-end ACKs and verdicts, ACK batching,
 * exactly-once delivery to handlers. Loop-owned, but for the two fast paths named in
 * {@code io.meshage.internal}'s package documentation.
 */
package io.meshage.internal.messaging;
