package io.meshage.internal.security;

import io.meshage.ProtocolException;
import io.meshage.internal.codec.Frame;
import io.meshage.internal.codec.FrameCodec;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The key step that opens every link of a keyed node, before HELLO. The dialer sends {@code
 * MSH1 | version | key id | nonce(32)}; the acceptor answers {@code MSH1 | version | 0 | key id |
 * nonce(32)} when it holds that key, or {@code MSH1 | version | 1 | its primary key id} when it
 * does not (so the dialer can say that one of them missed a rotation). Both ends then derive two
 * AES-256-GCM keys, one per direction, by HKDF from the key and both nonces: a replayed handshake
 * meets a fresh nonce, derives other keys, and its first record fails authentication. Possession
 * of the key is proven by the first record (the HELLO), not by the handshake itself.
 */
public final class SecureHandshake {
  static final int MAGIC = 0x4D534831; // "MSH1"
  static final int VERSION = 1;
  static final int NONCE_BYTES = 32;
  private static final int OK = 0;
  private static final int UNKNOWN_KEY = 1;
  private static final byte[] INFO = "meshage link v1".getBytes(StandardCharsets.US_ASCII);
  /** Told in plain text to a keyless peer, which shows it as the reason of its refused dial. */
  public static final String KEYLESS_REFUSAL = "this node requires a namespace key (start with --key-file)";

  /** The two directions of an opened link and the id of the key they were derived from. */
  public record Session(RecordCipher out, RecordCipher in, String keyId) {}

  private final Keyring keyring;
  private final SecureRandom random;

  public SecureHandshake(Keyring keyring, SecureRandom random) {
    this.keyring = keyring;
    this.random = random;
  }

  public Keyring keyring() {
    return keyring;
  }

  /** Runs the dialer's side; the caller bounds the reads with a socket timeout. */
  public Session dial(DataInputStream in, OutputStream out) throws IOException {
    Keyring.State ring = keyring.state();
    String id = ring.primary();
    byte[] nonceC = nonce();
    byte[] hello = new byte[9 + NONCE_BYTES];
    putInt(hello, 0, MAGIC);
    hello[4] = VERSION;
    putInt(hello, 5, idBits(id));
    System.arraycopy(nonceC, 0, hello, 9, NONCE_BYTES);
    out.write(hello);
    out.flush();
    int magic = in.readInt();
    if (magic != MAGIC) {
      throw new ProtocolException("peer answered the key step with something else (a node without a namespace key?)");
    }
    int version = in.readUnsignedByte();
    if (version != VERSION) {
      throw new ProtocolException("peer speaks key step version " + version + ", this node " + VERSION);
    }
    int status = in.readUnsignedByte();
    String peerId = idText(in.readInt());
    if (status == UNKNOWN_KEY) {
      throw new ProtocolException(
          "peer does not hold namespace key " + id + " (its primary key is " + peerId
              + "): install the key the mesh uses now (mesh key install) or make this node's key primary there");
    }
    if (status != OK || !peerId.equals(id)) {
      throw new ProtocolException("peer answered the key step with status " + status + " and key " + peerId);
    }
    byte[] nonceS = new byte[NONCE_BYTES];
    in.readFully(nonceS);
    byte[][] keys = derive(ring.keys().get(id), nonceC, nonceS);
    return new Session(new RecordCipher(keys[0]), new RecordCipher(keys[1]), id);
  }

  /** Runs the acceptor's side; the caller bounds the reads with a socket timeout. */
  public Session accept(DataInputStream in, OutputStream out) throws IOException {
    int magic = in.readInt();
    if (magic != MAGIC) {
      if (magic >= 0 && magic <= FrameCodec.MAX_STRING * 4) {
        out.write(FrameCodec.toBytes(new Frame.Bye(KEYLESS_REFUSAL)));
        out.flush();
      }
      throw new ProtocolException("peer sent no key step (a node without the namespace key?)");
    }
    int version = in.readUnsignedByte();
    if (version != VERSION) {
      throw new ProtocolException("peer speaks key step version " + version + ", this node " + VERSION);
    }
    String id = idText(in.readInt());
    byte[] nonceC = new byte[NONCE_BYTES];
    in.readFully(nonceC);
    Keyring.State ring = keyring.state();
    byte[] key = ring.keys().get(id);
    if (key == null) {
      byte[] refusal = new byte[10];
      putInt(refusal, 0, MAGIC);
      refusal[4] = VERSION;
      refusal[5] = UNKNOWN_KEY;
      putInt(refusal, 6, idBits(ring.primary()));
      out.write(refusal);
      out.flush();
      throw new ProtocolException(
          "peer uses namespace key " + id + ", which this node does not hold (it holds " + ring.keys().keySet() + ")");
    }
    byte[] nonceS = nonce();
    byte[] answer = new byte[10 + NONCE_BYTES];
    putInt(answer, 0, MAGIC);
    answer[4] = VERSION;
    answer[5] = OK;
    putInt(answer, 6, idBits(id));
    System.arraycopy(nonceS, 0, answer, 10, NONCE_BYTES);
    out.write(answer);
    out.flush();
    byte[][] keys = derive(key, nonceC, nonceS);
    return new Session(new RecordCipher(keys[1]), new RecordCipher(keys[0]), id);
  }

  /** {dialer-to-acceptor key, acceptor-to-dialer key}. */
  public static byte[][] derive(byte[] key, byte[] nonceC, byte[] nonceS) {
    byte[] salt = new byte[2 * NONCE_BYTES];
    System.arraycopy(nonceC, 0, salt, 0, NONCE_BYTES);
    System.arraycopy(nonceS, 0, salt, NONCE_BYTES, NONCE_BYTES);
    byte[] okm = Hkdf.derive(salt, key, INFO, 64);
    byte[] c2s = new byte[32];
    byte[] s2c = new byte[32];
    System.arraycopy(okm, 0, c2s, 0, 32);
    System.arraycopy(okm, 32, s2c, 0, 32);
    return new byte[][] {c2s, s2c};
  }

  private byte[] nonce() {
    byte[] n = new byte[NONCE_BYTES];
    random.nextBytes(n);
    return n;
  }

  static int idBits(String id) {
    return (int) Long.parseLong(id, 16);
  }

  static String idText(int bits) {
    return HexFormat.of().toHexDigits(bits);
  }

  static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }
}
