package dev.parapet.rbac;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckInfo;
import dev.parapet.check.InventoryCheck;
import dev.parapet.check.Severity;
import dev.parapet.check.Sink;
import dev.parapet.check.Stride;
import dev.parapet.model.K8sObject;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A role nobody is bound to grants nothing today, but it is a loaded permission set waiting for a
 * binding and it hides in every review. Triggers on each Role or ClusterRole with rules that no
 * binding of the input refers to, unless its name starts with {@code system:}, it is one of the
 * user-facing defaults (cluster-admin, admin, edit, view), it is aggregated into another
 * ClusterRole (a label of its matches an aggregationRule of the input, or it carries an {@code
 * aggregate-to-} label), or the input holds no binding at all.
 */
@CheckInfo(
    id = "RBAC-019",
    title = "Role is bound to nobody",
    severity = Severity.INFO,
    stride = Stride.ELEVATION_OF_PRIVILEGE,
    category = "rbac",
    mitre = {"T1098"},
    description =
        "Unused roles accumulate when workloads are removed or renamed; each is a permission set"
            + " that anyone allowed to create bindings (and bind) can hand out later, and each"
            + " makes the real grants harder to review. Triggered by a Role or ClusterRole with"
            + " rules that no RoleBinding or ClusterRoleBinding of the input refers to (a"
            + " ClusterRole may be used by RoleBindings of any namespace, and those count). Not"
            + " reported: names starting with system:, the user-facing defaults cluster-admin,"
            + " admin, edit and view, ClusterRoles aggregated into another (matched by an"
            + " aggregationRule in the input, or labelled rbac.authorization.k8s.io/aggregate-to-*"
            + " or another key containing aggregate-to-), and inputs without any binding, where"
            + " the bindings evidently live elsewhere.",
    remediation =
        "Delete the role, or bind it where it is meant to be used; when its binding is created by"
            + " another tool, scan both together.")
public final class RoleUnbound implements InventoryCheck {
  private static final Set<String> USER_FACING = Set.of("cluster-admin", "admin", "edit", "view");

  @Override
  public void check(CheckContext context, Sink sink) {
    RbacIndex index = RbacIndex.of(context.inventory());
    List<K8sObject> bindingObjects =
        context.inventory().ofKind("RoleBinding").stream()
            .filter(o -> o.group().equals("rbac.authorization.k8s.io"))
            .toList();
    List<K8sObject> crbs =
        context.inventory().ofKind("ClusterRoleBinding").stream()
            .filter(o -> o.group().equals("rbac.authorization.k8s.io"))
            .toList();
    if (bindingObjects.isEmpty() && crbs.isEmpty()) {
      return;
    }
    Set<String> usedClusterRoles = new HashSet<>();
    Set<String> usedRoles = new HashSet<>();
    for (K8sObject o : bindingObjects) {
      Binding b = Binding.of(o);
      if (b.roleRef().isClusterRole()) {
        usedClusterRoles.add(b.roleRef().name());
      } else {
        usedRoles.add(b.namespace() + "/" + b.roleRef().name());
      }
    }
    for (K8sObject o : crbs) {
      usedClusterRoles.add(Binding.of(o).roleRef().name());
    }
    Set<String> aggregated = Aggregation.aggregatedRoleNames(index.clusterRoles());
    for (K8sObject role : RbacFacts.roleObjects(context.inventory())) {
      String name = role.name();
      if (RbacFacts.isSystem(name) || USER_FACING.contains(name)) {
        continue;
      }
      boolean cluster = role.kind().equals("ClusterRole");
      boolean used =
          cluster
              ? usedClusterRoles.contains(name)
                  || aggregated.contains(name)
                  || role.labels().keySet().stream().anyMatch(k -> k.contains("aggregate-to-"))
              : usedRoles.contains(role.effectiveNamespace() + "/" + name);
      if (used || RbacFacts.writtenRules(role).isEmpty()) {
        continue;
      }
      sink.report(
          role,
          role.root().map("metadata").orElse(role.root()),
          role.kind()
              + " "
              + (cluster ? name : role.effectiveNamespace() + "/" + name)
              + " is bound to nobody in the input"
              + (cluster ? " (no RoleBinding or ClusterRoleBinding refers to it)" : ""));
    }
  }
}
