package dev.parapet.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.jgrapht.alg.flow.PushRelabelMFImpl;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleDirectedWeightedGraph;

/**
 * Which fixes cut the attack paths. An edge can be removed when it names the checks whose fix
 * removes it ({@link Edge#fixedBy}); other edges (an identity's group membership, a container in
 * its pod) stay whatever is fixed.
 *
 * <ul>
 *   <li>{@link #minimumCut}: the fewest removable edges whose removal leaves no path from the entry
 *       points to the crown jewels, a minimum s-t cut (push-relabel maximum flow, JGraphT) where a
 *       removable edge has capacity 1 and any other edge is uncuttable; with the fixes that remove
 *       them. When some path has no removable edge at all, no set of fixes cuts it, and the result
 *       says so.
 *   <li>{@link #ranking}: fixes in the order that removes the most remaining shortest paths first
 *       (greedy), each with how many paths it removes and how many are left, so that the first
 *       three lines say which three changes remove most of the risk.
 * </ul>
 *
 * Cutting edges is not quite choosing fixes (one fix may remove several edges, and an edge may have
 * several fixes), so the cut's fixes are the first fix of each cut edge: a small set, not always
 * the smallest set of fixes; the ranking is the greedy answer to the latter.
 */
public final class Remediation {
  private Remediation() {}

  /** A minimum cut: the edges to remove, the fixes that remove them, and whether it is complete. */
  public record Cut(List<Edge> edges, List<String> fixes, boolean complete) {
    public Cut {
      edges = List.copyOf(edges);
      fixes = List.copyOf(fixes);
    }
  }

  /** One step of the ranking: a fix, the paths it removes, the paths left after it. */
  public record Step(String fix, int removes, int left) {}

  private static final double UNCUTTABLE = 1e9;

  public static Cut minimumCut(AttackGraph g, List<String> sources, Predicate<Vertex> target) {
    SimpleDirectedWeightedGraph<String, DefaultWeightedEdge> flow =
        new SimpleDirectedWeightedGraph<>(DefaultWeightedEdge.class);
    String source = "\u0000source";
    String sink = "\u0000sink";
    flow.addVertex(source);
    flow.addVertex(sink);
    for (Vertex v : g.vertices()) {
      flow.addVertex(v.id());
      if (target.test(v)) {
        flow.setEdgeWeight(flow.addEdge(v.id(), sink), UNCUTTABLE);
      }
    }
    for (String s : sources) {
      if (g.vertex(s).isPresent()) {
        flow.setEdgeWeight(flow.addEdge(source, s), UNCUTTABLE);
      }
    }
    // parallel edges between two vertices add up: the pair is cut only when all are removed
    Map<List<String>, List<Edge>> byPair = new LinkedHashMap<>();
    for (Edge e : g.edges()) {
      if (!e.from().equals(e.to())) {
        byPair.computeIfAbsent(List.of(e.from(), e.to()), k -> new ArrayList<>()).add(e);
      }
    }
    for (Map.Entry<List<String>, List<Edge>> p : byPair.entrySet()) {
      double capacity = 0;
      for (Edge e : p.getValue()) {
        capacity += e.fixedBy().isEmpty() ? UNCUTTABLE : 1;
      }
      flow.setEdgeWeight(flow.addEdge(p.getKey().get(0), p.getKey().get(1)), capacity);
    }
    PushRelabelMFImpl<String, DefaultWeightedEdge> mf = new PushRelabelMFImpl<>(flow);
    double value = mf.calculateMinCut(source, sink);
    Set<String> reachable = mf.getSourcePartition();
    List<Edge> cut = new ArrayList<>();
    Set<String> fixes = new LinkedHashSet<>();
    boolean complete = value < UNCUTTABLE;
    for (Map.Entry<List<String>, List<Edge>> p : byPair.entrySet()) {
      if (reachable.contains(p.getKey().get(0)) && !reachable.contains(p.getKey().get(1))) {
        for (Edge e : p.getValue()) {
          if (!e.fixedBy().isEmpty()) {
            cut.add(e);
            fixes.add(e.fixedBy().get(0));
          }
        }
      }
    }
    return new Cut(complete ? cut : List.of(), complete ? List.copyOf(fixes) : List.of(), complete);
  }

  /** Fixes ranked greedily by the shortest paths they remove. */
  public static List<Step> ranking(List<AttackPath> paths) {
    List<Set<String>> fixesOfPath = new ArrayList<>();
    for (AttackPath p : paths) {
      Set<String> f = new LinkedHashSet<>();
      p.hops().forEach(e -> f.addAll(e.fixedBy()));
      fixesOfPath.add(f);
    }
    List<Step> out = new ArrayList<>();
    boolean[] removed = new boolean[paths.size()];
    int left = paths.size();
    while (left > 0) {
      Map<String, Integer> counts = new HashMap<>();
      for (int i = 0; i < paths.size(); i++) {
        if (!removed[i]) {
          fixesOfPath.get(i).forEach(f -> counts.merge(f, 1, Integer::sum));
        }
      }
      if (counts.isEmpty()) {
        break;
      }
      String best =
          counts.entrySet().stream()
              .sorted(
                  Map.Entry.<String, Integer>comparingByValue()
                      .reversed()
                      .thenComparing(Map.Entry.comparingByKey()))
              .findFirst()
              .orElseThrow()
              .getKey();
      int n = 0;
      for (int i = 0; i < paths.size(); i++) {
        if (!removed[i] && fixesOfPath.get(i).contains(best)) {
          removed[i] = true;
          n++;
        }
      }
      left -= n;
      out.add(new Step(best, n, left));
    }
    return out;
  }
}
