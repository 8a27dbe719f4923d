package dev.parapet.report;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parapet.check.Fix;
import dev.parapet.check.Stride;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** What every renderer says about parapet itself, and the JSON writing they share. */
final class Tool {
  static final String NAME = "parapet";

  /** Where users learn about the tool; SARIF's {@code informationUri}, JSON's {@code tool.uri}. */
  static final String INFORMATION_URI = "https://parapet.dev";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /**
   * Two-space indent and {@code \n} on every platform, {@code "key": value}, and {@code []} /
   * {@code {}} for empty containers, so that output is byte-identical wherever it is produced.
   */
  private static final ObjectWriter PRETTY =
      MAPPER.writer(
          new DefaultPrettyPrinter()
              .withSeparators(
                  Separators.createDefaultInstance()
                      .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                      .withObjectEmptySeparator("")
                      .withArrayEmptySeparator(""))
              .withObjectIndenter(new DefaultIndenter("  ", "\n"))
              .withArrayIndenter(new DefaultIndenter("  ", "\n")));

  private Tool() {}

  static JsonNodeFactory nodes() {
    return MAPPER.getNodeFactory();
  }

  /**
   * A generator writing JSON as {@link #writeJson} does, for documents too large to build as a tree
   * first; closing it flushes but leaves {@code out} open.
   */
  static JsonGenerator jsonGenerator(Writer out) throws IOException {
    JsonGenerator g = PRETTY.createGenerator(out);
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    return g;
  }

  static void writeJson(JsonNode tree, Appendable out) throws IOException {
    try {
      out.append(PRETTY.writeValueAsString(tree)).append('\n');
    } catch (JsonProcessingException e) {
      // trees built from strings, numbers and booleans always serialise
      throw new UncheckedIOException(e);
    }
  }

  /** A fix's operations as an RFC 6902 JSON Patch document. */
  static ArrayNode patch(Fix fix) {
    ArrayNode ops = nodes().arrayNode();
    for (Fix.Op op : fix.operations()) {
      ObjectNode o = ops.addObject();
      o.put("op", op.op());
      o.put("path", op.path());
      if (!"remove".equals(op.op())) {
        o.set("value", value(op.value()));
      }
    }
    return ops;
  }

  /**
   * A patch value as JSON. Maps without a defined order ({@code Map.of}) have their keys sorted, so
   * that the output does not change from one run to the next.
   */
  static JsonNode value(Object v) {
    if (v instanceof Map<?, ?> m) {
      ObjectNode o = nodes().objectNode();
      Collection<? extends Map.Entry<?, ?>> entries = m.entrySet();
      if (!(m instanceof LinkedHashMap<?, ?> || m instanceof SortedMap<?, ?>)) {
        entries = new TreeMap<Object, Object>(m).entrySet();
      }
      for (Map.Entry<?, ?> e : entries) {
        o.set(String.valueOf(e.getKey()), value(e.getValue()));
      }
      return o;
    }
    if (v instanceof Collection<?> c) {
      ArrayNode a = nodes().arrayNode();
      c.forEach(item -> a.add(value(item)));
      return a;
    }
    return MAPPER.valueToTree(v);
  }

  /** A stable identifier for a STRIDE category, e.g. {@code elevation-of-privilege}. */
  static String strideId(Stride stride) {
    return stride.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
