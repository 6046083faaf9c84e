package io.meshage.routing;

import static io.meshage.routing.LinkStateDatabase.Verdict.DUPLICATE;
import static io.meshage.routing.LinkStateDatabase.Verdict.NEW;
import static io.meshage.routing.LinkStateDatabase.Verdict.SELF_JUMP;
import static io.meshage.routing.LinkStateDatabase.Verdict.STALE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class LinkStateDatabaseTest {
  private final LinkStateDatabase db = new LinkStateDatabase("me", 100);

  private static Msa msa(String origin, long instance, int sequence, String... neighbors) {
    return new Msa(origin, instance, sequence, Set.of(neighbors), Map.of());
  }

  @Test
  void aTableMostlyOfGoneOriginsIsCompactedWithoutLosingAnything() {
    LinkStateDatabase db = new LinkStateDatabase("self", 1);
    db.originate(Set.of("o0"), Map.of(), 0);
    for (int i = 0; i < 300; i++) {
      db.offer(msa("o" + i, 1, Lollipop.first(), "self", "o" + (i + 1)), 0);
    }
    assertThat(db.topology().size()).isEqualTo(301);
    assertThat(db.expire(10_000, 1_000)).hasSize(300);
    db.offer(msa("o0", 2, Lollipop.first(), "self", "x"), 10_000);
    db.offer(msa("x", 1, Lollipop.first(), "o0"), 10_000);
    Topology t = db.topology();
    assertThat(t).isEqualTo(Topology.fromMsas(db.all()));
    assertThat(t.nodes()).containsExactly("o0", "self", "x");
    assertThat(RouteTable.compute(t, "self").nextHop("x")).contains("o0");
    assertThat(db.msas().keySet()).containsExactlyInAnyOrder("self", "o0", "x");
    assertThat(db.msas().get("o299")).isNull();
    assertThat(db.get("x")).isPresent();
    db.offer(msa("o5", 1, Lollipop.first(), "self"), 10_001);
    assertThat(db.topology()).isEqualTo(Topology.fromMsas(db.all()));
  }

  @Test
  void aNewOfferNamesTheMsaItReplaced() {
    LinkStateDatabase db = new LinkStateDatabase("self", 1, new NameIds());
    Msa first = msa("a", 1, Lollipop.first(), "b");
    Msa second = msa("a", 1, Lollipop.next(Lollipop.first()), "b", "c");
    assertThat(db.offer(first, 0).replaced()).isNull();
    LinkStateDatabase.Offer o = db.offer(second, 1);
    assertThat(o.verdict()).isEqualTo(NEW);
    assertThat(o.replaced()).isSameAs(first);
    assertThat(db.get("a")).contains(second);
    assertThat(db.offer(second, 2).verdict()).isEqualTo(DUPLICATE);
  }

  @Test
  void unknownOriginIsNew() {
    LinkStateDatabase.Offer offer = db.offer(msa("a", 1, -16), 5);
    assertThat(offer.verdict()).isEqualTo(NEW);
    assertThat(offer.held()).isEqualTo(msa("a", 1, -16));
    assertThat(offer.nextSequence()).isEqualTo(LinkStateDatabase.Offer.NO_SEQUENCE);
    assertThat(db.get("a")).contains(msa("a", 1, -16));
    assertThat(db.size()).isEqualTo(1);
  }

  @Test
  void sameSequenceIsADuplicateAndOlderIsStale() {
    db.offer(msa("a", 1, 10), 0);
    assertThat(db.offer(msa("a", 1, 10), 1).verdict()).isEqualTo(DUPLICATE);
    LinkStateDatabase.Offer stale = db.offer(msa("a", 1, 9), 2);
    assertThat(stale.verdict()).isEqualTo(STALE);
    assertThat(stale.held()).isEqualTo(msa("a", 1, 10));
    LinkStateDatabase.Offer newer = db.offer(msa("a", 1, 11, "me"), 3);
    assertThat(newer.verdict()).isEqualTo(NEW);
    assertThat(db.get("a").orElseThrow().neighbors()).containsExactly("me");
  }

  @Test
  void newerAcrossTheWrapAndNotComparableAreNew() {
    db.offer(msa("a", 1, Lollipop.CIRCLE - 1), 0);
    assertThat(db.offer(msa("a", 1, 0), 1).verdict()).isEqualTo(NEW);
    db.offer(msa("b", 1, -3), 0);
    assertThat(db.offer(msa("b", 1, 5000), 1).verdict()).isEqualTo(NEW);
  }

  @Test
  void laterInstanceBeatsAnySequenceAndEarlierIsStale() {
    db.offer(msa("a", 1, 30000), 0);
    assertThat(db.offer(msa("a", 2, Lollipop.first()), 1).verdict()).isEqualTo(NEW);
    LinkStateDatabase.Offer earlier = db.offer(msa("a", 1, 30001), 2);
    assertThat(earlier.verdict()).isEqualTo(STALE);
    assertThat(earlier.held().instance()).isEqualTo(2);
  }

  @Test
  void originateWalksOurOwnSequence() {
    Msa first = db.originate(Set.of("a"), Map.of("k", "v"), 0);
    assertThat(first.sequence()).isEqualTo(Lollipop.first());
    assertThat(first.origin()).isEqualTo("me");
    assertThat(first.instance()).isEqualTo(100);
    Msa second = db.originate(Set.of("a", "b"), Map.of(), 1);
    assertThat(second.sequence()).isEqualTo(Lollipop.next(first.sequence()));
    assertThat(db.get("me")).contains(second);
  }

  @Test
  void ownCopyFromTheFutureJumpsOurSequence() {
    db.originate(Set.of(), Map.of(), 0);
    LinkStateDatabase.Offer jump = db.offer(msa("me", 100, 40), 1);
    assertThat(jump.verdict()).isEqualTo(SELF_JUMP);
    assertThat(jump.nextSequence()).isEqualTo(41);
    assertThat(jump.held().sequence()).isEqualTo(Lollipop.first());
    assertThat(db.get("me").orElseThrow().sequence()).isEqualTo(Lollipop.first());
    // a copy between our current one and the jump target never moves the target back
    assertThat(db.offer(msa("me", 100, 20), 2).nextSequence()).isEqualTo(41);
    Msa next = db.originate(Set.of(), Map.of(), 3);
    assertThat(next.sequence()).isEqualTo(41);
    assertThat(Lollipop.compare(next.sequence(), 40)).isEqualTo(Lollipop.Order.NEWER);
  }

  @Test
  void ownCopyFromTheFutureBeforeWeOriginatedJumpsToo() {
    LinkStateDatabase.Offer jump = db.offer(msa("me", 100, Lollipop.CIRCLE - 1), 0);
    assertThat(jump.verdict()).isEqualTo(SELF_JUMP);
    assertThat(jump.held()).isNull();
    assertThat(db.originate(Set.of(), Map.of(), 1).sequence()).isZero();
  }

  @Test
  void olderOrForeignCopiesOfOurselvesAreStaleAndNeverStored() {
    Msa own = db.originate(Set.of("a"), Map.of(), 0);
    db.originate(Set.of("a"), Map.of(), 0);
    Msa current = db.get("me").orElseThrow();
    LinkStateDatabase.Offer older = db.offer(own, 1);
    assertThat(older.verdict()).isEqualTo(STALE);
    assertThat(older.held()).isEqualTo(current);
    LinkStateDatabase.Offer otherInstance = db.offer(msa("me", 999, 3000, "x"), 2);
    assertThat(otherInstance.verdict()).isEqualTo(STALE);
    assertThat(otherInstance.held()).isEqualTo(current);
    assertThat(db.offer(current, 3).verdict()).isEqualTo(DUPLICATE);
    Msa sameSequenceOtherContent = msa("me", 100, current.sequence(), "z");
    assertThat(db.offer(sameSequenceOtherContent, 4).verdict()).isEqualTo(STALE);
    assertThat(db.get("me")).contains(current);
  }

  @Test
  void expireRemovesOnlyOthersNotRefreshed() {
    db.originate(Set.of(), Map.of(), 0);
    db.offer(msa("old", 1, 0), 0);
    db.offer(msa("fresh", 1, 0), 0);
    db.offer(msa("fresh", 1, 1), 900);
    db.offer(msa("old", 1, 0), 950); // a duplicate does not refresh
    long before = db.version();
    assertThat(db.expire(1000, 500)).containsExactly("old");
    assertThat(db.version()).isGreaterThan(before);
    assertThat(db.get("old")).isEmpty();
    assertThat(db.get("fresh")).isPresent();
    assertThat(db.expire(100_000, 10)).containsExactly("fresh");
    assertThat(db.get("me")).isPresent();
    long after = db.version();
    assertThat(db.expire(200_000, 10)).isEmpty();
    assertThat(db.version()).isEqualTo(after);
    assertThatThrownBy(() -> db.expire(0, -1)).hasMessageContaining("maxAgeMillis");
  }

  @Test
  void versionCountsOnlyChangesOfContent() {
    long v0 = db.version();
    db.offer(msa("a", 1, 0), 0);
    long v1 = db.version();
    assertThat(v1).isGreaterThan(v0);
    db.offer(msa("a", 1, 0), 0);
    db.offer(msa("a", 1, -5), 0);
    assertThat(db.version()).isEqualTo(v1);
    db.originate(Set.of(), Map.of(), 0);
    assertThat(db.version()).isGreaterThan(v1);
  }

  @Test
  void topologyFollowsTheEntries() {
    db.originate(Set.of("a"), Map.of(), 0);
    db.offer(msa("a", 1, 0, "me", "b"), 0);
    db.offer(msa("b", 1, 0), 0);
    Topology t = db.topology();
    assertThat(t.nodes()).containsExactly("a", "b", "me");
    assertThat(t.neighborsOf("me")).containsExactly("a");
    assertThat(t.neighborsOf("b")).isEmpty();
    assertThat(db.topology()).isSameAs(t);
    db.offer(msa("b", 1, 1, "a"), 1);
    assertThat(db.topology().neighborsOf("b")).containsExactly("a");
    assertThat(db.all()).hasSize(3);
  }

  @Test
  void validatesArguments() {
    assertThatThrownBy(() -> new LinkStateDatabase("", 1)).hasMessageContaining("self");
    assertThatThrownBy(() -> db.offer(null, 0)).isInstanceOf(NullPointerException.class);
  }
}
