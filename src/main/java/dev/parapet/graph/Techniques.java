package dev.parapet.graph;

import dev.parapet.source.Limits;
import dev.parapet.source.MapNode;
import dev.parapet.source.Node;
import dev.parapet.source.ParsedFile;
import dev.parapet.source.ScalarNode;
import dev.parapet.source.SeqNode;
import dev.parapet.source.YamlReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The catalogue of attack techniques, read from {@code techniques.yaml} beside this class: data, so
 * that a technique's MITRE mapping or wording is a data change. Validated when read: an edge may
 * only carry a label of this catalogue.
 */
public final class Techniques {
  private final Map<String, Technique> byLabel;

  private Techniques(Map<String, Technique> byLabel) {
    this.byLabel = Map.copyOf(byLabel);
  }

  private static final Techniques SHIPPED = load();

  /** The shipped catalogue. */
  public static Techniques shipped() {
    return SHIPPED;
  }

  public Optional<Technique> get(String label) {
    return Optional.ofNullable(byLabel.get(label));
  }

  /** Every technique, in label order. */
  public List<Technique> all() {
    return byLabel.values().stream()
        .sorted(java.util.Comparator.comparing(Technique::label))
        .toList();
  }

  private static Techniques load() {
    String file = "techniques.yaml";
    try (InputStream in = Techniques.class.getResourceAsStream(file)) {
      if (in == null) {
        throw new IllegalStateException(file + " is missing from the build");
      }
      return parse(file, in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads a catalogue; throws {@link IllegalArgumentException} naming the file and line. */
  static Techniques parse(String file, byte[] bytes) {
    ParsedFile parsed = new YamlReader(Limits.DEFAULT).read(file, bytes);
    if (!parsed.problems().isEmpty()) {
      throw new IllegalArgumentException(parsed.problems().get(0).toString());
    }
    if (parsed.documents().size() != 1
        || !(parsed.documents().get(0).root() instanceof MapNode root)
        || root.seq("techniques").isEmpty()) {
      throw new IllegalArgumentException(file + ": expected a map with a 'techniques' list");
    }
    Map<String, Technique> out = new LinkedHashMap<>();
    Set<String> keys = Set.of("label", "title", "mitre", "kubehound", "description");
    for (Node n : root.seq("techniques").map(SeqNode::items).orElse(List.of())) {
      if (!(n instanceof MapNode m)) {
        throw new IllegalArgumentException(file + ":" + n.line() + ": a technique is a map");
      }
      for (String k : m.keys()) {
        if (!keys.contains(k)) {
          throw new IllegalArgumentException(file + ":" + m.line() + ": unknown key '" + k + "'");
        }
      }
      String label = text(file, m, "label");
      if (!label.matches("[A-Z][A-Z0-9_]*")) {
        throw new IllegalArgumentException(
            file + ":" + m.line() + ": label '" + label + "' is not UPPER_SNAKE");
      }
      String mitre = text(file, m, "mitre");
      int space = mitre.indexOf(' ');
      if (!mitre.matches("T\\d{4}(\\.\\d{3})? .+")) {
        throw new IllegalArgumentException(
            file + ":" + m.line() + ": mitre is 'T1234 Name', not '" + mitre + "'");
      }
      boolean kubehound =
          m.scalar("kubehound")
              .flatMap(ScalarNode::asBoolean)
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          file + ":" + m.line() + ": kubehound: true or false is missing"));
      Technique t =
          new Technique(
              label,
              text(file, m, "title"),
              mitre.substring(0, space),
              mitre.substring(space + 1),
              kubehound,
              text(file, m, "description").strip());
      if (out.put(label, t) != null) {
        throw new IllegalArgumentException(file + ":" + m.line() + ": " + label + " twice");
      }
    }
    return new Techniques(out);
  }

  private static String text(String file, MapNode m, String key) {
    return m.string(key)
        .filter(s -> !s.isBlank())
        .orElseThrow(
            () -> new IllegalArgumentException(file + ":" + m.line() + ": '" + key + "' missing"));
  }
}
