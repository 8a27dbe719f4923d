package dev.parapet.scan;

import dev.parapet.check.Finding;
import dev.parapet.check.Severity;
import dev.parapet.graph.AttackGraph;
import dev.parapet.graph.AttackGraphs;
import dev.parapet.graph.AttackPath;
import dev.parapet.graph.Edge;
import dev.parapet.graph.Paths;
import dev.parapet.model.Inventory;
import dev.parapet.model.Location;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Raises the severity of findings that lie on an attack path: a finding whose check is named in
 * {@code fixedBy} of an edge that lies on some path from an entry point to a crown jewel or node,
 * on the object whose fields create that edge (the same file and document as one of the edge's
 * evidence locations); the path said is the shortest through that edge. Its severity goes up one
 * level (critical stays critical) and the finding carries the path, so that a user sees why: fixing
 * it cuts a way in.
 */
final class OnPaths {
  private OnPaths() {}

  private record Key(String check, String file, int document) {}

  static List<Finding> raise(Inventory inventory, List<Finding> findings) {
    if (findings.isEmpty()) {
      return findings;
    }
    AttackGraph g = AttackGraphs.of(inventory);
    Map<Edge, AttackPath> through =
        Paths.through(g, new ArrayList<>(Paths.ENTRIES.values()), Paths::isTarget);
    Map<Key, AttackPath> shortestFor = new HashMap<>();
    for (Map.Entry<Edge, AttackPath> t : through.entrySet()) {
      Edge e = t.getKey();
      for (String check : e.fixedBy()) {
        for (Location l : e.evidence()) {
          // the shortest path through any edge this finding's fix removes
          shortestFor.merge(
              new Key(check, l.file(), l.documentIndex()),
              t.getValue(),
              (a, b) -> b.hops().size() < a.hops().size() ? b : a);
        }
      }
    }
    if (shortestFor.isEmpty()) {
      return findings;
    }
    List<Finding> out = new ArrayList<>(findings.size());
    for (Finding f : findings) {
      AttackPath p =
          shortestFor.get(
              new Key(f.check().id(), f.location().file(), f.location().documentIndex()));
      if (p == null) {
        out.add(f);
        continue;
      }
      Severity base = f.check().severity();
      Severity raised = base == Severity.CRITICAL ? base : Severity.values()[base.ordinal() + 1];
      out.add(f.withOnPath(new Finding.OnPath(base, raised, describe(g, p))));
    }
    return out;
  }

  /** {@code the internet -> agent (monitoring/node-monitor) -> ... -> cluster-admin}. */
  static String describe(AttackGraph g, AttackPath p) {
    StringBuilder sb = new StringBuilder(name(g, p.from()));
    for (Edge e : p.hops()) {
      sb.append(" -> ").append(name(g, e.to()));
    }
    return sb.toString();
  }

  private static String name(AttackGraph g, String id) {
    return g.vertex(id).map(v -> v.name()).orElse(id);
  }
}
