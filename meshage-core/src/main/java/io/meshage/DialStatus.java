package io.meshage;

import java.time.Duration;

/**
 * One dial that persists ({@link MeshNode#keepDialing}): the address as given, where it stands
 * ({@code dialing}, {@code connected}, {@code waiting} for its next try, or {@code stopped} because
 * the peer hung up), the peer it reached (null before the first link), the failed tries in a
 * row, the last error ("" when none) and, while waiting, the time to the next try.
 */
public record DialStatus(String address, String state, String peer, int failures, String lastError, Duration retryIn) {}
