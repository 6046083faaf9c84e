package io.meshage.internal.keys;

import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HKDF with HMAC-SHA256 (RFC 5869): extract a pseudo-random key, expand it to key material. */
public final class Hkdf {
  private static final String HMAC = "HmacSHA256";
  private static final int HASH_LEN = 32;

  private Hkdf() {}

  /** HKDF-Extract: {@code PRK = HMAC(salt, ikm)}; an empty salt stands for 32 zero bytes. */
  public static byte[] extract(byte[] salt, byte[] ikm) {
    return hmac(salt.length == 0 ? new byte[HASH_LEN] : salt, ikm);
  }

  /** HKDF-Expand: {@code T(i) = HMAC(prk, T(i-1) | info | i)}, concatenated to {@code length}. */
  public static byte[] expand(byte[] prk, byte[] info, int length) {
    if (length < 1 || length > 255 * HASH_LEN) {
      throw new IllegalArgumentException("HKDF length must be in [1, " + 255 * HASH_LEN + "], got " + length);
    }
    byte[] out = new byte[length];
    byte[] previous = new byte[0];
    int done = 0;
    for (int i = 1; done < length; i++) {
      byte[] input = new byte[previous.length + info.length + 1];
      System.arraycopy(previous, 0, input, 0, previous.length);
      System.arraycopy(info, 0, input, previous.length, info.length);
      input[input.length - 1] = (byte) i;
      previous = hmac(prk, input);
      int n = Math.min(HASH_LEN, length - done);
      System.arraycopy(previous, 0, out, done, n);
      done += n;
    }
    return out;
  }

  /** Extract then expand. */
  public static byte[] derive(byte[] salt, byte[] ikm, byte[] info, int length) {
    return expand(extract(salt, ikm), info, length);
  }

  /** One HMAC engine per thread: looking one up per use costs more than the HMAC (key steps under a flood). */
  private static final ThreadLocal<Mac> MACS =
      ThreadLocal.withInitial(
          () -> {
            try {
              return Mac.getInstance(HMAC);
            } catch (GeneralSecurityException e) {
              throw new IllegalStateException("the JDK lacks " + HMAC, e);
            }
          });

  /** HMAC-SHA256 of {@code data} under {@code key}. */
  public static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = MACS.get();
      mac.init(new SecretKeySpec(key, HMAC));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HMAC-SHA256 failed", e);
    }
  }
}
