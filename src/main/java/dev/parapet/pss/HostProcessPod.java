package dev.parapet.pss;

import dev.parapet.check.CheckInfo;
import dev.parapet.check.Fix;
import dev.parapet.check.Severity;
import dev.parapet.check.Stride;
import dev.parapet.model.ContainerView;
import dev.parapet.model.Workload;
import java.util.List;

/**
 * Windows HostProcess containers run as a process on the node with the node's privileges. Triggers
 * on {@code securityContext.windowsOptions.hostProcess: true} at pod level or in any container.
 */
@CheckInfo(
    id = "PSS-001",
    title = "Windows HostProcess container",
    severity = Severity.CRITICAL,
    stride = Stride.ELEVATION_OF_PRIVILEGE,
    category = "pss",
    pss = "baseline/HostProcess",
    cis = {"CIS 1.10: 5.2.11"},
    mitre = {"T1611"},
    nsa = {"Pod security: non-root containers and rootless container engines"},
    description =
        "A HostProcess container runs directly on the Windows node as a host process, with access"
            + " to the node's file system, network and processes: a compromise of the container is a"
            + " compromise of the node. Triggered by securityContext.windowsOptions.hostProcess=true"
            + " on the pod or on any container, init and ephemeral ones included.",
    remediation =
        "Remove windowsOptions.hostProcess, or run the workload as a regular Windows container; keep"
            + " node-management agents in a dedicated, privileged namespace.")
public final class HostProcessPod extends Control {
  @Override
  public String controlId() {
    return "windowsHostProcess";
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
    pod.podSecurityContext()
        .flatMap(sc -> sc.map("windowsOptions"))
        .flatMap(w -> w.scalar("hostProcess"))
        .filter(s -> s.isTrue())
        .ifPresent(
            s ->
                out.add(
                    Violation.at(
                        controlId(),
                        s,
                        "hostProcess: pod must not set securityContext.windowsOptions.hostProcess=true",
                        Fix.of("remove hostProcess", Fix.Op.remove(s.pointer())))));
    for (ContainerView c : pod.containers()) {
      c.securityContext()
          .flatMap(sc -> sc.map("windowsOptions"))
          .flatMap(w -> w.scalar("hostProcess"))
          .filter(s -> s.isTrue())
          .ifPresent(
              s ->
                  out.add(
                      Violation.at(
                          controlId(),
                          s,
                          "hostProcess: "
                              + c.describe()
                              + " must not set securityContext.windowsOptions.hostProcess=true",
                          Fix.of("remove hostProcess", Fix.Op.remove(s.pointer())))));
    }
  }
}
