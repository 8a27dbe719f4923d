package dev.parapet.pss;

import dev.parapet.check.CheckInfo;
import dev.parapet.check.Fix;
import dev.parapet.check.Severity;
import dev.parapet.check.Stride;
import dev.parapet.model.ContainerView;
import dev.parapet.model.Workload;
import java.util.List;

/**
 * A privileged container has every capability and every device of the node: escaping it is trivial.
 * Triggers on {@code securityContext.privileged: true} in any container.
 */
@CheckInfo(
    id = "PSS-003",
    title = "Privileged container",
    severity = Severity.CRITICAL,
    stride = Stride.ELEVATION_OF_PRIVILEGE,
    category = "pss",
    pss = "baseline/Privileged Containers",
    cis = {"CIS 1.10: 5.2.2"},
    mitre = {"T1611", "T1610"},
    nsa = {"Pod security: non-root containers and rootless container engines"},
    description =
        "A privileged container runs with all Linux capabilities, no seccomp or AppArmor confinement"
            + " and access to every host device; mounting the node's disk or loading a kernel module"
            + " from it takes the node. Triggered by securityContext.privileged=true on any container,"
            + " init and ephemeral ones included.",
    remediation =
        "Set securityContext.privileged to false (or remove it) and grant only the specific"
            + " capabilities the process needs.")
public final class PrivilegedContainer extends Control {
  @Override
  public String controlId() {
    return "privileged";
  }

  @Override
  public Level level() {
    return Level.BASELINE;
  }

  @Override
  public int since() {
    return 0;
  }

  @Override
  public void evaluate(Workload pod, PssVersion v, List<Violation> out) {
    for (ContainerView c : pod.containers()) {
      Pods.trueAt(c.securityContext(), "privileged")
          .ifPresent(
              s ->
                  out.add(
                      Violation.at(
                          controlId(),
                          s,
                          "privileged: "
                              + c.describe()
                              + " must not set securityContext.privileged=true",
                          Fix.of("set privileged to false", Fix.Op.replace(s.pointer(), false)))));
    }
  }
}
