package dev.parapet.rbac;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckInfo;
import dev.parapet.check.InventoryCheck;
import dev.parapet.check.Severity;
import dev.parapet.check.Sink;
import dev.parapet.check.Stride;
import dev.parapet.model.K8sObject;
import dev.parapet.source.MapNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A subject that does not hold cluster-admin power but can get it in a few steps is as good as
 * cluster-admin to whoever steals its credentials, and such chains are invisible when each grant is
 * read alone. Triggers on each user, group or service account with a chain of RBAC techniques to
 * cluster-admin power ({@link Escalations}) that is not a single grant of every verb on every
 * resource, unless the subject is a {@code system:} user or group or the chain's first step is
 * granted only by {@code system:} bindings. Reported at the subject in the binding that grants the
 * first step; members reaching it only through a group are reported once, at the group.
 */
@CheckInfo(
    id = "RBAC-021",
    title = "Subject can escalate to cluster-admin",
    severity = Severity.CRITICAL,
    stride = Stride.ELEVATION_OF_PRIVILEGE,
    category = "rbac",
    cis = {"CIS 1.10: 5.1.1", "CIS 1.10: 5.1.8"},
    mitre = {"T1078", "T1098", "T1610"},
    description =
        "RBAC has no deny, and several permissions are worth more than they look: creating pods in"
            + " a namespace runs code as any service account there, exec reaches the tokens of"
            + " running pods, reading Secrets returns service account tokens, creating"
            + " serviceaccounts/token mints them, impersonation and bind hand over other identities"
            + " and roles, nodes/proxy reaches every pod. parapet follows these steps from every"
            + " user, group and service account of the input (see `parapet rbac escalations`) and"
            + " reports each one that reaches cluster-admin power (every verb on every resource"
            + " cluster-wide, or system:masters) by at least one such step, with the shortest"
            + " chain and the binding, role and rule behind each step. Holding cluster-admin"
            + " outright is RBAC-001 and RBAC-002. Subjects named system:* and chains that start"
            + " with a grant of the bootstrap policy's own system:* bindings are the cluster's"
            + " machinery and are not reported. The finding points at the subject in the binding"
            + " that grants the first step; a group's members are reported once, at the group.",
    remediation =
        "Break the chain at its cheapest step: remove the first step's grant from the subject, or"
            + " take the power away from the identity it reaches (bind cluster-admin to no service"
            + " account, keep powerful service accounts out of namespaces where others create pods"
            + " or exec, and do not mount their tokens where they are not used).")
public final class ClusterAdminReachable implements InventoryCheck {
  @Override
  public void check(CheckContext context, Sink sink) {
    for (Escalations.Path path : Escalations.of(context.inventory()).toClusterAdmin()) {
      if (path.direct() || path.infrastructure() || !path.namedDirectly()) {
        continue;
      }
      Grant first = path.steps().get(0).grants().get(0);
      K8sObject binding = first.binding().object();
      MapNode at = subjectNode(first);
      sink.report(
          binding,
          at,
          path.subject()
              + " can become cluster-admin in "
              + path.steps().size()
              + (path.steps().size() == 1 ? " step: " : " steps: ")
              + chain(path));
    }
  }

  private static MapNode subjectNode(Grant g) {
    K8sObject o = g.binding().object();
    for (MapNode s : Nodes.maps(o.root(), "subjects")) {
      if (o.locationOf(s).equals(g.subject().location())) {
        return s;
      }
    }
    return o.root();
  }

  /**
   * {@code create pods in namespace kube-system (POD_CREATE, RoleBinding kube-system/x) -> ...}.
   */
  static String chain(Escalations.Path path) {
    List<String> parts = new ArrayList<>();
    for (Escalations.Step s : path.steps()) {
      parts.add(
          s.detail()
              + " ("
              + s.technique()
              + " via "
              + RbacFacts.binding(s.grants().get(0).binding())
              + ")"
              + (s.to().equals(Escalations.CLUSTER_ADMIN) ? "" : " -> " + s.to()));
    }
    return String.join(" -> ", parts);
  }
}
