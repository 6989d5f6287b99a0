package bsc.tests;

import java.util.Arrays;
import java.util.Random;

/** Byte-level mutations of a file for fuzzing: the kinds of damage that reach protobuf parsers. */
final class Mutations {
  private Mutations() {}

  /** A mutated copy of {@code original}; one to three mutations, chosen and placed by {@code rnd}. */
  static byte[] mutate(byte[] original, Random rnd) {
    byte[] b = original.clone();
    int count = 1 + rnd.nextInt(3);
    for (int k = 0; k < count; k++) {
      b = once(b, rnd);
    }
    return b;
  }

  private static byte[] once(byte[] b, Random rnd) {
    if (b.length == 0) {
      return new byte[] {(byte) rnd.nextInt(256)};
    }
    int at = rnd.nextInt(b.length);
    switch (rnd.nextInt(6)) {
      case 0 -> b[at] ^= (byte) (1 << rnd.nextInt(8));
      case 1 -> b[at] = (byte) rnd.nextInt(256);
      case 2 -> fill(b, at, 1 + rnd.nextInt(10), (byte) 0xff); // varints of huge lengths and dims
      case 3 -> fill(b, at, 1 + rnd.nextInt(10), (byte) 0);
      case 4 -> b = Arrays.copyOf(b, at);
      default -> b = insert(b, at, rnd);
    }
    return b;
  }

  private static void fill(byte[] b, int at, int n, byte value) {
    Arrays.fill(b, at, Math.min(b.length, at + n), value);
  }

  private static byte[] insert(byte[] b, int at, Random rnd) {
    byte[] extra = new byte[1 + rnd.nextInt(16)];
    rnd.nextBytes(extra);
    byte[] r = new byte[b.length + extra.length];
    System.arraycopy(b, 0, r, 0, at);
    System.arraycopy(extra, 0, r, at, extra.length);
    System.arraycopy(b, at, r, at + extra.length, b.length - at);
    return r;
  }
}
