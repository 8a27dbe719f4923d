package dev.parapet.rbac;

import dev.parapet.check.Check;
import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckInfo;
import dev.parapet.check.Severity;
import dev.parapet.check.Sink;
import dev.parapet.check.Stride;
import dev.parapet.check.WorkloadCheck;
import dev.parapet.model.Workload;
import dev.parapet.source.ScalarNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Whoever compromises a container holds the permissions of its service account: the token is a file
 * away. Triggers on each workload whose pod gets its service account's token (automounted, or
 * projected) while that account, through any binding naming it or a group it is in, holds a grant
 * that one of the RBAC rule checks (RBAC-005 to RBAC-009 and those after them), RBAC-006's
 * escalate, bind or impersonate, or every verb on every resource would report, or can become
 * cluster-admin (RBAC-021's chains). Reported at serviceAccountName, or at the pod spec when the
 * pod runs as {@code default}.
 */
@CheckInfo(
    id = "RBAC-017",
    title = "Workload runs as a service account with risky permissions",
    severity = Severity.HIGH,
    stride = Stride.ELEVATION_OF_PRIVILEGE,
    category = "rbac",
    cis = {"CIS 1.10: 5.1.5", "CIS 1.10: 5.1.6"},
    mitre = {"T1528", "T1078.004"},
    description =
        "A pod's service account token is mounted in every container unless turned off, so an"
            + " attacker who gets code execution in any container (a vulnerable dependency, an"
            + " exposed debug endpoint) acts with the account's permissions. This check joins each"
            + " workload to its service account (serviceAccountName, else default) and that account"
            + " to every grant it receives, through bindings that name it and through its groups"
            + " (system:serviceaccounts, system:serviceaccounts:NAMESPACE, system:authenticated)."
            + " Triggered when the token is mounted (automountServiceAccountToken not false on the"
            + " pod, nor on the ServiceAccount when the pod leaves it unset, or a projected"
            + " serviceAccountToken volume) and a grant is one that RBAC-005 to RBAC-009 or a later"
            + " rule check reports, escalate, bind or impersonate (RBAC-006), every verb on every"
            + " resource, or the account can become cluster-admin by the chains of RBAC-021. Unlike"
            + " those checks, grants from system: bindings count too: what matters is what the"
            + " token can do. The message names each grant with its binding, role and rule.",
    remediation =
        "Give the workload its own service account with only what it uses, or set"
            + " automountServiceAccountToken: false when it does not call the API; move"
            + " controllers that need such permissions into namespaces of their own, where nobody"
            + " else can create pods or exec.")
public final class WorkloadServiceAccountPrivileged implements WorkloadCheck {
  @Override
  public void check(Workload workload, CheckContext context, Sink sink) {
    if (workload.podSpec().isEmpty() || !Escalations.tokenMounted(workload, context.inventory())) {
      return;
    }
    String ns = workload.object().effectiveNamespace();
    Subject sa = Subject.serviceAccount(ns, workload.serviceAccountName());
    RbacIndex index = RbacIndex.of(context.inventory());
    Set<String> risks = new LinkedHashSet<>();
    for (Grant g : index.allGrants(Escalations.identityOf(sa))) {
      for (String part : risky(g)) {
        risks.add(
            part
                + " ("
                + RbacFacts.binding(g.binding())
                + ", rule at "
                + g.rule().location().display()
                + ")");
      }
    }
    Optional<Escalations.Path> path = Escalations.of(context.inventory()).pathToClusterAdmin(sa);
    if (path.isPresent() && !path.get().direct()) {
      risks.add("can become cluster-admin: " + ClusterAdminReachable.chain(path.get()));
    }
    if (risks.isEmpty()) {
      return;
    }
    List<String> shown = new ArrayList<>(risks);
    String message =
        "pod runs as "
            + sa
            + " with its token mounted, and the account "
            + String.join("; ", shown.subList(0, Math.min(4, shown.size())))
            + (shown.size() > 4 ? "; and " + (shown.size() - 4) + " more" : "");
    Optional<ScalarNode> field = workload.serviceAccountField();
    if (field.isPresent()) {
      sink.report(workload.object(), field.get(), message);
    } else {
      sink.missing(
          workload.object(), workload.podSpec().get(), "serviceAccountName", message, null);
    }
  }

  /** What a grant opens, as the checks that own it would say. */
  private static List<String> risky(Grant g) {
    PolicyRule r = g.rule();
    if (r.verbs().contains(PolicyRule.ALL)
        && r.apiGroups().contains(PolicyRule.ALL)
        && r.resources().contains(PolicyRule.ALL)
        && r.resourceNames().isEmpty()) {
      return List.of(
          "holds every verb on every resource "
              + (g.clusterWide() ? "in every namespace" : "in namespace " + g.scope()));
    }
    List<String> out = new ArrayList<>();
    for (Check c : RbacChecks.ALL) {
      if (c instanceof GrantedRuleCheck check) {
        for (String part : check.opens(g.binding(), r)) {
          out.add("holds " + part + " [" + c.meta().id() + "]");
        }
      }
    }
    for (String part : PrivilegeEscalationVerb.granted(r, !g.clusterWide())) {
      out.add("holds " + part + " [RBAC-006]");
    }
    return out;
  }
}
