package dev.parapet.pss;

import dev.parapet.check.CheckInfo;
import dev.parapet.check.Fix;
import dev.parapet.check.Severity;
import dev.parapet.check.Stride;
import dev.parapet.model.ContainerView;
import dev.parapet.model.Workload;
import java.util.List;

/**
 * An unmasked /proc exposes kernel interfaces that the runtime normally hides. Triggers on a
 * procMount other than Default; from v1.35 a pod with its own user namespace may unmask.
 */
@CheckInfo(
    id = "PSS-010",
    title = "Unmasked /proc mount",
    severity = Severity.HIGH,
    stride = Stride.ELEVATION_OF_PRIVILEGE,
    category = "pss",
    pss = "baseline//proc Mount Type",
    mitre = {"T1611"},
    nsa = {"Pod security: hardening container environments"},
    description =
        "Container runtimes mask and make read-only parts of /proc (kcore, sysrq-trigger, timer"
            + " lists) that leak kernel memory or let a process act on the host. procMount: Unmasked"
            + " turns that off. Triggered by securityContext.procMount other than Default on any"
            + " container; from version v1.35 of the standard the baseline level allows it for pods"
            + " with spec.hostUsers=false, whose root is unprivileged on the node.",
    remediation = "Remove procMount or set it to Default.")
public final class ProcMountUnmasked extends Control {
  @Override
  public String controlId() {
    return "procMount";
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
    if (v.atLeast(35) && Pods.usesUserNamespace(pod)) {
      return;
    }
    report(controlId(), pod, out);
  }

  static void report(String control, Workload pod, List<Violation> out) {
    for (ContainerView c : pod.containers()) {
      Pods.value(c.securityContext(), "procMount")
          .filter(s -> !s.value().equals("Default"))
          .ifPresent(
              s ->
                  out.add(
                      Violation.at(
                          control,
                          s,
                          "procMount: "
                              + c.describe()
                              + " must not set securityContext.procMount to \""
                              + s.value()
                              + "\"",
                          Fix.of("use the default /proc mount", Fix.Op.remove(s.pointer())))));
    }
  }
}
