package dev.parapet.rbac;

import dev.parapet.model.LabelSelector;
import dev.parapet.source.Problem;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The ClusterRole aggregation controller, run offline to its fixed point.
 *
 * <p>The controller replaces an aggregated role's rules by the rules of the roles each selector
 * picks (selectors in order, roles by name, the role itself skipped, repeated rules dropped), using
 * those roles' current rules, which for an aggregated role are its own aggregated rules. Repeating
 * that until nothing changes, starting aggregated roles from no rules, gives what a settled cluster
 * shows (admin ⊇ edit ⊇ view) and stays finite on cycles, which are reported.
 */
final class Aggregation {
  private Aggregation() {}

  static Map<String, List<PolicyRule>> resolve(
      Map<String, ClusterRole> roles, List<Problem> problems) {
    Map<String, List<PolicyRule>> rules = new HashMap<>();
    // aggregated roles by name, each with the names it picks in the controller's order
    TreeMap<String, List<String>> picks = new TreeMap<>();
    List<String> sortedNames = new ArrayList<>(roles.keySet());
    Collections.sort(sortedNames);
    for (ClusterRole cr : roles.values()) {
      rules.put(cr.name(), cr.rules());
      if (cr.aggregation().isEmpty()) {
        continue;
      }
      ClusterRole.Aggregation agg = cr.aggregation().get();
      Optional<String> invalid = Optional.empty();
      for (LabelSelector s : agg.clusterRoleSelectors()) {
        invalid = invalid.or(s::invalid);
      }
      if (invalid.isPresent()) {
        // the controller gives up on this role and leaves its rules as they are
        problems.add(
            RbacIndex.problem(
                agg.location(),
                "ClusterRole "
                    + cr.name()
                    + " aggregationRule: "
                    + invalid.get()
                    + "; rules left as written"));
        continue;
      }
      List<String> picked = new ArrayList<>();
      for (LabelSelector s : agg.clusterRoleSelectors()) {
        for (String name : sortedNames) {
          if (!name.equals(cr.name()) && s.matches(roles.get(name).labels())) {
            picked.add(name);
          }
        }
      }
      picks.put(cr.name(), picked);
      rules.put(cr.name(), List.of());
    }
    reportCycles(roles, picks, problems);
    // each round only adds rules to aggregated roles, so this ends; the bound is a safety net
    for (int round = 0; round <= picks.size() + 1; round++) {
      boolean changed = false;
      for (Map.Entry<String, List<String>> e : picks.entrySet()) {
        List<PolicyRule> next = new ArrayList<>();
        for (String name : e.getValue()) {
          for (PolicyRule r : rules.get(name)) {
            if (!containsGrant(next, r)) {
              next.add(r);
            }
          }
        }
        if (!sameGrants(next, rules.get(e.getKey()))) {
          rules.put(e.getKey(), List.copyOf(next));
          changed = true;
        }
      }
      if (!changed) {
        break;
      }
    }
    return Collections.unmodifiableMap(rules);
  }

  /** The ClusterRoles some other ClusterRole's aggregationRule picks up. */
  static Set<String> aggregatedRoleNames(Map<String, ClusterRole> roles) {
    Set<String> out = new HashSet<>();
    for (ClusterRole cr : roles.values()) {
      if (cr.aggregation().isEmpty()) {
        continue;
      }
      for (LabelSelector s : cr.aggregation().get().clusterRoleSelectors()) {
        if (s.invalid().isPresent()) {
          continue;
        }
        for (ClusterRole other : roles.values()) {
          if (!other.name().equals(cr.name()) && s.matches(other.labels())) {
            out.add(other.name());
          }
        }
      }
    }
    return out;
  }

  private static boolean containsGrant(List<PolicyRule> rules, PolicyRule r) {
    for (PolicyRule x : rules) {
      if (x.sameGrant(r)) {
        return true;
      }
    }
    return false;
  }

  private static boolean sameGrants(List<PolicyRule> a, List<PolicyRule> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!a.get(i).sameGrant(b.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static void reportCycles(
      Map<String, ClusterRole> roles, Map<String, List<String>> picks, List<Problem> problems) {
    for (String start : picks.keySet()) {
      Set<String> seen = new HashSet<>();
      Deque<String> todo = new ArrayDeque<>(picks.get(start));
      while (!todo.isEmpty()) {
        String n = todo.pop();
        if (n.equals(start)) {
          ClusterRole cr = roles.get(start);
          problems.add(
              RbacIndex.problem(
                  cr.aggregation().get().location(),
                  "ClusterRole "
                      + start
                      + " aggregates itself through other aggregated ClusterRoles; rules taken as"
                      + " the least fixed point"));
          break;
        }
        if (seen.add(n) && picks.containsKey(n)) {
          todo.addAll(picks.get(n));
        }
      }
    }
  }
}
