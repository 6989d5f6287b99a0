package bsc.sparsify;

import bsc.ir.Graph;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HexFormat;

/** SHA-256 over the weights a mask applies to: for each layer in order, its weight name, a 0 byte, its bytes. */
public final class WeightDigest {
  private WeightDigest() {}

  public static String of(Graph g, Collection<LayerMask> layers) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (LayerMask m : layers) {
        md.update(m.layer().weight().getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        ByteBuffer b = g.initializer(m.layer().weight()).bytes();
        md.update(b);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
