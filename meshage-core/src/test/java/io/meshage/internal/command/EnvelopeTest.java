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
  void everyKindRoundTripsWithEveryField() {
    byte[] payload = {9, 8, 7};
    List<Envelope> all = List.of(
        Envelope.call(Envelope.REQUEST, 10001, 1L, payload),
        Envelope.call(Envelope.ONE_WAY, 10002, 2L, payload),
        Envelope.call(Envelope.RPC_REQUEST, 10003, 3L, new byte[0]),
        Envelope.answer(Envelope.RESPONSE, 10004, 4L, Envelope.HANDLER_ERROR, "it broke ü", payload),
        Envelope.answer(Envelope.RPC_RESPONSE, 10005, 5L, Envelope.OK, "", payload),
        Envelope.many(10006, 6L, "o", false, 2, 3, 700, List.of(), payload),
        Envelope.report(10007, 7L, "subject €", 4, Envelope.TIMEOUT, "late"));
    for (Envelope e : all) {
      Envelope d = Envelope.decode(e.encode());
      assertThat(d.payload()).as("payload of kind %d", e.kind()).isEqualTo(e.payload());
      assertThat(d).usingRecursiveComparison().ignoringFields("payload").as("kind %d", e.kind()).isEqualTo(e);
    }
    assertThat(Envelope.call(Envelope.ONE_WAY, 1, 1L, new byte[1000]).encode())
        .as("version, kind, command, call, payload").hasSize(1 + 1 + 4 + 8 + 1000);
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
