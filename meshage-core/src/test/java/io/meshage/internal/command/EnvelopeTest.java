package io.meshage.internal.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshage.command.MalformedDataException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class EnvelopeTest {
  @Test
  void fanOutMessagesRoundTrip() {
    Envelope e = Envelope.many(10001, 42L, "origin-ü", true, 3, 1, 500, List.of("n1", "n€2"), new byte[] {1, 2});
    Envelope d = Envelope.decode(e.encode());
    assertThat(d.share()).containsExactly("n1", "n€2");
    assertThat(d.subject()).isEqualTo("origin-ü");
    assertThat(d.payload()).containsExactly(1, 2);
    assertThat(d.limit()).isEqualTo(3);
  }

  @Test
  void malformedUtf8InAnEnvelopeIsRefused() {
    byte[] b = Envelope.answer(Envelope.RESPONSE, 10001, 7L, Envelope.HANDLER_ERROR, "ab", new byte[0]).encode();
    // version(1) kind(1) command(4) call(8) status(1) error length(4) then "ab"
    b[19] = (byte) 0xC0;
    b[20] = (byte) 0xAF;
    assertThatThrownBy(() -> Envelope.decode(b))
        .isInstanceOf(MalformedDataException.class)
        .hasMessageContaining("invalid UTF-8");
  }

  @Test
  void unpairedSurrogatesAreNotSent() {
    Envelope e = Envelope.answer(Envelope.RESPONSE, 10001, 7L, Envelope.HANDLER_ERROR, "bad \uDC00", new byte[0]);
    assertThatThrownBy(e::encode)
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("unpaired surrogate");
  }
}
