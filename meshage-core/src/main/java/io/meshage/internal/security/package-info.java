/**
 * Namespace keys: the {@link io.meshage.internal.keys.Keyring}, HKDF, the secure handshake
 * that derives per-link AES-GCM keys, the record layer that authenticates every TCP record before
 * it is decoded, sealed beacons with a replay window, and the strict-mode filter.
 *
 * <p>Threads: the keyring is thread-safe (an immutable snapshot behind a volatile). A {@link
 * io.meshage.internal.security.RecordCipher} direction belongs to one thread at a time (the
 * reader thread, or whoever holds the connection's write lock); {@link
 * io.meshage.internal.security.BeaconSealer} is used by the loop (sealing) and the discovery
 * thread (opening, which alone touches the replay window). {@link
 * io.meshage.internal.security.StrictFilter} reads only published state, from any thread.
 */
package io.meshage.internal.security;
