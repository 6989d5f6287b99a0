package bsc.ir.onnxio;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import bsc.ir.BscException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutated models (flipped, truncated, inserted and duplicated bytes) either import or fail with a
 * BscException, quickly: never another exception, a hang or an out-of-memory error.
 */
class ImporterFuzzTest {
  private static final int MUTANTS_PER_SEED = Integer.getInteger("bsc.fuzz.mutants", 1000);
  private static final long MAX_CASE_NANOS = 1_000_000_000L;
  private static final long MAX_TOTAL_NANOS = 60_000_000_000L;

  @Test
  void mutantsOfAModernModelImportOrFailCleanly() {
    fuzz(FuzzSeeds.modern().toByteArray(), new Random(0x5eed1L + Long.getLong("bsc.fuzz.seed", 0)));
  }

  @Test
  void mutantsOfALegacyModelImportOrFailCleanly() {
    fuzz(FuzzSeeds.legacy().toByteArray(), new Random(0x5eed2L + Long.getLong("bsc.fuzz.seed", 0)));
  }

  private static void fuzz(byte[] seed, Random rng) {
    long start = System.nanoTime();
    long maxCase = 0;
    int imported = 0;
    for (int i = 0; i < MUTANTS_PER_SEED; i++) {
      byte[] mutant = seed;
      int rounds = 1 + rng.nextInt(3);
      StringBuilder how = new StringBuilder();
      for (int r = 0; r < rounds; r++) {
        mutant = mutate(mutant, rng, how);
      }
      long t0 = System.nanoTime();
      try {
        OnnxImporter.parse(ByteBuffer.wrap(mutant), "fuzz");
        imported++;
      } catch (BscException expected) {
        assertTrue(expected.where().startsWith("fuzz"), "mutant " + i + ": where " + expected.where());
        if (Boolean.getBoolean("bsc.fuzz.verbose")) {
          System.out.println("FUZZREJECT " + expected.what().replaceAll("[0-9]+", "N"));
        }
      } catch (Throwable t) {
        fail("mutant " + i + " (" + how + ") threw " + t + "\n" + stackTrace(t), t);
      }
      long nanos = System.nanoTime() - t0;
      maxCase = Math.max(maxCase, nanos);
      if (nanos > MAX_CASE_NANOS) {
        fail("mutant " + i + " (" + how + ") took " + nanos / 1_000_000 + " ms");
      }
    }
    long total = System.nanoTime() - start;
    assertTrue(total < MAX_TOTAL_NANOS, "fuzzing took " + total / 1_000_000 + " ms");
    assertTrue(imported < MUTANTS_PER_SEED, "no mutant was rejected: the mutations do nothing");
    System.out.printf("fuzz: %d mutants, %d imported, slowest %.1f ms, total %d ms%n",
        MUTANTS_PER_SEED, imported, maxCase / 1e6, total / 1_000_000);
  }

  /** One random edit: overwrite bytes, flip a bit, truncate, insert random bytes, or duplicate a range. */
  static byte[] mutate(byte[] in, Random rng, StringBuilder how) {
    int n = in.length;
    int at = rng.nextInt(Math.max(1, n));
    switch (rng.nextInt(5)) {
      case 0 -> {
        byte[] out = in.clone();
        int count = 1 + rng.nextInt(8);
        for (int k = 0; k < count && n > 0; k++) {
          out[rng.nextInt(n)] = (byte) rng.nextInt(256);
        }
        how.append("overwrite ").append(count).append("; ");
        return out;
      }
      case 1 -> {
        byte[] out = in.clone();
        if (n > 0) {
          out[at] ^= (byte) (1 << rng.nextInt(8));
        }
        how.append("flip at ").append(at).append("; ");
        return out;
      }
      case 2 -> {
        how.append("truncate to ").append(at).append("; ");
        return Arrays.copyOf(in, at);
      }
      case 3 -> {
        byte[] ins = new byte[1 + rng.nextInt(16)];
        rng.nextBytes(ins);
        how.append("insert ").append(ins.length).append(" at ").append(at).append("; ");
        return splice(in, at, ins);
      }
      default -> {
        int from = rng.nextInt(Math.max(1, n));
        int len = Math.min(n - from, 1 + rng.nextInt(64));
        how.append("duplicate ").append(from).append('+').append(len).append(" at ").append(at).append("; ");
        return splice(in, at, Arrays.copyOfRange(in, from, from + Math.max(0, len)));
      }
    }
  }

  private static byte[] splice(byte[] in, int at, byte[] ins) {
    int pos = Math.min(at, in.length);
    byte[] out = new byte[in.length + ins.length];
    System.arraycopy(in, 0, out, 0, pos);
    System.arraycopy(ins, 0, out, pos, ins.length);
    System.arraycopy(in, pos, out, pos + ins.length, in.length - pos);
    return out;
  }

  private static String stackTrace(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return w.toString();
  }
}
