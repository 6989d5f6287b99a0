package bsc.aie2.program;

import bsc.ir.BscException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.nio.charset.StandardCharsets;

/**
 * program.json: the {@link Program} records as JSON, field order = record component order, so the same
 * program always gives the same bytes. Reading checks the format tag.
 */
public final class ProgramJson {
  private static final ObjectMapper MAPPER = JsonMapper.builder()
      .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
      .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
      .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
      .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
      .build();

  private ProgramJson() {}

  public static String toJson(Program p) {
    try {
      return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(p) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialize program", e);
    }
  }

  public static byte[] toBytes(Program p) {
    return toJson(p).getBytes(StandardCharsets.UTF_8);
  }

  public static Program fromJson(String json, String where) {
    Program p;
    try {
      p = MAPPER.readValue(json, Program.class);
    } catch (JsonProcessingException e) {
      throw new BscException(where, "not a bsc program: " + e.getOriginalMessage());
    }
    if (!Program.FORMAT.equals(p.format())) {
      throw new BscException(where, "format '" + p.format() + "' is not " + Program.FORMAT);
    }
    return p;
  }
}
