package dev.parapet.rbac;

import dev.parapet.source.MapNode;
import dev.parapet.source.Node;
import dev.parapet.source.ScalarNode;
import dev.parapet.source.SeqNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reading helpers for the RBAC views; sparse or odd input gives empty values, never an error. */
final class Nodes {
  private Nodes() {}

  /** The non-null scalars of a sequence entry, as strings; empty when absent or not a list. */
  static List<String> strings(MapNode m, String key) {
    Optional<SeqNode> seq = m.seq(key);
    if (seq.isEmpty()) {
      return List.of();
    }
    List<String> out = new ArrayList<>(seq.get().length());
    for (Node n : seq.get().items()) {
      if (n instanceof ScalarNode s && !s.isNull()) {
        out.add(s.value());
      }
    }
    return List.copyOf(out);
  }

  /** The mappings of a sequence entry, in order. */
  static List<MapNode> maps(MapNode m, String key) {
    Optional<SeqNode> seq = m.seq(key);
    if (seq.isEmpty()) {
      return List.of();
    }
    List<MapNode> out = new ArrayList<>(seq.get().length());
    for (Node n : seq.get().items()) {
      if (n instanceof MapNode child) {
        out.add(child);
      }
    }
    return out;
  }

  static String string(MapNode m, String key) {
    return m.string(key).orElse("");
  }
}
