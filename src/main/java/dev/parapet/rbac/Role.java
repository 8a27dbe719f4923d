package dev.parapet.rbac;

import dev.parapet.model.K8sObject;
import dev.parapet.source.MapNode;
import java.util.ArrayList;
import java.util.List;

/** A namespaced Role: rules that bindings in its namespace can grant. */
public record Role(K8sObject object, List<PolicyRule> rules) {
  public Role {
    rules = List.copyOf(rules);
  }

  public static Role of(K8sObject o) {
    return new Role(o, readRules(o));
  }

  public String namespace() {
    return object.effectiveNamespace();
  }

  public String name() {
    return object.name();
  }

  static List<PolicyRule> readRules(K8sObject o) {
    List<PolicyRule> out = new ArrayList<>();
    for (MapNode r : Nodes.maps(o.root(), "rules")) {
      out.add(PolicyRule.read(o, r));
    }
    return out;
  }
}
