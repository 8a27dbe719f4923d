package dev.parapet.pss;

import dev.parapet.check.CheckInfo;
import dev.parapet.check.Fix;
import dev.parapet.check.Severity;
import dev.parapet.check.Stride;
import dev.parapet.model.ContainerView;
import dev.parapet.model.Workload;
import dev.parapet.source.MapNode;
import java.util.List;
import java.util.Optional;

/** Running as UID 0 on purpose. Triggers on runAsUser: 0 at pod or container level. */
@CheckInfo(
    id = "PSS-016",
    title = "runAsUser set to root",
    severity = Severity.MEDIUM,
    stride = Stride.ELEVATION_OF_PRIVILEGE,
    category = "pss",
    pss = "restricted/Running as Non-root user",
    cis = {"CIS 1.10: 5.2.7"},
    mitre = {"T1611", "T1068"},
    nsa = {"Pod security: non-root containers and rootless container engines"},
    description =
        "runAsUser: 0 runs the container's processes as root whatever the image says. Triggered,"
            + " from version v1.23 of the standard, by spec.securityContext.runAsUser=0 or"
            + " securityContext.runAsUser=0 on any container; from v1.35 pods with"
            + " spec.hostUsers=false are exempt, since their root maps to an unprivileged user on the"
            + " node.",
    remediation = "Set runAsUser to a non-zero UID (for example 10001), or remove it.")
public final class RunAsUserRoot extends Control {
  @Override
  public String controlId() {
    return "runAsUser";
  }

  @Override
  public Level level() {
    return Level.RESTRICTED;
  }

  @Override
  public int since() {
    return 23;
  }

  @Override
  public void evaluate(Workload pod, PssVersion v, List<Violation> out) {
    if (v.atLeast(35) && Pods.usesUserNamespace(pod)) {
      return;
    }
    check(pod.podSecurityContext(), "pod", out);
    for (ContainerView c : pod.containers()) {
      check(c.securityContext(), c.describe(), out);
    }
  }

  private void check(Optional<MapNode> sc, String who, List<Violation> out) {
    sc.flatMap(s -> s.scalar("runAsUser"))
        .filter(s -> s.asLong().filter(n -> n == 0L).isPresent())
        .ifPresent(
            s ->
                out.add(
                    Violation.at(
                        controlId(),
                        s,
                        "runAsUser=0: " + who + " must not set runAsUser=0",
                        Fix.of("run as a non-root UID", Fix.Op.replace(s.pointer(), 10001L)))));
  }
}
