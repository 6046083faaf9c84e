package io.meshage.internal.security;

import io.meshage.internal.keys.Hkdf;
import io.meshage.internal.keys.Keyring;
import io.meshage.ProtocolException;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The key step that opens every link of a keyed node, before HELLO, in three messages:
 *
 * <ol>
 *   <li>dialer: {@code MSH1 | version | key id(4) | nonce(32)};
 *   <li>acceptor: {@code MSH1 | version | 0 | key id(4) | nonce(32) | confirm(32)} when it holds
 *       that key, or {@code MSH1 | version | 1 | its primary key id(4)} when it does not (so the
 *       dialer can say that one of them missed a rotation);
 *   <li>dialer: {@code confirm(32)}.
 * </ol>
 *
 * Both ends derive, by HKDF from the key with both nonces as salt, four keys: one per direction
 * for records and one per role for the confirmations. The HKDF info binds the roles (dialer,
 * acceptor), the key id, both nonces and the clear bytes of messages 1 and 2 (the transcript).
 * Each side proves it holds the key with {@code confirm = HMAC(its confirm key, role | transcript)}
 * and neither commits any state (no link, no buffers) before it checked the other's: the acceptor
 * confirms first, the dialer last. A replayed or reflected handshake, a flipped clear byte, a
 * confirmation of the other role or a key id without its key fails before a link exists. The
 * exchange itself is a {@link KeyExchange}, driven without blocking by the transport.
 */
public final class SecureHandshake {
  static final int MAGIC = 0x4D534831; // "MSH1"
  static final int VERSION = 2;
  static final int NONCE_BYTES = 32;
  static final int CONFIRM_BYTES = 32;
  static final int OK = 0;
  static final int UNKNOWN_KEY = 1;
  /** Message 1, the dialer's opening. */
  static final int DIAL_BYTES = 9 + NONCE_BYTES;
  /** The clear part of message 2 (without the confirmation). */
  static final int ANSWER_BYTES = 10 + NONCE_BYTES;
  private static final int REMEMBERED_NONCES = 4096;
  private static final byte[] INFO = "meshage link v2".getBytes(StandardCharsets.US_ASCII);
  static final byte[] DIALER = "dialer".getBytes(StandardCharsets.US_ASCII);
  static final byte[] ACCEPTOR = "acceptor".getBytes(StandardCharsets.US_ASCII);
  /** Told in plain text to a keyless peer, which shows it as the reason of its refused dial. */
  public static final String KEYLESS_REFUSAL = "this node requires a namespace key (start with --key-file)";

  /** The two directions of an opened link and the id of the key they were derived from. */
  public record Session(RecordCipher out, RecordCipher in, String keyId) {}

  /** The keys one exchange derives: records each way and the confirmation key of each role. */
  record LinkKeys(byte[] dialerToAcceptor, byte[] acceptorToDialer, byte[] dialerConfirm, byte[] acceptorConfirm) {}

  private final Keyring keyring;
  private final SecureRandom random;
  /** Nonces of this node's exchanges still open: one coming back from a peer is a reflection. */
  private final Map<String, Boolean> ownNonces = new LinkedHashMap<>();

  public SecureHandshake(Keyring keyring, SecureRandom random) {
    this.keyring = keyring;
    this.random = random;
  }

  public Keyring keyring() {
    return keyring;
  }

  /** A dialer's exchange: send {@link KeyExchange#opening()} first. */
  public KeyExchange dialer() {
    return new KeyExchange(this, true, keyring.state());
  }

  /** An acceptor's exchange: it waits for the dialer's opening. */
  public KeyExchange acceptor() {
    return new KeyExchange(this, false, keyring.state());
  }

  /** Runs the dialer's side on blocking streams (tools and tests); the caller bounds the reads. */
  public Session dial(DataInputStream in, OutputStream out) throws IOException {
    return run(dialer(), in, out);
  }

  /** Runs the acceptor's side on blocking streams (tools and tests); the caller bounds the reads. */
  public Session accept(DataInputStream in, OutputStream out) throws IOException {
    return run(acceptor(), in, out);
  }

  private static Session run(KeyExchange x, DataInputStream in, OutputStream out) throws IOException {
    out.write(x.opening());
    out.flush();
    try {
      while (!x.done()) {
        byte[] message = new byte[x.wanted()];
        in.readFully(message);
        write(out, x.receive(message));
      }
    } catch (Refused e) {
      write(out, e.reply());
      throw e;
    } finally {
      x.end();
    }
    return x.session();
  }

  private static void write(OutputStream out, byte[] bytes) throws IOException {
    if (bytes.length > 0) {
      out.write(bytes);
      out.flush();
    }
  }

  /**
   * The four keys of an exchange whose clear messages were {@code dial} (message 1) and {@code
   * answer} (message 2 without its confirmation).
   */
  static LinkKeys derive(byte[] key, byte[] dial, byte[] answer) {
    byte[] salt = new byte[2 * NONCE_BYTES];
    System.arraycopy(dial, 9, salt, 0, NONCE_BYTES);
    System.arraycopy(answer, 10, salt, NONCE_BYTES, NONCE_BYTES);
    byte[] info = concat(INFO, DIALER, dial, ACCEPTOR, answer);
    byte[] okm = Hkdf.derive(salt, key, info, 128);
    return new LinkKeys(part(okm, 0), part(okm, 1), part(okm, 2), part(okm, 3));
  }

  /** Record keys {dialer-to-acceptor, acceptor-to-dialer} for an exchange with these nonces (the simulator). */
  public static byte[][] recordKeys(byte[] key, byte[] nonceC, byte[] nonceS) {
    String id = Keyring.idOf(key);
    LinkKeys k = derive(key, dialMessage(id, nonceC), answerMessage(id, nonceS));
    return new byte[][] {k.dialerToAcceptor(), k.acceptorToDialer()};
  }

  static byte[] dialMessage(String id, byte[] nonce) {
    byte[] m = new byte[DIAL_BYTES];
    putInt(m, 0, MAGIC);
    m[4] = VERSION;
    putInt(m, 5, idBits(id));
    System.arraycopy(nonce, 0, m, 9, NONCE_BYTES);
    return m;
  }

  static byte[] answerMessage(String id, byte[] nonce) {
    byte[] m = new byte[ANSWER_BYTES];
    putInt(m, 0, MAGIC);
    m[4] = VERSION;
    m[5] = OK;
    putInt(m, 6, idBits(id));
    System.arraycopy(nonce, 0, m, 10, NONCE_BYTES);
    return m;
  }

  /** {@code HMAC(confirmKey, role | dial | answer)}. */
  static byte[] confirmation(byte[] confirmKey, byte[] role, byte[] dial, byte[] answer) {
    return Hkdf.hmac(confirmKey, concat(role, dial, answer));
  }

  /** A fresh nonce, remembered until {@link #forget} as one of this node's own. */
  byte[] ownNonce() {
    byte[] n = new byte[NONCE_BYTES];
    random.nextBytes(n);
    synchronized (ownNonces) {
      if (ownNonces.size() >= REMEMBERED_NONCES) {
        ownNonces.remove(ownNonces.keySet().iterator().next());
      }
      ownNonces.put(HexFormat.of().formatHex(n), Boolean.TRUE);
    }
    return n;
  }

  boolean isOwn(byte[] nonce) {
    synchronized (ownNonces) {
      return ownNonces.containsKey(HexFormat.of().formatHex(nonce));
    }
  }

  void forget(byte[] nonce) {
    synchronized (ownNonces) {
      ownNonces.remove(HexFormat.of().formatHex(nonce));
    }
  }

  private static byte[] part(byte[] okm, int i) {
    byte[] k = new byte[32];
    System.arraycopy(okm, 32 * i, k, 0, 32);
    return k;
  }

  static byte[] concat(byte[]... parts) {
    int n = 0;
    for (byte[] p : parts) {
      n += p.length;
    }
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, out, at, p.length);
      at += p.length;
    }
    return out;
  }

  static int idBits(String id) {
    return (int) Long.parseLong(id, 16);
  }

  static String idText(int bits) {
    return HexFormat.of().toHexDigits(bits);
  }

  static int getInt(byte[] b, int at) {
    return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
  }

  static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }

  /** A refused exchange whose refusal must reach the peer before the connection closes. */
  public static final class Refused extends ProtocolException {
    private static final long serialVersionUID = 1L;
    private final transient byte[] reply;

    Refused(String message, byte[] reply) {
      super(message);
      this.reply = reply;
    }

    /** No stack trace: see {@link KeyExchange.Failed}. */
    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }

    /** The bytes to write before closing. */
    public byte[] reply() {
      return reply.clone();
    }
  }
}
