package dev.parapet.rbac;

import dev.parapet.check.CheckInfo;
import dev.parapet.check.Severity;
import dev.parapet.check.Stride;
import java.util.List;

/**
 * Whoever can create pods in a namespace can start one under any service account of that namespace
 * and read its mounted token, so the grant is worth the union of those accounts' permissions.
 * Triggers on each rule allowing create on pods or replicationcontrollers (core group), on
 * deployments, replicasets, statefulsets or daemonsets (apps), or on jobs or cronjobs (batch),
 * written out or through {@code *}, that a binding whose name does not start with {@code system:}
 * grants. Rules that allow every verb on every resource are left to RBAC-001 and RBAC-002.
 */
@CheckInfo(
    id = "RBAC-007",
    title = "Pods or pod controllers creatable",
    severity = Severity.HIGH,
    stride = Stride.ELEVATION_OF_PRIVILEGE,
    category = "rbac",
    cis = {"CIS 1.10: 5.1.4"},
    mitre = {"T1610"},
    description =
        "A pod may name any service account of its namespace and gets that account's token mounted,"
            + " and it may mount any Secret or ConfigMap of the namespace; a controller such as a"
            + " Deployment or CronJob creates such pods on its creator's behalf. So whoever may"
            + " create pods or pod controllers in a namespace holds the permissions of every service"
            + " account there, and can run whatever image and command it likes next to the"
            + " namespace's workloads. Triggered by a rule allowing create on pods or"
            + " replicationcontrollers (API group \"\"), deployments, replicasets, statefulsets or"
            + " daemonsets (apps), or jobs or cronjobs (batch), with the group and resource written"
            + " out or as *, granted through a RoleBinding or ClusterRoleBinding whose name does not"
            + " start with system:. The finding points at the rule and lists every binding that"
            + " grants it; rules granting every verb on every resource are reported by RBAC-001 and"
            + " RBAC-002 instead.",
    remediation =
        "Let people and CI deploy through a pipeline or GitOps controller instead of holding create"
            + " on workloads; where create is needed, grant it per namespace with a Role, keep"
            + " privileged service accounts out of namespaces where others can create pods, and"
            + " enforce Pod Security admission there.")
public final class PodCreationGranted extends GrantedRuleCheck {
  private record Target(String group, String resource) {}

  private static final List<Target> TARGETS =
      List.of(
          new Target("", "pods"),
          new Target("", "replicationcontrollers"),
          new Target("apps", "deployments"),
          new Target("apps", "replicasets"),
          new Target("apps", "statefulsets"),
          new Target("apps", "daemonsets"),
          new Target("batch", "jobs"),
          new Target("batch", "cronjobs"));

  @Override
  List<String> opens(Binding binding, PolicyRule r) {
    if (!PolicyRule.verbMatches(r.verbs(), "create")
        || !(PolicyRule.apiGroupMatches(r.apiGroups(), "")
            || PolicyRule.apiGroupMatches(r.apiGroups(), "apps")
            || PolicyRule.apiGroupMatches(r.apiGroups(), "batch"))) {
      // every target is a create in one of these groups: most rules stop here, before eight
      // requests are built and matched (this runs for each rule of each binding, millions of
      // times on a large cluster)
      return List.of();
    }
    List<String> resources =
        TARGETS.stream()
            .filter(
                t -> r.allows(new ResourceRequest("create", t.group(), t.resource(), "", "", "")))
            .map(Target::resource)
            .toList();
    return resources.isEmpty() ? List.of() : List.of("create on " + String.join(", ", resources));
  }

  @Override
  String consequence() {
    return "its holders can run pods as any service account of the namespaces where it applies"
        + " and use their tokens";
  }
}
