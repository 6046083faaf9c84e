package io.meshage.internal.security;

import io.meshage.internal.keys.Keyring;
import io.meshage.ProtocolException;
import io.meshage.internal.codec.Frame;
import io.meshage.internal.codec.FrameCodec;
import java.security.MessageDigest;
import java.util.Arrays;

/**
 * One side of one {@link SecureHandshake} exchange, as a state machine that does no I/O: the
 * transport sends {@link #opening()}, reads exactly {@link #wanted()} bytes at a time into a
 * buffer of that size (never more than {@value #MAX_MESSAGE} bytes), passes them to {@link
 * #receive} and sends what it returns, until {@link #done()}. Then {@link #session()} holds the
 * link's record ciphers. Any failure throws {@link ProtocolException} with the reason; a {@link
 * SecureHandshake.Refused} carries bytes to send the peer before closing.
 */
public final class KeyExchange {
  /** The longest message either side waits for at once. */
  public static final int MAX_MESSAGE = SecureHandshake.NONCE_BYTES + SecureHandshake.CONFIRM_BYTES;

  private enum State {
    DIALER_AWAITS_ANSWER,
    DIALER_AWAITS_NONCE_AND_CONFIRM,
    ACCEPTOR_AWAITS_MAGIC,
    ACCEPTOR_AWAITS_DIAL,
    ACCEPTOR_AWAITS_CONFIRM,
    DONE
  }

  private final SecureHandshake owner;
  private final boolean dialer;
  private final Keyring.State ring;
  private State state;
  private byte[] nonce;
  private byte[] key;
  private String keyId;
  private byte[] dial;
  private byte[] answer;
  private byte[] answerHead;
  private SecureHandshake.LinkKeys keys;
  private SecureHandshake.Session session;

  KeyExchange(SecureHandshake owner, boolean dialer, Keyring.State ring) {
    this.owner = owner;
    this.dialer = dialer;
    this.ring = ring;
    if (dialer) {
      keyId = ring.primary();
      key = ring.primaryKey();
      nonce = owner.ownNonce();
      dial = SecureHandshake.dialMessage(keyId, nonce);
      state = State.DIALER_AWAITS_ANSWER;
    } else {
      state = State.ACCEPTOR_AWAITS_MAGIC;
    }
  }

  /** What the dialer sends first; empty for the acceptor. */
  public byte[] opening() {
    return dialer ? dial.clone() : new byte[0];
  }

  /** How many bytes the next {@link #receive} takes; 0 once done. */
  public int wanted() {
    return switch (state) {
      case DIALER_AWAITS_ANSWER -> 10;
      case DIALER_AWAITS_NONCE_AND_CONFIRM -> SecureHandshake.NONCE_BYTES + SecureHandshake.CONFIRM_BYTES;
      case ACCEPTOR_AWAITS_MAGIC -> 4;
      case ACCEPTOR_AWAITS_DIAL -> SecureHandshake.DIAL_BYTES - 4;
      case ACCEPTOR_AWAITS_CONFIRM -> SecureHandshake.CONFIRM_BYTES;
      case DONE -> 0;
    };
  }

  public boolean done() {
    return state == State.DONE;
  }

  /** The link's ciphers once {@link #done()}; null before. */
  public SecureHandshake.Session session() {
    return session;
  }

  /** Takes exactly {@link #wanted()} bytes; returns what to send (may be empty). */
  public byte[] receive(byte[] message) throws ProtocolException {
    if (message.length != wanted() || state == State.DONE) {
      throw new IllegalStateException("expected " + wanted() + " bytes in state " + state + ", got " + message.length);
    }
    try {
      return switch (state) {
        case DIALER_AWAITS_ANSWER -> answerHead(message);
        case DIALER_AWAITS_NONCE_AND_CONFIRM -> acceptorConfirmed(message);
        case ACCEPTOR_AWAITS_MAGIC -> magic(message);
        case ACCEPTOR_AWAITS_DIAL -> dialed(message);
        case ACCEPTOR_AWAITS_CONFIRM -> dialerConfirmed(message);
        case DONE -> throw new IllegalStateException("done");
      };
    } catch (ProtocolException e) {
      end();
      throw e;
    }
  }

  /** Gives up the exchange (the connection closed): this side's nonce stops being remembered. */
  public void end() {
    if (nonce != null) {
      owner.forget(nonce);
    }
  }

  // ---------------------------------------------------------------- dialer

  private byte[] answerHead(byte[] m) throws ProtocolException {
    if (SecureHandshake.getInt(m, 0) != SecureHandshake.MAGIC) {
      throw new Failed("peer answered the key step with something else (a node without a namespace key?)");
    }
    checkVersion(m[4] & 0xFF);
    int status = m[5] & 0xFF;
    String peerId = SecureHandshake.idText(SecureHandshake.getInt(m, 6));
    if (status == SecureHandshake.UNKNOWN_KEY) {
      throw new Failed(
          "peer does not hold namespace key " + keyId + " (its primary key is " + peerId
              + "): install the key the mesh uses now (mesh key install) or make this node's key primary there");
    }
    if (status != SecureHandshake.OK || !peerId.equals(keyId)) {
      throw new Failed("peer answered the key step with status " + status + " and key " + peerId);
    }
    answerHead = m;
    state = State.DIALER_AWAITS_NONCE_AND_CONFIRM;
    return new byte[0];
  }

  private byte[] acceptorConfirmed(byte[] m) throws ProtocolException {
    answer = Arrays.copyOf(answerHead, SecureHandshake.ANSWER_BYTES);
    System.arraycopy(m, 0, answer, 10, SecureHandshake.NONCE_BYTES);
    byte[] peerNonce = Arrays.copyOfRange(m, 0, SecureHandshake.NONCE_BYTES);
    if (Arrays.equals(peerNonce, nonce) || owner.isOwn(peerNonce)) {
      throw new Failed("reflected key step: the answer carries this node's own nonce");
    }
    keys = SecureHandshake.derive(key, dial, answer);
    byte[] claimed = Arrays.copyOfRange(m, SecureHandshake.NONCE_BYTES, m.length);
    byte[] expected = SecureHandshake.confirmation(keys.acceptorConfirm(), SecureHandshake.ACCEPTOR, dial, answer);
    if (!MessageDigest.isEqual(claimed, expected)) {
      throw new Failed(
          "peer's key confirmation failed (it does not hold key " + keyId + ", or the handshake bytes were altered)");
    }
    finish(keys.dialerToAcceptor(), keys.acceptorToDialer());
    return SecureHandshake.confirmation(keys.dialerConfirm(), SecureHandshake.DIALER, dial, answer);
  }

  // ---------------------------------------------------------------- acceptor

  private byte[] magic(byte[] m) throws ProtocolException {
    int magic = SecureHandshake.getInt(m, 0);
    if (magic != SecureHandshake.MAGIC) {
      String reason = "peer sent no key step (a node without the namespace key?)";
      if (magic >= 0 && magic <= FrameCodec.MAX_STRING * 4) {
        throw new SecureHandshake.Refused(reason, FrameCodec.toBytes(new Frame.Bye(SecureHandshake.KEYLESS_REFUSAL)));
      }
      throw new Failed(reason);
    }
    dial = Arrays.copyOf(m, SecureHandshake.DIAL_BYTES);
    state = State.ACCEPTOR_AWAITS_DIAL;
    return new byte[0];
  }

  private byte[] dialed(byte[] m) throws ProtocolException {
    System.arraycopy(m, 0, dial, 4, m.length);
    checkVersion(dial[4] & 0xFF);
    keyId = SecureHandshake.idText(SecureHandshake.getInt(dial, 5));
    byte[] peerNonce = Arrays.copyOfRange(dial, 9, SecureHandshake.DIAL_BYTES);
    if (owner.isOwn(peerNonce)) {
      throw new Failed("reflected key step: the peer sent this node's own nonce back");
    }
    key = ring.keys().get(keyId);
    if (key == null) {
      byte[] refusal = new byte[10];
      SecureHandshake.putInt(refusal, 0, SecureHandshake.MAGIC);
      refusal[4] = SecureHandshake.VERSION;
      refusal[5] = SecureHandshake.UNKNOWN_KEY;
      SecureHandshake.putInt(refusal, 6, SecureHandshake.idBits(ring.primary()));
      throw new SecureHandshake.Refused(
          "peer uses namespace key " + keyId + ", which this node does not hold (it holds " + ring.keys().keySet() + ")",
          refusal);
    }
    nonce = owner.ownNonce();
    answer = SecureHandshake.answerMessage(keyId, nonce);
    keys = SecureHandshake.derive(key, dial, answer);
    state = State.ACCEPTOR_AWAITS_CONFIRM;
    return SecureHandshake.concat(
        answer, SecureHandshake.confirmation(keys.acceptorConfirm(), SecureHandshake.ACCEPTOR, dial, answer));
  }

  private byte[] dialerConfirmed(byte[] m) throws ProtocolException {
    byte[] expected = SecureHandshake.confirmation(keys.dialerConfirm(), SecureHandshake.DIALER, dial, answer);
    if (!MessageDigest.isEqual(m, expected)) {
      throw new Failed(
          "peer's key confirmation failed (a replayed or altered key step, or a key id sent without its key)");
    }
    finish(keys.acceptorToDialer(), keys.dialerToAcceptor());
    return new byte[0];
  }

  // ---------------------------------------------------------------- both

  /**
   * A failed key step: its message says why; no stack trace (a flood of hostile key steps makes
   * many, and where one was thrown tells nothing the message does not).
   */
  static final class Failed extends ProtocolException {
    private static final long serialVersionUID = 1L;

    Failed(String message) {
      super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }

  private void checkVersion(int version) throws ProtocolException {
    if (version != SecureHandshake.VERSION) {
      throw new Failed("peer speaks key step version " + version + ", this node " + SecureHandshake.VERSION);
    }
  }

  private void finish(byte[] outKey, byte[] inKey) {
    session = new SecureHandshake.Session(new RecordCipher(outKey), new RecordCipher(inKey), keyId);
    state = State.DONE;
    end();
  }
}
