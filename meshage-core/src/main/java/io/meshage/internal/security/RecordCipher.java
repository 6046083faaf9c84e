package io.meshage.internal.security;

import io.meshage.ProtocolException;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One direction of an encrypted link: AES-256-GCM records {@code length(4) | ciphertext | tag(16)}
 * whose nonce is a record counter (never sent: TCP keeps the order, so a replayed, dropped or
 * reordered record fails its tag) and whose associated data is the length prefix. A record holds
 * one or more length-prefixed frames. Not thread-safe: one thread (or lock holder) per direction.
 */
public final class RecordCipher {
  /** Bytes the GCM tag adds to every record. */
  public static final int TAG_BYTES = 16;

  private final Cipher cipher;
  private final SecretKeySpec key;
  private final byte[] nonce = new byte[12];
  private final byte[] aad = new byte[4];
  private long counter;
  private byte[] sealed = new byte[1024];

  public RecordCipher(byte[] key) {
    this.key = new SecretKeySpec(key, "AES");
    try {
      this.cipher = Cipher.getInstance("AES/GCM/NoPadding");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the JDK lacks AES/GCM", e);
    }
  }

  /**
   * Seals {@code plain[offset, offset+length)} into one record; returns the record's size. The
   * record is in {@link #sealed()} until the next call.
   */
  public int seal(byte[] plain, int offset, int length) {
    int recordLength = length + TAG_BYTES;
    if (sealed.length < recordLength + 4) {
      sealed = new byte[Math.max(sealed.length * 2, recordLength + 4)];
    }
    putInt(sealed, 0, recordLength);
    try {
      cipher.init(Cipher.ENCRYPT_MODE, key, nextNonce());
      cipher.updateAAD(sealed, 0, 4);
      cipher.doFinal(plain, offset, length, sealed, 4);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("AES-GCM sealing failed", e);
    }
    return recordLength + 4;
  }

  /** The buffer holding the record {@link #seal} produced last. */
  public byte[] sealed() {
    return sealed;
  }

  /**
   * Verifies and decrypts one record body of {@code recordLength} bytes (what followed its length
   * prefix); returns the plaintext. Nothing is returned unless the tag verifies.
   */
  public byte[] open(byte[] record, int recordLength) throws ProtocolException {
    return open(record, 0, recordLength);
  }

  /** {@link #open(byte[], int)} of a record body that starts at {@code offset} of {@code buffer}. */
  public byte[] open(byte[] buffer, int offset, int recordLength) throws ProtocolException {
    if (recordLength < TAG_BYTES) {
      throw new ProtocolException("record of " + recordLength + " bytes is shorter than its tag");
    }
    putInt(aad, 0, recordLength);
    try {
      cipher.init(Cipher.DECRYPT_MODE, key, nextNonce());
      cipher.updateAAD(aad);
      return cipher.doFinal(buffer, offset, recordLength);
    } catch (AEADBadTagException e) {
      throw new ProtocolException("record " + (counter - 1) + " failed authentication (wrong key, or altered or replayed bytes)");
    } catch (GeneralSecurityException e) {
      throw new ProtocolException("record " + (counter - 1) + " cannot be opened: " + e.getMessage());
    }
  }

  private GCMParameterSpec nextNonce() {
    long c = counter++;
    for (int i = 0; i < 8; i++) {
      nonce[4 + i] = (byte) (c >>> (56 - 8 * i));
    }
    return new GCMParameterSpec(TAG_BYTES * 8, nonce);
  }

  private static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }
}
