package dev.parapet.rbac;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckInfo;
import dev.parapet.check.InventoryCheck;
import dev.parapet.check.Severity;
import dev.parapet.check.Sink;
import dev.parapet.check.Stride;
import java.util.ArrayList;
import java.util.List;

/**
 * cluster-admin allows everything; each binding to it outside the bootstrap policy hands out full
 * control. Triggers on a RoleBinding or ClusterRoleBinding whose name does not start with {@code
 * system:} and whose roleRef is ClusterRole {@code cluster-admin}, present in the input or not
 * (every cluster has it).
 */
@CheckInfo(
    id = "RBAC-002",
    title = "Binding grants cluster-admin",
    severity = Severity.CRITICAL,
    stride = Stride.ELEVATION_OF_PRIVILEGE,
    category = "rbac",
    cis = {"CIS 1.10: 5.1.1"},
    mitre = {"T1078", "T1098"},
    description =
        "The cluster-admin ClusterRole allows every verb on every resource and URL. Bound by a"
            + " ClusterRoleBinding it makes its subjects administrators of the whole cluster; by a"
            + " RoleBinding, of the namespace (including its Secrets and RoleBindings). CI service"
            + " accounts and operators bound to it are a common shortcut, and a stolen token then"
            + " owns the cluster. Triggered by a binding whose name does not start with system: and"
            + " whose roleRef is ClusterRole cluster-admin, whether or not the input carries that"
            + " built-in role; the finding points at the roleRef and names the subjects.",
    remediation =
        "Bind a role that lists what the subjects need instead (for a namespace, the built-in"
            + " admin or edit roles often suffice); keep cluster-admin for break-glass accounts.")
public final class ClusterAdminBound implements InventoryCheck {
  @Override
  public void check(CheckContext context, Sink sink) {
    // every binding as written: cluster-admin exists in every cluster, even when the input
    // (manifests, unlike a dump) does not carry the ClusterRole itself
    List<Binding> bindings = new ArrayList<>();
    for (String kind : List.of("ClusterRoleBinding", "RoleBinding")) {
      context.inventory().ofKind(kind).stream()
          .filter(o -> o.group().equals("rbac.authorization.k8s.io"))
          .forEach(o -> bindings.add(Binding.of(o)));
    }
    for (Binding b : bindings) {
      if (RbacFacts.isSystem(b.name())
          || !b.roleRef().isClusterRole()
          || !b.roleRef().name().equals(RbacFacts.CLUSTER_ADMIN)) {
        continue;
      }
      sink.report(
          b.object(),
          RbacFacts.roleRefNode(b),
          RbacFacts.binding(b)
              + " grants ClusterRole cluster-admin (every verb on every resource) "
              + RbacFacts.scope(b)
              + " to "
              + RbacFacts.subjects(b));
    }
  }
}
