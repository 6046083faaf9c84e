package io.meshage.internal.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshage.Seeds;
import io.meshage.rpc.Arith;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Round trips of requests and replies, and hostile bytes that must fail cleanly. */
@Timeout(30)
class RpcWireTest {
  @Test
  void requestsAndRepliesRoundTrip() {
    byte[] req = RpcWire.request(42, true, "Arith.sumDiff", (byte) 2, new byte[] {1, 2, 3});
    assertThat(RpcWire.kind(req)).isEqualTo(RpcWire.REQUEST);
    RpcWire.Request r = RpcWire.decodeRequest(req);
    assertThat(r.call()).isEqualTo(42);
    assertThat(r.replyWanted()).isTrue();
    assertThat(r.method()).isEqualTo("Arith.sumDiff");
    assertThat(r.arg()).containsExactly(1, 2, 3);
    RpcWire.Reply ok = RpcWire.decodeReply(RpcWire.okReply(-7, RpcWire.NULL, new byte[0]));
    assertThat(ok.call()).isEqualTo(-7);
    assertThat(ok.type()).isEqualTo(RpcWire.NULL);
    RpcWire.Reply err =
        RpcWire.decodeReply(RpcWire.errorReply(9, RpcWire.REMOTE_ERROR, "java.lang.IllegalStateException", "é".repeat(5000)));
    assertThat(err.errorClass()).isEqualTo("java.lang.IllegalStateException");
    assertThat(err.error()).hasSize(RpcWire.MAX_ERROR_CHARS + 3);
  }

  @Test
  void truncatedAndRandomBytesFailWithIllegalArgumentOnly() {
    long seed = Seeds.forTest();
    Random random = new Random(seed);
    byte[] req = RpcWire.request(1, false, "T.m", (byte) 0, new byte[8]);
    byte[] err = RpcWire.errorReply(1, RpcWire.NO_SUCH_METHOD, "", "no such method");
    for (int n = 0; n < req.length; n++) {
      byte[] cut = Arrays.copyOf(req, n);
      if (n < 10) {
        assertThatThrownBy(() -> RpcWire.kind(cut)).isInstanceOf(IllegalArgumentException.class);
      } else if (n < 14) {
        assertThatThrownBy(() -> RpcWire.decodeRequest(cut)).isInstanceOf(IllegalArgumentException.class);
      }
    }
    for (int n = 10; n < err.length; n++) {
      byte[] cut = Arrays.copyOf(err, n);
      assertThatThrownBy(() -> RpcWire.decodeReply(cut)).as("seed %d", seed).isInstanceOf(IllegalArgumentException.class);
    }
    for (int i = 0; i < 20_000; i++) {
      byte[] junk = new byte[random.nextInt(40)];
      random.nextBytes(junk);
      if (junk.length > 1) {
        junk[0] = RpcWire.VERSION;
        junk[1] = (byte) (1 + random.nextInt(2));
      }
      try {
        if (RpcWire.kind(junk) == RpcWire.REQUEST) {
          RpcWire.decodeRequest(junk);
        } else {
          RpcWire.decodeReply(junk);
        }
      } catch (IllegalArgumentException expected) {
        // the only way to fail
      } catch (RuntimeException e) {
        throw new AssertionError("seed " + seed + ": " + Arrays.toString(junk) + " threw " + e, e);
      }
    }
  }
}
