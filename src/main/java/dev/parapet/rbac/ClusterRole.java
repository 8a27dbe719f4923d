package dev.parapet.rbac;

import dev.parapet.model.K8sObject;
import dev.parapet.model.LabelSelector;
import dev.parapet.model.Location;
import dev.parapet.source.MapNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A ClusterRole as written. An aggregated role's effective rules are computed by {@link RbacIndex}
 * from the roles its selectors pick; {@link #rules()} are only the rules written on it.
 *
 * @param aggregation the selectors of {@code aggregationRule}, when present
 */
public record ClusterRole(
    K8sObject object, List<PolicyRule> rules, Optional<Aggregation> aggregation) {
  /** The {@code aggregationRule} of a ClusterRole. */
  public record Aggregation(List<LabelSelector> clusterRoleSelectors, Location location) {
    public Aggregation {
      clusterRoleSelectors = List.copyOf(clusterRoleSelectors);
    }
  }

  public ClusterRole {
    rules = List.copyOf(rules);
  }

  public static ClusterRole of(K8sObject o) {
    Optional<Aggregation> agg =
        o.root()
            .map("aggregationRule")
            .map(
                a -> {
                  List<LabelSelector> selectors = new ArrayList<>();
                  for (MapNode s : Nodes.maps(a, "clusterRoleSelectors")) {
                    selectors.add(LabelSelector.read(s));
                  }
                  return new Aggregation(selectors, o.locationOf(a));
                });
    return new ClusterRole(o, Role.readRules(o), agg);
  }

  public String name() {
    return object.name();
  }

  public Map<String, String> labels() {
    return object.labels();
  }
}
