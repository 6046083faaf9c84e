package io.meshage.cli;

import io.meshage.Delivery;
import io.meshage.VerdictListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The verdict-latency histogram of the live page: time from send to verdict of every {@code set}
 * and {@code broadcast}, in buckets that grow by 1-2-5 steps from 0.1 ms to 10 s, counted apart
 * for complete, incomplete and failed sends. Recording is a few atomic increments (it runs on the
 * thread that completes the send).
 */
final class LiveVerdicts implements VerdictListener {
  /** Upper bounds of the buckets in microseconds; a last bucket holds the rest. */
  static final long[] BOUNDS_MICROS = {
    100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 500_000,
    1_000_000, 2_000_000, 5_000_000, 10_000_000
  };
  static final List<String> OUTCOMES = List.of("complete", "incomplete", "failed");

  private final AtomicLongArray counts = new AtomicLongArray(OUTCOMES.size() * (BOUNDS_MICROS.length + 1));

  @Override
  public void verdict(Delivery delivery, Throwable error, long nanos) {
    int outcome = delivery == null ? 2 : delivery.isComplete() ? 0 : 1;
    counts.incrementAndGet(outcome * (BOUNDS_MICROS.length + 1) + bucket(nanos / 1000));
  }

  static int bucket(long micros) {
    for (int i = 0; i < BOUNDS_MICROS.length; i++) {
      if (micros <= BOUNDS_MICROS[i]) {
        return i;
      }
    }
    return BOUNDS_MICROS.length;
  }

  /** {@code {"boundsMicros":[100,...],"counts":{"complete":[...],"incomplete":[...],"failed":[...]}}}. */
  Map<String, Object> toJson() {
    List<Long> bounds = new ArrayList<>();
    for (long b : BOUNDS_MICROS) {
      bounds.add(b);
    }
    Map<String, Object> byOutcome = new LinkedHashMap<>();
    for (int o = 0; o < OUTCOMES.size(); o++) {
      List<Long> row = new ArrayList<>();
      for (int i = 0; i <= BOUNDS_MICROS.length; i++) {
        row.add(counts.get(o * (BOUNDS_MICROS.length + 1) + i));
      }
      byOutcome.put(OUTCOMES.get(o), row);
    }
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("boundsMicros", bounds);
    o.put("counts", byOutcome);
    return o;
  }
}
