package io.meshage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Proxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtensionContext;

/** The seeding convention itself: fixed by default, and a failure names the seed it ran with. */
@Timeout(10)
class SeedsTest {
  @Test
  void defaultSeedsAreFixedAndDifferByName() {
    // the same value in every run (unless -Dmeshage.seed asks otherwise)
    if (System.getProperty(Seeds.PROPERTY) == null) {
      assertThat(Seeds.seed("SeedsTest#fixed")).isEqualTo(Seeds.seed("SeedsTest#fixed"));
      assertThat(Seeds.seed("SeedsTest#fixed")).isEqualTo(EXPECTED_FIXED);
      assertThat(Seeds.seed("SeedsTest#other")).isNotEqualTo(EXPECTED_FIXED);
    }
  }

  /** What {@code Seeds.seed("SeedsTest#fixed")} gives with the default base. */
  private static final long EXPECTED_FIXED = expectedFixed();

  private static long expectedFixed() {
    long z = Seeds.DEFAULT_BASE + "SeedsTest#fixed".hashCode() * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  @Test
  void aFailureAfterTakingASeedNamesItAndTheReplay() {
    long seed = Seeds.seed("SeedsTest#named");
    ExtensionContext context = (ExtensionContext) Proxy.newProxyInstance(
        ExtensionContext.class.getClassLoader(), new Class<?>[] {ExtensionContext.class},
        (proxy, method, args) -> method.getName().equals("getDisplayName") ? "named()" : null);
    assertThatThrownBy(() -> new SeedReport().handleTestExecutionException(context, new AssertionError("boom")))
        .isInstanceOf(AssertionError.class)
        .hasMessageContaining("seed " + seed)
        .hasMessageContaining("-D" + Seeds.PROPERTY + "=" + seed)
        .hasMessageContaining("boom");
  }
}
