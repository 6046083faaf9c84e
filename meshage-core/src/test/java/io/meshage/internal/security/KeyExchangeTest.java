package io.meshage.internal.security;

import io.meshage.internal.keys.Keyring;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshage.ProtocolException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The key step as a state machine: an honest exchange agrees on keys, and each attack on it is
 * refused with its reason before either side has a session (a link's ciphers or buffers).
 */
@Timeout(10)
class KeyExchangeTest {
  private static final byte[] KEY = key(1);

  private static byte[] key(int seed) {
    byte[] k = new byte[32];
    new Random(seed).nextBytes(k);
    return k;
  }

  private static SecureHandshake node() {
    return new SecureHandshake(new Keyring(List.of(KEY)), new SecureRandom());
  }

  /** Feeds {@code bytes} to {@code x} in the pieces it asks for; returns what it answered last. */
  private static byte[] feed(KeyExchange x, byte[] bytes) {
    byte[] reply = new byte[0];
    int at = 0;
    while (at < bytes.length && !x.done()) {
      int n = x.wanted();
      reply = x.receive(Arrays.copyOfRange(bytes, at, at + n));
      at += n;
    }
    return reply;
  }

  @Test
  void anHonestExchangeConfirmsBothWaysAndAgreesOnTheRecordKeys() {
    KeyExchange dialer = node().dialer();
    KeyExchange acceptor = node().acceptor();
    byte[] answer = feed(acceptor, dialer.opening());
    assertThat(answer).hasSize(42 + 32);
    assertThat(acceptor.done()).as("the acceptor waits for the dialer's confirmation").isFalse();
    byte[] confirm = feed(dialer, answer);
    assertThat(dialer.done()).isTrue();
    feed(acceptor, confirm);
    assertThat(acceptor.done()).isTrue();
    byte[] plain = "hello".getBytes();
    RecordCipher out = dialer.session().out();
    int n = out.seal(plain, 0, plain.length);
    assertThat(acceptor.session().in().open(out.sealed(), 4, n - 4)).isEqualTo(plain);
  }

  @Test
  void aReflectedOpeningIsRefusedByTheNodeThatSentIt() {
    SecureHandshake a = node();
    KeyExchange dial = a.dialer();
    KeyExchange accept = a.acceptor();
    assertThatThrownBy(() -> feed(accept, dial.opening()))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("reflected key step");
    assertThat(accept.session()).isNull();
  }

  @Test
  void aReflectedAnswerIsRefusedByTheDialer() {
    SecureHandshake a = node();
    KeyExchange dial = a.dialer();
    byte[] opening = dial.opening();
    // An answer built around the dialer's own nonce, as a reflector would have to send.
    byte[] answer = SecureHandshake.answerMessage(Keyring.idOf(KEY), Arrays.copyOfRange(opening, 9, 41));
    byte[] forged = SecureHandshake.concat(answer, new byte[32]);
    assertThatThrownBy(() -> feed(dial, forged))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("reflected key step");
    assertThat(dial.session()).isNull();
  }

  @Test
  void aReplayedExchangeFailsTheConfirmationAgainstAFreshNonce() {
    SecureHandshake b = node();
    KeyExchange dialer = node().dialer();
    byte[] opening = dialer.opening();
    KeyExchange first = b.acceptor();
    byte[] confirm = feed(dialer, feed(first, opening));
    feed(first, confirm);
    assertThat(first.done()).isTrue();
    KeyExchange replayed = b.acceptor();
    feed(replayed, opening);
    assertThatThrownBy(() -> feed(replayed, confirm))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("key confirmation failed");
    assertThat(replayed.session()).isNull();
  }

  @Test
  void theAcceptorsOwnConfirmationSentBackAsTheDialersIsRefused() {
    KeyExchange dialer = node().dialer();
    KeyExchange acceptor = node().acceptor();
    byte[] answer = feed(acceptor, dialer.opening());
    byte[] acceptorConfirm = Arrays.copyOfRange(answer, 42, 74);
    assertThatThrownBy(() -> feed(acceptor, acceptorConfirm))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("key confirmation failed");
    assertThat(acceptor.session()).isNull();
  }

  @Test
  void aFlippedClearByteInEitherMessageFailsTheConfirmation() {
    // Bytes 9-40 of the opening are the dialer's nonce (a flipped key id meets an unknown key).
    for (int at = 9; at < 41; at += 4) {
      KeyExchange dialer = node().dialer();
      KeyExchange acceptor = node().acceptor();
      byte[] opening = dialer.opening();
      opening[at] ^= 1;
      byte[] answer = feed(acceptor, opening);
      assertThatThrownBy(() -> feed(dialer, answer))
          .as("byte %d of the opening flipped", at)
          .isInstanceOf(ProtocolException.class).hasMessageContaining("key confirmation failed");
      assertThat(dialer.session()).isNull();
    }
    for (int at = 10; at < 42; at += 5) {
      KeyExchange dialer = node().dialer();
      KeyExchange acceptor = node().acceptor();
      byte[] answer = feed(acceptor, dialer.opening());
      answer[at] ^= 1;
      assertThatThrownBy(() -> feed(dialer, answer))
          .as("byte %d of the answer flipped", at)
          .isInstanceOf(ProtocolException.class).hasMessageContaining("key confirmation failed");
    }
  }

  @Test
  void aKeyIdWithoutItsKeyIsRefusedAtTheConfirmation() {
    KeyExchange acceptor = node().acceptor();
    byte[] nonce = new byte[32];
    new Random(7).nextBytes(nonce);
    feed(acceptor, SecureHandshake.dialMessage(Keyring.idOf(KEY), nonce));
    byte[] guess = new byte[32];
    new Random(8).nextBytes(guess);
    assertThatThrownBy(() -> feed(acceptor, guess))
        .isInstanceOf(ProtocolException.class).hasMessageContaining("key confirmation failed");
    assertThat(acceptor.session()).isNull();
  }

  @Test
  void theInfoBindsTheRolesTheKeyIdAndBothNonces() {
    byte[] nonceC = new byte[32];
    byte[] nonceS = new byte[32];
    nonceS[0] = 1;
    byte[] dial = SecureHandshake.dialMessage(Keyring.idOf(KEY), nonceC);
    byte[] answer = SecureHandshake.answerMessage(Keyring.idOf(KEY), nonceS);
    SecureHandshake.LinkKeys k = SecureHandshake.derive(KEY, dial, answer);
    assertThat(k.dialerToAcceptor()).isNotEqualTo(k.acceptorToDialer());
    assertThat(k.dialerConfirm()).isNotEqualTo(k.acceptorConfirm());
    // Swapped nonces (the roles reversed) give other keys.
    SecureHandshake.LinkKeys swapped = SecureHandshake.derive(KEY,
        SecureHandshake.dialMessage(Keyring.idOf(KEY), nonceS), SecureHandshake.answerMessage(Keyring.idOf(KEY), nonceC));
    assertThat(swapped.dialerToAcceptor()).isNotEqualTo(k.dialerToAcceptor()).isNotEqualTo(k.acceptorToDialer());
    // Another key id in the clear bytes (same key material) gives other keys.
    byte[] otherId = dial.clone();
    otherId[8] ^= 1;
    assertThat(SecureHandshake.derive(KEY, otherId, answer).dialerToAcceptor()).isNotEqualTo(k.dialerToAcceptor());
  }
}
