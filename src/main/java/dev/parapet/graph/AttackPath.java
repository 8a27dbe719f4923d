package dev.parapet.graph;

import java.util.List;

/** A way from an entry point to a crown jewel: the techniques in order. */
public record AttackPath(String from, String to, List<Edge> hops) {
  public AttackPath {
    hops = List.copyOf(hops);
  }
}
