package dev.parapet.workload;

import dev.parapet.check.CheckContext;
import dev.parapet.check.CheckInfo;
import dev.parapet.check.Fix;
import dev.parapet.check.Severity;
import dev.parapet.check.Sink;
import dev.parapet.check.Stride;
import dev.parapet.check.WorkloadCheck;
import dev.parapet.model.ContainerView;
import dev.parapet.model.Workload;
import dev.parapet.source.MapNode;
import java.util.Optional;

/**
 * Asking for UID or GID 0 runs the container as root whatever its image says. Triggers on {@code
 * runAsUser: 0} or {@code runAsGroup: 0} in the pod's or a container's securityContext.
 */
@CheckInfo(
    id = "POD-010",
    title = "Container set to run as root user or group",
    severity = Severity.MEDIUM,
    stride = Stride.ELEVATION_OF_PRIVILEGE,
    category = "workload",
    cis = {"CIS 1.10: 5.2.7"},
    mitre = {"T1611", "T1068"},
    nsa = {"Pod security: non-root containers and rootless container engines"},
    overlaps = {"PSS-016"},
    description =
        "runAsUser: 0 makes the processes root; runAsGroup: 0 gives them the root group, which owns"
            + " many files of the image and of hostPath or shared volumes. Root in a container is"
            + " root on the node's kernel, one kernel or runtime bug away from the node, and it"
            + " owns every file of the container. Triggered by runAsUser or runAsGroup set to 0 in"
            + " spec.securityContext or in any container's securityContext (init and ephemeral"
            + " included). Pods with spec.hostUsers=false are still reported: their root is"
            + " unprivileged on the node but keeps full control of the container. Reported at the"
            + " field; runAsUser is the field the Pod Security runAsUser control reports too.",
    remediation =
        "Set runAsUser and runAsGroup to a non-zero id (for example 10001) and runAsNonRoot: true;"
            + " fix file ownership in the image rather than running as root.")
public final class RootUserOrGroupRequested implements WorkloadCheck {
  @Override
  public void check(Workload workload, CheckContext context, Sink sink) {
    check(workload, workload.podSecurityContext(), "pod", sink);
    for (ContainerView c : workload.containers()) {
      check(workload, c.securityContext(), c.describe(), sink);
    }
  }

  private static void check(Workload workload, Optional<MapNode> sc, String who, Sink sink) {
    for (String field : new String[] {"runAsUser", "runAsGroup"}) {
      sc.flatMap(s -> s.scalar(field))
          .filter(s -> s.asLong().filter(n -> n == 0L).isPresent())
          .ifPresent(
              s ->
                  sink.report(
                      workload.object(),
                      s,
                      who
                          + " sets "
                          + field
                          + " to 0: its processes run as root "
                          + (field.equals("runAsUser") ? "user" : "group"),
                      Fix.of(
                          "run with a non-root " + (field.equals("runAsUser") ? "UID" : "GID"),
                          Fix.Op.replace(s.pointer(), 10001L))));
    }
  }
}
