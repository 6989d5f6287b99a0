package bsc.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code bsc inspect} on small hand-made ONNX files with one particular property each. */
class InspectHandmadeTest {
  @TempDir
  Path dir;

  @Test
  void symbolicDimensionsAreShownAsUnknownAndTheirMacsAreNotGuessed() throws IOException {
    Path file = OnnxFiles.write(dir.resolve("batch.onnx"),
        OnnxFiles.convThen("relu", "Relu", 17, OnnxFiles.SYMBOLIC, 3, 8, 8).toByteArray());
    Cli text = Cli.run("inspect", file.toString());
    assertEquals(0, text.exitCode(), text.toString());
    assertTrue(text.out().contains("input  %input : ?x3x8x8 f32"), text.out());
    assertTrue(text.out().contains("note: ? is a symbolic dimension"), text.out());
    assertTrue(text.outLines().stream().anyMatch(l -> l.matches("conv +Conv +\\?x8x8x8 f32 +24 +\\?")), text.out());

    JsonNode json = new ObjectMapper().readTree(Cli.run("inspect", file.toString(), "--json").out());
    assertTrue(json.get("symbolic").asBoolean());
    assertTrue(json.at("/inputs/0/shape/0").isNull());
    assertTrue(json.at("/nodes/0/macs").isNull());
    assertEquals(2, json.at("/totals/unknownMacNodes").asInt());
  }

  @Test
  void controlCharactersInNamesAreEscapedNotPrinted() {
    Path file = OnnxFiles.write(dir.resolve("names.onnx"),
        OnnxFiles.convThen("evil\n\u001b[31mred", "Relu", 17, 1, 3, 8, 8).toByteArray());
    Cli r = Cli.run("inspect", file.toString());
    assertEquals(0, r.exitCode(), r.toString());
    assertTrue(r.out().contains("evil\\u000a\\u001b[31mred"), r.out());
    assertFalse(r.out().contains("\u001b"), r.out());
  }

  @Test
  void blockStatisticsCountTheAllZeroBlocksOfTheRequestedShape() throws IOException {
    // 8 output x 3 input channels, output channels 0-3 zero: with 4x2 blocks, a 2x2 grid, top row zero.
    Path file = OnnxFiles.write(dir.resolve("dense.onnx"),
        OnnxFiles.convThen("relu", "Relu", 17, 1, 3, 8, 8).toByteArray());
    JsonNode json = new ObjectMapper().readTree(Cli.run("inspect", file.toString(), "--json", "--block", "4x2").out());
    JsonNode conv = json.at("/blocks/layers/0");
    assertEquals("4x2", json.at("/blocks/block").asText());
    assertEquals(2, conv.get("blockRows").asInt());
    assertEquals(2, conv.get("blockCols").asInt());
    assertEquals(4, conv.get("blocks").asInt());
    assertEquals(2, conv.get("zeroBlocks").asInt());
    assertEquals(0.5, conv.get("zeroFraction").asDouble());
    assertEquals(1, json.at("/blocks/layers").size());
  }
}
