package dev.parapet.graph;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Shortest attack paths: for each entry point and each crown jewel it reaches, one path with the
 * fewest techniques (breadth-first search from the entry point, edges taken in the order they were
 * added, so the result is deterministic). A breadth-first search per entry point costs O(V + E),
 * whatever the number of jewels.
 */
public final class Paths {
  private Paths() {}

  /** The entry points, by the names {@code --from} accepts. */
  public static final Map<String, String> ENTRIES =
      Map.of(
          "internet", Ids.INTERNET,
          "any-pod", Ids.ANY_POD,
          "authenticated", Ids.AUTHENTICATED,
          "anonymous", Ids.ANONYMOUS);

  /** True for what an attacker wants: the crown jewels and root on a node. */
  public static boolean isTarget(Vertex v) {
    return v.type() == VertexType.CROWN_JEWEL || v.type() == VertexType.NODE;
  }

  /**
   * For each source and each target it reaches, one shortest path; sorted by length, then by source
   * and target id.
   */
  public static List<AttackPath> shortest(
      AttackGraph g, List<String> sources, Predicate<Vertex> target) {
    List<AttackPath> out = new ArrayList<>();
    int n = g.vertices().size();
    int[] via = new int[n];
    for (String source : sources) {
      if (g.vertex(source).isEmpty()) {
        continue;
      }
      Arrays.fill(via, -2);
      int s = g.indexOf(source);
      via[s] = -1;
      ArrayDeque<Integer> queue = new ArrayDeque<>();
      queue.add(s);
      List<Integer> reached = new ArrayList<>();
      while (!queue.isEmpty()) {
        int v = queue.poll();
        if (v != s && target.test(g.vertices().get(v))) {
          reached.add(v);
        }
        for (int e : g.out(v)) {
          int w = g.indexOf(g.edge(e).to());
          if (via[w] == -2) {
            via[w] = e;
            queue.add(w);
          }
        }
      }
      for (int t : reached) {
        List<Edge> hops = new ArrayList<>();
        for (int v = t; via[v] >= 0; v = g.indexOf(g.edge(via[v]).from())) {
          hops.add(g.edge(via[v]));
        }
        java.util.Collections.reverse(hops);
        out.add(new AttackPath(source, g.vertices().get(t).id(), hops));
      }
    }
    out.sort(
        Comparator.comparingInt((AttackPath p) -> p.hops().size())
            .thenComparing(AttackPath::from)
            .thenComparing(AttackPath::to));
    return out;
  }

  /** How many of the paths each technique takes part in, most first. */
  public static Map<String, Integer> techniqueCounts(List<AttackPath> paths) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (AttackPath p : paths) {
      p.hops().stream()
          .map(Edge::technique)
          .distinct()
          .forEach(t -> counts.merge(t, 1, Integer::sum));
    }
    return sortedByCount(counts);
  }

  /** How many of the paths each finding (by check id) takes part in, most first. */
  public static Map<String, Integer> findingCounts(List<AttackPath> paths) {
    Map<String, Integer> counts = new LinkedHashMap<>();
    for (AttackPath p : paths) {
      p.hops().stream()
          .flatMap(e -> e.fixedBy().stream())
          .distinct()
          .forEach(t -> counts.merge(t, 1, Integer::sum));
    }
    return sortedByCount(counts);
  }

  private static Map<String, Integer> sortedByCount(Map<String, Integer> counts) {
    Map<String, Integer> out = new LinkedHashMap<>();
    counts.entrySet().stream()
        .sorted(
            Map.Entry.<String, Integer>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .forEach(e -> out.put(e.getKey(), e.getValue()));
    return out;
  }

  /**
   * For every edge that lies on some path from a source to a target, the shortest such path through
   * it: the shortest way from any source to the edge, the edge, and the shortest way from there to
   * any target. An edge lies on a path exactly when a source reaches its start and its end reaches
   * a target; two breadth-first searches (forward from the sources, backward from the targets)
   * decide that for every edge in O(V + E).
   */
  public static Map<Edge, AttackPath> through(
      AttackGraph g, List<String> sources, Predicate<Vertex> target) {
    int n = g.vertices().size();
    int[] via = new int[n];
    Arrays.fill(via, -2);
    int[] origin = new int[n];
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    for (String source : sources) {
      if (g.vertex(source).isPresent()) {
        int s = g.indexOf(source);
        if (via[s] == -2) {
          via[s] = -1;
          origin[s] = s;
          queue.add(s);
        }
      }
    }
    while (!queue.isEmpty()) {
      int v = queue.poll();
      for (int e : g.out(v)) {
        int w = g.indexOf(g.edge(e).to());
        if (via[w] == -2) {
          via[w] = e;
          origin[w] = origin[v];
          queue.add(w);
        }
      }
    }
    // incoming edges, for the backward search
    int[] counts = new int[n];
    for (int e = 0; e < g.edges().size(); e++) {
      counts[g.indexOf(g.edge(e).to())]++;
    }
    int[][] in = new int[n][];
    for (int i = 0; i < n; i++) {
      in[i] = new int[counts[i]];
      counts[i] = 0;
    }
    for (int e = 0; e < g.edges().size(); e++) {
      int to = g.indexOf(g.edge(e).to());
      in[to][counts[to]++] = e;
    }
    int[] next = new int[n];
    Arrays.fill(next, -2);
    for (int i = 0; i < n; i++) {
      if (target.test(g.vertices().get(i))) {
        next[i] = -1;
        queue.add(i);
      }
    }
    while (!queue.isEmpty()) {
      int v = queue.poll();
      for (int e : in[v]) {
        int u = g.indexOf(g.edge(e).from());
        if (next[u] == -2) {
          next[u] = e;
          queue.add(u);
        }
      }
    }
    Map<Edge, AttackPath> out = new LinkedHashMap<>();
    for (int e = 0; e < g.edges().size(); e++) {
      Edge edge = g.edge(e);
      int u = g.indexOf(edge.from());
      int v = g.indexOf(edge.to());
      if (via[u] == -2 || next[v] == -2) {
        continue;
      }
      List<Edge> hops = new ArrayList<>();
      for (int x = u; via[x] >= 0; x = g.indexOf(g.edge(via[x]).from())) {
        hops.add(g.edge(via[x]));
      }
      java.util.Collections.reverse(hops);
      hops.add(edge);
      int end = v;
      for (int x = v; next[x] >= 0; x = g.indexOf(g.edge(next[x]).to())) {
        hops.add(g.edge(next[x]));
        end = g.indexOf(g.edge(next[x]).to());
      }
      out.put(
          edge, new AttackPath(g.vertices().get(origin[u]).id(), g.vertices().get(end).id(), hops));
    }
    return out;
  }
}
