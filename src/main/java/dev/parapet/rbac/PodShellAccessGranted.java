package dev.parapet.rbac;

import dev.parapet.check.CheckInfo;
import dev.parapet.check.Severity;
import dev.parapet.check.Stride;
import java.util.ArrayList;
import java.util.List;

/**
 * exec, attach, port-forward and ephemeral containers reach into running pods: a shell in a
 * container reads its service account token, its Secrets and its memory. Triggers on each rule
 * allowing, in the core group, create or get on pods/exec or pods/attach (the API server takes a
 * websocket upgrade on GET), create or get on pods/portforward (likewise), or update or patch on
 * pods/ephemeralcontainers (how {@code kubectl debug} adds a container), written out or through
 * {@code *} or {@code * /sub}, that a binding whose name does not start with {@code system:}
 * grants. Rules that allow every verb on every resource are left to RBAC-001 and RBAC-002.
 */
@CheckInfo(
    id = "RBAC-008",
    title = "Exec, attach, port-forward or debug containers in pods granted",
    severity = Severity.HIGH,
    stride = Stride.ELEVATION_OF_PRIVILEGE,
    category = "rbac",
    mitre = {"T1609"},
    description =
        "pods/exec and pods/attach give a shell or the console of a running container, with its"
            + " service account token, mounted Secrets and environment; pods/portforward opens"
            + " connections to ports that are not exposed by any Service; pods/ephemeralcontainers"
            + " adds a container of the caller's choosing to a running pod, sharing its namespaces"
            + " and able to mount its volumes. Exec, attach and port-forward are upgraded connections"
            + " that the API server accepts on GET (websockets) as well as on POST, so get is as"
            + " good as create. Triggered by a rule in the core group allowing create or get on"
            + " pods/exec, pods/attach or pods/portforward, or update or patch on"
            + " pods/ephemeralcontainers (the resource written out, as * or as */exec and the"
            + " like), granted through a RoleBinding or ClusterRoleBinding whose name does not start"
            + " with system:. The finding points at the rule and lists every binding that grants"
            + " it; rules granting every verb on every resource are reported by RBAC-001 and"
            + " RBAC-002 instead.",
    remediation =
        "Keep these subresources out of everyday roles and grant them for a limited time to named"
            + " people for debugging; for reading output, pods/log is enough. Note that"
            + " pods/exec with get alone still allows exec.")
public final class PodShellAccessGranted extends GrantedRuleCheck {
  private record Target(String subresource, List<String> verbs) {}

  private static final List<Target> TARGETS =
      List.of(
          new Target("exec", List.of("create", "get")),
          new Target("attach", List.of("create", "get")),
          new Target("portforward", List.of("create", "get")),
          new Target("ephemeralcontainers", List.of("update", "patch")));

  /** {@code get, create on pods/exec} for each subresource the rule opens. */
  @Override
  List<String> opens(Binding binding, PolicyRule r) {
    List<String> out = new ArrayList<>();
    if (!PolicyRule.apiGroupMatches(r.apiGroups(), "")) {
      return out;
    }
    for (Target t : TARGETS) {
      List<String> verbs =
          t.verbs().stream()
              .filter(
                  v ->
                      PolicyRule.verbMatches(r.verbs(), v)
                          && PolicyRule.resourceMatches(
                              r.resources(), "pods/" + t.subresource(), t.subresource()))
              .toList();
      if (!verbs.isEmpty()) {
        out.add(String.join(", ", verbs) + " on pods/" + t.subresource());
      }
    }
    return out;
  }

  @Override
  String namedPrefix() {
    return "pods named";
  }

  @Override
  String consequence() {
    return "its holders can run commands in or open connections to running pods";
  }
}
