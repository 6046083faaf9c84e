package io.meshage.tools.load;

import java.security.SecureRandom;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The record layer's CPU cost without sockets: AES-256-GCM seal and open of one record, as the
 * link does it (fresh counter nonce, 4-byte associated data), for a one-frame record of 170 bytes
 * (a 100-byte DATA frame) and a coalesced 64 KiB record.
 */
final class RecordCost {
  private RecordCost() {}

  static void run() throws Exception {
    for (int size : new int[] {170, 64 * 1024}) {
      int iterations = size < 1024 ? 400_000 : 4_000;
      time(size, iterations / 4);
      double ns = time(size, iterations);
      System.out.printf("record layer, %,d-byte record: seal+open %.0f ns (%.0f MB/s)%n", size, ns, size / ns * 1000);
    }
  }

  private static double time(int size, int iterations) throws Exception {
    byte[] key = new byte[32];
    new SecureRandom().nextBytes(key);
    SecretKeySpec k = new SecretKeySpec(key, "AES");
    Cipher seal = Cipher.getInstance("AES/GCM/NoPadding");
    Cipher open = Cipher.getInstance("AES/GCM/NoPadding");
    byte[] plain = new byte[size];
    byte[] sealed = new byte[size + 16];
    byte[] aad = new byte[4];
    byte[] nonce = new byte[12];
    long start = System.nanoTime();
    long check = 0;
    for (long c = 0; c < iterations; c++) {
      for (int i = 0; i < 8; i++) {
        nonce[4 + i] = (byte) (c >>> (56 - 8 * i));
      }
      GCMParameterSpec spec = new GCMParameterSpec(128, nonce);
      seal.init(Cipher.ENCRYPT_MODE, k, spec);
      seal.updateAAD(aad);
      seal.doFinal(plain, 0, size, sealed, 0);
      open.init(Cipher.DECRYPT_MODE, k, spec);
      open.updateAAD(aad);
      check += open.doFinal(sealed, 0, size + 16).length;
    }
    if (check != (long) size * iterations) {
      throw new IllegalStateException("record sizes do not add up");
    }
    return (System.nanoTime() - start) / (double) iterations;
  }
}
