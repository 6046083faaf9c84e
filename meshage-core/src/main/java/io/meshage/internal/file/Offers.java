package io.meshage.internal.file;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.Logger;

/**
 * What the nodes answered when a download asked who has its file: the manifests offered (those
 * this node cannot take are refused with the reason), the version most of them offer, and which
 * nodes fetch the file too. Also reads the part bit sets in a node's answer. Built and read on the
 * download's worker thread.
 */
final class Offers {
  private static final Logger LOG = LogManager.getLogger(Offers.class);

  private final Map<String, Manifest> offered = new LinkedHashMap<>();
  private final Map<String, Map<String, Object>> answers = new HashMap<>();
  private final List<String> refused = new ArrayList<>();
  /** This node and the nodes fetching the file too, by name. */
  private final TreeSet<String> receivers = new TreeSet<>();

  /** Reads the answers that came ({@code maxPartSize}: the largest part this node's frames carry). */
  Offers(String self, String path, Map<String, CompletableFuture<Map<String, Object>>> asked, int maxPartSize) {
    receivers.add(self);
    for (Map.Entry<String, CompletableFuture<Map<String, Object>>> e : asked.entrySet()) {
      Map<String, Object> a = answer(e.getValue());
      if (a != null && (Boolean.TRUE.equals(a.get(FileWire.GETTING)) || Boolean.FALSE.equals(a.get(FileWire.COMPLETE)))) {
        receivers.add(e.getKey());
      }
      if (a != null && Boolean.TRUE.equals(a.get(FileWire.FOUND))) {
        try {
          offered.put(e.getKey(), Manifest.fromMap(a, maxPartSize));
          answers.put(e.getKey(), a);
        } catch (IllegalArgumentException bad) {
          refused.add(e.getKey() + ": " + bad.getMessage());
          LOG.debug("[{}] {} offered a bad manifest of {}: {}", self, e.getKey(), path, bad.getMessage());
        }
      }
    }
  }

  /** The version most nodes offer (the first such in answer order); null when none was offered. */
  Manifest best() {
    Manifest best = null;
    int bestCount = 0;
    for (Manifest m : offered.values()) {
      int count = (int) offered.values().stream().filter(m::sameFile).count();
      if (count > bestCount) {
        best = m;
        bestCount = count;
      }
    }
    return best;
  }

  /**
   * Whether some node offers {@code m}'s size, part size and SHA-256 with other part hashes: then
   * at most one of the two is the file, and only hashing the whole file tells which.
   */
  boolean disputed(Manifest m) {
    return offered.values().stream().anyMatch(o -> !m.sameFile(o) && o.size() == m.size()
        && o.partSize() == m.partSize() && java.util.Arrays.equals(o.sha256(), m.sha256()));
  }

  /** Why there is no version to fetch. */
  String noneReason(String path) {
    return refused.isEmpty() ? "no node has " + path : "no node offered a manifest of " + path
        + " this node can take (" + String.join("; ", refused) + ")";
  }

  /** The nodes that offer version {@code m}, with their answers. */
  Map<String, Map<String, Object>> offering(Manifest m) {
    Map<String, Map<String, Object>> out = new LinkedHashMap<>();
    for (Map.Entry<String, Manifest> e : offered.entrySet()) {
      if (m.sameFile(e.getValue())) {
        out.put(e.getKey(), answers.get(e.getKey()));
      }
    }
    return out;
  }

  /** Where {@code self} starts in a file of {@code parts}: its rank among the receivers times the parts over their number. */
  int startAt(String self, int parts) {
    return (int) ((long) receivers.headSet(self).size() * parts / receivers.size());
  }

  /** A peer's answer; null when it failed (an error, a timeout, a node without files). */
  static Map<String, Object> answer(CompletableFuture<Map<String, Object>> f) {
    return f.isDone() && !f.isCompletedExceptionally() ? f.join() : null;
  }

  /** The parts a node holds, by its answer; null when it has the whole file. */
  static BitSet haveOf(Map<String, Object> answer, Manifest m) {
    if (Boolean.TRUE.equals(answer.get(FileWire.COMPLETE))) {
      return null;
    }
    return bitsOf(answer, FileWire.HAVE, m);
  }

  /** A bit set of parts in an answer (empty when missing or too long), cut to the file's parts. */
  static BitSet bitsOf(Map<String, Object> answer, String key, Manifest m) {
    BitSet b = answer.get(key) instanceof byte[] bytes && bytes.length <= (m.parts() + 7) / 8 + 1
        ? BitSet.valueOf(bytes) : new BitSet();
    return b.length() > m.parts() ? b.get(0, m.parts()) : b;
  }
}
