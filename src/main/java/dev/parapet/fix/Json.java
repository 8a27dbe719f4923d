package dev.parapet.fix;

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
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/** Writes patched documents of a {@code .json} file back as JSON, two-space indented. */
final class Json {
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final ObjectWriter PRETTY =
      new ObjectMapper()
          .writer(
              new DefaultPrettyPrinter()
                  .withSeparators(
                      Separators.createDefaultInstance()
                          .withObjectFieldValueSpacing(Separators.Spacing.AFTER))
                  .withObjectIndenter(new DefaultIndenter("  ", "\n"))
                  .withArrayIndenter(new DefaultIndenter("  ", "\n")));

  private Json() {}

  static String emit(List<Node> documents) {
    StringBuilder out = new StringBuilder();
    for (Node d : documents) {
      try {
        out.append(PRETTY.writeValueAsString(convert(d))).append('\n');
      } catch (JsonProcessingException e) {
        throw new IllegalStateException("a tree of scalars always serialises", e);
      }
    }
    return out.toString();
  }

  private static JsonNode convert(Node node) {
    if (node instanceof MappingNode m) {
      ObjectNode o = NODES.objectNode();
      for (NodeTuple t : m.getValue()) {
        String key =
            t.getKeyNode() instanceof ScalarNode k ? k.getValue() : String.valueOf(t.getKeyNode());
        o.set(key, convert(t.getValueNode()));
      }
      return o;
    }
    if (node instanceof SequenceNode s) {
      ArrayNode a = NODES.arrayNode();
      s.getValue().forEach(item -> a.add(convert(item)));
      return a;
    }
    ScalarNode s = (ScalarNode) node;
    Tag tag = s.getTag();
    String v = s.getValue();
    if (tag.equals(Tag.NULL)) {
      return NODES.nullNode();
    }
    if (tag.equals(Tag.BOOL)) {
      return NODES.booleanNode(Boolean.parseBoolean(v));
    }
    if (tag.equals(Tag.INT)) {
      try {
        return NODES.numberNode(new BigInteger(v));
      } catch (NumberFormatException e) {
        return NODES.textNode(v);
      }
    }
    if (tag.equals(Tag.FLOAT)) {
      try {
        return NODES.numberNode(new BigDecimal(v));
      } catch (NumberFormatException e) {
        return NODES.textNode(v);
      }
    }
    return NODES.textNode(v);
  }
}
