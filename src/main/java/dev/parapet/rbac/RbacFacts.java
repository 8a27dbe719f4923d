package dev.parapet.rbac;

import dev.parapet.model.Inventory;
import dev.parapet.model.K8sObject;
import dev.parapet.model.Location;
import dev.parapet.source.MapNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * What the RBAC checks share: which names are Kubernetes defaults, where rules are written, and how
 * grants read in a message.
 */
final class RbacFacts {
  static final String CLUSTER_ADMIN = "cluster-admin";

  private RbacFacts() {}

  /** A rule as written in a Role or ClusterRole, with its owner and node for reporting. */
  record WrittenRule(K8sObject owner, MapNode node, PolicyRule rule) {}

  /** Names the API server's bootstrap policy reserves for itself. */
  static boolean isSystem(String name) {
    return name.startsWith("system:");
  }

  /** A role the bootstrap policy ships, whose rules are reviewed upstream. */
  static boolean isBuiltinRole(String name) {
    return isSystem(name) || name.equals(CLUSTER_ADMIN);
  }

  /** Every Role and ClusterRole of the inventory, in input order. */
  static List<K8sObject> roleObjects(Inventory inventory) {
    List<K8sObject> out = new ArrayList<>();
    for (String kind : List.of("ClusterRole", "Role")) {
      for (K8sObject o : inventory.ofKind(kind)) {
        if (o.group().equals("rbac.authorization.k8s.io")) {
          out.add(o);
        }
      }
    }
    return out;
  }

  /** The rules written on a role, each with its node. */
  static List<WrittenRule> writtenRules(K8sObject role) {
    List<WrittenRule> out = new ArrayList<>();
    for (MapNode r : Nodes.maps(role.root(), "rules")) {
      out.add(new WrittenRule(role, r, PolicyRule.read(role, r)));
    }
    return out;
  }

  /**
   * Every rule written in a Role or ClusterRole of the inventory, keyed by where it is written, so
   * that a rule resolved through a binding (for an aggregated ClusterRole, from the role it was
   * aggregated from) finds its node. Computed once per inventory.
   */
  static Map<Location, WrittenRule> writtenRules(Inventory inventory) {
    return inventory.derived(
        WrittenRule.class,
        inv -> {
          Map<Location, WrittenRule> out = new HashMap<>();
          for (K8sObject o : roleObjects(inv)) {
            for (WrittenRule w : writtenRules(o)) {
              out.putIfAbsent(w.owner().locationOf(w.node()), w);
            }
          }
          return Collections.unmodifiableMap(out);
        });
  }

  /** Where a rule is written, found by its location. */
  static Optional<WrittenRule> find(Inventory inventory, Location at) {
    return Optional.ofNullable(writtenRules(inventory).get(at));
  }

  /** A rule as resolved through bindings, with every non-system binding that grants it. */
  record BoundRule(PolicyRule rule, List<Binding> bindings) {}

  /**
   * The rules matching {@code test} that bindings whose name does not start with {@code system:}
   * grant, keyed by where each rule is written, each with its bindings in input order. Rules that
   * allow every verb on every resource are left out: RBAC-001 and RBAC-002 report them.
   */
  static Map<Location, BoundRule> boundRules(RbacIndex index, Predicate<PolicyRule> test) {
    return boundRules(index, (b, r) -> test.test(r));
  }

  /** As {@link #boundRules(RbacIndex, Predicate)}, for a test that depends on the binding. */
  static Map<Location, BoundRule> boundRules(
      RbacIndex index, BiPredicate<Binding, PolicyRule> test) {
    Map<Location, BoundRule> out = new LinkedHashMap<>();
    for (Binding b : index.bindings()) {
      if (isSystem(b.name())) {
        continue;
      }
      for (PolicyRule r : rules(index, b)) {
        if (isFullWildcard(r) || !test.test(b, r)) {
          continue;
        }
        List<Binding> through =
            out.computeIfAbsent(r.location(), k -> new BoundRule(r, new ArrayList<>())).bindings();
        // bindings are visited one at a time, so one already listed is the last one: looking
        // there instead of through the whole list (contains) keeps this linear when thousands
        // of bindings grant the same rule, as with the aggregated edit and admin roles
        if (through.isEmpty() || !through.get(through.size() - 1).equals(b)) {
          through.add(b);
        }
      }
    }
    return out;
  }

  /** Who a binding grants to, where, and through which binding, for a message. */
  static String grantee(Binding b) {
    return subjects(b) + " " + scope(b) + " through " + binding(b);
  }

  /** The grantees of several bindings, for a message. */
  static String grantees(List<Binding> bindings) {
    return bindings.stream().map(RbacFacts::grantee).collect(Collectors.joining("; to "));
  }

  /** Verbs whose requests on a resource (not a subresource) carry no object name. */
  private static final Set<String> UNNAMED_VERBS =
      Set.of("create", "list", "watch", "deletecollection");

  /**
   * The verbs of {@code wanted}, in that order, that a rule allows on some object of a resource
   * ({@code subresource} empty for none). resourceNames narrow which objects but do not clear the
   * grant, except for requests that name no object (create, list, watch and deletecollection on the
   * resource itself), which a rule with resourceNames never allows, as upstream.
   */
  static List<String> verbsOn(
      PolicyRule r, List<String> wanted, String group, String resource, String subresource) {
    List<String> out = new ArrayList<>();
    if (!PolicyRule.apiGroupMatches(r.apiGroups(), group)
        || !PolicyRule.resourceMatches(
            r.resources(),
            subresource.isEmpty() ? resource : resource + "/" + subresource,
            subresource)) {
      return out;
    }
    for (String verb : wanted) {
      boolean unnamed = subresource.isEmpty() && UNNAMED_VERBS.contains(verb);
      if (PolicyRule.verbMatches(r.verbs(), verb) && !(unnamed && !r.resourceNames().isEmpty())) {
        out.add(verb);
      }
    }
    return out;
  }

  /** True when a rule allows every verb on every resource of every group, or on every URL. */
  static boolean isFullWildcard(PolicyRule r) {
    if (!r.verbs().contains(PolicyRule.ALL)) {
      return false;
    }
    boolean allResources =
        r.apiGroups().contains(PolicyRule.ALL)
            && r.resources().contains(PolicyRule.ALL)
            && r.resourceNames().isEmpty();
    return allResources || r.nonResourceURLs().contains(PolicyRule.ALL);
  }

  /** A rule in a message: {@code verbs [get, list] on secrets (group "")}. */
  static String describe(PolicyRule r) {
    StringBuilder sb = new StringBuilder("verbs ").append(list(r.verbs()));
    if (!r.resources().isEmpty()) {
      sb.append(" on resources ").append(list(r.resources()));
      sb.append(" in API groups ")
          .append(
              r.apiGroups().stream()
                  .map(g -> "\"" + g + "\"")
                  .collect(Collectors.joining(", ", "[", "]")));
      if (!r.resourceNames().isEmpty()) {
        sb.append(" named ").append(list(r.resourceNames()));
      }
    }
    if (!r.nonResourceURLs().isEmpty()) {
      sb.append(r.resources().isEmpty() ? " on" : " and")
          .append(" URLs ")
          .append(list(r.nonResourceURLs()));
    }
    return sb.toString();
  }

  /** The rules of a role in a message, the first few in full. */
  static String describe(List<PolicyRule> rules) {
    int shown = Math.min(3, rules.size());
    String head =
        rules.subList(0, shown).stream().map(RbacFacts::describe).collect(Collectors.joining("; "));
    return rules.size() > shown ? head + "; and " + (rules.size() - shown) + " more rules" : head;
  }

  private static String list(List<String> values) {
    return "[" + String.join(", ", values) + "]";
  }

  /** {@code ClusterRoleBinding ci-admin} or {@code RoleBinding shop/api-reads}. */
  static String binding(Binding b) {
    return b.isClusterRoleBinding()
        ? "ClusterRoleBinding " + b.name()
        : "RoleBinding " + b.namespace() + "/" + b.name();
  }

  /** The role a binding grants: {@code ClusterRole edit} or {@code Role shop/reader}. */
  static String role(Binding b) {
    return b.roleRef().isClusterRole()
        ? "ClusterRole " + b.roleRef().name()
        : "Role " + b.namespace() + "/" + b.roleRef().name();
  }

  /** Where a binding's grant applies. */
  static String scope(Binding b) {
    return b.isClusterRoleBinding() ? "in every namespace" : "in namespace " + b.namespace();
  }

  /**
   * The subjects of a binding, with a ServiceAccount's namespace resolved as the authorizer does.
   */
  static String subjects(Binding b) {
    if (b.subjects().isEmpty()) {
      return "no subjects";
    }
    return b.subjects().stream().map(s -> subject(b, s)).collect(Collectors.joining(", "));
  }

  static String subject(Binding b, Subject s) {
    if (s.kind() == Subject.Kind.SERVICE_ACCOUNT) {
      return "ServiceAccount " + b.serviceAccountNamespace(s) + "/" + s.name();
    }
    return s.toString();
  }

  /** The rules a resolved binding grants. */
  static List<PolicyRule> rules(RbacIndex index, Binding b) {
    if (b.roleRef().isClusterRole()) {
      return index.effectiveRules(b.roleRef().name());
    }
    return index.role(b.namespace(), b.roleRef().name()).map(Role::rules).orElse(List.of());
  }

  /** The node of the subject of a binding, by its position. */
  static MapNode subjectNode(Binding b, int index) {
    return Nodes.maps(b.object().root(), "subjects").get(index);
  }

  /** The node of the roleRef, or the binding's root when it has none. */
  static MapNode roleRefNode(Binding b) {
    return b.object().root().map("roleRef").orElse(b.object().root());
  }
}
