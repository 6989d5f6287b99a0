package bsc.sparsify.quant;

import bsc.ir.Graph;
import bsc.ir.Node;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The integer parameters of a quantized model as JSON, written beside the QDQ ONNX file
 * ({@code OUT.quant.json}): the arithmetic rules, every value's fix position, and per layer the weight fix
 * positions, shifts and activation clamp, naming the int8 weight and int32 bias initializers of the ONNX
 * file; per other node its input and output fix positions. {@code params_sha256} covers every layer's
 * int8 weights and int32 biases, so a reader can tell whether the sidecar and the ONNX file belong together.
 */
public final class QuantSidecar {
  public static final String FORMAT = "bsc-quant/1";
  private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private QuantSidecar() {}

  public static byte[] toJson(QuantizedModel m) {
    Graph g = m.graph();
    ObjectNode root = JSON.createObjectNode();
    root.put("format", FORMAT);
    root.put("model", g.name());
    root.put("arithmetic", "value = q * 2^-fix, q int8, zero point 0; acc int32 = bias + sum w * x; "
        + "y = clamp(saturate(round(acc * 2^-shift)), clamp_min, clamp_max); every rounding is to nearest, "
        + "ties to even; saturation to [-128, 127]");
    root.put("weights", m.options().perChannel() ? "per-channel" : "per-tensor");
    ObjectNode cal = root.putObject("calibration");
    cal.put("method", m.options().method().toString());
    cal.put("samples", m.calibrationSamples());
    cal.put("representative", m.representativeCalibration());
    root.put("params_sha256", digest(m));
    ObjectNode values = root.putObject("fix_positions");
    m.fixPositions().forEach(values::put);
    ArrayNode layers = root.putArray("layers");
    ArrayNode ops = root.putArray("ops");
    for (Node n : g.nodes()) {
      QuantizedLayer l = m.layer(n.name());
      ObjectNode o = (l != null ? layers : ops).addObject();
      o.put("node", n.name());
      o.put("op", n.op().onnxName());
      ArrayNode in = o.putArray("input_fix");
      for (String i : n.inputs()) {
        if (m.fixPositions().containsKey(i)) {
          in.add(m.fix(i));
        }
      }
      o.put("output_fix", m.fix(n.output()));
      if (l != null) {
        o.put("weight", l.node() + ".w_q");
        o.put("bias", l.node() + ".b_q");
        ArrayNode wf = o.putArray("weight_fix");
        for (int f : l.weightFix()) {
          wf.add(f);
        }
        ArrayNode sh = o.putArray("shift");
        for (int s : l.shift()) {
          sh.add(s);
        }
        o.putArray("clamp").add(l.clampMin()).add(l.clampMax());
      }
    }
    try {
      return (JSON.writeValueAsString(root) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** SHA-256 over each layer in order: its node name, a 0 byte, its int8 weights, its int32 biases (little-endian). */
  public static String digest(QuantizedModel m) {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      for (QuantizedLayer l : m.layers().values()) {
        md.update(l.node().getBytes(StandardCharsets.UTF_8));
        md.update((byte) 0);
        md.update(l.weights());
        ByteBuffer b = ByteBuffer.allocate(4 * l.outChannels()).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : l.bias()) {
          b.putInt(v);
        }
        md.update(b.array());
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }
}
